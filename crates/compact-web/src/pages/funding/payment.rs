//! Adding an instalment to an agreement's payment schedule, and recording
//! the day a scheduled one was paid.

use super::{agreement_crumb, agreement_target, funding_frame};
use crate::csrf::CsrfForm;
use crate::i18n::{Arg, Tr};
use crate::pages::register_forms::{sent, Faults, Fields, FormPage, Sent};
use crate::pages::{render, PageError};
use crate::routes::{self, FundingDone};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::Loaded;
use compact_core::funding::{PaidInput, PaymentInput};
use compact_core::model::FundingAgreement;
use compact_core::{AgreementId, PaymentId};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct PaymentForm {
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    paid_on: String,
}

fn payment_page(
    visit: &Visit,
    compact: &Loaded,
    agreement: &FundingAgreement,
    form: &PaymentForm,
    faults: &Faults,
) -> Response {
    let t = Tr::new(visit.lang);
    let slug = &compact.stored.slug;
    let mut frame = funding_frame(
        visit,
        &t,
        compact,
        t.get("funding-payment-title"),
        vec![agreement_crumb(slug, agreement)],
    );
    let fields = Fields { t: &t, faults };
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "due_on"),
        intro: vec![t.with(
            "funding-payment-intro",
            &[
                ("from", Arg::Text(t.date(&agreement.starts_on))),
                ("to", Arg::Text(t.date(&agreement.ends_on))),
            ],
        )],
        warning: None,
        action: routes::new_payment(slug, agreement.id),
        fields: vec![
            fields.date("due_on", &form.due_on, "hint-date"),
            fields.text("amount", &form.amount, "off"),
            fields.date("paid_on", &form.paid_on, "hint-date-optional"),
        ],
        confirm: None,
        button: t.get("funding-payment-button"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

pub async fn payment_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let (compact, agreement) = agreement_target(&state, &visit, &slug, AgreementId(id)).await?;
    Ok(payment_page(
        &visit,
        &compact,
        &agreement,
        &PaymentForm::default(),
        &Faults::default(),
    ))
}

pub async fn record_payment(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<PaymentForm>,
) -> Result<Response, PageError> {
    let id = AgreementId(id);
    let input = PaymentInput {
        due_on: form.due_on.clone(),
        amount: form.amount.clone(),
        paid_on: form.paid_on.clone(),
    };
    let result = state
        .app
        .record_payment(&visit.acting(), &slug, id, &input)
        .await;
    match sent(&visit, result)? {
        Sent::Done(_) => Ok(
            Redirect::to(&routes::agreement_done(&slug, id, FundingDone::Payment)).into_response(),
        ),
        Sent::Again(faults) => {
            let (compact, agreement) = agreement_target(&state, &visit, &slug, id).await?;
            Ok(payment_page(&visit, &compact, &agreement, &form, &faults))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct PaidForm {
    #[serde(default)]
    paid_on: String,
}

fn paid_page(
    visit: &Visit,
    compact: &Loaded,
    agreement: &FundingAgreement,
    payment: PaymentId,
    form: &PaidForm,
    faults: &Faults,
) -> Result<Response, PageError> {
    let t = Tr::new(visit.lang);
    let slug = &compact.stored.slug;
    let instalment = agreement
        .payments
        .iter()
        .find(|p| p.id == payment)
        .ok_or_else(|| PageError::not_found(visit))?;
    let mut frame = funding_frame(
        visit,
        &t,
        compact,
        t.get("funding-paid-title"),
        vec![agreement_crumb(slug, agreement)],
    );
    let fields = Fields { t: &t, faults };
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "paid_on"),
        intro: vec![t.with(
            "funding-paid-intro",
            &[
                ("amount", Arg::Text(instalment.amount.to_string())),
                ("date", Arg::Text(t.date(&instalment.due_on))),
            ],
        )],
        warning: None,
        action: routes::payment_paid(slug, agreement.id, payment),
        fields: vec![fields.date("paid_on", &form.paid_on, "hint-date")],
        confirm: None,
        button: t.get("funding-paid-button"),
        frame,
    };
    Ok((faults.status(), render(&page)).into_response())
}

pub async fn paid_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id, payment)): Path<(String, i64, i64)>,
) -> Result<Response, PageError> {
    let (compact, agreement) = agreement_target(&state, &visit, &slug, AgreementId(id)).await?;
    paid_page(
        &visit,
        &compact,
        &agreement,
        PaymentId(payment),
        &PaidForm::default(),
        &Faults::default(),
    )
}

pub async fn record_paid(
    State(state): State<AppState>,
    Path((slug, id, payment)): Path<(String, i64, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<PaidForm>,
) -> Result<Response, PageError> {
    let (id, payment) = (AgreementId(id), PaymentId(payment));
    let input = PaidInput {
        paid_on: form.paid_on.clone(),
    };
    let result = state
        .app
        .record_paid(&visit.acting(), &slug, id, payment, &input)
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => {
            Ok(Redirect::to(&routes::agreement_done(&slug, id, FundingDone::Paid)).into_response())
        }
        Sent::Again(faults) => {
            let (compact, agreement) = agreement_target(&state, &visit, &slug, id).await?;
            paid_page(&visit, &compact, &agreement, payment, &form, &faults)
        }
    }
}
