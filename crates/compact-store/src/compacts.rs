//! Compacts: the tenants of a database. Every other record belongs to one.

use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::{with_pool, Store};
use compact_core::CompactId;

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
    ) -> Result<CompactId> {
        if self.find_compact(slug).await?.is_some() {
            return Err(StoreError::CompactExists(slug.to_string()));
        }
        let id: i64 = with_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO compacts (slug, name, definition, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(slug)
            .bind(name)
            .bind(definition)
            .bind(now())
            .fetch_one(pool)
            .await?
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
