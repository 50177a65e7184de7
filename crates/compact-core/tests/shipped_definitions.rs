//! The five shipped definitions parse and carry the key facts of the
//! Compacts they model.

use compact_core::definition::{
    parse, AdoptionSubject, Definition, DisputeEventKind, Handler, Party, ProtectedCharacteristic,
    Sector, Strength, SHIPPED,
};

fn load(slug: &str) -> Definition {
    let path = format!("{}/../../compacts/{slug}.toml", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&format!("{slug}.toml"), &source).unwrap_or_else(|e| panic!("\n{e}"))
}

#[test]
fn every_shipped_definition_parses_and_matches_its_file() {
    assert_eq!(SHIPPED.len(), 5);
    for (slug, embedded) in SHIPPED {
        let from_disk = load(slug);
        let from_binary =
            parse(&format!("{slug}.toml"), embedded).unwrap_or_else(|e| panic!("\n{e}"));
        assert_eq!(from_disk, from_binary, "{slug}");
        assert_eq!(from_disk.identity.slug, *slug);
    }
    assert!(compact_core::definition::shipped("wigan").is_some());
    assert!(compact_core::definition::shipped("atlantis").is_none());
}

#[test]
fn blackpool_has_a_twelve_seat_compact_group_and_a_two_stage_procedure() {
    let d = load("blackpool");
    let group = d.body("compact-group").expect("Compact Group");
    assert_eq!(group.size, Some(12));
    assert_eq!(group.seat_count(), 12);
    let seats: Vec<(&str, u32)> = group
        .seats
        .iter()
        .map(|s| (s.constituency.as_str(), s.count))
        .collect();
    assert_eq!(
        seats,
        [
            ("council", 2),
            ("nhs", 2),
            ("police", 1),
            ("fire", 1),
            ("community", 2),
            ("voluntary", 2),
            ("social-enterprise", 1),
            ("faith", 1)
        ]
    );
    let council = &group.seats[0];
    assert_eq!(council.requirements[0].at_least, 1);
    assert_eq!(council.requirements[0].role, "elected_councillor");

    let stages = &d.disputes.as_ref().expect("dispute procedure").stages;
    assert_eq!(stages.len(), 2);
    assert_eq!(stages[0].handled_by, Handler::Secretariat);
    assert!(stages[0].deadlines.is_empty());
    assert_eq!(stages[1].handled_by, Handler::Body("compact-group".into()));
    let deadlines: Vec<_> = stages[1]
        .deadlines
        .iter()
        .map(|x| (x.from, x.until, x.days, x.strength))
        .collect();
    assert_eq!(
        deadlines,
        [
            (
                DisputeEventKind::StageEntered,
                DisputeEventKind::MeetingHeld,
                14,
                Strength::Softened
            ),
            (
                DisputeEventKind::InvestigationConcluded,
                DisputeEventKind::RulingGiven,
                7,
                Strength::Softened
            ),
        ]
    );

    let codes = d
        .adoption
        .iter()
        .find(|a| a.subject == AdoptionSubject::CodeOfPractice);
    assert_eq!(
        codes.expect("code adoption").bodies,
        ["compact-group", "partnership-board"]
    );
    let review = d.review.as_ref().expect("review");
    assert!(review.annual_review);
    assert_eq!(review.by_body.as_deref(), Some("compact-group"));
}

#[test]
fn wiltshire_states_its_consultation_reduction_and_equality_standards() {
    let d = load("wiltshire");
    let s = &d.standards;
    let consultation = s.consultation.as_ref().expect("consultation standard");
    assert_eq!(consultation.weeks, 12);
    assert!(consultation.shorter_needs_reason);
    let reduction = s.reduction.as_ref().expect("reduction procedure");
    assert_eq!(reduction.consultation_weeks, 12);
    assert_eq!(reduction.formal_notice_months, 3);
    assert!(reduction.shorter_by_agreement);
    assert!(reduction.criteria_published_at_launch);
    assert!(reduction.joint_impact_assessment);
    let length = s.agreement_length.as_ref().expect("agreement length");
    assert_eq!(
        (length.preferred_years, length.strength),
        (3, Strength::Softened)
    );
    assert!(s.payment.as_ref().expect("payment").on_agreed_dates);
    assert!(s.champion.as_ref().expect("champion").required);

    assert_eq!(d.commitments.len(), 5);
    for c in &d.commitments[..4] {
        for party in [Party::Joint, Party::Vcse, Party::Public] {
            assert!(
                c.undertakings.iter().any(|u| u.by == party),
                "{} {party:?}",
                c.id
            );
        }
    }
    assert_eq!(d.protected_characteristics, ProtectedCharacteristic::ALL);

    let chairs = d
        .body("board")
        .and_then(|b| b.chairs.as_ref())
        .expect("two chairs");
    assert_eq!(chairs.count, 2);
    assert_eq!(chairs.one_from_each, [Sector::Public, Sector::Vcse]);
    let review = d.review.as_ref().expect("review");
    assert!(review.annual_review && review.annual_report);
}

#[test]
fn wigan_has_four_strands_and_no_time_limits() {
    let d = load("wigan");
    let strands: Vec<&str> = d.commitments.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        strands,
        [
            "Information",
            "Accountability",
            "Learning from action",
            "Resources"
        ]
    );
    assert_eq!(d.standards, Default::default());
    assert!(d.standards.consultation.is_none());
    assert!(d.disputes.is_none());
    assert_eq!(
        d.undertakings
            .iter()
            .filter(|u| u.by == Party::Vcse)
            .count(),
        8
    );
    assert_eq!(
        d.undertakings
            .iter()
            .filter(|u| u.by == Party::Public)
            .count(),
        8
    );
    assert_eq!(d.principles.len(), 7);
}

#[test]
fn wales_carries_the_four_action_plan_areas_in_two_languages() {
    let d = load("wales");
    assert_eq!(d.identity.languages, ["en", "cy"]);
    let areas = &d.review.as_ref().expect("review").action_plan_areas;
    assert_eq!(
        areas,
        &["communication", "sign-up", "representation", "engagement"]
    );
    assert_eq!(d.commitments.len(), 4);
}

#[test]
fn warrington_gives_notice_of_funding_changes_and_a_three_step_route() {
    let d = load("warrington");
    let notice = d.standards.funding_notice.as_ref().expect("funding notice");
    assert_eq!((notice.weeks, notice.strength), (12, Strength::Softened));
    assert!(
        d.standards
            .exit_strategy
            .as_ref()
            .expect("exit strategy")
            .required
    );
    assert!(d.standards.kitemark.is_some());
    let stages = &d.disputes.as_ref().expect("disputes").stages;
    assert_eq!(stages.len(), 3);
    assert!(
        stages.iter().all(|s| s.deadlines.is_empty()),
        "the route states no time limits"
    );
    let review = d.review.as_ref().expect("review");
    assert!(review.annual_report && review.annual_meeting);
    let group = d.body("policy-group").expect("Third Sector Policy Group");
    assert!(group.duties.iter().any(|x| x.contains("sign up")));
}
