//! Signed-in sessions and the record of sign-in attempts that throttling
//! reads.
//!
//! A session is keyed by the SHA-256 of its cookie's token (see
//! [`crate::secrets`]). Sessions and attempts are not audited: they record
//! who signed in, not a change to anything, and the attempts table is that
//! record.

use crate::accounts::{email_key, Account, AccountRow, ACCOUNT_COLUMNS_OF_A};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::{instant, is_foreign_key_violation, WritePool};
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

    /// Note a sign-in attempt for `email` (normalised as accounts are, and
    /// whether or not an account has it, so guessing at unknown addresses is
    /// throttled too).
    pub async fn record_login_attempt(
        &self,
        email: &str,
        succeeded: bool,
        at: DateTime<Utc>,
    ) -> Result<()> {
        with_pool!(self, pool => {
            sqlx::query("INSERT INTO login_attempts (email, succeeded, at) VALUES ($1, $2, $3)")
                .bind(email_key(email)).bind(succeeded).bind(instant(at))
                .execute(pool).await?;
        });
        Ok(())
    }

    /// Begin a sign-in attempt for `email`, unless `limit` attempts have
    /// failed since `since` (and since its last success): one step under the
    /// write lock, counting and noting the attempt together, so a burst of
    /// simultaneous guesses cannot all pass the count before any is noted.
    /// The attempt is noted as failed until [`Store::sign_in_succeeded`]
    /// says otherwise. `None` when throttled.
    pub async fn begin_sign_in_attempt(
        &self,
        email: &str,
        since: DateTime<Utc>,
        limit: u32,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let email = email_key(email);
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let failures: i64 = sqlx::query_scalar(FAILURES_SINCE)
                .bind(&email).bind(since)
                .fetch_one(&mut *tx).await?;
            if failures >= i64::from(limit) {
                tx.rollback().await?;
                return Ok(None);
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO login_attempts (email, succeeded, at) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(&email).bind(false).bind(instant(at))
            .fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok(Some(id))
        })
    }

    /// The attempt begun as `attempt` had the right password: it counts as a
    /// success, which starts the count of failures again.
    pub async fn sign_in_succeeded(&self, attempt: i64) -> Result<()> {
        with_pool!(self, pool => {
            sqlx::query("UPDATE login_attempts SET succeeded = $2 WHERE id = $1")
                .bind(attempt).bind(true)
                .execute(pool).await?;
        });
        Ok(())
    }

    /// How many sign-ins for `email` failed at or after `since` and after
    /// its last successful sign-in: a success starts the count again.
    pub async fn failed_logins_since(&self, email: &str, since: DateTime<Utc>) -> Result<u32> {
        let count: i64 = with_pool!(self, pool => {
            sqlx::query_scalar(FAILURES_SINCE)
            .bind(email_key(email)).bind(since)
            .fetch_one(pool).await?
        });
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
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

/// Failed sign-ins for an address ($1) at or after $2 and after its last
/// success.
const FAILURES_SINCE: &str = "SELECT COUNT(*) FROM login_attempts f \
     WHERE f.email = $1 AND f.succeeded = FALSE AND f.at >= $2 \
     AND NOT EXISTS (SELECT 1 FROM login_attempts s \
                     WHERE s.email = $1 AND s.succeeded = TRUE AND s.at >= f.at)";
