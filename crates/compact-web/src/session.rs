//! Who is asking: the session cookie, the CSRF token every form carries, and
//! the language cookie.
//!
//! A session is a random token in an HttpOnly, SameSite=Lax cookie; the
//! database keeps only its SHA-256, so a copy of the database cannot be used
//! to sign in. Forms carry a CSRF token: the session's own when signed in,
//! and before that a random token also held in a cookie (double submit), so
//! the sign-in form is protected too.

use crate::i18n::{Lang, RequestLang, LANGUAGE_COOKIE};
use crate::AppState;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use compact_core::access::Viewer;
use compact_store::{secrets, Account};
use std::convert::Infallible;
use std::net::IpAddr;

pub const SESSION_COOKIE: &str = "compact_session";
pub const CSRF_COOKIE: &str = "compact_csrf";
/// Marks a browser that signed in before (see `compact_core::throttle`).
pub const DEVICE_COOKIE: &str = "compact_device";
/// How long a browser is remembered as one that signed in.
pub const DEVICE_COOKIE_DAYS: i64 = 365;
/// How long a session lasts without signing in again.
pub use compact_app::accounts::SESSION_HOURS;

/// The signed-in account behind a request, if any.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: Account,
    pub viewer: Viewer,
    pub csrf_token: String,
    pub token_hash: String,
}

/// Everything a page needs to know about the request before it renders:
/// its language, who is asking, the CSRF token for its forms and its path.
#[derive(Debug, Clone)]
pub struct Visit {
    pub lang: Lang,
    pub signed_in: Option<SignedIn>,
    pub csrf_token: String,
    pub path: String,
    /// The query string without any `lang=`, so the language switch keeps
    /// the rest (the page of a list, a filter).
    pub query: String,
    /// Whether the request reached us over TLS (directly or via a proxy),
    /// so cookies we set are marked Secure.
    pub secure: bool,
}

impl Visit {
    pub fn viewer(&self) -> Viewer {
        self.signed_in
            .as_ref()
            .map_or_else(Viewer::public, |s| s.viewer.clone())
    }

    /// Who acts when this visitor sends a form.
    pub fn acting(&self) -> compact_app::Acting {
        match &self.signed_in {
            Some(s) => compact_app::Acting::account(s.account.id, s.viewer.clone()),
            None => compact_app::Acting::public(),
        }
    }

    /// Whether a submitted form's token is the one this visitor was given.
    pub fn csrf_matches(&self, submitted: &str) -> bool {
        !self.csrf_token.is_empty() && constant_time_eq(submitted, &self.csrf_token)
    }
}

fn query_without_lang(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("lang="))
        .collect::<Vec<_>>()
        .join("&")
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The anonymous CSRF token a request arrived with or was just given (see
/// [`visitor_cookies`]).
#[derive(Debug, Clone)]
struct AnonymousCsrf(String);

/// Middleware: give every visitor a CSRF cookie, and remember a language
/// chosen with `?lang=` in a cookie.
pub async fn visitor_cookies(
    jar: CookieJar,
    lang: RequestLang,
    mut request: Request,
    next: Next,
) -> Response {
    let secure = is_secure(request.headers());
    let existing = jar.get(CSRF_COOKIE).map(|c| c.value().to_string());
    let fresh = existing.is_none().then(secrets::new_token);
    let token = existing.or_else(|| fresh.clone()).unwrap_or_default();
    request.extensions_mut().insert(AnonymousCsrf(token));
    let mut response = next.run(request).await;
    if let Some(token) = fresh {
        append_cookie(&mut response, cookie(CSRF_COOKIE, token, secure, None));
    }
    if lang.chosen_now {
        let year = time::Duration::days(365);
        let mut c = cookie(
            LANGUAGE_COOKIE,
            lang.lang.code().to_string(),
            secure,
            Some(year),
        );
        // Not a secret: a script may read it.
        c.set_http_only(false);
        append_cookie(&mut response, c);
    }
    response
}

/// A cookie with the attributes all of ours share.
pub fn cookie(
    name: &'static str,
    value: String,
    secure: bool,
    max_age: Option<time::Duration>,
) -> Cookie<'static> {
    let mut builder = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure);
    if let Some(age) = max_age {
        builder = builder.max_age(age);
    }
    builder.build()
}

pub fn append_cookie(response: &mut Response, cookie: Cookie<'static>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// A cookie that tells the browser to forget `name`.
pub fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut c = cookie(name, String::new(), secure, None);
    c.make_removal();
    c
}

/// The network address a request came from, as throttling counts clients:
/// the peer, or, when the peer is this machine (a reverse proxy in front of
/// the service), the last address the proxy added to `X-Forwarded-For`.
/// An IPv6 address counts by its /64, which one household or one attacker
/// usually holds whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = || {
            let last = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()?;
            last.to_str()
                .ok()?
                .rsplit(',')
                .next()?
                .trim()
                .parse::<IpAddr>()
                .ok()
        };
        let ip = match peer {
            Some(ip) if !ip.is_loopback() => Some(ip),
            _ => forwarded().or(peer),
        };
        Ok(ClientAddress(
            ip.map_or_else(|| "unknown".into(), counted_as),
        ))
    }
}

fn counted_as(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn is_secure(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

impl FromRequestParts<AppState> for Visit {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Read once per request: a form extractor and the handler may both
        // ask, and the session lookup is a database read.
        if let Some(visit) = parts.extensions.get::<Visit>() {
            return Ok(visit.clone());
        }
        let lang = RequestLang::from_request_parts(parts, state).await?.lang;
        let jar = CookieJar::from_request_parts(parts, state).await?;
        let secure = is_secure(&parts.headers);
        let signed_in = match jar.get(SESSION_COOKIE) {
            Some(c) => find_session(state, c.value()).await,
            None => None,
        };
        let csrf_token = match &signed_in {
            Some(s) => s.csrf_token.clone(),
            None => parts
                .extensions
                .get::<AnonymousCsrf>()
                .map(|t| t.0.clone())
                .unwrap_or_default(),
        };
        let visit = Visit {
            lang,
            signed_in,
            csrf_token,
            path: parts.uri.path().to_string(),
            query: query_without_lang(parts.uri.query().unwrap_or("")),
            secure,
        };
        parts.extensions.insert(visit.clone());
        Ok(visit)
    }
}

async fn find_session(state: &AppState, token: &str) -> Option<SignedIn> {
    let token_hash = secrets::token_hash(token);
    match state
        .app
        .store
        .session(&token_hash, chrono::Utc::now())
        .await
    {
        Ok(Some(session)) => Some(SignedIn {
            viewer: Viewer::account(session.grants),
            account: session.account,
            csrf_token: session.csrf_token,
            token_hash,
        }),
        Ok(None) => None,
        Err(e) => {
            // A database failure must not sign anyone in; the page shows
            // as to the public and the failure is logged.
            tracing::error!(error = %e, "cannot read the session");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_taken_out_of_the_query_and_the_rest_kept() {
        assert_eq!(query_without_lang("lang=cy"), "");
        assert_eq!(query_without_lang("page=2&lang=cy"), "page=2");
        assert_eq!(
            query_without_lang("who=a%40b.org&what=x"),
            "who=a%40b.org&what=x"
        );
        assert_eq!(query_without_lang(""), "");
    }

    #[test]
    fn clients_are_counted_by_address_and_ipv6_by_its_64() {
        let table = [
            ("192.0.2.7", "192.0.2.7"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
            ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
            ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        ];
        for (ip, counted) in table {
            assert_eq!(counted_as(ip.parse().unwrap()), counted, "{ip}");
        }
    }

    #[test]
    fn tokens_compare_only_when_equal() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }

    #[test]
    fn an_empty_token_never_matches() {
        let visit = Visit {
            lang: Lang::En,
            signed_in: None,
            csrf_token: String::new(),
            path: "/".into(),
            query: String::new(),
            secure: false,
        };
        assert!(!visit.csrf_matches(""));
    }
}
