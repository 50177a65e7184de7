//! Recording a change decided to an agreement (a variation, a reduction or
//! an ending), and a step of the reduction procedure for a cut.

use super::view::step_name;
use super::{
    agreement_crumb, agreement_target, change_kind_name, change_to_record, funding_frame, renamed,
    select,
};
use crate::csrf::CsrfForm;
use crate::i18n::Tr;
use crate::pages::register_forms::{refused_page, sent, Confirm, Faults, Fields, FormPage, Sent};
use crate::pages::{render, PageError};
use crate::routes::{self, FundingDone};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::funding::ChangeView;
use compact_app::register::Loaded;
use compact_core::funding::{ChangeInput, StepInput, TaskState};
use compact_core::model::{ChangeKind, FundingAgreement, ReductionStep};
use compact_core::refusal::{Conflict, Refusal};
use compact_core::{AgreementId, FundingChangeId};
use serde::Deserialize;

/// The change's kind is `kind` to the core and `change_kind` here, as the
/// register's forms already use `kind` for an organisation's.
const NAMES: &[(&str, &str)] = &[("kind", "change_kind")];

#[derive(Deserialize, Default)]
pub struct ChangeForm {
    #[serde(default)]
    change_kind: String,
    #[serde(default)]
    decided_on: String,
    #[serde(default)]
    notice_given_on: String,
    #[serde(default)]
    effective_on: String,
    #[serde(default)]
    new_amount: String,
}

fn change_page(
    visit: &Visit,
    compact: &Loaded,
    agreement: &FundingAgreement,
    form: &ChangeForm,
    faults: &Faults,
) -> Response {
    let t = Tr::new(visit.lang);
    let slug = &compact.stored.slug;
    let mut frame = funding_frame(
        visit,
        &t,
        compact,
        t.get("funding-change-form-title"),
        vec![agreement_crumb(slug, agreement)],
    );
    let fields = Fields { t: &t, faults };
    let kinds = [
        (ChangeKind::Variation, "variation"),
        (ChangeKind::Reduction, "reduction"),
        (ChangeKind::Termination, "termination"),
    ]
    .into_iter()
    .map(|(k, v)| (v.to_string(), change_kind_name(&t, k)))
    .collect();
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "change_kind"),
        intro: vec![t.get("funding-change-form-intro")],
        warning: None,
        action: routes::new_change(slug, agreement.id),
        fields: vec![
            select(
                &fields,
                "change_kind",
                Some("funding-choose"),
                kinds,
                &form.change_kind,
            ),
            fields.date("decided_on", &form.decided_on, "hint-date"),
            fields.date(
                "notice_given_on",
                &form.notice_given_on,
                "hint-date-optional",
            ),
            fields.date("effective_on", &form.effective_on, "hint-date"),
            fields.text("new_amount", &form.new_amount, "off"),
        ],
        confirm: None,
        button: t.get("funding-change-form-button"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

pub async fn change_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let (compact, agreement) = agreement_target(&state, &visit, &slug, AgreementId(id)).await?;
    Ok(change_page(
        &visit,
        &compact,
        &agreement,
        &ChangeForm::default(),
        &Faults::default(),
    ))
}

pub async fn record_change(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<ChangeForm>,
) -> Result<Response, PageError> {
    let id = AgreementId(id);
    let input = ChangeInput {
        kind: form.change_kind.clone(),
        decided_on: form.decided_on.clone(),
        notice_given_on: form.notice_given_on.clone(),
        effective_on: form.effective_on.clone(),
        new_amount: form.new_amount.clone(),
    };
    let result = state
        .app
        .record_change(&visit.acting(), &slug, id, &input)
        .await;
    match sent(&visit, result)? {
        Sent::Done(change) => {
            Ok(
                Redirect::to(&routes::change_done(&slug, id, change, FundingDone::Change))
                    .into_response(),
            )
        }
        Sent::Again(faults) => {
            let (compact, agreement) = agreement_target(&state, &visit, &slug, id).await?;
            Ok(change_page(
                &visit,
                &compact,
                &agreement,
                &form,
                &renamed(faults, NAMES),
            ))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    done_on: String,
    #[serde(default)]
    done_by: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    closes_on: String,
    #[serde(default)]
    shortened: Option<String>,
}

/// The change to record a step of, refused unless the viewer may record
/// it; then what its page shows, for the steps still open.
async fn change_target(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: AgreementId,
    change: FundingChangeId,
) -> Result<ChangeView, Response> {
    let view = change_to_record(state, visit, slug, id, change).await?;
    // A change with no procedure to follow has no steps to record: the
    // records forbid the form, as the use case would forbid its answer.
    if view.tasks.is_empty() {
        return Err(refused_page(
            visit,
            Refusal::Conflict(Conflict::NoReductionProcedure).into(),
        ));
    }
    Ok(view)
}

fn step_page(visit: &Visit, view: &ChangeView, form: &StepForm, faults: &Faults) -> Response {
    let t = Tr::new(visit.lang);
    let compact = &view.agreement.compact;
    let slug = &compact.stored.slug;
    let agreement = &view.agreement.agreement;
    let mut frame = funding_frame(
        visit,
        &t,
        compact,
        t.get("funding-step-form-title"),
        vec![
            agreement_crumb(slug, agreement),
            (
                change_kind_name(&t, view.change.kind),
                Some(routes::change(slug, agreement.id, view.change.id)),
            ),
        ],
    );
    let fields = Fields { t: &t, faults };
    // The steps the procedure asks for; the impact assessment has a form
    // of its own, with its entries.
    let steps = view
        .tasks
        .tasks
        .iter()
        .filter(|task| task.state != TaskState::NotNeeded)
        .filter(|task| task.step != ReductionStep::ImpactAssessment)
        .map(|task| (task.step.as_str().to_string(), step_name(&t, task.step)))
        .collect();
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "step"),
        intro: vec![t.get("funding-step-form-intro")],
        warning: None,
        action: routes::new_step(slug, agreement.id, view.change.id),
        fields: vec![
            select(&fields, "step", Some("funding-choose"), steps, &form.step),
            fields.date("done_on", &form.done_on, "hint-date"),
            fields.text("done_by", &form.done_by, "off"),
            fields.date("closes_on", &form.closes_on, "funding-hint-closes-on"),
            fields.text("note", &form.note, "off"),
        ],
        confirm: Some(Confirm {
            name: "shortened",
            label: t.get("funding-step-shortened"),
            checked: form.shortened.is_some(),
            error: None,
        }),
        button: t.get("funding-step-form-button"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

pub async fn step_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id, change)): Path<(String, i64, i64)>,
) -> Response {
    let target = change_target(
        &state,
        &visit,
        &slug,
        AgreementId(id),
        FundingChangeId(change),
    )
    .await;
    match target {
        Ok(view) => step_page(&visit, &view, &StepForm::default(), &Faults::default()),
        Err(refused) => refused,
    }
}

pub async fn record_step(
    State(state): State<AppState>,
    Path((slug, id, change)): Path<(String, i64, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<StepForm>,
) -> Result<Response, PageError> {
    let (id, change) = (AgreementId(id), FundingChangeId(change));
    let input = StepInput {
        step: form.step.clone(),
        done_on: form.done_on.clone(),
        done_by: form.done_by.clone(),
        note: form.note.clone(),
        closes_on: form.closes_on.clone(),
        shortened: form.shortened.is_some(),
    };
    let result = state
        .app
        .record_step(&visit.acting(), &slug, id, change, &input)
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => {
            Ok(
                Redirect::to(&routes::change_done(&slug, id, change, FundingDone::Step))
                    .into_response(),
            )
        }
        Sent::Again(faults) => Ok(
            match change_target(&state, &visit, &slug, id, change).await {
                Ok(view) => step_page(&visit, &view, &form, &faults),
                Err(refused) => refused,
            },
        ),
    }
}
