//! The register's changes through the API: sign-ups, requests and their
//! decisions, champions and withdrawals, with the same rights as the forms.

use super::IdParam;
use crate::api::auth::Caller;
use crate::api::compacts::SlugParam;
use crate::api::errors::{ApiError, ErrorBody, OrInternal};
use crate::api::params::{ApiJson, ApiPath};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use compact_app::register::{SignUpRef, SignedUp};
use compact_core::register::{ChampionInput, SignUpInput, WithdrawalInput};
use compact_core::{OrganisationId, SignatoryId, SignupRequestId};
use compact_store::{RequestStatus, SignupRequest};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A Compact champion, as sent.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ChampionBody {
    #[serde(default)]
    #[schema(min_length = 1, max_length = 500, example = "Tom Price")]
    pub name: String,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 500, example = "Operations manager")]
    pub role: String,
    /// An e-mail address or phone number.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 500, example = "tom@example.org")]
    pub contact: String,
    /// When the champion was named (YYYY-MM-DD), not in the future; on a
    /// sign-up, the day of signing when left out.
    #[serde(default)]
    #[schema(format = Date, example = "2026-01-05")]
    pub appointed_on: Option<String>,
    /// When the champion was trained (YYYY-MM-DD), if they have been: on or
    /// after the day they were named, not in the future.
    #[serde(default)]
    #[schema(format = Date, example = "2026-02-10")]
    pub trained_on: Option<String>,
}

impl ChampionBody {
    fn input(&self) -> ChampionInput {
        ChampionInput {
            name: self.name.clone(),
            role: self.role.clone(),
            contact: self.contact.clone(),
            appointed_on: self.appointed_on.clone().unwrap_or_default(),
            trained_on: self.trained_on.clone().unwrap_or_default(),
        }
    }
}

/// A sign-up, as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignUpBody {
    /// The date the agreement was signed (YYYY-MM-DD), today or earlier.
    #[schema(format = Date, example = "2026-01-05")]
    pub signed_on: String,
    /// The person with authority who signed.
    #[schema(min_length = 1, max_length = 500, example = "Amira Khan")]
    pub signed_by: String,
    #[schema(min_length = 1, max_length = 500, example = "Chair of Trustees")]
    pub signer_role: String,
    /// That the signer may commit the organisation: must be true.
    pub authority_confirmed: bool,
    pub champion: ChampionBody,
}

/// What a sign-up call did.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignUpOutcome {
    /// `recorded` (the secretariat's own) or `requested` (waiting for the
    /// secretariat).
    pub outcome: String,
    /// The new sign-up, when recorded.
    pub sign_up: Option<i64>,
    /// The request, when requested.
    pub request: Option<i64>,
}

/// Sign an organisation up. The secretariat's call records the sign-up at
/// once (201); an officer's or member's call for their own organisation is
/// a request the secretariat decides on (202).
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/organisations/{id}/sign-ups",
    operation_id = "sign_up",
    tag = "register",
    params(SlugParam, IdParam),
    request_body = SignUpBody,
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The sign-up was recorded", body = SignUpOutcome),
        (status = 202, description = "The request waits for the secretariat", body = SignUpOutcome),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not sign this organisation up", body = ErrorBody),
        (status = 404, description = "No such Compact or organisation", body = ErrorBody),
        (status = 409, description = "The organisation is already a signatory", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<SignUpBody>,
) -> Result<(StatusCode, Json<SignUpOutcome>), ApiError> {
    let input = SignUpInput {
        signed_on: body.signed_on,
        signed_by: body.signed_by,
        signer_role: body.signer_role,
        authority_confirmed: body.authority_confirmed,
        champion: ChampionInput {
            appointed_on: String::new(),
            ..body.champion.input()
        },
    };
    let done = state
        .app
        .sign_up(&caller.acting(), &slug, OrganisationId(id), &input)
        .await?;
    Ok(match done {
        SignedUp::Recorded(sign_up) => (
            StatusCode::CREATED,
            Json(SignUpOutcome {
                outcome: "recorded".into(),
                sign_up: Some(sign_up.0),
                request: None,
            }),
        ),
        SignedUp::Requested(request) => (
            StatusCode::ACCEPTED,
            Json(SignUpOutcome {
                outcome: "requested".into(),
                sign_up: None,
                request: Some(request.0),
            }),
        ),
    })
}

/// Where a request has got to.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Pending,
    Approved,
    Refused,
}

impl From<RequestStatus> for RequestState {
    fn from(s: RequestStatus) -> RequestState {
        match s {
            RequestStatus::Pending => RequestState::Pending,
            RequestStatus::Approved => RequestState::Approved,
            RequestStatus::Refused => RequestState::Refused,
        }
    }
}

/// A request to sign up.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestItem {
    pub id: i64,
    pub organisation: i64,
    pub organisation_name: String,
    pub requested_by: String,
    pub requested_at: chrono::DateTime<chrono::Utc>,
    pub signed_on: NaiveDate,
    pub signed_by: String,
    pub edition: String,
    pub champion_name: String,
    pub status: RequestState,
    pub decision_note: Option<String>,
    /// The sign-up an approval recorded.
    pub sign_up: Option<i64>,
}

fn request_item(r: &SignupRequest) -> RequestItem {
    RequestItem {
        id: r.id.0,
        organisation: r.organisation.0,
        organisation_name: r.organisation_name.clone(),
        requested_by: r.requested_by_name.clone(),
        requested_at: r.requested_at,
        signed_on: r.sign_up.signed_on,
        signed_by: r.sign_up.signed_by_with_role(),
        edition: r.edition.clone(),
        champion_name: r.sign_up.champion.name.clone(),
        status: r.status.into(),
        decision_note: r.decision_note.clone(),
        sign_up: r.signatory.map(|s| s.0),
    }
}

/// Every request to sign up, newest first (the secretariat only).
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/sign-up-requests",
    operation_id = "list_sign_up_requests",
    tag = "register",
    params(SlugParam),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "The requests", body = Vec<RequestItem>),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "Only the secretariat sees the requests", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn requests(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Vec<RequestItem>>, ApiError> {
    let compact = state.app.as_secretariat(&caller.acting(), &slug).await?;
    let all = state
        .app
        .store
        .signup_requests(compact.id(), None)
        .await
        .or_internal()?;
    Ok(Json(all.iter().map(request_item).collect()))
}

/// `approve` or `refuse`.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Refuse,
}

/// The secretariat's decision on a request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionBody {
    pub decision: Decision,
    /// Why, especially on a refusal.
    #[serde(default)]
    pub note: String,
}

/// Approve (recording the sign-up) or refuse a pending request.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/sign-up-requests/{id}/decision",
    operation_id = "decide_sign_up_request",
    tag = "register",
    params(SlugParam, IdParam),
    request_body = DecisionBody,
    security(("api_token" = [])),
    responses(
        (status = 200, description = "The request as decided", body = RequestItem),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "Only the secretariat decides", body = ErrorBody),
        (status = 404, description = "No such Compact or request", body = ErrorBody),
        (status = 409, description = "Already decided, or the organisation is already a signatory", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<RequestItem>, ApiError> {
    let id = SignupRequestId(id);
    let decision = match body.decision {
        Decision::Approve => compact_app::register::Decision::Approve,
        Decision::Refuse => compact_app::register::Decision::Refuse,
    };
    state
        .app
        .decide_sign_up_request(&caller.acting(), &slug, id, decision, &body.note)
        .await?;
    let compact = state.app.compact(&slug).await?;
    let request = state
        .app
        .store
        .signup_request(compact.id(), id)
        .await
        .or_internal()?
        .ok_or_else(|| ApiError::internal("a decided request vanished"))?;
    Ok(Json(request_item(&request)))
}

/// Name a new Compact champion for a sign-up in force, or correct the
/// current one (the secretariat, or the organisation's own people).
#[utoipa::path(
    put,
    path = "/api/v1/compacts/{slug}/sign-ups/{id}/champion",
    operation_id = "set_champion",
    tag = "register",
    params(SlugParam, IdParam),
    request_body = ChampionBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The champion was saved"),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not change this champion", body = ErrorBody),
        (status = 404, description = "No such Compact or sign-up", body = ErrorBody),
        (status = 409, description = "The sign-up is not in force", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn set_champion(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ChampionBody>,
) -> Result<StatusCode, ApiError> {
    let which = SignUpRef::Id(SignatoryId(id));
    state
        .app
        .set_champion(&caller.acting(), &slug, which, &body.input())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A withdrawal, as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawalBody {
    /// The date it takes effect (YYYY-MM-DD): on or after the signing, and
    /// not in the future.
    #[schema(format = Date, example = "2026-03-31")]
    pub withdrawn_on: String,
    #[schema(
        min_length = 1,
        max_length = 500,
        example = "The organisation merged with another"
    )]
    pub reason: String,
}

/// Record that a signatory withdrew (the secretariat only). Its badge is
/// revoked from that date.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/sign-ups/{id}/withdrawal",
    operation_id = "withdraw",
    tag = "register",
    params(SlugParam, IdParam),
    request_body = WithdrawalBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The withdrawal was recorded"),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "Only the secretariat records withdrawals", body = ErrorBody),
        (status = 404, description = "No such Compact or sign-up", body = ErrorBody),
        (status = 409, description = "The sign-up is not in force", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<WithdrawalBody>,
) -> Result<StatusCode, ApiError> {
    let input = WithdrawalInput {
        withdrawn_on: body.withdrawn_on,
        reason: body.reason,
    };
    let which = SignUpRef::Id(SignatoryId(id));
    state
        .app
        .withdraw(&caller.acting(), &slug, which, &input)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
