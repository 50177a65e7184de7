//! Support for tests that run against real databases.
//!
//! Every storage test runs on both engines: SQLite in a temporary file, and
//! PostgreSQL in a database of its own, created on the server named by
//! `COMPACT_TEST_POSTGRES_URL` and dropped afterwards, so tests run in
//! parallel without seeing each other's data.
//!
//! Without that variable PostgreSQL tests are skipped with a printed notice,
//! except when `CI=true`: there a missing or unreachable server fails the
//! test, so CI can never pass without really running them.
//!
//! Two macros make a test of each engine from one body, named
//! `<test>::on_sqlite` and `<test>::on_postgres`: [`both_engines!`] for a
//! closure given the store, and [`test_on_both_engines!`] for an async fn
//! given the [`Engine`] (for tests that build more than a store on it).

mod audit;

pub use crate::Engine;
use crate::{Store, StoreError};
pub use audit::{remove_audit_checkpoints, rewrite_audit_chain_from, tamper_with_audit_entry};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

pub const POSTGRES_URL_VAR: &str = "COMPACT_TEST_POSTGRES_URL";

/// A store under test and what it takes to clean up after it.
pub struct TestDatabase {
    pub store: Store,
    /// The address the store was opened with (e.g. for a child process).
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The PostgreSQL server for tests, or `None` (with a notice) when tests
/// should be skipped. Panics in CI when it is missing.
pub fn postgres_server_url() -> Option<String> {
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if in_ci() => panic!("{POSTGRES_URL_VAR} must be set when CI=true: PostgreSQL tests may not be skipped in CI"),
        _ => {
            eprintln!("notice: skipping a PostgreSQL test because {POSTGRES_URL_VAR} is not set");
            None
        }
    }
}

/// Whether tests on `engine` run here: SQLite always; PostgreSQL when a
/// server is named and answers. Prints a notice when a test is skipped, and
/// panics under `CI=true` instead of skipping.
pub async fn available(engine: Engine) -> bool {
    match engine {
        Engine::Sqlite => true,
        Engine::Postgres => {
            let Some(url) = postgres_server_url() else {
                return false;
            };
            match Store::connect(&url).await {
                Ok(server) => {
                    server.close().await;
                    true
                }
                Err(e) if in_ci() => panic!("the PostgreSQL server for tests is unreachable: {e}"),
                Err(e) => {
                    eprintln!("notice: skipping a PostgreSQL test: {e}");
                    false
                }
            }
        }
    }
}

impl TestDatabase {
    /// A fresh, migrated database on `engine`. Panics when PostgreSQL is
    /// not [`available`]; the test macros check that first.
    pub async fn new(engine: Engine) -> TestDatabase {
        match engine {
            Engine::Sqlite => TestDatabase::sqlite().await,
            Engine::Postgres => TestDatabase::postgres()
                .await
                .expect("a PostgreSQL server for tests (see COMPACT_TEST_POSTGRES_URL)"),
        }
    }

    /// A fresh, migrated SQLite database in a temporary folder.
    pub async fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("a temporary folder for the test database");
        let path: PathBuf = dir.path().join("compact.db");
        let url = format!("sqlite://{}", path.display());
        let store = Store::open(&url)
            .await
            .expect("open the test SQLite database");
        TestDatabase {
            store,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A fresh, migrated PostgreSQL database of this test's own, or `None`
    /// when PostgreSQL tests are skipped.
    pub async fn postgres() -> Option<TestDatabase> {
        let admin_url = postgres_server_url()?;
        let name = unique_database_name();
        let admin = match Store::connect(&admin_url).await {
            Ok(admin) => admin,
            Err(e) => {
                if in_ci() {
                    panic!("the PostgreSQL server for tests is unreachable: {e}");
                }
                eprintln!("notice: skipping a PostgreSQL test: {e}");
                return None;
            }
        };
        admin
            .execute_admin(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create the test database");
        admin.close().await;
        let url = with_database(&admin_url, &name);
        let store = Store::open(&url)
            .await
            .expect("open the test PostgreSQL database");
        Some(TestDatabase {
            store,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    /// Close the store and remove its database.
    pub async fn finish(self) {
        self.store.close().await;
        // Dropping removes the PostgreSQL database.
    }
}

/// A test that ends without [`TestDatabase::finish`] (a harness that keeps
/// the database in a struct, or a failed assertion) still removes its
/// PostgreSQL database. Drop cannot wait on the test's runtime, so the
/// database is dropped from a short-lived runtime on a thread of its own;
/// `WITH (FORCE)` ends connections the store may still hold.
impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Cleanup::Postgres { admin_url, name } = &self.cleanup else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime to drop the test database");
            runtime.block_on(async {
                if let Ok(admin) = Store::connect(&admin_url).await {
                    let _ = admin
                        .execute_admin(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    admin.close().await;
                }
            });
        });
        let _ = dropped.join();
    }
}

impl Store {
    /// Run a statement that takes no parameters (CREATE/DROP DATABASE).
    async fn execute_admin(&self, sql: &str) -> Result<(), StoreError> {
        crate::with_pool!(self, pool => {
            sqlx::query(sql).execute(pool).await?;
        });
        Ok(())
    }
}

/// The stored body of outbox message `id`, sent or not.
pub async fn email_body(store: &Store, id: crate::EmailId) -> String {
    crate::with_pool!(store, pool => {
        sqlx::query_scalar("SELECT body FROM email_outbox WHERE id = $1")
            .bind(id.0)
            .fetch_one(pool)
            .await
            .expect("the message is in the outbox")
    })
}

/// The actor tests make their changes as.
pub fn actor() -> crate::Actor {
    crate::Actor::system("test")
}

/// Run one SQL statement that takes no parameters, past the store's API:
/// for tests that show what the database itself allows or refuses.
/// Returns how many rows it changed.
pub async fn execute(store: &Store, sql: &str) -> Result<u64, StoreError> {
    Ok(crate::with_pool!(store, pool => {
        sqlx::query(sql).execute(pool).await?.rows_affected()
    }))
}

fn unique_database_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "compact_test_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// Define a storage test that runs once on SQLite and once on PostgreSQL.
/// The body is a closure that takes the store and its address:
///
/// ```ignore
/// both_engines!(saves_a_compact, |store: Store, url: String| async move { ... });
/// ```
/// expands to a module `saves_a_compact` holding the tests `on_sqlite` and
/// `on_postgres`; the closure sees everything the enclosing module does.
#[macro_export]
macro_rules! both_engines {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn on_sqlite() {
                let db = $crate::testing::TestDatabase::sqlite().await;
                let body = $body;
                body(db.store.clone(), db.url.clone()).await;
                db.finish().await;
            }

            #[tokio::test]
            async fn on_postgres() {
                let Some(db) = $crate::testing::TestDatabase::postgres().await else {
                    return;
                };
                let body = $body;
                body(db.store.clone(), db.url.clone()).await;
                db.finish().await;
            }
        }
    };
}

/// Run async fns that take an [`Engine`] as a test on each engine. Put it
/// where `#[tokio::test]` would go:
///
/// ```ignore
/// test_on_both_engines!(the_home_page_lists_findings);
/// async fn the_home_page_lists_findings(engine: Engine) {
///     let app = TestApp::start(engine).await;
///     ...
/// }
/// ```
/// makes `the_home_page_lists_findings::on_sqlite` and
/// `the_home_page_lists_findings::on_postgres`. The PostgreSQL test is
/// skipped, with a notice, when no server is available (never in CI).
#[macro_export]
macro_rules! test_on_both_engines {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn on_sqlite() {
                    super::$name($crate::Engine::Sqlite).await;
                }

                #[tokio::test]
                async fn on_postgres() {
                    if $crate::testing::available($crate::Engine::Postgres).await {
                        super::$name($crate::Engine::Postgres).await;
                    }
                }
            }
        )+
    };
}

/// A small set of records that uses every field of every record type, for
/// round-trip tests.
pub fn sample_records() -> compact_core::model::Records {
    use compact_core::definition::{DisputeEventKind, OrganisationKind, ProtectedCharacteristic};
    use compact_core::model::*;
    use compact_core::*;
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).expect("valid sample date");
    let council = OrganisationId(1);
    let charity = OrganisationId(2);
    Records {
        organisations: vec![
            Organisation {
                id: council,
                name: "Wiltshire Council".into(),
                kind: OrganisationKind::LocalAuthority,
                charity_number: None,
                company_number: None,
                postcode: Some("BA14 8JN".parse().unwrap()),
                address: None,
                website: None,
                email: None,
                areas_of_work: Vec::new(),
                active: true,
            },
            Organisation {
                id: charity,
                name: "Trowbridge Community Larder".into(),
                kind: OrganisationKind::Charity,
                charity_number: Some("1123456".parse().unwrap()),
                company_number: Some("07654321".parse().unwrap()),
                postcode: Some("BA14 7AB".parse().unwrap()),
                address: Some("Unit 4, Canal Road, Trowbridge".into()),
                website: Some("https://trowbridgelarder.example.org".into()),
                email: Some("hello@trowbridgelarder.example.org".into()),
                areas_of_work: vec!["food poverty".into(), "older people".into()],
                active: false,
            },
        ],
        signatories: vec![Signatory {
            id: SignatoryId(1),
            organisation: charity,
            signed_on: d(2024, 2, 29),
            signed_by: "Amira Khan, Chair of Trustees".into(),
            edition: "2015 and beyond".into(),
            withdrawn_on: Some(d(2026, 3, 31)),
            withdrawal_reason: Some("Merged with another charity".into()),
            champion: Some(Champion {
                name: "Tom Price".into(),
                role: "Operations manager".into(),
                contact: "tom@example.org".into(),
                appointed_on: d(2024, 3, 1),
                trained_on: Some(d(2024, 5, 20)),
            }),
        }],
        consultations: vec![Consultation {
            id: ConsultationId(7),
            title: "Day services for older people".into(),
            lead: council,
            opened_on: d(2025, 11, 30),
            closes_on: d(2026, 2, 22),
            shorter_period_reason: Some("Statutory deadline".into()),
            criteria_published_on: Some(d(2025, 11, 30)),
            feedback_published_on: None,
        }],
        agreements: vec![FundingAgreement {
            id: AgreementId(3),
            title: "Community larder grant".into(),
            funder: council,
            recipient: charity,
            kind: AgreementKind::Grant,
            amount: Pence(450_000_001),
            starts_on: d(2024, 4, 1),
            ends_on: d(2027, 3, 31),
            exit_strategy_agreed_on: Some(d(2024, 3, 15)),
            exit_strategy_summary: "Other funders approached in the final year".into(),
            purpose: "Run the larder three days a week".into(),
            paid_in: Some(PaidIn::Advance),
            monitoring: "Visitor numbers each quarter".into(),
            full_cost_recovery: Some(true),
            payments: vec![
                Payment {
                    id: PaymentId(1),
                    due_on: d(2024, 4, 1),
                    amount: Pence(150_000_000),
                    paid_on: Some(d(2024, 4, 3)),
                },
                Payment {
                    id: PaymentId(2),
                    due_on: d(2025, 4, 1),
                    amount: Pence(150_000_001),
                    paid_on: None,
                },
            ],
            changes: vec![FundingChange {
                id: FundingChangeId(1),
                kind: ChangeKind::Reduction,
                new_amount: Some(Pence(-1)),
                decided_on: d(2026, 3, 1),
                notice_given_on: Some(d(2026, 3, 2)),
                effective_on: d(2026, 6, 30),
                consultation: Some(ConsultationId(7)),
                impact_assessment: Some(ImpactAssessment {
                    completed_on: d(2026, 2, 1),
                    joint: true,
                    characteristics: vec![
                        ProtectedCharacteristic::Age,
                        ProtectedCharacteristic::Disability,
                    ],
                    entries: vec![
                        ImpactEntry {
                            characteristic: ProtectedCharacteristic::Age,
                            impact: Impact::Negative,
                            evidence: "Most visitors are over 70".into(),
                            mitigation: "Home deliveries kept".into(),
                        },
                        ImpactEntry {
                            characteristic: ProtectedCharacteristic::Disability,
                            impact: Impact::Unknown,
                            evidence: String::new(),
                            mitigation: String::new(),
                        },
                    ],
                    participants: vec![council, charity],
                }),
                steps: vec![
                    StepRecord {
                        step: ReductionStep::FeedbackReviewed,
                        done_on: d(2026, 2, 25),
                        done_by: "Funding team".into(),
                        note: String::new(),
                    },
                    StepRecord {
                        step: ReductionStep::FormalNotice,
                        done_on: d(2026, 3, 2),
                        done_by: "Head of commissioning".into(),
                        note: "By letter".into(),
                    },
                ],
            }],
        }],
        disputes: vec![DisputeCase {
            id: DisputeId(1),
            title: "Late notice of grant reduction".into(),
            raised_by: charity,
            against: council,
            raised_on: d(2026, 3, 10),
            summary: "Confidential: the charity says notice came after the decision.".into(),
            events: vec![
                DisputeEvent {
                    id: DisputeEventId(1),
                    stage: "informal".into(),
                    kind: DisputeEventKind::MeetingHeld,
                    on: d(2026, 3, 20),
                    note: String::new(),
                },
                DisputeEvent {
                    id: DisputeEventId(2),
                    stage: "compact-group".into(),
                    kind: DisputeEventKind::StageEntered,
                    on: d(2026, 3, 29),
                    note: "Referred".into(),
                },
            ],
        }],
        seats: vec![SeatHolding {
            id: SeatId(1),
            body: "board".into(),
            constituency: "council".into(),
            holder: "Cllr Jane Doe".into(),
            organisation: Some(council),
            roles: vec!["elected_councillor".into(), "chair".into()],
            from: d(2025, 5, 1),
            until: None,
        }],
        reviews: vec![AnnualReview {
            id: ReviewId(4),
            year: 2025,
            completed_on: d(2026, 3, 31),
            report_published_on: Some(d(2026, 4, 30)),
            meeting_held_on: None,
        }],
        milestones: vec![Milestone {
            id: MilestoneId(1),
            review: Some(ReviewId(4)),
            area: "sign-up".into(),
            title: "Recruit 20 new signatories".into(),
            due_on: d(2026, 9, 30),
            done_on: None,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_names_are_swapped_in_urls() {
        assert_eq!(
            with_database("postgres://u@h:5432/test", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h:5432", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            with_database("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
