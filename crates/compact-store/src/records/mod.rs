//! Saving and loading a Compact's records (the rules engine's input).

mod export;
pub(crate) mod funding_rows;
mod grants_import;
pub(crate) mod load;
mod sheet_import;

pub use export::ExportedAgreement;
pub use grants_import::GrantsImportSummary;

use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::WritePool;
use crate::{with_pool, Store};
use compact_core::model::*;
use compact_core::*;
use serde::{de::DeserializeOwned, Serialize};
use std::collections::HashMap;
use std::hash::Hash;

/// How the ids of saved records map to the ids the database gave them.
#[derive(Debug, Default, Clone)]
pub struct SavedIds {
    pub organisations: HashMap<OrganisationId, OrganisationId>,
    pub consultations: HashMap<ConsultationId, ConsultationId>,
    pub agreements: HashMap<AgreementId, AgreementId>,
    pub disputes: HashMap<DisputeId, DisputeId>,
    pub reviews: HashMap<ReviewId, ReviewId>,
}

/// The new id of a record saved earlier in the same call, or an error naming
/// the missing one.
fn lookup<K: Eq + Hash, V: Copy>(
    map: &HashMap<K, V>,
    key: &K,
    what: &'static str,
    raw: i64,
) -> Result<V> {
    map.get(key)
        .copied()
        .ok_or(StoreError::DanglingReference { what, id: raw })
}

/// The snake_case name of a domain enum, as stored.
pub(crate) fn enum_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

pub(crate) fn parse_enum<T: DeserializeOwned>(
    table: &'static str,
    column: &'static str,
    text: &str,
) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|e| {
        StoreError::Corrupt {
            table,
            column,
            value: text.to_string(),
            reason: e.to_string(),
        }
    })
}

/// Enter organisation `$o` in the register of Compact `$compact` (its
/// number) inside the write transaction `$tx`, made at `$created`; the new
/// id.
macro_rules! insert_organisation {
    ($tx:expr, $compact:expr, $o:expr, $created:expr) => {{
        let o = $o;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations (compact_id, name, kind, charity_number, company_number, postcode, \
             address, website, email, areas_of_work, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind($compact)
        .bind(&o.name)
        .bind(o.kind.as_str())
        .bind(o.charity_number.as_ref().map(|n| n.as_str()))
        .bind(o.company_number.as_ref().map(|n| n.as_str()))
        .bind(o.postcode.as_ref().map(|p| p.as_str()))
        .bind(&o.address)
        .bind(&o.website)
        .bind(&o.email)
        .bind(serde_json::to_string(&o.areas_of_work).unwrap_or_else(|_| "[]".into()))
        .bind(o.active)
        .bind($created)
        .fetch_one(&mut *$tx)
        .await?;
        id
    }};
}
pub(crate) use insert_organisation;

/// How many records of each kind, as the import's audit entry shows them.
fn counts(r: &Records) -> serde_json::Value {
    serde_json::json!({
        "organisations": r.organisations.len(),
        "signatories": r.signatories.len(),
        "consultations": r.consultations.len(),
        "agreements": r.agreements.len(),
        "payments": r.agreements.iter().map(|a| a.payments.len()).sum::<usize>(),
        "funding_changes": r.agreements.iter().map(|a| a.changes.len()).sum::<usize>(),
        "disputes": r.disputes.len(),
        "dispute_events": r.disputes.iter().map(|d| d.events.len()).sum::<usize>(),
        "seats": r.seats.len(),
        "reviews": r.reviews.len(),
        "milestones": r.milestones.len(),
    })
}

impl Store {
    /// Save `records` as new records of the Compact `compact`, in one
    /// transaction: either all are saved or none. References between the
    /// records (a consultation's lead, a change's consultation) are followed
    /// to the new ids. One audit entry records how many of each kind.
    pub async fn save_records(
        &self,
        compact: CompactId,
        records: &Records,
        actor: &Actor,
    ) -> Result<SavedIds> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let slug: String = sqlx::query_scalar("SELECT slug FROM compacts WHERE id = $1")
                .bind(compact.0)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NoSuchCompactId(compact))?;
            let mut ids = SavedIds::default();
            let c = compact.0;
            let created = now();
            for o in &records.organisations {
                let id = insert_organisation!(tx, c, o, created);
                ids.organisations.insert(o.id, OrganisationId(id));
            }
            let org = |id: OrganisationId| lookup(&ids.organisations, &id, "organisation", id.0).map(|o| o.0);
            for s in &records.signatories {
                let ch = s.champion.as_ref();
                sqlx::query(
                    "INSERT INTO signatories (compact_id, organisation_id, signed_on, signed_by, edition, withdrawn_on, withdrawal_reason, \
                     champion_name, champion_role, champion_contact, champion_appointed_on, champion_trained_on) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(c).bind(org(s.organisation)?).bind(s.signed_on).bind(&s.signed_by).bind(&s.edition)
                .bind(s.withdrawn_on).bind(&s.withdrawal_reason)
                .bind(ch.map(|c| c.name.as_str())).bind(ch.map(|c| c.role.as_str()))
                .bind(ch.map(|c| c.contact.as_str())).bind(ch.map(|c| c.appointed_on))
                .bind(ch.and_then(|c| c.trained_on))
                .execute(&mut *tx).await?;
            }
            for k in &records.consultations {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO consultations (compact_id, title, lead_id, opened_on, closes_on, shorter_period_reason, \
                     criteria_published_on, feedback_published_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(c).bind(&k.title).bind(org(k.lead)?).bind(k.opened_on).bind(k.closes_on)
                .bind(&k.shorter_period_reason).bind(k.criteria_published_on).bind(k.feedback_published_on)
                .fetch_one(&mut *tx).await?;
                ids.consultations.insert(k.id, ConsultationId(id));
            }
            for a in &records.agreements {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO agreements (compact_id, title, funder_id, recipient_id, kind, amount_pence, starts_on, ends_on, \
                     exit_strategy_agreed_on, exit_strategy_summary, purpose, paid_in, monitoring, full_cost_recovery) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                )
                .bind(c).bind(&a.title).bind(org(a.funder)?).bind(org(a.recipient)?).bind(enum_text(&a.kind))
                .bind(a.amount.0).bind(a.starts_on).bind(a.ends_on).bind(a.exit_strategy_agreed_on)
                .bind(&a.exit_strategy_summary).bind(&a.purpose).bind(a.paid_in.as_ref().map(enum_text))
                .bind(&a.monitoring).bind(a.full_cost_recovery)
                .fetch_one(&mut *tx).await?;
                ids.agreements.insert(a.id, AgreementId(id));
                for p in &a.payments {
                    sqlx::query(
                        "INSERT INTO payments (compact_id, agreement_id, due_on, amount_pence, paid_on) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(c).bind(id).bind(p.due_on).bind(p.amount.0).bind(p.paid_on)
                    .execute(&mut *tx).await?;
                }
                for ch in &a.changes {
                    let consultation = ch
                        .consultation
                        .map(|k| lookup(&ids.consultations, &k, "consultation", k.0).map(|k| k.0))
                        .transpose()?;
                    let eia = ch.impact_assessment.as_ref();
                    let change_id: i64 = sqlx::query_scalar(
                        "INSERT INTO funding_changes (compact_id, agreement_id, kind, new_amount_pence, decided_on, notice_given_on, \
                         effective_on, consultation_id, eia_completed_on, eia_joint, eia_characteristics) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                    )
                    .bind(c).bind(id).bind(enum_text(&ch.kind)).bind(ch.new_amount.map(|p| p.0))
                    .bind(ch.decided_on).bind(ch.notice_given_on).bind(ch.effective_on).bind(consultation)
                    .bind(eia.map(|e| e.completed_on)).bind(eia.map(|e| e.joint))
                    .bind(eia.map(|e| e.characteristics.iter().map(enum_text).collect::<Vec<_>>().join(",")))
                    .fetch_one(&mut *tx).await?;
                    for step in &ch.steps {
                        crate::funding::insert_step!(tx, c, change_id, step);
                    }
                    if let Some(eia) = eia {
                        let participants = eia.participants.iter().map(|&o| org(o).map(OrganisationId)).collect::<Result<Vec<_>>>()?;
                        crate::funding::insert_impact_details!(tx, c, change_id, &eia.entries, &participants);
                    }
                }
            }
            for d in &records.disputes {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO disputes (compact_id, title, raised_by_id, against_id, raised_on, summary) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(c).bind(&d.title).bind(org(d.raised_by)?).bind(org(d.against)?).bind(d.raised_on).bind(&d.summary)
                .fetch_one(&mut *tx).await?;
                ids.disputes.insert(d.id, DisputeId(id));
                for e in &d.events {
                    sqlx::query(
                        "INSERT INTO dispute_events (compact_id, dispute_id, stage, kind, happened_on, note) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(c).bind(id).bind(&e.stage).bind(enum_text(&e.kind)).bind(e.on).bind(&e.note)
                    .execute(&mut *tx).await?;
                }
            }
            for s in &records.seats {
                sqlx::query(
                    "INSERT INTO seats (compact_id, body, constituency, holder, organisation_id, roles, held_from, held_until) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(c).bind(&s.body).bind(&s.constituency).bind(&s.holder)
                .bind(s.organisation.map(org).transpose()?).bind(s.roles.join(",")).bind(s.from).bind(s.until)
                .execute(&mut *tx).await?;
            }
            for r in &records.reviews {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO reviews (compact_id, review_year, completed_on, report_published_on, meeting_held_on) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(c).bind(r.year).bind(r.completed_on).bind(r.report_published_on).bind(r.meeting_held_on)
                .fetch_one(&mut *tx).await?;
                ids.reviews.insert(r.id, ReviewId(id));
            }
            for m in &records.milestones {
                let review = m.review.map(|r| lookup(&ids.reviews, &r, "review", r.0).map(|r| r.0)).transpose()?;
                sqlx::query(
                    "INSERT INTO milestones (compact_id, review_id, area, title, due_on, done_on) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(c).bind(review).bind(&m.area).bind(&m.title).bind(m.due_on).bind(m.done_on)
                .execute(&mut *tx).await?;
            }
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::RECORDS_IMPORT,
                subject: format!("compact:{slug}"),
                before: None,
                after: Some(counts(records)),
            })
            .await?;
            tx.commit().await?;
            Ok(ids)
        })
    }
}
