//! Properties of the engine over arbitrary records, including dates at the
//! very ends of the calendar.

use chrono::{Duration, NaiveDate};
use compact_core::definition::{Definition, DisputeEventKind, OrganisationKind};
use compact_core::model::*;
use compact_core::rules::fixtures::{self, date};
use compact_core::rules::{check, Finding, RecordRef, RuleId, Severity};
use compact_core::{Date, *};
use proptest::prelude::*;
use std::collections::HashSet;

fn any_date() -> impl Strategy<Value = Date> {
    prop_oneof![
        12 => (0i64..4000).prop_map(|n| date(2020, 1, 1) + Duration::days(n)),
        1 => Just(NaiveDate::MIN),
        1 => Just(NaiveDate::MAX),
        1 => Just(date(2024, 2, 29)),
    ]
}

fn maybe_date() -> impl Strategy<Value = Option<Date>> {
    proptest::option::of(any_date())
}

fn id() -> impl Strategy<Value = i64> {
    // A small range, so duplicate ids and dangling references happen.
    prop_oneof![4 => 1i64..6, 1 => Just(i64::MIN), 1 => Just(i64::MAX)]
}

fn consultation() -> impl Strategy<Value = Consultation> {
    (
        id(),
        any_date(),
        any_date(),
        proptest::option::of("[a-z ]{0,8}"),
        maybe_date(),
        maybe_date(),
    )
        .prop_map(|(id, opened, closes, reason, criteria, feedback)| {
            let mut c = fixtures::consultation(id, "C", opened, closes);
            c.shorter_period_reason = reason;
            c.criteria_published_on = criteria;
            c.feedback_published_on = feedback;
            c
        })
}

fn change() -> impl Strategy<Value = FundingChange> {
    let kind = prop_oneof![
        Just(ChangeKind::Variation),
        Just(ChangeKind::Reduction),
        Just(ChangeKind::Termination)
    ];
    (
        id(),
        kind,
        any_date(),
        maybe_date(),
        any_date(),
        proptest::option::of(id()),
        maybe_date(),
        any::<bool>(),
    )
        .prop_map(
            |(id, kind, decided, notice, effective, consultation, eia, joint)| {
                let mut ch = fixtures::change(id, kind, decided, notice, effective);
                ch.consultation = consultation.map(ConsultationId);
                ch.impact_assessment = eia.map(|d| fixtures::impact_assessment(d, joint));
                ch
            },
        )
}

fn agreement() -> impl Strategy<Value = FundingAgreement> {
    let payments = prop::collection::vec(
        (id(), any_date(), maybe_date())
            .prop_map(|(id, due, paid)| fixtures::payment(id, due, paid)),
        0..4,
    );
    (
        id(),
        any_date(),
        any_date(),
        maybe_date(),
        payments,
        prop::collection::vec(change(), 0..3),
    )
        .prop_map(|(id, starts, ends, exit, payments, changes)| {
            let mut a = fixtures::agreement(id, starts, ends);
            a.exit_strategy_agreed_on = exit;
            a.payments = payments;
            a.changes = changes;
            a
        })
}

fn dispute() -> impl Strategy<Value = DisputeCase> {
    let kind = prop_oneof![
        Just(DisputeEventKind::Raised),
        Just(DisputeEventKind::StageEntered),
        Just(DisputeEventKind::MeetingHeld),
        Just(DisputeEventKind::InvestigationConcluded),
        Just(DisputeEventKind::RulingGiven),
        Just(DisputeEventKind::Resolved),
        Just(DisputeEventKind::Withdrawn),
    ];
    let stage = prop_oneof![Just("informal"), Just("compact-group"), Just("elsewhere")];
    let events = prop::collection::vec(
        (id(), stage, kind, any_date()).prop_map(|(id, s, k, on)| fixtures::event(id, s, k, on)),
        0..5,
    );
    (id(), any_date(), events)
        .prop_map(|(id, raised, events)| fixtures::dispute(id, "D", raised, events))
}

fn seat() -> impl Strategy<Value = SeatHolding> {
    let body = prop_oneof![Just("compact-group"), Just("board"), Just("nowhere")];
    let constituency = prop_oneof![
        Just("council"),
        Just("faith"),
        Just("wiltshire-council"),
        Just("infrastructure"),
        Just("nobody")
    ];
    let roles = prop::collection::vec(prop_oneof![Just("chair"), Just("elected_councillor")], 0..2);
    (id(), body, constituency, roles, any_date(), maybe_date()).prop_map(
        |(id, b, c, roles, from, until)| {
            let mut s = fixtures::seat(id, b, c, &roles, from);
            s.until = until;
            s
        },
    )
}

fn signatory() -> impl Strategy<Value = Signatory> {
    (
        id(),
        id(),
        any_date(),
        maybe_date(),
        proptest::option::of((any_date(), maybe_date())),
    )
        .prop_map(|(id, org, signed, withdrawn, champion)| {
            let mut s = fixtures::signatory(id, org, signed);
            s.withdrawn_on = withdrawn;
            s.champion =
                champion.map(|(appointed, trained)| fixtures::champion("C", appointed, trained));
            s
        })
}

fn records() -> impl Strategy<Value = Records> {
    let reviews = prop::collection::vec(
        (id(), any_date()).prop_map(|(id, on)| fixtures::annual_review(id, 2025, on)),
        0..3,
    );
    let milestones = prop::collection::vec(
        (id(), any_date(), maybe_date(), proptest::option::of(id())).prop_map(
            |(id, due, done, review)| {
                let mut m = fixtures::milestone(id, "M", due, done);
                m.review = review.map(ReviewId);
                m
            },
        ),
        0..3,
    );
    (
        prop::collection::vec(signatory(), 0..3),
        prop::collection::vec(consultation(), 0..4),
        prop::collection::vec(agreement(), 0..3),
        prop::collection::vec(dispute(), 0..3),
        prop::collection::vec(seat(), 0..6),
        reviews,
        milestones,
    )
        .prop_map(
            |(signatories, consultations, agreements, disputes, seats, reviews, milestones)| {
                Records {
                    organisations: vec![fixtures::organisation(1, "O", OrganisationKind::Charity)],
                    signatories,
                    consultations,
                    agreements,
                    disputes,
                    seats,
                    reviews,
                    milestones,
                }
            },
        )
}

/// Every standard at once, with feedback and training windows too.
fn everything() -> Definition {
    let mut def = fixtures::blackpool();
    def.standards = fixtures::wiltshire().standards;
    def.standards.funding_notice = fixtures::warrington().standards.funding_notice;
    def.standards.exit_strategy = fixtures::warrington().standards.exit_strategy;
    if let Some(c) = def.standards.consultation.as_mut() {
        c.feedback_within_days = Some(28);
    }
    if let Some(c) = def.standards.champion.as_mut() {
        c.trained_within_days = Some(90);
    }
    def.bodies.extend(fixtures::wiltshire().bodies);
    def.constituencies
        .extend(fixtures::wiltshire().constituencies);
    def
}

fn definition() -> impl Strategy<Value = Definition> {
    let mut all = fixtures::all();
    all.push(everything());
    proptest::sample::select(all)
}

/// Whether `r` names a record that is in `records` (or the Compact itself).
fn exists(r: &RecordRef, def: &Definition, records: &Records) -> bool {
    let payments = || records.agreements.iter().flat_map(|a| &a.payments);
    let changes = || records.agreements.iter().flat_map(|a| &a.changes);
    match r {
        RecordRef::Compact(slug) => *slug == def.identity.slug,
        RecordRef::Signatory(id) => records.signatories.iter().any(|s| s.id == *id),
        RecordRef::Consultation(id) => records.consultations.iter().any(|c| c.id == *id),
        RecordRef::Agreement(id) => records.agreements.iter().any(|a| a.id == *id),
        RecordRef::Payment(id) => payments().any(|p| p.id == *id),
        RecordRef::FundingChange(id) => changes().any(|c| c.id == *id),
        RecordRef::Dispute(id) => records.disputes.iter().any(|d| d.id == *id),
        RecordRef::Body(id) => def.bodies.iter().any(|b| b.id == *id),
        RecordRef::Review(id) => records.reviews.iter().any(|r| r.id == *id),
        RecordRef::Milestone(id) => records.milestones.iter().any(|m| m.id == *id),
    }
}

/// Every date anywhere in the records.
fn all_dates(records: &Records) -> Vec<Date> {
    let mut dates = Vec::new();
    for s in &records.signatories {
        dates.push(s.signed_on);
        dates.extend(s.withdrawn_on);
        if let Some(c) = &s.champion {
            dates.push(c.appointed_on);
            dates.extend(c.trained_on);
        }
    }
    for c in &records.consultations {
        dates.extend([c.opened_on, c.closes_on]);
        dates.extend(
            c.criteria_published_on
                .iter()
                .chain(&c.feedback_published_on),
        );
    }
    for a in &records.agreements {
        dates.extend([a.starts_on, a.ends_on]);
        dates.extend(a.exit_strategy_agreed_on);
        for p in &a.payments {
            dates.push(p.due_on);
            dates.extend(p.paid_on);
        }
        for c in &a.changes {
            dates.extend([c.decided_on, c.effective_on]);
            dates.extend(c.notice_given_on);
            dates.extend(c.impact_assessment.as_ref().map(|i| i.completed_on));
        }
    }
    for d in &records.disputes {
        dates.push(d.raised_on);
        dates.extend(d.events.iter().map(|e| e.on));
    }
    dates.extend(
        records
            .seats
            .iter()
            .flat_map(|s| std::iter::once(s.from).chain(s.until)),
    );
    dates.extend(records.reviews.iter().map(|r| r.completed_on));
    dates.extend(
        records
            .milestones
            .iter()
            .flat_map(|m| std::iter::once(m.due_on).chain(m.done_on)),
    );
    dates
}

/// `records` with only the first record of each id of each kind.
fn unique_ids(mut records: Records) -> Records {
    fn first_of_each<T, K: std::hash::Hash + Eq>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
        let mut seen = std::collections::HashSet::new();
        items.retain(|item| seen.insert(key(item)));
    }
    first_of_each(&mut records.organisations, |o| o.id);
    first_of_each(&mut records.signatories, |s| s.id);
    first_of_each(&mut records.consultations, |k| k.id);
    first_of_each(&mut records.agreements, |a| a.id);
    first_of_each(&mut records.disputes, |d| d.id);
    records
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_parties_of_a_finding_are_the_organisations_it_concerns(def in definition(), records in records(), as_of in any_date()) {
        // Records as a database holds them: one of each id (the generator
        // repeats ids on purpose, for the engine's own properties).
        let records = unique_ids(records);
        let parties = compact_core::register::FindingParties::new(&records);
        for f in check(&def, &records, as_of) {
            let of = parties.of(&f);
            for o in &records.organisations {
                prop_assert_eq!(
                    of.contains(&o.id),
                    compact_core::register::finding_concerns(&records, o.id, &f)
                );
            }
        }
    }

    #[test]
    fn the_engine_never_panics_and_is_deterministic(def in definition(), records in records(), as_of in any_date()) {
        let first = check(&def, &records, as_of);
        let second = check(&def, &records, as_of);
        prop_assert_eq!(&first, &second);
        prop_assert!(serde_json::to_string(&first).is_ok());
        for pair in first.windows(2) {
            prop_assert!(pair[0].report_order(&pair[1]).is_le(), "not sorted");
        }
    }

    #[test]
    fn findings_only_name_records_that_exist(def in definition(), records in records(), as_of in any_date()) {
        for f in check(&def, &records, as_of) {
            prop_assert!(exists(&f.subject.record, &def, &records), "{:?}", f.subject);
            if let Some(c) = &f.context {
                prop_assert!(exists(&c.record, &def, &records), "{:?}", c);
            }
        }
    }

    #[test]
    fn only_dispute_findings_are_confidential(def in definition(), records in records(), as_of in any_date()) {
        for f in check(&def, &records, as_of) {
            prop_assert_eq!(f.confidential, f.rule == RuleId::DisputeStageDeadlineMissed);
        }
    }

    #[test]
    fn before_every_record_nothing_has_been_missed(def in definition(), records in records(), back in 1u32..400) {
        let earliest = all_dates(&records)
            .into_iter()
            .chain(def.identity.edition_date)
            .min()
            .unwrap_or(NaiveDate::MAX);
        let as_of = compact_core::calendar::days_before(earliest, back);
        // Records dated at the very start of the calendar leave no earlier day.
        if as_of >= earliest {
            return Ok(());
        }
        let missed: Vec<Finding> = check(&def, &records, as_of)
            .into_iter()
            .filter(|f| f.severity != Severity::Due)
            .collect();
        prop_assert!(missed.is_empty(), "{:?}", missed);
    }

    #[test]
    fn a_consultation_flips_exactly_at_84_days(opened_days in 0i64..20_000, extra in 0i64..200, after in 0i64..400) {
        let def = fixtures::wiltshire();
        let opened = date(1990, 1, 1) + Duration::days(opened_days);
        let boundary = opened + Duration::days(84);
        let as_of = boundary + Duration::days(after);
        let shorter = |closes: Date| -> bool {
            let records = Records {
                consultations: vec![fixtures::consultation(1, "C", opened, closes)],
                ..Records::default()
            };
            check(&def, &records, as_of)
                .iter()
                .any(|f| f.rule == RuleId::ConsultationShorterWithoutReason)
        };
        prop_assert!(!shorter(boundary + Duration::days(extra)));
        prop_assert!(shorter(boundary - Duration::days(1 + extra)));
    }
}

#[test]
fn extreme_dates_everywhere_do_not_panic() {
    let def = {
        let mut all = fixtures::all();
        all.push(everything());
        all
    };
    for d in [NaiveDate::MIN, NaiveDate::MAX] {
        let mut a = fixtures::agreement(1, d, d);
        a.payments.push(fixtures::payment(1, d, Some(d)));
        a.changes
            .push(fixtures::change(1, ChangeKind::Reduction, d, Some(d), d));
        let mut s = fixtures::signatory(1, 1, d);
        s.champion = Some(fixtures::champion("C", d, None));
        let records = Records {
            signatories: vec![s],
            consultations: vec![fixtures::consultation(1, "C", d, d)],
            agreements: vec![a],
            disputes: vec![fixtures::dispute(
                1,
                "D",
                d,
                vec![fixtures::event(
                    1,
                    "compact-group",
                    DisputeEventKind::StageEntered,
                    d,
                )],
            )],
            seats: vec![fixtures::seat(1, "compact-group", "council", &["chair"], d)],
            reviews: vec![fixtures::annual_review(1, i32::MAX, d)],
            milestones: vec![fixtures::milestone(1, "M", d, None)],
            ..Records::default()
        };
        let ids: HashSet<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        for def in &def {
            for as_of in [NaiveDate::MIN, NaiveDate::MAX, date(2026, 1, 1)] {
                for f in check(def, &records, as_of) {
                    assert!(ids.contains(f.rule.as_str()));
                }
            }
        }
    }
}
