//! Reading the request: query strings and path parameters whose failures
//! answer in the API's error shape (axum's own rejections are plain text),
//! and the pagination every list shares.

use super::errors::ApiError;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The page size when the caller does not choose one.
pub const DEFAULT_PER_PAGE: u32 = 50;
/// The largest page a caller may ask for.
pub const MAX_PER_PAGE: u32 = 200;

/// `axum::extract::Query`, rejecting with a 400 in the error shape.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection| ApiError::bad_request(sentence(&rejection.body_text())))
    }
}

/// `axum::extract::Path`, rejecting with a 400 in the error shape (for
/// example a slug that is not valid UTF-8 once percent-decoded).
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|rejection| ApiError::bad_request(sentence(&rejection.body_text())))
    }
}

/// `axum::Json`, rejecting a body that is not the expected JSON with a 400
/// in the error shape.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        axum::Json::<T>::from_request(request, state)
            .await
            .map(|axum::Json(value)| ApiJson(value))
            .map_err(|rejection| ApiError::bad_request(sentence(&rejection.body_text())))
    }
}

/// A message as one sentence: a capital first letter and one full stop,
/// e.g. axum's rejection text ("Failed to deserialize query string: page:
/// invalid digit found in string") or a store error's.
pub fn sentence(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => "The request could not be read.".into(),
    }
}

/// `?page=&per_page=`, as every list takes them.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Which page, counting from 1.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    /// How many items a page holds.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub per_page: Option<u32>,
}

/// A page the caller may ask for: `page >= 1` and `per_page` in
/// 1..=[`MAX_PER_PAGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl PageParams {
    /// Check the numbers; out of range is the caller's mistake (400), not
    /// something to clamp silently, so a script learns its request was off.
    pub fn paging(self) -> Result<Paging, ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page < 1 || page > i32::MAX as u32 {
            return Err(ApiError::bad_request(format!(
                "page must be a whole number from 1 to {}.",
                i32::MAX
            )));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::bad_request(format!(
                "per_page must be a whole number from 1 to {MAX_PER_PAGE}."
            )));
        }
        Ok(Paging { page, per_page })
    }
}

impl Paging {
    /// How many items come before this page.
    pub fn offset(self) -> usize {
        (self.page as usize - 1).saturating_mul(self.per_page as usize)
    }

    /// This page of `items` (empty past the end).
    pub fn slice<T>(self, items: &[T]) -> &[T] {
        let start = self.offset().min(items.len());
        let end = start
            .saturating_add(self.per_page as usize)
            .min(items.len());
        &items[start..end]
    }
}

/// The numbers every page of a list carries next to its items.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct PageInfo {
    #[schema(minimum = 1)]
    pub page: u32,
    #[schema(minimum = 1, maximum = 200)]
    pub per_page: u32,
    /// How many items there are on all pages together.
    pub total: u64,
}

impl PageInfo {
    pub fn new(paging: Paging, total: u64) -> PageInfo {
        PageInfo {
            page: paging.page,
            per_page: paging.per_page,
            total,
        }
    }
}

/// Whether `slug` could name a Compact at all (definitions allow 1 to 64
/// lower-case letters, digits, `-` and `_`). Anything else is answered with
/// 404 before the database is asked, so odd bytes never reach SQL. The
/// OpenAPI document states the same rule as a pattern (see `SlugParam`).
pub fn plausible_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(page: Option<u32>, per_page: Option<u32>) -> Result<Paging, ApiError> {
        PageParams { page, per_page }.paging()
    }

    #[test]
    fn pages_default_to_the_first_fifty() {
        assert_eq!(
            params(None, None),
            Ok(Paging {
                page: 1,
                per_page: 50
            })
        );
    }

    #[test]
    fn out_of_range_pages_are_refused() {
        for (page, per_page) in [(0, 10), (1, 0), (1, 201), (u32::MAX, 10)] {
            assert!(
                matches!(
                    params(Some(page), Some(per_page)),
                    Err(ApiError::BadRequest(_))
                ),
                "{page} {per_page}"
            );
        }
        assert!(params(Some(1), Some(200)).is_ok());
    }

    #[test]
    fn a_page_past_the_end_is_empty() {
        let items: Vec<u32> = (0..5).collect();
        let paging = |page, per_page| Paging { page, per_page };
        assert_eq!(paging(1, 2).slice(&items), &[0, 1]);
        assert_eq!(paging(3, 2).slice(&items), &[4]);
        assert!(paging(4, 2).slice(&items).is_empty());
        assert!(paging(i32::MAX as u32, 200).slice(&items).is_empty());
    }

    #[test]
    fn slugs_follow_the_definition_rules() {
        for good in ["wiltshire", "blackpool-2", "a_b", "9"] {
            assert!(plausible_slug(good), "{good}");
        }
        for bad in ["", "Wiltshire", "-a", "a b", "a\0", &"a".repeat(65)] {
            assert!(!plausible_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn rejections_read_as_one_sentence() {
        assert_eq!(
            sentence("Failed to deserialize query string: page: invalid digit found in string"),
            "Failed to deserialize query string: page: invalid digit found in string."
        );
        assert_eq!(sentence(""), "The request could not be read.");
    }
}
