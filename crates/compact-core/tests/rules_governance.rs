//! The make-up of governance bodies.

// The case tables are tuples read row by row; a named type per table would
// move the columns away from the rows.
#![allow(clippy::type_complexity)]

use compact_core::definition::Definition;
use compact_core::model::{Records, SeatHolding};
use compact_core::rules::fixtures::{self, blackpool_compact_group, date as d, seat};
use compact_core::rules::{check, Finding, RecordRef, RuleId, Severity};
use compact_core::Date;

const MISMATCH: RuleId = RuleId::GovernanceCompositionMismatch;

fn findings(def: &Definition, seats: Vec<SeatHolding>, as_of: Date) -> Vec<Finding> {
    let records = Records {
        seats,
        ..Records::default()
    };
    let mut all = check(def, &records, as_of);
    all.retain(|f| f.rule == MISMATCH);
    all
}

fn explanations(def: &Definition, seats: Vec<SeatHolding>, as_of: Date) -> Vec<String> {
    findings(def, seats, as_of)
        .into_iter()
        .map(|f| f.explanation)
        .collect()
}

fn group(f: impl FnOnce(&mut Vec<SeatHolding>)) -> Vec<SeatHolding> {
    let mut seats = blackpool_compact_group(d(2025, 1, 1));
    f(&mut seats);
    seats
}

#[test]
fn the_compact_group_table() {
    let def = fixtures::blackpool();
    let as_of = d(2026, 6, 1);
    let cases: Vec<(&str, Vec<SeatHolding>, Vec<&str>)> = vec![
        ("all twelve seats as allocated", group(|_| {}), vec![]),
        ("a faith seat ended yesterday", group(|s| s[11].until = Some(d(2026, 5, 31))), vec![
            "\u{201c}Faith groups\u{201d} holds 0 of its 1 seat on The Compact Group, leaving 1 vacant.",
        ]),
        ("a seat ending on as_of is still held", group(|s| s[11].until = Some(as_of)), vec![]),
        ("a seat starting after as_of is not held yet", group(|s| s[11].from = d(2026, 6, 2)), vec![
            "\u{201c}Faith groups\u{201d} holds 0 of its 1 seat on The Compact Group, leaving 1 vacant.",
        ]),
        ("no elected councillor", group(|s| s[0].roles.clear()), vec![
            "0 of the seats for \u{201c}Blackpool Council\u{201d} on The Compact Group are held by someone with the role elected councillor; this Compact requires at least 1.",
        ]),
        ("a third NHS seat", group(|s| s.push(seat(13, "compact-group", "nhs", &[], d(2025, 1, 1)))), vec![
            "\u{201c}Blackpool NHS\u{201d} holds 3 seats on The Compact Group; this Compact allocates it 2.",
        ]),
        ("a seat for a constituency with no seats", group(|s| s.push(seat(13, "compact-group", "probation", &[], d(2025, 1, 1)))), vec![
            "1 person holds a seat on The Compact Group for \u{201c}probation\u{201d}, which this Compact gives no seats on it.",
        ]),
        ("seats on another body are not counted", group(|s| s.push(seat(13, "partnership-board", "nhs", &[], d(2025, 1, 1)))), vec![]),
    ];
    for (case, seats, expected) in cases {
        assert_eq!(explanations(&def, seats, as_of), expected, "{case}");
    }
}

#[test]
fn a_body_is_checked_once_it_has_been_constituted() {
    let def = fixtures::blackpool();
    assert!(
        findings(&def, vec![], d(2026, 6, 1)).is_empty(),
        "no seats recorded yet"
    );
    let seats = blackpool_compact_group(d(2026, 1, 1));
    assert!(
        findings(&def, seats.clone(), d(2025, 12, 31)).is_empty(),
        "before any seat starts"
    );
    let mut all_ended = seats;
    for s in &mut all_ended {
        s.until = Some(d(2026, 3, 1));
    }
    // Once constituted, a body whose seats have all ended is all vacancies.
    assert_eq!(findings(&def, all_ended, d(2026, 6, 1)).len(), 8 + 1);
}

#[test]
fn composition_findings_are_advisory_and_name_the_body() {
    let found = findings(
        &fixtures::blackpool(),
        group(|s| s.truncate(11)),
        d(2026, 6, 1),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Advisory);
    assert_eq!(
        found[0].subject.record,
        RecordRef::Body("compact-group".to_string())
    );
    assert_eq!(found[0].subject.label, "The Compact Group");
    assert!(!found[0].confidential);
}

#[test]
fn the_chairs_table() {
    let def = fixtures::wiltshire();
    let as_of = d(2026, 6, 1);
    let from = d(2025, 1, 1);
    let public_chair = || seat(1, "board", "wiltshire-council", &["chair"], from);
    let vcse_chair = || seat(2, "board", "infrastructure", &["chair"], from);
    let member = || seat(3, "board", "wiltshire-council", &[], from);
    let cases: Vec<(&str, Vec<SeatHolding>, Vec<&str>)> = vec![
        ("one chair from each sector", vec![public_chair(), vcse_chair(), member()], vec![]),
        ("only the public chair", vec![public_chair(), member()], vec![
            // Equal keys sort by explanation.
            "No chair of The Wiltshire Compact Board comes from the voluntary, community and social enterprise sector; this Compact has one chair from each of: public sector, voluntary, community and social enterprise sector.",
            "The Wiltshire Compact Board has 1 chair; this Compact provides for 2.",
        ]),
        ("two public chairs", vec![public_chair(), seat(4, "board", "wiltshire-council", &["chair"], from)], vec![
            "No chair of The Wiltshire Compact Board comes from the voluntary, community and social enterprise sector; this Compact has one chair from each of: public sector, voluntary, community and social enterprise sector.",
        ]),
    ];
    for (case, seats, expected) in cases {
        assert_eq!(explanations(&def, seats, as_of), expected, "{case}");
    }
}

#[test]
fn compacts_without_allocations_report_nothing_on_seats() {
    let seats = vec![seat(1, "compact-group", "nhs", &[], d(2025, 1, 1))];
    for def in [fixtures::warrington(), fixtures::wigan(), fixtures::wales()] {
        assert!(
            findings(&def, seats.clone(), d(2026, 6, 1)).is_empty(),
            "{}",
            def.identity.slug
        );
    }
}
