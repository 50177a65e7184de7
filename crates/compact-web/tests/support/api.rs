//! Calling the JSON API from the tests: an API token for one of the test
//! accounts, a request that answers its status and JSON body, and sending
//! one refusal through a page and through the API to compare their
//! statuses.

#![allow(dead_code)] // each test file uses its own part of this

use super::web::{csrf_token, Browser, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::Value;

/// A new API token of the account `who@example.org`.
pub async fn token(app: &TestApp, who: &str) -> String {
    app.api_token(who).await
}

/// Send `body` (if any) as JSON to `path` with `token` (if any); the
/// status and the JSON answered (`Null` when the answer is not JSON).
pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let body = body.map(|b| ("application/json".to_string(), b.to_string().into_bytes()));
    app.call_api(method, path, token, body).await
}

/// Today in London moved by `offset` days, as the API takes dates.
pub fn day(offset: i64) -> String {
    (compact_core::calendar::today_in_london() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// Whether an error answer names at least one field at fault.
pub fn has_fields(error: &Value) -> bool {
    error["error"]["fields"]
        .as_array()
        .is_some_and(|f| !f.is_empty())
}

/// Whether an error answer names `field` at fault.
pub fn names_field(error: &Value, field: &str) -> bool {
    error["error"]["fields"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["field"] == field))
}

/// The status the API answers `who` (the public when `None`) sending
/// `body` to `path` with `method`, with a new token each time.
pub async fn api_status(
    app: &TestApp,
    method: Method,
    path: &str,
    who: Option<&str>,
    body: Value,
) -> StatusCode {
    let token = match who {
        Some(who) => Some(token(app, who).await),
        None => None,
    };
    call(app, method, path, token.as_deref(), Some(body))
        .await
        .0
}

/// The status a page answers `who` (the public when `None`) posting an
/// empty form to `path`, with a valid CSRF token so the use case decides.
pub async fn page_status(app: &TestApp, path: &str, who: Option<&str>) -> StatusCode {
    let mut browser = match who {
        Some(who) => app.sign_in(&format!("{who}@example.org")).await,
        None => Browser::default(),
    };
    let with_form = if who.is_some() {
        "/account"
    } else {
        "/sign-in"
    };
    let token = csrf_token(&app.get(&mut browser, with_form).await.body);
    app.post(&mut browser, path, &[("csrf_token", &token)])
        .await
        .status
}
