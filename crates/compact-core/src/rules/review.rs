//! The annual review and the milestones of its action plan.
//!
//! Needs `review`. The annual review is a commitment the Compact states as
//! fact ("each year the Board reviews"), with no softer wording in any of
//! the Compacts, so a missed one is a breach. A milestone is a target the
//! review set itself, so a missed one is advisory.

use super::context::Ctx;
use super::finding::{days_late, long, words, Draft, RecordRef, Subject};
use super::report::Findings;
use super::{RuleId, Severity};
use crate::calendar::{self, Date};
use crate::model::AnnualReview;
use std::fmt;

pub(super) fn check(ctx: &Ctx, out: &mut Findings) {
    let Some(cycle) = &ctx.def.review else {
        return;
    };
    if cycle.annual_review {
        annual_reviews(ctx, out);
    }
    milestones(ctx, out);
}

fn compact_subject(ctx: &Ctx, label: String) -> Subject {
    Subject::new(RecordRef::Compact(ctx.def.identity.slug.clone()), label)
}

fn review_subject(r: &AnnualReview) -> Subject {
    Subject::new(RecordRef::Review(r.id), format!("Annual review {}", r.year))
}

/// Each review is due within 12 months of the one before, the first within
/// 12 months of the edition date. Without an edition date the chain starts
/// at the first review recorded; with neither there is nothing to count from.
fn annual_reviews(ctx: &Ctx, out: &mut Findings) {
    let edition = ctx.def.identity.edition_date.filter(|d| ctx.known(*d));
    let mut reviews: Vec<&AnnualReview> = ctx
        .records
        .reviews
        .iter()
        .filter(|r| ctx.known(r.completed_on) && edition.is_none_or(|e| r.completed_on >= e))
        .collect();
    reviews.sort_by_key(|r| (r.completed_on, r.id));
    // (the date counted from, the review it was, if any)
    let mut previous: Option<(Date, Option<&AnnualReview>)> = edition.map(|e| (e, None));
    let name = &ctx.def.identity.name;
    for r in reviews {
        if let Some((from, before)) = previous {
            let due = calendar::months_after(from, 12);
            if r.completed_on > due {
                let mut draft = Draft::new(
                    RuleId::ReviewAnnualReviewOverdue,
                    Severity::Breach,
                    compact_subject(ctx, format!("{name}: annual review")),
                    due,
                )
                .at(
                    if before.is_some() {
                        "previous_review"
                    } else {
                        "edition"
                    },
                    from,
                )
                .at("review_due", due)
                .at("review_completed", r.completed_on);
                if let Some(b) = before {
                    draft = draft.context(review_subject(b));
                }
                let finding = draft.because(out.text(format_args!(
                    "The annual review completed on {} came {} after it was due on {}, 12 months \
                     after {}; this Compact reviews its operation every year.",
                    long(r.completed_on),
                    days_late(due, r.completed_on),
                    long(due),
                    since_words(from, before)
                )));
                out.push(finding);
            }
        }
        previous = Some((r.completed_on, Some(r)));
    }
    let Some((from, before)) = previous else {
        return;
    };
    let due = calendar::months_after(from, 12);
    let severity = if due < ctx.as_of {
        Severity::Breach
    } else if calendar::is_due_soon(due, ctx.as_of) {
        Severity::Due
    } else {
        return;
    };
    let mut draft = Draft::new(
        RuleId::ReviewAnnualReviewOverdue,
        severity,
        compact_subject(ctx, format!("{name}: annual review")),
        due,
    )
    .at(
        if before.is_some() {
            "previous_review"
        } else {
            "edition"
        },
        from,
    )
    .at("review_due", due);
    if let Some(b) = before {
        draft = draft.context(review_subject(b));
    }
    let explanation = if severity == Severity::Due {
        out.text(format_args!(
            "The next annual review is due by {}, 12 months after {}; this Compact reviews its \
             operation every year.",
            long(due),
            since_words(from, before)
        ))
    } else {
        out.text(format_args!(
            "No annual review has been completed since {}; one was due by {}, and this Compact \
             reviews its operation every year.",
            since_words(from, before),
            long(due)
        ))
    };
    out.push(draft.because(explanation));
}

fn since_words(from: Date, before: Option<&AnnualReview>) -> impl fmt::Display + '_ {
    words(move |f| match before {
        Some(r) => write!(f, "the {} review completed on {}", r.year, long(from)),
        None => write!(f, "this edition of the Compact on {}", long(from)),
    })
}

/// Milestones past their date and not done. A milestone that belongs to a
/// review completed after `as_of` did not exist yet.
fn milestones(ctx: &Ctx, out: &mut Findings) {
    for m in &ctx.records.milestones {
        let from_review = m.review.and_then(|id| ctx.review(id));
        if from_review.is_some_and(|r| !ctx.known(r.completed_on)) {
            continue;
        }
        if ctx.happened(m.done_on).is_some() {
            continue;
        }
        let severity = if m.due_on < ctx.as_of {
            Severity::Advisory
        } else if calendar::is_due_soon(m.due_on, ctx.as_of) {
            Severity::Due
        } else {
            continue;
        };
        let area = words(|f| {
            if m.area.trim().is_empty() {
                Ok(())
            } else {
                write!(f, " ({})", m.area)
            }
        });
        let mut draft = Draft::new(
            RuleId::ReviewMilestoneOverdue,
            severity,
            Subject::new(RecordRef::Milestone(m.id), m.title.clone()),
            m.due_on,
        )
        .at("milestone_due", m.due_on);
        if let Some(r) = from_review {
            draft = draft.context(review_subject(r));
        }
        let explanation = if severity == Severity::Due {
            out.text(format_args!(
                "This action-plan milestone{area} is due on {}.",
                long(m.due_on)
            ))
        } else {
            out.text(format_args!(
                "This action-plan milestone{area} was due on {} and is not recorded as done, {} \
                 later.",
                long(m.due_on),
                days_late(m.due_on, ctx.as_of)
            ))
        };
        out.push(draft.because(explanation));
    }
}
