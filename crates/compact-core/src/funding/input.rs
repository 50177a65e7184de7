//! What people type about an agreement, its payments and its changes, and
//! the checks that turn it into records. Each check reports every problem
//! at once, by field; dates must fall in their plausible ranges
//! (`crate::date_ranges`).

use super::money::parse_pounds;
use crate::calendar::{parse_typed_date, Date};
use crate::date_ranges::{self, DateRange, OutOfRange};
use crate::definition::{OrganisationKind, ReductionProcedure, Sector};
use crate::ids::*;
use crate::model::{
    AgreementKind, ChangeKind, FundingAgreement, FundingChange, PaidIn, Payment, ReductionStep,
    StepRecord,
};
use crate::money::Pence;
use crate::register::{Checker, FieldProblem, Problem};

/// Where a date's range ends: today (a later date has not happened yet)
/// or a plausible limit (a later date is implausible).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Latest {
    Today,
    Limit,
}

/// A date typed into `field`, checked against `range`. A date out of
/// range is still returned, with its problem noted, so the dates that
/// follow it are checked against what was typed.
fn date_in(
    c: &mut Checker,
    field: &'static str,
    value: &str,
    range: DateRange,
    latest: Latest,
    required: bool,
) -> Option<Date> {
    if value.trim().is_empty() {
        if required {
            c.flag(field, Problem::Missing);
        }
        return None;
    }
    let Some(date) = parse_typed_date(value) else {
        c.flag(field, Problem::NotADate);
        return None;
    };
    match range.check(date) {
        Ok(_) => {}
        Err(OutOfRange::TooLate) if latest == Latest::Limit => c.push(FieldProblem {
            field,
            problem: Problem::TooLate,
            range: Some(range),
        }),
        Err(side) => c.push(FieldProblem::out_of_range(field, side, range)),
    }
    Some(date)
}

/// An amount typed in pounds, required or not, more than nothing unless
/// `zero_ok`.
fn amount(
    c: &mut Checker,
    field: &'static str,
    value: &str,
    required: bool,
    zero_ok: bool,
) -> Option<Pence> {
    if value.trim().is_empty() {
        if required {
            c.flag(field, Problem::Missing);
        }
        return None;
    }
    match parse_pounds(value) {
        None => {
            c.flag(field, Problem::WrongFormat);
            None
        }
        Some(p) if p.0 == 0 && !zero_ok => {
            c.flag(field, Problem::OutOfRange);
            None
        }
        Some(p) => Some(p),
    }
}

/// A choice from a list, by its stored name.
fn choice<T>(
    c: &mut Checker,
    field: &'static str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let value = value.trim();
    if value.is_empty() {
        c.flag(field, Problem::Missing);
        return None;
    }
    let parsed = parse(value);
    if parsed.is_none() {
        c.flag(field, Problem::WrongFormat);
    }
    parsed
}

/// An organisation of the register chosen by its number, which must be of
/// `sector`.
fn party(
    c: &mut Checker,
    field: &'static str,
    value: &str,
    sector: Sector,
    kind: &impl Fn(OrganisationId) -> Option<OrganisationKind>,
) -> Option<OrganisationId> {
    let id = choice(c, field, value, |v| {
        v.parse::<i64>().ok().map(OrganisationId)
    })?;
    match kind(id) {
        None => {
            c.flag(field, Problem::WrongFormat);
            None
        }
        Some(k) if k.sector() != sector => {
            c.flag(field, Problem::WrongKind);
            None
        }
        Some(_) => Some(id),
    }
}

/// A funding agreement as typed into the form (or sent to the API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementInput {
    pub title: String,
    /// The funder's number in the register: a public body.
    pub funder: String,
    /// The recipient's number in the register: a VCSE organisation.
    pub recipient: String,
    /// `grant` or `contract`.
    pub kind: String,
    pub purpose: String,
    /// In pounds: `12,500.00`.
    pub amount: String,
    pub starts_on: String,
    pub ends_on: String,
    /// `advance`, `arrears` or blank.
    pub paid_in: String,
    pub monitoring: String,
    /// Blank while no exit strategy is agreed.
    pub exit_strategy_agreed_on: String,
    pub exit_strategy_summary: String,
    /// `yes`, `no` or blank.
    pub full_cost_recovery: String,
}

impl AgreementInput {
    /// Check every field. `kind` says what each organisation of the
    /// register is (`None` for one not in it). The agreement comes back
    /// without payments or changes, numbered 0.
    pub fn check(
        &self,
        today: Date,
        kind: impl Fn(OrganisationId) -> Option<OrganisationKind>,
    ) -> Result<FundingAgreement, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let title = c.text("title", &self.title);
        let funder = party(&mut c, "funder", &self.funder, Sector::Public, &kind);
        let recipient = party(&mut c, "recipient", &self.recipient, Sector::Vcse, &kind);
        let agreement_kind = choice(&mut c, "kind", &self.kind, |v| match v {
            "grant" => Some(AgreementKind::Grant),
            "contract" => Some(AgreementKind::Contract),
            _ => None,
        });
        let purpose = c.optional_text("purpose", &self.purpose);
        let amount = amount(&mut c, "amount", &self.amount, true, false);
        let starts_on = date_in(
            &mut c,
            "starts_on",
            &self.starts_on,
            date_ranges::agreement_start(today),
            Latest::Limit,
            true,
        );
        let ends_on = starts_on.and_then(|s| {
            date_in(
                &mut c,
                "ends_on",
                &self.ends_on,
                date_ranges::agreement_end(s),
                Latest::Limit,
                true,
            )
        });
        if starts_on.is_none() && self.ends_on.trim().is_empty() {
            c.flag("ends_on", Problem::Missing);
        }
        let paid_in = match self.paid_in.trim() {
            "" => None,
            "advance" => Some(PaidIn::Advance),
            "arrears" => Some(PaidIn::Arrears),
            _ => {
                c.flag("paid_in", Problem::WrongFormat);
                None
            }
        };
        let monitoring = c.optional_text("monitoring", &self.monitoring);
        let exit_agreed = starts_on.and_then(|s| {
            date_in(
                &mut c,
                "exit_strategy_agreed_on",
                &self.exit_strategy_agreed_on,
                date_ranges::funding_event(s, today),
                Latest::Today,
                false,
            )
        });
        let exit_summary = c.optional_text("exit_strategy_summary", &self.exit_strategy_summary);
        let full_cost_recovery = match self.full_cost_recovery.trim() {
            "" => None,
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => {
                c.flag("full_cost_recovery", Problem::WrongFormat);
                None
            }
        };
        c.finish(|| {
            Some(FundingAgreement {
                id: AgreementId(0),
                title,
                funder: funder?,
                recipient: recipient?,
                kind: agreement_kind?,
                amount: amount?,
                starts_on: starts_on?,
                ends_on: ends_on?,
                exit_strategy_agreed_on: exit_agreed,
                exit_strategy_summary: exit_summary,
                purpose,
                paid_in,
                monitoring,
                full_cost_recovery,
                payments: Vec::new(),
                changes: Vec::new(),
            })
        })
    }
}

/// An instalment of the payment schedule, perhaps already paid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentInput {
    pub due_on: String,
    pub amount: String,
    /// Blank while it is not paid.
    pub paid_on: String,
}

impl PaymentInput {
    /// Check every field for an instalment of `agreement`: due within it,
    /// paid no later than today.
    pub fn check(
        &self,
        today: Date,
        agreement: &FundingAgreement,
    ) -> Result<Payment, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let due_on = date_in(
            &mut c,
            "due_on",
            &self.due_on,
            date_ranges::instalment_due(agreement.starts_on, agreement.ends_on),
            Latest::Limit,
            true,
        );
        let amount = amount(&mut c, "amount", &self.amount, true, false);
        let paid_on = date_in(
            &mut c,
            "paid_on",
            &self.paid_on,
            date_ranges::funding_event(agreement.starts_on, today),
            Latest::Today,
            false,
        );
        c.finish(|| {
            Some(Payment {
                id: PaymentId(0),
                due_on: due_on?,
                amount: amount?,
                paid_on,
            })
        })
    }
}

/// The day an instalment already scheduled was paid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaidInput {
    pub paid_on: String,
}

impl PaidInput {
    pub fn check(
        &self,
        today: Date,
        agreement: &FundingAgreement,
    ) -> Result<Date, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let paid_on = date_in(
            &mut c,
            "paid_on",
            &self.paid_on,
            date_ranges::funding_event(agreement.starts_on, today),
            Latest::Today,
            true,
        );
        c.finish(|| paid_on)
    }
}

/// A change to an agreement as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeInput {
    /// `variation`, `reduction` or `termination`.
    pub kind: String,
    pub decided_on: String,
    /// Blank while no notice has been given.
    pub notice_given_on: String,
    pub effective_on: String,
    /// In pounds: what the agreement is worth after the change. Needed for
    /// a reduction, which must be less than the agreement's amount.
    pub new_amount: String,
}

impl ChangeInput {
    pub fn check(
        &self,
        today: Date,
        agreement: &FundingAgreement,
    ) -> Result<FundingChange, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let kind = choice(&mut c, "kind", &self.kind, |v| match v {
            "variation" => Some(ChangeKind::Variation),
            "reduction" => Some(ChangeKind::Reduction),
            "termination" => Some(ChangeKind::Termination),
            _ => None,
        });
        let decided_on = date_in(
            &mut c,
            "decided_on",
            &self.decided_on,
            date_ranges::change_decision(agreement.starts_on, today),
            Latest::Limit,
            true,
        );
        let notice = decided_on.and_then(|d| {
            date_in(
                &mut c,
                "notice_given_on",
                &self.notice_given_on,
                date_ranges::change_notice(d, today),
                Latest::Today,
                false,
            )
        });
        let effective_on = decided_on.and_then(|d| {
            date_in(
                &mut c,
                "effective_on",
                &self.effective_on,
                date_ranges::change_effect(d),
                Latest::Limit,
                true,
            )
        });
        if decided_on.is_none() && self.effective_on.trim().is_empty() {
            c.flag("effective_on", Problem::Missing);
        }
        let needs_amount = kind == Some(ChangeKind::Reduction);
        let new_amount = amount(&mut c, "new_amount", &self.new_amount, needs_amount, true);
        // A reduction leaves less than there was; anything else is a
        // variation.
        if needs_amount && new_amount.is_some_and(|n| n >= agreement.amount) {
            c.flag("new_amount", Problem::OutOfRange);
        }
        c.finish(|| {
            Some(FundingChange {
                id: FundingChangeId(0),
                kind: kind?,
                new_amount,
                decided_on: decided_on?,
                notice_given_on: notice,
                effective_on: effective_on?,
                consultation: None,
                impact_assessment: None,
                steps: Vec::new(),
            })
        })
    }
}

/// A step of the reduction procedure as typed: which, when, who. For the
/// consultation, also when it closes and whether it was shortened by
/// agreement at the outset (then the note gives the reason).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepInput {
    pub step: String,
    pub done_on: String,
    pub done_by: String,
    pub note: String,
    pub closes_on: String,
    pub shortened: bool,
}

/// A checked step: the record, and for a consultation its close and the
/// reason it was shortened (if it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecorded {
    pub record: StepRecord,
    pub closes_on: Option<Date>,
    pub shortened_reason: Option<String>,
}

impl StepInput {
    /// Check a step of `procedure` for a change of `agreement`. The impact
    /// assessment is recorded as an assessment (with its entries and who
    /// took part), so it is not a step typed here; nor is a step the
    /// Compact's procedure does not ask for.
    pub fn check(
        &self,
        today: Date,
        agreement: &FundingAgreement,
        procedure: &ReductionProcedure,
    ) -> Result<StepRecorded, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let step = choice(&mut c, "step", &self.step, |v| {
            ReductionStep::parse(v).filter(|s| {
                *s != ReductionStep::ImpactAssessment && super::tasks::asks_for(procedure, *s)
            })
        });
        let done_on = date_in(
            &mut c,
            "done_on",
            &self.done_on,
            date_ranges::funding_event(agreement.starts_on, today),
            Latest::Today,
            true,
        );
        let done_by = c.text("done_by", &self.done_by);
        let note = c.optional_text("note", &self.note);
        let consultation = step == Some(ReductionStep::Consultation);
        let closes_on = match (consultation, done_on) {
            (true, Some(opened)) => date_in(
                &mut c,
                "closes_on",
                &self.closes_on,
                date_ranges::consultation_close(opened),
                Latest::Limit,
                true,
            ),
            (true, None) => {
                if self.closes_on.trim().is_empty() {
                    c.flag("closes_on", Problem::Missing);
                }
                None
            }
            (false, _) => None,
        };
        // Shortening is the Compact's exception only with a reason.
        if consultation && self.shortened && note.is_empty() {
            c.flag("note", Problem::Missing);
        }
        c.finish(|| {
            Some(StepRecorded {
                record: StepRecord {
                    step: step?,
                    done_on: done_on?,
                    done_by,
                    note: note.clone(),
                },
                closes_on,
                shortened_reason: (consultation && self.shortened).then_some(note),
            })
        })
    }
}
