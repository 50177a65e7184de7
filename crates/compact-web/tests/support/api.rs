//! Calling the JSON API from the tests: an API token for one of the test
//! accounts, a request that answers its status and JSON body, and sending
//! one refusal through a page and through the API to compare their
//! statuses.

#![allow(dead_code)] // each test file uses its own part of this

use super::web::{csrf_token, Browser, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use compact_store::{secrets, Actor};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// A new API token of the account `who@example.org`.
pub async fn token(app: &TestApp, who: &str) -> String {
    let (account, _) = app
        .store
        .account_by_email(&format!("{who}@example.org"))
        .await
        .unwrap()
        .unwrap();
    let token = secrets::new_token();
    let hash = secrets::token_hash(&token);
    app.store
        .create_api_token(account.id, "tests", &hash, &Actor::system("test"))
        .await
        .unwrap();
    token
}

/// Send `body` (if any) to `path` with `token` (if any); the status and
/// the JSON answered (`Null` when the answer is not JSON).
pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
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
