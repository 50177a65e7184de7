//! Every error on a page route is a page, in the visitor's language.
//!
//! Handlers answer their own errors with [`PageError`]. Some answers come
//! from elsewhere: the body-size limit (413), the timeout (408), a path
//! part that is not a number (400), a method the page does not take (405),
//! a body of the wrong type (415). Those arrive as bare text or nothing; this
//! layer turns each into the service's error page, so a visitor never sees
//! a raw message meant for programs. The API, assets and data files keep
//! their own answers.

use super::PageError;
use crate::i18n::RequestLang;
use crate::session::Visit;
use axum::extract::{FromRequestParts, Request};
use axum::http::{header, HeaderName, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Paths whose answers are for programs, not people.
fn is_for_programs(path: &str) -> bool {
    path.starts_with("/api")
        || path.starts_with("/assets/")
        || path == "/healthz"
        || [".json", ".csv", ".svg"]
            .iter()
            .any(|ext| path.ends_with(ext))
}

pub async fn as_pages(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if is_for_programs(&path) {
        return next.run(request).await;
    }
    // What the language and the scheme are read from, kept for the rare
    // error (copying the URI and two headers is cheaper than reading them).
    let uri = request.uri().clone();
    let kept = [header::COOKIE, HeaderName::from_static("x-forwarded-proto")]
        .map(|name| (name.clone(), request.headers().get(&name).cloned()));
    let response = next.run(request).await;
    let status = response.status();
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_page || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let mut parts = Request::builder()
        .uri(uri)
        .body(())
        .map(|r| r.into_parts().0)
        .unwrap_or_else(|_| Request::new(()).into_parts().0);
    for (name, value) in kept {
        if let Some(value) = value {
            parts.headers.insert(name, value);
        }
    }
    let lang = match RequestLang::from_request_parts(&mut parts, &()).await {
        Ok(lang) => lang.lang,
        Err(never) => match never {},
    };
    let secure = parts
        .headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    // The page is shown as to the public: the failed request may never have
    // reached the session, and an error page needs no one's details.
    let visit = Visit {
        lang,
        signed_in: None,
        csrf_token: String::new(),
        path,
        query: String::new(),
        secure,
    };
    let page = match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => PageError::not_found(&visit),
        StatusCode::PAYLOAD_TOO_LARGE => PageError::too_large(&visit),
        StatusCode::FORBIDDEN => PageError::forbidden(&visit),
        s if s.is_client_error() && s != StatusCode::REQUEST_TIMEOUT => {
            PageError::bad_request(&visit)
        }
        _ => PageError::unavailable(&visit),
    };
    let mut page = page.into_response();
    // Keep the status the request earned (a 405 keeps its `Allow`).
    *page.status_mut() = status;
    if let Some(allow) = response.headers().get(header::ALLOW) {
        page.headers_mut().insert(header::ALLOW, allow.clone());
    }
    page
}
