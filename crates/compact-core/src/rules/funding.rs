//! Funding agreements: their length, their payments and their exit strategy,
//! and (through `funding_changes`) the changes made to them.
//!
//! An agreement is known from the day it starts; one that starts after
//! `as_of` has not happened yet, and neither have its payments.

use super::context::Ctx;
use super::finding::{days_late, long, severity_of, years, Draft, RecordRef, Subject};
use super::funding_changes::{self, agreement_subject};
use super::report::Findings;
use super::{RuleId, Severity};
use crate::calendar::{self, Date};
use crate::definition::{AgreementLength, ExitStrategy, PaymentTerms};
use crate::model::{ChangeKind, FundingAgreement, Payment};

pub(super) fn check(ctx: &Ctx, out: &mut Findings) {
    let standards = &ctx.def.standards;
    let length = standards.agreement_length.as_ref();
    let payment = standards.payment.as_ref().filter(|p| p.on_agreed_dates);
    let exit = standards.exit_strategy.as_ref().filter(|e| e.required);
    let changes = funding_changes::applies(ctx);
    if length.is_none() && payment.is_none() && exit.is_none() && !changes {
        return;
    }
    for a in &ctx.records.agreements {
        // Changes are known from their decision, whether or not the
        // agreement has started.
        if changes {
            funding_changes::check_agreement(ctx, a, out);
        }
        if !ctx.known(a.starts_on) {
            continue;
        }
        if let Some(standard) = length {
            agreement_length(standard, a, out);
        }
        if let Some(terms) = payment {
            payments(ctx, terms, a, out);
        }
        if let Some(standard) = exit {
            exit_strategy(ctx, standard, a, out);
        }
    }
}

fn agreement_length(standard: &AgreementLength, a: &FundingAgreement, out: &mut Findings) {
    if calendar::lasts_at_least_years(a.starts_on, a.ends_on, standard.preferred_years) {
        return;
    }
    let wording = match standard.strength {
        crate::definition::Strength::Firm => "agreements of at least",
        crate::definition::Strength::Softened => "agreements, wherever possible, of at least",
    };
    let finding = Draft::new(
        RuleId::FundingAgreementShorterThanPreferred,
        severity_of(standard.strength),
        agreement_subject(a, out),
        a.starts_on,
    )
    .at("starts", a.starts_on)
    .at("ends", a.ends_on)
    .because(out.text(format_args!(
        "Runs from {} to {}, less than {}; this Compact prefers {wording} {}.",
        long(a.starts_on),
        long(a.ends_on),
        years(standard.preferred_years),
        years(standard.preferred_years)
    )));
    out.push(finding);
}

/// The first day from which a termination known on `as_of` ends the
/// agreement: payments due from then on are no longer owed.
fn terminated_from(ctx: &Ctx, a: &FundingAgreement) -> Option<Date> {
    a.changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Termination && ctx.known(c.decided_on))
        .map(|c| c.effective_on)
        .min()
}

fn payments(ctx: &Ctx, terms: &PaymentTerms, a: &FundingAgreement, out: &mut Findings) {
    let ended = terminated_from(ctx, a);
    let severity = severity_of(terms.strength);
    let promise = match terms.strength {
        crate::definition::Strength::Firm => "this Compact commits to paying on the agreed dates",
        crate::definition::Strength::Softened => {
            "this Compact commits, wherever possible, to paying on the agreed dates"
        }
    };
    for p in &a.payments {
        let draft = |severity, out: &mut Findings| {
            Draft::new(
                RuleId::FundingPaymentLate,
                severity,
                payment_subject(p, out),
                p.due_on,
            )
            .context(agreement_subject(a, out))
            .at("due", p.due_on)
        };
        let finding = match ctx.happened(p.paid_on) {
            Some(paid) if paid > p.due_on => {
                draft(severity, out)
                    .at("paid", paid)
                    .because(out.text(format_args!(
                        "Paid on {}, {} after the agreed date of {}; {promise}.",
                        long(paid),
                        days_late(p.due_on, paid),
                        long(p.due_on)
                    )))
            }
            Some(_) => continue,
            // A payment that falls due after the funding was ended is not owed.
            None if ended.is_some_and(|end| p.due_on >= end) => continue,
            None if p.due_on < ctx.as_of => draft(severity, out).because(out.text(format_args!(
                "Not paid; the agreed date was {}, {} ago; {promise}.",
                long(p.due_on),
                days_late(p.due_on, ctx.as_of)
            ))),
            None if calendar::is_due_soon(p.due_on, ctx.as_of) => draft(Severity::Due, out)
                .because(out.text(format_args!(
                    "Payment of {} is due on the agreed date, {}.",
                    p.amount,
                    long(p.due_on)
                ))),
            None => continue,
        };
        out.push(finding);
    }
}

fn payment_subject(p: &Payment, out: &mut Findings) -> Subject {
    Subject::new(
        RecordRef::Payment(p.id),
        out.text(format_args!(
            "Payment of {} due {}",
            p.amount,
            long(p.due_on)
        )),
    )
}

/// The first day the exit strategy due by `deadline` is warned of: where
/// the Compact sets a notice period for funding (weeks' notice of changes,
/// months' formal notice before a reduction), when that notice would have
/// to begin, so there is time to plan the exit while notice can still be
/// given; the longer of the two when it sets both. Otherwise the usual
/// fortnight (`calendar::is_due_from` never warns later than that).
pub(super) fn exit_warning_from(ctx: &Ctx, deadline: Date) -> Date {
    let standards = &ctx.def.standards;
    let weeks = standards
        .funding_notice
        .as_ref()
        .map(|n| calendar::weeks_before(deadline, n.weeks));
    let months = standards
        .reduction
        .as_ref()
        .filter(|r| r.formal_notice_months > 0)
        .map(|r| calendar::latest_notice_day(deadline, r.formal_notice_months));
    [weeks, months]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(deadline)
}

/// The exit strategy is there for when funding stops or falls, so it is due
/// by the earlier of the agreement's last day and the day a known reduction
/// or ending takes effect (see `docs/rules.md` for why not at the start).
fn exit_strategy(ctx: &Ctx, standard: &ExitStrategy, a: &FundingAgreement, out: &mut Findings) {
    let cut = a
        .changes
        .iter()
        .filter(|c| c.kind.cuts_funding() && ctx.known(c.decided_on))
        .map(|c| c.effective_on)
        .min();
    let (deadline, past, future) = match cut {
        Some(cut) if cut < a.ends_on => (cut, "funding was cut", "funding is cut"),
        _ => (a.ends_on, "the agreement ended", "the agreement ends"),
    };
    let draft = |severity, out: &mut Findings| {
        Draft::new(
            RuleId::FundingNoExitStrategy,
            severity,
            agreement_subject(a, out),
            deadline,
        )
        .at("starts", a.starts_on)
        .at("exit_strategy_due", deadline)
    };
    let promise = match standard.strength {
        crate::definition::Strength::Firm => "this Compact commits to an exit strategy",
        crate::definition::Strength::Softened => {
            "this Compact commits, wherever possible, to an exit strategy"
        }
    };
    let finding = match ctx.happened(a.exit_strategy_agreed_on) {
        Some(agreed) if agreed > deadline => draft(severity_of(standard.strength), out)
            .at("exit_strategy_agreed", agreed)
            .because(out.text(format_args!(
                "The exit strategy was agreed on {}, after {past} on {}; {promise} for every \
                 funding agreement, in place by then.",
                long(agreed),
                long(deadline)
            ))),
        Some(_) => return,
        None if deadline < ctx.as_of => {
            draft(severity_of(standard.strength), out).because(out.text(format_args!(
                "No exit strategy has been agreed, and {past} on {}; {promise} for every funding \
                 agreement.",
                long(deadline)
            )))
        }
        None if calendar::is_due_from(deadline, ctx.as_of, exit_warning_from(ctx, deadline)) => {
            draft(Severity::Due, out).because(out.text(format_args!(
                "An exit strategy is due by {}, when {future}; {promise} for every funding \
                 agreement.",
                long(deadline)
            )))
        }
        None => return,
    };
    out.push(finding);
}
