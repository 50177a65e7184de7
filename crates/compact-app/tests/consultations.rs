//! Consultations' use cases on SQLite and PostgreSQL with the clock fixed:
//! who may draft, publish, respond and give feedback, what each viewer
//! sees, and that nothing is written when an action is refused.

mod support;
use compact_app::{Acting, App, Clock, Error};
use compact_core::access::Role;
use compact_core::consultation::period::Standing;
use compact_core::consultation::{
    ConsultationInput, DocumentInput, FeedbackInput, Phase, RecordedResponseInput, ResponseInput,
    Status,
};
use compact_core::definition::OrganisationKind;
use compact_core::refusal::{Conflict, Missing, Refusal, RefusalKind};
use compact_core::rules::fixtures::organisation;
use compact_core::rules::{RecordRef, RuleId};
use compact_core::{CompactId, ConsultationId, Date, OrganisationId};
use compact_store::testing::{actor, TestDatabase};
use compact_store::{test_on_both_engines, AuditFilter, Engine, Store};
use support::{account, wiltshire};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> Date {
    d(2026, 3, 31)
}

struct World {
    store: Store,
    app: App,
    compact: CompactId,
    council: OrganisationId,
    charity: OrganisationId,
    secretariat: Acting,
    officer: Acting,
    police_officer: Acting,
    member: Acting,
    group: Acting,
}

async fn world(store: Store) -> World {
    let compact = wiltshire(&store).await;
    let mut ids = Vec::new();
    for (n, name, kind) in [
        (1, "Wiltshire Council", OrganisationKind::LocalAuthority),
        (2, "Downs Food Bank", OrganisationKind::Charity),
        (3, "Wiltshire Police", OrganisationKind::Police),
    ] {
        ids.push(
            store
                .add_organisation(compact, &organisation(n, name, kind), &actor())
                .await
                .unwrap(),
        );
    }
    let hash = compact_store::password::hash("a long enough password").unwrap();
    let mut accounts = Vec::new();
    for email in ["s@x.org", "o@x.org", "p@x.org", "m@x.org", "g@x.org"] {
        accounts.push(
            store
                .create_account(email, email, &hash, &actor())
                .await
                .unwrap()
                .id
                .0,
        );
    }
    World {
        app: App::new(store.clone(), Clock::fixed(today())),
        store,
        compact,
        council: ids[0],
        charity: ids[1],
        secretariat: account(accounts[0], compact, Role::Secretariat, None),
        officer: account(accounts[1], compact, Role::Officer, Some(ids[0])),
        police_officer: account(accounts[2], compact, Role::Officer, Some(ids[2])),
        member: account(accounts[3], compact, Role::Member, Some(ids[1])),
        group: account(accounts[4], compact, Role::Group, None),
    }
}

/// A consultation from `opens` to `closes`, with no reason for a short one.
fn input(opens: &str, closes: &str) -> ConsultationInput {
    ConsultationInput {
        title: "Library opening hours".into(),
        summary: "Shorter evening hours at three branches.".into(),
        proposal: "Close at 6pm on weekdays.".into(),
        sectors: vec!["vcse".into()],
        areas_of_work: vec!["older people".into()],
        characteristics: vec!["age".into(), "disability".into()],
        opened_on: opens.into(),
        closes_on: closes.into(),
        shorter_period_reason: String::new(),
        documents: DocumentInput::from_lines("Draft plan https://example.org/plan.pdf"),
        how_to_respond: "Online, or write to the library service.".into(),
        resources: "Two paid workshops for groups.".into(),
        contact_name: "Ana Jones".into(),
        contact_email: "ana@example.org".into(),
    }
}

fn refusal<T: std::fmt::Debug>(result: Result<T, Error>) -> Refusal {
    match result {
        Err(Error::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn audit_count(store: &Store) -> u64 {
    store
        .audit_entries(&AuditFilter::default(), 1, 1)
        .await
        .unwrap()
        .1
}

fn response(body: &str, confidential: bool) -> ResponseInput {
    ResponseInput {
        body: body.into(),
        confidential,
    }
}

async fn refusals_write_nothing(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let store = db.store.clone();
    let w = world(store.clone()).await;
    let app = &w.app;
    let s = "wiltshire";
    // An open consultation (opened 1 March, closes 1 June), a draft, and
    // one opening later.
    let open = app
        .draft_consultation(&w.officer, s, None, &input("2026-03-01", "2026-06-01"))
        .await
        .unwrap();
    app.publish_consultation(&w.officer, s, open).await.unwrap();
    let draft = app
        .draft_consultation(
            &w.secretariat,
            s,
            Some(w.council),
            &input("2026-04-01", "2026-07-01"),
        )
        .await
        .unwrap();
    let later = app
        .draft_consultation(&w.officer, s, None, &input("2026-05-01", "2026-08-01"))
        .await
        .unwrap();
    app.publish_consultation(&w.officer, s, later)
        .await
        .unwrap();
    let before = audit_count(&store).await;
    let public = Acting::public();
    let good = input("2026-04-01", "2026-07-01");
    let feedback = FeedbackInput {
        heard: "h".into(),
        changed: "c".into(),
        decision: "d".into(),
        decided_on: "2026-03-30".into(),
    };
    use RefusalKind::*;
    let table: Vec<(&str, Refusal, RefusalKind)> = vec![
        (
            "the public drafts",
            refusal(app.draft_consultation(&public, s, None, &good).await),
            SignInRequired,
        ),
        (
            "a member drafts",
            refusal(app.draft_consultation(&w.member, s, None, &good).await),
            NotAllowed,
        ),
        (
            "the group drafts",
            refusal(app.draft_consultation(&w.group, s, None, &good).await),
            NotAllowed,
        ),
        (
            "an officer drafts for another body",
            refusal(
                app.draft_consultation(&w.officer, s, Some(w.charity), &good)
                    .await,
            ),
            Invalid,
        ),
        (
            "the secretariat names a charity as lead",
            refusal(
                app.draft_consultation(&w.secretariat, s, Some(w.charity), &good)
                    .await,
            ),
            Invalid,
        ),
        (
            "no such Compact",
            refusal(
                app.draft_consultation(&w.officer, "nowhere", None, &good)
                    .await,
            ),
            NotFound,
        ),
        (
            "bad fields",
            refusal(
                app.draft_consultation(&w.officer, s, None, &input("", "2026-07-01"))
                    .await,
            ),
            Invalid,
        ),
        (
            "another body's officer changes a draft it cannot see",
            refusal(
                app.update_consultation(&w.police_officer, s, draft, &good)
                    .await,
            ),
            NotFound,
        ),
        (
            "a member publishes a draft",
            refusal(app.publish_consultation(&w.member, s, draft).await),
            NotFound,
        ),
        (
            "another body's officer publishes a published one",
            refusal(app.publish_consultation(&w.police_officer, s, open).await),
            NotAllowed,
        ),
        (
            "publishing twice",
            refusal(app.publish_consultation(&w.officer, s, open).await),
            Conflict,
        ),
        (
            "changing a published one",
            refusal(app.update_consultation(&w.officer, s, open, &good).await),
            Conflict,
        ),
        (
            "a member responds to a draft",
            refusal(
                app.respond_to_consultation(&w.member, s, draft, None, &response("x", false))
                    .await,
            ),
            NotFound,
        ),
        (
            "a member responds before the opening",
            refusal(
                app.respond_to_consultation(&w.member, s, later, None, &response("x", false))
                    .await,
            ),
            Conflict,
        ),
        (
            "an officer responds online",
            refusal(
                app.respond_to_consultation(&w.officer, s, open, None, &response("x", false))
                    .await,
            ),
            NotAllowed,
        ),
        (
            "an empty response",
            refusal(
                app.respond_to_consultation(&w.member, s, open, None, &response(" ", false))
                    .await,
            ),
            Invalid,
        ),
        (
            "a member records a response",
            refusal(
                app.record_consultation_response(
                    &w.member,
                    s,
                    open,
                    None,
                    &RecordedResponseInput::default(),
                )
                .await,
            ),
            NotAllowed,
        ),
        (
            "feedback before the close",
            refusal(
                app.publish_consultation_feedback(&w.officer, s, open, &feedback)
                    .await,
            ),
            Conflict,
        ),
        (
            "feedback on a draft",
            refusal(
                app.publish_consultation_feedback(&w.secretariat, s, draft, &feedback)
                    .await,
            ),
            Conflict,
        ),
        (
            "no such consultation",
            refusal(
                app.publish_consultation(&w.secretariat, s, ConsultationId(999))
                    .await,
            ),
            NotFound,
        ),
    ];
    for (what, refusal, kind) in table {
        assert_eq!(refusal.kind(), kind, "{what}: {refusal:?}");
    }
    assert_eq!(
        refusal(app.consultation(&public, s, draft).await),
        Refusal::NotFound(Missing::Consultation)
    );
    assert_eq!(
        audit_count(&store).await,
        before,
        "a refusal writes nothing"
    );
}

async fn a_consultation_runs_from_draft_to_feedback(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let store = db.store.clone();
    let w = world(store.clone()).await;
    let app = &w.app;
    let s = "wiltshire";
    let public = Acting::public();
    // Four weeks where Wiltshire's standard is twelve, and no reason.
    let id = app
        .draft_consultation(&w.officer, s, None, &input("2026-03-02", "2026-03-30"))
        .await
        .unwrap();
    assert!(app
        .consultation_lists(&public, s)
        .await
        .unwrap()
        .drafts
        .is_empty());
    let lists = app.consultation_lists(&w.secretariat, s).await.unwrap();
    assert_eq!(lists.drafts.len(), 1);
    assert!(lists.may_draft);
    assert!(
        !app.consultation_lists(&w.member, s)
            .await
            .unwrap()
            .may_draft
    );
    assert!(w
        .store
        .load_records(w.compact)
        .await
        .unwrap()
        .consultations
        .is_empty());

    // The draft can change; the guidance names the date the standard asks.
    app.update_consultation(&w.officer, s, id, &input("2026-03-01", "2026-04-20"))
        .await
        .unwrap();
    let view = app.consultation(&w.officer, s, id).await.unwrap();
    assert_eq!(view.consultation.status, Status::Draft);
    let guidance = view.guidance.unwrap();
    assert_eq!(guidance.close_on_or_after, d(2026, 5, 24));
    assert_eq!(guidance.standing, Some(Standing::ShorterWithoutReason));

    // Published all the same, and the engine records it.
    let published = app.publish_consultation(&w.officer, s, id).await.unwrap();
    assert_eq!(published.standing, Some(Standing::ShorterWithoutReason));
    let records = w.store.load_records(w.compact).await.unwrap();
    assert_eq!(records.consultations.len(), 1);
    let seen = app.consultation(&public, s, id).await.unwrap();
    assert_eq!(seen.phase, Some(Phase::Open));
    assert!(seen
        .findings
        .iter()
        .any(|f| f.rule == RuleId::ConsultationShorterWithoutReason
            && f.subject.record == RecordRef::Consultation(id)));
    assert!(!seen.may_manage);

    // The member responds in confidence; the public sees the count only.
    assert_eq!(
        app.consultation(&w.member, s, id).await.unwrap().respond_as,
        vec![w.charity]
    );
    app.respond_to_consultation(&w.member, s, id, None, &response("Evenings matter.", true))
        .await
        .unwrap();
    app.record_consultation_response(
        &w.officer,
        s,
        id,
        None,
        &RecordedResponseInput {
            body: "Please keep Saturday hours.".into(),
            confidential: false,
            received_on: "2026-03-20".into(),
            channel: "letter".into(),
            organisation_named: false,
            respondent_name: "A reader in Devizes".into(),
        },
    )
    .await
    .unwrap();
    let seen = app.consultation(&public, s, id).await.unwrap();
    assert_eq!(seen.response_count, 2);
    assert!(seen.responses.is_empty());
    let own = app.consultation(&w.member, s, id).await.unwrap();
    assert_eq!(own.responses.len(), 1);
    assert!(own.responses[0].confidential);
    assert_eq!(
        app.consultation(&w.officer, s, id)
            .await
            .unwrap()
            .responses
            .len(),
        2
    );
    assert_eq!(
        app.consultation(&w.secretariat, s, id)
            .await
            .unwrap()
            .responses
            .len(),
        2
    );
    assert!(app
        .consultation(&w.group, s, id)
        .await
        .unwrap()
        .responses
        .is_empty());
    assert!(app
        .consultation(&w.police_officer, s, id)
        .await
        .unwrap()
        .responses
        .is_empty());

    // After the close: feedback, dated today, which the engine reads.
    let later = App::new(w.store.clone(), Clock::fixed(d(2026, 5, 1)));
    assert_eq!(
        later.consultation(&public, s, id).await.unwrap().phase,
        Some(Phase::AwaitingFeedback)
    );
    later
        .publish_consultation_feedback(
            &w.officer,
            s,
            id,
            &FeedbackInput {
                heard: "Evening opening matters to carers.".into(),
                changed: "One branch keeps late opening on Thursdays.".into(),
                decision: "Hours change from June, with Thursday late opening.".into(),
                decided_on: "2026-04-28".into(),
            },
        )
        .await
        .unwrap();
    let records = w.store.load_records(w.compact).await.unwrap();
    assert_eq!(
        records.consultations[0].feedback_published_on,
        Some(d(2026, 5, 1))
    );
    let done = later.consultation(&public, s, id).await.unwrap();
    assert_eq!(done.phase, Some(Phase::Past));
    assert_eq!(
        done.consultation.feedback.unwrap().decided_on,
        d(2026, 4, 28)
    );
    let lists = later.consultation_lists(&public, s).await.unwrap();
    assert_eq!(lists.past.len(), 1);
    assert!(lists.current.is_empty() && lists.awaiting_feedback.is_empty());
    assert_eq!(
        refusal(
            later
                .publish_consultation_feedback(&w.officer, s, id, &FeedbackInput::default())
                .await
        ),
        Refusal::Conflict(Conflict::FeedbackAlreadyPublished {
            published_on: d(2026, 5, 1)
        })
    );
}

test_on_both_engines!(refusals_write_nothing);
test_on_both_engines!(a_consultation_runs_from_draft_to_feedback);
