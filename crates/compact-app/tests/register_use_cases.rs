//! The register's use cases against a table of refusals, on SQLite and on
//! PostgreSQL, with the clock fixed: each refusal is the core's typed
//! answer, and nothing is written when an action is refused.

use compact_app::register::{Decision, SignUpRef, SignedUp};
use compact_app::{Acting, App, Clock, Error};
use compact_core::access::{Grant, Role, Viewer};
use compact_core::definition::shipped;
use compact_core::definition::OrganisationKind;
use compact_core::model::{Champion, Organisation};
use compact_core::refusal::{Conflict, Missing, Refusal, RefusalKind};
use compact_core::register::{
    ChampionInput, OrganisationInput, SignUp, SignUpInput, SignUpRefusal, WithdrawalInput,
};
use compact_core::rules::fixtures::organisation;
use compact_core::{AccountId, CompactId, Date, OrganisationId, SignupRequestId};
use compact_store::testing::{actor, TestDatabase};
use compact_store::{test_on_both_engines, AuditFilter, Engine, Store};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 3, 31);

struct World {
    app: App,
    compact: CompactId,
    council: OrganisationId,
    charity: OrganisationId,
    elsewhere: OrganisationId,
    secretariat: Acting,
    member: Acting,
    stranger: Acting,
    decided: SignupRequestId,
}

fn account(id: i64, compact: CompactId, role: Role, org: Option<OrganisationId>) -> Acting {
    Acting::account(
        AccountId(id),
        Viewer::account(vec![Grant::new(compact, role, org).unwrap()]),
    )
}

fn sign_up(on: Date) -> SignUp {
    SignUp {
        signed_on: on,
        signed_by: "Mary Smith".into(),
        signer_role: "Chair".into(),
        champion: Champion {
            name: "Carol Jones".into(),
            role: "Officer".into(),
            contact: "carol@example.org".into(),
            appointed_on: on,
            trained_on: None,
        },
    }
}

async fn world(store: Store) -> World {
    let system = actor();
    let compact = store
        .create_compact(
            "blackpool",
            "Compact for Blackpool",
            shipped("blackpool").unwrap(),
            &system,
        )
        .await
        .unwrap();
    let other = store
        .create_compact("wigan", "Wigan Compact", shipped("wigan").unwrap(), &system)
        .await
        .unwrap();
    let add = |o: Organisation, c: CompactId| {
        let store = store.clone();
        async move { store.add_organisation(c, &o, &actor()).await.unwrap() }
    };
    let council = add(
        organisation(1, "Blackpool Council", OrganisationKind::LocalAuthority),
        compact,
    )
    .await;
    let charity = add(
        organisation(2, "Seaside Food Bank", OrganisationKind::Charity),
        compact,
    )
    .await;
    let elsewhere = add(
        organisation(3, "Wigan Youth Club", OrganisationKind::CommunityGroup),
        other,
    )
    .await;
    store
        .add_signatory(compact, council, &sign_up(d(2025, 1, 10)), "2025", &system)
        .await
        .unwrap();
    let hash = compact_store::password::hash("a long enough password").unwrap();
    for email in ["s@example.org", "m@example.org"] {
        store
            .create_account(email, email, &hash, &system)
            .await
            .unwrap();
    }
    let (s, _) = store
        .account_by_email("s@example.org")
        .await
        .unwrap()
        .unwrap();
    let (m, _) = store
        .account_by_email("m@example.org")
        .await
        .unwrap()
        .unwrap();
    let decided = store
        .request_signup(
            compact,
            charity,
            &sign_up(d(2026, 1, 5)),
            "2025",
            m.id,
            &system,
        )
        .await
        .unwrap();
    store
        .decide_signup(compact, decided, false, "Not yet", s.id, &system)
        .await
        .unwrap();
    let (y, mo, day) = TODAY;
    World {
        app: App::new(store, Clock::fixed(d(y, mo, day))),
        compact,
        council,
        charity,
        elsewhere,
        secretariat: account(s.id.0, compact, Role::Secretariat, None),
        member: account(m.id.0, compact, Role::Member, Some(charity)),
        stranger: account(m.id.0, other, Role::Secretariat, None),
        decided,
    }
}

fn sign_up_input(on: &str) -> SignUpInput {
    SignUpInput {
        signed_on: on.into(),
        signed_by: "Sandra Bell".into(),
        signer_role: "Chair".into(),
        authority_confirmed: true,
        champion: ChampionInput {
            name: "Dev Patel".into(),
            role: "Coordinator".into(),
            contact: "dev@example.org".into(),
            appointed_on: String::new(),
            trained_on: String::new(),
        },
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

async fn refusals_and_what_is_allowed(store: Store) {
    let w = world(store.clone()).await;
    let app = &w.app;
    let before = audit_count(&store).await;
    let public = Acting::public();
    let good = sign_up_input("05/01/2026");
    let withdrawal = WithdrawalInput {
        withdrawn_on: "01/03/2026".into(),
        reason: "Merged".into(),
    };
    let champion = ChampionInput {
        name: "Ann Lee".into(),
        role: "Trustee".into(),
        contact: "ann@example.org".into(),
        appointed_on: String::new(),
        trained_on: String::new(),
    };
    let table: Vec<(&str, Refusal)> = vec![
        (
            "the public signs up",
            refusal(app.sign_up(&public, "blackpool", w.charity, &good).await),
        ),
        (
            "a Compact that does not exist",
            refusal(
                app.sign_up(&w.secretariat, "nowhere", w.charity, &good)
                    .await,
            ),
        ),
        (
            "an organisation not in this register",
            refusal(
                app.sign_up(&w.secretariat, "blackpool", w.elsewhere, &good)
                    .await,
            ),
        ),
        (
            "the secretariat of another Compact",
            refusal(
                app.sign_up(&w.stranger, "blackpool", w.charity, &good)
                    .await,
            ),
        ),
        (
            "a member signs up the council",
            refusal(app.sign_up(&w.member, "blackpool", w.council, &good).await),
        ),
        (
            "a sign-up dated tomorrow",
            refusal(
                app.sign_up(
                    &w.secretariat,
                    "blackpool",
                    w.charity,
                    &sign_up_input("01/04/2026"),
                )
                .await,
            ),
        ),
        (
            "the council signs up again",
            refusal(
                app.sign_up(&w.secretariat, "blackpool", w.council, &good)
                    .await,
            ),
        ),
        (
            "a champion where no sign-up is in force",
            refusal(
                app.set_champion(
                    &w.secretariat,
                    "blackpool",
                    SignUpRef::InForceFor(w.charity),
                    &champion,
                )
                .await,
            ),
        ),
        (
            "a member withdraws",
            refusal(
                app.withdraw(
                    &w.member,
                    "blackpool",
                    SignUpRef::InForceFor(w.charity),
                    &withdrawal,
                )
                .await,
            ),
        ),
        (
            "a withdrawal with no sign-up in force",
            refusal(
                app.withdraw(
                    &w.secretariat,
                    "blackpool",
                    SignUpRef::InForceFor(w.charity),
                    &withdrawal,
                )
                .await,
            ),
        ),
        (
            "a decided request decided again",
            refusal(
                app.decide_sign_up_request(
                    &w.secretariat,
                    "blackpool",
                    w.decided,
                    Decision::Approve,
                    "",
                )
                .await,
            ),
        ),
        (
            "a member decides",
            refusal(
                app.decide_sign_up_request(
                    &w.member,
                    "blackpool",
                    w.decided,
                    Decision::Approve,
                    "",
                )
                .await,
            ),
        ),
        (
            "the secretariat of another Compact changes details",
            refusal(
                app.change_details(
                    &w.stranger,
                    "blackpool",
                    w.charity,
                    &OrganisationInput::default(),
                )
                .await,
            ),
        ),
        (
            "details with no name",
            refusal(
                app.change_details(
                    &w.secretariat,
                    "blackpool",
                    w.charity,
                    &OrganisationInput::default(),
                )
                .await,
            ),
        ),
    ];
    let expected: Vec<Refusal> = vec![
        Refusal::SignInRequired,
        Refusal::NotFound(Missing::Compact),
        Refusal::NotFound(Missing::Organisation),
        Refusal::NotAllowed,
        Refusal::NotAllowed,
        Refusal::Invalid(vec![compact_core::register::FieldProblem {
            field: "signed_on",
            problem: compact_core::register::Problem::InFuture,
            range: Some(compact_core::date_ranges::signing_date(
                Some(d(2009, 11, 1)),
                d(TODAY.0, TODAY.1, TODAY.2),
            )),
        }]),
        Refusal::Conflict(Conflict::SignUp(SignUpRefusal::AlreadySignedUp {
            since: d(2025, 1, 10),
        })),
        Refusal::Conflict(Conflict::NoSignUpInForce),
        Refusal::NotAllowed,
        Refusal::Conflict(Conflict::NoSignUpInForce),
        Refusal::Conflict(Conflict::RequestAlreadyDecided),
        Refusal::NotAllowed,
        Refusal::NotAllowed,
        Refusal::Invalid(vec![
            compact_core::register::FieldProblem::new(
                "name",
                compact_core::register::Problem::Missing,
            ),
            compact_core::register::FieldProblem::new(
                "kind",
                compact_core::register::Problem::Missing,
            ),
        ]),
    ];
    assert_eq!(table.len(), expected.len());
    for ((what, got), want) in table.into_iter().zip(expected) {
        assert_eq!(got, want, "{what}");
    }
    assert_eq!(
        audit_count(&store).await,
        before,
        "no refused action was written"
    );

    // And what is allowed is done, by today's date from the clock.
    let done = app
        .sign_up(&w.member, "blackpool", w.charity, &good)
        .await
        .unwrap();
    assert!(matches!(done, SignedUp::Requested(_)));
    let done = app
        .sign_up(&w.secretariat, "blackpool", w.charity, &good)
        .await
        .unwrap();
    assert!(matches!(done, SignedUp::Recorded(_)));
    let refused = refusal(app.sign_up(&w.member, "blackpool", w.charity, &good).await);
    assert_eq!(refused.kind(), RefusalKind::Conflict);
    app.withdraw(
        &w.secretariat,
        "blackpool",
        SignUpRef::InForceFor(w.charity),
        &withdrawal,
    )
    .await
    .unwrap();
    let entry = app
        .register_entry(&app.compact("blackpool").await.unwrap(), w.charity)
        .await
        .unwrap();
    assert!(entry.in_force(d(2026, 3, 31)).is_none());
    assert_eq!(entry.sign_ups[0].withdrawn_on, Some(d(2026, 3, 1)));
    let _ = w.compact;
}

test_on_both_engines!(refusals_are_typed_and_change_nothing);
async fn refusals_are_typed_and_change_nothing(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    refusals_and_what_is_allowed(db.store.clone()).await;
    db.finish().await;
}
