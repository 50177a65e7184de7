//! Resetting a forgotten password by a link sent by e-mail.
//!
//! The link carries a random token, kept in the database only as its hash,
//! usable once and for one hour. Asking for a link says the same thing
//! whether or not the address has an account, so the form cannot be used to
//! find out who has one. The e-mail is queued in the same transaction as
//! the link, and the outbox sender delivers it.

use super::{forms, render, OrInternal, PageError};
use crate::components::ErrorLink;
use crate::csrf::CsrfForm;
use crate::frame::{Frame, Section};
use crate::i18n::{Arg, Tr};
use crate::routes;
use crate::session::{ClientAddress, Visit};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use compact_app::accounts::{EmailProblem, ResetRefusal, ResetRequest};
use compact_store::{password, secrets};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "forgot_password.html")]
struct ForgotPasswordPage {
    frame: Frame,
    error_summary: Option<crate::components::ErrorSummary>,
    email: crate::components::Input,
    sent: bool,
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn forgot_password_page(visit: Visit) -> Response {
    forgot_form(&visit, "", &[], false)
}

fn forgot_form(visit: &Visit, email: &str, errors: &[ErrorLink], sent: bool) -> Response {
    let t = Tr::new(visit.lang);
    let mut frame = Frame::new(visit, t.get("forgot-title"), None, Section::SignIn);
    let error_summary = frame.error_summary(errors);
    let error = errors.first().map(|e| e.text.clone());
    let page = ForgotPasswordPage {
        email: forms::field(
            &t,
            "email",
            "sign-in-email",
            "email",
            (!email.is_empty()).then(|| email.to_string()),
            error,
            "email",
        ),
        error_summary,
        sent,
        frame,
    };
    (forms::status(!errors.is_empty()), render(&page)).into_response()
}

pub async fn forgot_password(
    State(state): State<AppState>,
    ClientAddress(client_address): ClientAddress,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<ForgotForm>,
) -> Result<Response, PageError> {
    let t = Tr::new(visit.lang);
    let compose = |name: &str, link: &str| {
        let subject = t.get("reset-email-subject");
        let body = t.with(
            "reset-email-body",
            &[
                ("name", name.to_string().into()),
                ("link", link.to_string().into()),
            ],
        );
        (subject, body)
    };
    let request = ResetRequest {
        email: &form.email,
        client_address: &client_address,
        public_url: &state.settings.public_url,
        compose: &compose,
    };
    let problem = match state.app.request_password_reset(&request).await {
        Ok(Ok(())) => return Ok(forgot_form(&visit, "", &[], true)),
        Ok(Err(refusal)) => refusal,
        Err(e) => return Err(PageError::from_app(&visit, e)),
    };
    let text = match problem {
        ResetRefusal::Invalid(EmailProblem::Missing) => t.get("sign-in-error-email-missing"),
        ResetRefusal::Invalid(EmailProblem::Format) => t.get("sign-in-error-email-format"),
        ResetRefusal::TooMany { until } => {
            let minutes = (until - Utc::now()).num_minutes().max(1);
            return Err(PageError::too_many_requests(
                &visit,
                t.with(
                    "forgot-error-too-many",
                    &[("minutes", Arg::Number(minutes))],
                ),
            ));
        }
    };
    let errors = [ErrorLink {
        text,
        href: "#email".into(),
    }];
    Ok(forgot_form(&visit, &form.email, &errors, false))
}

#[derive(Template)]
#[template(path = "reset_password.html")]
struct ResetPasswordPage {
    frame: Frame,
    error_summary: Option<crate::components::ErrorSummary>,
    action: String,
    password: crate::components::Input,
    confirm: crate::components::Input,
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn reset_password_page(visit: Visit, Path(token): Path<String>) -> Response {
    reset_form(&visit, &token, &[])
}

fn reset_form(visit: &Visit, token: &str, errors: &[ErrorLink]) -> Response {
    let t = Tr::new(visit.lang);
    let mut frame = Frame::new(visit, t.get("reset-title"), None, Section::SignIn);
    let error_summary = frame.error_summary(errors);
    let error_for = |href: &str| {
        errors
            .iter()
            .find(|e| e.href == href)
            .map(|e| e.text.clone())
    };
    let page = ResetPasswordPage {
        action: routes::reset_password(token),
        password: forms::field(
            &t,
            "password",
            "reset-password",
            "password",
            None,
            error_for("#password"),
            "new-password",
        ),
        confirm: forms::field(
            &t,
            "confirm",
            "reset-confirm",
            "password",
            None,
            error_for("#confirm"),
            "new-password",
        ),
        error_summary,
        frame,
    };
    (forms::status(!errors.is_empty()), render(&page)).into_response()
}

pub async fn reset_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<ResetForm>,
) -> Result<Response, PageError> {
    let t = Tr::new(visit.lang);
    let mut errors = Vec::new();
    if let Err(weak) = password::check_strength(&form.password, &[]) {
        errors.push(ErrorLink {
            text: t.get(match weak {
                password::WeakPassword::TooShort => "reset-error-weak",
                password::WeakPassword::Common => "reset-error-common",
                password::WeakPassword::Guessable => "reset-error-guessable",
            }),
            href: "#password".into(),
        });
    } else if form.confirm != form.password {
        errors.push(ErrorLink {
            text: t.get("reset-error-mismatch"),
            href: "#confirm".into(),
        });
    }
    if !errors.is_empty() {
        return Ok(reset_form(&visit, &token, &errors));
    }
    let new_password = form.password;
    let hash = tokio::task::spawn_blocking(move || password::hash(&new_password))
        .await
        .or_internal(&visit)?
        .or_internal(&visit)?;
    let done = state
        .app
        .store
        .complete_password_reset(&secrets::token_hash(&token), &hash, Utc::now())
        .await
        .or_internal(&visit)?;
    if done.is_none() {
        let errors = [ErrorLink {
            text: t.get("reset-error-link"),
            href: "#password".into(),
        }];
        return Ok(reset_form(&visit, &token, &errors));
    }
    Ok(Redirect::to(&routes::password_reset_done()).into_response())
}
