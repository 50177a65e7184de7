//! Importing councils' spreadsheets of consultations, agreements, payments
//! and changes, on SQLite and PostgreSQL: the documented examples import
//! cleanly, the same files again change nothing, a changed row updates its
//! record (with its audit entry), refused rows and dry runs write nothing,
//! and an officer imports only their own body's consultations and funding.

mod support;
use compact_app::spreadsheets::read_spreadsheet;
use compact_app::{Acting, App, Clock, Error};
use compact_core::access::Role;
use compact_core::definition::OrganisationKind;
use compact_core::identifiers::{CharityNumber, CompanyNumber};
use compact_core::refusal::Refusal;
use compact_core::rules::fixtures::organisation;
use compact_core::spreadsheets::{Sheet, SheetKind};
use compact_core::*;
use compact_store::testing::{actor, TestDatabase};
use compact_store::{
    test_on_both_engines, AgreementFilter, AuditFilter, Engine, ImportSummary, Listing, Store,
};
use support::{account, audited, wiltshire};

const CONSULTATIONS: &str = include_str!("../../../docs/examples/consultations.csv");
const AGREEMENTS: &str = include_str!("../../../docs/examples/agreements.csv");
const PAYMENTS: &str = include_str!("../../../docs/examples/payments.csv");
const CHANGES: &str = include_str!("../../../docs/examples/changes.csv");
const DOC: &str = include_str!("../../../docs/council-spreadsheets.md");

struct World {
    app: App,
    store: Store,
    compact: CompactId,
    secretariat: Acting,
    police_officer: Acting,
    member: Acting,
}

/// The Compact and register the documented examples are written for.
async fn world(store: Store) -> World {
    let compact = wiltshire(&store).await;
    let add = |o| {
        let store = store.clone();
        async move { store.add_organisation(compact, &o, &actor()).await.unwrap() }
    };
    add(organisation(
        1,
        "Wiltshire Council",
        OrganisationKind::LocalAuthority,
    ))
    .await;
    let police = add(organisation(
        2,
        "Wiltshire Police",
        OrganisationKind::Police,
    ))
    .await;
    let mut club = organisation(3, "Downs Lunch Club", OrganisationKind::Charity);
    club.charity_number = Some("1100001".parse::<CharityNumber>().unwrap());
    let club = add(club).await;
    let mut trust = organisation(4, "Pewsey Youth Trust", OrganisationKind::Charity);
    trust.company_number = Some("09876543".parse::<CompanyNumber>().unwrap());
    add(trust).await;
    World {
        app: App::new(
            store.clone(),
            Clock::fixed(Date::from_ymd_opt(2026, 3, 31).unwrap()),
        ),
        store,
        compact,
        secretariat: account(1, compact, Role::Secretariat, None),
        police_officer: account(2, compact, Role::Officer, Some(police)),
        member: account(3, compact, Role::Member, Some(club)),
    }
}

async fn sheet(text: &str) -> Sheet {
    read_spreadsheet(text.as_bytes().to_vec(), None)
        .await
        .unwrap()
        .expect("a readable header")
}

async fn import(w: &World, who: &Acting, text: &str, dry_run: bool) -> ImportSummary {
    let sheet = sheet(text).await;
    w.app
        .import_spreadsheet(who, "wiltshire", &sheet, dry_run, &|_| {})
        .await
        .unwrap()
}

fn counts(s: &ImportSummary) -> (usize, usize, usize, usize) {
    (s.created, s.updated, s.unchanged, s.rejected)
}

async fn agreements(w: &World) -> i64 {
    w.store
        .agreements_page(w.compact, AgreementFilter::default(), 50, 0)
        .await
        .unwrap()
        .1
}

test_on_both_engines!(the_documented_examples_import_and_importing_them_again_changes_nothing);
async fn the_documented_examples_import_and_importing_them_again_changes_nothing(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    for (text, kind, rows) in [
        (CONSULTATIONS, SheetKind::Consultations, 3),
        (AGREEMENTS, SheetKind::Agreements, 3),
        (PAYMENTS, SheetKind::Payments, 4),
        (CHANGES, SheetKind::Changes, 2),
    ] {
        assert_eq!(sheet(text).await.kind, kind);
        let first = import(&w, &w.secretariat, text, false).await;
        assert_eq!(first.problems, vec![], "{kind}");
        assert_eq!(counts(&first), (rows, 0, 0, 0), "{kind}");
    }
    assert_eq!(agreements(&w).await, 3);
    let version = w.app.data_version(w.compact).await.unwrap();
    let entries = audited(&w.store, "").await;
    for text in [CONSULTATIONS, AGREEMENTS, PAYMENTS, CHANGES] {
        let again = import(&w, &w.secretariat, text, false).await;
        assert_eq!((again.created, again.updated, again.rejected), (0, 0, 0));
        assert!(again.unchanged > 0);
    }
    assert_eq!(
        audited(&w.store, "").await,
        entries,
        "no audit entry for nothing"
    );
    assert_eq!(w.app.data_version(w.compact).await.unwrap(), version);
}

test_on_both_engines!(a_changed_row_updates_the_record_with_its_reference_and_is_audited);
async fn a_changed_row_updates_the_record_with_its_reference_and_is_audited(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    import(&w, &w.secretariat, AGREEMENTS, false).await;
    import(&w, &w.secretariat, PAYMENTS, false).await;
    let updates = audited(&w.store, "agreement.update").await;
    let changed = AGREEMENTS.replace("Youth work contract", "Youth work contract (renewed)");
    let s = import(&w, &w.secretariat, &changed, false).await;
    assert_eq!(counts(&s), (0, 1, 2, 0));
    assert_eq!(agreements(&w).await, 3, "no second agreement");
    assert_eq!(audited(&w.store, "agreement.update").await, updates + 1);
    let (entries, _) = w
        .store
        .audit_entries(
            &AuditFilter {
                action_prefix: Some("agreement.update".into()),
                ..AuditFilter::default()
            },
            1,
            1,
        )
        .await
        .unwrap();
    let entry = &entries[0];
    assert_eq!(
        entry.before.as_ref().unwrap()["title"],
        "Youth work contract"
    );
    assert_eq!(
        entry.after.as_ref().unwrap()["title"],
        "Youth work contract (renewed)"
    );

    let paid = PAYMENTS.replace(
        "2026-04-01,\"£10,000.00\",",
        "2026-04-01,\"£10,000.00\",2026-03-30",
    );
    let s = import(&w, &w.secretariat, &paid, false).await;
    assert_eq!(counts(&s), (0, 1, 3, 0));
    assert_eq!(audited(&w.store, "payment.update").await, 1);
}

test_on_both_engines!(refused_rows_and_dry_runs_write_nothing);
async fn refused_rows_and_dry_runs_write_nothing(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let dry = import(&w, &w.secretariat, AGREEMENTS, true).await;
    assert!(dry.dry_run);
    assert_eq!(counts(&dry), (3, 0, 0, 0));
    assert_eq!(agreements(&w).await, 0, "a dry run keeps nothing");
    assert_eq!(audited(&w.store, "agreement.").await, 0);

    let bad = "reference,title,funder,recipient,kind,amount,starts_on,ends_on\n\
               X1,Grant,Nobody at all,1100001,grant,100,2025-04-01,2026-03-31\n\
               X2,Grant,Wiltshire Council,1100001,grant,lots,2025-04-01,2026-03-31\n";
    let s = import(&w, &w.secretariat, bad, false).await;
    assert_eq!(counts(&s), (0, 0, 0, 2));
    let problems: Vec<_> = s
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(problems, vec![(2, "funder"), (3, "amount")]);
    assert_eq!(agreements(&w).await, 0);
    assert_eq!(audited(&w.store, "funding.import").await, 0);
}

test_on_both_engines!(an_officer_imports_only_the_funding_of_their_own_body);
async fn an_officer_imports_only_the_funding_of_their_own_body(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let s = import(&w, &w.police_officer, AGREEMENTS, false).await;
    assert_eq!(counts(&s), (1, 0, 0, 2), "only the police's own agreement");
    assert!(s.problems.iter().all(
        |p| p.column == "funder" && p.problem.contains("you do not act for Wiltshire Council")
    ));
    let sheet = sheet(AGREEMENTS).await;
    for (who, refusal) in [
        (&w.member, Refusal::NotAllowed),
        (&Acting::public(), Refusal::SignInRequired),
    ] {
        match w
            .app
            .import_spreadsheet(who, "wiltshire", &sheet, false, &|_| {})
            .await
        {
            Err(Error::Refused(r)) => assert_eq!(r, refusal),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn every_column_of_the_examples_is_described() {
    for text in [CONSULTATIONS, AGREEMENTS, PAYMENTS, CHANGES] {
        for column in text.lines().next().unwrap().split(',') {
            assert!(
                DOC.contains(&format!("| `{column}` |")),
                "{column} is not in the tables"
            );
        }
    }
}

/// The consultations of `listing` on the test's day, by title.
async fn listed(w: &World, listing: Listing) -> Vec<String> {
    let today = Date::from_ymd_opt(2026, 3, 31).unwrap();
    let list = w
        .store
        .consultations(w.compact, listing, today, 50)
        .await
        .unwrap();
    list.into_iter().map(|c| c.title).collect()
}

test_on_both_engines!(consultations_import_published_with_feedback_or_as_drafts);
async fn consultations_import_published_with_feedback_or_as_drafts(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let s = import(&w, &w.secretariat, CONSULTATIONS, false).await;
    assert_eq!(counts(&s), (3, 0, 0, 0), "{:?}", s.problems);
    assert_eq!(
        listed(&w, Listing::Past).await,
        ["Day opportunities for older people"]
    );
    assert_eq!(
        listed(&w, Listing::AwaitingFeedback).await,
        ["Library opening hours"]
    );
    assert_eq!(
        listed(&w, Listing::Drafts(None)).await,
        ["Neighbourhood policing priorities"]
    );
    assert_eq!(audited(&w.store, "consultation.create").await, 3);
    let (entries, _) = w
        .store
        .audit_entries(
            &AuditFilter {
                action_prefix: Some("funding.import".into()),
                ..AuditFilter::default()
            },
            1,
            1,
        )
        .await
        .unwrap();
    assert_eq!(entries[0].after.as_ref().unwrap()["kind"], "consultations");

    // The draft changes and is published; the closed one gets its
    // feedback; the one with feedback is left alone.
    let changed = CONSULTATIONS
        .replace("Neighbourhood policing priorities", "Policing priorities")
        .replace(",draft,", ",published,")
        .replace(
            "libraries@wiltshire.example,published,,,,,",
            "libraries@wiltshire.example,published,Keep Saturday hours.,Saturday hours stay.,Monday closures go ahead.,2026-03-02,2026-03-09",
        );
    let s = import(&w, &w.secretariat, &changed, false).await;
    assert_eq!(counts(&s), (0, 2, 1, 0), "{:?}", s.problems);
    assert_eq!(
        listed(&w, Listing::Drafts(None)).await,
        Vec::<String>::new()
    );
    assert_eq!(
        listed(&w, Listing::AwaitingFeedback).await,
        Vec::<String>::new()
    );
    assert_eq!(listed(&w, Listing::Current).await, ["Policing priorities"]);
    let (entries, _) = w
        .store
        .audit_entries(
            &AuditFilter {
                action_prefix: Some("consultation.update".into()),
                ..AuditFilter::default()
            },
            1,
            5,
        )
        .await
        .unwrap();
    let draft = entries
        .iter()
        .find(|e| e.after.as_ref().unwrap()["title"] == "Policing priorities")
        .expect("the draft's update is audited");
    assert_eq!(
        draft.before.as_ref().unwrap()["title"],
        "Neighbourhood policing priorities"
    );
    assert_eq!(draft.before.as_ref().unwrap()["status"], "draft");
    assert_eq!(draft.after.as_ref().unwrap()["status"], "published");
    let again = import(&w, &w.secretariat, &changed, false).await;
    assert_eq!(counts(&again), (0, 0, 3, 0));
}

test_on_both_engines!(what_a_published_consultation_said_and_refused_rows_change_nothing);
async fn what_a_published_consultation_said_and_refused_rows_change_nothing(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let dry = import(&w, &w.secretariat, CONSULTATIONS, true).await;
    assert_eq!(counts(&dry), (3, 0, 0, 0));
    assert_eq!(
        audited(&w.store, "consultation.").await,
        0,
        "a dry run keeps nothing"
    );
    import(&w, &w.secretariat, CONSULTATIONS, false).await;
    let entries = audited(&w.store, "").await;
    let version = w.app.data_version(w.compact).await.unwrap();
    let rewritten = CONSULTATIONS
        .replace("Library opening hours", "Library hours")
        .replace("2025-07-21,2025-07-28", "2025-07-21,2025-07-29")
        .replace("WP-C-7,Wiltshire Police", "WP-C-7,Downs Lunch Club");
    let s = import(&w, &w.secretariat, &rewritten, false).await;
    assert_eq!(counts(&s), (0, 0, 0, 3));
    let problems: Vec<_> = s
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(
        problems,
        [(2, "feedback_published_on"), (3, "title"), (4, "lead")]
    );
    assert!(
        s.problems[1].problem.contains("published"),
        "{:?}",
        s.problems[1]
    );
    assert_eq!(audited(&w.store, "").await, entries, "nothing written");
    assert_eq!(w.app.data_version(w.compact).await.unwrap(), version);
}

test_on_both_engines!(an_officer_imports_only_the_consultations_of_their_own_body);
async fn an_officer_imports_only_the_consultations_of_their_own_body(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let w = world(db.store.clone()).await;
    let s = import(&w, &w.police_officer, CONSULTATIONS, false).await;
    assert_eq!(
        counts(&s),
        (1, 0, 0, 2),
        "only the police's own consultation"
    );
    assert!(s
        .problems
        .iter()
        .all(|p| p.column == "lead" && p.problem.contains("you do not act for Wiltshire Council")));
    let sheet = sheet(CONSULTATIONS).await;
    match w
        .app
        .import_spreadsheet(&w.member, "wiltshire", &sheet, false, &|_| {})
        .await
    {
        Err(Error::Refused(r)) => assert_eq!(r, Refusal::NotAllowed),
        other => panic!("{other:?}"),
    }
}
