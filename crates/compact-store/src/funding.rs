//! Funding agreements recorded through the service: an agreement entered
//! or changed, an instalment scheduled or paid, a change decided, a step of
//! the reduction procedure taken, an impact assessment recorded.
//!
//! Each is one write transaction with its audit entry (which raises the
//! Compact's data version, so the findings are worked out again). What is
//! recorded was checked by the core; the store checks only what it alone
//! can see: that the agreement, change or payment belongs to the Compact.

use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::records::enum_text;
use crate::write::WritePool;
use crate::{with_pool, Store};
use compact_core::funding::StepRecorded;
use compact_core::model::{
    FundingAgreement, FundingChange, ImpactAssessment, Payment, ReductionStep,
};
use compact_core::*;
use serde_json::json;

/// Record step `$step` (a `StepRecord`) of change `$change` of Compact
/// `$compact` inside the write transaction `$tx`.
macro_rules! insert_step {
    ($tx:expr, $compact:expr, $change:expr, $step:expr) => {{
        let step = $step;
        sqlx::query(
            "INSERT INTO reduction_steps (compact_id, change_id, step, done_on, done_by, note) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($compact)
        .bind($change)
        .bind(step.step.as_str())
        .bind(step.done_on)
        .bind(&step.done_by)
        .bind(&step.note)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_step;

/// Replace the entries and participants of the impact assessment of
/// change `$change` inside the write transaction `$tx`.
macro_rules! insert_impact_details {
    ($tx:expr, $compact:expr, $change:expr, $entries:expr, $participants:expr) => {{
        sqlx::query("DELETE FROM impact_entries WHERE change_id = $1")
            .bind($change)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("DELETE FROM impact_participants WHERE change_id = $1")
            .bind($change)
            .execute(&mut *$tx)
            .await?;
        for e in $entries {
            sqlx::query(
                "INSERT INTO impact_entries (compact_id, change_id, characteristic, impact, evidence, mitigation) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind($compact)
            .bind($change)
            .bind(e.characteristic.as_str())
            .bind(e.impact.as_str())
            .bind(&e.evidence)
            .bind(&e.mitigation)
            .execute(&mut *$tx)
            .await?;
        }
        for p in $participants {
            sqlx::query(
                "INSERT INTO impact_participants (compact_id, change_id, organisation_id) VALUES ($1, $2, $3)",
            )
            .bind($compact)
            .bind($change)
            .bind(p.0)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}
pub(crate) use insert_impact_details;

pub(crate) fn agreement_subject(id: AgreementId) -> String {
    format!("agreement:{id}")
}

/// An agreement's own fields, for its audit entries (payments and changes
/// have entries of their own).
pub(crate) fn agreement_json(a: &FundingAgreement) -> serde_json::Value {
    let mut value = serde_json::to_value(a).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        map.remove("payments");
        map.remove("changes");
    }
    value
}

/// The agreement a change belongs to, checked to be of the Compact, under
/// the write lock.
macro_rules! change_of {
    ($tx:expr, $compact:expr, $agreement:expr, $change:expr) => {{
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM funding_changes WHERE compact_id = $1 AND agreement_id = $2 AND id = $3",
        )
        .bind($compact.0)
        .bind($agreement.0)
        .bind($change.0)
        .fetch_optional(&mut *$tx)
        .await?;
        found.ok_or(StoreError::NoSuchFundingChange($change))?
    }};
}

impl Store {
    /// Enter a new agreement (its payments and changes are recorded apart).
    pub async fn add_agreement(
        &self,
        compact: CompactId,
        a: &FundingAgreement,
        actor: &Actor,
    ) -> Result<AgreementId> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO agreements (compact_id, title, funder_id, recipient_id, kind, amount_pence, starts_on, ends_on, \
                 exit_strategy_agreed_on, exit_strategy_summary, purpose, paid_in, monitoring, full_cost_recovery) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(compact.0).bind(&a.title).bind(a.funder.0).bind(a.recipient.0).bind(enum_text(&a.kind))
            .bind(a.amount.0).bind(a.starts_on).bind(a.ends_on).bind(a.exit_strategy_agreed_on)
            .bind(&a.exit_strategy_summary).bind(&a.purpose).bind(a.paid_in.as_ref().map(enum_text))
            .bind(&a.monitoring).bind(a.full_cost_recovery)
            .fetch_one(&mut *tx).await?;
            let id = AgreementId(id);
            let mut after = agreement_json(a);
            after["id"] = json!(id);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::AGREEMENT_CREATE,
                subject: agreement_subject(id),
                before: None,
                after: Some(after),
            })
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Change an agreement's own fields; the audit entry keeps them before
    /// and after.
    pub async fn update_agreement(
        &self,
        compact: CompactId,
        a: &FundingAgreement,
        before: &FundingAgreement,
        actor: &Actor,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE agreements SET title = $1, funder_id = $2, recipient_id = $3, kind = $4, amount_pence = $5, \
                 starts_on = $6, ends_on = $7, exit_strategy_agreed_on = $8, exit_strategy_summary = $9, purpose = $10, \
                 paid_in = $11, monitoring = $12, full_cost_recovery = $13 WHERE compact_id = $14 AND id = $15",
            )
            .bind(&a.title).bind(a.funder.0).bind(a.recipient.0).bind(enum_text(&a.kind)).bind(a.amount.0)
            .bind(a.starts_on).bind(a.ends_on).bind(a.exit_strategy_agreed_on).bind(&a.exit_strategy_summary)
            .bind(&a.purpose).bind(a.paid_in.as_ref().map(enum_text)).bind(&a.monitoring).bind(a.full_cost_recovery)
            .bind(compact.0).bind(a.id.0)
            .execute(&mut *tx).await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::NoSuchAgreement(a.id));
            }
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::AGREEMENT_UPDATE,
                subject: agreement_subject(a.id),
                before: Some(agreement_json(before)),
                after: Some(agreement_json(a)),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Add an instalment to an agreement's schedule, paid or not.
    pub async fn add_payment(
        &self,
        compact: CompactId,
        agreement: AgreementId,
        p: &Payment,
        actor: &Actor,
    ) -> Result<PaymentId> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO payments (compact_id, agreement_id, due_on, amount_pence, paid_on) \
                 SELECT $1, id, $3, $4, $5 FROM agreements WHERE compact_id = $1 AND id = $2 RETURNING id",
            )
            .bind(compact.0).bind(agreement.0).bind(p.due_on).bind(p.amount.0).bind(p.paid_on)
            .fetch_optional(&mut *tx).await?;
            let id = PaymentId(id.ok_or(StoreError::NoSuchAgreement(agreement))?);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::PAYMENT_CREATE,
                subject: agreement_subject(agreement),
                before: None,
                after: Some(json!({ "payment": id, "due_on": p.due_on, "amount": p.amount, "paid_on": p.paid_on })),
            })
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Record the day a scheduled instalment was paid.
    pub async fn mark_paid(
        &self,
        compact: CompactId,
        agreement: AgreementId,
        payment: PaymentId,
        paid_on: Date,
        actor: &Actor,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let before: Option<Option<Date>> = sqlx::query_scalar(
                "SELECT paid_on FROM payments WHERE compact_id = $1 AND agreement_id = $2 AND id = $3",
            )
            .bind(compact.0).bind(agreement.0).bind(payment.0)
            .fetch_optional(&mut *tx).await?;
            let before = before.ok_or(StoreError::NoSuchPayment(payment))?;
            sqlx::query("UPDATE payments SET paid_on = $1 WHERE id = $2")
                .bind(paid_on).bind(payment.0)
                .execute(&mut *tx).await?;
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::PAYMENT_PAID,
                subject: agreement_subject(agreement),
                before: Some(json!({ "payment": payment, "paid_on": before })),
                after: Some(json!({ "payment": payment, "paid_on": paid_on })),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Record a change decided to an agreement.
    pub async fn add_funding_change(
        &self,
        compact: CompactId,
        agreement: AgreementId,
        ch: &FundingChange,
        actor: &Actor,
    ) -> Result<FundingChangeId> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO funding_changes (compact_id, agreement_id, kind, new_amount_pence, decided_on, \
                 notice_given_on, effective_on) \
                 SELECT $1, id, $3, $4, $5, $6, $7 FROM agreements WHERE compact_id = $1 AND id = $2 RETURNING id",
            )
            .bind(compact.0).bind(agreement.0).bind(enum_text(&ch.kind)).bind(ch.new_amount.map(|p| p.0))
            .bind(ch.decided_on).bind(ch.notice_given_on).bind(ch.effective_on)
            .fetch_optional(&mut *tx).await?;
            let id = FundingChangeId(id.ok_or(StoreError::NoSuchAgreement(agreement))?);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::FUNDING_CHANGE_CREATE,
                subject: agreement_subject(agreement),
                before: None,
                after: Some(json!({
                    "change": id, "kind": ch.kind, "new_amount": ch.new_amount, "decided_on": ch.decided_on,
                    "notice_given_on": ch.notice_given_on, "effective_on": ch.effective_on,
                })),
            })
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Record a step of the reduction procedure for a change. Where the
    /// rules engine reads the step from the records it already judges,
    /// the step is written there too: a consultation becomes a
    /// consultation led by the funder and named by the change, its
    /// criteria are that consultation's, and formal notice is the
    /// change's notice.
    pub async fn record_step(
        &self,
        compact: CompactId,
        agreement: &FundingAgreement,
        change: FundingChangeId,
        step: &StepRecorded,
        consultation_title: &str,
        actor: &Actor,
    ) -> Result<()> {
        let record = &step.record;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let change_id = change_of!(tx, compact, agreement.id, change);
            let mut consultation: Option<i64> = sqlx::query_scalar::<_, Option<i64>>(
                "SELECT consultation_id FROM funding_changes WHERE id = $1",
            )
            .bind(change_id).fetch_one(&mut *tx).await?;
            match record.step {
                ReductionStep::Consultation => {
                    let closes_on = step.closes_on.unwrap_or(record.done_on);
                    match consultation {
                        Some(k) => {
                            sqlx::query(
                                "UPDATE consultations SET opened_on = $1, closes_on = $2, shorter_period_reason = $3 WHERE id = $4",
                            )
                            .bind(record.done_on).bind(closes_on).bind(&step.shortened_reason).bind(k)
                            .execute(&mut *tx).await?;
                        }
                        None => {
                            let k: i64 = sqlx::query_scalar(
                                "INSERT INTO consultations (compact_id, title, lead_id, opened_on, closes_on, shorter_period_reason) \
                                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                            )
                            .bind(compact.0).bind(consultation_title).bind(agreement.funder.0).bind(record.done_on)
                            .bind(closes_on).bind(&step.shortened_reason)
                            .fetch_one(&mut *tx).await?;
                            sqlx::query("UPDATE funding_changes SET consultation_id = $1 WHERE id = $2")
                                .bind(k).bind(change_id).execute(&mut *tx).await?;
                            consultation = Some(k);
                        }
                    }
                }
                ReductionStep::CriteriaPublished => {
                    if let Some(k) = consultation {
                        sqlx::query("UPDATE consultations SET criteria_published_on = $1 WHERE id = $2")
                            .bind(record.done_on).bind(k).execute(&mut *tx).await?;
                    }
                }
                ReductionStep::FormalNotice => {
                    sqlx::query("UPDATE funding_changes SET notice_given_on = $1 WHERE id = $2")
                        .bind(record.done_on).bind(change_id).execute(&mut *tx).await?;
                }
                ReductionStep::ImpactAssessment | ReductionStep::FeedbackReviewed => {}
            }
            insert_step!(tx, compact.0, change_id, record);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::REDUCTION_STEP_RECORD,
                subject: agreement_subject(agreement.id),
                before: None,
                after: Some(json!({
                    "change": change, "step": record.step, "done_on": record.done_on, "done_by": record.done_by,
                    "note": record.note, "closes_on": step.closes_on, "consultation": consultation,
                })),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Record (or record again) the equality impact assessment of a change.
    pub async fn record_impact_assessment(
        &self,
        compact: CompactId,
        agreement: AgreementId,
        change: FundingChangeId,
        eia: &ImpactAssessment,
        actor: &Actor,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let change_id = change_of!(tx, compact, agreement, change);
            sqlx::query(
                "UPDATE funding_changes SET eia_completed_on = $1, eia_joint = $2, eia_characteristics = $3 WHERE id = $4",
            )
            .bind(eia.completed_on).bind(eia.joint)
            .bind(eia.characteristics.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(","))
            .bind(change_id)
            .execute(&mut *tx).await?;
            insert_impact_details!(tx, compact.0, change_id, &eia.entries, &eia.participants);
            let mut after = serde_json::to_value(eia).unwrap_or_default();
            after["change"] = json!(change);
            tx.append_audit(NewEntry {
                compact: Some(compact),
                actor,
                action: actions::IMPACT_ASSESSMENT_RECORD,
                subject: agreement_subject(agreement),
                before: None,
                after: Some(after),
            })
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
