//! Reading the audit log: browsing it and checking its chain.

use super::checkpoints::AuditKeys;
use super::{Actor, AuditEntry, AuditRow, GENESIS};
use crate::error::Result;
use crate::{with_pool, Store};
use chrono::{DateTime, Utc};
use compact_core::audit_checkpoint::Checkpoint;
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

/// The outcome of checking the chain and its signed checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    /// How many entries were checked, up to and including a broken one.
    pub entries_checked: u64,
    /// The first entry that breaks the chain, and why.
    pub first_broken: Option<(i64, String)>,
    /// The first entry the break leaves untrusted (the one before, when a
    /// link is broken), and whether entries are gone.
    pub broken_from: Option<(i64, bool)>,
    /// The first checkpoint the log does not match: someone who could
    /// write the database changed entries and computed the chain again, or
    /// removed entries or checkpoints.
    pub checkpoint_broken: Option<CheckpointProblem>,
    /// The number and hash of the last entry when the log is intact.
    /// Writing the hash down somewhere else (a ticket, a printed report)
    /// makes removing entries from the end detectable too.
    pub last_seq: Option<i64>,
    pub last_hash: Option<String>,
    /// The newest genuine checkpoint the log matches.
    pub signed_up_to: Option<Checkpoint>,
    /// Whether checkpoints' signatures were checked (the key was at hand).
    pub signatures_checked: bool,
}

/// Entries that a checkpoint shows were changed or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointProblem {
    /// The entries concerned, `from..=to`: after the last checkpoint that
    /// holds, up to the one that does not.
    pub from: i64,
    pub to: i64,
    /// Whether the entries are gone, so whose they were cannot be told.
    pub removed: bool,
    pub reason: String,
}

impl AuditVerification {
    pub fn is_intact(&self) -> bool {
        self.first_broken.is_none() && self.checkpoint_broken.is_none()
    }

    /// What is wrong, in a sentence, when something is.
    pub fn problem(&self) -> Option<String> {
        if let Some((seq, reason)) = &self.first_broken {
            return Some(format!("entry {seq}: {reason}"));
        }
        self.checkpoint_broken.as_ref().map(|p| p.reason.clone())
    }

    /// The entries that cannot be trusted, `from..=to`, and whether they
    /// are gone.
    pub fn untrusted(&self) -> Option<(i64, i64, bool)> {
        if let Some((seq, _)) = &self.first_broken {
            let (from, removed) = self.broken_from.unwrap_or((1, true));
            return Some((from, *seq, removed));
        }
        self.checkpoint_broken
            .as_ref()
            .map(|p| (p.from, p.to, p.removed))
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
    /// to fit in memory. Checkpoints are compared with the entries they
    /// name, but their signatures go unchecked: see
    /// [`Store::verify_audit_with`].
    pub async fn verify_audit(&self) -> Result<AuditVerification> {
        self.verify_audit_with(None).await
    }

    /// Check the chain, and every checkpoint against the entry it names;
    /// with `keys`, also each checkpoint's signature, and the latest
    /// checkpoint kept beside the key, which shows checkpoints or entries
    /// removed from the database.
    pub async fn verify_audit_with(&self, keys: Option<&AuditKeys>) -> Result<AuditVerification> {
        let trusted = keys.map(AuditKeys::public_key);
        let witness = match keys.map(AuditKeys::latest).transpose() {
            Ok(w) => w.flatten(),
            Err(e) => return Err(crate::StoreError::Keys(e.to_string())),
        };
        let mut check = AuditVerification {
            entries_checked: 0,
            first_broken: None,
            broken_from: None,
            checkpoint_broken: None,
            last_seq: None,
            last_hash: None,
            signed_up_to: None,
            signatures_checked: trusted.is_some(),
        };
        let mut checkpoints = Checkpoints::default();
        let mut previous: Option<(i64, String)> = None;
        let mut vouched_to = 0i64;
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
                break;
            }
            for row in rows {
                check.entries_checked += 1;
                if let Some(found) = broken(&row, previous.as_ref()) {
                    check.first_broken = Some((row.seq, found.reason));
                    check.broken_from = Some((found.from, found.removed));
                    return Ok(check);
                }
                let claims = checkpoints
                    .at(self, row.seq)
                    .await?
                    .into_iter()
                    .chain(witness.iter().filter(|w| w.seq == row.seq).cloned());
                for claim in claims {
                    if let Some(reason) = claim_fails(&claim, &row.hash, trusted.as_deref()) {
                        check.checkpoint_broken = Some(CheckpointProblem {
                            from: vouched_to + 1,
                            to: row.seq,
                            removed: false,
                            reason,
                        });
                        return Ok(check);
                    }
                    vouched_to = row.seq;
                    check.signed_up_to = Some(claim);
                }
                previous = Some((row.seq, row.hash));
            }
        }
        let last = previous.as_ref().map_or(0, |(seq, _)| *seq);
        let beyond = checkpoints.at(self, i64::MAX).await?.into_iter().next();
        let witness_beyond = witness.as_ref().filter(|w| w.seq > last);
        if let Some(claim) = beyond.as_ref().or(witness_beyond) {
            check.checkpoint_broken = Some(CheckpointProblem {
                from: last + 1,
                to: claim.seq,
                removed: true,
                reason: format!(
                    "the log ends at entry {last}, but the checkpoint signed {} vouches for entry {}: entries were removed from its end",
                    stamp(claim),
                    claim.seq
                ),
            });
            return Ok(check);
        }
        if let Some(w) = &witness {
            let kept = check.signed_up_to.as_ref().map_or(0, |c| c.seq);
            let in_database = self.latest_audit_checkpoint().await?.map_or(0, |c| c.seq);
            if in_database < w.seq {
                check.checkpoint_broken = Some(CheckpointProblem {
                    from: kept.min(w.seq) + 1,
                    to: w.seq,
                    removed: false,
                    reason: format!(
                        "the checkpoint signed {} for entry {} is missing from the database: checkpoints were removed",
                        stamp(w),
                        w.seq
                    ),
                });
                return Ok(check);
            }
        }
        if let Some((seq, hash)) = previous {
            check.last_seq = Some(seq);
            check.last_hash = Some(hash);
        }
        Ok(check)
    }
}

/// When a checkpoint was signed, as messages say it.
fn stamp(c: &Checkpoint) -> String {
    c.at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Why `claim` fails for an entry whose hash is `hash`, if it does.
fn claim_fails(claim: &Checkpoint, hash: &str, trusted: Option<&str>) -> Option<String> {
    if let Some(trusted) = trusted {
        if let Err(e) = claim.verify(trusted) {
            return Some(format!(
                "the checkpoint signed {} for entry {} is not genuine: {e}",
                stamp(claim),
                claim.seq
            ));
        }
    }
    (claim.hash != hash).then(|| {
        format!(
            "entry {} no longer has the hash the checkpoint signed {} vouches for: entries up to it were changed and the chain computed again",
            claim.seq,
            stamp(claim)
        )
    })
}

/// The checkpoints, read in batches in the order of the entries they name.
#[derive(Default)]
struct Checkpoints {
    waiting: std::collections::VecDeque<Checkpoint>,
    read_to: i64,
    exhausted: bool,
}

impl Checkpoints {
    /// The checkpoints naming entries up to `seq` not yet taken.
    async fn at(&mut self, store: &Store, seq: i64) -> Result<Vec<Checkpoint>> {
        let mut due = Vec::new();
        loop {
            while self.waiting.front().is_some_and(|c| c.seq <= seq) {
                due.extend(self.waiting.pop_front());
            }
            if !self.waiting.is_empty() || self.exhausted {
                return Ok(due);
            }
            let batch = store
                .audit_checkpoints_after(self.read_to, VERIFY_BATCH)
                .await?;
            self.exhausted = batch.len() < VERIFY_BATCH as usize;
            if let Some(last) = batch.last() {
                self.read_to = last.seq;
            }
            self.waiting.extend(batch);
        }
    }
}

/// Why `row` breaks the chain after `previous` (its seq and hash), if it
/// does.
/// Why `row` breaks the chain, and the entries that cannot be trusted
/// because of it (`from..=row.seq`, and whether they are gone).
struct Break {
    reason: String,
    from: i64,
    removed: bool,
}

fn broken(row: &AuditRow, previous: Option<&(i64, String)>) -> Option<Break> {
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
        return Some(Break {
            reason: format!("{missing} before it: removed from the log"),
            from: expected_seq,
            removed: true,
        });
    }
    if row.prev_hash != expected_prev {
        return Some(match previous {
            Some((seq, _)) => Break {
                reason: format!(
                    "it does not follow entry {seq}: entry {seq} was changed or replaced after this one was written"
                ),
                from: *seq,
                removed: false,
            },
            None => Break {
                reason: "it does not start the chain: entries before it were removed or it was replaced".into(),
                from: 1,
                removed: true,
            },
        });
    }
    if row.hashed().hash(&row.prev_hash) != row.hash {
        return Some(Break {
            reason:
                "its contents do not match its hash: the entry was changed after it was written"
                    .into(),
            from: row.seq,
            removed: false,
        });
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
