//! Compacts: the tenants of a database. Every other record belongs to one.

use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::{is_unique_violation, WritePool};
use crate::{with_pool, Store};
use compact_core::CompactId;
use serde_json::json;

/// A Compact as stored: its identity and the source of its definition file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCompact {
    pub id: CompactId,
    pub slug: String,
    pub name: String,
    /// The TOML source of its definition, as it was adopted.
    pub definition: String,
}

#[derive(sqlx::FromRow)]
struct CompactRow {
    id: i64,
    slug: String,
    name: String,
    definition: String,
}

impl From<CompactRow> for StoredCompact {
    fn from(row: CompactRow) -> Self {
        StoredCompact {
            id: CompactId(row.id),
            slug: row.slug,
            name: row.name,
            definition: row.definition,
        }
    }
}

impl Store {
    /// Store a new Compact. Its slug must be unused in this database.
    pub async fn create_compact(
        &self,
        slug: &str,
        name: &str,
        definition: &str,
        actor: &Actor,
    ) -> Result<CompactId> {
        let id: i64 = with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO compacts (slug, name, definition, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(slug)
            .bind(name)
            .bind(definition)
            .bind(now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| if is_unique_violation(&e) {
                StoreError::CompactExists(slug.to_string())
            } else {
                e.into()
            })?;
            tx.append_audit(NewEntry {
                compact: Some(CompactId(id)),
                actor,
                action: actions::COMPACT_CREATE,
                subject: format!("compact:{slug}"),
                before: None,
                // The definition can run to many pages; its hash pins down
                // which text was adopted, and the text itself is kept in
                // `compacts`.
                after: Some(json!({
                    "slug": slug,
                    "name": name,
                    "definition_sha256": crate::secrets::sha256_hex(definition.as_bytes()),
                })),
            })
            .await?;
            tx.commit().await?;
            id
        });
        Ok(CompactId(id))
    }

    pub async fn find_compact(&self, slug: &str) -> Result<Option<StoredCompact>> {
        let row: Option<CompactRow> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, slug, name, definition FROM compacts WHERE slug = $1")
                .bind(slug)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(StoredCompact::from))
    }

    /// The Compact called `slug`, or an error naming it.
    pub async fn compact(&self, slug: &str) -> Result<StoredCompact> {
        self.find_compact(slug)
            .await?
            .ok_or_else(|| StoreError::NoSuchCompact(slug.to_string()))
    }

    pub async fn list_compacts(&self) -> Result<Vec<StoredCompact>> {
        let rows: Vec<CompactRow> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, slug, name, definition FROM compacts ORDER BY name")
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(StoredCompact::from).collect())
    }
}
