//! `GET /api/v1/compacts/{slug}/findings`: what the rules engine reports
//! for a Compact today, with the same rules as the findings page. Everyone
//! gets the counts of all findings; dispute findings are confidential, so
//! only the secretariat, the Compact Group and the parties to a dispute get
//! them as items. The others learn how many were held back.

use super::auth::Caller;
use super::compacts::{load, SlugParam};
use super::errors::{ApiError, ErrorBody, OrInternal};
use super::params::{ApiPath, ApiQuery, PageInfo, PageParams};
use crate::views::FindingsView;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use compact_core::rules::{self, Finding, RecordRef};
use serde::Serialize;
use utoipa::ToSchema;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A firm commitment was missed.
    Breach,
    /// A softened commitment was missed, or a shorter period had a reason.
    Advisory,
    /// A deadline of an open matter falls within the coming 14 days.
    Due,
}

impl From<rules::Severity> for Severity {
    fn from(s: rules::Severity) -> Severity {
        match s {
            rules::Severity::Breach => Severity::Breach,
            rules::Severity::Advisory => Severity::Advisory,
            rules::Severity::Due => Severity::Due,
        }
    }
}

/// How many findings of each severity there are, confidential ones
/// included.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct SeverityCounts {
    pub breach: u64,
    pub advisory: u64,
    pub due: u64,
}

/// The kind of record a finding is about.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Compact,
    Signatory,
    Consultation,
    Agreement,
    Payment,
    FundingChange,
    Dispute,
    Body,
    Review,
    Milestone,
}

/// A record's id: a number for records, a name for the Compact (its slug)
/// and its bodies (the body's id in the definition).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum RecordId {
    Number(i64),
    Name(String),
}

/// A record, with a label a person can read.
#[derive(Debug, Serialize, ToSchema)]
pub struct Subject {
    pub kind: RecordKind,
    pub id: RecordId,
    #[schema(example = "Library opening hours")]
    pub label: String,
}

/// A date the explanation relies on, e.g. `opened`, `required_close`.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabelledDate {
    pub label: String,
    pub date: NaiveDate,
}

/// One finding.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingItem {
    /// The rule's stable id (see docs/rules.md).
    #[schema(example = "consultation.feedback_overdue")]
    pub rule: String,
    pub severity: Severity,
    pub subject: Subject,
    /// The record that holds the subject, when there is one (the agreement
    /// a payment belongs to).
    pub context: Option<Subject>,
    /// The date the finding turns on.
    pub date: NaiveDate,
    pub dates: Vec<LabelledDate>,
    /// Plain English, quoting the Compact's own standard.
    pub explanation: String,
    /// Whether it is about a dispute (only some callers see those).
    pub confidential: bool,
}

/// The findings as of today: counts of all, and a page of those the caller
/// may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingsList {
    /// Today in London, the date the rules were checked as of.
    pub as_of: NaiveDate,
    pub counts: SeverityCounts,
    /// Confidential findings counted above but not listed for this caller.
    pub hidden_confidential: u64,
    pub items: Vec<FindingItem>,
    /// `total` counts the findings this caller may see.
    #[serde(flatten)]
    pub page: PageInfo,
}

/// The findings of a Compact today: breaches, advisories and deadlines due.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/findings",
    operation_id = "list_findings",
    tag = "findings",
    params(SlugParam, PageParams),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "Counts of all findings and a page of those the caller may see", body = FindingsList),
        (status = 400, description = "A query parameter is out of range or not a number", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<FindingsList>, ApiError> {
    let paging = params.paging()?;
    let loaded = load(&state, &slug).await?;
    let findings = state.app.findings(&loaded.stored).await.or_internal()?;
    // The page's own view, so the API never shows more than the page does.
    let view = FindingsView::of(&findings, &caller.viewer);
    let [breach, advisory, due] = view.counts.map(|n| n as u64);
    let items = paging
        .slice(&view.visible)
        .iter()
        .map(|f| item(f))
        .collect();
    Ok(Json(FindingsList {
        as_of: view.as_of,
        counts: SeverityCounts {
            breach,
            advisory,
            due,
        },
        hidden_confidential: view.hidden as u64,
        items,
        page: PageInfo::new(paging, view.visible.len() as u64),
    }))
}

pub(crate) fn item(f: &Finding) -> FindingItem {
    FindingItem {
        rule: f.rule.as_str().to_string(),
        severity: f.severity.into(),
        subject: subject(&f.subject),
        context: f.context.as_ref().map(subject),
        date: f.date,
        dates: f
            .dates
            .iter()
            .map(|d| LabelledDate {
                label: d.label.to_string(),
                date: d.date,
            })
            .collect(),
        explanation: f.explanation.clone(),
        confidential: f.confidential,
    }
}

fn subject(s: &rules::Subject) -> Subject {
    use RecordId::{Name, Number};
    let (kind, id) = match &s.record {
        RecordRef::Compact(slug) => (RecordKind::Compact, Name(slug.clone())),
        RecordRef::Signatory(id) => (RecordKind::Signatory, Number(id.0)),
        RecordRef::Consultation(id) => (RecordKind::Consultation, Number(id.0)),
        RecordRef::Agreement(id) => (RecordKind::Agreement, Number(id.0)),
        RecordRef::Payment(id) => (RecordKind::Payment, Number(id.0)),
        RecordRef::FundingChange(id) => (RecordKind::FundingChange, Number(id.0)),
        RecordRef::Dispute(id) => (RecordKind::Dispute, Number(id.0)),
        RecordRef::Body(id) => (RecordKind::Body, Name(id.clone())),
        RecordRef::Review(id) => (RecordKind::Review, Number(id.0)),
        RecordRef::Milestone(id) => (RecordKind::Milestone, Number(id.0)),
    };
    Subject {
        kind,
        id,
        label: s.label.clone(),
    }
}
