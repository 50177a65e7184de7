//! Importing organisations from a file into a Compact's register.
//!
//! Core reads the file and decides what each row means
//! ([`compact_core::import`]); this carries the decisions out, in one write
//! transaction, so either every good row is saved or (on an error) none is.
//! An import that creates or changes something leaves one audit entry with
//! the counts; one that changes nothing leaves none. A dry run does all the
//! same work and then rolls the transaction back.
//!
//! It is built for a whole regional extract of the charity register in one
//! go: the Compact's organisations are read once into memory to match rows
//! against, and new and changed organisations are written many rows per
//! statement, so there is no database round trip per row.

use crate::audit::{Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::WritePool;
use crate::{with_pool, Store};
use compact_core::definition::OrganisationKind;
use compact_core::import::{ImportFile, ImportedOrganisation, Outcome, RegisterIndex, RowProblem};
use compact_core::model::Organisation;
use compact_core::{CompactId, OrganisationId};
use serde_json::json;

/// The audit log's action for an import that changed the register.
pub const ORGANISATIONS_IMPORT: &str = "organisations.import";

/// Rows per INSERT or UPDATE statement. Each row binds at most 12 values,
/// so a statement binds at most 6,000: well within SQLite's limit of 32,766
/// and PostgreSQL's of 65,535. Larger batches gain little.
const BATCH: usize = 500;

/// Organisations read from the register per statement.
const READ_PAGE: i64 = 20_000;

/// How often, in rows, progress is reported.
const PROGRESS_EVERY: usize = 2_000;

/// What an import did, or (in a dry run) would have done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows refused, whether while reading the file or as a repeat of an
    /// earlier row; none of them changed anything.
    pub rejected: usize,
    /// Every problem of every refused row, in row order.
    pub problems: Vec<RowProblem>,
    /// Whether this was a dry run, whose changes were rolled back.
    pub dry_run: bool,
}

impl ImportSummary {
    /// Whether the import created or changed any organisation.
    pub fn changed_anything(&self) -> bool {
        self.created + self.updated > 0
    }
}

#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    name: String,
    kind: String,
    charity_number: Option<String>,
    company_number: Option<String>,
    postcode: Option<String>,
    address: Option<String>,
    website: Option<String>,
    email: Option<String>,
    areas_of_work: String,
    active: bool,
}

fn corrupt(column: &'static str, value: &str, reason: String) -> StoreError {
    StoreError::Corrupt {
        table: "organisations",
        column,
        value: value.to_string(),
        reason,
    }
}

/// A stored identifier read back into its type.
fn identifier<T>(value: Option<String>, column: &'static str) -> Result<Option<T>>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value
        .map(|v| {
            v.parse()
                .map_err(|e: T::Err| corrupt(column, &v, e.to_string()))
        })
        .transpose()
}

impl OrganisationRow {
    fn into_organisation(self) -> Result<Organisation> {
        let kind = OrganisationKind::parse(&self.kind).ok_or_else(|| {
            corrupt(
                "kind",
                &self.kind,
                "not a known kind of organisation".into(),
            )
        })?;
        let areas_of_work = serde_json::from_str(&self.areas_of_work).map_err(|e| {
            corrupt(
                "areas_of_work",
                &self.areas_of_work,
                format!("not a JSON list of phrases: {e}"),
            )
        })?;
        Ok(Organisation {
            id: OrganisationId(self.id),
            name: self.name,
            kind,
            charity_number: identifier(self.charity_number, "charity_number")?,
            company_number: identifier(self.company_number, "company_number")?,
            postcode: identifier(self.postcode, "postcode")?,
            address: self.address,
            website: self.website,
            email: self.email,
            areas_of_work,
            active: self.active,
        })
    }
}

/// Areas of work as stored: a JSON list of phrases.
fn areas_json(o: &ImportedOrganisation) -> String {
    serde_json::to_string(&o.areas_of_work).unwrap_or_else(|_| "[]".into())
}

/// Insert `$batch` (new organisations) into Compact `$compact` with one
/// statement. A macro rather than a function so the same code is compiled
/// for each engine's transaction type inside `with_pool!`.
macro_rules! insert_batch {
    ($tx:expr, $compact:expr, $created_at:expr, $batch:expr) => {{
        let mut query = sqlx::QueryBuilder::new(
            "INSERT INTO organisations (compact_id, name, kind, charity_number, company_number, \
             postcode, address, website, email, areas_of_work, active, created_at) ",
        );
        query.push_values($batch.iter(), |mut row, o: &ImportedOrganisation| {
            row.push_bind($compact)
                .push_bind(o.name.as_str())
                .push_bind(o.kind.as_str())
                .push_bind(o.charity_number.as_ref().map(|n| n.as_str()))
                .push_bind(o.company_number.as_ref().map(|n| n.as_str()))
                .push_bind(o.postcode.as_ref().map(|p| p.as_str()))
                .push_bind(o.address.as_deref())
                .push_bind(o.website.as_deref())
                .push_bind(o.email.as_deref())
                .push_bind(areas_json(o))
                .push_bind(o.active)
                .push_bind($created_at);
        });
        query.build().execute(&mut *$tx).await?;
    }};
}

/// Overwrite the organisations in `$batch` ((id, details) pairs) with one
/// statement: the new values are a table of their own, joined by id.
macro_rules! update_batch {
    ($tx:expr, $compact:expr, $batch:expr) => {{
        let mut query = sqlx::QueryBuilder::new(
            "WITH v (id, name, kind, charity_number, company_number, postcode, address, website, \
             email, areas_of_work, active) AS (",
        );
        query.push_values(
            $batch.iter(),
            |mut row, (id, o): &(OrganisationId, ImportedOrganisation)| {
                row.push_bind(id.0)
                    .push_bind(o.name.as_str())
                    .push_bind(o.kind.as_str())
                    .push_bind(o.charity_number.as_ref().map(|n| n.as_str()))
                    .push_bind(o.company_number.as_ref().map(|n| n.as_str()))
                    .push_bind(o.postcode.as_ref().map(|p| p.as_str()))
                    .push_bind(o.address.as_deref())
                    .push_bind(o.website.as_deref())
                    .push_bind(o.email.as_deref())
                    .push_bind(areas_json(o))
                    .push_bind(o.active);
            },
        );
        query.push(
            ") UPDATE organisations SET name = v.name, kind = v.kind, \
             charity_number = v.charity_number, company_number = v.company_number, \
             postcode = v.postcode, address = v.address, website = v.website, email = v.email, \
             areas_of_work = v.areas_of_work, active = v.active \
             FROM v WHERE organisations.id = v.id AND organisations.compact_id = ",
        );
        query.push_bind($compact);
        query.build().execute(&mut *$tx).await?;
    }};
}

/// End an import's write transaction `$tx`: when it created or changed
/// anything, one audit entry `$action` with `$summary`'s counts and what
/// was imported (`$what`, a key and its value); then commit, or roll back
/// a dry run. An import that changed nothing leaves no entry, so a nightly
/// import does not fill the log.
macro_rules! finish_import {
    ($tx:expr, $compact:expr, $actor:expr, $action:expr, $subject:expr, $summary:expr, ($key:expr, $value:expr)) => {{
        let summary: &ImportSummary = &$summary;
        if summary.changed_anything() {
            let mut after = json!({
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "rejected": summary.rejected,
            });
            after[$key] = json!($value);
            $tx.append_audit(NewEntry {
                compact: Some($compact),
                actor: $actor,
                action: $action,
                subject: $subject,
                before: None,
                after: Some(after),
            })
            .await?;
        }
        if summary.dry_run {
            $tx.rollback().await?;
        } else {
            $tx.commit().await?;
        }
    }};
}
pub(crate) use finish_import;

impl Store {
    /// Import the organisations of `file` into the register of Compact
    /// `compact` (see the module documentation). With `dry_run`, nothing
    /// is kept, and the summary says what would have happened.
    pub async fn import_organisations(
        &self,
        compact: CompactId,
        file: &ImportFile,
        actor: &Actor,
        dry_run: bool,
    ) -> Result<ImportSummary> {
        self.import_organisations_reporting(compact, file, actor, dry_run, &|_| {})
            .await
    }

    /// [`Store::import_organisations`], calling `progress` now and then
    /// with how many of the file's rows have been dealt with.
    pub async fn import_organisations_reporting(
        &self,
        compact: CompactId,
        file: &ImportFile,
        actor: &Actor,
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportSummary> {
        let c = compact.0;
        let mut summary = ImportSummary {
            dry_run,
            ..ImportSummary::default()
        };
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let slug: String = sqlx::query_scalar("SELECT slug FROM compacts WHERE id = $1")
                .bind(c)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NoSuchCompactId(compact))?;
            // Read inside the write transaction, so no other writer can
            // register an organisation between matching and saving; and in
            // pages, so no one statement runs for long.
            let mut stored = Vec::new();
            let mut after_id = 0i64;
            loop {
                let page: Vec<OrganisationRow> = sqlx::query_as(
                    "SELECT id, name, kind, charity_number, company_number, postcode, address, \
                     website, email, areas_of_work, active FROM organisations \
                     WHERE compact_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(c)
                .bind(after_id)
                .bind(READ_PAGE)
                .fetch_all(&mut *tx)
                .await?;
                let Some(last) = page.last() else { break };
                after_id = last.id;
                let full = page.len() as i64 == READ_PAGE;
                for row in page {
                    stored.push(row.into_organisation()?);
                }
                if !full {
                    break;
                }
            }
            let mut index = RegisterIndex::new(file.format, stored);
            let created_at = now();
            let mut creates: Vec<ImportedOrganisation> = Vec::with_capacity(BATCH);
            let mut updates: Vec<(OrganisationId, ImportedOrganisation)> = Vec::with_capacity(BATCH);
            for (done, row) in file.rows.iter().enumerate() {
                let outcome = match &row.result {
                    Ok(organisation) => index.apply(row.row, organisation),
                    Err(problems) => {
                        summary.rejected += 1;
                        summary.problems.extend(problems.iter().cloned());
                        continue;
                    }
                };
                match outcome {
                    Outcome::Create(organisation) => {
                        summary.created += 1;
                        creates.push(organisation);
                        if creates.len() == BATCH {
                            insert_batch!(tx, c, created_at, creates);
                            creates.clear();
                        }
                    }
                    Outcome::Update { id, organisation } => {
                        summary.updated += 1;
                        updates.push((id, organisation));
                        if updates.len() == BATCH {
                            update_batch!(tx, c, updates);
                            updates.clear();
                        }
                    }
                    Outcome::Unchanged(_) => summary.unchanged += 1,
                    Outcome::Duplicate(problem) => {
                        summary.rejected += 1;
                        summary.problems.push(problem);
                    }
                }
                if (done + 1) % PROGRESS_EVERY == 0 {
                    progress(done + 1);
                }
            }
            if !creates.is_empty() {
                insert_batch!(tx, c, created_at, creates);
            }
            if !updates.is_empty() {
                update_batch!(tx, c, updates);
            }
            progress(file.rows.len());
            finish_import!(tx, compact, actor, ORGANISATIONS_IMPORT, format!("compact:{slug}"),
                summary, ("format", file.format.as_str()));
        });
        Ok(summary)
    }
}
