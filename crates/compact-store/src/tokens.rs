//! API tokens (for scripts and other systems) and password-reset links.
//!
//! Both are random tokens shown once and stored only as SHA-256 hashes (see
//! [`crate::secrets`]). Creating and revoking API tokens is audited, as it
//! changes who may act; reset links are not: using one ends in
//! [`Store::set_password`] (or [`Store::complete_password_reset`]), which
//! is.

use crate::accounts::{
    end_sessions_and_resets, subject, Account, AccountRow, ACCOUNT_COLUMNS_OF_A,
};
use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::outbox::{NewEmail, OutboxConnection};
use crate::write::{instant, is_foreign_key_violation, WritePool};
use crate::{with_pool, Store};
use chrono::{DateTime, Duration, Utc};
use compact_core::access::Grant;
use compact_core::{AccountId, ApiTokenId};
use serde_json::json;

/// How stale `last_used_at` may grow before a use refreshes it (as for
/// sessions: a script calling many times a second must not write each time).
const LAST_USED_PRECISION: Duration = Duration::seconds(60);

/// An API token, without its secret (which is never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub account: AccountId,
    /// What the person called it, e.g. "Monthly report script".
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: i64,
    account_id: i64,
    name: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl From<TokenRow> for ApiToken {
    fn from(r: TokenRow) -> ApiToken {
        ApiToken {
            id: ApiTokenId(r.id),
            account: AccountId(r.account_id),
            name: r.name,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

fn token_subject(id: i64) -> String {
    format!("token:{id}")
}

impl Store {
    /// Record a new API token for `account`, keyed by the hash of its
    /// secret. The secret itself is shown to the person once and never
    /// stored.
    pub async fn create_api_token(
        &self,
        account: AccountId,
        name: &str,
        token_hash: &str,
        actor: &Actor,
    ) -> Result<ApiTokenId> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::ApiTokenNameMissing);
        }
        let id: i64 = with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (account_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(account.0).bind(name).bind(token_hash).bind(now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| if is_foreign_key_violation(&e) {
                StoreError::NoSuchAccount(account)
            } else {
                e.into()
            })?;
            tx.append_audit(NewEntry {
                compact: None,
                actor,
                action: actions::TOKEN_CREATE,
                subject: token_subject(id),
                before: None,
                after: Some(json!({"account": account.0, "name": name})),
            })
            .await?;
            tx.commit().await?;
            id
        });
        Ok(ApiTokenId(id))
    }

    /// The account an API token acts for, with its roles, if the token is
    /// known, not revoked and its account not disabled. Notes that it was
    /// used (to the minute).
    pub async fn account_for_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Account, Vec<Grant>)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            account: AccountRow,
            token_id: i64,
            last_used_at: Option<DateTime<Utc>>,
        }
        let row: Option<Row> = with_pool!(self, pool => {
            sqlx::query_as(&format!(
                "SELECT {ACCOUNT_COLUMNS_OF_A}, t.id AS token_id, t.last_used_at \
                 FROM api_tokens t JOIN accounts a ON a.id = t.account_id \
                 WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND a.disabled_at IS NULL"
            ))
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        });
        let Some(row) = row else { return Ok(None) };
        if row
            .last_used_at
            .is_none_or(|used| used + LAST_USED_PRECISION <= now)
        {
            with_pool!(self, pool => {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                    .bind(row.token_id).bind(instant(now))
                    .execute(pool).await?;
            });
        }
        let account = Account::from(row.account);
        let grants = self.grants(account.id).await?;
        Ok(Some((account, grants)))
    }

    /// Revoke an API token: it stops working at once. Revoking a revoked
    /// token changes nothing.
    pub async fn revoke_api_token(&self, id: ApiTokenId, actor: &Actor) -> Result<()> {
        let at = now();
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let revoked: Option<(i64, String)> = sqlx::query_as(
                "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING account_id, name",
            )
            .bind(id.0).bind(at)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((account, name)) = revoked else {
                let found: Option<i64> = sqlx::query_scalar("SELECT id FROM api_tokens WHERE id = $1")
                    .bind(id.0).fetch_optional(&mut *tx).await?;
                return match found {
                    Some(_) => Ok(()),
                    None => Err(StoreError::NoSuchApiToken(id)),
                };
            };
            tx.append_audit(NewEntry {
                compact: None,
                actor,
                action: actions::TOKEN_REVOKE,
                subject: token_subject(id.0),
                before: Some(json!({"account": account, "name": name, "revoked_at": null})),
                after: Some(json!({"account": account, "name": name, "revoked_at": at})),
            })
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Every API token of `account`, revoked ones included, oldest first.
    pub async fn api_tokens(&self, account: AccountId) -> Result<Vec<ApiToken>> {
        let rows: Vec<TokenRow> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, account_id, name, created_at, last_used_at, revoked_at FROM api_tokens \
                 WHERE account_id = $1 ORDER BY created_at, id",
            )
            .bind(account.0)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    /// Record a password-reset link for `account`, keyed by the hash of its
    /// token, usable once until `expires_at`.
    pub async fn create_password_reset(
        &self,
        account: AccountId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        self.create_reset(account, token_hash, expires_at, None)
            .await
    }

    /// As [`Store::create_password_reset`], and queue the e-mail that
    /// carries the link in the same transaction: both happen or neither.
    pub async fn create_password_reset_with_email(
        &self,
        account: AccountId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        email: &NewEmail<'_>,
    ) -> Result<()> {
        self.create_reset(account, token_hash, expires_at, Some(email))
            .await
    }

    async fn create_reset(
        &self,
        account: AccountId,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        email: Option<&NewEmail<'_>>,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash).bind(account.0).bind(now()).bind(instant(expires_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| if is_foreign_key_violation(&e) {
                StoreError::NoSuchAccount(account)
            } else {
                e.into()
            })?;
            if let Some(email) = email {
                tx.enqueue_email(email).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Use a reset link: if it is known, unused and not expired at `now`,
    /// and its account is not disabled, mark it used and return its account.
    /// One statement, so two requests with the same link cannot both
    /// succeed.
    pub async fn use_password_reset(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountId>> {
        let account: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(USE_RESET).bind(token_hash).bind(instant(now)).fetch_optional(pool).await?
        });
        Ok(account.map(AccountId))
    }

    /// Use a reset link and set the new password in one transaction (see
    /// [`Store::use_password_reset`] and [`Store::set_password`]), audited
    /// as done by the account itself. Returns the account, or `None` when
    /// the link cannot be used (and then nothing changes).
    pub async fn complete_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<AccountId>> {
        let account: Option<i64> = with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let account: Option<i64> = sqlx::query_scalar(USE_RESET)
                .bind(token_hash).bind(instant(now)).fetch_optional(&mut *tx).await?;
            if let Some(id) = account {
                sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
                    .bind(id).bind(password_hash).execute(&mut *tx).await?;
                let ended = end_sessions_and_resets!(tx, AccountId(id));
                // A reset is what someone does who fears their password is
                // known: whatever was made with it, API tokens included,
                // ends with it.
                let tokens_revoked = sqlx::query(
                    "UPDATE api_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL",
                )
                .bind(id).bind(instant(now))
                .execute(&mut *tx).await?
                .rows_affected();
                tx.append_audit(NewEntry {
                    compact: None,
                    actor: &Actor::Account(AccountId(id)),
                    action: actions::ACCOUNT_PASSWORD,
                    subject: subject(AccountId(id)),
                    before: None,
                    after: Some(json!({"sessions_ended": ended, "api_tokens_revoked": tokens_revoked, "by": "reset link"})),
                })
                .await?;
                tx.commit().await?;
            }
            account
        });
        Ok(account.map(AccountId))
    }
}

const USE_RESET: &str = "UPDATE password_resets SET used_at = $2 \
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
     AND account_id IN (SELECT id FROM accounts WHERE disabled_at IS NULL) \
     RETURNING account_id";
