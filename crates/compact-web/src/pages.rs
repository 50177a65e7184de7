//! The first pages: the list of Compacts and a Compact's home.

use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use compact_core::definition::{self, Definition};
use compact_store::StoredCompact;

/// A page that could not be shown.
pub enum PageError {
    NotFound,
    Internal(String),
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            PageError::NotFound => (StatusCode::NOT_FOUND, "Page not found".to_string()),
            PageError::Internal(detail) => {
                tracing::error!(%detail, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Sorry, there is a problem with the service".to_string(),
                )
            }
        };
        (status, render(&ErrorPage { message })).into_response()
    }
}

impl From<compact_store::StoreError> for PageError {
    fn from(e: compact_store::StoreError) -> Self {
        PageError::Internal(e.to_string())
    }
}

fn render<T: Template>(template: &T) -> Response {
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

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    message: String,
}

#[derive(Template)]
#[template(path = "compacts.html")]
struct CompactsPage {
    compacts: Vec<StoredCompact>,
}

#[derive(Template)]
#[template(path = "compact.html")]
struct CompactPage {
    compact: StoredCompact,
    definition: Option<Definition>,
}

/// With one Compact in the database its home is the home page; with several,
/// a list of them.
pub async fn home(State(state): State<AppState>) -> Result<Response, PageError> {
    let compacts = state.store.list_compacts().await?;
    if let [only] = compacts.as_slice() {
        return Ok(Redirect::to(&format!("/compacts/{}", only.slug)).into_response());
    }
    Ok(render(&CompactsPage { compacts }))
}

pub async fn compact_home(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let compact = state
        .store
        .find_compact(&slug)
        .await?
        .ok_or(PageError::NotFound)?;
    let definition = definition::parse(&format!("{slug}.toml"), &compact.definition).ok();
    Ok(render(&CompactPage {
        compact,
        definition,
    }))
}

/// 200 when the database answers, 503 when it does not.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
    }
}
