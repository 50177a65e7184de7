//! The public register: who has signed up to a Compact, searchable by name,
//! sector, kind and area of work, as it stands today or stood on any past
//! date, with counts by sector, a chart of sign-ups over time and the same
//! list to download as CSV or JSON.

use super::{forms, load_compact, render, OrInternal, PageError};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use crate::views::register::{self as view, ParamError, RegisterParams, RegisterRow, PER_PAGE};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use compact_core::access::Action;
use compact_core::date_ranges::OutOfRange;
use compact_core::definition::{OrganisationKind, Sector};
use compact_core::register::GrowthPoint;
use compact_store::{RegisterQuery, RequestStatus};

/// An option of a select box.
pub struct Choice {
    pub value: String,
    pub text: String,
    pub selected: bool,
}

/// A bar of the sign-ups chart, in the SVG's own units.
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// Shown on hover and read by screen readers.
    pub title: String,
}

/// The sign-ups chart, drawn on the server so it needs no JavaScript; its
/// figures are also in a table beneath it.
pub struct Chart {
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    /// Year labels under the bars: (x, text).
    pub labels: Vec<(u32, String)>,
    /// The highest count, which the top gridline marks.
    pub max: usize,
    pub table: Vec<(String, usize, usize, usize)>,
}

const CHART_WIDTH: u32 = 720;
const CHART_HEIGHT: u32 = 200;
const CHART_AXIS: u32 = 24;

fn chart(t: &Tr, points: &[GrowthPoint]) -> Option<Chart> {
    if points.is_empty() {
        return None;
    }
    let max = points
        .iter()
        .map(|p| p.signatories)
        .max()
        .unwrap_or(0)
        .max(1);
    let slot = CHART_WIDTH / points.len() as u32;
    let width = slot.saturating_sub(2).max(1);
    // The tallest bar reaches the gridline drawn under the top label.
    let top = 16;
    let plot = CHART_HEIGHT - CHART_AXIS;
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let height = (p.signatories as u64 * u64::from(plot - top) / max as u64) as u32;
            Bar {
                x: i as u32 * slot,
                y: plot - height,
                width,
                height,
                title: t.with(
                    "register-chart-bar",
                    &[
                        ("date", Arg::Text(t.date(&p.on))),
                        ("count", Arg::Number(p.signatories as i64)),
                    ],
                ),
            }
        })
        .collect();
    let mut labels = Vec::new();
    let mut last_year = None;
    for (i, p) in points.iter().enumerate() {
        use chrono::Datelike;
        let year = p.on.year();
        if last_year != Some(year) {
            last_year = Some(year);
            labels.push((i as u32 * slot, year.to_string()));
        }
    }
    // Too many labels overlap: keep at most a dozen, evenly spread.
    if labels.len() > 12 {
        let step = labels.len().div_ceil(12);
        labels = labels.into_iter().step_by(step).collect();
    }
    let table = points
        .iter()
        .map(|p| (t.date(&p.on), p.signatories, p.joined, p.left))
        .collect();
    Some(Chart {
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
        bars,
        labels,
        max,
        table,
    })
}

pub struct Row {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub since: String,
    pub champion: String,
    pub standing: String,
    pub standing_class: &'static str,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    frame: Frame,
    slug: String,
    intro: String,
    as_of_note: Option<String>,
    counts: Vec<(String, usize)>,
    total: usize,
    chart: Option<Chart>,
    error_summary: Option<crate::components::ErrorSummary>,
    q: String,
    on: String,
    on_error: Option<String>,
    all: bool,
    sectors: Vec<Choice>,
    kinds: Vec<Choice>,
    areas: Vec<Choice>,
    rows: Vec<Row>,
    shown: String,
    pagination: Option<crate::components::Pagination>,
    csv_href: String,
    json_href: String,
    requests: Option<String>,
}

pub fn kind_name(t: &Tr, kind: OrganisationKind) -> String {
    t.get(&format!("kind-{}", kind.as_str().replace('_', "-")))
}

pub fn sector_name(t: &Tr, sector: Sector) -> String {
    t.get(&format!("sector-{}", view::sector_str(sector)))
}

pub fn standing_name(t: &Tr, standing: &str) -> (String, &'static str) {
    match standing {
        "signatory" => (t.get("standing-signatory"), "govuk-tag--green"),
        "withdrawn" => (t.get("standing-withdrawn"), "govuk-tag--grey"),
        _ => (t.get("standing-not-signed"), "govuk-tag--yellow"),
    }
}

fn choices(
    selected: Option<&str>,
    items: impl IntoIterator<Item = (String, String)>,
) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, text)| Choice {
            selected: selected == Some(value.as_str()),
            value,
            text,
        })
        .collect()
}

/// `?page=`, apart from the search so the downloads can ignore it.
#[derive(serde::Deserialize)]
pub struct PageQuery {
    page: Option<u32>,
}

pub async fn register(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(params): Query<RegisterParams>,
    Query(page): Query<PageQuery>,
) -> Result<Response, PageError> {
    let loaded = load_compact(&state, &visit, &slug).await?;
    let compact = loaded.stored.id;
    // Kept per data version: the same search at the same version is read
    // once, whichever server or visitor asked first.
    let register = state.app.register(compact).await.or_internal(&visit)?;
    let t = Tr::new(visit.lang);
    let today = state.today();
    // A bad filter value is shown on the form; the list falls back to
    // today's register of signatories.
    let (search, param_error) = match params.read(today) {
        Ok(search) => (search, None),
        Err(e) => (view::RegisterSearch::signatories_on(today), Some(e)),
    };
    let query = RegisterQuery::new(search.on, search.filter.clone());
    let wanted = page.page.unwrap_or(1).max(1);
    let at = |page: u32| (u64::from(page) - 1) * PER_PAGE as u64;
    let mut found = register
        .page(&query, at(wanted), PER_PAGE as u64)
        .await
        .or_internal(&visit)?;
    let pages = (found.total.div_ceil(PER_PAGE as u64).max(1)).min(u64::from(u32::MAX)) as u32;
    let page = wanted.min(pages);
    if page != wanted {
        // Past the last page: show the last one, as before.
        found = register
            .page(&query, at(page), PER_PAGE as u64)
            .await
            .or_internal(&visit)?;
    }
    let start = at(page) as usize;
    let rows: Vec<Row> = found
        .entries
        .iter()
        .map(|e| {
            let e = e.entry();
            let r = RegisterRow::of(&e);
            let (standing, standing_class) = standing_name(&t, &r.standing);
            Row {
                href: crate::routes::organisation(&slug, compact_core::OrganisationId(r.id)),
                name: r.name,
                kind: kind_name(&t, e.organisation.kind),
                since: t.maybe_date(&r.signed_on),
                champion: r.champion.unwrap_or_else(|| t.get("register-no-champion")),
                standing,
                standing_class,
            }
        })
        .collect();
    let shown = if found.total == 0 {
        t.get("register-none-found")
    } else {
        t.with(
            "register-shown",
            &[
                ("from", Arg::Number(start as i64 + 1)),
                ("to", Arg::Number((start + rows.len()) as i64)),
                ("total", Arg::Number(found.total as i64)),
            ],
        )
    };
    let query = params.query_without_page();
    let joiner = if query.is_empty() { "" } else { "&" };
    let pagination = forms::pagination(&t, page, pages, |n| {
        crate::routes::register_with(&slug, &format!("{query}{joiner}page={n}"))
    });
    let by_sector = register
        .signatories_by_sector(search.on)
        .await
        .or_internal(&visit)?;
    let total = by_sector.iter().map(|(_, n)| n).sum();
    let counts = by_sector
        .iter()
        .map(|(s, n)| (sector_name(&t, *s), *n))
        .collect();
    let points = register.growth(search.on).await.or_internal(&visit)?;
    let areas_of_work = register.areas_of_work().await.or_internal(&visit)?;
    let mut frame = Frame::new(
        &visit,
        t.get("register-title"),
        Some(InCompact {
            slug: &slug,
            name: &loaded.stored.name,
        }),
        Section::Register,
    );
    let on_error = param_error.as_ref().map(|e| param_message(&t, e));
    let error_summary = match (&param_error, &on_error) {
        (Some(e), Some(text)) => frame.error_summary(&[crate::components::ErrorLink {
            text: text.clone(),
            href: format!("#{}", e.field()),
        }]),
        _ => None,
    };
    let viewer = visit.viewer();
    let requests = if viewer.may(loaded.stored.id, Action::Administer) {
        let waiting = state
            .app
            .store
            .signup_requests(loaded.stored.id, Some(RequestStatus::Pending))
            .await
            .or_internal(&visit)?
            .len();
        Some(t.with(
            "register-requests-waiting",
            &[("count", Arg::Number(waiting as i64))],
        ))
    } else {
        None
    };
    let selected_sector = search.filter.sector.map(view::sector_str);
    let selected_kind = search.filter.kind.map(|k| k.as_str());
    let page_view = RegisterPage {
        intro: t.with(
            "register-intro",
            &[("compact", Arg::Text(loaded.stored.name.clone()))],
        ),
        as_of_note: (search.on != today)
            .then(|| t.with("register-as-of", &[("date", Arg::Text(t.date(&search.on)))])),
        counts,
        total,
        chart: chart(&t, &points),
        error_summary,
        q: search.filter.text.clone(),
        on: if search.on == today {
            String::new()
        } else {
            search.on.format("%d/%m/%Y").to_string()
        },
        on_error: on_error.filter(|_| param_error.as_ref().is_some_and(|e| e.field() == "on")),
        all: !search.filter.signatories_only,
        sectors: choices(
            selected_sector,
            [Sector::Public, Sector::Vcse, Sector::Private]
                .into_iter()
                .map(|s| (view::sector_str(s).to_string(), sector_name(&t, s))),
        ),
        kinds: choices(
            selected_kind,
            OrganisationKind::ALL
                .into_iter()
                .map(|k| (k.as_str().to_string(), kind_name(&t, k))),
        ),
        areas: choices(
            search.filter.area.as_deref(),
            areas_of_work.iter().map(|a| (a.clone(), a.clone())),
        ),
        rows,
        shown,
        pagination,
        csv_href: crate::routes::register_csv(&slug, &query),
        json_href: crate::routes::register_json(&slug, &query),
        requests,
        slug,
        frame,
    };
    let status = if param_error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((status, render(&page_view)).into_response())
}

fn param_message(t: &Tr, e: &ParamError) -> String {
    match e {
        ParamError::Date(_) => t.get("register-error-date"),
        ParamError::DateOutOfRange(_, side, range) => t.with(
            match side {
                OutOfRange::TooEarly => "register-error-date-too-early",
                OutOfRange::TooLate => "register-error-date-too-late",
            },
            &[("earliest", Arg::Text(t.date(&range.earliest)))],
        ),
        ParamError::Sector(_) => t.get("register-error-sector"),
        ParamError::Kind(_) => t.get("register-error-kind"),
        ParamError::Standing(_) => t.get("register-error-standing"),
    }
}

/// Which format a download is in.
#[derive(Clone, Copy)]
enum Download {
    Csv,
    Json,
}

async fn download(
    state: AppState,
    visit: Visit,
    slug: String,
    params: RegisterParams,
    format: Download,
) -> Result<Response, PageError> {
    let loaded = load_compact(&state, &visit, &slug).await?;
    let search = match params.read(state.today()) {
        Ok(search) => search,
        Err(e) => {
            return Ok((StatusCode::BAD_REQUEST, format!("{}\n", e.message())).into_response());
        }
    };
    let rows = download_rows(&state, loaded.stored.id, &search)
        .await
        .or_internal(&visit)?;
    let name = format!("{slug}-register-{}", search.on);
    let (body, content_type, extension) = match format {
        Download::Csv => (
            view::to_csv(&rows).or_internal(&visit)?,
            "text/csv; charset=utf-8",
            "csv",
        ),
        Download::Json => (
            serde_json::to_string_pretty(&rows).or_internal(&visit)?,
            "application/json",
            "json",
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{extension}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// How many organisations a download reads at a time.
const DOWNLOAD_BATCH: usize = 500;

/// Every row a search finds, read in batches: the ids in register order,
/// then each batch's organisations and sign-ups, so no whole register is
/// loaded at once.
async fn download_rows(
    state: &AppState,
    compact: compact_core::CompactId,
    search: &view::RegisterSearch,
) -> compact_store::Result<Vec<RegisterRow>> {
    let store = &state.app.store;
    let query = RegisterQuery::new(search.on, search.filter.clone());
    let ids = store.register_ids(compact, &query).await?;
    let mut rows = Vec::with_capacity(ids.len());
    for batch in ids.chunks(DOWNLOAD_BATCH) {
        let entries = store.register_entries(compact, search.on, batch).await?;
        rows.extend(entries.iter().map(|e| RegisterRow::of(&e.entry())));
    }
    Ok(rows)
}

pub async fn register_csv(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(params): Query<RegisterParams>,
) -> Result<Response, PageError> {
    download(state, visit, slug, params, Download::Csv).await
}

pub async fn register_json(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(params): Query<RegisterParams>,
) -> Result<Response, PageError> {
    download(state, visit, slug, params, Download::Json).await
}
