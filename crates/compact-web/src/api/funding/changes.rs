//! Entering and changing funding agreements, scheduling and paying
//! instalments and recording changes through the API: each call is one use
//! case, so the checks and refusals are the forms' (401, 404, 403, 409, 422
//! in that order).

use crate::api::auth::Caller;
use crate::api::compacts::SlugParam;
use crate::api::errors::{ApiError, ErrorBody};
use crate::api::params::{ApiJson, ApiPath};
use crate::api::register::IdParam;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use compact_core::funding::{AgreementInput, ChangeInput, PaidInput, PaymentInput};
use compact_core::{AgreementId, PaymentId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An agreement, as sent to enter one: the form's fields, as typed. Fields
/// left out count as empty, and are refused when required.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AgreementBody {
    #[schema(example = "Lunch club grant")]
    pub title: String,
    /// The funder's number in the register: a public body the caller acts
    /// for (any, for the secretariat).
    #[schema(example = "1")]
    pub funder: String,
    /// The recipient, a VCSE organisation, as the form takes it: its number
    /// in the register, its charity or company number (bare or as
    /// org-id.guide writes it), or its name as the register shows it. Text
    /// that names no single organisation is refused; `#` and a number is
    /// read as the number in the register and nothing else.
    #[schema(example = "2")]
    pub recipient: String,
    /// `grant` or `contract`.
    #[schema(example = "grant")]
    pub kind: String,
    pub purpose: String,
    /// In pounds, e.g. `12,500.00`.
    #[schema(example = "12,500.00")]
    pub amount: String,
    /// A date, e.g. YYYY-MM-DD.
    #[schema(example = "2026-04-01")]
    pub starts_on: String,
    /// A date after the start.
    #[schema(example = "2027-03-31")]
    pub ends_on: String,
    /// `advance`, `arrears` or empty.
    pub paid_in: String,
    pub monitoring: String,
    /// Empty while no exit strategy is agreed.
    pub exit_strategy_agreed_on: String,
    pub exit_strategy_summary: String,
    /// `yes`, `no` or empty.
    pub full_cost_recovery: String,
}

impl AgreementBody {
    fn input(&self) -> AgreementInput {
        AgreementInput {
            title: self.title.clone(),
            funder: self.funder.clone(),
            recipient: self.recipient.clone(),
            kind: self.kind.clone(),
            purpose: self.purpose.clone(),
            amount: self.amount.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            paid_in: self.paid_in.clone(),
            monitoring: self.monitoring.clone(),
            exit_strategy_agreed_on: self.exit_strategy_agreed_on.clone(),
            exit_strategy_summary: self.exit_strategy_summary.clone(),
            full_cost_recovery: self.full_cost_recovery.clone(),
        }
    }
}

/// An instalment of the payment schedule, perhaps already paid.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PaymentBody {
    /// A date within the agreement.
    #[schema(example = "2026-06-30")]
    pub due_on: String,
    /// In pounds.
    #[schema(example = "3,000")]
    pub amount: String,
    /// Empty while it is not paid; otherwise no later than today.
    pub paid_on: String,
}

/// The day a scheduled instalment was paid.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PaidBody {
    /// A date within the agreement, no later than today.
    #[schema(example = "2026-07-02")]
    pub paid_on: String,
}

/// `{payment}`: an instalment's number.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Only its derived description is used.
pub struct PaymentParam {
    /// The instalment's number, as the agreement lists it.
    #[param(minimum = 1, example = 1)]
    payment: i64,
}

/// A change decided to an agreement.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ChangeBody {
    /// `variation`, `reduction` or `termination`.
    #[schema(example = "reduction")]
    pub kind: String,
    /// A date, no later than today.
    #[schema(example = "2026-05-01")]
    pub decided_on: String,
    /// Empty while no notice has been given.
    pub notice_given_on: String,
    #[schema(example = "2026-09-01")]
    pub effective_on: String,
    /// In pounds: what the agreement is worth after the change; needed for
    /// a reduction.
    pub new_amount: String,
}

/// The record a call made.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recorded {
    pub id: i64,
}

/// Enter an agreement (the funder's officers and the secretariat).
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/agreements",
    operation_id = "create_agreement",
    tag = "funding",
    params(SlugParam),
    request_body = AgreementBody,
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The agreement was entered", body = Recorded),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not record funding for this funder", body = ErrorBody),
        (status = 404, description = "No such Compact", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<AgreementBody>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    let id = state
        .app
        .create_agreement(&caller.acting(), &slug, &body.input())
        .await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: id.0 })))
}

/// Change an agreement's own fields (not its payments or changes): the
/// whole agreement is sent again, as to enter it. An officer may not hand
/// it to a funder they do not act for.
#[utoipa::path(
    put,
    path = "/api/v1/compacts/{slug}/agreements/{id}",
    operation_id = "update_agreement",
    tag = "funding",
    params(SlugParam, IdParam),
    request_body = AgreementBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The agreement was changed"),
        (status = 400, description = "The agreement's number is not a number, or the body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not record funding for its funder, or for the funder named", body = ErrorBody),
        (status = 404, description = "No such Compact or agreement", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<AgreementBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .update_agreement(&caller.acting(), &slug, AgreementId(id), &body.input())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add an instalment to an agreement's payment schedule, paid or not.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/agreements/{id}/payments",
    operation_id = "record_payment",
    tag = "funding",
    params(SlugParam, IdParam),
    request_body = PaymentBody,
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The instalment was recorded", body = Recorded),
        (status = 400, description = "The agreement's number is not a number, or the body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not record funding for its funder", body = ErrorBody),
        (status = 404, description = "No such Compact or agreement", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn payment(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<PaymentBody>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    let input = PaymentInput {
        due_on: body.due_on,
        amount: body.amount,
        paid_on: body.paid_on,
    };
    let payment = state
        .app
        .record_payment(&caller.acting(), &slug, AgreementId(id), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: payment.0 })))
}

/// Record the day a scheduled instalment was paid.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/agreements/{id}/payments/{payment}/paid",
    operation_id = "record_payment_paid",
    tag = "funding",
    params(SlugParam, IdParam, PaymentParam),
    request_body = PaidBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The instalment is recorded as paid"),
        (status = 400, description = "A number in the path is not a number, or the body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not record funding for its funder", body = ErrorBody),
        (status = 404, description = "No such Compact, agreement or instalment", body = ErrorBody),
        (status = 422, description = "The date needs correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn paid(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id, payment)): ApiPath<(String, i64, i64)>,
    ApiJson(body): ApiJson<PaidBody>,
) -> Result<StatusCode, ApiError> {
    let input = PaidInput {
        paid_on: body.paid_on,
    };
    state
        .app
        .record_paid(
            &caller.acting(),
            &slug,
            AgreementId(id),
            PaymentId(payment),
            &input,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a change decided to an agreement: a variation, a reduction or an
/// ending.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/agreements/{id}/changes",
    operation_id = "record_funding_change",
    tag = "funding",
    params(SlugParam, IdParam),
    request_body = ChangeBody,
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The change was recorded", body = Recorded),
        (status = 400, description = "The agreement's number is not a number, or the body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not record funding for its funder", body = ErrorBody),
        (status = 404, description = "No such Compact or agreement", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ChangeBody>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    let input = ChangeInput {
        kind: body.kind,
        decided_on: body.decided_on,
        notice_given_on: body.notice_given_on,
        effective_on: body.effective_on,
        new_amount: body.new_amount,
    };
    let change = state
        .app
        .record_change(&caller.acting(), &slug, AgreementId(id), &input)
        .await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: change.0 })))
}
