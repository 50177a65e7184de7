//! Versioned migrations, one set per engine, embedded in the binary.

use crate::error::{Result, StoreError};
use crate::{with_pool, Store};
use chrono::{DateTime, Utc};
use sqlx::migrate::{Migrate, Migrator};

static SQLITE: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("../../migrations/postgres");

/// One migration and whether it has been applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    pub version: i64,
    pub description: String,
    pub state: MigrationState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationState {
    Applied,
    Pending,
}

impl Store {
    fn migrator(&self) -> &'static Migrator {
        match self.engine() {
            crate::Engine::Sqlite => &SQLITE,
            crate::Engine::Postgres => &POSTGRES,
        }
    }

    /// Apply every pending migration. Returns how many were applied.
    pub async fn migrate(&self) -> Result<usize> {
        let before = self.pending_count().await?;
        let migrator = self.migrator();
        with_pool!(self, pool => migrator.run(pool).await?);
        // Rows from before the register's search keys existed get them now;
        // afterwards every write keeps them.
        let refilled = self.refresh_search_keys().await?;
        if refilled > 0 {
            tracing::info!(organisations = refilled, "register search keys worked out");
        }
        if before > 0 {
            tracing::info!(applied = before, "database schema brought up to date");
        }
        Ok(before)
    }

    async fn pending_count(&self) -> Result<usize> {
        Ok(self
            .migration_status()
            .await?
            .iter()
            .filter(|m| m.state == MigrationState::Pending)
            .count())
    }

    /// Every migration this build knows, with whether it has been applied.
    pub async fn migration_status(&self) -> Result<Vec<MigrationStatus>> {
        let migrator = self.migrator();
        let applied: Vec<i64> = with_pool!(self, pool => {
            let mut conn = pool.acquire().await?;
            conn.ensure_migrations_table().await?;
            conn.list_applied_migrations().await?.into_iter().map(|m| m.version).collect()
        });
        let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        if let Some(&newest) = applied.iter().max() {
            if newest > known {
                return Err(StoreError::DatabaseTooNew {
                    applied: newest,
                    known,
                });
            }
        }
        Ok(migrator
            .iter()
            .map(|m| MigrationStatus {
                version: m.version,
                description: m.description.to_string(),
                state: if applied.contains(&m.version) {
                    MigrationState::Applied
                } else {
                    MigrationState::Pending
                },
            })
            .collect())
    }
}

/// Now, as stored in `created_at` columns (to the microsecond, see
/// [`crate::write::instant`]).
pub(crate) fn now() -> DateTime<Utc> {
    crate::write::instant(Utc::now())
}
