//! The secretariat's queue of requests to sign up, and its decision on
//! each.

use super::{conflict_text, sent, Sent};
use crate::components::{ErrorLink, ErrorSummary};
use crate::csrf::CsrfForm;
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::pages::{render, LoadedCompact, OrInternal, PageError};
use crate::routes;
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::Decision;
use compact_core::calendar::london_date;
use compact_core::SignupRequestId;
use compact_store::{RequestStatus, SignupRequest};
use serde::Deserialize;

pub struct RequestRow {
    pub href: String,
    pub organisation: String,
    pub requested_by: String,
    pub requested_on: String,
    pub signed_on: String,
    pub status: String,
    pub status_class: &'static str,
}

#[derive(Template)]
#[template(path = "signup_requests.html")]
struct RequestsPage {
    frame: Frame,
    pending: Vec<RequestRow>,
    decided: Vec<RequestRow>,
}

fn status_tag(t: &Tr, status: RequestStatus) -> (String, &'static str) {
    match status {
        RequestStatus::Pending => (t.get("request-pending"), "govuk-tag--blue"),
        RequestStatus::Approved => (t.get("request-approved"), "govuk-tag--green"),
        RequestStatus::Refused => (t.get("request-refused"), "govuk-tag--red"),
    }
}

/// The Compact at `slug` if the visitor is its secretariat, else the
/// refusal's page.
pub async fn secretariat(
    state: &AppState,
    visit: &Visit,
    slug: &str,
) -> Result<LoadedCompact, PageError> {
    state
        .app
        .as_secretariat(&visit.acting(), slug)
        .await
        .map_err(|e| PageError::from_app(visit, e))
}

/// How many decided requests the queue page still lists.
const RECENT_DECISIONS: usize = 20;

fn frame(visit: &Visit, loaded: &LoadedCompact, title: String, parent: (String, String)) -> Frame {
    Frame::new(
        visit,
        title.clone(),
        Some(InCompact {
            slug: &loaded.stored.slug,
            name: &loaded.stored.name,
        }),
        Section::Register,
    )
    .with_breadcrumbs(vec![(parent.0, Some(parent.1)), (title, None)])
}

pub async fn requests(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let t = Tr::new(visit.lang);
    let all = state
        .app
        .store
        .signup_requests(loaded.stored.id, None)
        .await
        .or_internal(&visit)?;
    let row = |r: &SignupRequest| {
        let (status, status_class) = status_tag(&t, r.status);
        RequestRow {
            href: routes::sign_up_request(&slug, r.id),
            organisation: r.organisation_name.clone(),
            requested_by: r.requested_by_name.clone(),
            requested_on: t.date(&london_date(r.requested_at)),
            signed_on: t.date(&r.sign_up.signed_on),
            status,
            status_class,
        }
    };
    let (pending, decided): (Vec<&SignupRequest>, Vec<&SignupRequest>) =
        all.iter().partition(|r| r.status == RequestStatus::Pending);
    let parent = (t.get("register-title"), routes::register(&slug));
    Ok(render(&RequestsPage {
        frame: frame(&visit, &loaded, t.get("requests-title"), parent),
        pending: pending.into_iter().map(row).collect(),
        decided: decided
            .into_iter()
            .take(RECENT_DECISIONS)
            .map(row)
            .collect(),
    }))
}

#[derive(Template)]
#[template(path = "signup_request.html")]
struct RequestPage {
    frame: Frame,
    error_summary: Option<ErrorSummary>,
    details: Vec<(String, String)>,
    organisation_href: String,
    status: String,
    status_class: &'static str,
    pending: bool,
    decision_error: Option<String>,
    note: String,
    action: String,
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

fn details(t: &Tr, request: &SignupRequest) -> Vec<(String, String)> {
    let s = &request.sign_up;
    let mut details = vec![
        (
            t.get("request-organisation"),
            request.organisation_name.clone(),
        ),
        (
            t.get("request-requested-by"),
            request.requested_by_name.clone(),
        ),
        (
            t.get("request-requested-on"),
            t.date(&london_date(request.requested_at)),
        ),
        (t.get("label-signed-on"), t.date(&s.signed_on)),
        (t.get("label-signed-by"), s.signed_by_with_role()),
        (t.get("request-edition"), request.edition.clone()),
        (t.get("label-champion-name"), s.champion.name.clone()),
        (t.get("label-champion-role"), s.champion.role.clone()),
        (t.get("label-champion-contact"), s.champion.contact.clone()),
        (
            t.get("label-champion-trained-on"),
            t.maybe_date(&s.champion.trained_on),
        ),
    ];
    if let Some(note) = request.decision_note.as_ref().filter(|n| !n.is_empty()) {
        details.push((t.get("request-note"), note.clone()));
    }
    details
}

/// The request's page, with `error` beside the decision when one was sent
/// back (answered with `status`).
async fn request_page(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: SignupRequestId,
    form: &DecisionForm,
    error: Option<(StatusCode, String)>,
) -> Result<Response, PageError> {
    let loaded = secretariat(state, visit, slug).await?;
    let t = Tr::new(visit.lang);
    let request = state
        .app
        .store
        .signup_request(loaded.stored.id, id)
        .await
        .or_internal(visit)?
        .ok_or_else(|| PageError::not_found(visit))?;
    let (status, status_class) = status_tag(&t, request.status);
    let title = t.with(
        "request-title",
        &[("organisation", Arg::Text(request.organisation_name.clone()))],
    );
    let parent = (t.get("requests-title"), routes::sign_up_requests(slug));
    let mut frame = frame(visit, &loaded, title, parent);
    let (code, error) = match error {
        Some((code, text)) => (code, Some(text)),
        None => (StatusCode::OK, None),
    };
    let links: Vec<ErrorLink> = error
        .iter()
        .map(|text| ErrorLink {
            text: text.clone(),
            href: "#decision".into(),
        })
        .collect();
    let page = RequestPage {
        error_summary: frame.error_summary(&links),
        details: details(&t, &request),
        organisation_href: routes::organisation(slug, request.organisation),
        status,
        status_class,
        pending: request.status == RequestStatus::Pending,
        decision_error: error,
        note: form.note.clone(),
        action: routes::sign_up_request(slug, id),
        frame,
    };
    Ok((code, render(&page)).into_response())
}

pub async fn request(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let form = DecisionForm::default();
    request_page(&state, &visit, &slug, SignupRequestId(id), &form, None).await
}

pub async fn decide(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    let id = SignupRequestId(id);
    let t = Tr::new(visit.lang);
    let decision = match form.decision.as_str() {
        "approve" => Decision::Approve,
        "refuse" => Decision::Refuse,
        _ => {
            let error = (
                StatusCode::UNPROCESSABLE_ENTITY,
                t.get("request-error-decision"),
            );
            return request_page(&state, &visit, &slug, id, &form, Some(error)).await;
        }
    };
    let result = state
        .app
        .decide_sign_up_request(&visit.acting(), &slug, id, decision, &form.note)
        .await;
    match sent(&visit, result)? {
        Sent::Done(_) => Ok(Redirect::to(&routes::sign_up_requests(&slug)).into_response()),
        Sent::Again(faults) => {
            let text = faults
                .conflict
                .map(|c| conflict_text(&t, &c))
                .unwrap_or_else(|| t.get("request-error-decision"));
            request_page(
                &state,
                &visit,
                &slug,
                id,
                &form,
                Some((faults.status(), text)),
            )
            .await
        }
    }
}
