//! `GET /api/v1/compacts/{slug}/audit`: the audit log of a Compact, newest
//! first, for its secretariat only, with whether the chain of fingerprints
//! is intact.

use super::auth::Caller;
use super::compacts::{load, SlugParam};
use super::errors::{ApiError, ErrorBody, OrInternal};
use super::params::{ApiPath, ApiQuery, PageInfo, PageParams};
use crate::views::audit_accounts;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use compact_core::access::Action;
use compact_core::AccountId;
use compact_store::{Account, AuditEntry, AuditFilter};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

/// The longest `action` prefix accepted; actions are short dotted names.
const MAX_ACTION_LEN: usize = 64;

/// `?page=&per_page=&action=`. Not `#[serde(flatten)]` over
/// [`PageParams`]: flattening makes the query parser read every value as a
/// string, and the numbers then fail to parse.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Which page, counting from 1.
    #[param(minimum = 1, maximum = 2147483647, default = 1)]
    pub page: Option<u32>,
    /// How many entries a page holds.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub per_page: Option<u32>,
    /// Only entries whose action starts with this, e.g. `account.` or
    /// `records.import`.
    #[param(pattern = "^[a-z0-9._-]*$", max_length = 64, example = "account.")]
    pub action: Option<String>,
}

/// Who made a change.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A person, through their account.
    Account {
        id: i64,
        /// `null` when the account no longer exists.
        name: Option<String>,
        email: Option<String>,
    },
    /// Compact itself: a command or a background job.
    System {
        #[schema(example = "compact init")]
        what: String,
    },
}

/// One change.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditItem {
    /// Its place in the chain, from 1.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    #[schema(example = "account.grant")]
    pub action: String,
    #[schema(example = "account:12")]
    pub subject: String,
    /// What it was before, when that applies.
    pub before: Option<Value>,
    /// What it became, when that applies.
    pub after: Option<Value>,
    pub prev_hash: String,
    pub hash: String,
}

/// Whether this Compact's entries in the log are intact. Only what
/// concerns this Compact is said: a fault in another Compact's entries is
/// that Compact's secretariat's to see.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainStatus {
    pub intact: bool,
    /// This Compact's entries, when intact.
    pub entries: Option<u64>,
    /// The entries changed or removed, and why, when not intact.
    pub broken: Option<BrokenEntries>,
    /// The newest signed checkpoint that holds: the entry it vouches for
    /// and when it was signed.
    pub signed_up_to: Option<SignedCheckpoint>,
    /// When the log was last checked.
    pub checked_at: DateTime<Utc>,
}

/// Entries of the log that were changed or removed, `from..=to`.
#[derive(Debug, Serialize, ToSchema)]
pub struct BrokenEntries {
    pub from: i64,
    pub to: i64,
    pub reason: String,
}

/// A signed checkpoint (see `GET /audit/checkpoint.json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedCheckpoint {
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
}

/// A page of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    pub chain: ChainStatus,
    pub items: Vec<AuditItem>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// The audit log of a Compact, newest first (secretariat only).
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/audit",
    operation_id = "list_audit_entries",
    tag = "audit",
    params(SlugParam, AuditParams),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "A page of entries and the state of the chain", body = AuditList),
        (status = 400, description = "A query parameter is out of range or malformed", body = ErrorBody),
        (status = 401, description = "No API token, or one that is not valid", body = ErrorBody),
        (status = 403, description = "The token's account is not this Compact's secretariat", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Json<AuditList>, ApiError> {
    // Who asks comes first: the public learns nothing about the log, not
    // even whether its query would have been valid.
    caller.require_account()?;
    let paging = PageParams {
        page: params.page,
        per_page: params.per_page,
    }
    .paging()?;
    let action = action_prefix(params.action.as_deref())?;
    let loaded = load(&state, &slug).await?;
    if !caller.viewer.may(loaded.stored.id, Action::ReadAuditLog) {
        return Err(ApiError::Forbidden(
            "Only the secretariat of this Compact may read its audit log.".into(),
        ));
    }
    let filter = AuditFilter {
        compact: Some(loaded.stored.id),
        action_prefix: action,
        ..AuditFilter::default()
    };
    let (entries, total) = state
        .app
        .store
        .audit_entries(&filter, paging.page, paging.per_page)
        .await
        .or_internal()?;
    let accounts = audit_accounts(&state.app.store, &entries)
        .await
        .or_internal()?;
    let chain = state
        .app
        .audit_chain_status(&caller.acting(), &slug)
        .await
        .map_err(ApiError::from)?;
    Ok(Json(AuditList {
        chain: chain_status(chain),
        items: entries.into_iter().map(|e| item(e, &accounts)).collect(),
        page: PageInfo::new(paging, total),
    }))
}

fn chain_status(chain: compact_app::audit::ChainStatus) -> ChainStatus {
    use compact_app::audit::ChainStatus as Status;
    match chain {
        Status::Intact {
            entries,
            signed_up_to,
            checked_at,
        } => ChainStatus {
            intact: true,
            entries: Some(entries),
            broken: None,
            signed_up_to: signed_up_to.map(|c| SignedCheckpoint {
                seq: c.seq,
                hash: c.hash,
                at: c.at,
            }),
            checked_at,
        },
        Status::Broken {
            from,
            to,
            reason,
            checked_at,
        } => ChainStatus {
            intact: false,
            entries: None,
            broken: Some(BrokenEntries { from, to, reason }),
            signed_up_to: None,
            checked_at,
        },
    }
}

/// The `action` filter, checked: empty means no filter; anything but the
/// characters actions are made of is refused, so control characters never
/// reach the database (PostgreSQL rejects a NUL in text).
fn action_prefix(action: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(action) = action.filter(|a| !a.is_empty()) else {
        return Ok(None);
    };
    let plain = action.len() <= MAX_ACTION_LEN
        && action
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if plain {
        Ok(Some(action.to_string()))
    } else {
        Err(ApiError::bad_request(format!(
            "action must be up to {MAX_ACTION_LEN} lower-case letters, digits, '.', '_' or '-', e.g. \"account.\"."
        )))
    }
}

fn item(e: AuditEntry, accounts: &HashMap<AccountId, Account>) -> AuditItem {
    let actor = match e.actor {
        compact_store::Actor::Account(id) => {
            let account = accounts.get(&id);
            Actor::Account {
                id: id.0,
                name: account.map(|a| a.name.clone()),
                email: account.map(|a| a.email.clone()),
            }
        }
        compact_store::Actor::System(what) => Actor::System { what },
    };
    AuditItem {
        seq: e.seq,
        at: e.at,
        actor,
        action: e.action,
        subject: e.subject,
        before: e.before,
        after: e.after,
        prev_hash: e.prev_hash,
        hash: e.hash,
    }
}

#[cfg(test)]
mod tests {
    use super::action_prefix;

    #[test]
    fn action_filters_are_plain_prefixes() {
        assert_eq!(action_prefix(None), Ok(None));
        assert_eq!(action_prefix(Some("")), Ok(None));
        assert_eq!(action_prefix(Some("account.")), Ok(Some("account.".into())));
        for bad in ["Account", "a b", "a\0", "%", &"a".repeat(65)] {
            assert!(action_prefix(Some(bad)).is_err(), "{bad:?}");
        }
    }
}
