//! The register read in SQL answers exactly as the core's register does:
//! random organisations, sign-ups (here and elsewhere) and searches, on
//! SQLite and on PostgreSQL.

use chrono::NaiveDate as Date;
use compact_core::definition::OrganisationKind;
use compact_core::model::{Champion, Organisation, Records, Signatory};
use compact_core::register::{growth, Filter, Register, SignUp, Standing};
use compact_core::*;
use compact_store::testing::{actor, TestDatabase};
use compact_store::{RegisterQuery, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::sync::atomic::{AtomicU32, Ordering};

/// Pieces of names: cases, accents and letters whose lower case is longer
/// than themselves, so folding is really tested.
const NAME_PIECES: &[&str] = &[
    "Age",
    "UK",
    "age",
    "Ŵyl",
    "ŵyl",
    "Café",
    "CAFÉ",
    "İnn",
    "Straße",
    "trust",
    "Trust",
    "Σοφία",
    "a",
    "",
];
const AREAS: &[&str] = &["Arts", "arts", "Older People", "ŴYL", "housing", "a;b"];
const POSTCODES: &[&str] = &["SN10 1AA", "BA14 8JN", "SA1 1AA"];
const CHARITIES: &[&str] = &["1012345", "1098765"];
const COMPANIES: &[&str] = &["09876543", "SC123456"];

fn d(days: u32) -> Date {
    Date::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(days as u64)
}

fn organisation(i: usize) -> impl Strategy<Value = Organisation> {
    (
        proptest::collection::vec(proptest::sample::select(NAME_PIECES), 1..4),
        proptest::sample::select(OrganisationKind::ALL.to_vec()),
        proptest::option::of(proptest::sample::select(POSTCODES)),
        proptest::option::of(proptest::sample::select(CHARITIES)),
        proptest::option::of(proptest::sample::select(COMPANIES)),
        proptest::collection::vec(proptest::sample::select(AREAS), 0..3),
    )
        .prop_map(
            move |(name, kind, postcode, charity, company, areas)| Organisation {
                id: OrganisationId(i as i64 + 1),
                name: name.join(" "),
                kind,
                charity_number: charity.map(|c| c.parse().unwrap()),
                company_number: company.map(|c| c.parse().unwrap()),
                postcode: postcode.map(|p| p.parse().unwrap()),
                address: None,
                website: None,
                email: None,
                areas_of_work: areas.into_iter().map(String::from).collect(),
                active: true,
            },
        )
}

fn signatory(organisations: usize) -> impl Strategy<Value = (usize, u32, Option<u32>, bool)> {
    (
        0..organisations,
        0u32..2000,
        proptest::option::of(0u32..800),
        any::<bool>(),
    )
}

#[derive(Debug, Clone)]
struct Case {
    here: Vec<Organisation>,
    /// Sign-ups to this Compact: (organisation, signed, days until
    /// withdrawn, with a champion).
    signups: Vec<(usize, u32, Option<u32>, bool)>,
    /// Organisations of a neighbouring Compact and whether each signs up
    /// here (and on which day) too.
    elsewhere: Vec<(Organisation, Option<u32>)>,
    searches: Vec<(Filter, u32, Option<Standing>)>,
}

fn filter() -> impl Strategy<Value = (Filter, u32, Option<Standing>)> {
    (
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(NAME_PIECES).prop_map(String::from),
                proptest::sample::select(&["ag", "É", "i̇", "sn10", "1aa", "0987", "sс", "u"][..])
                    .prop_map(String::from),
            ],
            0..3,
        ),
        proptest::option::of(proptest::sample::select(vec![
            definition::Sector::Public,
            definition::Sector::Vcse,
            definition::Sector::Private,
        ])),
        proptest::option::of(proptest::sample::select(OrganisationKind::ALL.to_vec())),
        proptest::option::of(prop_oneof![
            proptest::sample::select(AREAS).prop_map(String::from),
            Just("ARTS".to_string()),
            Just("ŵyl".to_string()),
        ]),
        any::<bool>(),
        0u32..2800,
        proptest::option::of(proptest::sample::select(vec![
            Standing::Signatory,
            Standing::Withdrawn,
            Standing::NotSigned,
        ])),
    )
        .prop_map(
            |(words, sector, kind, area, signatories_only, on, standing)| {
                (
                    Filter {
                        text: words.join(" "),
                        sector,
                        kind,
                        area,
                        signatories_only,
                    },
                    on,
                    standing,
                )
            },
        )
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..12)
        .prop_flat_map(|n| {
            (
                (0..n).map(organisation).collect::<Vec<_>>(),
                proptest::collection::vec(signatory(n), 0..14),
                proptest::collection::vec(
                    (organisation(100), proptest::option::of(0u32..2000)),
                    0..3,
                ),
                proptest::collection::vec(filter(), 1..6),
            )
        })
        .prop_map(|(here, signups, elsewhere, searches)| Case {
            here,
            signups,
            elsewhere,
            searches,
        })
}

fn champion(on: Date) -> Champion {
    Champion {
        name: "Omar Hussain".into(),
        role: "Lead".into(),
        contact: "omar@example.org".into(),
        appointed_on: on,
        trained_on: None,
    }
}

static COMPACTS: AtomicU32 = AtomicU32::new(0);

/// Save the case in a new Compact (and its neighbour); the Compact's id.
async fn save(store: &Store, case: &Case) -> CompactId {
    let n = COMPACTS.fetch_add(1, Ordering::SeqCst);
    let compact = store
        .create_compact(&format!("here-{n}"), "Here", "", &actor())
        .await
        .unwrap();
    let signatories = case
        .signups
        .iter()
        .enumerate()
        .map(|(i, (o, signed, withdrawn, with_champion))| Signatory {
            id: SignatoryId(i as i64 + 1),
            organisation: OrganisationId(*o as i64 + 1),
            signed_on: d(*signed),
            signed_by: format!("Signer {i}"),
            edition: String::new(),
            withdrawn_on: withdrawn.map(|w| d(signed + w)),
            withdrawal_reason: None,
            champion: with_champion.then(|| champion(d(*signed))),
        })
        .collect();
    let records = Records {
        organisations: case.here.clone(),
        signatories,
        ..Records::default()
    };
    store
        .save_records(compact, &records, &actor())
        .await
        .unwrap();
    if !case.elsewhere.is_empty() {
        let neighbour = store
            .create_compact(&format!("there-{n}"), "There", "", &actor())
            .await
            .unwrap();
        let mut others = Records::default();
        for (i, (o, _)) in case.elsewhere.iter().enumerate() {
            others.organisations.push(Organisation {
                id: OrganisationId(i as i64 + 1),
                ..o.clone()
            });
        }
        let saved = store
            .save_records(neighbour, &others, &actor())
            .await
            .unwrap();
        for (i, (_, signs_here)) in case.elsewhere.iter().enumerate() {
            if let Some(day) = signs_here {
                let sign_up = SignUp {
                    signed_on: d(*day),
                    signed_by: "Ruth Adams".into(),
                    signer_role: "Chair".into(),
                    champion: champion(d(*day)),
                };
                let id = saved.organisations[&OrganisationId(i as i64 + 1)];
                store
                    .add_signatory(compact, id, &sign_up, "", &actor())
                    .await
                    .unwrap();
            }
        }
    }
    compact
}

/// Every answer of the SQL register equals the core's, for each search.
async fn check(store: &Store, case: &Case) -> Result<(), TestCaseError> {
    let compact = save(store, case).await;
    let records = store.load_register(compact).await.unwrap();
    for (filter, on, standing) in &case.searches {
        let on = d(*on);
        let register = Register::on(&records, on);
        let expected: Vec<_> = register
            .search(filter)
            .into_iter()
            .filter(|e| standing.is_none_or(|s| e.standing == s))
            .collect();
        let query = RegisterQuery {
            on,
            filter: filter.clone(),
            standing: *standing,
        };
        let ids = store.register_ids(compact, &query).await.unwrap();
        let expected_ids: Vec<_> = expected.iter().map(|e| e.organisation.id).collect();
        prop_assert_eq!(&ids, &expected_ids, "search {:?} on {}", filter, on);
        for (offset, limit) in [(0, 3), (2, 2), (0, 100)] {
            let page = store
                .register_page(compact, &query, offset, limit)
                .await
                .unwrap();
            prop_assert_eq!(page.total, expected.len() as u64);
            let want: Vec<_> = expected
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect();
            prop_assert_eq!(page.entries.len(), want.len());
            for (got, want) in page.entries.iter().zip(want) {
                prop_assert_eq!(&got.organisation, want.organisation);
                prop_assert_eq!(got.standing, want.standing);
                prop_assert_eq!(got.signatory.as_ref(), want.signatory);
            }
        }
        prop_assert_eq!(
            store.signatories_by_sector(compact, on).await.unwrap(),
            register.signatories_by_sector()
        );
        let dates = store.signup_dates(compact).await.unwrap();
        prop_assert_eq!(growth(&dates, on), growth(&records.signatories, on));
    }
    // One organisation at a time, as its page reads it; neighbours that
    // never signed up here are not in this register.
    let on = d(case.searches[0].1);
    let register = Register::on(&records, on);
    let mut ids: Vec<_> = records.organisations.iter().map(|o| o.id).collect();
    ids.push(OrganisationId(i64::MAX));
    for id in ids {
        let got = store.register_entry(compact, id, on).await.unwrap();
        let want = register.entry(id);
        prop_assert_eq!(got.is_some(), want.is_some());
        if let (Some(got), Some(want)) = (got, want) {
            prop_assert_eq!(&got.organisation, want.organisation);
            prop_assert_eq!(got.standing, want.standing);
            prop_assert_eq!(got.signatory.as_ref(), want.signatory);
            let signups: Vec<_> = records
                .signatories
                .iter()
                .filter(|s| s.organisation == id)
                .cloned()
                .collect();
            prop_assert_eq!(got.signups, signups);
        }
    }
    let register = Register::on(&records, d(0));
    prop_assert_eq!(
        store.areas_of_work(compact).await.unwrap(),
        register.areas_of_work()
    );
    Ok(())
}

fn run_cases(store: Store) {
    let runtime = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config {
        cases: 40,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&case(), |case| {
        tokio::task::block_in_place(|| runtime.block_on(check(&store, &case)))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sql_register_answers_as_the_core_does_on_sqlite() {
    let db = TestDatabase::sqlite().await;
    run_cases(db.store.clone());
    db.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sql_register_answers_as_the_core_does_on_postgres() {
    let Some(db) = TestDatabase::postgres().await else {
        return;
    };
    run_cases(db.store.clone());
    db.finish().await;
}
