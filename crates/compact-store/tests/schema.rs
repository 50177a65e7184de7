//! The two migration folders must build the same schema. Each engine has its
//! own folder (`migrations/sqlite`, `migrations/postgres`) because column
//! types differ; this test migrates a fresh database of each and compares
//! what the databases themselves report, so a column, index, key or
//! constraint added to one folder and forgotten in the other fails here with
//! the difference spelled out.
//!
//! Types are compared by family. SQLite keeps dates and instants as text and
//! booleans as integers (see the header of its first migration), so a SQLite
//! TEXT column matches a PostgreSQL DATE or TIMESTAMPTZ one, and INTEGER
//! matches BOOLEAN; every other family must be the same.

use compact_store::testing::{available, Engine, TestDatabase};
use std::collections::BTreeSet;
use std::path::Path;

#[path = "schema/introspect.rs"]
mod introspect;
#[path = "schema/sql_text.rs"]
mod sql_text;

use introspect::{Column, Schema};

/// Whether a column of `sqlite` family on SQLite stores what a column of
/// `postgres` family does on PostgreSQL.
fn same_family(sqlite: &str, postgres: &str) -> bool {
    sqlite == postgres
        || (sqlite == "text" && matches!(postgres, "date" | "timestamp"))
        || (sqlite == "integer" && postgres == "boolean")
}

fn same_column(sqlite: &Column, postgres: &Column) -> bool {
    same_family(&sqlite.family, &postgres.family)
        && sqlite.nullable == postgres.nullable
        && sqlite.default == postgres.default
}

/// Every difference between the two schemas, one line each; empty when
/// they agree.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut lines = Vec::new();
    for (name, s) in &sqlite.columns {
        match postgres.columns.get(name) {
            None => lines.push(format!("only on SQLite:     column {name}: {s}")),
            Some(p) if !same_column(s, p) => lines.push(format!(
                "different:          column {name}: SQLite {s}; PostgreSQL {p}"
            )),
            Some(_) => {}
        }
    }
    for (name, p) in &postgres.columns {
        if !sqlite.columns.contains_key(name) {
            lines.push(format!("only on PostgreSQL: column {name}: {p}"));
        }
    }
    let facts: BTreeSet<&String> = sqlite.facts.keys().chain(postgres.facts.keys()).collect();
    for fact in facts {
        let (s, p) = (
            sqlite.facts.get(fact).copied().unwrap_or(0),
            postgres.facts.get(fact).copied().unwrap_or(0),
        );
        if s > p {
            lines.push(format!("only on SQLite:     {fact}"));
        } else if p > s {
            lines.push(format!("only on PostgreSQL: {fact}"));
        }
    }
    lines
}

#[tokio::test]
async fn both_migration_folders_build_the_same_schema() {
    if !available(Engine::Postgres).await {
        return;
    }
    let sqlite_db = TestDatabase::new(Engine::Sqlite).await;
    let postgres_db = TestDatabase::new(Engine::Postgres).await;
    let sqlite_pool = sqlx::SqlitePool::connect(&sqlite_db.url).await.unwrap();
    let postgres_pool = sqlx::PgPool::connect(&postgres_db.url).await.unwrap();
    let sqlite = introspect::sqlite(&sqlite_pool).await;
    let postgres = introspect::postgres(&postgres_pool).await;
    sqlite_pool.close().await;
    postgres_pool.close().await;
    sqlite_db.finish().await;
    postgres_db.finish().await;

    // The comparison has something to compare: every table, and the kinds
    // of fact the migrations are known to hold.
    assert!(sqlite.facts.contains_key("table compacts"), "{sqlite:#?}");
    for kind in [
        "primary key",
        "unique constraint",
        "check on",
        "foreign key",
        "index",
        "trigger",
    ] {
        assert!(
            postgres.facts.keys().any(|f| f.starts_with(kind)),
            "no {kind} found on PostgreSQL: {postgres:#?}"
        );
        assert!(
            sqlite.facts.keys().any(|f| f.starts_with(kind)),
            "no {kind} found on SQLite: {sqlite:#?}"
        );
    }

    let lines = differences(&sqlite, &postgres);
    assert!(
        lines.is_empty(),
        "migrations/sqlite and migrations/postgres build different schemas \
         (add a migration to the other folder; never edit an applied one):\n  {}\n",
        lines.join("\n  ")
    );
}

/// Each migration is written for both engines under the same number and
/// name, so `compact migrate --status` says the same on either.
#[test]
fn both_migration_folders_hold_the_same_migrations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let names = |engine: &str| -> BTreeSet<String> {
        std::fs::read_dir(root.join(engine))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect()
    };
    let (sqlite, postgres) = (names("sqlite"), names("postgres"));
    assert!(!sqlite.is_empty());
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in migrations/sqlite: {only_sqlite:?}; only in migrations/postgres: {only_postgres:?}"
    );
}

#[test]
fn expressions_are_compared_without_each_engines_spelling() {
    use sql_text::normalise_expression as n;
    assert_eq!(
        n("COALESCE(organisation_id, (0)::bigint)"),
        "coalesce(organisation_id,0)"
    );
    assert_eq!(
        n("COALESCE(organisation_id, 0)"),
        "coalesce(organisation_id,0)"
    );
    assert_eq!(n("(sent_at IS NULL)"), "sent_at is null");
    assert_eq!(n("sent_at  IS\n NULL"), "sent_at is null");
    assert_eq!(n("lower(email)"), "lower(email)");
    assert_eq!(n("'[]'::text"), "'[]'");
}
