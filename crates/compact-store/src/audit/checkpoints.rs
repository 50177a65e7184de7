//! Signed checkpoints of the audit log (see
//! `compact_core::audit_checkpoint`): the key that signs them, kept in the
//! key directory beside the kitemark's keys and never in the database; the
//! checkpoints themselves, kept in the database; and the latest one, kept
//! again in the key directory, so that removing checkpoints from the
//! database, or cutting entries off the end of the log, shows too.

use crate::error::Result;
use crate::kitemark_keys::{
    create_private_dir, io, owner_only_new_file, replace_file, KeyRingError,
};
use crate::write::{instant, WritePool};
use crate::{with_pool, Store};
use chrono::{DateTime, Utc};
use compact_core::audit_checkpoint::{Checkpoint, CheckpointKey};
use rand::RngCore;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The private key's file in the key directory.
pub const KEY_FILE: &str = "audit-checkpoint.key";
/// The latest checkpoint's file in the key directory.
pub const LATEST_FILE: &str = "audit-checkpoint.json";

/// The key that signs checkpoints, and where the latest one is kept.
#[derive(Debug)]
pub struct AuditKeys {
    dir: PathBuf,
    key: CheckpointKey,
}

impl AuditKeys {
    /// Open the key in `dir`, making the directory and the key when there
    /// is none yet.
    pub fn open_or_create(dir: &Path) -> std::result::Result<AuditKeys, KeyRingError> {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let path = dir.join(KEY_FILE);
        if !path.exists() {
            create_private_dir(dir)?;
            let mut secret = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut secret);
            let mut file = owner_only_new_file(&path).map_err(io("create", &path))?;
            file.write_all(format!("{}\n", URL_SAFE_NO_PAD.encode(secret)).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io("write", &path))?;
            tracing::info!(dir = %dir.display(), "made the audit checkpoint key");
        }
        let text = fs::read_to_string(&path).map_err(io("read the audit key", &path))?;
        let secret: [u8; 32] = URL_SAFE_NO_PAD
            .decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| KeyRingError::Corrupt {
                path: path.clone(),
                reason: "not a private key (32 bytes in base64url)".into(),
            })?;
        Ok(AuditKeys {
            dir: dir.to_path_buf(),
            key: CheckpointKey::from_bytes(&secret),
        })
    }

    /// Open the key in `dir` if one was made there.
    pub fn open_existing(dir: &Path) -> std::result::Result<Option<AuditKeys>, KeyRingError> {
        if dir.join(KEY_FILE).exists() {
            AuditKeys::open_or_create(dir).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The public key checkpoints must be signed with (base64url).
    pub fn public_key(&self) -> String {
        self.key.public_key()
    }

    pub fn sign(&self, seq: i64, hash: &str, at: DateTime<Utc>) -> Checkpoint {
        self.key.sign(seq, hash, at)
    }

    /// The latest checkpoint kept beside the key, if one was made.
    pub fn latest(&self) -> std::result::Result<Option<Checkpoint>, KeyRingError> {
        let path = self.dir.join(LATEST_FILE);
        match fs::read_to_string(&path) {
            Ok(text) => Checkpoint::from_json(&text)
                .map(Some)
                .map_err(|e| KeyRingError::Corrupt {
                    path,
                    reason: e.to_string(),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io("read", &path)(e)),
        }
    }

    fn keep_latest(&self, checkpoint: &Checkpoint) -> std::result::Result<(), KeyRingError> {
        replace_file(
            &self.dir,
            LATEST_FILE,
            &format!("{}\n", checkpoint.to_json()),
        )
    }
}

#[derive(sqlx::FromRow)]
struct CheckpointRow {
    seq: i64,
    hash: String,
    at: DateTime<Utc>,
    key: String,
    signature: String,
}

impl From<CheckpointRow> for Checkpoint {
    fn from(r: CheckpointRow) -> Checkpoint {
        Checkpoint {
            seq: r.seq,
            hash: r.hash,
            at: r.at,
            key: r.key,
            signature: r.signature,
        }
    }
}

/// What a new checkpoint came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointOutcome {
    /// Signed and kept.
    Signed(Checkpoint),
    /// Nothing new since the last one.
    UpToDate(Option<Checkpoint>),
    /// The log does not verify, so nothing is signed: a checkpoint must
    /// never vouch for a changed log. The reason, as `audit verify` says it.
    Refused(String),
}

impl Store {
    /// The newest checkpoint in the database.
    pub async fn latest_audit_checkpoint(&self) -> Result<Option<Checkpoint>> {
        let row: Option<CheckpointRow> = with_pool!(self, pool => {
            sqlx::query_as("SELECT seq, hash, at, key, signature FROM audit_checkpoints ORDER BY seq DESC LIMIT 1")
                .fetch_optional(pool).await?
        });
        Ok(row.map(Checkpoint::from))
    }

    /// The checkpoints after `after_seq`, oldest first, at most `limit`.
    pub(crate) async fn audit_checkpoints_after(
        &self,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<Checkpoint>> {
        let rows: Vec<CheckpointRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT seq, hash, at, key, signature FROM audit_checkpoints WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after_seq).bind(limit)
            .fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Checkpoint::from).collect())
    }

    /// The number and hash of the last entry.
    pub async fn last_audit_entry(&self) -> Result<Option<(i64, String)>> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
                .fetch_optional(pool).await?
        }))
    }

    /// Sign a checkpoint for the last entry, when the log verifies and has
    /// grown since the last one, and keep it in the database and beside the
    /// key. `at` is when it is signed.
    pub async fn checkpoint_audit(
        &self,
        keys: &AuditKeys,
        at: DateTime<Utc>,
    ) -> std::result::Result<CheckpointOutcome, crate::StoreError> {
        // Checked every time, even with nothing new to sign, so that a
        // service signing now and then also notices a changed log.
        let check = self.verify_audit_with(Some(keys)).await?;
        if let Some(problem) = check.problem() {
            return Ok(CheckpointOutcome::Refused(problem));
        }
        let latest = self.latest_audit_checkpoint().await?;
        // Only what was checked is signed: entries written while the log
        // was being checked wait for the next checkpoint.
        let (Some(seq), Some(hash)) = (check.last_seq, check.last_hash) else {
            return Ok(CheckpointOutcome::UpToDate(latest));
        };
        if latest.as_ref().is_some_and(|c| c.seq >= seq) {
            return Ok(CheckpointOutcome::UpToDate(latest));
        }
        let checkpoint = keys.sign(seq, &hash, at);
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO audit_checkpoints (seq, hash, at, key, signature) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(checkpoint.seq).bind(&checkpoint.hash).bind(instant(checkpoint.at))
            .bind(&checkpoint.key).bind(&checkpoint.signature)
            .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        keys.keep_latest(&checkpoint)
            .map_err(|e| crate::StoreError::Keys(e.to_string()))?;
        tracing::info!(seq = checkpoint.seq, "audit checkpoint signed");
        Ok(CheckpointOutcome::Signed(checkpoint))
    }

    /// The hash of entry `seq`, if there is one.
    pub async fn audit_hash_at(&self, seq: i64) -> Result<Option<String>> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1")
                .bind(seq).fetch_optional(pool).await?
        }))
    }

    /// How many of `compact`'s entries are numbered `from..=to`.
    pub async fn audit_entries_of_compact_between(
        &self,
        compact: compact_core::CompactId,
        from: i64,
        to: i64,
    ) -> Result<u64> {
        let n: i64 = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM audit_log WHERE compact_id = $1 AND seq >= $2 AND seq <= $3",
            )
            .bind(compact.0).bind(from).bind(to)
            .fetch_one(pool).await?
        });
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
