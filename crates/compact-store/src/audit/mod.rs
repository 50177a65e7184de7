//! The tamper-evident audit log: who changed what, when, and what it was
//! before and after.
//!
//! Entries form a hash chain. Each entry's `hash` is the SHA-256 (hex) of
//! the previous entry's hash followed by the canonical JSON of this entry's
//! fields: `seq`, `compact`, `at` (RFC 3339, microseconds, `Z`), `actor`,
//! `action`, `subject`, `before` and `after`, as one object with its keys in
//! alphabetical order and no spaces. The first entry follows [`GENESIS`].
//! Changing, removing or reordering any entry breaks the chain from there,
//! and [`Store::verify_audit`](crate::Store::verify_audit) names the first
//! broken entry.
//!
//! An entry is appended inside the same transaction as the change it
//! records, so there is never a change without its entry or an entry for a
//! change that was rolled back. Secrets (password hashes, tokens) never go
//! into `before` or `after`.
//!
//! Appending an entry about a Compact also raises that Compact's data
//! version (see [`Store::data_version`](crate::Store::data_version)) and
//! refills the register's search keys, so every audited write keeps the
//! derived data right in its own transaction.

mod checkpoints;
mod read;

pub use checkpoints::{AuditKeys, CheckpointOutcome};
pub use read::{AuditFilter, AuditVerification, CheckpointProblem, MAX_PER_PAGE};

use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::search_keys::KeysConnection;
use crate::write::LOCK_AUDIT_LOG;
use chrono::{DateTime, SecondsFormat, Utc};
use compact_core::{AccountId, CompactId};
use serde_json::Value;
use std::fmt;
use std::str::FromStr;

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The actions the store records, for filtering by prefix (`account.`).
pub mod actions {
    pub const COMPACT_CREATE: &str = "compact.create";
    pub const RECORDS_IMPORT: &str = "records.import";
    pub const ACCOUNT_CREATE: &str = "account.create";
    pub const ACCOUNT_GRANT: &str = "account.grant";
    pub const ACCOUNT_REVOKE: &str = "account.revoke";
    pub const ACCOUNT_PASSWORD: &str = "account.password";
    pub const ACCOUNT_DISABLE: &str = "account.disable";
    pub const TOKEN_CREATE: &str = "token.create";
    pub const TOKEN_REVOKE: &str = "token.revoke";
    pub const ORGANISATION_CREATE: &str = "organisation.create";
    pub const ORGANISATION_UPDATE: &str = "organisation.update";
    pub const SIGNATORY_CREATE: &str = "signatory.create";
    pub const SIGNATORY_WITHDRAW: &str = "signatory.withdraw";
    pub const SIGNUP_REQUEST: &str = "signup.request";
    pub const SIGNUP_APPROVE: &str = "signup.approve";
    pub const SIGNUP_REFUSE: &str = "signup.refuse";
    pub const CHAMPION_SET: &str = "champion.set";
    pub const CONSULTATION_CREATE: &str = "consultation.create";
    pub const CONSULTATION_UPDATE: &str = "consultation.update";
    pub const CONSULTATION_PUBLISH: &str = "consultation.publish";
    pub const CONSULTATION_RESPOND: &str = "consultation.respond";
    pub const CONSULTATION_FEEDBACK: &str = "consultation.feedback";
    pub const CONSULTATION_DOCUMENT_UPLOAD: &str = "consultation.document_upload";
    pub const CONSULTATION_DOCUMENT_REMOVE: &str = "consultation.document_remove";
    pub const KITEMARK_KEY_CREATE: &str = "kitemark.key_create";
    pub const KITEMARK_KEY_ROTATE: &str = "kitemark.key_rotate";
    pub const AGREEMENT_CREATE: &str = "agreement.create";
    pub const AGREEMENT_UPDATE: &str = "agreement.update";
    pub const GRANTS_IMPORT: &str = "grants.import";
    pub const PAYMENT_CREATE: &str = "payment.create";
    pub const PAYMENT_PAID: &str = "payment.paid";
    pub const PAYMENT_UPDATE: &str = "payment.update";
    pub const FUNDING_CHANGE_UPDATE: &str = "funding_change.update";
    /// A council's spreadsheet of agreements, payments or changes imported.
    pub const FUNDING_IMPORT: &str = "funding.import";
    pub const FUNDING_CHANGE_CREATE: &str = "funding_change.create";
    pub const REDUCTION_STEP_RECORD: &str = "reduction_step.record";
    pub const IMPACT_ASSESSMENT_RECORD: &str = "impact_assessment.record";
}

/// Who made a change: a person through their account, or Compact itself
/// (a command, a background job), named by what did it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Actor {
    Account(AccountId),
    /// What acted, e.g. `compact init` or `compact user add`.
    System(String),
}

impl Actor {
    pub fn system(what: impl Into<String>) -> Actor {
        Actor::System(what.into())
    }
}

/// Stored as `account:12` or `system:compact init`.
impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Account(id) => write!(f, "account:{id}"),
            Actor::System(what) => write!(f, "system:{what}"),
        }
    }
}

/// Text that is not `account:N` or `system:WHAT`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an actor: use account:NUMBER or system:WHAT")]
pub struct UnknownActor(pub String);

impl FromStr for Actor {
    type Err = UnknownActor;

    fn from_str(s: &str) -> std::result::Result<Actor, UnknownActor> {
        match s.split_once(':') {
            Some(("account", id)) => id
                .parse()
                .map(|id| Actor::Account(AccountId(id)))
                .map_err(|_| UnknownActor(s.to_string())),
            Some(("system", what)) if !what.is_empty() => Ok(Actor::System(what.to_string())),
            _ => Err(UnknownActor(s.to_string())),
        }
    }
}

/// One entry of the audit log, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Its place in the log: 1, 2, 3, ... with no gaps.
    pub seq: i64,
    /// The Compact the change belongs to; `None` for changes to accounts
    /// and other things that belong to no one Compact.
    pub compact: Option<CompactId>,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// What was done, e.g. `account.grant` (see [`actions`]).
    pub action: String,
    /// What it was done to, e.g. `account:12` or `compact:wiltshire`.
    pub subject: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub prev_hash: String,
    pub hash: String,
}

/// An entry about to be appended.
pub(crate) struct NewEntry<'a> {
    pub compact: Option<CompactId>,
    pub actor: &'a Actor,
    pub action: &'static str,
    pub subject: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The fields an entry's hash covers, as stored.
pub(crate) struct Hashed<'a> {
    pub seq: i64,
    pub compact: Option<i64>,
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    /// Canonical JSON text, as stored.
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

impl Hashed<'_> {
    /// The canonical JSON of the entry (see the module documentation). The
    /// stored JSON of `before` and `after` goes in as it is, so verifying
    /// never depends on how a JSON library would re-encode it.
    fn canonical(&self) -> String {
        let text = |s: &str| Value::String(s.to_string()).to_string();
        format!(
            r#"{{"action":{},"actor":{},"after":{},"at":{},"before":{},"compact":{},"seq":{},"subject":{}}}"#,
            text(self.action),
            text(self.actor),
            self.after.unwrap_or("null"),
            text(&self.at.to_rfc3339_opts(SecondsFormat::Micros, true)),
            self.before.unwrap_or("null"),
            self.compact
                .map_or_else(|| "null".to_string(), |c| c.to_string()),
            self.seq,
            text(self.subject),
        )
    }

    pub fn hash(&self, prev_hash: &str) -> String {
        let mut input = String::from(prev_hash);
        input.push_str(&self.canonical());
        crate::secrets::sha256_hex(input.as_bytes())
    }
}

/// `value` as JSON with object keys sorted and no spaces, whatever the
/// `serde_json` features in the build (`preserve_order` would keep the
/// insertion order instead).
pub(crate) fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical_json(&map[k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

/// A connection (inside a write transaction) that can append to the log.
pub(crate) trait AuditConnection {
    /// Append `entry` after the current last entry. Returns its `seq`.
    async fn append_audit(&mut self, entry: NewEntry<'_>) -> Result<i64>;
}

/// Raise the data version of one Compact (the first write of a new Compact
/// starts it at 1).
const BUMP_ONE_COMPACT: &str = "INSERT INTO data_versions (compact_id, version) VALUES ($1, 1) \
     ON CONFLICT (compact_id) DO UPDATE SET version = data_versions.version + 1";

/// Raise the data version of every Compact. (`WHERE $1 = $1` binds the
/// parameter both queries take, and tells SQLite's parser that `ON
/// CONFLICT` belongs to the upsert, not to a join.)
const BUMP_EVERY_COMPACT: &str = "INSERT INTO data_versions (compact_id, version) \
     SELECT id, 1 FROM compacts WHERE $1 = $1 \
     ON CONFLICT (compact_id) DO UPDATE SET version = data_versions.version + 1";

/// Whether a change recorded under one Compact may change what another
/// Compact shows. An organisation's details show in every Compact it has
/// signed up to, not only its home register; rather than find those
/// Compacts (an import touches thousands of organisations), these rare
/// writes raise every Compact's version, which is always correct.
fn changes_other_compacts(action: &str) -> bool {
    action == actions::ORGANISATION_UPDATE || action == crate::import::ORGANISATIONS_IMPORT
}

/// The same code for each engine's connection type; only PostgreSQL needs
/// the explicit lock (SQLite's `BEGIN IMMEDIATE` already holds the only
/// write lock). Taking the lock again in a transaction that holds it succeeds
/// at once, so a caller that forgot `begin_write` still cannot fork the chain.
macro_rules! audit_connection {
    ($conn:ty, $lock:expr) => {
        impl AuditConnection for $conn {
            async fn append_audit(&mut self, entry: NewEntry<'_>) -> Result<i64> {
                let lock: Option<&str> = $lock;
                if let Some(lock) = lock {
                    sqlx::query(lock).execute(&mut *self).await?;
                }
                let last: Option<(i64, String)> =
                    sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                        .fetch_optional(&mut *self)
                        .await?;
                let (last_seq, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
                let seq = last_seq + 1;
                let actor = entry.actor.to_string();
                let before = entry.before.as_ref().map(canonical_json);
                let after = entry.after.as_ref().map(canonical_json);
                let hashed = Hashed {
                    seq,
                    compact: entry.compact.map(|c| c.0),
                    at: now(),
                    actor: &actor,
                    action: entry.action,
                    subject: &entry.subject,
                    before: before.as_deref(),
                    after: after.as_deref(),
                };
                let hash = hashed.hash(&prev_hash);
                sqlx::query(
                    "INSERT INTO audit_log (seq, compact_id, at, actor, action, subject, before, after, prev_hash, hash) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(seq)
                .bind(hashed.compact)
                .bind(hashed.at)
                .bind(&actor)
                .bind(entry.action)
                .bind(&entry.subject)
                .bind(&before)
                .bind(&after)
                .bind(&prev_hash)
                .bind(&hash)
                .execute(&mut *self)
                .await?;
                if let Some(compact) = entry.compact {
                    let bump = if changes_other_compacts(entry.action) {
                        BUMP_EVERY_COMPACT
                    } else {
                        BUMP_ONE_COMPACT
                    };
                    sqlx::query(bump).bind(compact.0).execute(&mut *self).await?;
                }
                self.refresh_search_keys().await?;
                Ok(seq)
            }
        }
    };
}

audit_connection!(sqlx::SqliteConnection, None);
audit_connection!(sqlx::PgConnection, Some(LOCK_AUDIT_LOG));

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    pub seq: i64,
    pub compact_id: Option<i64>,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    pub fn hashed(&self) -> Hashed<'_> {
        Hashed {
            seq: self.seq,
            compact: self.compact_id,
            at: self.at,
            actor: &self.actor,
            action: &self.action,
            subject: &self.subject,
            before: self.before.as_deref(),
            after: self.after.as_deref(),
        }
    }

    pub fn into_entry(self) -> Result<AuditEntry> {
        let corrupt = |column: &'static str, value: &str, reason: String| StoreError::Corrupt {
            table: "audit_log",
            column,
            value: value.to_string(),
            reason,
        };
        let json = |column: &'static str, text: &Option<String>| -> Result<Option<Value>> {
            text.as_deref()
                .map(|t| serde_json::from_str(t).map_err(|e| corrupt(column, t, e.to_string())))
                .transpose()
        };
        Ok(AuditEntry {
            seq: self.seq,
            compact: self.compact_id.map(CompactId),
            at: self.at,
            actor: self
                .actor
                .parse()
                .map_err(|e: UnknownActor| corrupt("actor", &self.actor, e.to_string()))?,
            before: json("before", &self.before)?,
            after: json("after", &self.after)?,
            action: self.action,
            subject: self.subject,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn actors_read_back_from_their_text() {
        for actor in [Actor::Account(AccountId(12)), Actor::system("compact init")] {
            assert_eq!(actor.to_string().parse::<Actor>(), Ok(actor));
        }
        assert_eq!(Actor::Account(AccountId(12)).to_string(), "account:12");
        for bad in ["account:x", "system:", "robot:1", "account"] {
            assert!(bad.parse::<Actor>().is_err(), "{bad}");
        }
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = json!({"b": 1, "a": {"z": [2, {"y": null, "x": "é"}], "c": true}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":true,"z":[2,{"x":"é","y":null}]},"b":1}"#
        );
    }

    #[test]
    fn the_hash_covers_every_field_and_the_previous_hash() {
        let at = DateTime::parse_from_rfc3339("2026-03-31T09:00:00.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        let base = Hashed {
            seq: 1,
            compact: Some(2),
            at,
            actor: "account:1",
            action: "account.grant",
            subject: "account:3",
            before: None,
            after: Some(r#"{"role":"member"}"#),
        };
        assert_eq!(
            base.canonical(),
            r#"{"action":"account.grant","actor":"account:1","after":{"role":"member"},"at":"2026-03-31T09:00:00.123456Z","before":null,"compact":2,"seq":1,"subject":"account:3"}"#
        );
        let h = base.hash(GENESIS);
        assert_eq!(h.len(), 64);
        assert_ne!(h, base.hash(&"1".repeat(64)));
        let changed = [
            Hashed { seq: 2, ..base },
            Hashed {
                compact: None,
                ..base
            },
            Hashed {
                actor: "account:2",
                ..base
            },
            Hashed {
                action: "account.revoke",
                ..base
            },
            Hashed {
                subject: "account:4",
                ..base
            },
            Hashed {
                before: Some("{}"),
                ..base
            },
            Hashed {
                after: Some(r#"{"role":"officer"}"#),
                ..base
            },
            Hashed {
                at: at + chrono::Duration::microseconds(1),
                ..base
            },
        ];
        for other in changed {
            assert_ne!(other.hash(GENESIS), h, "{}", other.canonical());
        }
    }
}
