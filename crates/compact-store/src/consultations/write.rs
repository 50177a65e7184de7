//! A consultation's changes: drafted, changed while a draft, published,
//! responded to, and fed back on. Each is one write transaction with its
//! audit entry (which raises the Compact's data version, so the kept
//! findings and pages are worked out again). Whether a change is allowed
//! by the consultation's state is checked again under the write lock, so
//! two officers publishing at once cannot both succeed.

use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::WritePool;
use crate::{with_pool, Store};
use chrono::{DateTime, NaiveDate as Date, Utc};
use compact_core::calendar::london_date;
use compact_core::consultation::{Details, Feedback, NewResponse, MAX_DOCUMENTS};
use compact_core::refusal::Conflict;
use compact_core::{AccountId, CompactId, ConsultationId, OrganisationId};
use serde_json::json;

pub(crate) fn subject(id: ConsultationId) -> String {
    format!("consultation:{id}")
}

pub(crate) fn json_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// The state a change depends on: status, when published, opening, and
/// when feedback was published.
pub(super) type StateRow = (String, Option<DateTime<Utc>>, Date, Option<Date>);

pub(super) const STATE: &str =
    "SELECT status, published_at, opened_on, feedback_published_on FROM consultations \
     WHERE compact_id = $1 AND id = $2";

/// Refused unless the consultation is a draft.
pub(super) fn must_be_draft(state: &StateRow) -> Result<()> {
    let (status, published_at, opened_on, _) = state;
    if status == "draft" {
        return Ok(());
    }
    Err(StoreError::Refused(Conflict::ConsultationPublished {
        published_on: published_at.map(london_date).unwrap_or(*opened_on),
    }))
}

impl Store {
    /// Save a new draft led by `lead`.
    pub async fn create_consultation(
        &self,
        compact: CompactId,
        lead: OrganisationId,
        details: &Details,
        actor: &Actor,
    ) -> Result<ConsultationId> {
        let d = details;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO consultations (compact_id, title, lead_id, opened_on, closes_on, shorter_period_reason, \
                 status, summary, proposal, sectors, areas_of_work, characteristics, documents, how_to_respond, \
                 resources, contact_name, contact_email) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
            )
            .bind(compact.0).bind(&d.title).bind(lead.0).bind(d.opened_on).bind(d.closes_on)
            .bind(&d.shorter_period_reason).bind(&d.summary).bind(&d.proposal).bind(json_text(&d.sectors))
            .bind(json_text(&d.areas_of_work)).bind(json_text(&d.characteristics)).bind(json_text(&d.documents))
            .bind(&d.how_to_respond).bind(&d.resources).bind(&d.contact_name).bind(&d.contact_email)
            .fetch_one(&mut *tx).await?;
            let id = ConsultationId(id);
            let mut after = serde_json::to_value(d).unwrap_or_default();
            after["lead"] = json!(lead);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::CONSULTATION_CREATE,
                subject: subject(id),
                before: None,
                after: Some(after),
            })
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Change a draft; the audit entry keeps it before and after.
    pub async fn update_consultation(
        &self,
        compact: CompactId,
        id: ConsultationId,
        details: &Details,
        before: &Details,
        actor: &Actor,
    ) -> Result<()> {
        let d = details;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let state: Option<StateRow> = sqlx::query_as(STATE).bind(compact.0).bind(id.0)
                .fetch_optional(&mut *tx).await?;
            must_be_draft(&state.ok_or(StoreError::NoSuchConsultation(id))?)?;
            let uploads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM consultation_documents WHERE consultation_id = $1")
                .bind(id.0).fetch_one(&mut *tx).await?;
            if d.documents.len() + usize::try_from(uploads).unwrap_or(usize::MAX) > MAX_DOCUMENTS {
                return Err(StoreError::Refused(Conflict::TooManyDocuments { max: MAX_DOCUMENTS }));
            }
            sqlx::query(
                "UPDATE consultations SET title = $1, opened_on = $2, closes_on = $3, shorter_period_reason = $4, \
                 summary = $5, proposal = $6, sectors = $7, areas_of_work = $8, characteristics = $9, documents = $10, \
                 how_to_respond = $11, resources = $12, contact_name = $13, contact_email = $14 \
                 WHERE compact_id = $15 AND id = $16",
            )
            .bind(&d.title).bind(d.opened_on).bind(d.closes_on).bind(&d.shorter_period_reason)
            .bind(&d.summary).bind(&d.proposal).bind(json_text(&d.sectors)).bind(json_text(&d.areas_of_work))
            .bind(json_text(&d.characteristics)).bind(json_text(&d.documents)).bind(&d.how_to_respond)
            .bind(&d.resources).bind(&d.contact_name).bind(&d.contact_email).bind(compact.0).bind(id.0)
            .execute(&mut *tx).await?;
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::CONSULTATION_UPDATE,
                subject: subject(id),
                before: serde_json::to_value(before).ok(),
                after: serde_json::to_value(d).ok(),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Publish a draft: from now on it is public and the rules engine
    /// judges it.
    pub async fn publish_consultation(
        &self,
        compact: CompactId,
        id: ConsultationId,
        actor: &Actor,
    ) -> Result<DateTime<Utc>> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let state: Option<StateRow> = sqlx::query_as(STATE).bind(compact.0).bind(id.0)
                .fetch_optional(&mut *tx).await?;
            must_be_draft(&state.ok_or(StoreError::NoSuchConsultation(id))?)?;
            let at = now();
            sqlx::query("UPDATE consultations SET status = 'published', published_at = $1 WHERE compact_id = $2 AND id = $3")
                .bind(at).bind(compact.0).bind(id.0)
                .execute(&mut *tx).await?;
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::CONSULTATION_PUBLISH,
                subject: subject(id),
                before: Some(json!({ "status": "draft" })),
                after: Some(json!({ "status": "published", "published_at": at })),
            })
            .await?;
            tx.commit().await?;
            Ok(at)
        })
    }

    /// Keep a response to a published consultation, from `organisation`
    /// or the person the response names; `submitted_by` is the account
    /// that sent or recorded it.
    pub async fn add_consultation_response(
        &self,
        compact: CompactId,
        id: ConsultationId,
        organisation: Option<OrganisationId>,
        response: &NewResponse,
        submitted_by: Option<AccountId>,
        actor: &Actor,
    ) -> Result<i64> {
        let r = response;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let state: Option<StateRow> = sqlx::query_as(STATE).bind(compact.0).bind(id.0)
                .fetch_optional(&mut *tx).await?;
            let (status, ..) = state.ok_or(StoreError::NoSuchConsultation(id))?;
            if status != "published" {
                return Err(StoreError::Refused(Conflict::ConsultationIsDraft));
            }
            let response_id: i64 = sqlx::query_scalar(
                "INSERT INTO consultation_responses (consultation_id, organisation_id, respondent_name, channel, \
                 received_on, body, confidential, submitted_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(id.0).bind(organisation.map(|o| o.0)).bind(&r.respondent_name).bind(r.channel.as_str())
            .bind(r.received_on).bind(&r.body).bind(r.confidential).bind(submitted_by.map(|a| a.0)).bind(now())
            .fetch_one(&mut *tx).await?;
            // The audit log is read by the secretariat; a confidential
            // response's words stay with the response itself.
            let mut after = json!({
                "response": response_id,
                "organisation": organisation,
                "respondent_name": r.respondent_name,
                "channel": r.channel,
                "received_on": r.received_on,
                "confidential": r.confidential,
            });
            if !r.confidential {
                after["body"] = json!(r.body);
            }
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::CONSULTATION_RESPOND,
                subject: subject(id),
                before: None,
                after: Some(after),
            })
            .await?;
            tx.commit().await?;
            Ok(response_id)
        })
    }

    /// Publish the feedback on a closed consultation, on `on`: the date the
    /// rules engine reads as the feedback's.
    pub async fn publish_consultation_feedback(
        &self,
        compact: CompactId,
        id: ConsultationId,
        feedback: &Feedback,
        on: Date,
        actor: &Actor,
    ) -> Result<()> {
        let f = feedback;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let state: Option<StateRow> = sqlx::query_as(STATE).bind(compact.0).bind(id.0)
                .fetch_optional(&mut *tx).await?;
            let (status, _, _, published) = state.ok_or(StoreError::NoSuchConsultation(id))?;
            if status != "published" {
                return Err(StoreError::Refused(Conflict::ConsultationIsDraft));
            }
            if let Some(published_on) = published {
                return Err(StoreError::Refused(Conflict::FeedbackAlreadyPublished { published_on }));
            }
            sqlx::query(
                "UPDATE consultations SET feedback_published_on = $1, feedback_heard = $2, feedback_changed = $3, \
                 decision = $4, decided_on = $5 WHERE compact_id = $6 AND id = $7",
            )
            .bind(on).bind(&f.heard).bind(&f.changed).bind(&f.decision).bind(f.decided_on)
            .bind(compact.0).bind(id.0)
            .execute(&mut *tx).await?;
            let mut after = serde_json::to_value(f).unwrap_or_default();
            after["feedback_published_on"] = json!(on);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::CONSULTATION_FEEDBACK,
                subject: subject(id),
                before: None,
                after: Some(after),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
