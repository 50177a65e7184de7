//! The world the consultation use-case tests share: Wiltshire's Compact
//! with a council, a charity and the police, an account for each role, and
//! the clock fixed on 31 March 2026.

#![allow(dead_code)] // each test file uses its own part of this

use compact_app::{Acting, App, Clock, Error};
use compact_core::access::{Grant, Role, Viewer};
use compact_core::consultation::{ConsultationInput, DocumentInput};
use compact_core::definition::{shipped, OrganisationKind};
use compact_core::refusal::Refusal;
use compact_core::rules::fixtures::organisation;
use compact_core::{AccountId, CompactId, Date, OrganisationId};
use compact_store::testing::actor;
use compact_store::{AuditFilter, Store};

pub fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

pub fn today() -> Date {
    d(2026, 3, 31)
}

pub struct World {
    pub store: Store,
    pub app: App,
    pub compact: CompactId,
    pub council: OrganisationId,
    pub charity: OrganisationId,
    pub secretariat: Acting,
    pub officer: Acting,
    pub police_officer: Acting,
    pub member: Acting,
    pub group: Acting,
}

pub fn account(id: i64, compact: CompactId, role: Role, org: Option<OrganisationId>) -> Acting {
    Acting::account(
        AccountId(id),
        Viewer::account(vec![Grant::new(compact, role, org).unwrap()]),
    )
}

pub async fn world(store: Store) -> World {
    let compact = store
        .create_compact(
            "wiltshire",
            "Wiltshire Compact",
            shipped("wiltshire").unwrap(),
            &actor(),
        )
        .await
        .unwrap();
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
pub fn input(opens: &str, closes: &str) -> ConsultationInput {
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

pub fn refusal<T: std::fmt::Debug>(result: Result<T, Error>) -> Refusal {
    match result {
        Err(Error::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub async fn audit_count(store: &Store) -> u64 {
    store
        .audit_entries(&AuditFilter::default(), 1, 1)
        .await
        .unwrap()
        .1
}
