//! The register through the API: the same search, rows and counts as the
//! register page, an organisation's standing and history, and the
//! register's changes (sign-ups, requests and their decisions, champions,
//! withdrawals) with the same rights as the forms.

use super::auth::Caller;
use super::compacts::{load, Loaded, SlugParam};
use super::errors::{ApiError, ErrorBody, OrInternal};
use super::params::{sentence, ApiJson, ApiPath, ApiQuery, PageInfo, PageParams};
use crate::views::register::{self as view, RegisterParams, RegisterRow};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use compact_core::access::Action;
use compact_core::calendar::today_in_london;
use compact_core::register::{
    growth, ChampionInput, FieldProblem, Register, SignUpInput, WithdrawalInput,
};
use compact_core::{OrganisationId, SignatoryId, SignupRequestId};
use compact_store::{Actor, RequestStatus, SignupRequest, StoreError};
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

fn search_of(params: &RegisterParams) -> Result<view::RegisterSearch, ApiError> {
    params
        .read(today_in_london())
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
    let search = search_of(&params)?;
    let loaded = load(&state, &slug).await?;
    let records = state
        .store
        .load_register(loaded.stored.id)
        .await
        .or_internal()?;
    let register = Register::on(&records, search.on);
    let found = register.search(&search.filter);
    let [public, vcse, private] = register.signatories_by_sector().map(|(_, n)| n as u64);
    Ok(Json(RegisterList {
        on: search.on,
        signatories_by_sector: SectorCounts {
            public,
            vcse,
            private,
        },
        items: paging.slice(&found).iter().map(RegisterRow::of).collect(),
        page: PageInfo::new(paging, found.len() as u64),
    }))
}

/// The register at the end of one quarter.
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
    /// The last date (YYYY-MM-DD); today when not given.
    pub on: Option<String>,
}

/// How the number of signatories grew, quarter by quarter, up to a date.
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/register/growth",
    operation_id = "register_growth",
    tag = "register",
    params(SlugParam, OnParam),
    security((), ("api_token" = [])),
    responses(
        (status = 200, description = "One point per quarter, the last on the date asked", body = Vec<GrowthItem>),
        (status = 400, description = "The date is not a date", body = ErrorBody),
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
    let search = search_of(&RegisterParams {
        on: param.on,
        ..RegisterParams::default()
    })?;
    let loaded = load(&state, &slug).await?;
    let records = state
        .store
        .load_register(loaded.stored.id)
        .await
        .or_internal()?;
    Ok(Json(
        growth(&records.signatories, search.on)
            .into_iter()
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
    let records = state
        .store
        .load_register(loaded.stored.id)
        .await
        .or_internal()?;
    let id = OrganisationId(id);
    let register = Register::on(&records, today_in_london());
    let entry = register.entry(id).ok_or_else(no_organisation)?;
    let mut sign_ups: Vec<_> = records
        .signatories
        .iter()
        .filter(|s| s.organisation == id)
        .collect();
    sign_ups.sort_by_key(|s| std::cmp::Reverse((s.signed_on, s.id)));
    // A champion's contact is for this Compact's partners, as on the page.
    let partner = caller.viewer.roles_in(loaded.stored.id).next().is_some();
    let other_compacts = state
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
        row: RegisterRow::of(entry),
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

fn no_organisation() -> ApiError {
    ApiError::not_found("There is no organisation with this number in this Compact's register.")
}

/// Field problems as one sentence: `signed_on: missing; reason: missing.`
fn invalid(problems: &[FieldProblem]) -> ApiError {
    let parts: Vec<String> = problems
        .iter()
        .map(|p| {
            let problem = serde_json::to_value(p.problem)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default();
            format!("{}: {problem}", p.field)
        })
        .collect();
    ApiError::Invalid(format!(
        "Some fields need correcting: {}.",
        parts.join("; ")
    ))
}

fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::SignUpRefused(r) => ApiError::Conflict(sentence(&r.to_string())),
        StoreError::RequestAlreadyDecided(_)
        | StoreError::AlreadyWithdrawn { .. }
        | StoreError::WithdrawalBeforeSigning { .. } => {
            ApiError::Conflict(sentence(&e.to_string()))
        }
        StoreError::NoSuchSignatory(_) | StoreError::NoSuchSignupRequest(_) => {
            ApiError::not_found(sentence(&e.to_string()))
        }
        other => ApiError::internal(other),
    }
}

fn forbidden() -> ApiError {
    ApiError::Forbidden("Your roles in this Compact do not allow this.".into())
}

/// A Compact champion, as sent.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ChampionBody {
    #[serde(default)]
    #[schema(min_length = 1, max_length = 500, example = "Tom Price")]
    pub name: String,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 500, example = "Operations manager")]
    pub role: String,
    /// An e-mail address or phone number.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 500, example = "tom@example.org")]
    pub contact: String,
    /// When the champion was named (YYYY-MM-DD), not in the future; on a
    /// sign-up, the day of signing when left out.
    #[serde(default)]
    #[schema(format = Date, example = "2026-01-05")]
    pub appointed_on: Option<String>,
    /// When the champion was trained (YYYY-MM-DD), if they have been: on or
    /// after the day they were named, not in the future.
    #[serde(default)]
    #[schema(format = Date, example = "2026-02-10")]
    pub trained_on: Option<String>,
}

impl ChampionBody {
    fn input(&self) -> ChampionInput {
        ChampionInput {
            name: self.name.clone(),
            role: self.role.clone(),
            contact: self.contact.clone(),
            appointed_on: self.appointed_on.clone().unwrap_or_default(),
            trained_on: self.trained_on.clone().unwrap_or_default(),
        }
    }
}

/// A sign-up, as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignUpBody {
    /// The date the agreement was signed (YYYY-MM-DD), today or earlier.
    #[schema(format = Date, example = "2026-01-05")]
    pub signed_on: String,
    /// The person with authority who signed.
    #[schema(min_length = 1, max_length = 500, example = "Amira Khan")]
    pub signed_by: String,
    #[schema(min_length = 1, max_length = 500, example = "Chair of Trustees")]
    pub signer_role: String,
    /// That the signer may commit the organisation: must be true.
    pub authority_confirmed: bool,
    pub champion: ChampionBody,
}

/// What a sign-up call did.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignUpOutcome {
    /// `recorded` (the secretariat's own) or `requested` (waiting for the
    /// secretariat).
    pub outcome: String,
    /// The new sign-up, when recorded.
    pub sign_up: Option<i64>,
    /// The request, when requested.
    pub request: Option<i64>,
}

async fn organisation_here(
    state: &AppState,
    loaded: &Loaded,
    id: OrganisationId,
) -> Result<(), ApiError> {
    let records = state
        .store
        .load_register(loaded.stored.id)
        .await
        .or_internal()?;
    records
        .organisations
        .iter()
        .any(|o| o.id == id)
        .then_some(())
        .ok_or_else(no_organisation)
}

/// Sign an organisation up. The secretariat's call records the sign-up at
/// once (201); an officer's or member's call for their own organisation is
/// a request the secretariat decides on (202).
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/organisations/{id}/sign-ups",
    operation_id = "sign_up",
    tag = "register",
    params(SlugParam, IdParam),
    request_body = SignUpBody,
    security(("api_token" = [])),
    responses(
        (status = 201, description = "The sign-up was recorded", body = SignUpOutcome),
        (status = 202, description = "The request waits for the secretariat", body = SignUpOutcome),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not sign this organisation up", body = ErrorBody),
        (status = 404, description = "No such Compact or organisation", body = ErrorBody),
        (status = 409, description = "The organisation is already a signatory", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<SignUpBody>,
) -> Result<(StatusCode, Json<SignUpOutcome>), ApiError> {
    let account = caller.require_account()?.id;
    let loaded = load(&state, &slug).await?;
    let compact = loaded.stored.id;
    let id = OrganisationId(id);
    let administer = caller.viewer.may(compact, Action::Administer);
    if !administer && !caller.viewer.may(compact, Action::ActFor(id)) {
        return Err(forbidden());
    }
    organisation_here(&state, &loaded, id).await?;
    let input = SignUpInput {
        signed_on: body.signed_on,
        signed_by: body.signed_by,
        signer_role: body.signer_role,
        authority_confirmed: body.authority_confirmed,
        champion: ChampionInput {
            appointed_on: String::new(),
            ..body.champion.input()
        },
    };
    let sign_up = input.check(today_in_london()).map_err(|p| invalid(&p))?;
    let edition = &loaded.definition.identity.edition;
    let actor = Actor::Account(account);
    if administer {
        let signatory = state
            .store
            .add_signatory(compact, id, &sign_up, edition, &actor)
            .await
            .map_err(store_error)?;
        Ok((
            StatusCode::CREATED,
            Json(SignUpOutcome {
                outcome: "recorded".into(),
                sign_up: Some(signatory.0),
                request: None,
            }),
        ))
    } else {
        let request = state
            .store
            .request_signup(compact, id, &sign_up, edition, account, &actor)
            .await
            .map_err(store_error)?;
        Ok((
            StatusCode::ACCEPTED,
            Json(SignUpOutcome {
                outcome: "requested".into(),
                sign_up: None,
                request: Some(request.0),
            }),
        ))
    }
}

/// Where a request has got to.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Pending,
    Approved,
    Refused,
}

impl From<RequestStatus> for RequestState {
    fn from(s: RequestStatus) -> RequestState {
        match s {
            RequestStatus::Pending => RequestState::Pending,
            RequestStatus::Approved => RequestState::Approved,
            RequestStatus::Refused => RequestState::Refused,
        }
    }
}

/// A request to sign up.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestItem {
    pub id: i64,
    pub organisation: i64,
    pub organisation_name: String,
    pub requested_by: String,
    pub requested_at: chrono::DateTime<chrono::Utc>,
    pub signed_on: NaiveDate,
    pub signed_by: String,
    pub edition: String,
    pub champion_name: String,
    pub status: RequestState,
    pub decision_note: Option<String>,
    /// The sign-up an approval recorded.
    pub sign_up: Option<i64>,
}

fn request_item(r: &SignupRequest) -> RequestItem {
    RequestItem {
        id: r.id.0,
        organisation: r.organisation.0,
        organisation_name: r.organisation_name.clone(),
        requested_by: r.requested_by_name.clone(),
        requested_at: r.requested_at,
        signed_on: r.sign_up.signed_on,
        signed_by: r.sign_up.signed_by_with_role(),
        edition: r.edition.clone(),
        champion_name: r.sign_up.champion.name.clone(),
        status: r.status.into(),
        decision_note: r.decision_note.clone(),
        sign_up: r.signatory.map(|s| s.0),
    }
}

/// 403 unless the caller (whose token was checked first, so a missing one
/// is a 401) is the secretariat of this Compact.
fn require_secretariat(caller: &Caller, loaded: &Loaded) -> Result<(), ApiError> {
    if caller.viewer.may(loaded.stored.id, Action::Administer) {
        Ok(())
    } else {
        Err(forbidden())
    }
}

/// Every request to sign up, newest first (the secretariat only).
#[utoipa::path(
    get,
    path = "/api/v1/compacts/{slug}/sign-up-requests",
    operation_id = "list_sign_up_requests",
    tag = "register",
    params(SlugParam),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "The requests", body = Vec<RequestItem>),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "Only the secretariat sees the requests", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn requests(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Vec<RequestItem>>, ApiError> {
    caller.require_account()?;
    let loaded = load(&state, &slug).await?;
    require_secretariat(&caller, &loaded)?;
    let all = state
        .store
        .signup_requests(loaded.stored.id, None)
        .await
        .or_internal()?;
    Ok(Json(all.iter().map(request_item).collect()))
}

/// `approve` or `refuse`.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Refuse,
}

/// The secretariat's decision on a request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionBody {
    pub decision: Decision,
    /// Why, especially on a refusal.
    #[serde(default)]
    pub note: String,
}

/// Approve (recording the sign-up) or refuse a pending request.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/sign-up-requests/{id}/decision",
    operation_id = "decide_sign_up_request",
    tag = "register",
    params(SlugParam, IdParam),
    request_body = DecisionBody,
    security(("api_token" = [])),
    responses(
        (status = 200, description = "The request as decided", body = RequestItem),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "Only the secretariat decides", body = ErrorBody),
        (status = 404, description = "No such Compact or request", body = ErrorBody),
        (status = 409, description = "Already decided, or the organisation is already a signatory", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Json<RequestItem>, ApiError> {
    let account = caller.require_account()?.id;
    let loaded = load(&state, &slug).await?;
    require_secretariat(&caller, &loaded)?;
    let id = SignupRequestId(id);
    state
        .store
        .decide_signup(
            loaded.stored.id,
            id,
            matches!(body.decision, Decision::Approve),
            &body.note,
            account,
            &Actor::Account(account),
        )
        .await
        .map_err(store_error)?;
    let request = state
        .store
        .signup_request(loaded.stored.id, id)
        .await
        .or_internal()?
        .ok_or_else(|| ApiError::internal("a decided request vanished"))?;
    Ok(Json(request_item(&request)))
}

/// The sign-up `id` of this Compact, in force today, and whether the caller
/// may change it: the secretariat, or (when `own` allows) the
/// organisation's own people.
async fn current_sign_up(
    state: &AppState,
    caller: &Caller,
    loaded: &Loaded,
    id: SignatoryId,
    own: bool,
) -> Result<compact_core::model::Signatory, ApiError> {
    let records = state
        .store
        .load_register(loaded.stored.id)
        .await
        .or_internal()?;
    let signatory = records
        .signatories
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| {
            ApiError::not_found("There is no sign-up with this number in this Compact.")
        })?;
    let compact = loaded.stored.id;
    let allowed = caller.viewer.may(compact, Action::Administer)
        || (own
            && caller
                .viewer
                .may(compact, Action::ActFor(signatory.organisation)));
    if !allowed {
        return Err(forbidden());
    }
    if !signatory.is_current_on(today_in_london()) {
        return Err(ApiError::Conflict(
            "This sign-up is not in force today.".into(),
        ));
    }
    Ok(signatory)
}

/// Name a new Compact champion for a sign-up in force, or correct the
/// current one (the secretariat, or the organisation's own people).
#[utoipa::path(
    put,
    path = "/api/v1/compacts/{slug}/sign-ups/{id}/champion",
    operation_id = "set_champion",
    tag = "register",
    params(SlugParam, IdParam),
    request_body = ChampionBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The champion was saved"),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "The caller may not change this champion", body = ErrorBody),
        (status = 404, description = "No such Compact or sign-up", body = ErrorBody),
        (status = 409, description = "The sign-up is not in force", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn set_champion(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<ChampionBody>,
) -> Result<StatusCode, ApiError> {
    let account = caller.require_account()?.id;
    let loaded = load(&state, &slug).await?;
    let signatory = current_sign_up(&state, &caller, &loaded, SignatoryId(id), true).await?;
    let mut input = body.input();
    if input.appointed_on.trim().is_empty() {
        input.appointed_on = today_in_london().to_string();
    }
    let champion = input
        .check(today_in_london(), signatory.signed_on)
        .map_err(|p| invalid(&p))?;
    state
        .store
        .set_champion(
            loaded.stored.id,
            signatory.id,
            &champion,
            &Actor::Account(account),
        )
        .await
        .map_err(store_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A withdrawal, as sent.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WithdrawalBody {
    /// The date it takes effect (YYYY-MM-DD): on or after the signing, and
    /// not in the future.
    #[schema(format = Date, example = "2026-03-31")]
    pub withdrawn_on: String,
    #[schema(
        min_length = 1,
        max_length = 500,
        example = "The organisation merged with another"
    )]
    pub reason: String,
}

/// Record that a signatory withdrew (the secretariat only). Its badge is
/// revoked from that date.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/sign-ups/{id}/withdrawal",
    operation_id = "withdraw",
    tag = "register",
    params(SlugParam, IdParam),
    request_body = WithdrawalBody,
    security(("api_token" = [])),
    responses(
        (status = 204, description = "The withdrawal was recorded"),
        (status = 400, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "Only the secretariat records withdrawals", body = ErrorBody),
        (status = 404, description = "No such Compact or sign-up", body = ErrorBody),
        (status = 409, description = "The sign-up is not in force", body = ErrorBody),
        (status = 422, description = "Some fields need correcting", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((slug, id)): ApiPath<(String, i64)>,
    ApiJson(body): ApiJson<WithdrawalBody>,
) -> Result<StatusCode, ApiError> {
    let account = caller.require_account()?.id;
    let loaded = load(&state, &slug).await?;
    let signatory = current_sign_up(&state, &caller, &loaded, SignatoryId(id), false).await?;
    let (on, reason) = WithdrawalInput {
        withdrawn_on: body.withdrawn_on,
        reason: body.reason,
    }
    .check(today_in_london(), signatory.signed_on)
    .map_err(|p| invalid(&p))?;
    state
        .store
        .withdraw_signatory(
            loaded.stored.id,
            signatory.id,
            on,
            &reason,
            &Actor::Account(account),
        )
        .await
        .map_err(store_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?format=&dry_run=` of an import.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `charity-commission` or `compact`; read from the header when not
    /// given.
    pub format: Option<String>,
    /// Check the file and say what would happen, keeping nothing.
    pub dry_run: Option<bool>,
}

/// One thing wrong with one row of an import.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProblem {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u64,
    /// The column, or empty when the whole row is wrong.
    pub column: String,
    pub problem: String,
}

/// What an import did, or (in a dry run) would have done.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    pub dry_run: bool,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Every problem of every refused row, in row order.
    pub problems: Vec<ImportProblem>,
}

/// Import organisations into the register from a CSV file sent as the
/// body (the Charity Commission's register extract or Compact's own layout;
/// see docs/import-format.md). Good rows are saved even when others are
/// refused; importing the same file again changes nothing. The secretariat
/// only; files over 2 MiB go through `compact import organisations`.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/organisations/import",
    operation_id = "import_organisations",
    tag = "register",
    params(SlugParam, ImportParams),
    request_body(content = String, content_type = "text/csv", description = "The file, with its header row"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "What the import did, with every refused row", body = ImportResult),
        (status = 400, description = "A query parameter is not one the import knows", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "Only the secretariat imports", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 413, description = "The file is over 2 MiB"),
        (status = 422, description = "The file cannot be read as either layout", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<ImportParams>,
    body: axum::body::Bytes,
) -> Result<Json<ImportResult>, ApiError> {
    let account = caller.require_account()?.id;
    let loaded = load(&state, &slug).await?;
    require_secretariat(&caller, &loaded)?;
    let format = params
        .format
        .as_deref()
        .map(|f| {
            compact_core::import::ImportFormat::parse(f).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{f:?} is not an import format: use charity-commission or compact."
                ))
            })
        })
        .transpose()?;
    let summary = crate::views::import::import_upload(
        &state.store,
        loaded.stored.id,
        &body,
        format,
        params.dry_run.unwrap_or(false),
        &Actor::Account(account),
    )
    .await
    .map_err(|e| match e {
        crate::views::import::UploadError::Unreadable(e) => {
            ApiError::Invalid(sentence(&e.to_string()))
        }
        crate::views::import::UploadError::Store(e) => ApiError::internal(e),
    })?;
    Ok(Json(ImportResult {
        dry_run: summary.dry_run,
        created: summary.created as u64,
        updated: summary.updated as u64,
        unchanged: summary.unchanged as u64,
        rejected: summary.rejected as u64,
        problems: summary
            .problems
            .into_iter()
            .map(|p| ImportProblem {
                row: p.row,
                column: p.column,
                problem: p.problem,
            })
            .collect(),
    }))
}
