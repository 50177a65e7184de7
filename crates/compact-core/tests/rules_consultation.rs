//! Consultation rules: the length of the period and feedback.

// The case tables are tuples read row by row; a named type per table would
// move the columns away from the rows.
#![allow(clippy::type_complexity)]

use compact_core::definition::{ConsultationStandard, Definition, Strength};
use compact_core::model::{Consultation, Records};
use compact_core::rules::fixtures::{self, consultation, date as d};
use compact_core::rules::{check, Finding, RuleId, Severity};
use compact_core::Date;

const WITHOUT_REASON: RuleId = RuleId::ConsultationShorterWithoutReason;
const SHORTER: RuleId = RuleId::ConsultationShorter;
const FEEDBACK: RuleId = RuleId::ConsultationFeedbackOverdue;

/// The consultation findings only: the fixtures' other standards (such as
/// the annual review) report on their own and are tested elsewhere.
fn run(def: &Definition, consultations: Vec<Consultation>, as_of: Date) -> Vec<Finding> {
    let records = Records {
        consultations,
        ..Records::default()
    };
    let mut findings = check(def, &records, as_of);
    findings.retain(|f| f.rule.as_str().starts_with("consultation."));
    findings
}

fn summary(findings: &[Finding]) -> Vec<(RuleId, Severity)> {
    findings.iter().map(|f| (f.rule, f.severity)).collect()
}

fn with_standard(strength: Strength, needs_reason: bool, feedback: Option<u32>) -> Definition {
    let mut def = fixtures::wiltshire();
    def.standards.consultation = Some(ConsultationStandard {
        weeks: 12,
        shorter_needs_reason: needs_reason,
        feedback_within_days: feedback,
        strength,
    });
    def
}

#[test]
fn the_period_table() {
    let opened = d(2026, 1, 5);
    let as_of = d(2026, 6, 1);
    let firm = with_standard(Strength::Firm, true, None);
    let soft = with_standard(Strength::Softened, true, None);
    let no_exception = with_standard(Strength::Firm, false, None);
    // (case, definition, days open, reason, expected)
    let cases: Vec<(
        &str,
        &Definition,
        i64,
        Option<&str>,
        Vec<(RuleId, Severity)>,
    )> = vec![
        ("exactly 84 days meets 12 weeks", &firm, 84, None, vec![]),
        (
            "83 days is short, firm",
            &firm,
            83,
            None,
            vec![(WITHOUT_REASON, Severity::Breach)],
        ),
        (
            "9 weeks, firm",
            &firm,
            63,
            None,
            vec![(WITHOUT_REASON, Severity::Breach)],
        ),
        (
            "9 weeks, softened",
            &soft,
            63,
            None,
            vec![(WITHOUT_REASON, Severity::Advisory)],
        ),
        (
            "9 weeks with a reason",
            &firm,
            63,
            Some("Statutory deadline"),
            vec![(SHORTER, Severity::Advisory)],
        ),
        (
            "a blank reason is no reason",
            &firm,
            63,
            Some("   "),
            vec![(WITHOUT_REASON, Severity::Breach)],
        ),
        ("longer than 12 weeks", &firm, 120, None, vec![]),
        (
            "no exception: a reason does not excuse",
            &no_exception,
            63,
            Some("Budget"),
            vec![(SHORTER, Severity::Breach)],
        ),
        (
            "no exception, no reason",
            &no_exception,
            63,
            None,
            vec![(SHORTER, Severity::Breach)],
        ),
        (
            "closes before it opens",
            &firm,
            -3,
            None,
            vec![(WITHOUT_REASON, Severity::Breach)],
        ),
    ];
    for (case, def, days, reason, expected) in cases {
        let mut c = consultation(
            1,
            "Library hours",
            opened,
            opened + chrono::Duration::days(days),
        );
        c.shorter_period_reason = reason.map(str::to_string);
        let findings = run(def, vec![c], as_of);
        assert_eq!(summary(&findings), expected, "{case}");
    }
}

#[test]
fn the_explanation_quotes_the_standard_and_the_dates() {
    let def = with_standard(Strength::Firm, true, None);
    let c = consultation(7, "Library hours", d(2026, 1, 5), d(2026, 3, 9));
    let findings = run(&def, vec![c], d(2026, 6, 1));
    let f = &findings[0];
    assert_eq!(
        f.explanation,
        "Closes after 9 weeks; this Compact commits to a 12-week consultation period, a shorter \
         one needs a stated reason, and no reason was recorded."
    );
    assert_eq!(f.subject.label, "Library hours");
    let labels: Vec<_> = f.dates.iter().map(|x| (x.label, x.date)).collect();
    assert_eq!(
        labels,
        vec![
            ("opened", d(2026, 1, 5)),
            ("closes", d(2026, 3, 9)),
            ("required_close", d(2026, 3, 30))
        ]
    );
    assert!(!f.confidential);
}

#[test]
fn a_short_consultation_is_reported_from_the_day_it_opens_and_not_before() {
    let def = with_standard(Strength::Firm, true, None);
    let c = consultation(1, "Parks", d(2026, 3, 2), d(2026, 4, 13));
    assert!(
        run(&def, vec![c.clone()], d(2026, 3, 1)).is_empty(),
        "not opened yet"
    );
    assert_eq!(
        summary(&run(&def, vec![c], d(2026, 3, 2))),
        vec![(WITHOUT_REASON, Severity::Breach)]
    );
}

#[test]
fn twenty_ninth_of_february_counts_as_a_day() {
    let def = with_standard(Strength::Firm, true, None);
    // 5 December 2027 + 84 days is 27 February 2028; a leap year adds no slack.
    let ok = consultation(1, "Leap", d(2027, 12, 5), d(2028, 2, 27));
    let short = consultation(2, "Leap short", d(2027, 12, 6), d(2028, 2, 27));
    let findings = run(&def, vec![ok, short], d(2028, 3, 31));
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].subject.label, "Leap short");
    // Opened on 29 February: 84 days later is 23 May.
    let leap_day = consultation(3, "From the leap day", d(2028, 2, 29), d(2028, 5, 23));
    assert!(run(&def, vec![leap_day], d(2028, 6, 1)).is_empty());
}

#[test]
fn the_feedback_table() {
    let def = with_standard(Strength::Firm, true, Some(28));
    let soft = with_standard(Strength::Softened, true, Some(28));
    // Open 12 weeks from 5 January to 30 March; feedback due by 27 April.
    let base = consultation(1, "Housing", d(2026, 1, 5), d(2026, 3, 30));
    let due = d(2026, 4, 27);
    let day = chrono::Duration::days(1);
    // (case, definition, feedback published, as_of, expected)
    let cases: Vec<(
        &str,
        &Definition,
        Option<Date>,
        Date,
        Vec<(RuleId, Severity)>,
    )> = vec![
        (
            "published on the last day",
            &def,
            Some(due),
            d(2026, 6, 1),
            vec![],
        ),
        (
            "published a day late",
            &def,
            Some(due + day),
            d(2026, 6, 1),
            vec![(FEEDBACK, Severity::Breach)],
        ),
        (
            "published a day late, softened",
            &soft,
            Some(due + day),
            d(2026, 6, 1),
            vec![(FEEDBACK, Severity::Advisory)],
        ),
        (
            "not published, deadline passed",
            &def,
            None,
            due + day,
            vec![(FEEDBACK, Severity::Breach)],
        ),
        (
            "not published, deadline today",
            &def,
            None,
            due,
            vec![(FEEDBACK, Severity::Due)],
        ),
        (
            "not published, deadline in 14 days",
            &def,
            None,
            due - day * 14,
            vec![(FEEDBACK, Severity::Due)],
        ),
        (
            "not published, deadline in 15 days",
            &def,
            None,
            due - day * 15,
            vec![],
        ),
        (
            "published after as_of is not yet published",
            &def,
            Some(d(2026, 5, 1)),
            d(2026, 4, 28),
            vec![(FEEDBACK, Severity::Breach)],
        ),
        (
            "published early",
            &def,
            Some(d(2026, 3, 1)),
            d(2026, 6, 1),
            vec![],
        ),
    ];
    for (case, def, published, as_of, expected) in cases {
        let mut c = base.clone();
        c.feedback_published_on = published;
        assert_eq!(summary(&run(def, vec![c], as_of)), expected, "{case}");
    }
}

#[test]
fn no_feedback_standard_means_no_feedback_findings() {
    let def = with_standard(Strength::Firm, true, None);
    let c = consultation(1, "Housing", d(2026, 1, 5), d(2026, 3, 30));
    assert!(run(&def, vec![c], d(2027, 1, 1)).is_empty());
}

#[test]
fn compacts_without_a_consultation_standard_report_nothing() {
    let short = consultation(1, "Two weeks", d(2026, 1, 5), d(2026, 1, 19));
    for def in [
        fixtures::wigan(),
        fixtures::warrington(),
        fixtures::blackpool(),
        fixtures::wales(),
    ] {
        assert!(
            run(&def, vec![short.clone()], d(2027, 1, 1)).is_empty(),
            "{}",
            def.identity.slug
        );
    }
}
