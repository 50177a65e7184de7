//! Funding agreements read back from their rows: the agreement, its
//! payments, its changes, the steps of the reduction procedure and the
//! impact assessments' entries and participants. Shared by the load of
//! every record (the rules engine) and the read of one agreement (its
//! page), so both see the same agreement.

use super::parse_enum;
use crate::error::Result;
use chrono::NaiveDate as Date;
use compact_core::model::*;
use compact_core::*;
use std::collections::HashMap;

pub(crate) const AGREEMENT_COLUMNS: &str = "id, title, funder_id, recipient_id, kind, amount_pence, \
    starts_on, ends_on, exit_strategy_agreed_on, exit_strategy_summary, purpose, paid_in, monitoring, full_cost_recovery";
pub(crate) const PAYMENT_COLUMNS: &str = "id, agreement_id, due_on, amount_pence, paid_on";
pub(crate) const CHANGE_COLUMNS: &str =
    "id, agreement_id, kind, new_amount_pence, decided_on, notice_given_on, \
    effective_on, consultation_id, eia_completed_on, eia_joint, eia_characteristics";
pub(crate) const STEP_COLUMNS: &str = "id, change_id, step, done_on, done_by, note";
pub(crate) const ENTRY_COLUMNS: &str =
    "id, change_id, characteristic, impact, evidence, mitigation";
pub(crate) const PARTICIPANT_COLUMNS: &str = "id, change_id, organisation_id";

#[derive(sqlx::FromRow)]
pub(crate) struct AgreementRow {
    id: i64,
    title: String,
    funder_id: i64,
    recipient_id: i64,
    kind: String,
    amount_pence: i64,
    starts_on: Date,
    ends_on: Date,
    exit_strategy_agreed_on: Option<Date>,
    exit_strategy_summary: String,
    purpose: String,
    paid_in: Option<String>,
    monitoring: String,
    full_cost_recovery: Option<bool>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct PaymentRow {
    id: i64,
    agreement_id: i64,
    due_on: Date,
    amount_pence: i64,
    paid_on: Option<Date>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ChangeRow {
    id: i64,
    agreement_id: i64,
    kind: String,
    new_amount_pence: Option<i64>,
    decided_on: Date,
    notice_given_on: Option<Date>,
    effective_on: Date,
    consultation_id: Option<i64>,
    eia_completed_on: Option<Date>,
    eia_joint: Option<bool>,
    eia_characteristics: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct StepRow {
    #[allow(dead_code)] // read for the order only
    id: i64,
    change_id: i64,
    step: String,
    done_on: Date,
    done_by: String,
    note: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    #[allow(dead_code)]
    id: i64,
    change_id: i64,
    characteristic: String,
    impact: String,
    evidence: String,
    mitigation: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ParticipantRow {
    #[allow(dead_code)]
    id: i64,
    change_id: i64,
    organisation_id: i64,
}

/// The funding rows of some agreements, as read in one snapshot.
#[derive(Default)]
pub(crate) struct FundingRows {
    pub agreements: Vec<AgreementRow>,
    pub payments: Vec<PaymentRow>,
    pub changes: Vec<ChangeRow>,
    pub steps: Vec<StepRow>,
    pub entries: Vec<EntryRow>,
    pub participants: Vec<ParticipantRow>,
}

fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// The agreements of `rows`, each with its payments and changes, in the
/// order of the agreements' rows.
pub(crate) fn assemble_agreements(rows: FundingRows) -> Result<Vec<FundingAgreement>> {
    let mut payments: HashMap<i64, Vec<Payment>> = HashMap::new();
    for p in rows.payments {
        payments.entry(p.agreement_id).or_default().push(Payment {
            id: PaymentId(p.id),
            due_on: p.due_on,
            amount: Pence(p.amount_pence),
            paid_on: p.paid_on,
        });
    }
    let mut steps: HashMap<i64, Vec<StepRecord>> = HashMap::new();
    for s in rows.steps {
        steps.entry(s.change_id).or_default().push(StepRecord {
            step: parse_enum("reduction_steps", "step", &s.step)?,
            done_on: s.done_on,
            done_by: s.done_by,
            note: s.note,
        });
    }
    let mut entries: HashMap<i64, Vec<ImpactEntry>> = HashMap::new();
    for e in rows.entries {
        entries.entry(e.change_id).or_default().push(ImpactEntry {
            characteristic: parse_enum("impact_entries", "characteristic", &e.characteristic)?,
            impact: parse_enum("impact_entries", "impact", &e.impact)?,
            evidence: e.evidence,
            mitigation: e.mitigation,
        });
    }
    let mut participants: HashMap<i64, Vec<OrganisationId>> = HashMap::new();
    for p in rows.participants {
        participants
            .entry(p.change_id)
            .or_default()
            .push(OrganisationId(p.organisation_id));
    }
    let mut changes: HashMap<i64, Vec<FundingChange>> = HashMap::new();
    for ch in rows.changes {
        let impact_assessment = match ch.eia_completed_on {
            Some(completed_on) => Some(ImpactAssessment {
                completed_on,
                joint: ch.eia_joint.unwrap_or(false),
                characteristics: split_list(ch.eia_characteristics.as_deref().unwrap_or(""))
                    .map(|c| parse_enum("funding_changes", "eia_characteristics", c))
                    .collect::<Result<_>>()?,
                entries: entries.remove(&ch.id).unwrap_or_default(),
                participants: participants.remove(&ch.id).unwrap_or_default(),
            }),
            None => None,
        };
        changes
            .entry(ch.agreement_id)
            .or_default()
            .push(FundingChange {
                id: FundingChangeId(ch.id),
                kind: parse_enum("funding_changes", "kind", &ch.kind)?,
                new_amount: ch.new_amount_pence.map(Pence),
                decided_on: ch.decided_on,
                notice_given_on: ch.notice_given_on,
                effective_on: ch.effective_on,
                consultation: ch.consultation_id.map(ConsultationId),
                impact_assessment,
                steps: steps.remove(&ch.id).unwrap_or_default(),
            });
    }
    rows.agreements
        .into_iter()
        .map(|a| {
            Ok(FundingAgreement {
                id: AgreementId(a.id),
                title: a.title,
                funder: OrganisationId(a.funder_id),
                recipient: OrganisationId(a.recipient_id),
                kind: parse_enum("agreements", "kind", &a.kind)?,
                amount: Pence(a.amount_pence),
                starts_on: a.starts_on,
                ends_on: a.ends_on,
                exit_strategy_agreed_on: a.exit_strategy_agreed_on,
                exit_strategy_summary: a.exit_strategy_summary,
                purpose: a.purpose,
                paid_in: a
                    .paid_in
                    .map(|p| parse_enum("agreements", "paid_in", &p))
                    .transpose()?,
                monitoring: a.monitoring,
                full_cost_recovery: a.full_cost_recovery,
                payments: payments.remove(&a.id).unwrap_or_default(),
                changes: changes.remove(&a.id).unwrap_or_default(),
            })
        })
        .collect()
}
