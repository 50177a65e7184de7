//! Reading the audit log: browsing it and checking its chain.

use super::{Actor, AuditEntry, AuditRow, GENESIS};
use crate::error::Result;
use crate::{with_pool, Store};
use chrono::{DateTime, Utc};
use compact_core::CompactId;

/// Which entries to list. Every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub compact: Option<CompactId>,
    pub actor: Option<Actor>,
    /// Entries whose action starts with this, e.g. `account.` (case
    /// matters: actions are lower case).
    pub action_prefix: Option<String>,
    /// Entries whose subject contains this, ignoring case.
    pub subject_contains: Option<String>,
    /// From this instant on (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this instant (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    /// How many entries were checked, up to and including a broken one.
    pub entries_checked: u64,
    /// The first entry that breaks the chain, and why.
    pub first_broken: Option<(i64, String)>,
    /// The hash of the last entry when the chain is intact. Writing it down
    /// somewhere else (a ticket, a printed report) makes removing entries
    /// from the end detectable too: the chain alone cannot show that.
    pub last_hash: Option<String>,
}

impl AuditVerification {
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none()
    }
}

/// The most entries one page may hold.
pub const MAX_PER_PAGE: u32 = 500;

/// How many entries `verify_audit` reads at a time.
const VERIFY_BATCH: i64 = 1000;

/// The WHERE clause of [`Store::audit_entries`]; `$1`..`$6` are the
/// filter's fields, NULL when not given.
const FILTER: &str = "WHERE ($1 IS NULL OR compact_id = $1) \
     AND ($2 IS NULL OR actor = $2) \
     AND ($3 IS NULL OR substr(action, 1, length($3)) = $3) \
     AND ($4 IS NULL OR lower(subject) LIKE $4 ESCAPE '\\') \
     AND ($5 IS NULL OR at >= $5) \
     AND ($6 IS NULL OR at < $6)";

/// A LIKE pattern matching text that contains `needle` (lower-cased), with
/// LIKE's own wildcards in it taken literally.
fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::from("%");
    for c in needle.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl Store {
    /// One page of the entries that match `filter`, newest first, and how
    /// many match in all. Pages count from 1; `per_page` is held to
    /// 1..=[`MAX_PER_PAGE`].
    pub async fn audit_entries(
        &self,
        filter: &AuditFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<AuditEntry>, u64)> {
        let per_page = i64::from(per_page.clamp(1, MAX_PER_PAGE));
        let offset = i64::from(page.max(1) - 1) * per_page;
        let compact = filter.compact.map(|c| c.0);
        let actor = filter.actor.as_ref().map(ToString::to_string);
        let subject = filter.subject_contains.as_deref().map(contains_pattern);
        let (rows, total): (Vec<AuditRow>, i64) = with_pool!(self, pool => {
            let rows = sqlx::query_as(&format!(
                "SELECT seq, compact_id, at, actor, action, subject, before, after, prev_hash, hash \
                 FROM audit_log {FILTER} ORDER BY seq DESC LIMIT $7 OFFSET $8"
            ))
            .bind(compact).bind(&actor).bind(&filter.action_prefix).bind(&subject)
            .bind(filter.from).bind(filter.to).bind(per_page).bind(offset)
            .fetch_all(pool)
            .await?;
            let total = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log {FILTER}"))
                .bind(compact).bind(&actor).bind(&filter.action_prefix).bind(&subject)
                .bind(filter.from).bind(filter.to)
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        let entries = rows
            .into_iter()
            .map(AuditRow::into_entry)
            .collect::<Result<_>>()?;
        Ok((entries, u64::try_from(total).unwrap_or(0)))
    }

    /// Check the whole chain, oldest entry first, and stop at the first
    /// entry that breaks it. Reads in batches, so a long log does not have
    /// to fit in memory.
    pub async fn verify_audit(&self) -> Result<AuditVerification> {
        let mut checked = 0u64;
        let mut previous: Option<(i64, String)> = None;
        loop {
            let after_seq = previous.as_ref().map_or(0, |(seq, _)| *seq);
            let rows: Vec<AuditRow> = with_pool!(self, pool => {
                sqlx::query_as(
                    "SELECT seq, compact_id, at, actor, action, subject, before, after, prev_hash, hash \
                     FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                )
                .bind(after_seq)
                .bind(VERIFY_BATCH)
                .fetch_all(pool)
                .await?
            });
            if rows.is_empty() {
                return Ok(AuditVerification {
                    entries_checked: checked,
                    first_broken: None,
                    last_hash: previous.map(|(_, hash)| hash),
                });
            }
            for row in rows {
                checked += 1;
                if let Some(reason) = broken(&row, previous.as_ref()) {
                    return Ok(AuditVerification {
                        entries_checked: checked,
                        first_broken: Some((row.seq, reason)),
                        last_hash: None,
                    });
                }
                previous = Some((row.seq, row.hash));
            }
        }
    }
}

/// Why `row` breaks the chain after `previous` (its seq and hash), if it
/// does.
fn broken(row: &AuditRow, previous: Option<&(i64, String)>) -> Option<String> {
    let (expected_seq, expected_prev) = match previous {
        Some((seq, hash)) => (seq + 1, hash.as_str()),
        None => (1, GENESIS),
    };
    if row.seq != expected_seq {
        let missing = if row.seq == expected_seq + 1 {
            format!("entry {expected_seq} is missing")
        } else {
            format!("entries {expected_seq} to {} are missing", row.seq - 1)
        };
        return Some(format!("{missing} before it: removed from the log"));
    }
    if row.prev_hash != expected_prev {
        return Some(match previous {
            Some((seq, _)) => format!(
                "it does not follow entry {seq}: entry {seq} was changed or replaced after this one was written"
            ),
            None => "it does not start the chain: entries before it were removed or it was replaced".into(),
        });
    }
    if row.hashed().hash(&row.prev_hash) != row.hash {
        return Some(
            "its contents do not match its hash: the entry was changed after it was written".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn like_wildcards_are_taken_literally() {
        assert_eq!(contains_pattern("Account:1"), "%account:1%");
        assert_eq!(contains_pattern("50%_\\"), "%50\\%\\_\\\\%");
    }
}
