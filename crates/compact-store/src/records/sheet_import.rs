//! Saving a council's spreadsheet of consultations, agreements, payments
//! or changes (planned by `compact_core::spreadsheets::plan`): the register and the
//! records with references are read inside the write transaction, the core
//! decides each row, and the good rows are written, each with its own
//! audit entry (an update keeps the record before and after), then one
//! entry with the counts. A dry run does the same and rolls back; an
//! import that changes nothing leaves no entry.
//!
//! A row at a time: a council's spreadsheet is hundreds or thousands of
//! rows, not the hundreds of thousands of the charity register.

use super::funding_rows::{assemble_agreements, AgreementRow, FundingRows, AGREEMENT_COLUMNS};
use super::{enum_text, parse_enum};
use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::consultations::{self, json_text, sheet_record};
use crate::error::Result;
use crate::funding::{agreement_json, agreement_subject};
use crate::funding_read::IN_REGISTER;
use crate::import::{finish_import, ImportSummary};
use crate::write::WritePool;
use crate::{with_pool, Store};
use compact_core::consultation::Choices;
use compact_core::definition::OrganisationKind;
use compact_core::model::{FundingChange, Payment};
use compact_core::spreadsheets::{
    plan, ConsultationRecord, Directory, Party, Planned, RecordPlan, Sheet, SheetKind,
    StoredRecords,
};
use compact_core::*;
use serde_json::json;
use std::collections::HashMap;

/// How often, in rows, progress is reported.
const PROGRESS_EVERY: usize = 200;

type PartyTuple = (i64, String, String, Option<String>, Option<String>);
type PaymentTuple = (i64, i64, Date, i64, Option<Date>, String);
type ChangeTuple = (
    i64,
    i64,
    String,
    Option<i64>,
    Date,
    Option<Date>,
    Date,
    String,
);

/// Write `$record` (a `RecordPlan`), new (`$id` is `None`) or over the
/// stored record, with its reference, and its audit entry.
macro_rules! write_record {
    ($tx:expr, $c:expr, $reference:expr, $record:expr, $before:expr) => {{
        let reference: &str = $reference;
        let before: Option<&RecordPlan> = $before;
        match $record {
            RecordPlan::Consultation(k) => {
                let d = &k.details;
                let f = k.feedback.as_ref();
                let id = match before {
                    None => sqlx::query_scalar(
                        "INSERT INTO consultations (compact_id, title, lead_id, opened_on, closes_on, shorter_period_reason, \
                         status, summary, proposal, sectors, areas_of_work, characteristics, documents, how_to_respond, \
                         resources, contact_name, contact_email, feedback_published_on, feedback_heard, feedback_changed, \
                         decision, decided_on, reference) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
                         $21, $22, $23) RETURNING id",
                    )
                    .bind($c).bind(&d.title).bind(k.lead.0).bind(d.opened_on).bind(d.closes_on)
                    .bind(&d.shorter_period_reason).bind(k.status.as_str()).bind(&d.summary).bind(&d.proposal)
                    .bind(json_text(&d.sectors)).bind(json_text(&d.areas_of_work)).bind(json_text(&d.characteristics))
                    .bind(json_text(&d.documents)).bind(&d.how_to_respond).bind(&d.resources).bind(&d.contact_name)
                    .bind(&d.contact_email).bind(k.feedback_published_on).bind(f.map(|f| &f.heard))
                    .bind(f.map(|f| &f.changed)).bind(f.map(|f| &f.decision)).bind(f.map(|f| f.decided_on))
                    .bind(reference)
                    .fetch_one(&mut *$tx).await?,
                    Some(_) => {
                        sqlx::query(
                            "UPDATE consultations SET title = $1, opened_on = $2, closes_on = $3, shorter_period_reason = $4, \
                             status = $5, summary = $6, proposal = $7, sectors = $8, areas_of_work = $9, characteristics = $10, \
                             documents = $11, how_to_respond = $12, resources = $13, contact_name = $14, contact_email = $15, \
                             feedback_published_on = $16, feedback_heard = $17, feedback_changed = $18, decision = $19, \
                             decided_on = $20 WHERE compact_id = $21 AND id = $22",
                        )
                        .bind(&d.title).bind(d.opened_on).bind(d.closes_on).bind(&d.shorter_period_reason)
                        .bind(k.status.as_str()).bind(&d.summary).bind(&d.proposal).bind(json_text(&d.sectors))
                        .bind(json_text(&d.areas_of_work)).bind(json_text(&d.characteristics))
                        .bind(json_text(&d.documents)).bind(&d.how_to_respond).bind(&d.resources)
                        .bind(&d.contact_name).bind(&d.contact_email).bind(k.feedback_published_on)
                        .bind(f.map(|f| &f.heard)).bind(f.map(|f| &f.changed)).bind(f.map(|f| &f.decision))
                        .bind(f.map(|f| f.decided_on)).bind($c).bind(k.id.0)
                        .execute(&mut *$tx).await?;
                        k.id.0
                    }
                };
                let id = ConsultationId(id);
                let json_of = |k: &ConsultationRecord| {
                    let mut v = serde_json::to_value(&k.details).unwrap_or_default();
                    v["consultation"] = json!(id);
                    v["lead"] = json!(k.lead);
                    v["reference"] = json!(reference);
                    v["status"] = json!(k.status);
                    v["feedback"] = json!(k.feedback);
                    v["feedback_published_on"] = json!(k.feedback_published_on);
                    v
                };
                let before = match before {
                    Some(RecordPlan::Consultation(b)) => Some(json_of(b)),
                    _ => None,
                };
                let action = if before.is_some() { actions::CONSULTATION_UPDATE } else { actions::CONSULTATION_CREATE };
                (action, consultations::subject(id), before, json_of(k))
            }
            RecordPlan::Agreement(a) => {
                let id = match before {
                    None => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO agreements (compact_id, title, funder_id, recipient_id, kind, amount_pence, starts_on, \
                             ends_on, exit_strategy_agreed_on, exit_strategy_summary, purpose, paid_in, monitoring, \
                             full_cost_recovery, reference) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
                        )
                        .bind($c).bind(&a.title).bind(a.funder.0).bind(a.recipient.0).bind(enum_text(&a.kind))
                        .bind(a.amount.0).bind(a.starts_on).bind(a.ends_on).bind(a.exit_strategy_agreed_on)
                        .bind(&a.exit_strategy_summary).bind(&a.purpose).bind(a.paid_in.as_ref().map(enum_text))
                        .bind(&a.monitoring).bind(a.full_cost_recovery).bind(reference)
                        .fetch_one(&mut *$tx).await?;
                        AgreementId(id)
                    }
                    Some(_) => {
                        sqlx::query(
                            "UPDATE agreements SET title = $1, recipient_id = $2, kind = $3, amount_pence = $4, \
                             starts_on = $5, ends_on = $6, exit_strategy_agreed_on = $7, exit_strategy_summary = $8, \
                             purpose = $9, paid_in = $10, monitoring = $11, full_cost_recovery = $12 \
                             WHERE compact_id = $13 AND id = $14",
                        )
                        .bind(&a.title).bind(a.recipient.0).bind(enum_text(&a.kind)).bind(a.amount.0)
                        .bind(a.starts_on).bind(a.ends_on).bind(a.exit_strategy_agreed_on).bind(&a.exit_strategy_summary)
                        .bind(&a.purpose).bind(a.paid_in.as_ref().map(enum_text)).bind(&a.monitoring)
                        .bind(a.full_cost_recovery).bind($c).bind(a.id.0)
                        .execute(&mut *$tx).await?;
                        a.id
                    }
                };
                let mut after = agreement_json(a);
                after["id"] = json!(id);
                after["reference"] = json!(reference);
                let before = match before {
                    Some(RecordPlan::Agreement(b)) => {
                        let mut b = agreement_json(b);
                        b["reference"] = json!(reference);
                        Some(b)
                    }
                    _ => None,
                };
                let action = if before.is_some() { actions::AGREEMENT_UPDATE } else { actions::AGREEMENT_CREATE };
                (action, agreement_subject(id), before, after)
            }
            RecordPlan::Payment { agreement, payment: p } => {
                let id = match before {
                    None => sqlx::query_scalar(
                        "INSERT INTO payments (compact_id, agreement_id, due_on, amount_pence, paid_on, reference) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind($c).bind(agreement.0).bind(p.due_on).bind(p.amount.0).bind(p.paid_on).bind(reference)
                    .fetch_one(&mut *$tx).await?,
                    Some(_) => {
                        sqlx::query("UPDATE payments SET due_on = $1, amount_pence = $2, paid_on = $3 WHERE compact_id = $4 AND id = $5")
                            .bind(p.due_on).bind(p.amount.0).bind(p.paid_on).bind($c).bind(p.id.0)
                            .execute(&mut *$tx).await?;
                        p.id.0
                    }
                };
                let json_of = |p: &Payment| json!({
                    "payment": PaymentId(id), "reference": reference, "due_on": p.due_on,
                    "amount": p.amount, "paid_on": p.paid_on,
                });
                let before = match before {
                    Some(RecordPlan::Payment { payment, .. }) => Some(json_of(payment)),
                    _ => None,
                };
                let action = if before.is_some() { actions::PAYMENT_UPDATE } else { actions::PAYMENT_CREATE };
                (action, agreement_subject(*agreement), before, json_of(p))
            }
            RecordPlan::Change { agreement, change: ch } => {
                let id = match before {
                    None => sqlx::query_scalar(
                        "INSERT INTO funding_changes (compact_id, agreement_id, kind, new_amount_pence, decided_on, \
                         notice_given_on, effective_on, reference) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                    )
                    .bind($c).bind(agreement.0).bind(enum_text(&ch.kind)).bind(ch.new_amount.map(|p| p.0))
                    .bind(ch.decided_on).bind(ch.notice_given_on).bind(ch.effective_on).bind(reference)
                    .fetch_one(&mut *$tx).await?,
                    Some(_) => {
                        sqlx::query(
                            "UPDATE funding_changes SET kind = $1, new_amount_pence = $2, decided_on = $3, \
                             notice_given_on = $4, effective_on = $5 WHERE compact_id = $6 AND id = $7",
                        )
                        .bind(enum_text(&ch.kind)).bind(ch.new_amount.map(|p| p.0)).bind(ch.decided_on)
                        .bind(ch.notice_given_on).bind(ch.effective_on).bind($c).bind(ch.id.0)
                        .execute(&mut *$tx).await?;
                        ch.id.0
                    }
                };
                let json_of = |ch: &FundingChange| json!({
                    "change": FundingChangeId(id), "reference": reference, "kind": ch.kind,
                    "new_amount": ch.new_amount, "decided_on": ch.decided_on,
                    "notice_given_on": ch.notice_given_on, "effective_on": ch.effective_on,
                });
                let before = match before {
                    Some(RecordPlan::Change { change, .. }) => Some(json_of(change)),
                    _ => None,
                };
                let action = if before.is_some() { actions::FUNDING_CHANGE_UPDATE } else { actions::FUNDING_CHANGE_CREATE };
                (action, agreement_subject(*agreement), before, json_of(ch))
            }
        }
    }};
}

impl Store {
    /// Import the rows of `sheet` into the records of `compact` (see the
    /// module documentation). `may_record` says whether the one importing
    /// may record for a public body (its funding, or its consultations, as
    /// the sheet holds); `today` dates the forms' checks, and `choices`
    /// are what the Compact lets a consultation name as affected.
    /// `progress` hears now and then how many rows are done.
    #[allow(clippy::too_many_arguments)]
    pub async fn import_sheet_reporting(
        &self,
        compact: CompactId,
        sheet: &Sheet,
        today: Date,
        choices: Choices<'_>,
        may_record: &(dyn Fn(OrganisationId) -> bool + Send + Sync),
        actor: &Actor,
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportSummary> {
        let c = compact.0;
        let mut summary = ImportSummary {
            dry_run,
            ..ImportSummary::default()
        };
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let parties: Vec<PartyTuple> = sqlx::query_as(&format!(
                "SELECT o.id, o.name, o.kind, o.charity_number, o.company_number FROM organisations o WHERE {IN_REGISTER}"
            ))
            .bind(c).fetch_all(&mut *tx).await?;
            let directory = Directory::new(
                parties
                    .into_iter()
                    .filter_map(|(id, name, kind, charity_number, company_number)| {
                        Some(Party {
                            id: OrganisationId(id),
                            name,
                            kind: OrganisationKind::parse(&kind)?,
                            charity_number,
                            company_number,
                        })
                    })
                    .collect(),
            );
            // Read inside the write transaction, so what a row is compared
            // with is what it will change.
            let mut stored = StoredRecords::default();
            if sheet.kind != SheetKind::Consultations {
                let rows: Vec<AgreementRow> = sqlx::query_as(&format!(
                    "SELECT {AGREEMENT_COLUMNS} FROM agreements WHERE compact_id = $1 AND reference IS NOT NULL ORDER BY id"
                ))
                .bind(c).fetch_all(&mut *tx).await?;
                let references: HashMap<i64, String> = sqlx::query_as(
                    "SELECT id, reference FROM agreements WHERE compact_id = $1 AND reference IS NOT NULL",
                )
                .bind(c).fetch_all(&mut *tx).await?.into_iter().collect();
                let agreements = assemble_agreements(FundingRows { agreements: rows, ..FundingRows::default() })?;
                stored.agreements = agreements
                    .into_iter()
                    .filter_map(|a| Some((references.get(&a.id.0)?.clone(), a)))
                    .collect();
            }
            if sheet.kind == SheetKind::Consultations {
                let uploads: HashMap<i64, (String, i64)> = sqlx::query_as::<_, (i64, String, i64)>(
                    "SELECT c.id, c.reference, (SELECT COUNT(*) FROM consultation_documents d \
                     WHERE d.consultation_id = c.id) FROM consultations c \
                     WHERE c.compact_id = $1 AND c.reference IS NOT NULL",
                )
                .bind(c).fetch_all(&mut *tx).await?
                .into_iter().map(|(id, reference, uploads)| (id, (reference, uploads))).collect();
                let rows: Vec<consultations::Row> = sqlx::query_as(&format!(
                    "SELECT {} WHERE c.compact_id = $1 AND c.reference IS NOT NULL ORDER BY c.id",
                    consultations::COLUMNS
                ))
                .bind(c).fetch_all(&mut *tx).await?;
                for row in rows {
                    if let Some((reference, uploads)) = uploads.get(&row.id) {
                        stored.consultations.push((reference.clone(), sheet_record(row, *uploads)?));
                    }
                }
            }
            if sheet.kind == SheetKind::Payments {
                let payments: Vec<PaymentTuple> = sqlx::query_as(
                    "SELECT id, agreement_id, due_on, amount_pence, paid_on, reference FROM payments \
                     WHERE compact_id = $1 AND reference IS NOT NULL",
                )
                .bind(c).fetch_all(&mut *tx).await?;
                stored.payments = payments
                    .into_iter()
                    .map(|(id, agreement, due_on, amount, paid_on, reference)| {
                        let p = Payment { id: PaymentId(id), due_on, amount: Pence(amount), paid_on };
                        (AgreementId(agreement), reference, p)
                    })
                    .collect();
            }
            if sheet.kind == SheetKind::Changes {
                let changes: Vec<ChangeTuple> = sqlx::query_as(
                    "SELECT id, agreement_id, kind, new_amount_pence, decided_on, notice_given_on, effective_on, reference \
                     FROM funding_changes WHERE compact_id = $1 AND reference IS NOT NULL",
                )
                .bind(c).fetch_all(&mut *tx).await?;
                for (id, agreement, kind, new_amount, decided_on, notice_given_on, effective_on, reference) in changes {
                    let ch = FundingChange {
                        id: FundingChangeId(id),
                        kind: parse_enum("funding_changes", "kind", &kind)?,
                        new_amount: new_amount.map(Pence),
                        decided_on,
                        notice_given_on,
                        effective_on,
                        consultation: None,
                        impact_assessment: None,
                        steps: Vec::new(),
                    };
                    stored.changes.push((AgreementId(agreement), reference, ch));
                }
            }
            let planned = plan(sheet, &directory, &stored, today, choices, may_record);
            for (done, row) in planned.iter().enumerate() {
                let (record, before) = match &row.planned {
                    Planned::Create(record) => {
                        summary.created += 1;
                        (record, None)
                    }
                    Planned::Update { before, after } => {
                        summary.updated += 1;
                        (after, Some(before))
                    }
                    Planned::Unchanged => {
                        summary.unchanged += 1;
                        continue;
                    }
                    Planned::Refused(problems) => {
                        summary.rejected += 1;
                        summary.problems.extend(problems.iter().cloned());
                        continue;
                    }
                };
                let (action, subject, before, after) =
                    write_record!(tx, c, &row.reference, record, before);
                tx.append_audit(NewEntry {
                    compact: Some(compact),
                    actor,
                    action,
                    subject,
                    before,
                    after: Some(after),
                })
                .await?;
                if (done + 1) % PROGRESS_EVERY == 0 {
                    progress(done + 1);
                }
            }
            progress(planned.len());
            finish_import!(tx, compact, actor, actions::FUNDING_IMPORT, format!("compact:{c}"),
                summary, ("kind", sheet.kind.as_str()));
        });
        Ok(summary)
    }
}
