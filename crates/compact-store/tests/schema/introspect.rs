//! What a migrated database's schema is, read from the database itself, in
//! terms both engines share: tables, columns (type family, nullability,
//! default), primary keys, indexes, unique and check constraints, foreign
//! keys and triggers.
//!
//! Names the engines choose themselves (SQLite's `sqlite_autoindex_*`,
//! PostgreSQL's `*_key` and `*_check`) are left out: unique and check
//! constraints are described by their table and columns.

use crate::sql_text::{
    code_only, normalise_default, normalise_expression, parenthesised, split_top_level, words,
};
use sqlx::{PgPool, Row, SqlitePool};
use std::collections::BTreeMap;

/// A column as both engines can describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// integer, text, date, timestamp, boolean, bytes, real (or the
    /// engine's own name for anything else).
    pub family: String,
    pub nullable: bool,
    /// The default as written, without casts; booleans as 1 and 0.
    pub default: Option<String>,
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.family)?;
        f.write_str(if self.nullable {
            ", null"
        } else {
            ", not null"
        })?;
        if let Some(default) = &self.default {
            write!(f, ", default {default}")?;
        }
        Ok(())
    }
}

/// One database's schema.
#[derive(Debug, Default)]
pub struct Schema {
    /// `table.column` to its description.
    pub columns: BTreeMap<String, Column>,
    /// Every other fact as a line of text, with how often it occurs (two
    /// check constraints on the same columns are two facts).
    pub facts: BTreeMap<String, usize>,
}

impl Schema {
    fn fact(&mut self, text: String) {
        *self.facts.entry(text).or_default() += 1;
    }
}

fn list(columns: &[String]) -> String {
    format!("({})", columns.join(", "))
}

// ---------------------------------------------------------------- SQLite

#[derive(Default)]
struct ForeignKey {
    target: String,
    from: Vec<String>,
    to: Vec<String>,
    on_delete: String,
    on_update: String,
}

fn sqlite_family(declared: &str) -> String {
    // SQLite's own affinity rules (https://sqlite.org/datatype3.html),
    // with the names that say more than the affinity kept.
    let t = declared.to_uppercase();
    if t.contains("INT") {
        "integer"
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        "text"
    } else if t.is_empty() || t.contains("BLOB") {
        "bytes"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "real"
    } else if t.contains("TIMESTAMP") || t.contains("DATETIME") {
        "timestamp"
    } else if t.contains("DATE") {
        "date"
    } else if t.contains("BOOL") {
        "boolean"
    } else {
        return t.to_lowercase();
    }
    .into()
}

pub async fn sqlite(pool: &SqlitePool) -> Schema {
    let mut schema = Schema::default();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx\\_%' ESCAPE '\\'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, sql) in &tables {
        schema.fact(format!("table {table}"));
        let columns = sqlx::query(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut key: Vec<(i64, String)> = Vec::new();
        let mut names = Vec::new();
        for row in &columns {
            let name: String = row.get("name");
            let pk: i64 = row.get("pk");
            if pk > 0 {
                key.push((pk, name.clone()));
            }
            // SQLite lets a primary key other than INTEGER PRIMARY KEY hold
            // NULL (a bug kept for compatibility); the store never writes
            // one, so a key column counts as not null, as on PostgreSQL.
            let not_null: i64 = row.get("notnull");
            let default: Option<String> = row.get("dflt_value");
            schema.columns.insert(
                format!("{table}.{name}"),
                Column {
                    family: sqlite_family(row.get("type")),
                    nullable: not_null == 0 && pk == 0,
                    default: default.as_deref().and_then(normalise_default),
                },
            );
            names.push(name);
        }
        key.sort();
        if !key.is_empty() {
            let key: Vec<String> = key.into_iter().map(|(_, n)| n).collect();
            schema.fact(format!("primary key of {table} {}", list(&key)));
        }

        // Check constraints are only in the table's text.
        let code = code_only(sql, false);
        let upper = code.to_uppercase();
        let mut from = 0;
        while let Some(at) = upper[from..].find("CHECK") {
            let at = from + at;
            from = at + 5;
            let boundary_before = at == 0 || !upper.as_bytes()[at - 1].is_ascii_alphanumeric();
            let Some(open) = upper[from..].find(|c: char| !c.is_whitespace()) else {
                break;
            };
            if !boundary_before || &upper[from + open..from + open + 1] != "(" {
                continue;
            }
            let expression = parenthesised(&code, from + open);
            let mut used: Vec<String> = words(expression)
                .filter(|w| names.iter().any(|n| n == w))
                .map(str::to_string)
                .collect();
            used.sort();
            used.dedup();
            schema.fact(format!("check on {table} {}", list(&used)));
        }

        let fks = sqlx::query(
            "SELECT id, seq, \"table\" AS target, \"from\", \"to\", on_update, on_delete \
             FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
        )
        .bind(table)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut grouped: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for row in &fks {
            let key = grouped.entry(row.get("id")).or_insert_with(|| ForeignKey {
                target: row.get("target"),
                on_delete: row.get::<String, _>("on_delete").to_lowercase(),
                on_update: row.get::<String, _>("on_update").to_lowercase(),
                ..ForeignKey::default()
            });
            key.from.push(row.get("from"));
            // A reference without columns names the target's primary key.
            key.to.push(
                row.get::<Option<String>, _>("to")
                    .unwrap_or_else(|| "id".into()),
            );
        }
        for key in grouped.into_values() {
            schema.fact(format!(
                "foreign key {table} {} references {} {}, on delete {}, on update {}",
                list(&key.from),
                key.target,
                list(&key.to),
                key.on_delete,
                key.on_update,
            ));
        }

        let indexes = sqlx::query("SELECT name, \"unique\", origin FROM pragma_index_list(?1)")
            .bind(table)
            .fetch_all(pool)
            .await
            .unwrap();
        for row in &indexes {
            let name: String = row.get("name");
            let origin: String = row.get("origin");
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    let columns: Vec<String> =
                        sqlx::query_scalar("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                            .bind(&name)
                            .fetch_all(pool)
                            .await
                            .unwrap();
                    schema.fact(format!("unique constraint on {table} {}", list(&columns)));
                }
                _ => {
                    let unique: i64 = row.get("unique");
                    let sql: String = sqlx::query_scalar(
                        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                    )
                    .bind(&name)
                    .fetch_one(pool)
                    .await
                    .unwrap();
                    let code = code_only(&sql, true);
                    let open = code.find('(').expect("an index's column list");
                    let inside = parenthesised(&code, open);
                    let columns: Vec<String> = split_top_level(inside)
                        .iter()
                        .map(|c| normalise_expression(c))
                        .collect();
                    let rest = &code[open + inside.len() + 2..];
                    let predicate = rest
                        .to_uppercase()
                        .find("WHERE")
                        .map(|w| normalise_expression(&rest[w + 5..]));
                    schema.fact(index_fact(table, &name, unique != 0, &columns, predicate));
                }
            }
        }
    }

    let triggers: Vec<(String, String)> =
        sqlx::query_as("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            .fetch_all(pool)
            .await
            .unwrap();
    for (table, sql) in triggers {
        let code = code_only(&sql, false).to_uppercase();
        let w: Vec<&str> = words(&code).collect();
        let timing = w
            .iter()
            .position(|w| matches!(*w, "BEFORE" | "AFTER" | "INSTEAD"));
        let event = w[timing.unwrap_or(0)..]
            .iter()
            .find(|w| matches!(**w, "INSERT" | "UPDATE" | "DELETE"))
            .expect("a trigger's event");
        let timing = match timing.map(|i| w[i]) {
            Some("INSTEAD") => "instead of",
            Some("AFTER") => "after",
            _ => "before",
        };
        schema.fact(format!(
            "trigger on {table}: {timing} {}",
            event.to_lowercase()
        ));
    }
    schema
}

fn index_fact(
    table: &str,
    name: &str,
    unique: bool,
    columns: &[String],
    predicate: Option<String>,
) -> String {
    let mut fact = format!(
        "{}index {name} on {table} {}",
        if unique { "unique " } else { "" },
        list(columns)
    );
    if let Some(predicate) = predicate {
        fact.push_str(&format!(" where {predicate}"));
    }
    fact
}

// ------------------------------------------------------------ PostgreSQL

fn postgres_family(data_type: &str) -> String {
    match data_type {
        "smallint" | "integer" | "bigint" => "integer",
        "text" | "character varying" | "character" => "text",
        "date" => "date",
        "timestamp with time zone" | "timestamp without time zone" => "timestamp",
        "boolean" => "boolean",
        "bytea" => "bytes",
        "real" | "double precision" | "numeric" => "real",
        other => return other.to_string(),
    }
    .into()
}

fn referential_action(code: &str) -> &'static str {
    match code {
        "r" => "restrict",
        "c" => "cascade",
        "n" => "set null",
        "d" => "set default",
        _ => "no action",
    }
}

pub async fn postgres(pool: &PgPool) -> Schema {
    let mut schema = Schema::default();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_sqlx\\_%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for table in &tables {
        schema.fact(format!("table {table}"));
    }
    let columns = sqlx::query(
        "SELECT table_name::text AS tbl, column_name::text AS name, data_type::text AS data_type, \
                is_nullable::text AS nullable, column_default::text AS dflt \
         FROM information_schema.columns WHERE table_schema = 'public'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for row in &columns {
        let table: String = row.get("tbl");
        if !tables.contains(&table) {
            continue;
        }
        let name: String = row.get("name");
        let default: Option<String> = row.get("dflt");
        schema.columns.insert(
            format!("{table}.{name}"),
            Column {
                family: postgres_family(row.get("data_type")),
                nullable: row.get::<String, _>("nullable") == "YES",
                default: default.as_deref().and_then(normalise_default),
            },
        );
    }

    let constraints = sqlx::query(
        "SELECT c.conrelid::regclass::text AS tbl, c.contype::text AS kind, \
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) \
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols, \
                CASE WHEN c.confrelid = 0 THEN NULL ELSE c.confrelid::regclass::text END AS target, \
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i) \
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS target_cols, \
                c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update \
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
         WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f', 'c') AND c.conrelid <> 0 \
           AND c.conrelid::regclass::text NOT LIKE '\\_sqlx\\_%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for row in &constraints {
        let table: String = row.get("tbl");
        let columns: Vec<String> = row.get("cols");
        match row.get::<String, _>("kind").as_str() {
            "p" => schema.fact(format!("primary key of {table} {}", list(&columns))),
            "u" => schema.fact(format!("unique constraint on {table} {}", list(&columns))),
            "c" => {
                let mut columns = columns;
                columns.sort();
                schema.fact(format!("check on {table} {}", list(&columns)))
            }
            _ => {
                let target: String = row.get("target");
                let target_columns: Vec<String> = row.get("target_cols");
                schema.fact(format!(
                    "foreign key {table} {} references {target} {}, on delete {}, on update {}",
                    list(&columns),
                    list(&target_columns),
                    referential_action(&row.get::<String, _>("on_delete")),
                    referential_action(&row.get::<String, _>("on_update")),
                ))
            }
        }
    }

    let indexes = sqlx::query(
        "SELECT t.relname::text AS tbl, i.relname::text AS name, ix.indisunique AS is_unique, \
                pg_get_expr(ix.indpred, ix.indrelid) AS predicate, \
                ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) \
                      FROM generate_series(1, ix.indnkeyatts::int) k ORDER BY k) AS cols \
         FROM pg_index ix \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND t.relname NOT LIKE '\\_sqlx\\_%' \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c \
                           WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u'))",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for row in &indexes {
        let columns: Vec<String> = row.get::<Vec<String>, _>("cols");
        let columns: Vec<String> = columns.iter().map(|c| normalise_expression(c)).collect();
        let predicate: Option<String> = row.get("predicate");
        schema.fact(index_fact(
            &row.get::<String, _>("tbl"),
            &row.get::<String, _>("name"),
            row.get("is_unique"),
            &columns,
            predicate.as_deref().map(normalise_expression),
        ));
    }

    // information_schema lists INSERT, UPDATE and DELETE triggers, one row
    // per event; TRUNCATE, which SQLite does not have, is left out.
    let triggers: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT event_object_table::text, action_timing::text, event_manipulation::text \
         FROM information_schema.triggers WHERE trigger_schema = 'public'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, timing, event) in triggers {
        schema.fact(format!(
            "trigger on {table}: {} {}",
            timing.to_lowercase(),
            event.to_lowercase()
        ));
    }
    schema
}
