//! Who is calling the API: a personal API token in `Authorization: Bearer
//! TOKEN`, or nobody (the public).
//!
//! The API never reads the session cookie. A browser that is signed in to
//! the pages is still the public here, so a page on another site cannot make
//! a visitor's browser read confidential findings through the API (no CSRF
//! surface), and every script says who it is explicitly.

use super::errors::ApiError;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::Utc;
use compact_core::access::Viewer;
use compact_store::{secrets, Account};

/// The caller of one API request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The token's account; `None` for the public.
    pub account: Option<Account>,
    pub viewer: Viewer,
}

impl Caller {
    /// Who acts when this caller changes something.
    pub fn acting(&self) -> compact_app::Acting {
        match &self.account {
            Some(account) => compact_app::Acting::account(account.id, self.viewer.clone()),
            None => compact_app::Acting::public(),
        }
    }

    /// The account, or 401 for the public.
    pub fn require_account(&self) -> Result<&Account, ApiError> {
        self.account.as_ref().ok_or_else(|| {
            ApiError::Unauthorised(
                "This needs an API token: send it as \"Authorization: Bearer TOKEN\".".into(),
            )
        })
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(AUTHORIZATION) else {
            return Ok(Caller {
                account: None,
                viewer: Viewer::public(),
            });
        };
        // A header that is present but unusable is refused rather than
        // treated as the public: the caller meant to sign in, and silently
        // showing less would hide their mistake.
        let token = value.to_str().ok().and_then(bearer_token).ok_or_else(|| {
            ApiError::Unauthorised(
                "The Authorization header must be \"Bearer\" followed by an API token.".into(),
            )
        })?;
        let hash = secrets::token_hash(token);
        match state.app.store.account_for_token(&hash, Utc::now()).await {
            Ok(Some((account, grants))) => Ok(Caller {
                account: Some(account),
                viewer: Viewer::account(grants),
            }),
            Ok(None) => Err(ApiError::Unauthorised(
                "This API token is not known, has been revoked, or its account is disabled.".into(),
            )),
            Err(e) => Err(ApiError::internal(format!(
                "cannot look up an API token: {e}"
            ))),
        }
    }
}

/// The token in `Bearer TOKEN` (the scheme is case-insensitive, RFC 7235),
/// if there is one.
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty() && !token.contains(' '))
        .then_some(token)
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn bearer_tokens_are_read_from_the_header() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        for bad in ["", "Bearer", "Bearer ", "Basic abc", "Bearer a b", "abc"] {
            assert_eq!(bearer_token(bad), None, "{bad:?}");
        }
    }
}
