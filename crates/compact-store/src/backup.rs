//! Consistent copies of a running database.

use crate::error::{Result, StoreError};
use crate::{Pool, Store};
use std::path::Path;

impl Store {
    /// Write a consistent copy of the database to `target`, while the
    /// application keeps running.
    ///
    /// On SQLite this is `VACUUM INTO`, which reads one snapshot of the
    /// database (a read transaction) and writes it, compacted, to a new file;
    /// writers carry on meanwhile. PostgreSQL is backed up with its own
    /// `pg_dump`, which this refuses to imitate.
    pub async fn backup(&self, target: &Path) -> Result<()> {
        let Pool::Sqlite(pool) = &self.pool else {
            return Err(StoreError::Backup(
                "this database is PostgreSQL: back it up with pg_dump (see the README)".into(),
            ));
        };
        if target.exists() {
            return Err(StoreError::Backup(format!(
                "{} already exists; choose a new file name so no earlier backup is overwritten",
                target.display()
            )));
        }
        let Some(target_text) = target.to_str() else {
            return Err(StoreError::Backup(
                "the backup path is not valid UTF-8".into(),
            ));
        };
        sqlx::query("VACUUM INTO $1")
            .bind(target_text)
            .execute(pool)
            .await
            .map_err(|e| StoreError::Backup(format!("cannot write {}: {e}", target.display())))?;
        Ok(())
    }
}
