use super::tasks::latest_consultation_opening;
use super::*;
use crate::calendar::{self, Date};
use crate::definition::{OrganisationKind, ProtectedCharacteristic, ReductionProcedure, Strength};
use crate::ids::*;
use crate::model::*;
use crate::money::Pence;
use crate::register::Problem;
use chrono::NaiveDate;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> Date {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 3, 31);

fn today() -> Date {
    d(TODAY.0, TODAY.1, TODAY.2)
}

fn kind(id: OrganisationId) -> Option<OrganisationKind> {
    match id.0 {
        1 => Some(OrganisationKind::LocalAuthority),
        2 => Some(OrganisationKind::Charity),
        3 => Some(OrganisationKind::Business),
        _ => None,
    }
}

fn wiltshire() -> ReductionProcedure {
    ReductionProcedure {
        consultation_weeks: 12,
        shorter_by_agreement: true,
        criteria_published_at_launch: true,
        joint_impact_assessment: true,
        formal_notice_months: 3,
        strength: Strength::Firm,
    }
}

fn agreement() -> FundingAgreement {
    let mut a = crate::rules::fixtures::agreement(1, d(2024, 4, 1), d(2027, 3, 31));
    a.amount = Pence(3_000_000);
    a
}

fn good_agreement() -> AgreementInput {
    AgreementInput {
        title: "Lunch club".into(),
        funder: "1".into(),
        recipient: "2".into(),
        kind: "grant".into(),
        amount: "£30,000.00".into(),
        starts_on: "1/4/2024".into(),
        ends_on: "31/3/2027".into(),
        ..AgreementInput::default()
    }
}

fn problems<T: std::fmt::Debug>(
    r: Result<T, Vec<crate::register::FieldProblem>>,
) -> Vec<(&'static str, Problem)> {
    r.unwrap_err()
        .into_iter()
        .map(|p| (p.field, p.problem))
        .collect()
}

#[test]
fn amounts_are_read_in_pounds_and_pence() {
    let cases = [
        ("12", Some(1200)),
        ("12.5", Some(1250)),
        ("12.05", Some(1205)),
        ("£1,234.56", Some(123_456)),
        ("  £ 7 ", Some(700)),
        ("1,000,000", Some(100_000_000)),
        ("0", Some(0)),
        ("1000000000", Some(100_000_000_000)),
        ("1000000000.01", None),
        ("99999999999999999999", None),
        ("12.345", None),
        ("1,23", None),
        ("12,34,567", None),
        ("-5", None),
        ("12.", None),
        (".5", None),
        ("ten", None),
        ("", None),
        ("£", None),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_pounds(text), expected.map(Pence), "{text:?}");
    }
}

#[test]
fn a_good_agreement_is_kept_as_typed() {
    let a = good_agreement().check(today(), kind).unwrap();
    assert_eq!(a.amount, Pence(3_000_000));
    assert_eq!(a.funder, OrganisationId(1));
    assert_eq!(a.starts_on, d(2024, 4, 1));
    assert_eq!(a.kind, AgreementKind::Grant);
    assert_eq!(a.full_cost_recovery, None);
}

#[test]
fn every_agreement_problem_is_reported_at_once() {
    type Case = (
        &'static str,
        fn(&mut AgreementInput),
        Vec<(&'static str, Problem)>,
    );
    let cases: Vec<Case> = vec![
        (
            "blank",
            |i| *i = AgreementInput::default(),
            vec![
                ("title", Problem::Missing),
                ("funder", Problem::Missing),
                ("recipient", Problem::Missing),
                ("kind", Problem::Missing),
                ("amount", Problem::Missing),
                ("starts_on", Problem::Missing),
                ("ends_on", Problem::Missing),
            ],
        ),
        (
            "parties of the wrong sector",
            |i| {
                i.funder = "2".into();
                i.recipient = "3".into();
            },
            vec![
                ("funder", Problem::WrongKind),
                ("recipient", Problem::WrongKind),
            ],
        ),
        (
            "parties not in the register",
            |i| {
                i.funder = "99".into();
                i.recipient = "two".into();
            },
            vec![
                ("funder", Problem::WrongFormat),
                ("recipient", Problem::WrongFormat),
            ],
        ),
        (
            "a nil amount",
            |i| i.amount = "0.00".into(),
            vec![("amount", Problem::OutOfRange)],
        ),
        (
            "not an amount",
            |i| i.amount = "lots".into(),
            vec![("amount", Problem::WrongFormat)],
        ),
        (
            "ends before it starts",
            |i| i.ends_on = "31/3/2024".into(),
            vec![("ends_on", Problem::TooEarly)],
        ),
        (
            "ends on the day it starts",
            |i| i.ends_on = "1/4/2024".into(),
            vec![],
        ),
        (
            "runs longer than thirty years",
            |i| i.ends_on = "2/4/2054".into(),
            vec![("ends_on", Problem::TooLate)],
        ),
        (
            "thirty years exactly",
            |i| i.ends_on = "1/4/2054".into(),
            vec![],
        ),
        (
            "starts before Compacts began",
            |i| i.starts_on = "31/12/1997".into(),
            vec![("starts_on", Problem::TooEarly)],
        ),
        (
            "starts more than ten years ahead",
            |i| {
                i.starts_on = "1/4/2036".into();
                i.ends_on = "1/4/2037".into();
            },
            vec![("starts_on", Problem::TooLate)],
        ),
        (
            "exit strategy agreed tomorrow",
            |i| i.exit_strategy_agreed_on = "1/4/2026".into(),
            vec![("exit_strategy_agreed_on", Problem::InFuture)],
        ),
        (
            "exit strategy agreed long before",
            |i| i.exit_strategy_agreed_on = "31/3/2023".into(),
            vec![("exit_strategy_agreed_on", Problem::TooEarly)],
        ),
        (
            "an unknown kind and timing",
            |i| {
                i.kind = "loan".into();
                i.paid_in = "sometimes".into();
                i.full_cost_recovery = "maybe".into();
            },
            vec![
                ("kind", Problem::WrongFormat),
                ("paid_in", Problem::WrongFormat),
                ("full_cost_recovery", Problem::WrongFormat),
            ],
        ),
    ];
    for (case, tweak, expected) in cases {
        let mut input = good_agreement();
        tweak(&mut input);
        let result = input.check(today(), kind);
        if expected.is_empty() {
            assert!(result.is_ok(), "{case}: {result:?}");
        } else {
            assert_eq!(problems(result), expected, "{case}");
        }
    }
}

#[test]
fn payments_and_changes_are_checked_against_their_agreement() {
    let a = agreement();
    let pay = |due: &str, amount: &str, paid: &str| PaymentInput {
        due_on: due.into(),
        amount: amount.into(),
        paid_on: paid.into(),
    };
    assert!(pay("1/4/2025", "2500", "").check(today(), &a).is_ok());
    assert_eq!(
        problems(pay("1/4/2028", "", "1/4/2026").check(today(), &a)),
        vec![
            ("due_on", Problem::TooLate),
            ("amount", Problem::Missing),
            ("paid_on", Problem::InFuture)
        ]
    );
    let change =
        |kind: &str, decided: &str, notice: &str, effective: &str, amount: &str| ChangeInput {
            kind: kind.into(),
            decided_on: decided.into(),
            notice_given_on: notice.into(),
            effective_on: effective.into(),
            new_amount: amount.into(),
        };
    let ok = change("reduction", "2/3/2026", "3/3/2026", "30/6/2026", "20,000");
    let c = ok.check(today(), &a).unwrap();
    assert_eq!(c.new_amount, Some(Pence(2_000_000)));
    let cases = [
        (
            change("reduction", "2/3/2026", "", "30/6/2026", ""),
            vec![("new_amount", Problem::Missing)],
        ),
        (
            change("reduction", "2/3/2026", "", "30/6/2026", "30000"),
            vec![("new_amount", Problem::OutOfRange)],
        ),
        (
            change("variation", "2/3/2026", "", "30/6/2026", "40000"),
            vec![],
        ),
        (
            change("termination", "2/3/2026", "", "1/3/2026", ""),
            vec![("effective_on", Problem::TooEarly)],
        ),
        (
            change("termination", "2/3/2026", "1/3/2026", "30/6/2026", ""),
            vec![("notice_given_on", Problem::TooEarly)],
        ),
        (
            change("termination", "2/3/2026", "1/4/2026", "30/6/2026", ""),
            vec![("notice_given_on", Problem::InFuture)],
        ),
        (
            change("termination", "1/4/2028", "", "1/5/2028", ""),
            vec![("decided_on", Problem::TooLate)],
        ),
        (
            change("pause", "", "", "", ""),
            vec![
                ("kind", Problem::WrongFormat),
                ("decided_on", Problem::Missing),
                ("effective_on", Problem::Missing),
            ],
        ),
    ];
    for (i, (input, expected)) in cases.into_iter().enumerate() {
        let result = input.check(today(), &a);
        if expected.is_empty() {
            assert!(result.is_ok(), "case {i}: {result:?}");
        } else {
            assert_eq!(problems(result), expected, "case {i}");
        }
    }
}

#[test]
fn steps_are_those_the_procedure_asks_for() {
    let a = agreement();
    let p = wiltshire();
    let step = |step: &str, closes: &str, shortened: bool, note: &str| StepInput {
        step: step.into(),
        done_on: "5/1/2026".into(),
        done_by: "Funding team".into(),
        note: note.into(),
        closes_on: closes.into(),
        shortened,
    };
    let c = step("consultation", "30/3/2026", false, "")
        .check(today(), &a, &p)
        .unwrap();
    assert_eq!(c.closes_on, Some(d(2026, 3, 30)));
    assert_eq!(c.shortened_reason, None);
    let short = step("consultation", "2/3/2026", true, "Agreed with the provider")
        .check(today(), &a, &p)
        .unwrap();
    assert_eq!(
        short.shortened_reason.as_deref(),
        Some("Agreed with the provider")
    );
    assert_eq!(
        problems(step("consultation", "", true, "").check(today(), &a, &p)),
        vec![("closes_on", Problem::Missing), ("note", Problem::Missing)]
    );
    assert_eq!(
        problems(step("impact_assessment", "", false, "").check(today(), &a, &p)),
        vec![("step", Problem::WrongFormat)]
    );
    let mut no_notice = p.clone();
    no_notice.formal_notice_months = 0;
    assert_eq!(
        problems(step("formal_notice", "", false, "").check(today(), &a, &no_notice)),
        vec![("step", Problem::WrongFormat)]
    );
    assert!(step("formal_notice", "", false, "")
        .check(today(), &a, &p)
        .is_ok());
}

#[test]
fn an_impact_assessment_covers_each_listed_characteristic_and_is_joint_with_the_sector() {
    let a = agreement();
    let listed = [
        ProtectedCharacteristic::Age,
        ProtectedCharacteristic::Disability,
    ];
    let entry = |c, impact: &str, mitigation: &str| ImpactEntryInput {
        characteristic: c,
        impact: impact.into(),
        evidence: "Survey of users".into(),
        mitigation: mitigation.into(),
    };
    let input = |participants: &[&str], entries| ImpactInput {
        completed_on: "1/3/2026".into(),
        participants: participants.iter().map(|p| p.to_string()).collect(),
        entries,
    };
    let both = vec![
        entry(ProtectedCharacteristic::Age, "negative", "Transport kept"),
        entry(ProtectedCharacteristic::Disability, "neutral", ""),
    ];
    let joint = input(&["1", "2"], both.clone())
        .check(today(), &a, &listed, kind)
        .unwrap();
    assert!(joint.joint);
    assert_eq!(joint.entries.len(), 2);
    let alone = input(&["1"], both.clone())
        .check(today(), &a, &listed, kind)
        .unwrap();
    assert!(!alone.joint, "the funder alone is not joint");
    assert_eq!(
        problems(
            input(
                &[],
                vec![entry(ProtectedCharacteristic::Age, "negative", "")]
            )
            .check(today(), &a, &listed, kind)
        ),
        vec![
            ("participants", Problem::Missing),
            ("mitigation_age", Problem::Missing),
            ("impact_disability", Problem::Missing),
        ]
    );
    let mut extra = both.clone();
    extra.push(entry(ProtectedCharacteristic::Race, "bad", ""));
    assert_eq!(
        problems(input(&["99"], extra).check(today(), &a, &listed, kind)),
        vec![
            ("participants", Problem::WrongFormat),
            ("entries", Problem::WrongFormat)
        ]
    );
    assert_eq!(characteristics_considered(&[]).len(), 9);
    assert_eq!(characteristics_considered(&listed), listed.to_vec());
}

fn cut(decided_on: Date, effective_on: Date) -> FundingChange {
    crate::rules::fixtures::change(1, ChangeKind::Reduction, decided_on, None, effective_on)
}

fn consultation(opened: Date, closes: Date) -> Consultation {
    crate::rules::fixtures::consultation(7, "Lunch club cut", opened, closes)
}

fn states(list: &TaskList) -> Vec<(ReductionStep, TaskState)> {
    list.tasks.iter().map(|t| (t.step, t.state)).collect()
}

#[test]
fn the_task_list_of_a_wiltshire_reduction() {
    use ReductionStep::*;
    use TaskState::*;
    let p = wiltshire();
    let decided = d(2026, 4, 1);
    let effective = d(2026, 7, 31);
    // Latest opening: 12 weeks before 31 March, the day before the decision.
    let open_by = d(2026, 1, 6);
    assert_eq!(latest_consultation_opening(decided, 12), open_by);
    let notice_by = d(2026, 4, 30);
    let nothing = reduction_tasks(Some(&p), &cut(decided, effective), None, d(2026, 1, 6));
    assert_eq!(
        states(&nothing),
        vec![
            (Consultation, DueBy { deadline: open_by }),
            (CriteriaPublished, DueBy { deadline: open_by }),
            (ImpactAssessment, DueBy { deadline: decided }),
            (FeedbackReviewed, DueBy { deadline: decided }),
            (
                FormalNotice,
                DueBy {
                    deadline: notice_by
                }
            ),
        ]
    );
    assert_eq!(nothing.next, Some((Consultation, open_by)));
    let late = reduction_tasks(Some(&p), &cut(decided, effective), None, d(2026, 1, 7));
    assert_eq!(late.tasks[0].state, Overdue { deadline: open_by });

    // Followed: consultation of full length, criteria at launch, a joint
    // assessment, feedback reviewed, notice in time.
    let mut followed = cut(decided, effective);
    let mut k = consultation(open_by, d(2026, 3, 31));
    k.criteria_published_on = Some(open_by);
    followed.consultation = Some(k.id);
    followed.impact_assessment = Some(crate::rules::fixtures::impact_assessment(
        d(2026, 3, 20),
        true,
    ));
    followed.notice_given_on = Some(d(2026, 4, 2));
    followed.steps.push(StepRecord {
        step: FeedbackReviewed,
        done_on: d(2026, 3, 31),
        done_by: "Commissioning board".into(),
        note: String::new(),
    });
    let list = reduction_tasks(Some(&p), &followed, Some(&k), d(2026, 4, 10));
    assert!(
        list.tasks
            .iter()
            .all(|t| matches!(t.state, Done { in_time: true, .. })),
        "{list:#?}"
    );
    assert_eq!(list.next, None);
    assert_eq!(
        list.tasks[3].done_by.as_deref(),
        Some("Commissioning board")
    );

    // Broken: a six-week consultation without agreement, criteria later,
    // an assessment by the council alone, notice a month late.
    let mut broken = followed.clone();
    let mut short = consultation(d(2026, 2, 16), d(2026, 3, 30));
    short.criteria_published_on = Some(d(2026, 3, 1));
    broken.impact_assessment = Some(crate::rules::fixtures::impact_assessment(
        d(2026, 3, 20),
        false,
    ));
    broken.notice_given_on = Some(d(2026, 5, 30));
    let list = reduction_tasks(Some(&p), &broken, Some(&short), d(2026, 6, 1));
    let in_time: Vec<bool> = list
        .tasks
        .iter()
        .map(|t| matches!(t.state, Done { in_time: true, .. }))
        .collect();
    assert_eq!(in_time, vec![false, false, false, true, false]);
    // Shortened by agreement with a reason: the Compact's own exception.
    short.shorter_period_reason = Some("Agreed with the provider at the outset".into());
    let list = reduction_tasks(Some(&p), &broken, Some(&short), d(2026, 6, 1));
    assert!(matches!(list.tasks[0].state, Done { in_time: true, .. }));
}

#[test]
fn steps_the_procedure_does_not_ask_for_are_not_needed() {
    let mut p = wiltshire();
    p.criteria_published_at_launch = false;
    p.joint_impact_assessment = false;
    p.formal_notice_months = 0;
    let list = reduction_tasks(Some(&p), &cut(d(2026, 4, 1), d(2026, 7, 1)), None, today());
    let not_needed: Vec<ReductionStep> = list
        .tasks
        .iter()
        .filter(|t| t.state == TaskState::NotNeeded)
        .map(|t| t.step)
        .collect();
    use ReductionStep::*;
    assert_eq!(
        not_needed,
        vec![CriteriaPublished, ImpactAssessment, FormalNotice]
    );
    // No procedure, or a change that does not cut: no list at all.
    assert!(reduction_tasks(None, &cut(d(2026, 4, 1), d(2026, 7, 1)), None, today()).is_empty());
    let mut more = cut(d(2026, 4, 1), d(2026, 7, 1));
    more.kind = ChangeKind::Variation;
    assert!(reduction_tasks(Some(&wiltshire()), &more, None, today()).is_empty());
}

fn any_date() -> impl Strategy<Value = Date> {
    (0i64..20_000).prop_map(|n| d(1998, 1, 1) + chrono::Duration::days(n))
}

proptest! {
    #[test]
    fn a_consultation_opened_on_its_deadline_fits_before_the_decision(decided in any_date(), weeks in 1u32..30) {
        let open = latest_consultation_opening(decided, weeks);
        let closes = calendar::weeks_after(open, weeks);
        prop_assert!(calendar::meets_period(open, closes, weeks));
        prop_assert!(closes < decided);
        // A day later and it could not.
        let later = calendar::days_after(open, 1);
        prop_assert!(calendar::weeks_after(later, weeks) >= decided);
    }

    #[test]
    fn a_step_is_overdue_exactly_after_its_deadline(decided in any_date(), months in 1u32..12, extra in 0u32..400, offset in 0u32..800) {
        let mut p = wiltshire();
        p.formal_notice_months = months;
        let effective = calendar::days_after(decided, extra);
        let change = cut(decided, effective);
        let today = calendar::days_after(calendar::days_before(decided, 400), offset);
        let list = reduction_tasks(Some(&p), &change, None, today);
        for t in &list.tasks {
            let deadline = t.deadline.unwrap();
            match t.state {
                TaskState::Overdue { deadline: dl } => prop_assert!(today > dl && dl == deadline),
                TaskState::DueBy { deadline: dl } => prop_assert!(today <= dl && dl == deadline),
                other => prop_assert!(false, "nothing was done: {:?}", other),
            }
        }
        // Notice given on its deadline is in time and has expired by the
        // day the change takes effect.
        let notice_by = list.tasks[4].deadline.unwrap();
        prop_assert!(calendar::notice_expired(notice_by, months, effective));
        let mut given = change.clone();
        given.notice_given_on = Some(notice_by);
        let after = reduction_tasks(Some(&p), &given, None, calendar::days_after(effective, 1).max(notice_by));
        prop_assert_eq!(after.tasks[4].state, TaskState::Done { on: notice_by, in_time: true });
        given.notice_given_on = Some(calendar::days_after(notice_by, 1));
        let late = reduction_tasks(Some(&p), &given, None, calendar::days_after(notice_by, 1));
        prop_assert_eq!(late.tasks[4].state, TaskState::Done { on: calendar::days_after(notice_by, 1), in_time: false });
        // The next deadline is the earliest of those still open.
        let open: Vec<Date> = list.tasks.iter().filter_map(|t| match t.state {
            TaskState::DueBy { deadline } | TaskState::Overdue { deadline } => Some(deadline),
            _ => None,
        }).collect();
        prop_assert_eq!(list.next.map(|(_, d)| d), open.iter().min().copied());
    }
}
