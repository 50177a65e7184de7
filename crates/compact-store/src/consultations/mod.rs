//! Consultations run through the service, and their responses: bounded
//! reads for the pages and feeds (each list has a LIMIT and an index), and
//! the writes in `write.rs`.

mod documents;
mod write;

pub use documents::StoredDocument;
pub(crate) use write::{json_text, subject};

use crate::error::{Result, StoreError};
use crate::{with_pool, Store};
use chrono::{DateTime, NaiveDate as Date, Utc};
use compact_core::consultation::{Channel, Details, Document, Feedback, Status};
use compact_core::definition::{OrganisationKind, ProtectedCharacteristic, Sector};
use compact_core::{CompactId, ConsultationId, OrganisationId};

/// One consultation with everything it says.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredConsultation {
    pub id: ConsultationId,
    pub compact: CompactId,
    pub lead: OrganisationId,
    pub lead_name: String,
    pub lead_kind: OrganisationKind,
    pub status: Status,
    pub details: Details,
    /// When it was published through the service (none for imported
    /// records).
    pub published_at: Option<DateTime<Utc>>,
    pub feedback_published_on: Option<Date>,
    pub feedback: Option<Feedback>,
}

/// A consultation in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationSummary {
    pub id: ConsultationId,
    pub title: String,
    pub lead: OrganisationId,
    pub lead_name: String,
    pub status: Status,
    pub opened_on: Date,
    pub closes_on: Date,
    pub feedback_published_on: Option<Date>,
}

/// Which consultations a list shows, on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Published and not yet closed (open, or opening later), closing
    /// soonest first.
    Current,
    /// Closed, feedback not yet published, most recently closed first.
    AwaitingFeedback,
    /// Closed with feedback, most recently closed first.
    Past,
    /// Drafts, newest first: all of them, or one lead's.
    Drafts(Option<OrganisationId>),
}

/// A response as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub id: i64,
    pub consultation: ConsultationId,
    pub organisation: Option<OrganisationId>,
    pub organisation_name: Option<String>,
    pub respondent_name: Option<String>,
    pub channel: Channel,
    pub received_on: Date,
    pub body: String,
    pub confidential: bool,
    pub recorded_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    pub(crate) id: i64,
    compact_id: i64,
    lead_id: i64,
    lead_name: String,
    lead_kind: String,
    status: String,
    title: String,
    summary: String,
    proposal: String,
    sectors: String,
    areas_of_work: String,
    characteristics: String,
    opened_on: Date,
    closes_on: Date,
    shorter_period_reason: Option<String>,
    documents: String,
    how_to_respond: String,
    resources: Option<String>,
    contact_name: String,
    contact_email: String,
    published_at: Option<DateTime<Utc>>,
    feedback_published_on: Option<Date>,
    feedback_heard: Option<String>,
    feedback_changed: Option<String>,
    decision: Option<String>,
    decided_on: Option<Date>,
}

pub(crate) const COLUMNS: &str = "c.id, c.compact_id, c.lead_id, o.name AS lead_name, o.kind AS lead_kind, c.status, c.title, c.summary, \
    c.proposal, c.sectors, c.areas_of_work, c.characteristics, c.opened_on, c.closes_on, c.shorter_period_reason, \
    c.documents, c.how_to_respond, c.resources, c.contact_name, c.contact_email, c.published_at, \
    c.feedback_published_on, c.feedback_heard, c.feedback_changed, c.decision, c.decided_on \
    FROM consultations c JOIN organisations o ON o.id = c.lead_id";

fn list<T: serde::de::DeserializeOwned>(column: &'static str, text: &str) -> Result<Vec<T>> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        table: "consultations",
        column,
        value: text.to_string(),
        reason: e.to_string(),
    })
}

fn status(text: &str) -> Result<Status> {
    crate::records::parse_enum("consultations", "status", text)
}

impl TryFrom<Row> for StoredConsultation {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<StoredConsultation> {
        let sectors: Vec<Sector> = list("sectors", &r.sectors)?;
        let characteristics: Vec<ProtectedCharacteristic> =
            list("characteristics", &r.characteristics)?;
        let documents: Vec<Document> = list("documents", &r.documents)?;
        let feedback = match (
            r.feedback_heard,
            r.feedback_changed,
            r.decision,
            r.decided_on,
        ) {
            (Some(heard), Some(changed), Some(decision), Some(decided_on)) => Some(Feedback {
                heard,
                changed,
                decision,
                decided_on,
            }),
            _ => None,
        };
        Ok(StoredConsultation {
            id: ConsultationId(r.id),
            compact: CompactId(r.compact_id),
            lead: OrganisationId(r.lead_id),
            lead_name: r.lead_name,
            lead_kind: crate::records::parse_enum("organisations", "kind", &r.lead_kind)?,
            status: status(&r.status)?,
            details: Details {
                title: r.title,
                summary: r.summary,
                proposal: r.proposal,
                sectors,
                areas_of_work: list("areas_of_work", &r.areas_of_work)?,
                characteristics,
                opened_on: r.opened_on,
                closes_on: r.closes_on,
                shorter_period_reason: r.shorter_period_reason,
                documents,
                how_to_respond: r.how_to_respond,
                resources: r.resources,
                contact_name: r.contact_name,
                contact_email: r.contact_email,
            },
            published_at: r.published_at,
            feedback_published_on: r.feedback_published_on,
            feedback,
        })
    }
}

type SummaryRow = (i64, String, i64, String, String, Date, Date, Option<Date>);

const SUMMARY_COLUMNS: &str =
    "c.id, c.title, c.lead_id, o.name, c.status, c.opened_on, c.closes_on, \
    c.feedback_published_on FROM consultations c JOIN organisations o ON o.id = c.lead_id";

#[derive(sqlx::FromRow)]
struct ResponseRow {
    id: i64,
    consultation_id: i64,
    organisation_id: Option<i64>,
    organisation_name: Option<String>,
    respondent_name: Option<String>,
    channel: String,
    received_on: Date,
    body: String,
    confidential: bool,
    recorded_at: DateTime<Utc>,
}

impl Store {
    /// The consultation `id` of `compact`, draft or published.
    pub async fn consultation(
        &self,
        compact: CompactId,
        id: ConsultationId,
    ) -> Result<Option<StoredConsultation>> {
        let row: Option<Row> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {COLUMNS} WHERE c.compact_id = $1 AND c.id = $2"))
                .bind(compact.0)
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        row.map(StoredConsultation::try_from).transpose()
    }

    /// Up to `limit` consultations of `compact` that `listing` shows on
    /// `today`.
    pub async fn consultations(
        &self,
        compact: CompactId,
        listing: Listing,
        today: Date,
        limit: u32,
    ) -> Result<Vec<ConsultationSummary>> {
        let (condition, order) = match listing {
            Listing::Current => ("c.status = 'published' AND c.closes_on >= $2", "c.closes_on, c.id"),
            Listing::AwaitingFeedback => (
                "c.status = 'published' AND c.closes_on < $2 AND c.feedback_published_on IS NULL",
                "c.closes_on DESC, c.id DESC",
            ),
            Listing::Past => (
                "c.status = 'published' AND c.closes_on < $2 AND c.feedback_published_on IS NOT NULL",
                "c.closes_on DESC, c.id DESC",
            ),
            Listing::Drafts(_) => (
                "c.status = 'draft' AND ($3 IS NULL OR c.lead_id = $3) AND $2 IS NOT NULL",
                "c.id DESC",
            ),
        };
        let lead = match listing {
            Listing::Drafts(lead) => lead.map(|l| l.0),
            _ => None,
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} WHERE c.compact_id = $1 AND {condition} ORDER BY {order} LIMIT {limit}"
        );
        let rows: Vec<SummaryRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(compact.0)
                .bind(today)
                .bind(lead)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(
                |(id, title, lead, lead_name, s, opened_on, closes_on, feedback)| {
                    Ok(ConsultationSummary {
                        id: ConsultationId(id),
                        title,
                        lead: OrganisationId(lead),
                        lead_name,
                        status: status(&s)?,
                        opened_on,
                        closes_on,
                        feedback_published_on: feedback,
                    })
                },
            )
            .collect()
    }

    /// Up to `limit` published consultations of `compact` (or of one lead),
    /// most recently published or fed back on first: what the feeds show.
    pub async fn consultation_feed(
        &self,
        compact: CompactId,
        lead: Option<OrganisationId>,
        limit: u32,
    ) -> Result<Vec<StoredConsultation>> {
        let rows: Vec<Row> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} WHERE c.compact_id = $1 AND c.status = 'published' \
                 AND ($2 IS NULL OR c.lead_id = $2) ORDER BY c.id DESC LIMIT {limit}"
            ))
            .bind(compact.0)
            .bind(lead.map(|l| l.0))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(StoredConsultation::try_from).collect()
    }

    /// Up to `limit` responses to `consultation`, oldest first: every one,
    /// or only those from `from`.
    pub async fn consultation_responses(
        &self,
        consultation: ConsultationId,
        from: Option<OrganisationId>,
        limit: u32,
    ) -> Result<Vec<StoredResponse>> {
        let rows: Vec<ResponseRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT r.id, r.consultation_id, r.organisation_id, o.name AS organisation_name, r.respondent_name, \
                 r.channel, r.received_on, r.body, r.confidential, r.recorded_at \
                 FROM consultation_responses r LEFT JOIN organisations o ON o.id = r.organisation_id \
                 WHERE r.consultation_id = $1 AND ($2 IS NULL OR r.organisation_id = $2) \
                 ORDER BY r.id LIMIT {limit}"
            ))
            .bind(consultation.0)
            .bind(from.map(|o| o.0))
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(StoredResponse {
                    id: r.id,
                    consultation: ConsultationId(r.consultation_id),
                    organisation: r.organisation_id.map(OrganisationId),
                    organisation_name: r.organisation_name,
                    respondent_name: r.respondent_name,
                    channel: crate::records::parse_enum(
                        "consultation_responses",
                        "channel",
                        &r.channel,
                    )?,
                    received_on: r.received_on,
                    body: r.body,
                    confidential: r.confidential,
                    recorded_at: r.recorded_at,
                })
            })
            .collect()
    }

    /// Up to `limit` public bodies of the register of `compact` (entered in
    /// it or signed up to it), by name: the leads a consultation may have.
    pub async fn public_bodies(
        &self,
        compact: CompactId,
        limit: u32,
    ) -> Result<Vec<(OrganisationId, String)>> {
        let kinds: Vec<String> = OrganisationKind::ALL
            .into_iter()
            .filter(|k| k.sector() == Sector::Public)
            .map(|k| format!("'{}'", k.as_str()))
            .collect();
        let sql = format!(
            "SELECT id, name FROM organisations WHERE kind IN ({}) AND (compact_id = $1 \
             OR EXISTS (SELECT 1 FROM signatories s WHERE s.compact_id = $1 AND s.organisation_id = organisations.id)) \
             ORDER BY name, id LIMIT {limit}",
            kinds.join(", ")
        );
        let rows: Vec<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(compact.0).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, name)| (OrganisationId(id), name))
            .collect())
    }

    /// How many responses `consultation` has received.
    pub async fn consultation_response_count(&self, consultation: ConsultationId) -> Result<i64> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1")
                .bind(consultation.0)
                .fetch_one(pool)
                .await?
        }))
    }
}

/// A consultation carrying a council's `reference`, as a spreadsheet's row
/// is compared with it, with the number of documents uploaded on its page.
pub(crate) fn sheet_record(
    row: Row,
    uploads: i64,
) -> Result<compact_core::spreadsheets::ConsultationRecord> {
    let c = StoredConsultation::try_from(row)?;
    Ok(compact_core::spreadsheets::ConsultationRecord {
        id: c.id,
        lead: c.lead,
        status: c.status,
        details: c.details,
        feedback: c.feedback,
        feedback_published_on: c.feedback_published_on,
        uploads: usize::try_from(uploads).unwrap_or(usize::MAX),
    })
}
