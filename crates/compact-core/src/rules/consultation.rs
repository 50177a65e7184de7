//! Consultations: the length of the period and feedback afterwards.
//!
//! Needs `standards.consultation`. A consultation is checked from the day it
//! opens: its closing date is published then, so a short period is already a
//! shortfall on the first day rather than something still to happen.

use super::context::Ctx;
use super::finding::{
    commits, days, days_late, long, severity_of, span, weeks, words, Draft, RecordRef, Subject,
};
use super::report::Findings;
use super::{RuleId, Severity};
use crate::calendar;
use crate::definition::ConsultationStandard;
use crate::model::Consultation;

pub(super) fn check(ctx: &Ctx, out: &mut Findings) {
    let Some(standard) = &ctx.def.standards.consultation else {
        return;
    };
    for c in &ctx.records.consultations {
        if !ctx.known(c.opened_on) {
            continue;
        }
        period(standard, c, out);
        feedback(ctx, standard, c, out);
    }
}

fn subject(c: &Consultation) -> Subject {
    Subject::new(RecordRef::Consultation(c.id), c.title.clone())
}

/// A non-blank stated reason, if one was recorded.
pub(super) fn reason(c: &Consultation) -> Option<&str> {
    c.shorter_period_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
}

fn period(standard: &ConsultationStandard, c: &Consultation, out: &mut Findings) {
    if calendar::meets_period(c.opened_on, c.closes_on, standard.weeks) {
        return;
    }
    let required = calendar::weeks_after(c.opened_on, standard.weeks);
    let actual = span(c.opened_on, c.closes_on);
    let wanted = weeks(standard.weeks);
    let period = words(|f| write!(f, "{}-week consultation period", standard.weeks));
    let commits = commits(standard.strength);
    // Which rule and how severe depends on whether the Compact allows a
    // shorter period with a stated reason, and whether one was recorded.
    let (rule, severity, explanation) = match (standard.shorter_needs_reason, reason(c)) {
        (true, None) => (
            RuleId::ConsultationShorterWithoutReason,
            severity_of(standard.strength),
            out.text(format_args!(
                "Closes after {actual}; this Compact {commits} a {period}, \
                 a shorter one needs a stated reason, and no reason was recorded."
            )),
        ),
        // The Compact's own exception was used: worth a look, not a breach.
        (true, Some(why)) => (
            RuleId::ConsultationShorter,
            Severity::Advisory,
            out.text(format_args!(
                "Closes after {actual}; this Compact's standard is {wanted}, \
                 shorter with a stated reason. Reason recorded: \u{201c}{why}\u{201d}."
            )),
        ),
        // No exception in the Compact: a reason explains but does not excuse.
        (false, why) => (
            RuleId::ConsultationShorter,
            severity_of(standard.strength),
            out.text(format_args!(
                "Closes after {actual}; this Compact {commits} a {period} \
                 and makes no exception for shorter ones.{}",
                words(|f| match why {
                    Some(w) => write!(f, " Reason recorded: \u{201c}{w}\u{201d}."),
                    None => Ok(()),
                })
            )),
        ),
    };
    out.push(
        Draft::new(rule, severity, subject(c), c.opened_on)
            .at("opened", c.opened_on)
            .at("closes", c.closes_on)
            .at("required_close", required)
            .because(explanation),
    );
}

fn feedback(ctx: &Ctx, standard: &ConsultationStandard, c: &Consultation, out: &mut Findings) {
    let Some(within) = standard.feedback_within_days else {
        return;
    };
    let deadline = calendar::within_days(c.closes_on, within);
    let rule = RuleId::ConsultationFeedbackOverdue;
    let draft = |severity| {
        Draft::new(rule, severity, subject(c), deadline)
            .at("closes", c.closes_on)
            .at("feedback_due", deadline)
    };
    // Words, not a string: most consultations have no finding to quote them.
    let standard_words = words(|f| {
        write!(
            f,
            "this Compact {} feedback within {} of the close on {}",
            commits(standard.strength),
            days(i64::from(within)),
            long(c.closes_on)
        )
    });
    let finding = match ctx.happened(c.feedback_published_on) {
        Some(published) if published > deadline => draft(severity_of(standard.strength))
            .at("feedback_published", published)
            .because(out.text(format_args!(
                "Feedback was published on {}, {} after it was due on {}; {standard_words}.",
                long(published),
                days_late(deadline, published),
                long(deadline)
            ))),
        Some(_) => return,
        None if deadline < ctx.as_of => {
            draft(severity_of(standard.strength)).because(out.text(format_args!(
                "No feedback has been published; it was due by {}, as {standard_words}.",
                long(deadline)
            )))
        }
        None if calendar::is_due_soon(deadline, ctx.as_of) => {
            draft(Severity::Due).because(out.text(format_args!(
                "Feedback is due by {}: {standard_words}.",
                long(deadline)
            )))
        }
        None => return,
    };
    out.push(finding);
}
