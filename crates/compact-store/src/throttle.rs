//! The counts throttling decides on: sign-in attempts by address and
//! client, lock-outs, the browsers an address signed in from, and
//! forgotten-password requests. Each decision is made by
//! `compact_core::throttle` inside the write transaction that notes the
//! attempt, so simultaneous requests are counted one after another.
//!
//! None of this is audited: it records attempts, not changes to anything,
//! and these tables are that record.

use crate::accounts::email_key;
use crate::error::Result;
use crate::outbox::{NewEmail, OutboxConnection};
use crate::write::{instant, WritePool};
use crate::{with_pool, Store};
use chrono::{DateTime, Utc};
use compact_core::throttle::{
    reset_gate, sign_in_hold, ResetCounts, ResetGate, ResetPolicy, SignInCounts, SignInHold,
    SignInPolicy,
};
use compact_core::AccountId;

/// Who is trying to sign in to which address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInClient {
    /// `address:…` for a network address, `device:…` for a browser that
    /// signed in to this address before (the hash of its cookie's token).
    pub key: String,
    pub known_device: bool,
}

impl SignInClient {
    /// A client known by its network address.
    pub fn address(address: &str) -> SignInClient {
        SignInClient {
            key: format!("address:{address}"),
            known_device: false,
        }
    }

    /// A browser that signed in to the address before, by its token's hash.
    pub fn device(token_hash: &str) -> SignInClient {
        SignInClient {
            key: format!("device:{token_hash}"),
            known_device: true,
        }
    }
}

/// Wrong passwords from the client ($2) for the address ($1) at or after
/// $3 and after that client's last right one: their number and the oldest.
const CLIENT_FAILURES: &str = "SELECT COUNT(*), MIN(f.at) FROM login_attempts f \
     WHERE f.email = $1 AND f.client = $2 AND f.succeeded = FALSE AND f.at >= $3 \
     AND NOT EXISTS (SELECT 1 FROM login_attempts s WHERE s.email = $1 AND s.client = $2 \
                     AND s.succeeded = TRUE AND s.at >= f.at)";

/// Wrong passwords from unknown browsers for the address ($1) at or after
/// $2 and after its last right one: their number and the newest.
const ADDRESS_FAILURES: &str = "SELECT COUNT(*), MAX(f.at) FROM login_attempts f \
     WHERE f.email = $1 AND f.known_device = FALSE AND f.succeeded = FALSE AND f.at >= $2 \
     AND NOT EXISTS (SELECT 1 FROM login_attempts s WHERE s.email = $1 \
                     AND s.succeeded = TRUE AND s.at >= f.at)";

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Store {
    /// Begin a sign-in attempt by `client` for `email` at `now`, unless
    /// `policy` holds it back: counting, deciding and noting the attempt
    /// are one step under the write lock, so a burst of guesses cannot all
    /// pass the same count. The attempt is noted as failed until
    /// [`Store::sign_in_succeeded`] says otherwise. A lock-out is recorded
    /// once, when it begins.
    pub async fn begin_sign_in_attempt(
        &self,
        email: &str,
        client: &SignInClient,
        policy: &SignInPolicy,
        now: DateTime<Utc>,
    ) -> Result<std::result::Result<i64, SignInHold>> {
        let email = email_key(email);
        let since = now - policy.window;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let (client_failures, oldest): (i64, Option<DateTime<Utc>>) =
                sqlx::query_as(CLIENT_FAILURES)
                    .bind(&email).bind(&client.key).bind(since)
                    .fetch_one(&mut *tx).await?;
            let (address_failures, newest): (i64, Option<DateTime<Utc>>) =
                sqlx::query_as(ADDRESS_FAILURES)
                    .bind(&email).bind(since)
                    .fetch_one(&mut *tx).await?;
            let counts = SignInCounts {
                client_failures: count(client_failures),
                oldest_client_failure: oldest,
                address_failures: count(address_failures),
                newest_address_failure: newest,
                known_device: client.known_device,
            };
            let hold = sign_in_hold(&counts, policy, now);
            if let Some(SignInHold::LockedOut { until }) = hold {
                let recorded: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sign_in_lockouts WHERE email = $1 AND client = $2 AND until > $3",
                )
                .bind(&email).bind(&client.key).bind(now)
                .fetch_one(&mut *tx).await?;
                if recorded == 0 {
                    sqlx::query(
                        "INSERT INTO sign_in_lockouts (email, client, at, until) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&email).bind(&client.key).bind(instant(now)).bind(instant(until))
                    .execute(&mut *tx).await?;
                    tracing::warn!(email = %email, client = %client.key, %until, "sign-in locked out");
                }
            }
            if let Some(hold) = hold {
                tx.commit().await?;
                return Ok(Err(hold));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO login_attempts (email, client, known_device, succeeded, at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&email).bind(&client.key).bind(client.known_device).bind(false).bind(instant(now))
            .fetch_one(&mut *tx).await?;
            tx.commit().await?;
            Ok(Ok(id))
        })
    }

    /// The attempt begun as `attempt` had the right password: it counts as a
    /// success, which starts the counts of failures again.
    pub async fn sign_in_succeeded(&self, attempt: i64) -> Result<()> {
        with_pool!(self, pool => {
            sqlx::query("UPDATE login_attempts SET succeeded = $2 WHERE id = $1")
                .bind(attempt).bind(true)
                .execute(pool).await?;
        });
        Ok(())
    }

    /// The lock-outs of `email` that began at or after `since`, newest
    /// first: when, which client, and until when.
    pub async fn sign_in_lockouts(
        &self,
        email: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, String, DateTime<Utc>)>> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT at, client, until FROM sign_in_lockouts WHERE email = $1 AND at >= $2 \
                 ORDER BY at DESC, id DESC LIMIT 100",
            )
            .bind(email_key(email)).bind(since)
            .fetch_all(pool).await?
        }))
    }

    /// Remember that the browser holding the token hashed as `token_hash`
    /// signed in to `email`.
    pub async fn remember_sign_in_device(
        &self,
        token_hash: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO sign_in_devices (token_hash, email, last_used) VALUES ($1, $2, $3) \
                 ON CONFLICT (token_hash, email) DO UPDATE SET last_used = excluded.last_used",
            )
            .bind(token_hash).bind(email_key(email)).bind(instant(now))
            .execute(pool).await?;
        });
        Ok(())
    }

    /// Whether the browser holding the token hashed as `token_hash` signed
    /// in to `email` before.
    pub async fn is_sign_in_device(&self, token_hash: &str, email: &str) -> Result<bool> {
        let found: i64 = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM sign_in_devices WHERE token_hash = $1 AND email = $2",
            )
            .bind(token_hash).bind(email_key(email))
            .fetch_one(pool).await?
        });
        Ok(found > 0)
    }

    /// Note a forgotten-password request for `email` by `client` and decide
    /// it under `policy`, in one transaction. When the decision is to send
    /// and `link` is given (the address has an account), the reset link and
    /// its e-mail are saved in the same transaction; when it is not given,
    /// the same statements run up to the point of writing, so a known and
    /// an unknown address take the same work.
    pub async fn request_password_reset(
        &self,
        email: &str,
        client: &str,
        policy: &ResetPolicy,
        now: DateTime<Utc>,
        link: Option<ResetLink<'_>>,
    ) -> Result<ResetGate> {
        let email = email_key(email);
        let since = now - policy.window;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let sent: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM password_reset_requests WHERE email = $1 AND sent = TRUE AND at >= $2",
            )
            .bind(&email).bind(since)
            .fetch_one(&mut *tx).await?;
            let (from_client, oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(
                "SELECT COUNT(*), MIN(at) FROM password_reset_requests WHERE client = $1 AND at >= $2",
            )
            .bind(client).bind(since)
            .fetch_one(&mut *tx).await?;
            let counts = ResetCounts {
                sent_to_address: count(sent),
                from_client: count(from_client),
                oldest_from_client: oldest,
            };
            let gate = reset_gate(&counts, policy, now);
            if let ResetGate::TooMany { .. } = gate {
                tx.rollback().await?;
                return Ok(gate);
            }
            let sending = gate == ResetGate::Send && link.is_some();
            sqlx::query(
                "INSERT INTO password_reset_requests (email, client, at, sent) VALUES ($1, $2, $3, $4)",
            )
            .bind(&email).bind(client).bind(instant(now)).bind(sending)
            .execute(&mut *tx).await?;
            if let (true, Some(link)) = (sending, link) {
                sqlx::query(
                    "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(link.token_hash).bind(link.account.0).bind(instant(now)).bind(instant(link.expires))
                .execute(&mut *tx).await?;
                tx.enqueue_email(&link.email).await?;
            }
            tx.commit().await?;
            Ok(gate)
        })
    }
}

/// A reset link to save, with the e-mail that carries it.
pub struct ResetLink<'a> {
    pub account: AccountId,
    pub token_hash: &'a str,
    pub expires: DateTime<Utc>,
    pub email: NewEmail<'a>,
}
