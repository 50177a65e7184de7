//! Accounts and the roles they hold in each Compact.
//!
//! Every change here is written with its audit entry in one transaction.
//! Password hashes never leave this module except through
//! [`Store::account_by_email`], for checking a sign-in, and never go into
//! the audit log.

use crate::audit::{actions, Actor, AuditConnection, NewEntry};
use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::{is_unique_violation, WritePool};
use crate::{with_pool, Store};
use chrono::{DateTime, Utc};
use compact_core::access::{Grant, Role};
use compact_core::{AccountId, CompactId, OrganisationId};
use serde_json::json;
use std::collections::HashMap;

/// A person who can sign in. Roles are held separately, as [`Grant`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    /// Lower-cased and trimmed.
    pub email: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    /// When the account was disabled; a disabled account cannot sign in or
    /// use its API tokens.
    pub disabled_at: Option<DateTime<Utc>>,
}

impl Account {
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

/// The longest e-mail address there can be (RFC 5321's path limit).
const MAX_EMAIL: usize = 254;

/// `email` as accounts are keyed: trimmed and lower-cased, or why it is not
/// an e-mail address. Lower-casing the local part is not strictly right by
/// the RFCs, but no provider people use treats case as different, and two
/// accounts for `Jo@x` and `jo@x` would be a worse surprise.
pub fn normalise_email(email: &str) -> Result<String> {
    let key = email_key(email);
    let valid = key.len() <= MAX_EMAIL
        && !key.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(key.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
    if valid {
        Ok(key)
    } else {
        Err(StoreError::InvalidEmail(email.trim().to_string()))
    }
}

/// The lookup form of an address, without validating it: a sign-in with a
/// malformed address simply finds no account.
pub(crate) fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// `account:12`, as audit subjects name accounts.
pub(crate) fn subject(account: AccountId) -> String {
    format!("account:{account}")
}

/// A grant as audit entries show it.
fn grant_json(grant: &Grant) -> serde_json::Value {
    json!({"role": grant.role.as_str(), "organisation": grant.organisation.map(|o| o.0)})
}

pub(crate) const ACCOUNT_COLUMNS: &str = "id, email, name, created_at, disabled_at";
/// The same, from a query that calls `accounts` `a`.
pub(crate) const ACCOUNT_COLUMNS_OF_A: &str = "a.id, a.email, a.name, a.created_at, a.disabled_at";

#[derive(sqlx::FromRow)]
pub(crate) struct AccountRow {
    id: i64,
    email: String,
    name: String,
    created_at: DateTime<Utc>,
    disabled_at: Option<DateTime<Utc>>,
}

impl From<AccountRow> for Account {
    fn from(r: AccountRow) -> Account {
        Account {
            id: AccountId(r.id),
            email: r.email,
            name: r.name,
            created_at: r.created_at,
            disabled_at: r.disabled_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    account_id: i64,
    compact_id: i64,
    role: String,
    organisation_id: Option<i64>,
}

impl GrantRow {
    fn into_grant(self) -> Result<Grant> {
        let role: Role = self
            .role
            .parse()
            .map_err(|e: compact_core::access::UnknownRole| StoreError::Corrupt {
                table: "account_grants",
                column: "role",
                value: self.role.clone(),
                reason: e.to_string(),
            })?;
        Ok(Grant {
            compact: CompactId(self.compact_id),
            role,
            organisation: self.organisation_id.map(OrganisationId),
        })
    }
}

const GRANT_COLUMNS: &str = "account_id, compact_id, role, organisation_id";
const GRANT_ORDER: &str = "ORDER BY compact_id, role, organisation_id";

/// Inside a write transaction: end every session of `account` and kill its
/// unused reset links. Evaluates to how many sessions ended.
macro_rules! end_sessions_and_resets {
    ($tx:ident, $account:expr) => {{
        sqlx::query("DELETE FROM password_resets WHERE account_id = $1 AND used_at IS NULL")
            .bind($account.0)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind($account.0)
            .execute(&mut *$tx)
            .await?
            .rows_affected()
    }};
}
pub(crate) use end_sessions_and_resets;

impl Store {
    /// Create an account. The address is trimmed and lower-cased; one
    /// address has one account ([`StoreError::AccountExists`] otherwise).
    /// `password_hash` comes from [`crate::password::hash`].
    pub async fn create_account(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<Account> {
        let email = normalise_email(email)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::AccountNameMissing);
        }
        let row: AccountRow = with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let row: AccountRow = sqlx::query_as(&format!(
                "INSERT INTO accounts (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) \
                 RETURNING {ACCOUNT_COLUMNS}"
            ))
            .bind(&email).bind(name).bind(password_hash).bind(now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| if is_unique_violation(&e) {
                StoreError::AccountExists(email.clone())
            } else {
                e.into()
            })?;
            tx.append_audit(NewEntry {
                compact: None,
                actor,
                action: actions::ACCOUNT_CREATE,
                subject: subject(AccountId(row.id)),
                before: None,
                after: Some(json!({"email": row.email, "name": row.name})),
            })
            .await?;
            tx.commit().await?;
            row
        });
        Ok(row.into())
    }

    /// Give `account` the role in `grant`. Returns `false` (and records
    /// nothing) when the account already held it. The grant is checked
    /// again here (officers and members name an organisation, the others do
    /// not), and its organisation must belong to its Compact.
    pub async fn grant(&self, account: AccountId, grant: &Grant, actor: &Actor) -> Result<bool> {
        let grant = Grant::new(grant.compact, grant.role, grant.organisation)?;
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1")
                .bind(account.0).fetch_optional(&mut *tx).await?;
            if found.is_none() {
                return Err(StoreError::NoSuchAccount(account));
            }
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM compacts WHERE id = $1")
                .bind(grant.compact.0).fetch_optional(&mut *tx).await?;
            if found.is_none() {
                return Err(StoreError::NoSuchCompactId(grant.compact));
            }
            if let Some(organisation) = grant.organisation {
                let owner: Option<i64> = sqlx::query_scalar("SELECT compact_id FROM organisations WHERE id = $1")
                    .bind(organisation.0).fetch_optional(&mut *tx).await?;
                if owner != Some(grant.compact.0) {
                    return Err(StoreError::OrganisationNotInCompact { organisation, compact: grant.compact });
                }
            }
            let inserted = sqlx::query(
                "INSERT INTO account_grants (account_id, compact_id, role, organisation_id) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(account.0).bind(grant.compact.0).bind(grant.role.as_str()).bind(grant.organisation.map(|o| o.0))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 0 {
                return Ok(false);
            }
            tx.append_audit(NewEntry {
                compact: Some(grant.compact),
                actor,
                action: actions::ACCOUNT_GRANT,
                subject: subject(account),
                before: None,
                after: Some(grant_json(&grant)),
            })
            .await?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// Take the role in `grant` away from `account`. Returns `false` (and
    /// records nothing) when the account did not hold it.
    pub async fn revoke_grant(
        &self,
        account: AccountId,
        grant: &Grant,
        actor: &Actor,
    ) -> Result<bool> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let deleted = sqlx::query(
                "DELETE FROM account_grants WHERE account_id = $1 AND compact_id = $2 AND role = $3 \
                 AND COALESCE(organisation_id, 0) = COALESCE($4, 0)",
            )
            .bind(account.0).bind(grant.compact.0).bind(grant.role.as_str()).bind(grant.organisation.map(|o| o.0))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if deleted == 0 {
                return Ok(false);
            }
            tx.append_audit(NewEntry {
                compact: Some(grant.compact),
                actor,
                action: actions::ACCOUNT_REVOKE,
                subject: subject(account),
                before: Some(grant_json(grant)),
                after: None,
            })
            .await?;
            tx.commit().await?;
        });
        Ok(true)
    }

    pub async fn account(&self, id: AccountId) -> Result<Option<Account>> {
        let row: Option<AccountRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"))
                .bind(id.0).fetch_optional(pool).await?
        });
        Ok(row.map(Account::from))
    }

    /// The account with this address (in any case, with any surrounding
    /// spaces) and its password hash, for checking a sign-in. Disabled
    /// accounts are returned too: check [`Account::is_disabled`].
    pub async fn account_by_email(&self, email: &str) -> Result<Option<(Account, String)>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            account: AccountRow,
            password_hash: String,
        }
        let row: Option<Row> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE email = $1"))
                .bind(email_key(email)).fetch_optional(pool).await?
        });
        Ok(row.map(|r| (r.account.into(), r.password_hash)))
    }

    /// Every role `account` holds, in every Compact.
    pub async fn grants(&self, account: AccountId) -> Result<Vec<Grant>> {
        let rows: Vec<GrantRow> = with_pool!(self, pool => {
            sqlx::query_as(&format!("SELECT {GRANT_COLUMNS} FROM account_grants WHERE account_id = $1 {GRANT_ORDER}"))
                .bind(account.0).fetch_all(pool).await?
        });
        rows.into_iter().map(GrantRow::into_grant).collect()
    }

    /// The accounts that hold a role in `compact`, by name, each with its
    /// roles in that Compact only (not those it holds elsewhere).
    pub async fn accounts_in(&self, compact: CompactId) -> Result<Vec<(Account, Vec<Grant>)>> {
        let (accounts, grants): (Vec<AccountRow>, Vec<GrantRow>) = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let accounts = sqlx::query_as(&format!(
                "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id IN \
                 (SELECT account_id FROM account_grants WHERE compact_id = $1) ORDER BY name, email"
            ))
            .bind(compact.0).fetch_all(&mut *tx).await?;
            let grants = sqlx::query_as(&format!(
                "SELECT {GRANT_COLUMNS} FROM account_grants WHERE compact_id = $1 {GRANT_ORDER}"
            ))
            .bind(compact.0).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (accounts, grants)
        });
        let mut by_account: HashMap<i64, Vec<Grant>> = HashMap::new();
        for row in grants {
            let id = row.account_id;
            by_account.entry(id).or_default().push(row.into_grant()?);
        }
        Ok(accounts
            .into_iter()
            .map(|a| {
                let grants = by_account.remove(&a.id).unwrap_or_default();
                (Account::from(a), grants)
            })
            .collect())
    }

    /// Set a new password (its hash from [`crate::password::hash`]). Every
    /// session of the account ends and every unused reset link dies, so
    /// whoever knew the old password, or holds an old link, is out.
    pub async fn set_password(
        &self,
        account: AccountId,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<()> {
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
                .bind(account.0).bind(password_hash)
                .execute(&mut *tx).await?.rows_affected();
            if updated == 0 {
                return Err(StoreError::NoSuchAccount(account));
            }
            let ended = end_sessions_and_resets!(tx, account);
            tx.append_audit(NewEntry {
                compact: None,
                actor,
                action: actions::ACCOUNT_PASSWORD,
                subject: subject(account),
                before: None,
                after: Some(json!({"sessions_ended": ended})),
            })
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Disable an account: it can no longer sign in or use its API tokens,
    /// and its sessions end now. Its history stays. Disabling a disabled
    /// account changes nothing.
    pub async fn disable_account(&self, account: AccountId, actor: &Actor) -> Result<()> {
        let at = now();
        with_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let updated = sqlx::query("UPDATE accounts SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL")
                .bind(account.0).bind(at)
                .execute(&mut *tx).await?.rows_affected();
            if updated == 0 {
                let found: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1")
                    .bind(account.0).fetch_optional(&mut *tx).await?;
                return match found {
                    Some(_) => Ok(()),
                    None => Err(StoreError::NoSuchAccount(account)),
                };
            }
            let ended = end_sessions_and_resets!(tx, account);
            tx.append_audit(NewEntry {
                compact: None,
                actor,
                action: actions::ACCOUNT_DISABLE,
                subject: subject(account),
                before: Some(json!({"disabled_at": null})),
                after: Some(json!({"disabled_at": at, "sessions_ended": ended})),
            })
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
