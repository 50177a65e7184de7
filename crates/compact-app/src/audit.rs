//! The audit log's state, for each Compact's secretariat, and its signed
//! checkpoints.
//!
//! Checking the log reads every entry, so it is not done for each page: the
//! outcome is kept, and checked again when the log has grown or the last
//! check is [`RECHECK`] old. A secretariat sees only what concerns its own
//! Compact: whether its entries are intact and signed for, not what is
//! wrong in another Compact's entries.

use crate::{Acting, App, Result};
use chrono::{DateTime, Utc};
use compact_core::access::Action;
use compact_core::audit_checkpoint::Checkpoint;
use compact_core::refusal::Refusal;
use compact_store::{AuditKeys, AuditVerification, CheckpointOutcome};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How old a kept check may be before a page asks for a new one.
pub const RECHECK: Duration = Duration::from_secs(5 * 60);

/// How often a running service signs a checkpoint of what is new.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(10 * 60);

/// The log as one Compact's secretariat may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    Intact {
        /// This Compact's entries.
        entries: u64,
        /// The newest checkpoint that holds, if one was signed.
        signed_up_to: Option<Checkpoint>,
        checked_at: DateTime<Utc>,
    },
    /// Entries of this Compact (or entries whose owner cannot be told, as
    /// they are gone) were changed or removed.
    Broken {
        from: i64,
        to: i64,
        reason: String,
        checked_at: DateTime<Utc>,
    },
}

impl ChainStatus {
    pub fn is_intact(&self) -> bool {
        matches!(self, ChainStatus::Intact { .. })
    }
}

/// The last check of the log, kept.
#[derive(Default)]
pub struct AuditWatch {
    keys: Option<Arc<AuditKeys>>,
    last: tokio::sync::Mutex<Option<Kept>>,
}

struct Kept {
    last_seq: Option<i64>,
    at: Instant,
    checked_at: DateTime<Utc>,
    check: Arc<AuditVerification>,
}

impl AuditWatch {
    pub fn with_keys(keys: AuditKeys) -> AuditWatch {
        AuditWatch {
            keys: Some(Arc::new(keys)),
            last: tokio::sync::Mutex::default(),
        }
    }

    pub fn keys(&self) -> Option<&AuditKeys> {
        self.keys.as_deref()
    }
}

impl App {
    /// Use these keys to sign checkpoints and check their signatures.
    pub fn with_audit_keys(mut self, keys: AuditKeys) -> App {
        self.audit = Arc::new(AuditWatch::with_keys(keys));
        self
    }

    /// The state of the log as `slug`'s secretariat may see it.
    pub async fn audit_chain_status(&self, acting: &Acting, slug: &str) -> Result<ChainStatus> {
        acting.require_signed_in()?;
        let id = self.compact(slug).await?.id();
        if !acting.viewer.may(id, Action::ReadAuditLog) {
            return Err(Refusal::NotAllowed.into());
        }
        let (check, checked_at) = self.audit_check().await?;
        let concerns_us = match check.untrusted() {
            None => false,
            Some((_, _, true)) => true,
            Some((from, to, false)) => {
                self.store
                    .audit_entries_of_compact_between(id, from, to)
                    .await?
                    > 0
            }
        };
        if concerns_us {
            let (from, to, _) = check.untrusted().unwrap_or_default();
            return Ok(ChainStatus::Broken {
                from,
                to,
                reason: check.problem().unwrap_or_default(),
                checked_at,
            });
        }
        Ok(ChainStatus::Intact {
            entries: self
                .store
                .audit_entries_of_compact_between(id, 1, i64::MAX)
                .await?,
            signed_up_to: check.signed_up_to.clone(),
            checked_at,
        })
    }

    /// The kept check of the whole log, checked again when the log has
    /// grown or the check is old. Requests that arrive together wait for
    /// one check.
    async fn audit_check(&self) -> Result<(Arc<AuditVerification>, DateTime<Utc>)> {
        let last_seq = self.store.last_audit_entry().await?.map(|(seq, _)| seq);
        let mut kept = self.audit.last.lock().await;
        if let Some(k) = kept
            .as_ref()
            .filter(|k| k.last_seq == last_seq && k.at.elapsed() < RECHECK)
        {
            return Ok((k.check.clone(), k.checked_at));
        }
        let check = Arc::new(self.store.verify_audit_with(self.audit.keys()).await?);
        if !check.is_intact() {
            tracing::error!(problem = ?check.problem(), "the audit log does not verify");
        }
        let checked_at = Utc::now();
        *kept = Some(Kept {
            last_seq,
            at: Instant::now(),
            checked_at,
            check: check.clone(),
        });
        Ok((check, checked_at))
    }

    /// Sign a checkpoint of the log as it stands, when there are keys and
    /// something new (see `compact_store::Store::checkpoint_audit`).
    pub async fn checkpoint_audit(&self) -> Result<Option<CheckpointOutcome>> {
        let Some(keys) = self.audit.keys() else {
            return Ok(None);
        };
        let outcome = self.store.checkpoint_audit(keys, Utc::now()).await?;
        if let CheckpointOutcome::Refused(reason) = &outcome {
            tracing::error!(%reason, "no audit checkpoint signed: the log does not verify");
        }
        Ok(Some(outcome))
    }

    /// The newest checkpoint, as published: anyone may keep a copy and
    /// later check that the log still holds it.
    pub async fn latest_audit_checkpoint(&self) -> Result<Option<Checkpoint>> {
        Ok(self.store.latest_audit_checkpoint().await?)
    }

    /// The key checkpoints are signed with, when this service signs them.
    pub fn audit_public_key(&self) -> Option<String> {
        self.audit.keys().map(AuditKeys::public_key)
    }
}
