//! The page for importing a council's own spreadsheet of consultations,
//! agreements, payments or changes (docs/council-spreadsheets.md): the
//! secretariat for any public body, an officer for their own. The same
//! import as `compact import consultations|agreements|payments|changes`,
//! for files that fit in one upload. Both the consultations and the
//! funding lists link to it, so its trail leads to the Compact.

use super::upload::{
    first_page, import_page, refused_page, rows_shown, unreadable, Choice, ImportKind, Layout,
    Upload,
};
use super::PageError;
use crate::csrf::CsrfUpload;
use crate::frame::Section;
use crate::i18n::Tr;
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use compact_app::spreadsheets::read_spreadsheet;
use compact_core::spreadsheets::SheetKind;

fn kind(t: &Tr, slug: &str, compact: &str) -> ImportKind {
    let choice = |kind: SheetKind| Choice {
        id: kind.as_str(),
        value: kind.as_str(),
        label: t.get(&format!("records-import-kind-{}", kind.as_str())),
    };
    ImportKind {
        title: t.get("records-import-title"),
        section: Section::Funding,
        breadcrumbs: vec![(compact.to_string(), Some(crate::routes::compact(slug)))],
        intro: vec![t.get("records-import-intro"), t.get("records-import-again")],
        action: crate::routes::records_import(slug),
        file_hint: t.get("records-import-file-hint"),
        accept: ".csv,text/csv",
        legend: t.get("records-import-kind-legend"),
        auto_label: t.get("records-import-kind-auto"),
        choices: SheetKind::ALL.into_iter().map(choice).collect(),
        layouts: SheetKind::ALL.into_iter().map(|k| layout(t, k)).collect(),
    }
}

fn layout(t: &Tr, kind: SheetKind) -> Layout {
    let key = |part: &str| t.get(&format!("records-import-{part}-{}", kind.as_str()));
    Layout {
        summary: key("layout"),
        required: kind.columns_required(true),
        optional: kind.columns_required(false),
        example: (crate::routes::spreadsheet_example(kind), key("example")),
    }
}

/// The documented example of each layout (docs/examples/), the same bytes
/// the tests import, so the download cannot drift from the layout.
fn example(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Consultations => include_str!("../../../../docs/examples/consultations.csv"),
        SheetKind::Agreements => include_str!("../../../../docs/examples/agreements.csv"),
        SheetKind::Payments => include_str!("../../../../docs/examples/payments.csv"),
        SheetKind::Changes => include_str!("../../../../docs/examples/changes.csv"),
    }
}

/// The example files, one address each: any other name is the service's
/// own 404 page.
pub fn example_routes() -> Router<AppState> {
    SheetKind::ALL
        .into_iter()
        .fold(Router::new(), |router, kind| {
            router.route(
                &crate::routes::spreadsheet_example(kind),
                get(move || async move { example_file(kind) }),
            )
        })
}

/// An example file to download and fill in. The same for every Compact,
/// and public: it holds no one's records.
fn example_file(kind: SheetKind) -> Response {
    let disposition = format!("attachment; filename=\"{kind}-example.csv\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        example(kind),
    )
        .into_response()
}

pub async fn records_import_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = state
        .app
        .spreadsheet_importer(&visit.acting(), &slug)
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    let t = Tr::new(visit.lang);
    Ok(first_page(
        &visit,
        &loaded,
        kind(&t, &slug, &loaded.stored.name),
    ))
}

pub async fn records_import(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    upload: CsrfUpload,
) -> Result<Response, PageError> {
    let visit = &upload.visit;
    let acting = visit.acting();
    let loaded = state
        .app
        .spreadsheet_importer(&acting, &slug)
        .await
        .map_err(|e| PageError::from_app(visit, e))?;
    let t = Tr::new(visit.lang);
    let form = Upload::of(&upload);
    let refused = |error: String| {
        refused_page(
            visit,
            &loaded,
            kind(&t, &slug, &loaded.stored.name),
            &form,
            error,
        )
    };
    if upload.file.is_empty() {
        return Ok(refused(t.get("import-error-no-file")));
    }
    let sheet = match read_spreadsheet(upload.file.clone(), SheetKind::parse(&form.format))
        .await
        .map_err(|e| PageError::from_app(visit, e))?
    {
        Ok(sheet) => sheet,
        // The reader's own (English) words say which columns it expected.
        Err(e) => return Ok(refused(unreadable(&t, e.to_string()))),
    };
    let summary = state
        .app
        .import_spreadsheet(&acting, &slug, &sheet, form.dry_run, &|_| {})
        .await
        .map_err(|e| PageError::from_app(visit, e))?;
    let shown = rows_shown(
        &t,
        &summary,
        [
            "records-import-created",
            "records-import-updated",
            "records-import-unchanged",
            "import-rejected",
        ],
        "records-import-more-problems",
    );
    Ok(import_page(
        visit,
        &loaded,
        kind(&t, &slug, &loaded.stored.name),
        &form,
        shown,
    ))
}
