//! The secretariat's page for importing a funder's 360Giving file into the
//! Compact's funding agreements: upload the JSON package or the CSV
//! spreadsheet, check it first if wanted, and see what was created and
//! updated, or every problem by grant (or row) and field. The same import
//! as `compact import 360giving`, for files that fit in one upload.

use super::register_forms::requests::secretariat;
use super::upload::{
    done_heading, first_page, import_page, more_problems, unreadable, Choice, ImportKind, Outcome,
    Problems, Shown, Upload, SHOWN_PROBLEMS,
};
use super::PageError;
use crate::csrf::CsrfUpload;
use crate::frame::Section;
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use compact_app::grants::{GrantsFileRefusal, GrantsFormat};
use compact_store::GrantsImportSummary;

fn kind(t: &Tr, slug: &str) -> ImportKind {
    ImportKind {
        title: t.get("grants-import-title"),
        section: Section::Other,
        breadcrumbs: Vec::new(),
        intro: vec![t.get("grants-import-intro"), t.get("grants-import-again")],
        action: crate::routes::grants_import(slug),
        file_hint: t.get("grants-import-file-hint"),
        accept: ".json,.csv,application/json,text/csv",
        legend: t.get("import-format-legend"),
        auto_label: t.get("grants-import-format-auto"),
        choices: vec![
            Choice {
                id: "json",
                value: "json",
                label: t.get("grants-import-format-json"),
            },
            Choice {
                id: "csv",
                value: "csv",
                label: t.get("grants-import-format-csv"),
            },
        ],
        layouts: Vec::new(),
    }
}

pub async fn grants_import_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let t = Tr::new(visit.lang);
    Ok(first_page(&visit, &loaded, kind(&t, &slug)))
}

/// JSON when asked, or when the file starts as a JSON document does;
/// otherwise the spreadsheet layout.
fn format_of(choice: &str, file: &[u8]) -> GrantsFormat {
    match choice {
        "json" => GrantsFormat::Json,
        "csv" => GrantsFormat::Csv,
        _ => {
            let first = file
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(file)
                .iter()
                .find(|b| !b.is_ascii_whitespace());
            if matches!(first, Some(b'{' | b'[')) {
                GrantsFormat::Json
            } else {
                GrantsFormat::Csv
            }
        }
    }
}

pub async fn grants_import(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    upload: CsrfUpload,
) -> Result<Response, PageError> {
    let visit = &upload.visit;
    let loaded = secretariat(&state, visit, &slug).await?;
    let t = Tr::new(visit.lang);
    let form = Upload::of(&upload);
    let mut shown = Shown::default();
    if upload.file.is_empty() {
        shown.error = Some(t.get("import-error-no-file"));
        return Ok(import_page(visit, &loaded, kind(&t, &slug), &form, shown));
    }
    let format = format_of(&form.format, &upload.file);
    let result = state
        .app
        .import_grants(
            &visit.acting(),
            &slug,
            upload.file.clone(),
            format,
            form.dry_run,
        )
        .await
        .map_err(|e| PageError::from_app(visit, e))?;
    match result {
        Ok(summary) => shown.outcome = Some(outcome(&t, &summary)),
        Err(GrantsFileRefusal::Unreadable(detail)) => {
            shown.error = Some(unreadable(&t, detail));
        }
        Err(GrantsFileRefusal::Grants(problems)) => {
            shown.error = Some(t.with(
                "grants-import-refused",
                &[("count", Arg::Number(problems.len() as i64))],
            ));
            shown.problems = Problems {
                caption: t.get("grants-import-problems"),
                place_header: t.get("grants-import-col-where"),
                column_header: t.get("grants-import-col-field"),
                more: more_problems(&t, "grants-import-more-problems", problems.len()),
                rows: problems
                    .into_iter()
                    .take(SHOWN_PROBLEMS)
                    .map(|p| {
                        let place = t.with(
                            if p.row {
                                "grants-import-row"
                            } else {
                                "grants-import-grant"
                            },
                            &[("number", Arg::Number(p.grant as i64))],
                        );
                        (place, p.field, p.problem)
                    })
                    .collect(),
            };
        }
    }
    Ok(import_page(visit, &loaded, kind(&t, &slug), &form, shown))
}

fn outcome(t: &Tr, s: &GrantsImportSummary) -> Outcome {
    Outcome {
        heading: done_heading(t, s.dry_run),
        counts: vec![
            (t.get("grants-import-created"), s.agreements_created),
            (t.get("grants-import-updated"), s.agreements_updated),
            (t.get("grants-import-unchanged"), s.agreements_unchanged),
            (
                t.get("grants-import-organisations-found"),
                s.organisations_found,
            ),
            (
                t.get("grants-import-organisations-created"),
                s.organisations_created,
            ),
        ],
    }
}
