//! `GET /api/v1/account`: the account an API token acts for, and its roles,
//! so a script can check whom it is running as.

use super::auth::Caller;
use super::errors::{ApiError, ErrorBody, OrInternal};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use compact_core::access;
use serde::Serialize;
use utoipa::ToSchema;

/// A role in one Compact.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the Compact.
    Secretariat,
    /// Acts for one public body.
    Officer,
    /// Acts for one VCSE organisation.
    Member,
    /// Sits on the Compact Group or Board.
    Group,
}

impl From<access::Role> for Role {
    fn from(role: access::Role) -> Role {
        match role {
            access::Role::Secretariat => Role::Secretariat,
            access::Role::Officer => Role::Officer,
            access::Role::Member => Role::Member,
            access::Role::Group => Role::Group,
        }
    }
}

/// One role held in one Compact.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantItem {
    /// The Compact's slug.
    #[schema(example = "wiltshire")]
    pub compact: String,
    pub compact_name: String,
    pub role: Role,
    /// The organisation an officer or member acts for.
    pub organisation: Option<i64>,
}

/// The caller's own account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountInfo {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub grants: Vec<GrantItem>,
}

/// The account this API token acts for, with its roles.
#[utoipa::path(
    get,
    path = "/api/v1/account",
    operation_id = "get_account",
    tag = "account",
    security(("api_token" = [])),
    responses(
        (status = 200, description = "The token's account", body = AccountInfo),
        (status = 401, description = "No API token, or one that is not valid", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<AccountInfo>, ApiError> {
    let account = caller.require_account()?;
    let compacts = state.app.store.list_compacts().await.or_internal()?;
    let grants = caller
        .viewer
        .grants()
        .iter()
        .filter_map(|g| {
            // Compacts are never deleted, so each grant's is found; one
            // that is not would give the caller nothing to use, so it is
            // left out rather than failing the whole request.
            let compact = compacts.iter().find(|c| c.id == g.compact)?;
            Some(GrantItem {
                compact: compact.slug.clone(),
                compact_name: compact.name.clone(),
                role: g.role.into(),
                organisation: g.organisation.map(|o| o.0),
            })
        })
        .collect();
    Ok(Json(AccountInfo {
        id: account.id.0,
        name: account.name.clone(),
        email: account.email.clone(),
        grants,
    }))
}
