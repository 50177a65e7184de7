//! Signatories' Compact champions.

// The case tables are tuples read row by row; a named type per table would
// move the columns away from the rows.
#![allow(clippy::type_complexity)]

use compact_core::definition::{ChampionStandard, Definition, OrganisationKind, Strength};
use compact_core::model::{Records, Signatory};
use compact_core::rules::fixtures::{self, champion, date as d, organisation, signatory};
use compact_core::rules::{check, Finding, RecordRef, RuleId, Severity};
use compact_core::{Date, SignatoryId};

const NO_CHAMPION: RuleId = RuleId::SignatoryNoChampion;
const NOT_TRAINED: RuleId = RuleId::SignatoryChampionNotTrained;

fn findings(def: &Definition, signatories: Vec<Signatory>, as_of: Date) -> Vec<Finding> {
    let records = Records {
        organisations: vec![organisation(
            7,
            "Age UK Wiltshire",
            OrganisationKind::Charity,
        )],
        signatories,
        ..Records::default()
    };
    let mut all = check(def, &records, as_of);
    all.retain(|f| f.rule.as_str().starts_with("signatory."));
    all
}

fn run(def: &Definition, s: Signatory, as_of: Date) -> Vec<(RuleId, Severity)> {
    findings(def, vec![s], as_of)
        .iter()
        .map(|f| (f.rule, f.severity))
        .collect()
}

fn with_training(days: Option<u32>, strength: Strength) -> Definition {
    let mut def = fixtures::wiltshire();
    def.standards.champion = Some(ChampionStandard {
        required: true,
        trained_within_days: days,
        strength,
    });
    def
}

#[test]
fn the_champion_table() {
    let firm = fixtures::wiltshire();
    let soft = with_training(None, Strength::Softened);
    let signed = d(2025, 3, 1);
    let as_of = d(2026, 1, 1);
    let s = || signatory(1, 7, signed);
    let with = |appointed| {
        let mut s = s();
        s.champion = Some(champion("Sam Patel", appointed, None));
        s
    };
    let withdrawn = {
        let mut s = s();
        s.withdrawn_on = Some(d(2025, 12, 1));
        s
    };
    let cases: Vec<(&str, &Definition, Signatory, Vec<(RuleId, Severity)>)> = vec![
        ("a champion", &firm, with(d(2025, 3, 1)), vec![]),
        (
            "no champion",
            &firm,
            s(),
            vec![(NO_CHAMPION, Severity::Breach)],
        ),
        (
            "no champion, softened",
            &soft,
            s(),
            vec![(NO_CHAMPION, Severity::Advisory)],
        ),
        (
            "appointed after as_of",
            &firm,
            with(d(2026, 2, 1)),
            vec![(NO_CHAMPION, Severity::Breach)],
        ),
        ("withdrawn signatory", &firm, withdrawn, vec![]),
        (
            "signed after as_of",
            &firm,
            signatory(1, 7, d(2026, 1, 2)),
            vec![],
        ),
        (
            "signed on as_of",
            &firm,
            signatory(1, 7, as_of),
            vec![(NO_CHAMPION, Severity::Breach)],
        ),
    ];
    for (case, def, s, expected) in cases {
        assert_eq!(run(def, s, as_of), expected, "{case}");
    }
    let f = &findings(&firm, vec![s()], as_of)[0];
    assert_eq!(f.subject.record, RecordRef::Signatory(SignatoryId(1)));
    assert_eq!(f.subject.label, "Age UK Wiltshire");
    assert_eq!(
        f.explanation,
        "A signatory since 1 March 2025 with no Compact champion recorded; this Compact commits \
         to a champion in every signatory organisation."
    );
}

#[test]
fn the_training_table() {
    let def = with_training(Some(90), Strength::Firm);
    let soft = with_training(Some(90), Strength::Softened);
    let no_window = fixtures::wiltshire();
    // Appointed 1 December 2025: trained by 1 March 2026 (90 days).
    let appointed = d(2025, 12, 1);
    let last = d(2026, 3, 1);
    let day = chrono::Duration::days(1);
    let cases: Vec<(
        &str,
        &Definition,
        Option<Date>,
        Date,
        Vec<(RuleId, Severity)>,
    )> = vec![
        (
            "trained on the last day",
            &def,
            Some(last),
            d(2026, 6, 1),
            vec![],
        ),
        (
            "trained a day late",
            &def,
            Some(last + day),
            d(2026, 6, 1),
            vec![(NOT_TRAINED, Severity::Breach)],
        ),
        (
            "trained a day late, softened",
            &soft,
            Some(last + day),
            d(2026, 6, 1),
            vec![(NOT_TRAINED, Severity::Advisory)],
        ),
        (
            "untrained, overdue",
            &def,
            None,
            last + day,
            vec![(NOT_TRAINED, Severity::Breach)],
        ),
        (
            "untrained, due today",
            &def,
            None,
            last,
            vec![(NOT_TRAINED, Severity::Due)],
        ),
        (
            "untrained, due in 14 days",
            &def,
            None,
            last - day * 14,
            vec![(NOT_TRAINED, Severity::Due)],
        ),
        (
            "untrained, due in 15 days",
            &def,
            None,
            last - day * 15,
            vec![],
        ),
        (
            "trained after as_of",
            &def,
            Some(d(2026, 4, 1)),
            d(2026, 3, 20),
            vec![(NOT_TRAINED, Severity::Breach)],
        ),
        (
            "no training window in the Compact",
            &no_window,
            None,
            d(2027, 1, 1),
            vec![],
        ),
    ];
    for (case, def, trained, as_of, expected) in cases {
        let mut s = signatory(1, 7, d(2025, 3, 1));
        s.champion = Some(champion("Sam Patel", appointed, trained));
        assert_eq!(run(def, s, as_of), expected, "{case}");
    }
}

#[test]
fn compacts_without_a_champion_standard_report_nothing_on_signatories() {
    for def in [
        fixtures::warrington(),
        fixtures::blackpool(),
        fixtures::wigan(),
        fixtures::wales(),
    ] {
        assert!(
            run(&def, signatory(1, 7, d(2025, 3, 1)), d(2026, 1, 1)).is_empty(),
            "{}",
            def.identity.slug
        );
    }
}
