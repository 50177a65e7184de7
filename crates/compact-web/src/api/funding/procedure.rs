//! One change to an agreement through the API: the reduction procedure as
//! a task list, its equality impact assessment and its findings; and
//! recording a step of the procedure or the assessment. Each call is one
//! use case, so the checks and refusals are the pages' (401, 404, 403, 409,
//! 422 in that order).

use super::{name, ChangeItem};
use crate::api::auth::Caller;
use crate::api::compacts::SlugParam;
use crate::api::errors::{ApiError, ErrorBody};
use crate::api::findings::FindingItem;
use crate::api::params::{ApiJson, ApiPath};
use crate::api::register::IdParam;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use compact_app::funding::ChangeView;
use compact_core::definition::ProtectedCharacteristic;
use compact_core::funding::{
    entry_fields, ImpactEntryInput, ImpactInput, StepInput, Task, TaskState,
};
use compact_core::{AgreementId, FundingChangeId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `{change}`: a change's number.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Only its derived description is used.
pub struct ChangeParam {
    /// The change's number, as the agreement lists it.
    #[param(minimum = 1, example = 1)]
    change: i64,
}

/// A step of the reduction procedure and where it stands today.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskItem {
    /// `consultation`, `criteria_published`, `impact_assessment`,
    /// `feedback_reviewed` or `formal_notice`.
    pub step: String,
    /// `done`, `due`, `overdue` or `not_needed` (the Compact's procedure
    /// does not ask for it).
    pub state: String,
    /// The day it was taken, once done.
    #[schema(format = Date)]
    pub done_on: Option<NaiveDate>,
    /// Once done: whether it met its deadline and the procedure's terms
    /// (a full-length consultation, a joint assessment).
    pub in_time: Option<bool>,
    /// The last day to take it on time; none when it is not needed.
    #[schema(format = Date)]
    pub deadline: Option<NaiveDate>,
    /// Who took it, as recorded.
    pub done_by: Option<String>,
    /// What was recorded with it (for a consultation, why it was
    /// shortened).
    pub note: String,
}

impl From<&Task> for TaskItem {
    fn from(task: &Task) -> TaskItem {
        let (state, done_on, in_time) = match task.state {
            TaskState::Done { on, in_time } => ("done", Some(on), Some(in_time)),
            TaskState::DueBy { .. } => ("due", None, None),
            TaskState::Overdue { .. } => ("overdue", None, None),
            TaskState::NotNeeded => ("not_needed", None, None),
        };
        TaskItem {
            step: task.step.as_str().into(),
            state: state.into(),
            done_on,
            in_time,
            deadline: task.deadline,
            done_by: task.done_by.clone(),
            note: task.note.clone(),
        }
    }
}

/// The step still to do whose deadline comes first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NextDeadline {
    pub step: String,
    #[schema(format = Date)]
    pub deadline: NaiveDate,
}

/// An organisation that took part in the impact assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantItem {
    pub id: i64,
    pub name: String,
    /// `public`, `vcse` or `private`.
    pub sector: String,
}

/// One change with the reduction procedure as a task list, its impact
/// assessment and the findings about it the caller may read.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeDetail {
    pub agreement: i64,
    pub agreement_title: String,
    /// The change as recorded, with its steps and impact assessment.
    pub change: ChangeItem,
    /// The steps the Compact's procedure asks for before funding is cut,
    /// in order; empty when it sets none or the change cuts nothing.
    pub tasks: Vec<TaskItem>,
    pub next_deadline: Option<NextDeadline>,
    /// The protected characteristics its impact assessment considers.
    pub characteristics_considered: Vec<String>,
    /// The organisations that took part in its impact assessment.
    pub participants: Vec<ParticipantItem>,
    /// The rules engine's findings about this change that the caller may
    /// read.
    pub findings: Vec<FindingItem>,
    /// Whether the caller may record for it.
    pub may_record: bool,
}

impl From<&ChangeView> for ChangeDetail {
    fn from(v: &ChangeView) -> ChangeDetail {
        ChangeDetail {
            agreement: v.agreement.agreement.id.0,
            agreement_title: v.agreement.agreement.title.clone(),
            change: ChangeItem::from(&v.change),
            tasks: v.tasks.tasks.iter().map(TaskItem::from).collect(),
            next_deadline: v.tasks.next.map(|(step, deadline)| NextDeadline {
                step: step.as_str().into(),
                deadline,
            }),
            characteristics_considered: v.considered.iter().map(name).collect(),
            participants: v
                .participants
                .iter()
                .map(|p| ParticipantItem {
                    id: p.id.0,
                    name: p.name.clone(),
                    sector: name(&p.kind.sector()),
                })
                .collect(),
            findings: v.findings.iter().map(crate::api::findings::item).collect(),
            may_record: v.agreement.may_record,
        }
    }
}

/// A step of the reduction procedure, as taken.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct StepBody {
    /// `consultation`, `criteria_published`, `feedback_reviewed` or
    /// `formal_notice`, as the Compact's procedure asks for them (the
    /// impact assessment is recorded as an assessment).
    #[schema(example = "consultation")]
    pub step: String,
    /// A date, no later than today.
    #[schema(example = "2026-05-01")]
    pub done_on: String,
    /// Who took it.
    #[schema(example = "Funding team")]
    pub done_by: String,
    /// With a shortened consultation: the reason agreed at the outset.
    pub note: String,
    /// With a consultation: the day it closes.
    pub closes_on: String,
    /// With a consultation: whether it is shorter than the Compact's
    /// standard by agreement.
    pub shortened: bool,
}

/// One protected characteristic's entry of an impact assessment.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ImpactEntryBody {
    /// One the Compact lists (all nine when it lists none): `age`,
    /// `disability`, `gender_reassignment`,
    /// `marriage_and_civil_partnership`, `pregnancy_and_maternity`, `race`,
    /// `religion_or_belief`, `sex` or `sexual_orientation`.
    #[schema(value_type = String, example = "age")]
    pub characteristic: ProtectedCharacteristic,
    /// `positive`, `neutral`, `negative` or `unknown`.
    #[serde(default)]
    #[schema(example = "neutral")]
    pub impact: String,
    #[serde(default)]
    pub evidence: String,
    /// What will soften a negative impact; needed for one.
    #[serde(default)]
    pub mitigation: String,
}

/// An equality impact assessment of a change. A fault in an entry is named
/// `entries.CHARACTERISTIC.impact` (or `.evidence`, `.mitigation`).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ImpactBody {
    /// A date, no later than today.
    #[schema(example = "2026-04-20")]
    pub completed_on: String,
    /// The numbers in the register of the organisations that took part;
    /// it is joint when a VCSE organisation is among them.
    #[schema(example = json!([1, 2]))]
    pub participants: Vec<i64>,
    /// One entry for each protected characteristic the Compact lists.
    pub entries: Vec<ImpactEntryBody>,
}

impl ImpactBody {
    fn input(&self) -> ImpactInput {
        ImpactInput {
            completed_on: self.completed_on.clone(),
            participants: self.participants.iter().map(i64::to_string).collect(),
            entries: self
                .entries
                .iter()
                .map(|e| ImpactEntryInput {
                    characteristic: e.characteristic,
                    impact: e.impact.clone(),
                    evidence: e.evidence.clone(),
                    mitigation: e.mitigation.clone(),
                })
                .collect(),
        }
    }
}

/// The core names an entry's fields as the page's form does
/// (`impact_age`); the body holds them in `entries`, so a fault is named
/// where it sits in the body.
fn entry_field_in_body(field: &str) -> Option<String> {
    ProtectedCharacteristic::ALL.iter().find_map(|&c| {
        let at = entry_fields(c).iter().position(|f| *f == field)?;
        let part = ["impact", "evidence", "mitigation"][at];
        Some(format!("entries.{}.{part}", name(&c)))
    })
}

/// One change to an agreement: its task list, impact assessment and the
/// findings about it the caller may read.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/agreements/{id}/changes/{change}",
    operation_id = "show_funding_change",
    tag = "funding",
    params(SlugParam, IdParam, ChangeParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "The change", body = ChangeDetail),
        (status = 400, description = "A number in the path is not a number", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "No such Compact, agreement or change", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn show_change(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id, change)): ApiPath<(String, i64, i64)>,
) -> Result<Json<ChangeDetail>, ApiError> {
    let view = state
        .app
        .change_view(
            &caller.acting(),
            &slug,
            AgreementId(id),
            FundingChangeId(change),
        )
        .await?;
    Ok(Json(ChangeDetail::from(&view)))
}

/// Record a step of the reduction procedure for a change that cuts
/// funding. Launching the consultation records it in the Compact's
/// consultations too.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/agreements/{id}/changes/{change}/steps",
    operation_id = "record_reduction_step",
    tag = "funding",
    params(SlugParam, IdParam, ChangeParam),
    request_body = StepBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The step was recorded"),
        (status = 400, description = "A number in the path is not a number, or the body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not record funding for its funder", body = ErrorBody),
        (status = 404, description = "No such Compact, agreement or change", body = ErrorBody),
        (status = 409, description = "The change follows no reduction procedure, or the consultation the step needs is not recorded", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn step(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id, change)): ApiPath<(String, i64, i64)>,
    ApiJson(body): ApiJson<StepBody>,
) -> Result<StatusCode, ApiError> {
    let input = StepInput {
        step: body.step,
        done_on: body.done_on,
        done_by: body.done_by,
        note: body.note,
        closes_on: body.closes_on,
        shortened: body.shortened,
    };
    state
        .app
        .record_step(
            &caller.acting(),
            &slug,
            AgreementId(id),
            FundingChangeId(change),
            &input,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record the equality impact assessment of a change, or record it again:
/// the one sent replaces the one recorded.
#[utoipa::path(
    put,
    path = "/api/v1/compacts/{slug}/agreements/{id}/changes/{change}/impact-assessment",
    operation_id = "record_impact_assessment",
    tag = "funding",
    params(SlugParam, IdParam, ChangeParam),
    request_body = ImpactBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The assessment was recorded"),
        (status = 400, description = "A number in the path is not a number, or the body is not the JSON expected (an unknown characteristic, say)", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not record funding for its funder", body = ErrorBody),
        (status = 404, description = "No such Compact, agreement or change", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn impact_assessment(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id, change)): ApiPath<(String, i64, i64)>,
    ApiJson(body): ApiJson<ImpactBody>,
) -> Result<StatusCode, ApiError> {
    let result = state
        .app
        .record_impact_assessment(
            &caller.acting(),
            &slug,
            AgreementId(id),
            FundingChangeId(change),
            &body.input(),
        )
        .await;
    match result.map_err(ApiError::from) {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(ApiError::Invalid(message, mut faults)) => {
            for fault in &mut faults {
                if let Some(field) = entry_field_in_body(&fault.field) {
                    fault.field = field;
                }
            }
            Err(ApiError::Invalid(message, faults))
        }
        Err(other) => Err(other),
    }
}
