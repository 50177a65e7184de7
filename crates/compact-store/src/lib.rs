//! Persistence for Compact.
//!
//! One [`Store`] serves the application on either engine: SQLite embedded in
//! one file (the default) or PostgreSQL. Queries are written once in the SQL
//! both engines share and run through [`with_pool!`], which expands the same
//! code for each engine's native driver, so dates stay dates and money stays
//! integer pence on both. Migrations are kept per engine (`migrations/sqlite`
//! and `migrations/postgres`) because their column types differ.
//!
//! The store loads and saves core types; it never decides whether something
//! is a breach.
//!
//! Every change to data is written together with its entry in the
//! tamper-evident [`audit`] log, in one transaction, by an [`Actor`].

mod accounts;
pub mod audit;
mod backup;
mod compacts;
mod connect;
mod consultations;
mod data_version;
mod error;
mod funding;
mod funding_read;
mod import;
pub mod kitemark_keys;
mod migrate;
mod organisation_read;
mod outbox;
pub mod password;
mod records;
mod register_read;
mod search_keys;
pub mod secrets;
mod sessions;
mod signatories;
#[cfg(feature = "testing")]
pub mod testing;
mod throttle;
mod tokens;
mod url;
mod write;

pub use accounts::{normalise_email, Account};
pub use audit::{
    Actor, AuditEntry, AuditFilter, AuditKeys, AuditVerification, CheckpointOutcome,
    CheckpointProblem,
};
pub use compacts::StoredCompact;
pub use consultations::{
    ConsultationSummary, Listing, StoredConsultation, StoredDocument, StoredResponse,
};
pub use error::{Result, StoreError};
pub use funding_read::{AgreementFilter, AgreementSummary, FundingParty};
pub use import::{ImportSummary, ORGANISATIONS_IMPORT};
pub use kitemark_keys::{KeyRing, KeyRingError};
pub use migrate::{MigrationState, MigrationStatus};
pub use organisation_read::{FundingOf, LedConsultation};
pub use outbox::{EmailId, NewEmail, OutboxEmail};
pub use records::{ExportedAgreement, GrantsImportSummary, SavedIds};
pub use register_read::{RegisterEntry, RegisterPage, RegisterQuery};
pub use sessions::Session;
pub use signatories::{RequestStatus, SignupRequest};
pub use throttle::{ResetLink, SignInClient};
pub use tokens::ApiToken;
pub use url::{DatabaseUrl, DEFAULT_DATABASE_URL};

use sqlx::{PgPool, SqlitePool};

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The application's database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    url: DatabaseUrl,
}

/// Run the same code against whichever engine the store uses. Inside the
/// body, `$pool` is the engine's own pool type, so every query is compiled
/// for both drivers from one source.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

impl Store {
    /// Open the database at `url` and bring its schema up to date.
    pub async fn open(url: &str) -> Result<Store> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Open the database at `url` without migrating it.
    pub async fn connect(url: &str) -> Result<Store> {
        let url = DatabaseUrl::parse(url)?;
        let pool = match &url {
            DatabaseUrl::Sqlite(path) => Pool::Sqlite(connect::sqlite(path).await?),
            DatabaseUrl::Postgres(address) => Pool::Postgres(connect::postgres(address).await?),
        };
        Ok(Store { pool, url })
    }

    pub fn engine(&self) -> Engine {
        match self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// The database address with any password hidden.
    pub fn describe(&self) -> String {
        self.url.redacted()
    }

    /// Whether the database answers; used by health checks.
    pub async fn ping(&self) -> Result<()> {
        with_pool!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Close every connection, waiting for work in progress to finish.
    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await);
    }
}

impl Store {
    /// Check the database file for corruption. On SQLite this is
    /// `PRAGMA integrity_check`, which answers `ok` or lists every problem;
    /// PostgreSQL checks its own pages, so there it reports `ok`.
    pub async fn integrity_problems(&self) -> Result<Vec<String>> {
        match &self.pool {
            Pool::Sqlite(pool) => {
                let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(pool)
                    .await?;
                Ok(rows.into_iter().filter(|r| r != "ok").collect())
            }
            Pool::Postgres(_) => Ok(Vec::new()),
        }
    }
}
