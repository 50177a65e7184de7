//! The register through the API: the same search, rows and counts as the
//! register page, an organisation's standing and history, and the
//! register's changes (sign-ups, requests and their decisions, champions,
//! withdrawals) with the same rights as the forms.

pub mod changes;
pub mod import;

use super::auth::Caller;
use super::compacts::{load, SlugParam};
use super::errors::{ApiError, ErrorBody, OrInternal};
use super::params::{ApiPath, ApiQuery, PageInfo, PageParams};
use crate::views::register::{self as view, RegisterParams, RegisterRow};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use compact_core::OrganisationId;
use compact_store::RegisterQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Current signatories per sector on the register's date.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectorCounts {
    pub public: u64,
    pub vcse: u64,
    pub private: u64,
}

/// A page of the register.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterList {
    /// The date the register is as of.
    pub on: NaiveDate,
    pub signatories_by_sector: SectorCounts,
    pub items: Vec<RegisterRow>,
    #[serde(flatten)]
    pub page: PageInfo,
}

fn search_of(
    params: &RegisterParams,
    today: compact_core::Date,
) -> Result<view::RegisterSearch, ApiError> {
    params
        .read(today)
        .map_err(|e| ApiError::bad_request(format!("{}.", e.message())))
}

/// The register of a Compact: its current signatories (or, with
/// `standing=all`, every organisation), searched and filtered as on the
/// register page, today or on a past date.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/register",
    operation_id = "list_register",
    tag = "register",
    params(SlugParam, RegisterParams, PageParams),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "A page of the register", body = RegisterList),
        (status = 400, description = "A query parameter is not one the register knows", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<RegisterParams>,
    ApiQuery(paging): ApiQuery<PageParams>,
) -> Result<Json<RegisterList>, ApiError> {
    let paging = paging.paging()?;
    let search = search_of(&params, state.today())?;
    let loaded = load(&state, &slug).await?;
    let compact = loaded.stored.id;
    let query = RegisterQuery::new(search.on, search.filter);
    // The page's own reads, kept per data version as the page keeps them.
    let register = state.app.register(compact).await.or_internal()?;
    let found = register
        .page(&query, paging.offset() as u64, u64::from(paging.per_page))
        .await
        .or_internal()?;
    let [public, vcse, private] = register
        .signatories_by_sector(search.on)
        .await
        .or_internal()?
        .map(|(_, n)| n as u64);
    Ok(Json(RegisterList {
        on: search.on,
        signatories_by_sector: SectorCounts {
            public,
            vcse,
            private,
        },
        items: found
            .entries
            .iter()
            .map(|e| RegisterRow::of(&e.entry()))
            .collect(),
        page: PageInfo::new(paging, found.total),
    }))
}

/// The register at the end of one quarter (or year, or span of years, on
/// a history longer than thirty years).
#[derive(Debug, Serialize, ToSchema)]
pub struct GrowthItem {
    pub on: NaiveDate,
    pub signatories: u64,
    pub joined: u64,
    pub left: u64,
}

/// `?on=`: the last date of the series.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnParam {
    /// The last date (YYYY-MM-DD), from 1998-01-01 to today; today when
    /// not given.
    pub on: Option<String>,
}

/// How the number of signatories grew, quarter by quarter, up to a date. At
/// most 120 points: a history longer than thirty years is told year by
/// year, or in spans of several years.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/register/growth",
    operation_id = "register_growth",
    tag = "register",
    params(SlugParam, OnParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "One point per quarter (or longer period, at most 120 points), the last on the date asked", body = Vec<GrowthItem>),
        (status = 400, description = "The date is not a date, or not one from 1998-01-01 to today", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn growth_series(
    State(state): State<AppState>,
    _caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(param): ApiQuery<OnParam>,
) -> Result<Json<Vec<GrowthItem>>, ApiError> {
    let search = search_of(
        &RegisterParams {
            on: param.on,
            ..RegisterParams::default()
        },
        state.today(),
    )?;
    let loaded = load(&state, &slug).await?;
    let points = state
        .app
        .register(loaded.stored.id)
        .await
        .or_internal()?
        .growth(search.on)
        .await
        .or_internal()?;
    Ok(Json(
        points
            .iter()
            .map(|p| GrowthItem {
                on: p.on,
                signatories: p.signatories as u64,
                joined: p.joined as u64,
                left: p.left as u64,
            })
            .collect(),
    ))
}

/// A Compact champion.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChampionItem {
    pub name: String,
    pub role: String,
    /// Given only to callers with a role in this Compact: it is for
    /// partners, not the public.
    pub contact: Option<String>,
    pub appointed_on: NaiveDate,
    pub trained_on: Option<NaiveDate>,
}

/// One sign-up of an organisation to this Compact.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignUpItem {
    /// The sign-up's id, used to change its champion or record a withdrawal.
    pub id: i64,
    pub signed_on: NaiveDate,
    pub signed_by: String,
    pub edition: String,
    pub withdrawn_on: Option<NaiveDate>,
    pub withdrawal_reason: Option<String>,
    pub champion: Option<ChampionItem>,
}

/// A sign-up of the organisation to another Compact in this service.
#[derive(Debug, Serialize, ToSchema)]
pub struct ElsewhereItem {
    pub compact: String,
    pub compact_name: String,
    pub signed_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
}

/// An organisation as the register knows it, today.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDetail {
    #[serde(flatten)]
    pub row: RegisterRow,
    pub address: Option<String>,
    pub email: Option<String>,
    pub active: bool,
    /// Every sign-up to this Compact, newest first.
    pub sign_ups: Vec<SignUpItem>,
    pub other_compacts: Vec<ElsewhereItem>,
}

/// `{id}`: an organisation's or a record's number.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Only its derived description is used.
pub struct IdParam {
    /// The record's number.
    #[param(minimum = 1, example = 1)]
    id: i64,
}

/// One organisation: its details, its standing today, every sign-up to
/// this Compact with its champion, and its sign-ups to other Compacts.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/organisations/{id}",
    operation_id = "show_organisation",
    tag = "register",
    params(SlugParam, IdParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "The organisation", body = OrganisationDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "The API token sent is not valid", body = ErrorBody),
        (status = 404, description = "No such Compact, or no such organisation in it", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
) -> Result<Json<OrganisationDetail>, ApiError> {
    let loaded = load(&state, &slug).await?;
    let compact = loaded.stored.id;
    let id = OrganisationId(id);
    // The page's own reads, kept per data version as the page keeps them.
    let reads = state
        .app
        .register(compact)
        .await
        .or_internal()?
        .organisation(id, state.today())
        .await
        .or_internal()?;
    let stored = &reads.as_ref().as_ref().ok_or_else(no_organisation)?.entry;
    let entry = stored.entry();
    let mut sign_ups = stored.signups.clone();
    sign_ups.sort_by_key(|s| std::cmp::Reverse((s.signed_on, s.id)));
    // A champion's contact is for this Compact's partners, as on the page.
    let partner = caller.viewer.roles_in(loaded.stored.id).next().is_some();
    let other_compacts = state
        .app
        .store
        .signups_of(id)
        .await
        .or_internal()?
        .into_iter()
        .filter(|(other, ..)| *other != slug)
        .map(
            |(compact, compact_name, signed_on, withdrawn_on)| ElsewhereItem {
                compact,
                compact_name,
                signed_on,
                withdrawn_on,
            },
        )
        .collect();
    let o = entry.organisation;
    Ok(Json(OrganisationDetail {
        row: RegisterRow::of(&entry),
        address: o.address.clone(),
        email: o.email.clone(),
        active: o.active,
        sign_ups: sign_ups
            .into_iter()
            .map(|s| SignUpItem {
                id: s.id.0,
                signed_on: s.signed_on,
                signed_by: s.signed_by.clone(),
                edition: s.edition.clone(),
                withdrawn_on: s.withdrawn_on,
                withdrawal_reason: s.withdrawal_reason.clone(),
                champion: s.champion.as_ref().map(|c| ChampionItem {
                    name: c.name.clone(),
                    role: c.role.clone(),
                    contact: partner.then(|| c.contact.clone()),
                    appointed_on: c.appointed_on,
                    trained_on: c.trained_on,
                }),
            })
            .collect(),
        other_compacts,
    }))
}

pub(crate) fn no_organisation() -> ApiError {
    ApiError::not_found("There is no organisation with this number in this Compact's register.")
}
