//! The pages. Handlers are thin: read the request into core types, ask the
//! store and the core, render a template.

pub mod account;
pub mod audit;
pub mod compacts;
pub mod consultations;
pub mod errors;
pub mod findings;
pub mod forms;
pub mod funding;
pub mod grants_import;
pub mod import;
pub mod organisation;
pub mod records_import;
pub mod register;
pub mod register_forms;
pub mod reset;
pub mod upload;

use crate::frame::{Frame, Section};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// A page that could not be shown, in the visitor's language.
pub struct PageError {
    kind: ErrorKind,
    visit: Box<Visit>,
}

enum ErrorKind {
    NotFound,
    SignInRequired,
    Forbidden,
    /// A form without the visitor's CSRF token: sent from elsewhere, or
    /// kept open past the end of its session.
    FormExpired,
    /// A request none of our pages makes.
    BadRequest,
    /// An upload over the size a page takes.
    TooLarge,
    /// The records as they stand forbid it; the reason, in the visitor's
    /// language.
    Conflict(String),
    /// Asked too often; when to try again, in the visitor's language.
    TooManyRequests(String),
    /// What went wrong, with its causes, for the log only: the visitor
    /// sees an apology.
    Internal(String),
    /// Already logged where it happened (a timeout, a failure outside any
    /// handler): the visitor sees the apology.
    Unavailable,
}

impl PageError {
    pub fn not_found(visit: &Visit) -> PageError {
        PageError::new(ErrorKind::NotFound, visit)
    }

    pub fn forbidden(visit: &Visit) -> PageError {
        PageError::new(ErrorKind::Forbidden, visit)
    }

    pub fn form_expired(visit: &Visit) -> PageError {
        PageError::new(ErrorKind::FormExpired, visit)
    }

    pub fn conflict(visit: &Visit, reason: String) -> PageError {
        PageError::new(ErrorKind::Conflict(reason), visit)
    }

    pub fn too_many_requests(visit: &Visit, when: String) -> PageError {
        PageError::new(ErrorKind::TooManyRequests(when), visit)
    }

    pub fn unavailable(visit: &Visit) -> PageError {
        PageError::new(ErrorKind::Unavailable, visit)
    }

    pub fn bad_request(visit: &Visit) -> PageError {
        PageError::new(ErrorKind::BadRequest, visit)
    }

    pub fn too_large(visit: &Visit) -> PageError {
        PageError::new(ErrorKind::TooLarge, visit)
    }

    /// A failure of ours; `detail` is logged (once, with the request's id,
    /// which the request's span carries), never shown.
    pub fn internal(visit: &Visit, detail: String) -> PageError {
        PageError::new(ErrorKind::Internal(detail), visit)
    }

    /// The page for a use case's answer that is not a form to show again:
    /// a refusal as its status, a failure as the apology (its causes go to
    /// the log).
    pub fn from_app(visit: &Visit, error: compact_app::Error) -> PageError {
        use compact_core::refusal::RefusalKind;
        let kind = match error.refusal().map(|r| r.kind()) {
            Some(RefusalKind::NotFound) => ErrorKind::NotFound,
            Some(RefusalKind::SignInRequired) => ErrorKind::SignInRequired,
            Some(RefusalKind::NotAllowed) => ErrorKind::Forbidden,
            // Forms show these beside their fields; reaching here means a
            // handler did not, which is ours to fix.
            Some(RefusalKind::Invalid | RefusalKind::Conflict) | None => {
                ErrorKind::Internal(error.chain())
            }
        };
        PageError::new(kind, visit)
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
    /// Whether to offer the sign-in page: what the visitor needs to do.
    sign_in: bool,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self.kind {
            ErrorKind::NotFound => (
                StatusCode::NOT_FOUND,
                "error-not-found-title",
                "error-not-found",
            ),
            ErrorKind::SignInRequired => (
                StatusCode::UNAUTHORIZED,
                "error-sign-in-title",
                "error-sign-in",
            ),
            ErrorKind::Forbidden => (
                StatusCode::FORBIDDEN,
                "error-forbidden-title",
                "error-forbidden",
            ),
            ErrorKind::FormExpired => (
                StatusCode::FORBIDDEN,
                "error-form-expired-title",
                "error-form-expired-page",
            ),
            ErrorKind::BadRequest => (
                StatusCode::BAD_REQUEST,
                "error-bad-request-title",
                "error-bad-request",
            ),
            ErrorKind::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "error-too-large-title",
                "error-too-large",
            ),
            ErrorKind::Conflict(_) => (
                StatusCode::CONFLICT,
                "error-conflict-title",
                "error-conflict",
            ),
            ErrorKind::TooManyRequests(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                "error-too-many-title",
                "error-too-many-title",
            ),
            ErrorKind::Unavailable => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "error-server-title",
                "error-server",
            ),
            ErrorKind::Internal(detail) => {
                tracing::error!(error = %detail, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-server-title",
                    "error-server",
                )
            }
        };
        let visit = self.visit;
        let frame = Frame::new(&visit, String::new(), None, Section::Other);
        let sign_in = matches!(self.kind, ErrorKind::SignInRequired);
        let message = match self.kind {
            ErrorKind::Conflict(reason) | ErrorKind::TooManyRequests(reason) => reason,
            // A consultation's documents take larger files than the imports.
            ErrorKind::TooLarge if visit.path.ends_with("/documents") => {
                frame.t.get("error-too-large-document")
            }
            _ => frame.t.get(message),
        };
        let page = ErrorPage {
            message,
            sign_in,
            frame: Frame {
                title: frame.t.get(title),
                ..frame
            },
        };
        (status, render(&page)).into_response()
    }
}

/// Turn any error of the store into a page error for this visit, keeping
/// every cause for the log.
pub trait OrInternal<T> {
    fn or_internal(self, visit: &Visit) -> Result<T, PageError>;
}

impl<T, E: std::error::Error> OrInternal<T> for Result<T, E> {
    fn or_internal(self, visit: &Visit) -> Result<T, PageError> {
        self.map_err(|e| PageError::internal(visit, crate::error_chain(&e)))
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
pub use compact_app::register::Loaded as LoadedCompact;

/// The Compact at `slug`, or the page's 404.
pub async fn load_compact(
    state: &AppState,
    visit: &Visit,
    slug: &str,
) -> Result<LoadedCompact, PageError> {
    state
        .app
        .compact(slug)
        .await
        .map_err(|e| PageError::from_app(visit, e))
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
