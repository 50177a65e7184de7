//! Signing in and out, and the account page.
//!
//! Signing in checks the password with argon2id off the async executor,
//! holds back clients that guess (see `compact_core::throttle`), and answers
//! a wrong email and a wrong password with the same words, so the form
//! cannot be used to find out who has an account.

use super::{forms, render, OrInternal, PageError};
use crate::components::{ErrorLink, Task, TaskList};
use crate::csrf::CsrfForm;
use crate::frame::{Frame, Section};
use crate::i18n::{Arg, Tr};
use crate::routes;
use crate::session::{self, ClientAddress, Visit, DEVICE_COOKIE, SESSION_COOKIE, SESSION_HOURS};
use crate::views::FindingsView;
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::accounts::{EmailProblem, Session, SignInInput, SignInRefusal};
use compact_core::access::Role;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    frame: Frame,
    error_summary: Option<crate::components::ErrorSummary>,
    email: crate::components::Input,
    password: crate::components::Input,
}

/// `?signed_out=1` and `?reset=1` say what just happened.
#[derive(Deserialize, Default)]
pub struct SignInQuery {
    signed_out: Option<String>,
    reset: Option<String>,
}

pub async fn sign_in_page(visit: Visit, Query(query): Query<SignInQuery>) -> Response {
    if visit.signed_in.is_some() {
        return Redirect::to(&routes::account()).into_response();
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
    ClientAddress(client_address): ClientAddress,
    jar: axum_extra::extract::CookieJar,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<SignInForm>,
) -> Result<Response, PageError> {
    let input = SignInInput {
        email: form.email.clone(),
        password: form.password,
        client_address,
        device: jar
            .get(DEVICE_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|v| !v.is_empty() && v.len() <= 128),
    };
    let refusal = match state.app.sign_in(&input).await {
        Ok(Ok(session)) => return Ok(signed_in(&visit, session)),
        Ok(Err(refusal)) => refusal,
        Err(e) => return Err(PageError::from_app(&visit, e)),
    };
    let t = Tr::new(visit.lang);
    let (email_error, password_error) = match refusal {
        SignInRefusal::Invalid {
            email,
            password_missing,
        } => (
            email.map(|p| {
                t.get(match p {
                    EmailProblem::Missing => "sign-in-error-email-missing",
                    EmailProblem::Format => "sign-in-error-email-format",
                })
            }),
            password_missing.then(|| t.get("sign-in-error-password-missing")),
        ),
        SignInRefusal::WrongDetails => (Some(t.get("sign-in-error-wrong")), None),
        SignInRefusal::LockedOut { until } => (
            Some(t.with(
                "sign-in-error-locked",
                &[("minutes", Arg::Number((wait(until) + 59) / 60))],
            )),
            None,
        ),
        SignInRefusal::SlowedDown { until } => (
            Some(t.with(
                "sign-in-error-slowed",
                &[("seconds", Arg::Number(wait(until)))],
            )),
            None,
        ),
    };
    let errors: Vec<ErrorLink> = [("#email", &email_error), ("#password", &password_error)]
        .into_iter()
        .filter_map(|(href, text)| {
            text.clone().map(|text| ErrorLink {
                text,
                href: href.into(),
            })
        })
        .collect();
    Ok(sign_in_form(
        &visit,
        &form.email,
        &errors,
        email_error,
        password_error,
        None,
    ))
}

/// Whole seconds from now to `until`, at least one.
fn wait(until: chrono::DateTime<chrono::Utc>) -> i64 {
    (until - chrono::Utc::now()).num_seconds().max(1)
}

/// The answer to a sign-in that opened `session`: its cookie and the
/// browser's sign-in cookie, and on to the account page.
fn signed_in(visit: &Visit, session: Session) -> Response {
    let mut response = Redirect::to(&routes::account()).into_response();
    let max_age = time::Duration::hours(SESSION_HOURS);
    session::append_cookie(
        &mut response,
        session::cookie(SESSION_COOKIE, session.token, visit.secure, Some(max_age)),
    );
    session::append_cookie(
        &mut response,
        session::cookie(
            DEVICE_COOKIE,
            session.device,
            visit.secure,
            Some(time::Duration::days(session::DEVICE_COOKIE_DAYS)),
        ),
    );
    response
}

/// The sign-out button sends nothing but its CSRF token.
#[derive(Deserialize)]
pub struct SignOutForm {}

pub async fn sign_out(
    State(state): State<AppState>,
    CsrfForm { visit, .. }: CsrfForm<SignOutForm>,
) -> Result<Response, PageError> {
    let Some(signed_in) = &visit.signed_in else {
        return Ok(Redirect::to(&routes::sign_in()).into_response());
    };
    state
        .app
        .store
        .delete_session(&signed_in.token_hash)
        .await
        .or_internal(&visit)?;
    let mut response = Redirect::to(&routes::signed_out()).into_response();
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
    tasks: Vec<(String, TaskList)>,
}

pub async fn account_page(
    State(state): State<AppState>,
    visit: Visit,
) -> Result<Response, PageError> {
    let Some(signed_in) = &visit.signed_in else {
        return Ok(Redirect::to(&routes::sign_in()).into_response());
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
) -> Result<TaskList, PageError> {
    let viewer = visit.viewer();
    let findings = state.app.findings(compact).await.or_internal(visit)?;
    let breaches = FindingsView::of(&findings, &viewer).visible_breaches();
    let mut items = vec![Task {
        title: t.get("task-findings"),
        href: routes::findings(&compact.slug),
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
            .audit_chain_status(&visit.acting(), &compact.slug)
            .await
            .map_err(|e| PageError::from_app(visit, e))?
            .is_intact();
        items.push(Task {
            title: t.get("task-audit"),
            href: routes::audit(&compact.slug),
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
            href: routes::sign_up_requests(&compact.slug),
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
            href: routes::organisation(&compact.slug, organisation),
            status,
            tag_class: tag_class.map(String::from),
        });
    }
    Ok(TaskList {
        id_prefix: format!("tasks-{}", compact.slug),
        items,
    })
}
