//! Importing organisations into the register through the API.

use crate::api::auth::Caller;
use crate::api::compacts::SlugParam;
use crate::api::errors::{ApiError, ErrorBody};
use crate::api::params::{sentence, ApiPath, ApiQuery};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use compact_app::register::read_import;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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
    let acting = caller.acting();
    // Who may import is settled before the file is read.
    state.app.as_secretariat(&acting, &slug).await?;
    let format = choice(
        params.format.as_deref(),
        compact_core::import::ImportFormat::parse,
        "an import format: use charity-commission or compact",
    )?;
    let file = read_import(body.to_vec(), format)
        .await?
        .map_err(|e| ApiError::Invalid(sentence(&e.to_string()), Vec::new()))?;
    let dry_run = params.dry_run.unwrap_or(false);
    let summary = state
        .app
        .import_organisations(&acting, &slug, &file, dry_run, &|_| {})
        .await?;
    Ok(Json(summary.into()))
}

impl From<compact_store::ImportSummary> for ImportResult {
    fn from(summary: compact_store::ImportSummary) -> ImportResult {
        ImportResult {
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
        }
    }
}

/// `?kind=&dry_run=` of an import of a council's spreadsheet.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SheetParams {
    /// `consultations`, `agreements`, `payments` or `changes`; read from
    /// the header when not given.
    pub kind: Option<String>,
    /// Check the file and say what would happen, keeping nothing.
    pub dry_run: Option<bool>,
}

/// Import a council's own spreadsheet of consultations, or of funding
/// agreements, payments or changes, sent as the body (see
/// docs/council-spreadsheets.md). Each record is found again by the
/// council's reference, so importing the same file again changes nothing;
/// good rows are saved even when others are refused. The secretariat for
/// any public body, an officer for their own (other rows are refused as row
/// problems); files over 2 MiB go through
/// `compact import consultations|agreements|payments|changes`.
#[utoipa::path(
    post,
    path = "/api/v1/compacts/{slug}/records/import",
    operation_id = "import_records_spreadsheet",
    tag = "funding",
    params(SlugParam, SheetParams),
    request_body(content = String, content_type = "text/csv", description = "The file, with its header row"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "What the import did, with every refused row", body = ImportResult),
        (status = 400, description = "A query parameter is not one the import knows", body = ErrorBody),
        (status = 401, description = "No valid API token was sent", body = ErrorBody),
        (status = 403, description = "Only the secretariat and public bodies' officers import", body = ErrorBody),
        (status = 404, description = "There is no Compact with this slug", body = ErrorBody),
        (status = 413, description = "The file is over 2 MiB"),
        (status = 422, description = "The file's header row cannot be read", body = ErrorBody),
        (status = 500, description = "Something went wrong on our side", body = ErrorBody),
    )
)]
pub async fn import_records_sheet(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<SheetParams>,
    body: axum::body::Bytes,
) -> Result<Json<ImportResult>, ApiError> {
    use compact_core::spreadsheets::SheetKind;
    let acting = caller.acting();
    // Who may import is settled before the file is read.
    state.app.spreadsheet_importer(&acting, &slug).await?;
    let kind = choice(
        params.kind.as_deref(),
        SheetKind::parse,
        "a kind of spreadsheet: use consultations, agreements, payments or changes",
    )?;
    let sheet = compact_app::spreadsheets::read_spreadsheet(body.to_vec(), kind)
        .await?
        .map_err(|e| ApiError::Invalid(sentence(&e.to_string()), Vec::new()))?;
    let summary = state
        .app
        .import_spreadsheet(
            &acting,
            &slug,
            &sheet,
            params.dry_run.unwrap_or(false),
            &|_| {},
        )
        .await?;
    Ok(Json(summary.into()))
}

/// A query parameter's value, if given, parsed by `parse`; a value it
/// does not take is a 400 saying it is not `what`.
fn choice<T>(
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>, ApiError> {
    value
        .map(|v| parse(v).ok_or_else(|| ApiError::bad_request(format!("{v:?} is not {what}."))))
        .transpose()
}
