//! The secretariat's import page: upload a CSV file of organisations (the
//! Charity Commission's register extract or Compact's own layout), check it
//! first if wanted, and see what was created, updated and refused, row by
//! row. The same import as `compact import organisations`, for files that
//! fit in one upload.

use super::register_forms::requests::secretariat;
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
use compact_app::register::read_import;
use compact_core::import::ImportFormat;

fn kind(t: &Tr, slug: &str) -> ImportKind {
    ImportKind {
        title: t.get("import-title"),
        section: Section::Register,
        breadcrumbs: vec![(t.get("register-title"), Some(crate::routes::register(slug)))],
        intro: vec![t.get("import-intro"), t.get("import-again")],
        action: crate::routes::import(slug),
        file_hint: t.get("import-file-hint"),
        accept: ".csv,.txt,text/csv,text/plain",
        legend: t.get("import-format-legend"),
        auto_label: t.get("import-format-auto"),
        choices: vec![
            Choice {
                id: "cc",
                value: "charity-commission",
                label: t.get("import-format-charity-commission"),
            },
            Choice {
                id: "compact",
                value: "compact",
                label: t.get("import-format-compact"),
            },
        ],
        layouts: Vec::new(),
    }
}

pub async fn import_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let t = Tr::new(visit.lang);
    Ok(first_page(&visit, &loaded, kind(&t, &slug)))
}

pub async fn import(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    upload: CsrfUpload,
) -> Result<Response, PageError> {
    let visit = &upload.visit;
    let loaded = secretariat(&state, visit, &slug).await?;
    let t = Tr::new(visit.lang);
    let form = Upload::of(&upload);
    let refused = |error: String| refused_page(visit, &loaded, kind(&t, &slug), &form, error);
    if upload.file.is_empty() {
        return Ok(refused(t.get("import-error-no-file")));
    }
    let format = ImportFormat::parse(&form.format);
    let file = match read_import(upload.file.clone(), format)
        .await
        .map_err(|e| PageError::from_app(visit, e))?
    {
        Ok(file) => file,
        // Which columns were expected is in the reader's own (English)
        // words, after a sentence in the page's language.
        Err(e) => return Ok(refused(unreadable(&t, e.to_string()))),
    };
    let summary = state
        .app
        .import_organisations(&visit.acting(), &slug, &file, form.dry_run, &|_| {})
        .await
        .map_err(|e| PageError::from_app(visit, e))?;
    let shown = rows_shown(
        &t,
        &summary,
        [
            "import-created",
            "import-updated",
            "import-unchanged",
            "import-rejected",
        ],
        "import-more-problems",
    );
    Ok(import_page(visit, &loaded, kind(&t, &slug), &form, shown))
}
