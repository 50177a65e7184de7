//! Recording that a signatory withdrew (the secretariat).

use super::{organisation_frame, sent, Faults, Fields, FormPage, Sent};
use crate::csrf::CsrfForm;
use crate::i18n::{Arg, Tr};
use crate::pages::{render, PageError};
use crate::routes::{self, Done};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::{InForce, SignUpRef};
use compact_core::register::WithdrawalInput;
use compact_core::OrganisationId;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct WithdrawForm {
    #[serde(default)]
    withdrawn_on: String,
    #[serde(default)]
    reason: String,
}

fn page(visit: &Visit, target: &InForce, form: &WithdrawForm, faults: &Faults) -> Response {
    let t = Tr::new(visit.lang);
    let organisation = &target.entry.organisation;
    let mut frame = organisation_frame(
        visit,
        &t,
        &target.compact,
        Some(&target.entry),
        t.get("withdraw-title"),
    );
    let fields = Fields { t: &t, faults };
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "withdrawn_on"),
        intro: vec![t.with(
            "withdraw-intro",
            &[
                ("organisation", Arg::Text(organisation.name.clone())),
                ("date", Arg::Text(t.date(&target.sign_up.signed_on))),
            ],
        )],
        warning: Some(t.get("withdraw-warning")),
        action: routes::withdraw(&target.compact.stored.slug, organisation.id),
        fields: vec![
            fields.date("withdrawn_on", &form.withdrawn_on, "hint-date"),
            fields.text("reason", &form.reason, "off"),
        ],
        confirm: None,
        button: t.get("withdraw-button"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

async fn target_or_page(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: OrganisationId,
) -> Result<InForce, Response> {
    let which = SignUpRef::InForceFor(id);
    match state
        .app
        .withdrawal_target(&visit.acting(), slug, which)
        .await
    {
        Ok(target) => Ok(target),
        Err(e) => Err(super::refused_page(visit, e)),
    }
}

pub async fn withdraw_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Response {
    match target_or_page(&state, &visit, &slug, OrganisationId(id)).await {
        Ok(target) => page(
            &visit,
            &target,
            &WithdrawForm::default(),
            &Faults::default(),
        ),
        Err(refused) => refused,
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<WithdrawForm>,
) -> Result<Response, PageError> {
    let id = OrganisationId(id);
    let input = WithdrawalInput {
        withdrawn_on: form.withdrawn_on.clone(),
        reason: form.reason.clone(),
    };
    let which = SignUpRef::InForceFor(id);
    let result = state
        .app
        .withdraw(&visit.acting(), &slug, which, &input)
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => Ok(
            Redirect::to(&routes::organisation_done(&slug, id, Done::Withdrawn)).into_response(),
        ),
        Sent::Again(faults) => Ok(match target_or_page(&state, &visit, &slug, id).await {
            Ok(target) => page(&visit, &target, &form, &faults),
            Err(refused) => refused,
        }),
    }
}
