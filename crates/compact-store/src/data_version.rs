//! A Compact's data version: raised by every audited write about the
//! Compact, in the write's own transaction (see [`crate::audit`]). Derived
//! data kept outside the database (the rules engine's findings) is keyed by
//! it, so a server notices any server's write on its next read.

use crate::error::Result;
use crate::search_keys::KeysConnection;
use crate::write::WritePool;
use crate::{with_pool, Store};
use compact_core::CompactId;

impl Store {
    /// The data version of `compact`: one indexed read. It only ever
    /// grows; 0 for a Compact nothing was written about.
    pub async fn data_version(&self, compact: CompactId) -> Result<i64> {
        let version: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT version FROM data_versions WHERE compact_id = $1")
                .bind(compact.0)
                .fetch_optional(pool)
                .await?
        });
        Ok(version.unwrap_or(0))
    }

    /// Work out the register's search keys of organisations that have none
    /// (rows written before the keys existed). Returns how many.
    pub(crate) async fn refresh_search_keys(&self) -> Result<u64> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let refilled = tx.refresh_search_keys().await?;
            tx.commit().await?;
            Ok(refilled)
        })
    }
}
