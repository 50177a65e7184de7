//! The pages. Handlers are thin: read the request into core types, ask the
//! store and the core, render a template.

pub mod account;
pub mod audit;
pub mod compacts;
pub mod findings;
pub mod forms;
pub mod import;
pub mod organisation;
pub mod organisation_form;
pub mod register;
pub mod reset;
pub mod signups;

use crate::frame::{Frame, Section};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use compact_core::definition::Definition;
use compact_store::StoredCompact;
use std::sync::Arc;

/// A page that could not be shown, in the visitor's language.
pub struct PageError {
    kind: ErrorKind,
    visit: Box<Visit>,
}

enum ErrorKind {
    NotFound,
    Forbidden,
    /// What went wrong, for the log only: the visitor sees an apology.
    Internal(String),
}

impl PageError {
    pub fn not_found(visit: &Visit) -> PageError {
        PageError::new(ErrorKind::NotFound, visit)
    }

    pub fn forbidden(visit: &Visit) -> PageError {
        PageError::new(ErrorKind::Forbidden, visit)
    }

    pub fn internal(visit: &Visit, detail: String) -> PageError {
        PageError::new(ErrorKind::Internal(detail), visit)
    }

    fn new(kind: ErrorKind, visit: &Visit) -> PageError {
        PageError {
            kind,
            visit: Box::new(visit.clone()),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    frame: Frame,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self.kind {
            ErrorKind::NotFound => (
                StatusCode::NOT_FOUND,
                "error-not-found-title",
                "error-not-found",
            ),
            ErrorKind::Forbidden => (
                StatusCode::FORBIDDEN,
                "error-forbidden-title",
                "error-forbidden",
            ),
            ErrorKind::Internal(detail) => {
                tracing::error!(%detail, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-server-title",
                    "error-server",
                )
            }
        };
        let visit = self.visit;
        let frame = Frame::new(&visit, String::new(), None, Section::Other);
        let page = ErrorPage {
            message: frame.t.get(message),
            frame: Frame {
                title: frame.t.get(title),
                ..frame
            },
        };
        (status, render(&page)).into_response()
    }
}

/// The account a form's change is made by: a visitor who is not signed in
/// makes none.
pub fn signed_in_account(visit: &Visit) -> Result<compact_core::AccountId, PageError> {
    visit
        .signed_in
        .as_ref()
        .map(|s| s.account.id)
        .ok_or_else(|| PageError::forbidden(visit))
}

/// Turn any error of the store into a page error for this visit.
pub trait OrInternal<T> {
    fn or_internal(self, visit: &Visit) -> Result<T, PageError>;
}

impl<T, E: std::fmt::Display> OrInternal<T> for Result<T, E> {
    fn or_internal(self, visit: &Visit) -> Result<T, PageError> {
        self.map_err(|e| PageError::internal(visit, e.to_string()))
    }
}

pub fn render<T: Template>(template: &T) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, there is a problem with the service",
            )
                .into_response()
        }
    }
}

/// A stored Compact with its definition read back.
pub struct LoadedCompact {
    pub stored: StoredCompact,
    pub definition: Arc<Definition>,
}

/// The Compact at `slug`, or the page's 404.
pub async fn load_compact(
    state: &AppState,
    visit: &Visit,
    slug: &str,
) -> Result<LoadedCompact, PageError> {
    let stored = state
        .app
        .store
        .find_compact(slug)
        .await
        .or_internal(visit)?
        .ok_or_else(|| PageError::not_found(visit))?;
    // The definition was validated when the Compact was created; if it no
    // longer reads (a newer format, a hand edit), that is our failure.
    let definition = state
        .app
        .definitions
        .get(slug, &stored.definition)
        .or_internal(visit)?;
    Ok(LoadedCompact { stored, definition })
}

/// Any path no route serves.
pub async fn not_found(visit: Visit) -> PageError {
    PageError::not_found(&visit)
}

/// 200 when the database answers, 503 when it does not.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.app.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}
