//! `docs/rules.md` cannot drift from the engine: it documents exactly the
//! rules the engine has, every rule fires in a scenario that exercises them
//! all, and each example quoted in the docs is what the engine says.

use compact_core::definition::*;
use compact_core::model::*;
use compact_core::rules::fixtures::{self, *};
use compact_core::rules::{check, Finding, RuleId, Severity};
use compact_core::{ConsultationId, ReviewId};
use std::collections::{BTreeMap, BTreeSet};

const DOCS: &str = include_str!("../../../docs/rules.md");

/// Every rule section of the docs: `### `rule.id`` and the `> ` example
/// lines under it.
fn documented() -> BTreeMap<String, Vec<String>> {
    let mut rules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in DOCS.lines() {
        if let Some(rest) = line.strip_prefix("### `") {
            let id = rest.split('`').next().unwrap_or_default().to_string();
            rules.entry(id.clone()).or_default();
            current = Some(id);
        } else if line.starts_with("## ") {
            current = None;
        } else if let (Some(id), Some(example)) = (&current, line.strip_prefix("> ")) {
            rules
                .entry(id.clone())
                .or_default()
                .push(example.to_string());
        }
    }
    rules
}

/// A Compact with every standard (Blackpool's bodies and disputes,
/// Wiltshire's consultation, reduction, length, payment and champion
/// standards, Warrington's notice and exit strategy), and records that
/// break each of them once, as of 1 June 2026.
fn scenario() -> (Definition, Records, compact_core::Date) {
    let mut def = fixtures::blackpool();
    def.identity.edition_date = Some(date(2024, 6, 1));
    def.standards = fixtures::wiltshire().standards;
    def.standards.funding_notice = fixtures::warrington().standards.funding_notice;
    def.standards.exit_strategy = fixtures::warrington().standards.exit_strategy;
    if let Some(c) = def.standards.consultation.as_mut() {
        c.feedback_within_days = Some(28);
    }
    if let Some(c) = def.standards.champion.as_mut() {
        c.trained_within_days = Some(90);
    }

    let mut library = consultation(
        1,
        "Library opening hours",
        date(2026, 1, 5),
        date(2026, 3, 9),
    );
    library.feedback_published_on = Some(date(2026, 4, 1));
    let mut gritting = consultation(
        2,
        "Winter gritting routes",
        date(2026, 2, 2),
        date(2026, 3, 30),
    );
    gritting.shorter_period_reason = Some("The contract must be let before October".to_string());
    gritting.feedback_published_on = Some(date(2026, 4, 20));
    let mut day_centres = consultation(3, "Day centre grants", date(2026, 1, 5), date(2026, 3, 2));
    day_centres.shorter_period_reason = Some("  ".to_string());
    day_centres.criteria_published_on = Some(date(2026, 1, 20));

    let mut core = agreement(1, date(2024, 4, 1), date(2027, 3, 31));
    core.title = "Day centre core grant".to_string();
    core.exit_strategy_agreed_on = Some(date(2024, 4, 1));
    core.payments = vec![
        payment(1, date(2026, 4, 1), Some(date(2026, 4, 1))),
        payment(3, date(2026, 6, 10), None),
    ];
    let mut cut = change(
        1,
        ChangeKind::Reduction,
        date(2026, 3, 1),
        Some(date(2026, 4, 1)),
        date(2026, 6, 1),
    );
    cut.consultation = Some(ConsultationId(3));
    core.changes.push(cut);

    let mut youth = agreement(2, date(2025, 4, 1), date(2026, 3, 31));
    youth.title = "Youth club grant".to_string();
    youth.payments = vec![payment(2, date(2025, 7, 1), Some(date(2025, 7, 15)))];
    let mut ending = change(
        2,
        ChangeKind::Termination,
        date(2025, 12, 1),
        Some(date(2025, 12, 1)),
        date(2026, 3, 31),
    );
    ending.impact_assessment = Some(impact_assessment(date(2025, 11, 20), true));
    youth.changes.push(ending);

    let mut seats = blackpool_compact_group(date(2025, 1, 1));
    seats[11].until = Some(date(2026, 4, 30));

    let mut trained_late = signatory(2, 8, date(2025, 9, 1));
    trained_late.champion = Some(champion("Sam Patel", date(2025, 12, 1), None));

    let mut plan = milestone(1, "Publish the sign-up guide", date(2026, 5, 1), None);
    plan.review = Some(ReviewId(1));
    plan.area = "sign-up".to_string();

    let records = Records {
        organisations: vec![
            organisation(7, "Blackpool Carers Centre", OrganisationKind::Charity),
            organisation(
                8,
                "Grange Park Residents",
                OrganisationKind::ResidentsAssociation,
            ),
        ],
        signatories: vec![signatory(1, 7, date(2025, 5, 1)), trained_late],
        consultations: vec![library, gritting, day_centres],
        agreements: vec![core, youth],
        disputes: vec![dispute(
            1,
            "Grant conditions",
            date(2026, 2, 2),
            vec![
                event(
                    1,
                    "compact-group",
                    DisputeEventKind::StageEntered,
                    date(2026, 2, 20),
                ),
                event(
                    2,
                    "compact-group",
                    DisputeEventKind::MeetingHeld,
                    date(2026, 3, 10),
                ),
            ],
        )],
        seats,
        reviews: vec![annual_review(1, 2024, date(2025, 3, 1))],
        milestones: vec![plan],
    };
    (def, records, date(2026, 6, 1))
}

fn scenario_findings() -> Vec<Finding> {
    let (def, records, as_of) = scenario();
    check(&def, &records, as_of)
}

#[test]
fn the_docs_document_exactly_the_rules_the_engine_has() {
    let documented: BTreeSet<String> = documented().into_keys().collect();
    let engine: BTreeSet<String> = RuleId::ALL.iter().map(|r| r.as_str().to_string()).collect();
    assert_eq!(documented, engine, "docs/rules.md and RuleId::ALL differ");
    for id in &documented {
        assert!(RuleId::parse(id).is_some(), "{id}");
    }
}

#[test]
fn every_rule_fires_in_the_scenario() {
    let fired: BTreeSet<&str> = scenario_findings()
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    let all: BTreeSet<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(fired, all);
}

#[test]
fn every_severity_appears_in_the_scenario() {
    let severities: BTreeSet<Severity> = scenario_findings().iter().map(|f| f.severity).collect();
    assert_eq!(severities.len(), 3);
}

#[test]
fn the_examples_in_the_docs_are_what_the_engine_says() {
    let findings = scenario_findings();
    for (id, examples) in documented() {
        assert!(!examples.is_empty(), "{id} has no example in docs/rules.md");
        for example in examples {
            let said = findings
                .iter()
                .any(|f| f.rule.as_str() == id && f.explanation == example);
            assert!(
                said,
                "docs/rules.md example for {id} is not what the engine says:\n{example}"
            );
        }
    }
}

#[test]
fn findings_serialise_to_the_documented_json() {
    let findings = scenario_findings();
    let payment = findings
        .iter()
        .find(|f| f.rule == RuleId::FundingPaymentLate && f.severity == Severity::Breach);
    let Some(payment) = payment else {
        panic!("the scenario has a late payment")
    };
    let json = serde_json::to_value(payment).unwrap_or_default();
    let expected = serde_json::json!({
        "rule": "funding.payment_late",
        "severity": "breach",
        "subject": {"kind": "payment", "id": 2, "label": "Payment of £2,500.00 due 1 July 2025"},
        "context": {"kind": "agreement", "id": 2, "label": "Youth club grant"},
        "date": "2025-07-01",
        "dates": [{"label": "due", "date": "2025-07-01"}, {"label": "paid", "date": "2025-07-15"}],
        "explanation": "Paid on 15 July 2025, 14 days after the agreed date of 1 July 2025; this Compact commits to paying on the agreed dates.",
        "confidential": false
    });
    assert_eq!(json, expected);
}

/// `cargo test -p compact-core --test rules_docs -- --ignored --nocapture`
/// prints the scenario's findings, to copy examples into the docs.
#[test]
#[ignore]
fn print_the_scenario() {
    for f in scenario_findings() {
        println!(
            "{} {:?} {}\n> {}\n",
            f.rule, f.severity, f.date, f.explanation
        );
    }
}

/// The shipped definitions, through the parser, against the same records:
/// Wigan states no time-limited standard and so hears nothing about
/// consultations or funding; Blackpool's softened dispute deadline and its
/// Compact Group seats are checked.
#[test]
fn shipped_definitions_run_through_the_engine() {
    let (_, records, as_of) = scenario();
    for (slug, source) in compact_core::definition::SHIPPED {
        let def = match compact_core::definition::parse(slug, source) {
            Ok(def) => def,
            Err(e) => panic!("{slug}: {e}"),
        };
        let findings = check(&def, &records, as_of);
        let rules: BTreeSet<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        match *slug {
            "wigan" => assert!(
                rules
                    .iter()
                    .all(|r| !r.starts_with("consultation.") && !r.starts_with("funding.")),
                "{rules:?}"
            ),
            "blackpool" => {
                let dispute = findings
                    .iter()
                    .find(|f| f.rule == RuleId::DisputeStageDeadlineMissed);
                assert_eq!(dispute.map(|f| f.severity), Some(Severity::Advisory));
                assert!(
                    rules.contains("governance.composition_mismatch"),
                    "{rules:?}"
                );
            }
            _ => {}
        }
    }
}

/// The example in `docs/records-format.md` reads as records and gives what
/// the page says it gives.
#[test]
fn the_records_format_example_reads_and_checks() {
    let page = include_str!("../../../docs/records-format.md");
    let json = page
        .split("```json")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_default();
    let records: Records = match serde_json::from_str(json) {
        Ok(records) => records,
        Err(e) => panic!("the example does not read: {e}"),
    };
    let source = compact_core::definition::shipped("wiltshire").unwrap_or_default();
    let def = match compact_core::definition::parse("wiltshire", source) {
        Ok(def) => def,
        Err(e) => panic!("wiltshire: {e}"),
    };
    let mut rules: Vec<&str> = check(&def, &records, date(2026, 6, 1))
        .iter()
        .filter(|f| f.rule != RuleId::ReviewAnnualReviewOverdue)
        .map(|f| f.rule.as_str())
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        vec![
            "consultation.shorter_than_standard_without_reason",
            "funding.payment_late"
        ]
    );
}

#[test]
fn unknown_fields_in_records_are_errors() {
    let misspelt = r#"{"consultations": [{"id": 1, "title": "T", "lead": 1,
        "opened_on": "2026-01-05", "closes_on": "2026-03-09", "closes": "2026-04-01"}]}"#;
    assert!(serde_json::from_str::<Records>(misspelt).is_err());
}
