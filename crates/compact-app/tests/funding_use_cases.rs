//! The funding use cases on SQLite and PostgreSQL, with the clock fixed:
//! who may record, every refusal typed, the reduction procedure's task list
//! following what is recorded, the impact assessment's jointness derived,
//! and every write audited with the data version raised.

mod support;
use compact_app::{Acting, App, Clock, Error};
use compact_core::access::Role;
use compact_core::definition::{OrganisationKind, ProtectedCharacteristic};
use compact_core::funding::{
    AgreementInput, ChangeInput, ImpactEntryInput, ImpactInput, PaidInput, PaymentInput, StepInput,
    TaskState,
};
use compact_core::model::{Impact, ReductionStep};
use compact_core::refusal::{Conflict, Missing, Refusal};
use compact_core::register::Problem;
use compact_core::rules::fixtures::organisation;
use compact_core::rules::{RecordRef, RuleId};
use compact_core::*;
use compact_store::testing::{actor, TestDatabase};
use compact_store::{test_on_both_engines, AgreementFilter, Engine, Store};
use support::{account, audited, wiltshire};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

struct World {
    app: App,
    store: Store,
    compact: CompactId,
    council: OrganisationId,
    charity: OrganisationId,
    secretariat: Acting,
    officer: Acting,
    other_officer: Acting,
    member: Acting,
}

async fn world(store: Store) -> World {
    let compact = wiltshire(&store).await;
    let add = |o| {
        let store = store.clone();
        async move { store.add_organisation(compact, &o, &actor()).await.unwrap() }
    };
    let council = add(organisation(
        1,
        "Wiltshire Council",
        OrganisationKind::LocalAuthority,
    ))
    .await;
    let charity = add(organisation(
        2,
        "Downs Lunch Club",
        OrganisationKind::Charity,
    ))
    .await;
    let police = add(organisation(
        3,
        "Wiltshire Police",
        OrganisationKind::Police,
    ))
    .await;
    World {
        app: App::new(store.clone(), Clock::fixed(d(2026, 3, 31))),
        store,
        compact,
        council,
        charity,
        secretariat: account(1, compact, Role::Secretariat, None),
        officer: account(2, compact, Role::Officer, Some(council)),
        other_officer: account(3, compact, Role::Officer, Some(police)),
        member: account(4, compact, Role::Member, Some(charity)),
    }
}

fn agreement_input(w: &World) -> AgreementInput {
    AgreementInput {
        title: "Lunch club grant".into(),
        funder: w.council.to_string(),
        recipient: w.charity.to_string(),
        kind: "grant".into(),
        purpose: "Hot lunches twice a week".into(),
        amount: "£30,000".into(),
        starts_on: "1/4/2024".into(),
        ends_on: "31/3/2027".into(),
        paid_in: "advance".into(),
        monitoring: "Numbers served, each quarter".into(),
        full_cost_recovery: "yes".into(),
        ..AgreementInput::default()
    }
}

fn refusal<T: std::fmt::Debug>(r: Result<T, Error>) -> Refusal {
    match r {
        Err(Error::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

test_on_both_engines!(agreements_are_recorded_by_the_funder_and_the_secretariat_only);
async fn agreements_are_recorded_by_the_funder_and_the_secretariat_only(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let input = agreement_input(&w);
    let app = &w.app;
    for (who, expected) in [
        (&Acting::public(), Refusal::SignInRequired),
        (&w.member, Refusal::NotAllowed),
        (&w.other_officer, Refusal::NotAllowed),
    ] {
        assert_eq!(
            refusal(app.create_agreement(who, "wiltshire", &input).await),
            expected
        );
    }
    assert_eq!(
        refusal(app.create_agreement(&w.officer, "nowhere", &input).await),
        Refusal::NotFound(Missing::Compact)
    );
    let mut wrong = input.clone();
    wrong.funder = w.charity.to_string();
    wrong.amount = "a lot".into();
    match refusal(app.create_agreement(&w.officer, "wiltshire", &wrong).await) {
        Refusal::Invalid(problems) => {
            let got: Vec<_> = problems.iter().map(|p| (p.field, p.problem)).collect();
            assert_eq!(
                got,
                vec![
                    ("funder", Problem::WrongKind),
                    ("amount", Problem::WrongFormat)
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        audited(&w.store, "agreement.").await,
        0,
        "nothing written when refused"
    );

    let version = app.data_version(w.compact).await.unwrap();
    let id = app
        .create_agreement(&w.officer, "wiltshire", &input)
        .await
        .unwrap();
    assert!(app.data_version(w.compact).await.unwrap() > version);
    let view = app
        .agreement_view(&w.member, "wiltshire", id)
        .await
        .unwrap();
    assert_eq!(view.agreement.amount, Pence(3_000_000));
    assert_eq!(view.agreement.monitoring, "Numbers served, each quarter");
    assert_eq!(view.funder.as_ref().unwrap().name, "Wiltshire Council");
    assert!(!view.may_record, "the recipient's members read only");
    assert!(
        app.agreement_view(&w.officer, "wiltshire", id)
            .await
            .unwrap()
            .may_record
    );

    // Changing it: the secretariat may; the other officer may not.
    let mut changed = input.clone();
    changed.exit_strategy_agreed_on = "1/3/2026".into();
    changed.exit_strategy_summary = "Other funders approached".into();
    assert_eq!(
        refusal(
            app.update_agreement(&w.other_officer, "wiltshire", id, &changed)
                .await
        ),
        Refusal::NotAllowed
    );
    app.update_agreement(&w.secretariat, "wiltshire", id, &changed)
        .await
        .unwrap();
    let a = app
        .agreement_view(&Acting::public(), "wiltshire", id)
        .await
        .unwrap()
        .agreement;
    assert_eq!(a.exit_strategy_agreed_on, Some(d(2026, 3, 1)));
    assert_eq!(
        refusal(
            app.agreement_view(&Acting::public(), "wiltshire", AgreementId(999))
                .await
        ),
        Refusal::NotFound(Missing::Agreement)
    );

    // The list, filtered by funder and by recipient.
    let list = app
        .agreements(
            &Acting::public(),
            "wiltshire",
            AgreementFilter::default(),
            1,
            20,
        )
        .await
        .unwrap();
    assert_eq!(list.total, 1);
    assert!(!list.may_create);
    let none = AgreementFilter {
        recipient: Some(w.council),
        ..AgreementFilter::default()
    };
    assert_eq!(
        app.agreements(&w.officer, "wiltshire", none, 1, 20)
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(audited(&w.store, "agreement.").await, 2);
    db.finish().await;
}

test_on_both_engines!(payments_changes_and_the_reduction_procedure);
async fn payments_changes_and_the_reduction_procedure(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let app = &w.app;
    let slug = "wiltshire";
    let id = app
        .create_agreement(&w.officer, slug, &agreement_input(&w))
        .await
        .unwrap();
    let pay = PaymentInput {
        due_on: "1/4/2025".into(),
        amount: "10,000".into(),
        paid_on: String::new(),
    };
    assert_eq!(
        refusal(app.record_payment(&w.member, slug, id, &pay).await),
        Refusal::NotAllowed
    );
    let payment = app
        .record_payment(&w.officer, slug, id, &pay)
        .await
        .unwrap();
    let paid = PaidInput {
        paid_on: "20/4/2025".into(),
    };
    app.record_paid(&w.officer, slug, id, payment, &paid)
        .await
        .unwrap();
    assert_eq!(
        refusal(
            app.record_paid(&w.officer, slug, id, PaymentId(999), &paid)
                .await
        ),
        Refusal::NotFound(Missing::Payment)
    );
    let view = app
        .agreement_view(&Acting::public(), slug, id)
        .await
        .unwrap();
    assert_eq!(view.agreement.payments[0].paid_on, Some(d(2025, 4, 20)));
    assert!(
        view.findings
            .iter()
            .any(|f| f.rule == RuleId::FundingPaymentLate),
        "the late payment is a finding of the agreement: {:#?}",
        view.findings
    );

    // A reduction decided for 1 June, taking effect on 30 September.
    let cut = ChangeInput {
        kind: "reduction".into(),
        decided_on: "1/6/2026".into(),
        effective_on: "30/9/2026".into(),
        new_amount: "20,000".into(),
        ..ChangeInput::default()
    };
    let change = app.record_change(&w.officer, slug, id, &cut).await.unwrap();
    let tasks = app
        .change_view(&Acting::public(), slug, id, change)
        .await
        .unwrap()
        .tasks;
    assert_eq!(tasks.tasks.len(), 5);
    // The consultation had to open by 8 March (12 weeks before 31 May) to close before 1 June.
    assert_eq!(
        tasks.tasks[0].state,
        TaskState::Overdue {
            deadline: d(2026, 3, 8)
        }
    );
    assert_eq!(
        tasks.next,
        Some((ReductionStep::Consultation, d(2026, 3, 8)))
    );

    // Criteria before the consultation: refused as such.
    let step = |step: &str, on: &str| StepInput {
        step: step.into(),
        done_on: on.into(),
        done_by: "Commissioning team".into(),
        ..StepInput::default()
    };
    assert_eq!(
        refusal(
            app.record_step(
                &w.officer,
                slug,
                id,
                change,
                &step("criteria_published", "10/3/2026")
            )
            .await
        ),
        Refusal::Conflict(Conflict::ConsultationNotRecorded)
    );
    let mut consultation = step("consultation", "10/3/2026");
    consultation.closes_on = "30/4/2026".into();
    consultation.shortened = true;
    consultation.note = "Agreed with the club at the outset, to decide before the summer".into();
    app.record_step(&w.officer, slug, id, change, &consultation)
        .await
        .unwrap();
    app.record_step(
        &w.officer,
        slug,
        id,
        change,
        &step("criteria_published", "10/3/2026"),
    )
    .await
    .unwrap();
    app.record_step(
        &w.officer,
        slug,
        id,
        change,
        &step("feedback_reviewed", "15/3/2026"),
    )
    .await
    .unwrap();
    let view = app
        .change_view(&Acting::public(), slug, id, change)
        .await
        .unwrap();
    let states: Vec<_> = view.tasks.tasks.iter().map(|t| t.state).collect();
    assert_eq!(
        states[0],
        TaskState::Done {
            on: d(2026, 3, 10),
            in_time: true
        },
        "shortened by agreement"
    );
    assert_eq!(
        states[1],
        TaskState::Done {
            on: d(2026, 3, 10),
            in_time: true
        }
    );
    // Feedback "reviewed" before the consultation closed is not in time.
    assert_eq!(
        states[3],
        TaskState::Done {
            on: d(2026, 3, 15),
            in_time: false
        }
    );
    assert_eq!(
        view.tasks.tasks[0].done_by.as_deref(),
        Some("Commissioning team")
    );
    assert_eq!(
        view.tasks.next,
        Some((ReductionStep::ImpactAssessment, d(2026, 6, 1)))
    );
    let k = view
        .consultation
        .expect("the consultation is a record of its own");
    assert_eq!(k.lead, w.council);
    assert!(k.title.contains("Lunch club grant"));

    // The impact assessment: joint because the club took part.
    let entries = ProtectedCharacteristic::ALL
        .iter()
        .map(|&c| ImpactEntryInput {
            characteristic: c,
            impact: if c == ProtectedCharacteristic::Age {
                "negative"
            } else {
                "neutral"
            }
            .into(),
            evidence: "Register of members".into(),
            mitigation: if c == ProtectedCharacteristic::Age {
                "Transport kept".into()
            } else {
                String::new()
            },
        })
        .collect::<Vec<_>>();
    let mut eia = ImpactInput {
        completed_on: "20/3/2026".into(),
        participants: vec![w.council.to_string()],
        entries,
    };
    app.record_impact_assessment(&w.officer, slug, id, change, &eia)
        .await
        .unwrap();
    let view = app
        .change_view(&Acting::public(), slug, id, change)
        .await
        .unwrap();
    let ia = view.change.impact_assessment.clone().unwrap();
    assert!(!ia.joint, "the council alone");
    // The decision is still to come, so the rules engine does not judge it
    // yet: the task list is what warns.
    assert!(view.findings.is_empty(), "{:#?}", view.findings);
    assert!(matches!(
        view.tasks.tasks[2].state,
        TaskState::Done { in_time: false, .. }
    ));
    eia.participants.push(w.charity.to_string());
    app.record_impact_assessment(&w.officer, slug, id, change, &eia)
        .await
        .unwrap();
    let view = app
        .change_view(&Acting::public(), slug, id, change)
        .await
        .unwrap();
    let ia = view.change.impact_assessment.clone().unwrap();
    assert!(ia.joint);
    assert_eq!(ia.entries.len(), 9);
    assert_eq!(ia.entries[0].impact, Impact::Negative);
    assert_eq!(view.participants.len(), 2);
    assert!(matches!(
        view.tasks.tasks[2].state,
        TaskState::Done { in_time: true, .. }
    ));
    assert!(view
        .findings
        .iter()
        .all(|f| f.subject.record == RecordRef::FundingChange(change)));

    // Formal notice is the change's notice.
    app.record_step(
        &w.officer,
        slug,
        id,
        change,
        &step("formal_notice", "31/3/2026"),
    )
    .await
    .unwrap();
    let view = app
        .change_view(&Acting::public(), slug, id, change)
        .await
        .unwrap();
    assert_eq!(view.change.notice_given_on, Some(d(2026, 3, 31)));

    // A variation follows no procedure.
    let more = ChangeInput {
        kind: "variation".into(),
        decided_on: "1/3/2026".into(),
        effective_on: "1/4/2026".into(),
        new_amount: "35,000".into(),
        ..ChangeInput::default()
    };
    let variation = app
        .record_change(&w.secretariat, slug, id, &more)
        .await
        .unwrap();
    assert_eq!(
        refusal(
            app.record_step(
                &w.officer,
                slug,
                id,
                variation,
                &step("formal_notice", "1/3/2026")
            )
            .await
        ),
        Refusal::Conflict(Conflict::NoReductionProcedure)
    );
    assert_eq!(
        refusal(
            app.record_step(
                &w.officer,
                slug,
                id,
                FundingChangeId(999),
                &step("formal_notice", "1/3/2026")
            )
            .await
        ),
        Refusal::NotFound(Missing::FundingChange)
    );
    // The records the rules engine reads hold it all.
    let records = w.store.load_records(w.compact).await.unwrap();
    let a = &records.agreements[0];
    assert_eq!(a.changes.len(), 2);
    assert_eq!(a.changes[0].steps.len(), 4);
    assert_eq!(records.consultations.len(), 1);
    assert_eq!(audited(&w.store, "reduction_step.").await, 4);
    assert_eq!(audited(&w.store, "impact_assessment.").await, 2);
    assert_eq!(audited(&w.store, "payment.").await, 2);
    db.finish().await;
}

test_on_both_engines!(the_recipient_is_found_by_name_or_number);
/// A register may hold 200,000 organisations, so the recipient is typed:
/// by name, by charity or company number (bare or as an org-id), or by
/// register number after `#`. Text that finds no single organisation is
/// refused beside the field, and correcting an agreement keeps a recipient
/// whose name another organisation now shares.
async fn the_recipient_is_found_by_name_or_number(engine: Engine) {
    use compact_core::identifiers::{CharityNumber, CompanyNumber};
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let app = &w.app;
    let mut numbered = organisation(10, "Vale Carers Centre", OrganisationKind::Charity);
    numbered.charity_number = Some(CharityNumber::parse("1012345").unwrap());
    numbered.company_number = Some(CompanyNumber::parse("01234567").unwrap());
    let carers = w
        .store
        .add_organisation(w.compact, &numbered, &actor())
        .await
        .unwrap();
    let recipient_of = |typed: &str| {
        let mut input = agreement_input(&w);
        input.recipient = typed.into();
        input
    };
    let mut made = Vec::new();
    for (typed, expected) in [
        ("downs lunch club", w.charity),
        ("  Downs Lunch Club ", w.charity),
        ("GB-CHC-1012345", carers),
        ("1012345", carers),
        ("GB-COH-01234567", carers),
        ("1234567", carers),
        (&format!("#{}", w.charity.0)[..], w.charity),
        (&w.charity.0.to_string()[..], w.charity),
    ] {
        let id = app
            .create_agreement(&w.officer, "wiltshire", &recipient_of(typed))
            .await
            .unwrap_or_else(|e| panic!("{typed:?}: {e:?}"));
        let view = app
            .agreement_view(&w.officer, "wiltshire", id)
            .await
            .unwrap();
        assert_eq!(view.agreement.recipient, expected, "{typed:?}");
        made.push(id);
    }

    // A second club of the same name: the name alone no longer says which.
    let twin = w
        .store
        .add_organisation(
            w.compact,
            &organisation(11, "Downs Lunch Club", OrganisationKind::Charity),
            &actor(),
        )
        .await
        .unwrap();
    for typed in [
        "Downs Lunch Club",
        "Downs",
        "no such club",
        "GB-CHC-12",
        "#999999",
    ] {
        match refusal(
            app.create_agreement(&w.officer, "wiltshire", &recipient_of(typed))
                .await,
        ) {
            Refusal::Invalid(problems) => assert_eq!(
                problems
                    .iter()
                    .map(|p| (p.field, p.problem))
                    .collect::<Vec<_>>(),
                vec![("recipient", Problem::WrongFormat)],
                "{typed:?}"
            ),
            other => panic!("{typed:?}: {other:?}"),
        }
    }
    // Correcting the first agreement with its recipient's name as the form
    // shows it keeps that recipient, not its twin.
    app.update_agreement(
        &w.officer,
        "wiltshire",
        made[0],
        &recipient_of("Downs Lunch Club"),
    )
    .await
    .unwrap();
    let kept = app
        .agreement_view(&w.officer, "wiltshire", made[0])
        .await
        .unwrap();
    assert_eq!(kept.agreement.recipient, w.charity);
    assert_ne!(kept.agreement.recipient, twin);

    // The form offers the officer's own body as funder, not every public
    // body; the secretariat gets them all.
    let (_, funders) = app.agreement_form(&w.officer, "wiltshire").await.unwrap();
    assert_eq!(
        funders.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![w.council]
    );
    let (_, all) = app
        .agreement_form(&w.secretariat, "wiltshire")
        .await
        .unwrap();
    assert_eq!(all.len(), 2, "the council and the police");

    // The list searches recipients by words of their name or numbers.
    let search = |text: &str| AgreementFilter {
        recipient_search: Some(text.into()),
        ..AgreementFilter::default()
    };
    for (text, expected) in [
        ("carers", 4),
        ("VALE centre", 4),
        ("1012345", 4),
        ("lunch", 4),
        ("lunch carers", 0),
    ] {
        let list = app
            .agreements(&Acting::public(), "wiltshire", search(text), 1, 20)
            .await
            .unwrap();
        assert_eq!(list.total, expected, "{text:?}");
    }
    let list = app
        .agreements(
            &Acting::public(),
            "wiltshire",
            AgreementFilter::default(),
            1,
            20,
        )
        .await
        .unwrap();
    assert_eq!(
        list.funders.iter().map(|f| f.id).collect::<Vec<_>>(),
        vec![w.council],
        "only funders in use are offered as a filter"
    );
    db.finish().await;
}
