//! A consultation's changes through the API: each call is one use case,
//! so the checks and refusals are the forms' (401, 404, 403, 409, 422 in
//! that order).

use crate::api::auth::Caller;
use crate::api::compacts::SlugParam;
use crate::api::errors::{ApiError, ErrorBody};
use crate::api::params::{ApiJson, ApiPath};
use crate::api::register::IdParam;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use compact_core::consultation::period::Standing;
use compact_core::consultation::{
    ConsultationInput, DocumentInput, FeedbackInput, RecordedResponseInput, ResponseInput,
};
use compact_core::{ConsultationId, OrganisationId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A document to link to.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct DocumentBody {
    #[serde(default)]
    #[schema(example = "Draft plan")]
    pub title: String,
    /// An `https://` address.
    #[serde(default)]
    #[schema(example = "https://example.org/plan.pdf")]
    pub url: String,
}

/// A consultation, as sent to draft or change one. Fields left out count
/// as empty, and are refused when required.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConsultationBody {
    /// The public body that runs it; may be left out by a caller who leads
    /// for only one.
    pub lead: Option<i64>,
    #[schema(example = "Library opening hours")]
    pub title: String,
    pub summary: String,
    pub proposal: String,
    /// Sectors of the Compact affected, e.g. `vcse`.
    pub sectors: Vec<String>,
    pub areas_of_work: Vec<String>,
    /// Protected characteristics of the Compact affected, e.g. `age`.
    pub characteristics: Vec<String>,
    /// YYYY-MM-DD.
    #[schema(example = "2026-04-01")]
    pub opened_on: String,
    /// YYYY-MM-DD, after the opening.
    #[schema(example = "2026-07-01")]
    pub closes_on: String,
    /// Why the period is shorter than the Compact's standard, when it is.
    pub shorter_period_reason: Option<String>,
    pub documents: Vec<DocumentBody>,
    pub how_to_respond: String,
    pub resources: Option<String>,
    pub contact_name: String,
    #[schema(example = "consult@example.org")]
    pub contact_email: String,
}

impl ConsultationBody {
    fn input(&self) -> ConsultationInput {
        ConsultationInput {
            title: self.title.clone(),
            summary: self.summary.clone(),
            proposal: self.proposal.clone(),
            sectors: self.sectors.clone(),
            areas_of_work: self.areas_of_work.clone(),
            characteristics: self.characteristics.clone(),
            opened_on: self.opened_on.clone(),
            closes_on: self.closes_on.clone(),
            shorter_period_reason: self.shorter_period_reason.clone().unwrap_or_default(),
            documents: self
                .documents
                .iter()
                .map(|d| DocumentInput {
                    title: d.title.clone(),
                    url: d.url.clone(),
                })
                .collect(),
            how_to_respond: self.how_to_respond.clone(),
            resources: self.resources.clone().unwrap_or_default(),
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
        }
    }
}

/// The record a call made.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// What publishing did.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedOutcome {
    /// How the period stands against the Compact's standard: `meets`,
    /// `shorter_with_reason`, `shorter_without_reason` or
    /// `shorter_no_exception`; none when the Compact sets no standard.
    pub standing: Option<String>,
    /// Whether the rules engine will record a finding about the period.
    pub finding_expected: bool,
}

/// A response sent through the service for one's organisation.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ResponseBody {
    /// The organisation responding; may be left out by a caller who may
    /// respond for only one.
    pub organisation: Option<i64>,
    pub body: String,
    /// Whether only the lead may read it.
    pub confidential: bool,
}

/// A response the lead received otherwise, recorded by its officer.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RecordedResponseBody {
    /// An organisation of the register that responded; otherwise
    /// `respondent_name` is required.
    pub organisation: Option<i64>,
    pub respondent_name: Option<String>,
    /// `email`, `letter`, `meeting` or `other`.
    #[schema(example = "letter")]
    pub channel: String,
    /// YYYY-MM-DD, from the opening to today.
    #[schema(example = "2026-04-10")]
    pub received_on: String,
    pub body: String,
    pub confidential: bool,
}

/// "You said, we did".
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FeedbackBody {
    pub heard: String,
    pub changed: String,
    pub decision: String,
    /// YYYY-MM-DD, from the opening to today.
    #[schema(example = "2026-07-20")]
    pub decided_on: String,
}

/// Draft a consultation (the lead's officers and the secretariat).
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/consultations",
    operation_id = "draft_consultation",
    tag = "consultations",
    params(SlugParam),
    request_body = ConsultationBody,
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The draft was saved", body = Created),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller leads no consultation here", body = ErrorBody),
        (status = 404, description = "No such Compact", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn draft(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<ConsultationBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = state
        .app
        .draft_consultation(
            &caller.acting(),
            &slug,
            body.lead.map(OrganisationId),
            &body.input(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id: id.0 })))
}

/// Change a draft (the lead is kept).
#[utoipa::path(
    put,
    path = "/api/v1/compacts/{slug}/consultations/{id}",
    operation_id = "update_consultation",
    tag = "consultations",
    params(SlugParam, IdParam),
    request_body = ConsultationBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The draft was changed"),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not change it", body = ErrorBody),
        (status = 404, description = "No such Compact or consultation", body = ErrorBody),
        (status = 409, description = "It is published, so it no longer changes", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ConsultationBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .update_consultation(&caller.acting(), &slug, ConsultationId(id), &body.input())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publish a draft: from then on it is public and judged by the rules
/// engine.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/consultations/{id}/publish",
    operation_id = "publish_consultation",
    tag = "consultations",
    params(SlugParam, IdParam),
    security(("api_token" = [])),
    responses(
        (status = 400, description = "The consultation's number is not a number, or the body is not the JSON expected", body = ErrorBody),
        (status = 200, description = "It was published", body = PublishedOutcome),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not publish it", body = ErrorBody),
        (status = 404, description = "No such Compact or consultation", body = ErrorBody),
        (status = 409, description = "It is already published", body = ErrorBody),
        (status = 422, description = "Its fields no longer pass the checks", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> Result<Json<PublishedOutcome>, ApiError> {
    let done = state
        .app
        .publish_consultation(&caller.acting(), &slug, ConsultationId(id))
        .await?;
    let standing = done.standing.map(|s| match s {
        Standing::Meets => "meets",
        Standing::ShorterWithReason => "shorter_with_reason",
        Standing::ShorterWithoutReason => "shorter_without_reason",
        Standing::ShorterNoException => "shorter_no_exception",
    });
    Ok(Json(PublishedOutcome {
        standing: standing.map(str::to_string),
        finding_expected: done.standing.is_some_and(Standing::recorded),
    }))
}

/// Respond online for one's organisation while the consultation is open.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/consultations/{id}/responses",
    operation_id = "respond_to_consultation",
    tag = "consultations",
    params(SlugParam, IdParam),
    request_body = ResponseBody,
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The response was received", body = Created),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not respond for that organisation", body = ErrorBody),
        (status = 404, description = "No such Compact or consultation", body = ErrorBody),
        (status = 409, description = "It is not open", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn respond(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ResponseBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input = ResponseInput {
        body: body.body,
        confidential: body.confidential,
    };
    let id = state
        .app
        .respond_to_consultation(
            &caller.acting(),
            &slug,
            ConsultationId(id),
            body.organisation.map(OrganisationId),
            &input,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Record a response the lead received by e-mail, letter, at a meeting
/// or otherwise (the lead's officers and the secretariat).
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/consultations/{id}/recorded-responses",
    operation_id = "record_consultation_response",
    tag = "consultations",
    params(SlugParam, IdParam),
    request_body = RecordedResponseBody,
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The response was recorded", body = Created),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not record responses to it", body = ErrorBody),
        (status = 404, description = "No such Compact or consultation", body = ErrorBody),
        (status = 409, description = "It is a draft", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<RecordedResponseBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input = RecordedResponseInput {
        body: body.body,
        confidential: body.confidential,
        received_on: body.received_on,
        channel: body.channel,
        organisation_named: body.organisation.is_some(),
        respondent_name: body.respondent_name.unwrap_or_default(),
    };
    let id = state
        .app
        .record_consultation_response(
            &caller.acting(),
            &slug,
            ConsultationId(id),
            body.organisation.map(OrganisationId),
            &input,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Publish feedback after the close (the lead's officers and the
/// secretariat).
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/consultations/{id}/feedback",
    operation_id = "publish_consultation_feedback",
    tag = "consultations",
    params(SlugParam, IdParam),
    request_body = FeedbackBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The feedback was published"),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not give feedback on it", body = ErrorBody),
        (status = 404, description = "No such Compact or consultation", body = ErrorBody),
        (status = 409, description = "It has not closed, or has feedback already", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn feedback(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<FeedbackBody>,
) -> Result<StatusCode, ApiError> {
    let input = FeedbackInput {
        heard: body.heard,
        changed: body.changed,
        decision: body.decision,
        decided_on: body.decided_on,
    };
    state
        .app
        .publish_consultation_feedback(&caller.acting(), &slug, ConsultationId(id), &input)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
