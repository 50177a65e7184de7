//! Funding changes: notice of changes and the reduction procedure.

// The case tables are tuples read row by row; a named type per table would
// move the columns away from the rows.
#![allow(clippy::type_complexity)]

use compact_core::definition::{Definition, FundingNoticeStandard, Strength};
use compact_core::model::{ChangeKind, FundingChange, Records};
use compact_core::rules::fixtures::{
    self, agreement, change, consultation, date as d, impact_assessment,
};
use compact_core::rules::{check, Finding, RecordRef, RuleId, Severity};
use compact_core::{ConsultationId, Date, FundingChangeId, Pence};

const NOTICE: RuleId = RuleId::FundingChangeNoticeTooShort;
const NO_CONSULTATION: RuleId = RuleId::FundingReductionWithoutConsultation;
const TOO_SHORT: RuleId = RuleId::FundingReductionConsultationTooShort;
const CRITERIA: RuleId = RuleId::FundingReductionCriteriaNotPublished;
const NO_EIA: RuleId = RuleId::FundingReductionWithoutImpactAssessment;
const EARLY_DECISION: RuleId = RuleId::FundingDecisionBeforeConsultationClosed;
const FORMAL: RuleId = RuleId::FundingFormalNoticeTooShort;

fn run(def: &Definition, records: &Records, as_of: Date) -> Vec<(RuleId, Severity)> {
    findings(def, records, as_of)
        .iter()
        .map(|f| (f.rule, f.severity))
        .collect()
}

/// Findings about funding changes only.
fn findings(def: &Definition, records: &Records, as_of: Date) -> Vec<Finding> {
    let mut all = check(def, records, as_of);
    all.retain(|f| matches!(f.subject.record, RecordRef::FundingChange(_)));
    all
}

fn one_change(ch: FundingChange) -> Records {
    let mut a = agreement(1, d(2024, 4, 1), d(2027, 3, 31));
    a.exit_strategy_agreed_on = Some(d(2024, 4, 1));
    a.changes.push(ch);
    Records {
        agreements: vec![a],
        ..Records::default()
    }
}

#[test]
fn the_weeks_notice_table() {
    let def = fixtures::warrington();
    let mut soft = fixtures::warrington();
    soft.standards.funding_notice = Some(FundingNoticeStandard {
        weeks: 12,
        strength: Strength::Softened,
    });
    // Effective 1 July 2026: 12 weeks' notice is due by 8 April 2026.
    let effective = d(2026, 7, 1);
    let latest = d(2026, 4, 8);
    let day = chrono::Duration::days(1);
    let later = d(2026, 8, 1);
    // (case, definition, kind, notice given, as_of, expected)
    let cases: Vec<(
        &str,
        &Definition,
        ChangeKind,
        Option<Date>,
        Date,
        Vec<(RuleId, Severity)>,
    )> = vec![
        (
            "notice exactly 84 days before",
            &def,
            ChangeKind::Reduction,
            Some(latest),
            later,
            vec![],
        ),
        (
            "notice 83 days before",
            &def,
            ChangeKind::Reduction,
            Some(latest + day),
            later,
            vec![(NOTICE, Severity::Breach)],
        ),
        (
            "softened standard",
            &soft,
            ChangeKind::Reduction,
            Some(latest + day),
            later,
            vec![(NOTICE, Severity::Advisory)],
        ),
        (
            "termination too",
            &def,
            ChangeKind::Termination,
            Some(latest + day),
            later,
            vec![(NOTICE, Severity::Breach)],
        ),
        (
            "variation too",
            &def,
            ChangeKind::Variation,
            Some(latest + day),
            later,
            vec![(NOTICE, Severity::Breach)],
        ),
        (
            "no notice, last day passed",
            &def,
            ChangeKind::Reduction,
            None,
            latest + day,
            vec![(NOTICE, Severity::Breach)],
        ),
        (
            "no notice, last day today",
            &def,
            ChangeKind::Reduction,
            None,
            latest,
            vec![(NOTICE, Severity::Due)],
        ),
        (
            "no notice, last day in 14 days",
            &def,
            ChangeKind::Reduction,
            None,
            latest - day * 14,
            vec![(NOTICE, Severity::Due)],
        ),
        (
            "no notice, last day in 15 days",
            &def,
            ChangeKind::Reduction,
            None,
            latest - day * 15,
            vec![],
        ),
        (
            "notice given after as_of is not given yet",
            &def,
            ChangeKind::Reduction,
            Some(d(2026, 5, 1)),
            d(2026, 4, 20),
            vec![(NOTICE, Severity::Breach)],
        ),
    ];
    for (case, def, kind, given, as_of, expected) in cases {
        let records = one_change(change(1, kind, d(2026, 1, 10), given, effective));
        assert_eq!(run(def, &records, as_of), expected, "{case}");
    }
}

#[test]
fn a_change_decided_after_as_of_has_not_happened() {
    let records = one_change(change(
        1,
        ChangeKind::Reduction,
        d(2026, 6, 1),
        None,
        d(2026, 6, 15),
    ));
    assert!(run(&fixtures::warrington(), &records, d(2026, 5, 31)).is_empty());
    assert_eq!(
        run(&fixtures::warrington(), &records, d(2026, 6, 1)),
        vec![(NOTICE, Severity::Breach)]
    );
}

#[test]
fn a_variation_that_adds_money_needs_no_notice() {
    let mut up = change(
        1,
        ChangeKind::Variation,
        d(2026, 1, 10),
        None,
        d(2026, 2, 1),
    );
    up.new_amount = Some(Pence(2_000_000));
    assert!(run(
        &fixtures::warrington(),
        &one_change(up.clone()),
        d(2026, 3, 1)
    )
    .is_empty());
    let mut down = up;
    down.new_amount = Some(Pence(500_000));
    assert_eq!(
        run(&fixtures::warrington(), &one_change(down), d(2026, 3, 1)),
        vec![(NOTICE, Severity::Breach)]
    );
}

#[test]
fn the_notice_explanation_quotes_the_weeks() {
    let records = one_change(change(
        9,
        ChangeKind::Reduction,
        d(2026, 1, 10),
        Some(d(2026, 5, 6)),
        d(2026, 7, 1),
    ));
    let f = &findings(&fixtures::warrington(), &records, d(2026, 8, 1))[0];
    assert_eq!(
        f.explanation,
        "Notice of this reduction was given on 6 May 2026, 8 weeks before it takes effect on \
         1 July 2026; this Compact commits to 12 weeks' notice of changes to funding, so notice \
         was due by 8 April 2026."
    );
    assert_eq!(
        f.subject.record,
        RecordRef::FundingChange(FundingChangeId(9))
    );
    assert_eq!(
        f.context.as_ref().map(|c| c.label.as_str()),
        Some("Grant 1")
    );
    assert_eq!(f.date, d(2026, 4, 8));
}

/// A reduction that follows the Wiltshire procedure to the letter: a
/// 12-week consultation from 5 January to 30 March 2026 with criteria
/// published at launch, a joint impact assessment, a decision on 14 April,
/// 3 months' formal notice on 15 April for 15 July.
fn proper_reduction() -> Records {
    let mut c = consultation(1, "Day centre grants", d(2026, 1, 5), d(2026, 3, 30));
    c.criteria_published_on = Some(d(2026, 1, 5));
    let mut ch = change(
        1,
        ChangeKind::Reduction,
        d(2026, 4, 14),
        Some(d(2026, 4, 15)),
        d(2026, 7, 15),
    );
    ch.consultation = Some(ConsultationId(1));
    ch.impact_assessment = Some(impact_assessment(d(2026, 3, 20), true));
    let mut records = one_change(ch);
    records.consultations.push(c);
    records
}

fn tweak(f: impl FnOnce(&mut Records)) -> Records {
    let mut r = proper_reduction();
    f(&mut r);
    r
}

fn the_change(r: &mut Records) -> &mut FundingChange {
    &mut r.agreements[0].changes[0]
}

#[test]
fn the_reduction_procedure_table() {
    let def = fixtures::wiltshire();
    let as_of = d(2026, 9, 1);
    let cases: Vec<(&str, Records, Vec<(RuleId, Severity)>)> = vec![
        ("the procedure followed", proper_reduction(), vec![]),
        (
            "no consultation",
            tweak(|r| the_change(r).consultation = None),
            vec![(NO_CONSULTATION, Severity::Breach)],
        ),
        (
            "a consultation missing from the records",
            tweak(|r| the_change(r).consultation = Some(ConsultationId(99))),
            vec![(NO_CONSULTATION, Severity::Breach)],
        ),
        (
            "consultation of 83 days",
            tweak(|r| r.consultations[0].closes_on = d(2026, 3, 29)),
            vec![(TOO_SHORT, Severity::Breach)],
        ),
        (
            "shorter by agreement with a reason",
            tweak(|r| {
                r.consultations[0].closes_on = d(2026, 2, 27);
                r.consultations[0].shorter_period_reason =
                    Some("Agreed with the recipients".into());
            }),
            vec![],
        ),
        (
            "shorter without a reason",
            tweak(|r| r.consultations[0].closes_on = d(2026, 2, 27)),
            vec![(TOO_SHORT, Severity::Breach)],
        ),
        (
            "criteria never published",
            tweak(|r| r.consultations[0].criteria_published_on = None),
            vec![(CRITERIA, Severity::Breach)],
        ),
        (
            "criteria published a day after launch",
            tweak(|r| r.consultations[0].criteria_published_on = Some(d(2026, 1, 6))),
            vec![(CRITERIA, Severity::Breach)],
        ),
        (
            "criteria published before launch",
            tweak(|r| r.consultations[0].criteria_published_on = Some(d(2025, 12, 20))),
            vec![],
        ),
        (
            "no impact assessment",
            tweak(|r| the_change(r).impact_assessment = None),
            vec![(NO_EIA, Severity::Breach)],
        ),
        (
            "impact assessment not joint",
            tweak(|r| {
                the_change(r).impact_assessment = Some(impact_assessment(d(2026, 3, 20), false))
            }),
            vec![(NO_EIA, Severity::Breach)],
        ),
        (
            "impact assessment after the decision",
            tweak(|r| {
                the_change(r).impact_assessment = Some(impact_assessment(d(2026, 4, 15), true))
            }),
            vec![(NO_EIA, Severity::Breach)],
        ),
        (
            "decided on the closing day",
            tweak(|r| the_change(r).decided_on = d(2026, 3, 30)),
            vec![(EARLY_DECISION, Severity::Breach)],
        ),
        (
            "decided the day after the close",
            tweak(|r| the_change(r).decided_on = d(2026, 3, 31)),
            vec![],
        ),
        (
            "termination follows the procedure too",
            tweak(|r| {
                the_change(r).kind = ChangeKind::Termination;
                the_change(r).consultation = None;
            }),
            vec![(NO_CONSULTATION, Severity::Breach)],
        ),
        (
            "a variation does not",
            tweak(|r| {
                the_change(r).kind = ChangeKind::Variation;
                the_change(r).consultation = None;
                the_change(r).impact_assessment = None;
            }),
            vec![],
        ),
    ];
    for (case, records, expected) in cases {
        assert_eq!(run(&def, &records, as_of), expected, "{case}");
    }
}

#[test]
fn the_formal_notice_table() {
    let def = fixtures::wiltshire();
    let mut soft = fixtures::wiltshire();
    if let Some(p) = soft.standards.reduction.as_mut() {
        p.strength = Strength::Softened;
    }
    // (case, definition, notice given, effective, as_of, expected)
    let cases: Vec<(
        &str,
        &Definition,
        Option<Date>,
        Date,
        Date,
        Vec<(RuleId, Severity)>,
    )> = vec![
        (
            "30 November with 3 months runs to 28 February",
            &def,
            Some(d(2025, 11, 30)),
            d(2026, 2, 28),
            d(2026, 3, 31),
            vec![],
        ),
        (
            "1 December is too late for 28 February",
            &def,
            Some(d(2025, 12, 1)),
            d(2026, 2, 28),
            d(2026, 3, 31),
            vec![(FORMAL, Severity::Breach)],
        ),
        (
            "leap year: 30 November runs to 29 February",
            &def,
            Some(d(2027, 11, 30)),
            d(2028, 2, 29),
            d(2028, 3, 31),
            vec![],
        ),
        (
            "leap year: not enough for 28 February",
            &def,
            Some(d(2027, 11, 30)),
            d(2028, 2, 28),
            d(2028, 3, 31),
            vec![(FORMAL, Severity::Breach)],
        ),
        (
            "softened",
            &soft,
            Some(d(2025, 12, 1)),
            d(2026, 2, 28),
            d(2026, 3, 31),
            vec![(FORMAL, Severity::Advisory)],
        ),
        (
            "none given, last day passed",
            &def,
            None,
            d(2026, 2, 28),
            d(2025, 12, 1),
            vec![(FORMAL, Severity::Breach)],
        ),
        (
            "none given, last day today",
            &def,
            None,
            d(2026, 2, 28),
            d(2025, 11, 30),
            vec![(FORMAL, Severity::Due)],
        ),
        (
            "none given, last day in 14 days",
            &def,
            None,
            d(2026, 2, 28),
            d(2025, 11, 16),
            vec![(FORMAL, Severity::Due)],
        ),
        (
            "none given, last day in 15 days",
            &def,
            None,
            d(2026, 2, 28),
            d(2025, 11, 15),
            vec![],
        ),
    ];
    for (case, def, given, effective, as_of, expected) in cases {
        let records = tweak(|r| {
            // Decided early enough that the rest of the procedure is in order
            // on every as_of in the table.
            r.consultations[0].opened_on = d(2025, 6, 2);
            r.consultations[0].closes_on = d(2025, 8, 25);
            r.consultations[0].criteria_published_on = Some(d(2025, 6, 2));
            let ch = the_change(r);
            ch.decided_on = d(2025, 9, 1);
            ch.impact_assessment = Some(impact_assessment(d(2025, 8, 1), true));
            ch.notice_given_on = given;
            ch.effective_on = effective;
        });
        assert_eq!(run(def, &records, as_of), expected, "{case}");
    }
}

#[test]
fn reduction_explanations_quote_the_procedure() {
    let def = fixtures::wiltshire();
    let records = tweak(|r| the_change(r).consultation = None);
    let f = &findings(&def, &records, d(2026, 9, 1))[0];
    assert_eq!(
        f.explanation,
        "This reduction was decided on 14 April 2026 with no consultation recorded; this Compact \
         commits to a 12-week consultation before funding is reduced or ended."
    );
    let records = tweak(|r| the_change(r).notice_given_on = Some(d(2026, 5, 1)));
    let f = &findings(&def, &records, d(2026, 9, 1))[0];
    assert_eq!(f.rule, FORMAL);
    assert!(
        f.explanation.contains("3 months' formal notice"),
        "{}",
        f.explanation
    );
}

#[test]
fn compacts_without_the_standards_report_nothing_on_changes() {
    let records = tweak(|r| {
        let ch = the_change(r);
        ch.consultation = None;
        ch.notice_given_on = None;
        ch.impact_assessment = None;
    });
    for def in [fixtures::wigan(), fixtures::blackpool(), fixtures::wales()] {
        assert!(
            run(&def, &records, d(2027, 1, 1)).is_empty(),
            "{}",
            def.identity.slug
        );
    }
    // Warrington has weeks' notice but no reduction procedure.
    assert_eq!(
        run(&fixtures::warrington(), &records, d(2027, 1, 1)),
        vec![(NOTICE, Severity::Breach)]
    );
}
