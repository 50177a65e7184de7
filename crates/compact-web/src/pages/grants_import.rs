//! The secretariat's page for importing a funder's 360Giving file into the
//! Compact's funding agreements: upload the JSON package or the CSV
//! spreadsheet, check it first if wanted, and see what was created and
//! updated, or every problem by grant (or row) and field. The same import
//! as `compact import 360giving`, for files that fit in one upload.

use super::register_forms::requests::secretariat;
use super::{forms, render, PageError};
use crate::components::ErrorLink;
use crate::csrf::CsrfUpload;
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use compact_app::grants::{GrantsFileRefusal, GrantsFormat};
use compact_store::GrantsImportSummary;

/// How many problems the page lists; the rest are counted.
const SHOWN_PROBLEMS: usize = 500;

pub struct Outcome {
    pub heading: String,
    pub counts: Vec<(String, usize)>,
}

#[derive(Template)]
#[template(path = "grants_import.html")]
struct GrantsImportPage {
    frame: Frame,
    error_summary: Option<crate::components::ErrorSummary>,
    file_error: Option<String>,
    action: String,
    format: String,
    dry_run: bool,
    outcome: Option<Outcome>,
    /// Where, which field, and what is wrong (in English).
    problems: Vec<(String, String, String)>,
    more_problems: Option<String>,
}

/// The form as sent: its choices (the file itself is not kept).
#[derive(Default)]
struct Upload {
    format: String,
    dry_run: bool,
}

struct Shown {
    error: Option<String>,
    outcome: Option<Outcome>,
    problems: Vec<(String, String, String)>,
    more_problems: Option<String>,
}

fn page(visit: &Visit, loaded: &super::LoadedCompact, form: &Upload, shown: Shown) -> Response {
    let t = Tr::new(visit.lang);
    let slug = &loaded.stored.slug;
    let mut frame = Frame::new(
        visit,
        t.get("grants-import-title"),
        Some(InCompact {
            slug,
            name: &loaded.stored.name,
        }),
        Section::Other,
    );
    let error_summary = match &shown.error {
        Some(text) => frame.error_summary(&[ErrorLink {
            text: text.clone(),
            href: "#file".into(),
        }]),
        None => None,
    };
    let failed = shown.error.is_some();
    let page = GrantsImportPage {
        error_summary,
        file_error: shown.error,
        action: crate::routes::grants_import(slug),
        format: form.format.clone(),
        dry_run: form.dry_run,
        outcome: shown.outcome,
        problems: shown.problems,
        more_problems: shown.more_problems,
        frame,
    };
    (forms::status(failed), render(&page)).into_response()
}

pub async fn grants_import_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let form = Upload {
        dry_run: true,
        ..Upload::default()
    };
    let shown = Shown {
        error: None,
        outcome: None,
        problems: Vec::new(),
        more_problems: None,
    };
    Ok(page(&visit, &loaded, &form, shown))
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
    let form = Upload {
        format: upload.field("format").unwrap_or_default().to_string(),
        dry_run: upload.field("dry_run").is_some_and(|v| !v.is_empty()),
    };
    let mut shown = Shown {
        error: None,
        outcome: None,
        problems: Vec::new(),
        more_problems: None,
    };
    if upload.file.is_empty() {
        shown.error = Some(t.get("import-error-no-file"));
        return Ok(page(visit, &loaded, &form, shown));
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
            shown.error = Some(t.with("import-error-unreadable", &[("detail", Arg::Text(detail))]));
        }
        Err(GrantsFileRefusal::Grants(problems)) => {
            shown.error = Some(t.with(
                "grants-import-refused",
                &[("count", Arg::Number(problems.len() as i64))],
            ));
            shown.more_problems = (problems.len() > SHOWN_PROBLEMS).then(|| {
                t.with(
                    "grants-import-more-problems",
                    &[(
                        "count",
                        Arg::Number((problems.len() - SHOWN_PROBLEMS) as i64),
                    )],
                )
            });
            shown.problems = problems
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
                .collect();
        }
    }
    Ok(page(visit, &loaded, &form, shown))
}

fn outcome(t: &Tr, s: &GrantsImportSummary) -> Outcome {
    Outcome {
        heading: t.get(if s.dry_run {
            "import-done-dry-run"
        } else {
            "import-done"
        }),
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
