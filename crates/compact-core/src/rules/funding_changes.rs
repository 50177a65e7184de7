//! Changes to funding: notice of any change (`standards.funding_notice`) and
//! the procedure before funding is reduced or ended (`standards.reduction`).
//!
//! A change is known from the day it was decided; changes decided after
//! `as_of` have not happened yet. Notice and the procedure's steps are
//! judged at the decision, since that is when the procedure should already
//! have run (consultation, criteria, impact assessment), and notice from the
//! day its last possible date passes.

use super::consultation::reason;
use super::context::Ctx;
use super::finding::{
    commits, formal_notice_of, long, months, notice_of, severity_of, span, weeks, words, Draft,
    RecordRef, Subject,
};
use super::report::Findings;
use super::{RuleId, Severity};
use crate::calendar::{self, Date};
use crate::definition::{FundingNoticeStandard, ReductionProcedure, Strength};
use crate::model::{ChangeKind, FundingAgreement, FundingChange};
use std::fmt;

/// Whether the Compact states a standard that the changes are checked against.
pub(super) fn applies(ctx: &Ctx) -> bool {
    let standards = &ctx.def.standards;
    standards.funding_notice.is_some() || standards.reduction.is_some()
}

/// The changes of one agreement. Called from the agreement pass in
/// `funding`, so each agreement is read once while it is in the cache.
pub(super) fn check_agreement<'a>(
    ctx: &Ctx<'a>,
    agreement: &'a FundingAgreement,
    out: &mut Findings,
) {
    let standards = &ctx.def.standards;
    for change in &agreement.changes {
        if !ctx.known(change.decided_on) {
            continue;
        }
        let c = Change {
            ctx,
            agreement,
            change,
        };
        if let Some(standard) = &standards.funding_notice {
            c.notice(standard, out);
        }
        if let (Some(procedure), true) = (&standards.reduction, change.kind.cuts_funding()) {
            c.reduction(procedure, out);
        }
    }
}

struct Change<'a, 'c> {
    ctx: &'c Ctx<'a>,
    agreement: &'a FundingAgreement,
    change: &'a FundingChange,
}

fn what(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Variation => "variation",
        ChangeKind::Reduction => "reduction",
        ChangeKind::Termination => "ending of funding",
    }
}

/// The agreement's label: its title, or its parties when it has none.
pub(super) fn agreement_subject(a: &FundingAgreement, out: &mut Findings) -> Subject {
    let label = if a.title.trim().is_empty() {
        out.text(format_args!(
            "Agreement {} (funder {}, recipient {})",
            a.id, a.funder, a.recipient
        ))
    } else {
        a.title.clone()
    };
    Subject::new(RecordRef::Agreement(a.id), label)
}

impl Change<'_, '_> {
    fn draft(&self, rule: RuleId, severity: Severity, date: Date, out: &mut Findings) -> Draft {
        let ch = self.change;
        let label = out.text(format_args!(
            "{} of {}",
            capitalised(ch.kind),
            long(ch.effective_on)
        ));
        Draft::new(
            rule,
            severity,
            Subject::new(RecordRef::FundingChange(ch.id), label),
            date,
        )
        .context(agreement_subject(self.agreement, out))
        .at("decided", ch.decided_on)
        .at("effective", ch.effective_on)
    }

    /// Notice of any change that can hurt the recipient. A variation
    /// recorded with a new amount at or above the agreement's is more money,
    /// not less, and needs no notice.
    fn notice(&self, standard: &FundingNoticeStandard, out: &mut Findings) {
        let ch = self.change;
        let raises = ch.kind == ChangeKind::Variation
            && ch
                .new_amount
                .is_some_and(|new| new >= self.agreement.amount);
        if raises {
            return;
        }
        let latest = calendar::weeks_before(ch.effective_on, standard.weeks);
        let standard_words = words(|f| {
            write!(
                f,
                "this Compact {} {} of changes to funding",
                commits(standard.strength),
                notice_of(weeks(standard.weeks))
            )
        });
        self.notice_finding(
            RuleId::FundingChangeNoticeTooShort,
            standard.strength,
            latest,
            &standard_words,
            out,
        );
    }

    /// Shared by weeks' notice and the reduction procedure's months' notice:
    /// notice given after `latest` is too short, and none given by then is
    /// already too short even before the change takes effect.
    fn notice_finding(
        &self,
        rule: RuleId,
        strength: Strength,
        latest: Date,
        standard_words: &dyn fmt::Display,
        out: &mut Findings,
    ) {
        let ch = self.change;
        let ctx = self.ctx;
        let thing = what(ch.kind);
        let effective = long(ch.effective_on);
        let finding = match ctx.happened(ch.notice_given_on) {
            Some(given) if given > latest => self
                .draft(rule, severity_of(strength), latest, out)
                .at("notice_given", given)
                .at("notice_due_by", latest)
                .because(out.text(format_args!(
                    "Notice of this {thing} was given on {}, {} before it takes effect on \
                     {effective}; {standard_words}, so notice was due by {}.",
                    long(given),
                    span(given, ch.effective_on),
                    long(latest)
                ))),
            Some(_) => return,
            None if latest < ctx.as_of => self
                .draft(rule, severity_of(strength), latest, out)
                .at("notice_due_by", latest)
                .because(out.text(format_args!(
                    "No notice of this {thing} has been recorded; it takes effect on \
                         {effective} and {standard_words}, so notice was due by {}.",
                    long(latest)
                ))),
            None if calendar::is_due_soon(latest, ctx.as_of) => self
                .draft(rule, Severity::Due, latest, out)
                .at("notice_due_by", latest)
                .because(out.text(format_args!(
                    "Notice of this {thing} is due by {}: it takes effect on {effective} \
                         and {standard_words}.",
                    long(latest)
                ))),
            None => return,
        };
        out.push(finding);
    }

    fn reduction(&self, procedure: &ReductionProcedure, out: &mut Findings) {
        let ch = self.change;
        let severity = severity_of(procedure.strength);
        let thing = what(ch.kind);
        let decided = long(ch.decided_on);
        // A consultation the change names counts once it has opened; one that
        // is missing from the records or opens later has not been held.
        let consultation = ch
            .consultation
            .and_then(|id| self.ctx.consultation(id))
            .filter(|c| self.ctx.known(c.opened_on));
        match consultation {
            None => {
                let finding = self
                    .draft(
                        RuleId::FundingReductionWithoutConsultation,
                        severity,
                        ch.decided_on,
                        out,
                    )
                    .because(out.text(format_args!(
                        "This {thing} was decided on {decided} with no consultation recorded; \
                         this Compact {} a {}-week consultation before funding is reduced or \
                         ended.",
                        commits(procedure.strength),
                        procedure.consultation_weeks
                    )));
                out.push(finding);
            }
            Some(c) => {
                let with_consultation = |rule, date, out: &mut Findings| {
                    self.draft(rule, severity, date, out)
                        .at("consultation_opened", c.opened_on)
                        .at("consultation_closes", c.closes_on)
                };
                let allowed_shorter = procedure.shorter_by_agreement && reason(c).is_some();
                if !allowed_shorter
                    && !calendar::meets_period(
                        c.opened_on,
                        c.closes_on,
                        procedure.consultation_weeks,
                    )
                {
                    let exception = if procedure.shorter_by_agreement {
                        ". A shorter period needs agreement at the outset and a stated reason, \
                         and none was recorded"
                    } else {
                        ""
                    };
                    let finding = with_consultation(
                        RuleId::FundingReductionConsultationTooShort,
                        c.opened_on,
                        out,
                    )
                    .because(out.text(format_args!(
                        "The consultation on this {thing} (\u{201c}{}\u{201d}) runs for \
                             {}; this Compact {} {} of consultation before funding is \
                             reduced or ended{exception}.",
                        c.title,
                        span(c.opened_on, c.closes_on),
                        commits(procedure.strength),
                        weeks(procedure.consultation_weeks)
                    )));
                    out.push(finding);
                }
                if procedure.criteria_published_at_launch {
                    let published = self.ctx.happened(c.criteria_published_on);
                    let problem = match published {
                        None => Some("no decision criteria have been published".to_string()),
                        Some(p) if p > c.opened_on => Some(format!(
                            "the decision criteria were published on {}, after it opened on {}",
                            long(p),
                            long(c.opened_on)
                        )),
                        Some(_) => None,
                    };
                    if let Some(problem) = problem {
                        let finding = with_consultation(
                            RuleId::FundingReductionCriteriaNotPublished,
                            c.opened_on,
                            out,
                        )
                        .because(out.text(format_args!(
                            "For the consultation on this {thing}, {problem}; this \
                                 Compact {} publishing the criteria when the consultation \
                                 opens.",
                            commits(procedure.strength)
                        )));
                        out.push(finding);
                    }
                }
                if ch.decided_on <= c.closes_on {
                    let finding = with_consultation(
                        RuleId::FundingDecisionBeforeConsultationClosed,
                        ch.decided_on,
                        out,
                    )
                    .because(out.text(format_args!(
                        "This {thing} was decided on {decided}, before the consultation \
                             that closes on {} had ended and its responses been reviewed; \
                             this Compact {} deciding only after reviewing the feedback.",
                        long(c.closes_on),
                        commits(procedure.strength)
                    )));
                    out.push(finding);
                }
            }
        }
        if procedure.joint_impact_assessment {
            self.impact_assessment(procedure, out);
        }
        if procedure.formal_notice_months > 0 {
            let latest =
                calendar::latest_notice_day(ch.effective_on, procedure.formal_notice_months);
            let standard_words = words(|f| {
                write!(
                    f,
                    "this Compact {} {} before funding is reduced or ended",
                    commits(procedure.strength),
                    formal_notice_of(months(procedure.formal_notice_months))
                )
            });
            self.notice_finding(
                RuleId::FundingFormalNoticeTooShort,
                procedure.strength,
                latest,
                &standard_words,
                out,
            );
        }
    }

    /// A joint equality impact assessment must be done by the decision, which
    /// it is there to inform.
    fn impact_assessment(&self, procedure: &ReductionProcedure, out: &mut Findings) {
        let ch = self.change;
        let known = ch
            .impact_assessment
            .as_ref()
            .filter(|ia| self.ctx.known(ia.completed_on));
        let problem = match known {
            None => "no equality impact assessment has been recorded".to_string(),
            Some(ia) if !ia.joint => format!(
                "the equality impact assessment completed on {} was not undertaken jointly with \
                 the voluntary and community sector",
                long(ia.completed_on)
            ),
            Some(ia) if ia.completed_on > ch.decided_on => format!(
                "the equality impact assessment was completed on {}, after the decision on {}",
                long(ia.completed_on),
                long(ch.decided_on)
            ),
            Some(_) => return,
        };
        let mut draft = self.draft(
            RuleId::FundingReductionWithoutImpactAssessment,
            severity_of(procedure.strength),
            ch.decided_on,
            out,
        );
        if let Some(ia) = known {
            draft = draft.at("impact_assessment_completed", ia.completed_on);
        }
        let finding = draft.because(out.text(format_args!(
            "For this {}, {problem}; this Compact {} a joint equality impact assessment before \
             funding is reduced or ended.",
            what(ch.kind),
            commits(procedure.strength)
        )));
        out.push(finding);
    }
}

/// `what` the change is, as the first words of a label.
fn capitalised(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Variation => "Variation",
        ChangeKind::Reduction => "Reduction",
        ChangeKind::Termination => "Ending of funding",
    }
}
