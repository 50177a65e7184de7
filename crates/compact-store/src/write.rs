//! Write transactions, the same way on both engines.
//!
//! Every write that the audit log records reads the last entry's hash and
//! appends the next, so two such writes must never interleave, or the chain
//! would fork. A write transaction therefore takes the write lock at its
//! start:
//! - SQLite: `BEGIN IMMEDIATE`. A deferred `BEGIN` would start as a reader
//!   and fail with SQLITE_BUSY (without waiting out the busy timeout) if
//!   another connection committed before it first wrote.
//! - PostgreSQL: a transaction-scoped advisory lock ([`LOCK_AUDIT_LOG`]),
//!   which queues audited writers one after another while reads go on, and
//!   is released by COMMIT or ROLLBACK. Unlike `LOCK TABLE ... EXCLUSIVE`
//!   it needs no UPDATE or DELETE privilege on `audit_log`, so an operator
//!   can revoke those from Compact's database role. Taking it first, before
//!   any row is touched, gives every writer the same lock order, so two
//!   writers cannot deadlock on a row and the lock.

use crate::error::Result;
use chrono::{DateTime, SubsecRound, Utc};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// The advisory lock key is arbitrary but fixed: the bytes of "cmpAudit".
pub(crate) const LOCK_AUDIT_LOG: &str = "SELECT pg_advisory_xact_lock(7164506008661027188)";

/// A pool that can begin a write transaction (see the module documentation).
pub(crate) trait WritePool {
    type Db: sqlx::Database;

    async fn begin_write(&self) -> Result<Transaction<'static, Self::Db>>;
}

impl WritePool for SqlitePool {
    type Db = Sqlite;

    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.begin_with("BEGIN IMMEDIATE").await?)
    }
}

impl WritePool for PgPool {
    type Db = Postgres;

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>> {
        let mut tx = self.begin().await?;
        sqlx::query(LOCK_AUDIT_LOG).execute(&mut *tx).await?;
        Ok(tx)
    }
}

/// `at` as stored: to the microsecond. PostgreSQL keeps microseconds and
/// SQLite would keep nanoseconds; cutting both to the same precision makes a
/// stored instant read back equal on either engine, which the audit log's
/// hashes depend on.
pub(crate) fn instant(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// Whether a database error is a broken uniqueness rule.
pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Whether a database error is a reference to a row that does not exist.
pub(crate) fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
}
