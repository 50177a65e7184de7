//! Entering a funding agreement and correcting one (the secretariat and
//! the funder's officers).

use super::{agreement_crumb, agreement_kind_name, funding_frame, renamed, select, typed};
use crate::csrf::CsrfForm;
use crate::i18n::Tr;
use crate::pages::register_forms::{sent, Faults, Fields, FormPage, Sent};
use crate::pages::{render, PageError};
use crate::routes::{self, FundingDone};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::funding::AgreementToEdit;
use compact_app::register::Loaded;
use compact_core::funding::AgreementInput;
use compact_core::model::{AgreementKind, FundingAgreement, PaidIn};
use compact_core::{AgreementId, OrganisationId};
use compact_store::FundingParty;
use serde::Deserialize;

/// The agreement's kind is `kind` to the core and `agreement_kind` here,
/// as the register's forms already use `kind` for an organisation's.
const NAMES: &[(&str, &str)] = &[("kind", "agreement_kind")];

#[derive(Deserialize, Default)]
pub struct AgreementForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    funder: String,
    #[serde(default)]
    recipient: String,
    #[serde(default)]
    agreement_kind: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    paid_in: String,
    #[serde(default)]
    monitoring: String,
    #[serde(default)]
    exit_strategy_agreed_on: String,
    #[serde(default)]
    exit_strategy_summary: String,
    #[serde(default)]
    full_cost_recovery: String,
}

impl AgreementForm {
    fn input(&self) -> AgreementInput {
        AgreementInput {
            title: self.title.clone(),
            funder: self.funder.clone(),
            recipient: self.recipient.clone(),
            kind: self.agreement_kind.clone(),
            purpose: self.purpose.clone(),
            amount: self.amount.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            paid_in: self.paid_in.clone(),
            monitoring: self.monitoring.clone(),
            exit_strategy_agreed_on: self.exit_strategy_agreed_on.clone(),
            exit_strategy_summary: self.exit_strategy_summary.clone(),
            full_cost_recovery: self.full_cost_recovery.clone(),
        }
    }

    /// The form filled with what is recorded, to correct. The recipient is
    /// shown by name, as people type it (`#` and its number if it has
    /// left the register).
    fn of(a: &FundingAgreement, recipient: Option<&FundingParty>) -> AgreementForm {
        // Typed as the form takes it: pounds and pence without the sign.
        let pounds = |p: compact_core::Pence| format!("{}.{:02}", p.0 / 100, p.0 % 100);
        AgreementForm {
            title: a.title.clone(),
            funder: a.funder.0.to_string(),
            recipient: recipient
                .map(|r| r.name.clone())
                .unwrap_or_else(|| format!("#{}", a.recipient.0)),
            agreement_kind: match a.kind {
                AgreementKind::Grant => "grant",
                AgreementKind::Contract => "contract",
            }
            .into(),
            purpose: a.purpose.clone(),
            amount: pounds(a.amount),
            starts_on: typed(Some(a.starts_on)),
            ends_on: typed(Some(a.ends_on)),
            paid_in: match a.paid_in {
                Some(PaidIn::Advance) => "advance",
                Some(PaidIn::Arrears) => "arrears",
                None => "",
            }
            .into(),
            monitoring: a.monitoring.clone(),
            exit_strategy_agreed_on: typed(a.exit_strategy_agreed_on),
            exit_strategy_summary: a.exit_strategy_summary.clone(),
            full_cost_recovery: match a.full_cost_recovery {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            }
            .into(),
        }
    }
}

/// The form for a new agreement (`existing` is `None`) or for correcting
/// one.
fn page(
    visit: &Visit,
    compact: &Loaded,
    funders: &[(OrganisationId, String)],
    existing: Option<&FundingAgreement>,
    form: &AgreementForm,
    faults: &Faults,
) -> Response {
    let t = Tr::new(visit.lang);
    let slug = &compact.stored.slug;
    let (title, action, trail) = match existing {
        Some(a) => (
            t.get("funding-form-edit-title"),
            routes::edit_agreement(slug, a.id),
            vec![agreement_crumb(slug, a)],
        ),
        None => (
            t.get("funding-form-new-title"),
            routes::new_agreement(slug),
            Vec::new(),
        ),
    };
    let mut frame = funding_frame(visit, &t, compact, title, trail);
    let fields = Fields { t: &t, faults };
    let kinds = [AgreementKind::Grant, AgreementKind::Contract]
        .into_iter()
        .zip(["grant", "contract"])
        .map(|(k, v)| (v.to_string(), agreement_kind_name(&t, k)))
        .collect();
    let paid_in = vec![
        ("advance".to_string(), t.get("funding-paid-in-advance")),
        ("arrears".to_string(), t.get("funding-paid-in-arrears")),
    ];
    let yes_no = vec![
        ("yes".to_string(), t.get("funding-yes")),
        ("no".to_string(), t.get("funding-no")),
    ];
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "title"),
        intro: vec![t.get("funding-form-intro")],
        warning: None,
        action,
        fields: vec![
            fields.text("title", &form.title, "off"),
            select(
                &fields,
                "funder",
                Some("funding-choose"),
                funders
                    .iter()
                    .map(|(id, name)| (id.0.to_string(), name.clone()))
                    .collect(),
                &form.funder,
            ),
            fields.hinted("recipient", &form.recipient, "hint-recipient"),
            select(
                &fields,
                "agreement_kind",
                Some("funding-choose"),
                kinds,
                &form.agreement_kind,
            ),
            fields.text("purpose", &form.purpose, "off"),
            fields.text("amount", &form.amount, "off"),
            fields.date("starts_on", &form.starts_on, "hint-date"),
            fields.date("ends_on", &form.ends_on, "hint-date"),
            select(
                &fields,
                "paid_in",
                Some("funding-not-recorded"),
                paid_in,
                &form.paid_in,
            ),
            fields.text("monitoring", &form.monitoring, "off"),
            fields.date(
                "exit_strategy_agreed_on",
                &form.exit_strategy_agreed_on,
                "hint-date-optional",
            ),
            fields.text("exit_strategy_summary", &form.exit_strategy_summary, "off"),
            select(
                &fields,
                "full_cost_recovery",
                Some("funding-not-recorded"),
                yes_no,
                &form.full_cost_recovery,
            ),
        ],
        confirm: None,
        button: t.get("funding-form-button"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

pub async fn new_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (compact, funders) = state
        .app
        .agreement_form(&visit.acting(), &slug)
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    Ok(page(
        &visit,
        &compact,
        &funders,
        None,
        &AgreementForm::default(),
        &Faults::default(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<AgreementForm>,
) -> Result<Response, PageError> {
    let result = state
        .app
        .create_agreement(&visit.acting(), &slug, &form.input())
        .await;
    match sent(&visit, result)? {
        Sent::Done(id) => Ok(
            Redirect::to(&routes::agreement_done(&slug, id, FundingDone::Added)).into_response(),
        ),
        Sent::Again(faults) => {
            let (compact, funders) = state
                .app
                .agreement_form(&visit.acting(), &slug)
                .await
                .map_err(|e| PageError::from_app(&visit, e))?;
            Ok(page(
                &visit,
                &compact,
                &funders,
                None,
                &form,
                &renamed(faults, NAMES),
            ))
        }
    }
}

/// The agreement to correct, with the funders to choose from.
async fn target(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: AgreementId,
) -> Result<AgreementToEdit, PageError> {
    state
        .app
        .agreement_to_edit(&visit.acting(), slug, id)
        .await
        .map_err(|e| PageError::from_app(visit, e))
}

pub async fn edit_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let edit = target(&state, &visit, &slug, AgreementId(id)).await?;
    Ok(page(
        &visit,
        &edit.compact,
        &edit.funders,
        Some(&edit.agreement),
        &AgreementForm::of(&edit.agreement, edit.recipient.as_ref()),
        &Faults::default(),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<AgreementForm>,
) -> Result<Response, PageError> {
    let id = AgreementId(id);
    let result = state
        .app
        .update_agreement(&visit.acting(), &slug, id, &form.input())
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => {
            Ok(
                Redirect::to(&routes::agreement_done(&slug, id, FundingDone::Updated))
                    .into_response(),
            )
        }
        Sent::Again(faults) => {
            let edit = target(&state, &visit, &slug, id).await?;
            Ok(page(
                &visit,
                &edit.compact,
                &edit.funders,
                Some(&edit.agreement),
                &form,
                &renamed(faults, NAMES),
            ))
        }
    }
}
