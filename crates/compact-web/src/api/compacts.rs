//! `GET /api/v1/compacts` and `GET /api/v1/compacts/{slug}`: which Compacts
//! this service runs, and what one of them says. Public: anyone may read
//! them, as anyone may read the pages.

use super::auth::Caller;
use super::definition::CompactDetail;
use super::errors::{ApiError, ErrorBody, OrInternal};
use super::params::{plausible_slug, ApiPath, ApiQuery, PageInfo, PageParams};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// One Compact in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompactSummary {
    /// Its short name, used in every address about it.
    #[schema(example = "wiltshire")]
    pub slug: String,
    #[schema(example = "Wiltshire Compact")]
    pub name: String,
}

/// A page of Compacts, by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompactList {
    pub items: Vec<CompactSummary>,
    #[serde(flatten)]
    pub page: PageInfo,
}

/// List the Compacts this service runs.
#[utoipa::path(
    get,
    path = "/api/v1/compacts",
    operation_id = "list_compacts",
    tag = "compacts",
    params(PageParams),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "A page of Compacts, by name", body = CompactList),
        (status = 400, description = "A query parameter is out of range or not a number", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<CompactList>, ApiError> {
    let paging = params.paging()?;
    let compacts = state.app.store.list_compacts().await.or_internal()?;
    let items = paging
        .slice(&compacts)
        .iter()
        .map(|c| CompactSummary {
            slug: c.slug.clone(),
            name: c.name.clone(),
        })
        .collect();
    Ok(Json(CompactList {
        items,
        page: PageInfo::new(paging, compacts.len() as u64),
    }))
}

/// One Compact: who runs it, its principles, commitments and undertakings,
/// its standards, its bodies and their seats, and its dispute procedure.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}",
    operation_id = "get_compact",
    tag = "compacts",
    params(SlugParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "The Compact", body = CompactDetail),
        (status = 400, description = "The address could not be read", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    _caller: Caller,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<CompactDetail>, ApiError> {
    let loaded = load(&state, &slug).await?;
    Ok(Json(CompactDetail::new(
        loaded.stored.slug.clone(),
        loaded.stored.name.clone(),
        &loaded.definition,
    )))
}

/// The `{slug}` path parameter, described once for every route under a
/// Compact.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Only its derived description is used.
pub struct SlugParam {
    /// The Compact's short name, e.g. `wiltshire`.
    #[param(
        pattern = "^[a-z0-9][a-z0-9_-]{0,63}$",
        max_length = 64,
        example = "wiltshire"
    )]
    slug: String,
}

/// A stored Compact with its definition read back.
pub use compact_app::register::Loaded;

/// The Compact at `slug`, or 404 (the API's message names the slug).
pub async fn load(state: &AppState, slug: &str) -> Result<Loaded, ApiError> {
    if !plausible_slug(slug) {
        return Err(ApiError::no_compact(slug));
    }
    state
        .app
        .compact(slug)
        .await
        .map_err(|e| match e.refusal() {
            Some(compact_core::refusal::Refusal::NotFound(_)) => ApiError::no_compact(slug),
            _ => ApiError::from(e),
        })
}
