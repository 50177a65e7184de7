//! The pages the public reads most (a Compact's home, its register, its
//! findings, an organisation), and the same through the API, kept as sent,
//! per data version, date, language and address.
//!
//! A visitor who is not signed in gets the same bytes for the same address
//! until something is written to the Compact or the day changes, so the
//! page is built once and sent many times. Each request still reads the
//! Compact's data version (shared with the requests that arrive with it),
//! so a change made anywhere shows on the next request, as for the kept
//! findings. Signed-in visitors' pages, which carry their own details and
//! form tokens, are never kept.

use crate::i18n::{Lang, RequestLang};
use crate::session::SESSION_COOKIE;
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use compact_core::{CompactId, Date};
use std::collections::HashMap;
use std::sync::Mutex;

/// The largest page kept, and how many pages of one Compact.
const MAX_PAGE_BYTES: usize = 512 * 1024;
const MAX_PAGES_PER_COMPACT: usize = 1024;

/// The pages kept for one Compact at one version and date.
struct Kept {
    version: i64,
    on: Date,
    pages: HashMap<(String, Lang), (HeaderMap, Bytes)>,
}

#[derive(Default)]
pub struct PublicPages {
    by_compact: Mutex<HashMap<CompactId, Kept>>,
}

impl PublicPages {
    fn get(
        &self,
        compact: CompactId,
        version: i64,
        on: Date,
        key: &(String, Lang),
    ) -> Option<(HeaderMap, Bytes)> {
        let kept = self.by_compact.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(&compact)
            .filter(|k| k.version == version && k.on == on)
            .and_then(|k| k.pages.get(key).cloned())
    }

    fn keep(
        &self,
        compact: CompactId,
        version: i64,
        on: Date,
        key: (String, Lang),
        page: (HeaderMap, Bytes),
    ) {
        let mut kept = self.by_compact.lock().unwrap_or_else(|e| e.into_inner());
        let entry = kept.entry(compact).or_insert_with(|| Kept {
            version,
            on,
            pages: HashMap::new(),
        });
        if entry.version != version || entry.on != on {
            // Only the latest version is ever asked for again.
            if (entry.version, entry.on) > (version, on) {
                return;
            }
            *entry = Kept {
                version,
                on,
                pages: HashMap::new(),
            };
        }
        if entry.pages.len() < MAX_PAGES_PER_COMPACT {
            entry.pages.insert(key, page);
        }
    }
}

/// The Compact a kept page belongs to: its home, register, findings,
/// consultations and funding, and the page of an organisation, a
/// consultation or an agreement (the API's answers under `/api/v1` alike).
fn compact_slug(path: &str) -> Option<&str> {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    let rest = path.strip_prefix("/compacts/")?;
    let (slug, page) = rest.split_once('/').unwrap_or((rest, ""));
    let numbered = |prefix: &str| {
        page.strip_prefix(prefix)
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    };
    let kept = matches!(
        page,
        "" | "register" | "findings" | "consultations" | "funding"
    ) || numbered("organisations/")
        || numbered("consultations/")
        || numbered("funding/");
    (kept && !slug.is_empty()).then_some(slug)
}

/// Whether the request says who is asking: a session cookie for the pages,
/// a token for the API.
fn signed_in(request: &Request) -> bool {
    request.headers().contains_key(header::AUTHORIZATION)
        || request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|pair| pair.trim_start().starts_with(&format!("{SESSION_COOKIE}=")))
}

pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let slug = match compact_slug(request.uri().path()) {
        Some(slug) if request.method() == Method::GET && !signed_in(&request) => slug.to_string(),
        _ => return next.run(request).await,
    };
    let Ok(compact) = state.app.compact(&slug).await else {
        return next.run(request).await;
    };
    let Ok(version) = state.app.data_version(compact.id()).await else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    let lang = match RequestLang::from_request_parts(&mut parts, &state).await {
        Ok(lang) => lang.lang,
        Err(never) => match never {},
    };
    let address = parts.uri.to_string();
    let key = (address, lang);
    let on = state.today();
    if let Some((headers, page)) = state.public_pages.get(compact.id(), version, on, &key) {
        let mut response = Response::new(Body::from(page));
        *response.headers_mut() = headers;
        return response;
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    let keepable = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| {
            let v = v.as_bytes();
            v.starts_with(b"text/html") || v.starts_with(b"application/json")
        });
    if !keepable {
        return response;
    }
    // Only a plain answer: no cookie set. Its headers are kept with it (the
    // API's `no-store` among them) and sent again with it.
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(page) => {
            state.public_pages.keep(
                compact.id(),
                version,
                on,
                key,
                (parts.headers.clone(), page.clone()),
            );
            Response::from_parts(parts, Body::from(page))
        }
        Err(e) => {
            tracing::error!(error = %e, "a page could not be read to be kept");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compact_slug;

    #[test]
    fn only_the_public_pages_of_a_compact_are_kept() {
        for (path, slug) in [
            ("/compacts/wiltshire", Some("wiltshire")),
            ("/compacts/wiltshire/register", Some("wiltshire")),
            ("/compacts/wiltshire/findings", Some("wiltshire")),
            ("/compacts/wiltshire/organisations/87", Some("wiltshire")),
            ("/compacts/wiltshire/organisations/87/sign-up", None),
            ("/compacts/wiltshire/consultations", Some("wiltshire")),
            ("/compacts/wiltshire/consultations/61", Some("wiltshire")),
            ("/compacts/wiltshire/consultations/61/respond", None),
            ("/compacts/wiltshire/consultations/new", None),
            ("/compacts/wiltshire/funding", Some("wiltshire")),
            ("/compacts/wiltshire/funding/3", Some("wiltshire")),
            ("/compacts/wiltshire/funding/import", None),
            ("/compacts/wiltshire/funding/360giving.json", None),
            ("/compacts/wiltshire/organisations/new", None),
            ("/compacts/wiltshire/audit", None),
            ("/compacts/wiltshire/register.csv", None),
            ("/sign-in", None),
            ("/compacts/", None),
            ("/api/v1/compacts/wiltshire/register", Some("wiltshire")),
            ("/api/v1/compacts/wiltshire/findings", Some("wiltshire")),
            ("/api/v1/compacts/wiltshire/audit", None),
            ("/api/v1/compacts/wiltshire/sign-up-requests", None),
        ] {
            assert_eq!(compact_slug(path), slug, "{path}");
        }
    }
}
