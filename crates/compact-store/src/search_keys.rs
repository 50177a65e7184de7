//! What the register's search compares, stored beside each organisation.
//!
//! The core searches with Rust's Unicode case folding (`to_lowercase`);
//! SQLite's `LOWER` folds only ASCII, and PostgreSQL's depends on the
//! database's locale. So the folded text is worked out here, by the same
//! function the core uses, and stored: `name_key` (the sort key),
//! `search_text` (name and identifiers, as the core's search reads them) and
//! `areas_key` (each area of work folded, between separators). A trigger
//! empties `name_key` whenever a column they come from changes; every write
//! appends an audit entry before it commits, and the audit entry refills the
//! emptied keys (see [`KeysConnection`]), so committed rows always have them.

use crate::error::Result;

/// Separates areas of work in `areas_key`. It cannot appear inside an area
/// there, because [`escape_area`] rewrites it.
const SEPARATOR: char = '\u{1f}';

/// How many organisations are refilled per statement.
const BATCH: i64 = 1000;

/// The stored keys of one organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Keys {
    pub name_key: String,
    pub search_text: String,
    pub areas_key: String,
}

/// The keys of an organisation with these details (as the core folds them:
/// `compact_core::register`'s sort order and text search).
pub(crate) fn keys(name: &str, identifiers: [Option<&str>; 3], areas_of_work: &[String]) -> Keys {
    let name_key = name.to_lowercase();
    let mut search_text = name_key.clone();
    for identifier in identifiers.into_iter().flatten() {
        search_text.push(' ');
        search_text.push_str(&identifier.to_lowercase());
    }
    let mut areas_key = String::from(SEPARATOR);
    for area in areas_of_work {
        areas_key.push_str(&escape_area(&area.to_lowercase()));
        areas_key.push(SEPARATOR);
    }
    Keys {
        name_key,
        search_text,
        areas_key,
    }
}

/// The text to look for in `areas_key` to find an area of work equal to
/// `area` without regard to case.
pub(crate) fn area_needle(area: &str) -> String {
    format!(
        "{SEPARATOR}{}{SEPARATOR}",
        escape_area(&area.to_lowercase())
    )
}

/// An area written so that it never holds the separator, one way only: the
/// escape character doubles, and the separator becomes escape + `s`.
fn escape_area(area: &str) -> String {
    area.replace('\\', "\\\\").replace(SEPARATOR, "\\s")
}

/// A connection inside a write transaction that can refill emptied keys.
pub(crate) trait KeysConnection {
    /// Work out the keys of every organisation whose keys were emptied.
    /// Returns how many were refilled.
    async fn refresh_search_keys(&mut self) -> Result<u64>;
}

type StaleRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

macro_rules! keys_connection {
    ($conn:ty) => {
        impl KeysConnection for $conn {
            async fn refresh_search_keys(&mut self) -> Result<u64> {
                let mut refilled = 0;
                loop {
                    let stale: Vec<StaleRow> = sqlx::query_as(
                        "SELECT id, name, postcode, charity_number, company_number, areas_of_work \
                         FROM organisations WHERE name_key IS NULL ORDER BY id LIMIT $1",
                    )
                    .bind(BATCH)
                    .fetch_all(&mut *self)
                    .await?;
                    if stale.is_empty() {
                        return Ok(refilled);
                    }
                    let rows: Vec<(i64, Keys)> = stale
                        .into_iter()
                        .map(|(id, name, postcode, charity, company, areas)| {
                            // Areas that do not read as a list were stored
                            // behind the application's back; loading them
                            // reports that, and here they match nothing.
                            let areas: Vec<String> =
                                serde_json::from_str(&areas).unwrap_or_default();
                            let k = keys(
                                &name,
                                [postcode.as_deref(), charity.as_deref(), company.as_deref()],
                                &areas,
                            );
                            (id, k)
                        })
                        .collect();
                    let mut query = sqlx::QueryBuilder::new(
                        "WITH v (id, name_key, search_text, areas_key) AS (",
                    );
                    query.push_values(rows.iter(), |mut row, (id, k)| {
                        row.push_bind(*id)
                            .push_bind(k.name_key.as_str())
                            .push_bind(k.search_text.as_str())
                            .push_bind(k.areas_key.as_str());
                    });
                    query.push(
                        ") UPDATE organisations SET name_key = v.name_key, \
                         search_text = v.search_text, areas_key = v.areas_key \
                         FROM v WHERE organisations.id = v.id",
                    );
                    query.build().execute(&mut *self).await?;
                    refilled += rows.len() as u64;
                }
            }
        }
    };
}

keys_connection!(sqlx::SqliteConnection);
keys_connection!(sqlx::PgConnection);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_as_the_core_does_and_areas_cannot_run_together() {
        let k = keys(
            "Ŵyl Gymunedol CIC",
            [Some("SA1 1AA"), None, Some("09876543")],
            &["Arts".into(), "Older People".into()],
        );
        assert_eq!(k.name_key, "ŵyl gymunedol cic");
        assert_eq!(k.search_text, "ŵyl gymunedol cic sa1 1aa 09876543");
        assert!(k.areas_key.contains(&area_needle("older PEOPLE")));
        assert!(!k.areas_key.contains(&area_needle("older")));
        let tricky = keys("x", [None; 3], &["a\u{1f}b".into(), "c\\".into()]);
        assert!(tricky.areas_key.contains(&area_needle("A\u{1f}B")));
        assert!(!tricky.areas_key.contains(&area_needle("a")));
        assert!(!tricky.areas_key.contains(&area_needle("b")));
        assert!(tricky.areas_key.contains(&area_needle("C\\")));
    }
}
