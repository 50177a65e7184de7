//! `GET /api/v1/kitemark/verify?...`: the verification page's answer as
//! JSON, for a website or script that checks badges. Public, like the page.
//! Any query gets a 200 with a status: a link that cannot be read is a
//! forged badge, not a bad request. Without kitemark keys, every badge is
//! forged (this service has published no key).

use super::{verify, Status};
use crate::api::auth::Caller;
use crate::api::errors::{ApiError, ErrorBody, OrInternal};
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::Json;
use chrono::NaiveDate;
use compact_core::kitemark::Forgery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The parameters of a verification link, exactly as the badge's link
/// carries them (they are read together, never one by one).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; the handler reads it whole
pub struct VerifyParams {
    /// The Compact's short name.
    #[param(example = "wiltshire")]
    compact: Option<String>,
    /// The organisation's number in that Compact.
    #[param(example = "42")]
    org: Option<String>,
    /// The organisation's name, base64url without padding.
    name: Option<String>,
    /// The date the organisation signed up, YYYY-MM-DD.
    #[param(example = "2025-04-01")]
    signed: Option<String>,
    /// The id of the key that signed (see /kitemark/keys.json).
    key: Option<String>,
    /// The ed25519 signature, base64url without padding.
    sig: Option<String>,
}

/// Whether a badge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KitemarkStatus {
    /// Genuine, and the organisation is a signatory today.
    Valid,
    /// Genuine, but the organisation has withdrawn (or is no longer on the
    /// register).
    Revoked,
    /// Not issued by this service, or changed since.
    Forged,
}

/// Why a badge is forged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ForgeryReason {
    /// The signature does not match the details.
    BadSignature,
    /// It names a key this service never published.
    UnknownKey,
    /// The link is incomplete or damaged.
    Malformed,
}

/// The check of one badge. The details are what the link says; for a
/// forged badge they are only what someone wrote.
#[derive(Debug, Serialize, ToSchema)]
pub struct KitemarkVerification {
    pub status: KitemarkStatus,
    /// Only for a forged badge.
    pub reason: Option<ForgeryReason>,
    /// One sentence in English a person can read.
    pub message: String,
    #[schema(example = "wiltshire")]
    pub compact: Option<String>,
    /// The Compact's name, when this service runs it.
    pub compact_name: Option<String>,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub signed_on: Option<NaiveDate>,
    /// Only for a revoked badge whose withdrawal the register dates.
    pub withdrawn_on: Option<NaiveDate>,
    pub key: Option<String>,
}

/// Check a kitemark badge's link: its signature and whether the
/// organisation is still a signatory.
#[utoipa::path(
    get,
    path = "/api/v1/kitemark/verify",
    operation_id = "verify_kitemark",
    tag = "kitemark",
    params(VerifyParams),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "The badge checked: valid, revoked or forged", body = KitemarkVerification),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn verify_link(
    State(state): State<AppState>,
    // Anyone may check a badge, but a token that is sent must be valid, as
    // everywhere in the API.
    _caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<KitemarkVerification>, ApiError> {
    let v = verify(&state, query.as_deref().unwrap_or_default())
        .await
        .or_internal()?;
    let (status, reason, message, withdrawn_on) = match &v.status {
        Status::Valid => (
            KitemarkStatus::Valid,
            None,
            "The badge is genuine and the organisation is a signatory today.".to_string(),
            None,
        ),
        Status::Revoked { withdrawn_on } => (
            KitemarkStatus::Revoked,
            None,
            match withdrawn_on {
                Some(date) => {
                    format!("The badge is genuine, but the organisation withdrew on {date}.")
                }
                None => "The badge is genuine, but the organisation is no longer on the register."
                    .to_string(),
            },
            *withdrawn_on,
        ),
        Status::Forged(forgery) => (
            KitemarkStatus::Forged,
            Some(match forgery {
                Forgery::BadSignature => ForgeryReason::BadSignature,
                Forgery::UnknownKey(_) => ForgeryReason::UnknownKey,
                Forgery::Malformed(_) => ForgeryReason::Malformed,
            }),
            format!("The badge is not genuine: {forgery}."),
            None,
        ),
    };
    let claim = v.claim.as_ref();
    Ok(Json(KitemarkVerification {
        status,
        reason,
        message,
        compact: claim.map(|c| c.compact().to_string()),
        compact_name: v.compact_name.clone(),
        organisation_id: claim.map(|c| c.organisation().0),
        organisation_name: claim.map(|c| c.organisation_name().to_string()),
        signed_on: claim.map(|c| c.signed_on()),
        withdrawn_on,
        key: claim.map(|c| c.key().to_string()),
    }))
}
