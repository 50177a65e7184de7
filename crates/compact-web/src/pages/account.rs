//! Signing in and out, and the account page.
//!
//! Signing in checks the password with argon2id off the async executor,
//! refuses an account after too many failures in a row (login throttling),
//! and answers a wrong email and a wrong password with the same words, so
//! the form cannot be used to find out who has an account.

use super::{forms, render, OrInternal, PageError};
use crate::components::{ErrorLink, Task, TaskList};
use crate::frame::{render as render_component, Frame, Section};
use crate::i18n::Tr;
use crate::session::{self, Visit, SESSION_COOKIE, SESSION_HOURS};
use crate::views::FindingsView;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Duration, Utc};
use compact_core::access::Role;
use compact_store::{password, secrets};
use serde::Deserialize;

/// Failures in a row, within the window, after which sign-in is refused.
pub const MAX_FAILED_SIGN_INS: u32 = 5;
/// How far back failures count.
pub const THROTTLE_MINUTES: i64 = 15;

#[derive(Deserialize, Default)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    frame: Frame,
    error_summary: String,
    email: String,
    password: String,
}

/// `?signed_out=1` and `?reset=1` say what just happened.
#[derive(Deserialize, Default)]
pub struct SignInQuery {
    signed_out: Option<String>,
    reset: Option<String>,
}

pub async fn sign_in_page(visit: Visit, Query(query): Query<SignInQuery>) -> Response {
    if visit.signed_in.is_some() {
        return Redirect::to("/account").into_response();
    }
    let notice = if query.reset.is_some() {
        Some("password-reset-done")
    } else if query.signed_out.is_some() {
        Some("signed-out")
    } else {
        None
    };
    sign_in_form(&visit, "", &[], None, None, notice)
}

/// The form, with what was typed (never the password) and any errors.
fn sign_in_form(
    visit: &Visit,
    email: &str,
    errors: &[ErrorLink],
    email_error: Option<String>,
    password_error: Option<String>,
    notice: Option<&str>,
) -> Response {
    let t = Tr::new(visit.lang);
    let mut frame = Frame::new(visit, t.get("sign-in-title"), None, Section::SignIn);
    if let Some(key) = notice {
        frame = frame.with_notice(t.get(key), true);
    }
    let error_summary = frame.error_summary(errors);
    let page = SignInPage {
        email: forms::field(
            &t,
            "email",
            "sign-in-email",
            "email",
            (!email.is_empty()).then(|| email.to_string()),
            email_error,
            "email",
        ),
        password: forms::field(
            &t,
            "password",
            "sign-in-password",
            "password",
            None,
            password_error,
            "current-password",
        ),
        error_summary,
        frame,
    };
    (forms::status(!errors.is_empty()), render(&page)).into_response()
}

pub async fn sign_in(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageError> {
    let t = Tr::new(visit.lang);
    if !visit.csrf_matches(&form.csrf_token) {
        let message = t.get("error-form-expired");
        let errors = [ErrorLink {
            text: message,
            href: "#email".into(),
        }];
        return Ok(sign_in_form(&visit, &form.email, &errors, None, None, None));
    }
    let email = form.email.trim().to_lowercase();
    let mut errors = Vec::new();
    let email_error = if email.is_empty() {
        Some(t.get("sign-in-error-email-missing"))
    } else if !looks_like_email(&email) {
        Some(t.get("sign-in-error-email-format"))
    } else {
        None
    };
    if let Some(text) = &email_error {
        errors.push(ErrorLink {
            text: text.clone(),
            href: "#email".into(),
        });
    }
    let password_error = form
        .password
        .is_empty()
        .then(|| t.get("sign-in-error-password-missing"));
    if let Some(text) = &password_error {
        errors.push(ErrorLink {
            text: text.clone(),
            href: "#password".into(),
        });
    }
    if !errors.is_empty() {
        return Ok(sign_in_form(
            &visit,
            &form.email,
            &errors,
            email_error,
            password_error,
            None,
        ));
    }

    let now = Utc::now();
    let failures = state
        .app
        .store
        .failed_logins_since(&email, now - Duration::minutes(THROTTLE_MINUTES))
        .await
        .or_internal(&visit)?;
    if failures >= MAX_FAILED_SIGN_INS {
        tracing::warn!(email = %email, failures, "sign-in throttled");
        let text = t.get("sign-in-error-throttled");
        let errors = [ErrorLink {
            text: text.clone(),
            href: "#email".into(),
        }];
        return Ok(sign_in_form(
            &visit,
            &form.email,
            &errors,
            Some(text),
            None,
            None,
        ));
    }

    let found = state
        .app
        .store
        .account_by_email(&email)
        .await
        .or_internal(&visit)?;
    let typed = form.password;
    let (account, verified) = match found {
        Some((account, hash)) => {
            let ok = tokio::task::spawn_blocking(move || password::verify(&typed, &hash))
                .await
                .unwrap_or(false);
            (Some(account), ok)
        }
        None => {
            // Spend the same time as a real check, so timing does not tell
            // which addresses have accounts.
            let _ = tokio::task::spawn_blocking(move || password::verify_absent(&typed)).await;
            (None, false)
        }
    };
    state
        .app
        .store
        .record_login_attempt(&email, verified, now)
        .await
        .or_internal(&visit)?;
    let Some(account) = account.filter(|_| verified) else {
        let text = t.get("sign-in-error-wrong");
        let errors = [ErrorLink {
            text: text.clone(),
            href: "#email".into(),
        }];
        return Ok(sign_in_form(
            &visit,
            &form.email,
            &errors,
            Some(text),
            None,
            None,
        ));
    };

    let token = secrets::new_token();
    let csrf_token = secrets::new_token();
    let expires = now + Duration::hours(SESSION_HOURS);
    state
        .app
        .store
        .create_session(
            account.id,
            &secrets::token_hash(&token),
            &csrf_token,
            expires,
        )
        .await
        .or_internal(&visit)?;
    tracing::info!(account = %account.id, "signed in");
    let mut response = Redirect::to("/account").into_response();
    let max_age = time::Duration::hours(SESSION_HOURS);
    session::append_cookie(
        &mut response,
        session::cookie(SESSION_COOKIE, token, visit.secure, Some(max_age)),
    );
    Ok(response)
}

/// A light check: something@something.something, no spaces. Whether the
/// address exists is for the email to find out.
fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<SignOutForm>,
) -> Result<Response, PageError> {
    let Some(signed_in) = &visit.signed_in else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    if !visit.csrf_matches(&form.csrf_token) {
        return Err(PageError::forbidden(&visit));
    }
    state
        .app
        .store
        .delete_session(&signed_in.token_hash)
        .await
        .or_internal(&visit)?;
    let mut response = Redirect::to("/sign-in?signed_out=1").into_response();
    session::append_cookie(
        &mut response,
        session::removal(SESSION_COOKIE, visit.secure),
    );
    Ok(response)
}

pub struct RoleRow {
    pub compact: String,
    pub role: String,
    pub organisation: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    frame: Frame,
    name: String,
    email: String,
    roles: Vec<RoleRow>,
    /// Per Compact the account has a role in: a heading and a task list.
    tasks: Vec<(String, String)>,
}

pub async fn account_page(
    State(state): State<AppState>,
    visit: Visit,
) -> Result<Response, PageError> {
    let Some(signed_in) = &visit.signed_in else {
        return Ok(Redirect::to("/sign-in").into_response());
    };
    let t = Tr::new(visit.lang);
    let compacts = state.app.store.list_compacts().await.or_internal(&visit)?;
    let mut roles = Vec::new();
    let mut tasks = Vec::new();
    for compact in compacts
        .iter()
        .filter(|c| signed_in.viewer.roles_in(c.id).next().is_some())
    {
        let today = state.today();
        for grant in signed_in
            .viewer
            .grants()
            .iter()
            .filter(|g| g.compact == compact.id)
        {
            let organisation = match grant.organisation {
                Some(id) => Some(
                    state
                        .app
                        .store
                        .register_entry(compact.id, id, today)
                        .await
                        .or_internal(&visit)?
                        .map_or_else(|| id.to_string(), |e| e.organisation.name),
                ),
                None => None,
            };
            roles.push(RoleRow {
                compact: compact.name.clone(),
                role: t.get(match grant.role {
                    Role::Secretariat => "role-secretariat",
                    Role::Officer => "role-officer",
                    Role::Member => "role-member",
                    Role::Group => "role-group",
                }),
                organisation: organisation.unwrap_or_default(),
            });
        }
        let list = compact_tasks(&state, &visit, &t, compact).await?;
        let heading = t.with(
            "account-tasks",
            &[("compact", compact.name.as_str().into())],
        );
        tasks.push((heading, list));
    }
    let frame = Frame::new(&visit, t.get("account-title"), None, Section::Account);
    Ok(render(&AccountPage {
        name: signed_in.account.name.clone(),
        email: signed_in.account.email.clone(),
        roles,
        tasks,
        frame,
    }))
}

/// What needs this account's attention in one Compact, as a task list:
/// the findings it may see and, for the secretariat, the audit log.
async fn compact_tasks(
    state: &AppState,
    visit: &Visit,
    t: &Tr,
    compact: &compact_store::StoredCompact,
) -> Result<String, PageError> {
    let viewer = visit.viewer();
    let findings = state.app.findings(compact).await.or_internal(visit)?;
    let breaches = FindingsView::of(&findings, &viewer).visible_breaches();
    let mut items = vec![Task {
        title: t.get("task-findings"),
        href: format!("/compacts/{}/findings", compact.slug),
        status: if breaches == 0 {
            t.get("task-nothing")
        } else {
            t.with("task-breaches", &[("count", breaches.into())])
        },
        tag_class: (breaches > 0).then(|| "govuk-tag--red".to_string()),
    }];
    if viewer.may(compact.id, compact_core::access::Action::ReadAuditLog) {
        let intact = state
            .app
            .store
            .verify_audit()
            .await
            .or_internal(visit)?
            .is_intact();
        items.push(Task {
            title: t.get("task-audit"),
            href: format!("/compacts/{}/audit", compact.slug),
            status: t.get(if intact {
                "task-audit-intact"
            } else {
                "task-audit-broken"
            }),
            tag_class: (!intact).then(|| "govuk-tag--red".to_string()),
        });
    }
    if viewer.may(compact.id, compact_core::access::Action::Administer) {
        let waiting = state
            .app
            .store
            .signup_requests(compact.id, Some(compact_store::RequestStatus::Pending))
            .await
            .or_internal(visit)?
            .len();
        items.push(Task {
            title: t.get("task-requests"),
            href: format!("/compacts/{}/sign-up-requests", compact.slug),
            status: if waiting == 0 {
                t.get("task-nothing")
            } else {
                t.with("task-requests-waiting", &[("count", waiting.into())])
            },
            tag_class: (waiting > 0).then(|| "govuk-tag--blue".to_string()),
        });
    }
    // Each organisation this account acts for: its standing and champion.
    let today = state.today();
    for organisation in viewer.organisations_in(compact.id) {
        let Some(entry) = state
            .app
            .store
            .register_entry(compact.id, organisation, today)
            .await
            .or_internal(visit)?
        else {
            continue;
        };
        let entry = entry.entry();
        let current = entry.current();
        let (status, tag_class) = match current {
            None => (
                t.get("task-organisation-not-signed"),
                Some("govuk-tag--yellow"),
            ),
            Some(s) if s.champion.is_none() => (
                t.get("task-organisation-no-champion"),
                Some("govuk-tag--red"),
            ),
            Some(_) => (t.get("task-organisation-signed"), None),
        };
        items.push(Task {
            title: t.with(
                "task-organisation",
                &[("organisation", entry.organisation.name.clone().into())],
            ),
            href: format!("/compacts/{}/organisations/{organisation}", compact.slug),
            status,
            tag_class: tag_class.map(String::from),
        });
    }
    Ok(render_component(&TaskList {
        id_prefix: format!("tasks-{}", compact.slug),
        items,
    })
    .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::looks_like_email;

    #[test]
    fn email_addresses_are_checked_lightly() {
        for good in ["a@b.org", "name.surname@council.gov.uk"] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in ["", "a", "a@b", "@b.org", "a@.org", "a@b.", "a b@c.org"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
