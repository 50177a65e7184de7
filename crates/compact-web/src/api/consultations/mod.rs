//! Consultations through the API: the lists and one consultation as the
//! pages show them (this file), and drafting, publishing, responses and
//! feedback (`changes.rs`), with the same use cases and so the same
//! refusals as the forms.

pub mod changes;
pub mod documents;

use crate::api::auth::Caller;
use crate::api::compacts::SlugParam;
use crate::api::errors::{ApiError, ErrorBody};
use crate::api::findings::FindingItem;
use crate::api::params::ApiPath;
use crate::api::register::IdParam;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use compact_app::consultations::ConsultationView;
use compact_core::ConsultationId;
use compact_store::{ConsultationSummary, StoredResponse};
use serde::Serialize;
use utoipa::ToSchema;

/// A consultation in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationItem {
    pub id: i64,
    pub title: String,
    /// The public body that runs it.
    pub lead: i64,
    pub lead_name: String,
    /// `draft` or `published`.
    pub status: String,
    #[schema(format = Date)]
    pub opened_on: NaiveDate,
    #[schema(format = Date)]
    pub closes_on: NaiveDate,
    #[schema(format = Date)]
    pub feedback_published_on: Option<NaiveDate>,
}

impl From<&ConsultationSummary> for ConsultationItem {
    fn from(c: &ConsultationSummary) -> ConsultationItem {
        ConsultationItem {
            id: c.id.0,
            title: c.title.clone(),
            lead: c.lead.0,
            lead_name: c.lead_name.clone(),
            status: c.status.as_str().into(),
            opened_on: c.opened_on,
            closes_on: c.closes_on,
            feedback_published_on: c.feedback_published_on,
        }
    }
}

/// A Compact's consultations in the lists the page shows (at most 100
/// each).
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationLists {
    /// Open, or opening later, closing soonest first.
    pub current: Vec<ConsultationItem>,
    /// Closed, feedback not yet published.
    pub awaiting_feedback: Vec<ConsultationItem>,
    /// Closed with feedback.
    pub past: Vec<ConsultationItem>,
    /// The drafts the caller may see (none for the public).
    pub drafts: Vec<ConsultationItem>,
}

/// A document a consultation links to.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentItem {
    pub title: String,
    pub url: String,
}

/// A document uploaded to a consultation.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadedDocumentItem {
    pub id: i64,
    pub title: String,
    #[schema(example = "draft-strategy.pdf")]
    pub file_name: String,
    #[schema(example = "application/pdf")]
    pub media_type: String,
    /// In bytes.
    pub size: u64,
    /// SHA-256 of the file, in hexadecimal.
    pub sha256: String,
    /// Where it is downloaded from.
    #[schema(example = "/api/v1/compacts/wiltshire/consultations/3/documents/1")]
    pub url: String,
}

/// "You said, we did".
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackItem {
    pub heard: String,
    pub changed: String,
    pub decision: String,
    #[schema(format = Date)]
    pub decided_on: NaiveDate,
    #[schema(format = Date)]
    pub published_on: Option<NaiveDate>,
}

/// A response the caller may read.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseItem {
    pub id: i64,
    pub organisation: Option<i64>,
    pub organisation_name: Option<String>,
    pub respondent_name: Option<String>,
    /// `online`, `email`, `letter`, `meeting` or `other`.
    pub channel: String,
    #[schema(format = Date)]
    pub received_on: NaiveDate,
    pub body: String,
    pub confidential: bool,
}

impl From<&StoredResponse> for ResponseItem {
    fn from(r: &StoredResponse) -> ResponseItem {
        ResponseItem {
            id: r.id,
            organisation: r.organisation.map(|o| o.0),
            organisation_name: r.organisation_name.clone(),
            respondent_name: r.respondent_name.clone(),
            channel: r.channel.as_str().into(),
            received_on: r.received_on,
            body: r.body.clone(),
            confidential: r.confidential,
        }
    }
}

/// One consultation with what the caller may see of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationDetail {
    pub id: i64,
    pub lead: i64,
    pub lead_name: String,
    /// `draft` or `published`.
    pub status: String,
    /// `upcoming`, `open`, `awaiting_feedback` or `past`; none for a draft.
    pub phase: Option<String>,
    pub title: String,
    pub summary: String,
    pub proposal: String,
    pub sectors: Vec<String>,
    pub areas_of_work: Vec<String>,
    pub characteristics: Vec<String>,
    #[schema(format = Date)]
    pub opened_on: NaiveDate,
    #[schema(format = Date)]
    pub closes_on: NaiveDate,
    pub shorter_period_reason: Option<String>,
    /// The documents it links to.
    pub documents: Vec<DocumentItem>,
    /// The documents uploaded to it, with their download addresses.
    pub uploaded_documents: Vec<UploadedDocumentItem>,
    pub how_to_respond: String,
    pub resources: Option<String>,
    pub contact_name: String,
    pub contact_email: String,
    pub published_at: Option<DateTime<Utc>>,
    /// When feedback is due, when the Compact sets a time.
    #[schema(format = Date)]
    pub feedback_due: Option<NaiveDate>,
    pub feedback: Option<FeedbackItem>,
    /// How many responses were received (everyone sees this).
    pub response_count: i64,
    /// The responses the caller may read: all of them for the lead's
    /// officers and the secretariat, a member's own organisation's.
    pub responses: Vec<ResponseItem>,
    /// The rules engine's findings about it that the caller may read.
    pub findings: Vec<FindingItem>,
}

/// A value's name as it is written in JSON (the enums' serde names).
fn names<T: Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .filter_map(|v| serde_json::to_value(v).ok())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

impl From<&ConsultationView> for ConsultationDetail {
    fn from(v: &ConsultationView) -> ConsultationDetail {
        let c = &v.consultation;
        let d = &c.details;
        ConsultationDetail {
            id: c.id.0,
            lead: c.lead.0,
            lead_name: c.lead_name.clone(),
            status: c.status.as_str().into(),
            phase: v.phase.and_then(|p| names(&[p]).pop()),
            title: d.title.clone(),
            summary: d.summary.clone(),
            proposal: d.proposal.clone(),
            sectors: names(&d.sectors),
            areas_of_work: d.areas_of_work.clone(),
            characteristics: names(&d.characteristics),
            opened_on: d.opened_on,
            closes_on: d.closes_on,
            shorter_period_reason: d.shorter_period_reason.clone(),
            documents: d
                .documents
                .iter()
                .map(|doc| DocumentItem {
                    title: doc.title.clone(),
                    url: doc.url.clone(),
                })
                .collect(),
            uploaded_documents: v
                .documents
                .iter()
                .map(|doc| UploadedDocumentItem {
                    id: doc.id.0,
                    title: doc.title.clone(),
                    file_name: doc.file_name.clone(),
                    media_type: doc.file_type.media_type().to_string(),
                    size: doc.size,
                    sha256: doc.sha256.clone(),
                    url: documents::download_url(&v.compact.stored.slug, c.id, doc.id),
                })
                .collect(),
            how_to_respond: d.how_to_respond.clone(),
            resources: d.resources.clone(),
            contact_name: d.contact_name.clone(),
            contact_email: d.contact_email.clone(),
            published_at: c.published_at,
            feedback_due: v.feedback_due,
            feedback: c.feedback.as_ref().map(|f| FeedbackItem {
                heard: f.heard.clone(),
                changed: f.changed.clone(),
                decision: f.decision.clone(),
                decided_on: f.decided_on,
                published_on: c.feedback_published_on,
            }),
            response_count: v.response_count,
            responses: v.responses.iter().map(ResponseItem::from).collect(),
            findings: v.findings.iter().map(crate::api::findings::item).collect(),
        }
    }
}

/// A Compact's consultations: published ones for anyone, and the drafts
/// the caller may see.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/consultations",
    operation_id = "list_consultations",
    tag = "consultations",
    params(SlugParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "The lists", body = ConsultationLists),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "No such Compact", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<ConsultationLists>, ApiError> {
    let lists = state
        .app
        .consultation_lists(&caller.acting(), &slug)
        .await?;
    let items = |list: &[ConsultationSummary]| list.iter().map(ConsultationItem::from).collect();
    Ok(Json(ConsultationLists {
        current: items(&lists.current),
        awaiting_feedback: items(&lists.awaiting_feedback),
        past: items(&lists.past),
        drafts: items(&lists.drafts),
    }))
}

/// One consultation, with its findings, how many responded, and the
/// responses the caller may read. A draft the caller may not see is 404.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/consultations/{id}",
    operation_id = "show_consultation",
    tag = "consultations",
    params(SlugParam, IdParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "The consultation", body = ConsultationDetail),
        (status = 400, description = "The consultation's number is not a number", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "No such Compact or consultation", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> Result<Json<ConsultationDetail>, ApiError> {
    let view = state
        .app
        .consultation(&caller.acting(), &slug, ConsultationId(id))
        .await?;
    Ok(Json(ConsultationDetail::from(&view)))
}
