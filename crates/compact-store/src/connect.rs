//! Opening connections, with errors a person can act on.

use crate::error::{Result, StoreError};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// Open (creating if needed) an SQLite database file.
///
/// Durability settings, chosen so that a committed transaction survives a
/// crash of the process *and* a power loss:
/// - `journal_mode=WAL`: readers never block the writer, and a crash mid-write
///   leaves the last committed state intact.
/// - `synchronous=FULL`: every commit waits for the write-ahead log to be
///   flushed to disk (fsync). With `NORMAL`, WAL mode is safe against a crash
///   of the process but may lose the latest commits on power loss.
/// - `foreign_keys=ON`: references between records are enforced.
/// - `busy_timeout=5s`: a second process (e.g. `compact backup`) waits
///   instead of failing at once.
pub async fn sqlite(path: &Path) -> Result<SqlitePool> {
    let fail = |reason: String| StoreError::SqliteOpen {
        path: path.to_path_buf(),
        reason,
    };
    if path.is_dir() {
        return Err(fail("that is a folder, not a file".into()));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(fail(format!(
                "the folder {} does not exist",
                parent.display()
            )));
        }
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| fail(describe_sqlite_error(&e)))?;
    // Opening succeeds on a read-only file or folder; writing is what fails.
    // Find out now, with a clear message, rather than at the first save.
    let writable: std::result::Result<_, sqlx::Error> = async {
        let mut tx = pool.begin().await?;
        sqlx::query("CREATE TABLE IF NOT EXISTS compact_write_probe (x INTEGER)")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DROP TABLE compact_write_probe")
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }
    .await;
    if let Err(e) = writable {
        pool.close().await;
        return Err(fail(describe_sqlite_error(&e)));
    }
    Ok(pool)
}

fn describe_sqlite_error(e: &sqlx::Error) -> String {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("readonly") || lower.contains("read-only") || lower.contains("read only") {
        "the file or its folder is read-only; choose a writable location".into()
    } else if lower.contains("unable to open") {
        "the file cannot be created or opened there (check the folder exists and is writable)"
            .into()
    } else if lower.contains("not a database") {
        "the file exists but is not an SQLite database".into()
    } else {
        text
    }
}

/// Connect to a PostgreSQL server.
pub async fn postgres(url: &str) -> Result<PgPool> {
    let options = PgConnectOptions::from_str(url).map_err(|e| StoreError::MalformedUrl {
        url: crate::DatabaseUrl::Postgres(url.to_string()).redacted(),
        reason: e.to_string(),
    })?;
    let target = format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("(default database)")
    );
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
        .map_err(|e| StoreError::PostgresUnreachable {
            target,
            reason: one_line(&e.to_string()),
        })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
