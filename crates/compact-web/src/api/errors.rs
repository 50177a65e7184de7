//! The one shape every API error takes, whatever went wrong:
//! `{"error": {"code": "not_found", "message": "One sentence."}}`, with the
//! HTTP status that matches the code. Scripts branch on `code`; people read
//! `message`. Nothing internal (SQL, file paths) ever reaches `message`: an
//! internal failure is logged and the caller gets an apology.

use super::params::sentence;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use compact_core::calendar::LongDate;
use serde::Serialize;
use utoipa::ToSchema;

/// What the caller did wrong, or that we did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    BadRequest(String),
    Unauthorised(String),
    Forbidden(String),
    NotFound(String),
    /// The request clashes with what is recorded (already decided, already
    /// a signatory).
    Conflict(String),
    /// The body was read but its fields do not pass the checks: a sentence,
    /// and every field at fault.
    Invalid(String, Vec<FieldFault>),
    /// The body is larger than the address takes.
    TooLarge(String),
    MethodNotAllowed,
    /// What went wrong, for the log only.
    Internal(String),
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"error": {"code": "not_found", "message": "There is no Compact called \"nowhere\"."}}))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// One sentence a person can read.
    pub message: String,
    /// With `invalid`: every field at fault, each with what is wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldFault>,
}

/// One field of a request body that needs correcting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldFault {
    /// The field's name, as in the body (`champion_` fields are the
    /// champion object's).
    #[schema(example = "signed_on")]
    pub field: String,
    /// `missing`, `not_a_date`, `in_future`, `too_early`, `too_late`,
    /// `too_long`, `wrong_format`, `too_many`, or for a file `empty` and
    /// `too_large`.
    #[schema(example = "missing")]
    pub problem: String,
    /// With `too_early` and `in_future`: the earliest date the field takes.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, example = "2009-11-01")]
    pub earliest: Option<compact_core::Date>,
    /// With `too_early` and `in_future`: the latest date the field takes
    /// (today).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date, example = "2026-03-31")]
    pub latest: Option<compact_core::Date>,
}

/// Stable: scripts may branch on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    Unauthorised,
    Forbidden,
    NotFound,
    Conflict,
    Invalid,
    TooLarge,
    MethodNotAllowed,
    Internal,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::BadRequest(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::NotFound(message.into())
    }

    /// A body larger than `limit` bytes.
    pub fn too_large(limit: usize) -> ApiError {
        ApiError::TooLarge(format!(
            "The request is larger than this address takes ({} MiB at most).",
            limit.div_ceil(1024 * 1024)
        ))
    }

    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        ApiError::Internal(detail.to_string())
    }

    pub fn no_compact(slug: &str) -> ApiError {
        ApiError::not_found(format!("There is no Compact called {slug:?}."))
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Unauthorised(_) => ErrorCode::Unauthorised,
            ApiError::Forbidden(_) => ErrorCode::Forbidden,
            ApiError::NotFound(_) => ErrorCode::NotFound,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::Invalid(..) => ErrorCode::Invalid,
            ApiError::TooLarge(_) => ErrorCode::TooLarge,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorised(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Invalid(..) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(self) -> String {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Unauthorised(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::TooLarge(m)
            | ApiError::Invalid(m, _) => m,
            ApiError::MethodNotAllowed => "This address does not answer that method.".into(),
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "API request failed");
                "Sorry, something went wrong on our side; please try again later.".into()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let code = self.code();
        let fields = match &self {
            ApiError::Invalid(_, fields) => fields.clone(),
            _ => Vec::new(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message: self.message(),
                fields,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if code == ErrorCode::Unauthorised {
            // RFC 6750: tell the client which scheme would let it in.
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"compact\""),
            );
        }
        response
    }
}

/// Turn any error of the store (or the definition parser) into a 500 that
/// logs the cause.
pub trait OrInternal<T> {
    fn or_internal(self) -> Result<T, ApiError>;
}

impl<T, E: std::error::Error> OrInternal<T> for Result<T, E> {
    fn or_internal(self) -> Result<T, ApiError> {
        self.map_err(|e| ApiError::Internal(crate::error_chain(&e)))
    }
}

/// A use case's refusal, answered with the status its kind maps to (the
/// same as the pages), or our failure, logged with every cause.
impl From<compact_app::Error> for ApiError {
    fn from(error: compact_app::Error) -> ApiError {
        use compact_core::refusal::{Missing, Refusal};
        let refusal = match error {
            compact_app::Error::Refused(refusal) => refusal,
            other => return ApiError::Internal(other.chain()),
        };
        match refusal {
            Refusal::NotFound(what) => ApiError::not_found(match what {
                Missing::Compact => "There is no Compact at this address.",
                Missing::Organisation => {
                    "There is no organisation with this number in this Compact's register."
                }
                Missing::SignUp => "There is no sign-up with this number in this Compact.",
                Missing::SignUpRequest => "There is no request with this number in this Compact.",
                Missing::Agreement => {
                    "There is no funding agreement with this number in this Compact."
                }
                Missing::FundingChange => "There is no change with this number to this agreement.",
                Missing::Payment => "There is no payment with this number of this agreement.",
                Missing::Consultation => {
                    "There is no consultation with this number in this Compact."
                }
                Missing::Document => "There is no document with this number of this consultation.",
            }),
            Refusal::SignInRequired => ApiError::Unauthorised(
                "Send a valid API token as `Authorization: Bearer TOKEN`.".into(),
            ),
            Refusal::NotAllowed => {
                ApiError::Forbidden("Your roles in this Compact do not allow this.".into())
            }
            Refusal::Invalid(problems) => invalid(&problems),
            Refusal::Conflict(conflict) => ApiError::Conflict(sentence(&conflict.to_string())),
        }
    }
}

/// Field problems as one sentence (`signed_on: missing; reason: missing.`)
/// and as a list. A date outside its range says the range: `signed_on: too
/// early, use a date from 1 November 2009 to today (31 March 2026)`.
pub fn invalid(problems: &[compact_core::register::FieldProblem]) -> ApiError {
    let fields: Vec<FieldFault> = problems
        .iter()
        .map(|p| FieldFault {
            field: p.field.to_string(),
            problem: serde_json::to_value(p.problem)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            earliest: p.range.map(|r| r.earliest),
            latest: p.range.map(|r| r.latest),
        })
        .collect();
    // Most ranges end today; a consultation's dates end elsewhere.
    let to_today: Vec<bool> = problems
        .iter()
        .map(|p| {
            p.problem != compact_core::register::Problem::TooLate
                && p.range
                    .is_none_or(|r| r.since != compact_core::date_ranges::Since::Opening)
        })
        .collect();
    let parts: Vec<String> = fields
        .iter()
        .zip(to_today)
        .map(|(f, to_today)| {
            let range = match (f.earliest, f.latest) {
                (Some(earliest), Some(latest)) if to_today => format!(
                    ", use a date from {} to today ({})",
                    LongDate(earliest),
                    LongDate(latest)
                ),
                (Some(earliest), Some(latest)) => format!(
                    ", use a date from {} to {}",
                    LongDate(earliest),
                    LongDate(latest)
                ),
                _ => limit(&f.problem),
            };
            format!("{}: {}{range}", f.field, f.problem.replace('_', " "))
        })
        .collect();
    ApiError::Invalid(
        format!("Some fields need correcting: {}.", parts.join("; ")),
        fields,
    )
}

/// The limit a problem broke, when it has one: a file's size, a list's
/// length.
fn limit(problem: &str) -> String {
    use compact_core::consultation::{MAX_DOCUMENTS, MAX_UPLOAD_BYTES};
    match problem {
        "too_large" => format!(", at most {} MiB", MAX_UPLOAD_BYTES / (1024 * 1024)),
        "too_many" => format!(", at most {MAX_DOCUMENTS}"),
        _ => String::new(),
    }
}

/// Any `/api` path no route serves.
pub async fn not_found() -> ApiError {
    ApiError::not_found("There is nothing at this address in the API; see /api/openapi.json.")
}

/// A route that exists, asked with a method it does not answer. Axum still
/// adds the `Allow` header.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_the_status_that_matches_it() {
        let cases = [
            (ApiError::bad_request("x"), 400, "bad_request"),
            (ApiError::Unauthorised("x".into()), 401, "unauthorised"),
            (ApiError::Forbidden("x".into()), 403, "forbidden"),
            (ApiError::not_found("x"), 404, "not_found"),
            (ApiError::too_large(1024), 413, "too_large"),
            (ApiError::MethodNotAllowed, 405, "method_not_allowed"),
            (ApiError::internal("x"), 500, "internal"),
        ];
        for (error, status, code) in cases {
            assert_eq!(error.status().as_u16(), status);
            assert_eq!(serde_json::to_value(error.code()).unwrap(), code);
        }
    }

    #[test]
    fn internal_details_are_not_shown() {
        let message = ApiError::internal("no such table: compacts").message();
        assert!(!message.contains("table"), "{message}");
    }
}
