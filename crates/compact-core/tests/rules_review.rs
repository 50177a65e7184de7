//! The annual review and action-plan milestones.

// The case tables are tuples read row by row; a named type per table would
// move the columns away from the rows.
#![allow(clippy::type_complexity)]

use compact_core::definition::Definition;
use compact_core::model::{AnnualReview, Milestone, Records};
use compact_core::rules::fixtures::{self, annual_review, date as d, milestone};
use compact_core::rules::{check, Finding, RecordRef, RuleId, Severity};
use compact_core::{Date, ReviewId};

const REVIEW: RuleId = RuleId::ReviewAnnualReviewOverdue;
const MILESTONE: RuleId = RuleId::ReviewMilestoneOverdue;

fn findings(
    def: &Definition,
    reviews: Vec<AnnualReview>,
    milestones: Vec<Milestone>,
    as_of: Date,
) -> Vec<Finding> {
    let records = Records {
        reviews,
        milestones,
        ..Records::default()
    };
    let mut all = check(def, &records, as_of);
    all.retain(|f| f.rule.as_str().starts_with("review."));
    all
}

fn summary(found: &[Finding]) -> Vec<(RuleId, Severity, Date)> {
    found.iter().map(|f| (f.rule, f.severity, f.date)).collect()
}

/// Blackpool-like with an edition date of 1 November 2009.
fn blackpool() -> Definition {
    fixtures::blackpool()
}

#[test]
fn the_annual_review_table() {
    let def = blackpool();
    let r = |id, year, on| annual_review(id, year, on);
    let cases: Vec<(&str, Vec<AnnualReview>, Date, Vec<(RuleId, Severity, Date)>)> = vec![
        (
            "no review, within the first year",
            vec![],
            d(2010, 10, 1),
            vec![],
        ),
        (
            "no review, due in 14 days",
            vec![],
            d(2010, 10, 18),
            vec![(REVIEW, Severity::Due, d(2010, 11, 1))],
        ),
        (
            "no review, due today",
            vec![],
            d(2010, 11, 1),
            vec![(REVIEW, Severity::Due, d(2010, 11, 1))],
        ),
        (
            "no review, a day overdue",
            vec![],
            d(2010, 11, 2),
            vec![(REVIEW, Severity::Breach, d(2010, 11, 1))],
        ),
        (
            "reviewed on the anniversary",
            vec![r(1, 2010, d(2010, 11, 1))],
            d(2011, 6, 1),
            vec![],
        ),
        (
            "reviewed a day late",
            vec![r(1, 2010, d(2010, 11, 2))],
            d(2011, 6, 1),
            vec![(REVIEW, Severity::Breach, d(2010, 11, 1))],
        ),
        (
            "the next review runs from the last",
            vec![r(1, 2010, d(2010, 10, 1))],
            d(2011, 10, 2),
            vec![(REVIEW, Severity::Breach, d(2011, 10, 1))],
        ),
        (
            "reviewed early, next not yet due",
            vec![r(1, 2010, d(2010, 10, 1))],
            d(2010, 11, 5),
            vec![],
        ),
        (
            "reviews recorded out of order",
            vec![r(2, 2011, d(2011, 10, 1)), r(1, 2010, d(2010, 10, 1))],
            d(2012, 6, 1),
            vec![],
        ),
    ];
    for (case, reviews, as_of, expected) in cases {
        assert_eq!(
            summary(&findings(&def, reviews, vec![], as_of)),
            expected,
            "{case}"
        );
    }
}

#[test]
fn a_review_completed_after_as_of_is_not_counted() {
    let def = blackpool();
    let reviews = vec![annual_review(1, 2010, d(2010, 11, 20))];
    assert_eq!(
        summary(&findings(&def, reviews.clone(), vec![], d(2010, 11, 10))),
        vec![(REVIEW, Severity::Breach, d(2010, 11, 1))]
    );
    // Once it is completed, it is a late review rather than a missing one.
    let late = findings(&def, reviews, vec![], d(2010, 11, 20));
    assert_eq!(
        summary(&late),
        vec![(REVIEW, Severity::Breach, d(2010, 11, 1))]
    );
    assert!(
        late[0]
            .explanation
            .contains("came 19 days after it was due"),
        "{}",
        late[0].explanation
    );
}

#[test]
fn twelve_months_from_29_february_is_28_february() {
    let mut def = blackpool();
    def.identity.edition_date = Some(d(2027, 6, 1));
    let reviews = vec![annual_review(1, 2027, d(2028, 2, 29))];
    assert!(findings(&def, reviews.clone(), vec![], d(2029, 2, 28))
        .iter()
        .all(|f| f.severity == Severity::Due));
    let found = findings(&def, reviews, vec![], d(2029, 3, 1));
    assert_eq!(
        summary(&found),
        vec![(REVIEW, Severity::Breach, d(2029, 2, 28))]
    );
    assert_eq!(
        found[0].context.as_ref().map(|c| c.record.clone()),
        Some(RecordRef::Review(ReviewId(1)))
    );
    assert_eq!(
        found[0].subject.record,
        RecordRef::Compact("blackpool".to_string())
    );
}

#[test]
fn without_an_edition_date_the_chain_starts_at_the_first_review() {
    let mut def = blackpool();
    def.identity.edition_date = None;
    assert!(findings(&def, vec![], vec![], d(2030, 1, 1)).is_empty());
    let reviews = vec![annual_review(1, 2025, d(2025, 5, 1))];
    assert_eq!(
        summary(&findings(&def, reviews, vec![], d(2026, 5, 2))),
        vec![(REVIEW, Severity::Breach, d(2026, 5, 1))]
    );
}

#[test]
fn the_milestone_table() {
    let def = fixtures::wales();
    let due = d(2026, 6, 30);
    let day = chrono::Duration::days(1);
    let review_2025 = annual_review(1, 2025, d(2026, 5, 1));
    let cases: Vec<(&str, Option<Date>, Date, Vec<(RuleId, Severity, Date)>)> = vec![
        ("done on time", Some(due), d(2026, 8, 1), vec![]),
        (
            "done late is history, not overdue",
            Some(due + day),
            d(2026, 8, 1),
            vec![],
        ),
        (
            "not done, overdue",
            None,
            due + day,
            vec![(MILESTONE, Severity::Advisory, due)],
        ),
        (
            "not done, due today",
            None,
            due,
            vec![(MILESTONE, Severity::Due, due)],
        ),
        (
            "not done, due in 14 days",
            None,
            due - day * 14,
            vec![(MILESTONE, Severity::Due, due)],
        ),
        ("not done, due in 15 days", None, due - day * 15, vec![]),
        (
            "done after as_of",
            Some(d(2026, 9, 1)),
            d(2026, 8, 1),
            vec![(MILESTONE, Severity::Advisory, due)],
        ),
    ];
    for (case, done, as_of, expected) in cases {
        let mut m = milestone(1, "Sign-up drive", due, done);
        m.review = Some(ReviewId(1));
        let found: Vec<_> = findings(&def, vec![review_2025.clone()], vec![m], as_of)
            .into_iter()
            .filter(|f| f.rule == MILESTONE)
            .collect();
        assert_eq!(summary(&found), expected, "{case}");
    }
    // A milestone of a review completed after as_of does not exist yet.
    let mut m = milestone(1, "Sign-up drive", due, None);
    m.review = Some(ReviewId(1));
    assert!(findings(&def, vec![review_2025], vec![m], d(2026, 4, 30))
        .iter()
        .all(|f| f.rule != MILESTONE));
}

#[test]
fn review_rules_need_a_review_cycle() {
    let m = milestone(1, "Sign-up drive", d(2020, 1, 1), None);
    for def in [fixtures::wigan(), fixtures::wiltshire()] {
        let found = findings(&def, vec![], vec![m.clone()], d(2030, 1, 1));
        let expected = if def.review.is_some() { 2 } else { 0 };
        assert_eq!(found.len(), expected, "{}", def.identity.slug);
    }
    // Warrington has a review cycle but no annual review.
    let found = findings(&fixtures::warrington(), vec![], vec![m], d(2030, 1, 1));
    assert_eq!(
        found.iter().map(|f| f.rule).collect::<Vec<_>>(),
        vec![MILESTONE]
    );
}
