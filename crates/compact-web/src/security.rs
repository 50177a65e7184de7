//! The headers every answer carries so that a browser holds the service to
//! what it is: no script but its own, never inside another site's frame, no
//! cameras or microphones, HTTPS remembered, and signed-in pages never kept
//! in a cache.
//!
//! The Content-Security-Policy allows no inline script except the two small
//! ones in `base.html` (marking the page as able to run script, and starting
//! govuk-frontend's components), and those by the SHA-256 of their exact
//! text, read from the template itself, so the policy and the page cannot
//! drift apart.

use crate::session::SESSION_COOKIE;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// The page template whose inline scripts the policy allows.
const BASE_TEMPLATE: &str = include_str!("../templates/base.html");

/// The text of each inline `<script>` of the base template as the browser
/// sees it, with the template's one expression (the hashed script URL)
/// filled in.
pub fn inline_scripts() -> Vec<String> {
    let mut scripts = Vec::new();
    let mut rest = BASE_TEMPLATE;
    while let Some(start) = rest.find("<script") {
        let after_tag = &rest[start..];
        let Some(open_end) = after_tag.find('>') else {
            break;
        };
        let body = &after_tag[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        scripts.push(
            body[..close].replace("{{ frame.js }}", &crate::asset_url("govuk-frontend.min.js")),
        );
        rest = &body[close..];
    }
    scripts
}

static POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    let hashes: Vec<String> = inline_scripts()
        .iter()
        .map(|s| {
            let digest = Sha256::digest(s.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' {}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
        hashes.join(" ")
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
});

/// No powerful feature is used by any page.
const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
     accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()";
/// A year, with subdomains: sent only when the visitor came over HTTPS.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Whether the request came over HTTPS: Compact does not end TLS itself, so
/// this is the proxy's word (`X-Forwarded-Proto: https`), as for the
/// Secure flag of cookies.
fn over_https(request: &Request) -> bool {
    request
        .headers()
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

fn has_session(request: &Request) -> bool {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim_start().starts_with(&format!("{SESSION_COOKIE}=")))
}

pub async fn headers(request: Request, next: Next) -> Response {
    let https = over_https(&request);
    let signed_in = has_session(&request);
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    // A response that sets its own, stricter policy keeps it (an
    // uploaded document is sent sandboxed).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, POLICY.clone());
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    // A signed-in page may show what only that account may see: no cache,
    // shared or the browser's own, may keep it. Assets keep their own
    // (public, immutable) rule.
    if signed_in && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_inline_scripts_of_the_base_template_are_found_and_filled_in() {
        let scripts = inline_scripts();
        assert_eq!(scripts.len(), 2, "{scripts:?}");
        assert!(scripts[0].contains("js-enabled"));
        assert!(scripts[1].contains(&crate::asset_url("govuk-frontend.min.js")));
        assert!(!scripts[1].contains("{{"));
        assert!(!POLICY.to_str().unwrap().contains("unsafe-inline"));
    }
}
