//! Dispute stage deadlines (Blackpool-like two-stage procedure).

// The case tables are tuples read row by row; a named type per table would
// move the columns away from the rows.
#![allow(clippy::type_complexity)]

use compact_core::definition::{Definition, DisputeEventKind as K, StageDeadline, Strength};
use compact_core::model::{DisputeEvent, Records};
use compact_core::rules::fixtures::{self, date as d, dispute, event};
use compact_core::rules::{check, Finding, RecordRef, RuleId, Severity};
use compact_core::{Date, DisputeId};

const MISSED: RuleId = RuleId::DisputeStageDeadlineMissed;

fn findings(def: &Definition, events: Vec<DisputeEvent>, as_of: Date) -> Vec<Finding> {
    let records = Records {
        disputes: vec![dispute(1, "Late grant letters", d(2026, 2, 2), events)],
        ..Records::default()
    };
    let mut all = check(def, &records, as_of);
    all.retain(|f| f.rule == MISSED);
    all
}

fn run(def: &Definition, events: Vec<DisputeEvent>, as_of: Date) -> Vec<Severity> {
    findings(def, events, as_of)
        .iter()
        .map(|f| f.severity)
        .collect()
}

const GROUP: &str = "compact-group";

fn referred(on: Date) -> DisputeEvent {
    event(1, GROUP, K::StageEntered, on)
}

#[test]
fn the_meeting_deadline_table() {
    let def = fixtures::blackpool();
    // Referred to the Compact Group on 20 February 2026: meet by 6 March.
    let referral = d(2026, 2, 20);
    let last = d(2026, 3, 6);
    let day = chrono::Duration::days(1);
    let met = |on| event(2, GROUP, K::MeetingHeld, on);
    let closed = |on| event(3, GROUP, K::Resolved, on);
    // (case, events, as_of, expected)
    let cases: Vec<(&str, Vec<DisputeEvent>, Date, Vec<Severity>)> = vec![
        ("still informal", vec![], d(2026, 6, 1), vec![]),
        (
            "met on the 14th day",
            vec![referred(referral), met(last)],
            d(2026, 6, 1),
            vec![],
        ),
        (
            "met on the 15th day",
            vec![referred(referral), met(last + day)],
            d(2026, 6, 1),
            vec![Severity::Advisory],
        ),
        (
            "not met, last day passed",
            vec![referred(referral)],
            last + day,
            vec![Severity::Advisory],
        ),
        (
            "not met, last day today",
            vec![referred(referral)],
            last,
            vec![Severity::Due],
        ),
        (
            "not met, referred today",
            vec![referred(referral)],
            referral,
            vec![Severity::Due],
        ),
        (
            "meeting after as_of has not happened",
            vec![referred(referral), met(d(2026, 3, 10))],
            d(2026, 3, 8),
            vec![Severity::Advisory],
        ),
        (
            "referral after as_of has not happened",
            vec![referred(referral)],
            referral - day,
            vec![],
        ),
        (
            "resolved before the last day",
            vec![referred(referral), closed(d(2026, 3, 1))],
            d(2026, 6, 1),
            vec![],
        ),
        (
            "resolved on the last day",
            vec![referred(referral), closed(last)],
            d(2026, 6, 1),
            vec![],
        ),
        (
            "resolved after the last day",
            vec![referred(referral), closed(last + day)],
            d(2026, 6, 1),
            vec![Severity::Advisory],
        ),
        (
            "a meeting in another stage does not count",
            vec![
                referred(referral),
                event(2, "informal", K::MeetingHeld, d(2026, 2, 25)),
            ],
            d(2026, 6, 1),
            vec![Severity::Advisory],
        ),
        (
            "the first referral starts the clock",
            vec![
                referred(referral),
                event(4, GROUP, K::StageEntered, d(2026, 3, 5)),
                met(d(2026, 3, 10)),
            ],
            d(2026, 6, 1),
            vec![Severity::Advisory],
        ),
    ];
    for (case, events, as_of, expected) in cases {
        assert_eq!(run(&def, events, as_of), expected, "{case}");
    }
}

#[test]
fn the_ruling_deadline_runs_from_the_investigation() {
    let def = fixtures::blackpool();
    let concluded = d(2026, 3, 20);
    let base = vec![
        referred(d(2026, 2, 20)),
        event(2, GROUP, K::MeetingHeld, d(2026, 3, 2)),
        event(3, GROUP, K::InvestigationConcluded, concluded),
    ];
    let with = |extra: Vec<DisputeEvent>| base.iter().cloned().chain(extra).collect::<Vec<_>>();
    let cases: Vec<(&str, Vec<DisputeEvent>, Date, Vec<Severity>)> = vec![
        (
            "ruled on the 7th day",
            with(vec![event(4, GROUP, K::RulingGiven, d(2026, 3, 27))]),
            d(2026, 6, 1),
            vec![],
        ),
        (
            "ruled on the 8th day",
            with(vec![event(4, GROUP, K::RulingGiven, d(2026, 3, 28))]),
            d(2026, 6, 1),
            vec![Severity::Advisory],
        ),
        (
            "investigation still running",
            base.clone(),
            d(2026, 3, 19),
            vec![],
        ),
        (
            "no ruling yet, due",
            base.clone(),
            d(2026, 3, 25),
            vec![Severity::Due],
        ),
        (
            "no ruling, overdue",
            base.clone(),
            d(2026, 3, 28),
            vec![Severity::Advisory],
        ),
        (
            "withdrawn before the last day",
            with(vec![event(4, GROUP, K::Withdrawn, d(2026, 3, 22))]),
            d(2026, 6, 1),
            vec![],
        ),
    ];
    for (case, events, as_of, expected) in cases {
        assert_eq!(run(&def, events, as_of), expected, "{case}");
    }
}

#[test]
fn raising_the_case_enters_the_first_stage_and_firm_deadlines_are_breaches() {
    let mut def = fixtures::blackpool();
    if let Some(p) = def.disputes.as_mut() {
        p.stages[0].deadlines.push(StageDeadline {
            id: "respond".to_string(),
            description: "Written response".to_string(),
            from: K::StageEntered,
            until: K::ResponseGiven,
            days: 10,
            strength: Strength::Firm,
        });
    }
    // Raised 2 February: a response is due by 12 February.
    assert_eq!(run(&def, vec![], d(2026, 2, 12)), vec![Severity::Due]);
    assert_eq!(run(&def, vec![], d(2026, 2, 13)), vec![Severity::Breach]);
    let answered = vec![event(1, "informal", K::ResponseGiven, d(2026, 2, 12))];
    assert!(run(&def, answered, d(2026, 3, 1)).is_empty());
}

#[test]
fn dispute_findings_are_confidential_and_explain_the_deadline() {
    let def = fixtures::blackpool();
    let found = findings(&def, vec![referred(d(2026, 2, 20))], d(2026, 3, 10));
    let f = &found[0];
    assert!(f.confidential);
    assert_eq!(f.subject.record, RecordRef::Dispute(DisputeId(1)));
    assert_eq!(f.date, d(2026, 3, 6));
    assert_eq!(
        f.explanation,
        "In the stage \u{201c}Compact Group\u{201d}, this Compact commits, wherever possible, to a \
         meeting with the parties within 14 days after the case entered the stage (20 February \
         2026); it has not happened, and the last allowed day was 6 March 2026."
    );
}

#[test]
fn compacts_without_stage_deadlines_report_nothing_on_disputes() {
    let events = vec![referred(d(2026, 2, 20))];
    for def in [
        fixtures::wiltshire(),
        fixtures::warrington(),
        fixtures::wigan(),
        fixtures::wales(),
    ] {
        assert!(
            run(&def, events.clone(), d(2027, 1, 1)).is_empty(),
            "{}",
            def.identity.slug
        );
    }
}
