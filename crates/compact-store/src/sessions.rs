//! Signed-in sessions and the record of sign-in attempts that throttling
//! reads.
//!
//! A session is keyed by the SHA-256 of its cookie's token (see
//! [`crate::secrets`]). Sessions and attempts are not audited: they record
//! who signed in, not a change to anything, and the attempts table is that
//! record.

use crate::accounts::{Account, AccountRow, ACCOUNT_COLUMNS_OF_A};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::{instant, is_foreign_key_violation};
use crate::{with_pool, Store};
use chrono::{DateTime, Duration, Utc};
use compact_core::access::Grant;
use compact_core::AccountId;

/// How stale `last_seen_at` may grow before a request refreshes it. Writing
/// it on every request would turn every page view into a write (and, on
/// SQLite, queue page views behind each other); a minute is precise enough
/// to show when someone was last active.
const LAST_SEEN_PRECISION: Duration = Duration::seconds(60);

/// A live session: who is signed in and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub account: Account,
    /// Every role the account holds, in every Compact.
    pub grants: Vec<Grant>,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    /// Start a session for `account`, keyed by the hash of its cookie's
    /// token, until `expires_at`.
    pub async fn create_session(
        &self,
        account: AccountId,
        token_hash: &str,
        csrf_token: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let at = now();
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at, last_seen_at) \
                 VALUES ($1, $2, $3, $4, $5, $4)",
            )
            .bind(token_hash).bind(account.0).bind(csrf_token).bind(at).bind(instant(expires_at))
            .execute(pool)
            .await
            .map_err(|e| if is_foreign_key_violation(&e) {
                StoreError::NoSuchAccount(account)
            } else {
                e.into()
            })?;
        });
        Ok(())
    }

    /// The session whose token hashes to `token_hash`, if it is live at
    /// `now`: not expired, and its account not disabled. Notes that it was
    /// seen (to the minute).
    pub async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            account: AccountRow,
            csrf_token: String,
            expires_at: DateTime<Utc>,
            last_seen_at: DateTime<Utc>,
        }
        let row: Option<Row> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {ACCOUNT_COLUMNS_OF_A}, s.csrf_token, s.expires_at, s.last_seen_at \
                 FROM sessions s JOIN accounts a ON a.id = s.account_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL"
            ))
            .bind(token_hash).bind(now)
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else { return Ok(None) };
        if row.last_seen_at + LAST_SEEN_PRECISION <= now {
            with_pool!(self, pool => {
                sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
                    .bind(token_hash).bind(instant(now))
                    .execute(pool).await?;
            });
        }
        let account = Account::from(row.account);
        let grants = self.grants(account.id).await?;
        Ok(Some(Session {
            account,
            grants,
            csrf_token: row.csrf_token,
            expires_at: row.expires_at,
        }))
    }

    /// End one session (signing out). Ending one that does not exist is not
    /// an error: the outcome is the same.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
        });
        Ok(())
    }

    /// Remove sessions that expired by `now`. Returns how many.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        Ok(with_pool!(self, pool => {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now).execute(pool).await?.rows_affected()
        }))
    }

    /// Forget sign-in attempts older than `before` (housekeeping: only recent
    /// ones matter for throttling). Returns how many.
    pub async fn delete_login_attempts_before(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(with_pool!(self, pool => {
            sqlx::query("DELETE FROM login_attempts WHERE at < $1")
                .bind(before).execute(pool).await?.rows_affected()
        }))
    }
}
