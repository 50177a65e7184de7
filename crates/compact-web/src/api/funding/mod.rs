//! Funding agreements through the API: a page of a Compact's agreements
//! and one agreement with everything recorded about it (this file),
//! entering and changing agreements and payments and recording changes
//! (`changes.rs`), and one change with the reduction procedure and its
//! impact assessment (`procedure.rs`), with the same use cases and so the
//! same refusals as the forms.

pub mod changes;
pub mod procedure;

use crate::api::auth::Caller;
use crate::api::compacts::SlugParam;
use crate::api::errors::{ApiError, ErrorBody};
use crate::api::findings::FindingItem;
use crate::api::params::{ApiPath, ApiQuery, PageInfo, PageParams};
use crate::api::register::IdParam;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use compact_app::funding::AgreementView;
use compact_core::model::{FundingChange, ImpactAssessment, Payment};
use compact_core::{AgreementId, OrganisationId};
use compact_store::{AgreementFilter, AgreementSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A value's name as it is written in JSON (the enums' serde names).
pub(crate) fn name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Findings counted by severity.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingCounts {
    pub breach: u64,
    pub advisory: u64,
    pub due: u64,
}

/// An agreement in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementItem {
    pub id: i64,
    pub title: String,
    /// The public body that funds it.
    pub funder: i64,
    pub funder_name: String,
    /// The VCSE organisation funded.
    pub recipient: i64,
    pub recipient_name: String,
    /// `grant` or `contract`.
    pub kind: String,
    /// In pence.
    pub amount_pence: i64,
    #[schema(format = Date)]
    pub starts_on: NaiveDate,
    #[schema(format = Date)]
    pub ends_on: NaiveDate,
    #[schema(format = Date)]
    pub exit_strategy_agreed_on: Option<NaiveDate>,
    /// How many changes were recorded to it.
    pub changes: i64,
    /// The findings about it (and its payments and changes) the caller may
    /// see.
    pub findings: FindingCounts,
}

fn item(s: &AgreementSummary, [breach, advisory, due]: [usize; 3]) -> AgreementItem {
    AgreementItem {
        id: s.id.0,
        title: s.title.clone(),
        funder: s.funder.0,
        funder_name: s.funder_name.clone(),
        recipient: s.recipient.0,
        recipient_name: s.recipient_name.clone(),
        kind: name(&s.kind),
        amount_pence: s.amount.0,
        starts_on: s.starts_on,
        ends_on: s.ends_on,
        exit_strategy_agreed_on: s.exit_strategy_agreed_on,
        changes: s.changes,
        findings: FindingCounts {
            breach: breach as u64,
            advisory: advisory as u64,
            due: due as u64,
        },
    }
}

/// A page of a Compact's agreements.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementList {
    pub items: Vec<AgreementItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// An instalment of the payment schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentItem {
    pub id: i64,
    #[schema(format = Date)]
    pub due_on: NaiveDate,
    /// In pence.
    pub amount_pence: i64,
    /// None while it is not paid.
    #[schema(format = Date)]
    pub paid_on: Option<NaiveDate>,
}

impl From<&Payment> for PaymentItem {
    fn from(p: &Payment) -> PaymentItem {
        PaymentItem {
            id: p.id.0,
            due_on: p.due_on,
            amount_pence: p.amount.0,
            paid_on: p.paid_on,
        }
    }
}

/// A step of the reduction procedure, as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepItem {
    /// `consultation`, `criteria_published`, `impact_assessment`,
    /// `feedback_reviewed` or `formal_notice`.
    pub step: String,
    #[schema(format = Date)]
    pub done_on: NaiveDate,
    pub done_by: String,
    pub note: String,
}

/// The assessed impact on one protected characteristic.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImpactEntryItem {
    pub characteristic: String,
    /// `positive`, `neutral` or `negative`.
    pub impact: String,
    pub evidence: String,
    pub mitigation: String,
}

/// An equality impact assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImpactAssessmentItem {
    #[schema(format = Date)]
    pub completed_on: NaiveDate,
    /// Undertaken jointly with VCSE representatives.
    pub joint: bool,
    pub characteristics: Vec<String>,
    pub entries: Vec<ImpactEntryItem>,
    /// The organisations that took part.
    pub participants: Vec<i64>,
}

impl From<&ImpactAssessment> for ImpactAssessmentItem {
    fn from(a: &ImpactAssessment) -> ImpactAssessmentItem {
        ImpactAssessmentItem {
            completed_on: a.completed_on,
            joint: a.joint,
            characteristics: a.characteristics.iter().map(name).collect(),
            entries: a
                .entries
                .iter()
                .map(|e| ImpactEntryItem {
                    characteristic: name(&e.characteristic),
                    impact: name(&e.impact),
                    evidence: e.evidence.clone(),
                    mitigation: e.mitigation.clone(),
                })
                .collect(),
            participants: a.participants.iter().map(|o| o.0).collect(),
        }
    }
}

/// A change decided to an agreement.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeItem {
    pub id: i64,
    /// `variation`, `reduction` or `termination`.
    pub kind: String,
    /// What the agreement is worth after the change, in pence.
    pub new_amount_pence: Option<i64>,
    #[schema(format = Date)]
    pub decided_on: NaiveDate,
    #[schema(format = Date)]
    pub notice_given_on: Option<NaiveDate>,
    #[schema(format = Date)]
    pub effective_on: NaiveDate,
    /// The consultation held about it, if any.
    pub consultation: Option<i64>,
    pub impact_assessment: Option<ImpactAssessmentItem>,
    pub steps: Vec<StepItem>,
}

impl From<&FundingChange> for ChangeItem {
    fn from(c: &FundingChange) -> ChangeItem {
        ChangeItem {
            id: c.id.0,
            kind: name(&c.kind),
            new_amount_pence: c.new_amount.map(|a| a.0),
            decided_on: c.decided_on,
            notice_given_on: c.notice_given_on,
            effective_on: c.effective_on,
            consultation: c.consultation.map(|k| k.0),
            impact_assessment: c.impact_assessment.as_ref().map(ImpactAssessmentItem::from),
            steps: c
                .steps
                .iter()
                .map(|s| StepItem {
                    step: s.step.as_str().into(),
                    done_on: s.done_on,
                    done_by: s.done_by.clone(),
                    note: s.note.clone(),
                })
                .collect(),
        }
    }
}

/// One agreement with everything recorded about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDetail {
    pub id: i64,
    pub title: String,
    pub funder: i64,
    pub funder_name: Option<String>,
    pub recipient: i64,
    pub recipient_name: Option<String>,
    /// `grant` or `contract`.
    pub kind: String,
    /// What the money is for.
    pub purpose: String,
    /// In pence.
    pub amount_pence: i64,
    #[schema(format = Date)]
    pub starts_on: NaiveDate,
    #[schema(format = Date)]
    pub ends_on: NaiveDate,
    /// `advance` or `arrears`; none when not recorded.
    pub paid_in: Option<String>,
    /// What the funder asks the recipient to report, and how often.
    pub monitoring: String,
    #[schema(format = Date)]
    pub exit_strategy_agreed_on: Option<NaiveDate>,
    pub exit_strategy_summary: String,
    /// Whether the price covers the recipient's full costs; none when not
    /// recorded.
    pub full_cost_recovery: Option<bool>,
    pub payments: Vec<PaymentItem>,
    pub changes: Vec<ChangeItem>,
    /// The rules engine's findings about it, its payments and its changes
    /// that the caller may read.
    pub findings: Vec<FindingItem>,
    /// Whether the caller may record for it.
    pub may_record: bool,
}

impl From<&AgreementView> for AgreementDetail {
    fn from(v: &AgreementView) -> AgreementDetail {
        let a = &v.agreement;
        AgreementDetail {
            id: a.id.0,
            title: a.title.clone(),
            funder: a.funder.0,
            funder_name: v.funder.as_ref().map(|p| p.name.clone()),
            recipient: a.recipient.0,
            recipient_name: v.recipient.as_ref().map(|p| p.name.clone()),
            kind: name(&a.kind),
            purpose: a.purpose.clone(),
            amount_pence: a.amount.0,
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            paid_in: a.paid_in.as_ref().map(name),
            monitoring: a.monitoring.clone(),
            exit_strategy_agreed_on: a.exit_strategy_agreed_on,
            exit_strategy_summary: a.exit_strategy_summary.clone(),
            full_cost_recovery: a.full_cost_recovery,
            payments: a.payments.iter().map(PaymentItem::from).collect(),
            changes: a.changes.iter().map(ChangeItem::from).collect(),
            findings: v.findings.iter().map(crate::api::findings::item).collect(),
            may_record: v.may_record,
        }
    }
}

/// The longest recipient search taken, as on the list page: longer than
/// any name, short enough that the words compared stay few.
const MAX_SEARCH_CHARS: usize = 200;

/// `?funder=&recipient=&search=`: the filters the list page offers.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgreementFilterParams {
    /// Only the agreements this public body funds (its number in the
    /// register).
    #[param(minimum = 1, example = 1)]
    pub funder: Option<i64>,
    /// Only the agreements that fund this organisation (its number in the
    /// register).
    #[param(minimum = 1, example = 2)]
    pub recipient: Option<i64>,
    /// Only the agreements whose recipient's name or numbers contain every
    /// word of this (the first five count).
    #[param(max_length = 200, example = "food bank")]
    pub search: Option<String>,
}

impl AgreementFilterParams {
    /// The filter asked for. A number that cannot be an organisation's or
    /// a search longer than the document allows is the caller's mistake
    /// (400), as an out-of-range page is.
    fn filter(self) -> Result<AgreementFilter, ApiError> {
        let organisation = |name: &str, number: Option<i64>| match number {
            Some(n) if n < 1 => Err(ApiError::bad_request(format!(
                "{name} must be an organisation's number in the register, 1 or more."
            ))),
            _ => Ok(number.map(OrganisationId)),
        };
        let search = self.search.map(|s| s.trim().to_string());
        if search
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_SEARCH_CHARS)
        {
            return Err(ApiError::bad_request(format!(
                "search must be at most {MAX_SEARCH_CHARS} characters."
            )));
        }
        Ok(AgreementFilter {
            funder: organisation("funder", self.funder)?,
            recipient: organisation("recipient", self.recipient)?,
            recipient_search: search.filter(|s| !s.is_empty()),
        })
    }
}

/// A page of a Compact's funding agreements, each with its findings
/// counted, perhaps only those of one funder or recipient, or of the
/// recipients a search finds.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/agreements",
    operation_id = "list_agreements",
    tag = "funding",
    params(SlugParam, PageParams, AgreementFilterParams),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "A page of the agreements", body = AgreementList),
        (status = 400, description = "A query parameter is out of range or not a number, or the search is too long", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "No such Compact", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
    ApiQuery(filter): ApiQuery<AgreementFilterParams>,
) -> Result<Json<AgreementList>, ApiError> {
    let paging = params.paging()?;
    let filter = filter.filter()?;
    let list = state
        .app
        .agreements(
            &caller.acting(),
            &slug,
            filter,
            paging.page,
            paging.per_page,
        )
        .await?;
    Ok(Json(AgreementList {
        items: list.rows.iter().map(|(s, n)| item(s, *n)).collect(),
        page: PageInfo::new(paging, list.total.max(0) as u64),
    }))
}

/// One agreement: its fields, payments, changes (with their steps and
/// impact assessments) and the findings the caller may read.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/agreements/{id}",
    operation_id = "show_agreement",
    tag = "funding",
    params(SlugParam, IdParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "The agreement", body = AgreementDetail),
        (status = 400, description = "The agreement's number is not a number", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "No such Compact or agreement", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> Result<Json<AgreementDetail>, ApiError> {
    let view = state
        .app
        .agreement_view(&caller.acting(), &slug, AgreementId(id))
        .await?;
    Ok(Json(AgreementDetail::from(&view)))
}
