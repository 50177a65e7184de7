//! Dispute cases against the deadlines of the Compact's procedure.
//!
//! Needs `disputes` with stage deadlines. Every finding here is confidential:
//! the public must not learn about a dispute from the engine.

use super::context::Ctx;
use super::finding::{commits, days, long, severity_of, words, Draft, RecordRef, Subject};
use super::report::Findings;
use super::{RuleId, Severity};
use crate::calendar::{self, Date};
use crate::definition::{DisputeEventKind, DisputeStage, StageDeadline};
use crate::model::{DisputeCase, DisputeEvent};

pub(super) fn check(ctx: &Ctx, out: &mut Findings) {
    let Some(procedure) = &ctx.def.disputes else {
        return;
    };
    if procedure.stages.iter().all(|s| s.deadlines.is_empty()) {
        return;
    }
    for case in &ctx.records.disputes {
        if !ctx.known(case.raised_on) {
            continue;
        }
        // The first day the case was resolved or withdrawn, as known on
        // `as_of`: after it, a case accrues no new misses.
        let closed_on = known_events(ctx, case)
            .filter(|e| {
                matches!(
                    e.kind,
                    DisputeEventKind::Resolved | DisputeEventKind::Withdrawn
                )
            })
            .map(|e| e.on)
            .min();
        for (index, stage) in procedure.stages.iter().enumerate() {
            for deadline in &stage.deadlines {
                let c = CaseStage {
                    ctx,
                    case,
                    stage,
                    first: index == 0,
                    closed_on,
                };
                c.deadline(deadline, out);
            }
        }
    }
}

fn known_events<'a>(ctx: &'a Ctx, case: &'a DisputeCase) -> impl Iterator<Item = &'a DisputeEvent> {
    case.events.iter().filter(|e| ctx.known(e.on))
}

struct CaseStage<'a, 'c> {
    ctx: &'c Ctx<'a>,
    case: &'a DisputeCase,
    stage: &'a DisputeStage,
    first: bool,
    closed_on: Option<Date>,
}

impl CaseStage<'_, '_> {
    /// The first known event of `kind` in this stage on or after `from`.
    fn first(&self, kind: DisputeEventKind, from: Date) -> Option<Date> {
        known_events(self.ctx, self.case)
            .filter(|e| e.stage == self.stage.id && e.kind == kind && e.on >= from)
            .map(|e| e.on)
            .min()
    }

    /// When the clock of a deadline starts. Raising the case is a case-wide
    /// event, and raising it enters the first stage.
    fn start(&self, kind: DisputeEventKind) -> Option<Date> {
        let recorded = self.first(kind, Date::MIN);
        let implied = match kind {
            DisputeEventKind::Raised => Some(self.case.raised_on),
            DisputeEventKind::StageEntered if self.first => Some(self.case.raised_on),
            _ => None,
        };
        match (recorded, implied) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn deadline(&self, rule: &StageDeadline, out: &mut Findings) {
        let Some(start) = self.start(rule.from) else {
            return;
        };
        let last_day = calendar::within_days(start, rule.days);
        let happened = self.first(rule.until, start);
        let severity = match happened {
            Some(on) if on > last_day => severity_of(rule.strength),
            Some(_) => return,
            // A case closed before the last day missed nothing; one closed
            // after it missed the deadline while it was open.
            None => match self.closed_on {
                Some(closed) if last_day < closed => severity_of(rule.strength),
                Some(_) => return,
                None if last_day < self.ctx.as_of => severity_of(rule.strength),
                None if calendar::is_due_soon(last_day, self.ctx.as_of) => Severity::Due,
                None => return,
            },
        };
        let label = out.text(format_args!(
            "Dispute {}: {}",
            self.case.id, self.case.title
        ));
        let mut draft = Draft::new(
            RuleId::DisputeStageDeadlineMissed,
            severity,
            Subject::new(RecordRef::Dispute(self.case.id), label),
            last_day,
        )
        .confidential()
        .at(from_label(rule.from), start)
        .at("last_allowed_day", last_day);
        let rule_words = words(|f| {
            write!(
                f,
                "In the stage \u{201c}{}\u{201d}, this Compact {} {} within {} after {} ({})",
                self.stage.name,
                commits(rule.strength),
                noun(rule.until),
                days(i64::from(rule.days)),
                since(rule.from),
                long(start)
            )
        });
        match (happened, self.closed_on) {
            (Some(on), _) => draft = draft.at(until_label(rule.until), on),
            (None, Some(closed)) => draft = draft.at("closed", closed),
            (None, None) => {}
        }
        let outcome = words(|f| match (happened, self.closed_on) {
            (Some(on), _) => write!(
                f,
                "it happened on {}, after the last allowed day, {}.",
                long(on),
                long(last_day)
            ),
            (None, Some(closed)) => write!(
                f,
                "it had not happened by the last allowed day, {}, and the case closed on {}.",
                long(last_day),
                long(closed)
            ),
            (None, None) if severity == Severity::Due => write!(
                f,
                "it has not happened yet and is due by {}.",
                long(last_day)
            ),
            (None, None) => write!(
                f,
                "it has not happened, and the last allowed day was {}.",
                long(last_day)
            ),
        });
        let finding = draft.because(out.text(format_args!("{rule_words}; {outcome}")));
        out.push(finding);
    }
}

/// What must happen, as a noun phrase.
fn noun(kind: DisputeEventKind) -> &'static str {
    use DisputeEventKind::*;
    match kind {
        Raised => "the raising of the case",
        StageEntered => "referral to this stage",
        MeetingHeld => "a meeting with the parties",
        ResponseGiven => "a written response",
        InvestigationConcluded => "the conclusion of the investigation",
        RulingGiven => "a ruling or clarification",
        Resolved => "a resolution",
        Withdrawn => "withdrawal of the case",
    }
}

/// What starts the clock, as a clause.
fn since(kind: DisputeEventKind) -> &'static str {
    use DisputeEventKind::*;
    match kind {
        Raised => "the case was raised",
        StageEntered => "the case entered the stage",
        MeetingHeld => "the parties met",
        ResponseGiven => "the written response",
        InvestigationConcluded => "the investigation was concluded",
        RulingGiven => "the ruling",
        Resolved => "the case was resolved",
        Withdrawn => "the case was withdrawn",
    }
}

fn from_label(kind: DisputeEventKind) -> &'static str {
    use DisputeEventKind::*;
    match kind {
        Raised => "raised",
        StageEntered => "stage_entered",
        MeetingHeld => "meeting_held",
        ResponseGiven => "response_given",
        InvestigationConcluded => "investigation_concluded",
        RulingGiven => "ruling_given",
        Resolved => "resolved",
        Withdrawn => "withdrawn",
    }
}

fn until_label(kind: DisputeEventKind) -> &'static str {
    // The same names: a date is labelled by the event that happened on it.
    from_label(kind)
}
