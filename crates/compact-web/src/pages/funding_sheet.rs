//! The page for importing a council's own spreadsheet of agreements,
//! payments or changes (docs/council-spreadsheets.md): the secretariat for
//! any public body, an officer for their own. The same import as
//! `compact import agreements|payments|changes`, for files that fit in one
//! upload.

use super::upload::{
    first_page, import_page, refused_page, rows_shown, unreadable, Choice, ImportKind, Upload,
};
use super::PageError;
use crate::csrf::CsrfUpload;
use crate::frame::Section;
use crate::i18n::Tr;
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use compact_app::funding::read_funding_sheet;
use compact_core::spreadsheets::SheetKind;

fn kind(t: &Tr, slug: &str) -> ImportKind {
    let choice = |kind: SheetKind| Choice {
        id: kind.as_str(),
        value: kind.as_str(),
        label: t.get(&format!("funding-sheet-kind-{}", kind.as_str())),
    };
    ImportKind {
        title: t.get("funding-sheet-title"),
        section: Section::Funding,
        breadcrumbs: vec![(t.get("funding-title"), Some(crate::routes::funding(slug)))],
        intro: vec![t.get("funding-sheet-intro"), t.get("funding-sheet-again")],
        action: crate::routes::funding_sheet(slug),
        file_hint: t.get("funding-sheet-file-hint"),
        accept: ".csv,text/csv",
        legend: t.get("funding-sheet-kind-legend"),
        auto_label: t.get("funding-sheet-kind-auto"),
        choices: SheetKind::ALL.into_iter().map(choice).collect(),
    }
}

pub async fn funding_sheet_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = state
        .app
        .funding_importer(&visit.acting(), &slug)
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    let t = Tr::new(visit.lang);
    Ok(first_page(&visit, &loaded, kind(&t, &slug)))
}

pub async fn funding_sheet(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    upload: CsrfUpload,
) -> Result<Response, PageError> {
    let visit = &upload.visit;
    let acting = visit.acting();
    let loaded = state
        .app
        .funding_importer(&acting, &slug)
        .await
        .map_err(|e| PageError::from_app(visit, e))?;
    let t = Tr::new(visit.lang);
    let form = Upload::of(&upload);
    let refused = |error: String| refused_page(visit, &loaded, kind(&t, &slug), &form, error);
    if upload.file.is_empty() {
        return Ok(refused(t.get("import-error-no-file")));
    }
    let sheet = match read_funding_sheet(upload.file.clone(), SheetKind::parse(&form.format))
        .await
        .map_err(|e| PageError::from_app(visit, e))?
    {
        Ok(sheet) => sheet,
        // The reader's own (English) words say which columns it expected.
        Err(e) => return Ok(refused(unreadable(&t, e.to_string()))),
    };
    let summary = state
        .app
        .import_funding_sheet(&acting, &slug, &sheet, form.dry_run, &|_| {})
        .await
        .map_err(|e| PageError::from_app(visit, e))?;
    let shown = rows_shown(
        &t,
        &summary,
        [
            "funding-sheet-created",
            "funding-sheet-updated",
            "funding-sheet-unchanged",
            "import-rejected",
        ],
        "funding-sheet-more-problems",
    );
    Ok(import_page(visit, &loaded, kind(&t, &slug), &form, shown))
}
