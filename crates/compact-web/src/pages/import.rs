//! The secretariat's import page: upload a CSV file of organisations (the
//! Charity Commission's register extract or Compact's own layout), check it
//! first if wanted, and see what was created, updated and refused, row by
//! row. The same import as `compact import organisations`, for files that
//! fit in one upload.

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
use compact_app::register::read_import;
use compact_core::import::ImportFormat;
use compact_store::ImportSummary;

/// How many refused rows the page lists; the rest are counted.
const SHOWN_PROBLEMS: usize = 500;

pub struct Outcome {
    pub heading: String,
    pub counts: Vec<(String, usize)>,
    pub problems: Vec<(u64, String, String)>,
    pub more_problems: Option<String>,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    frame: Frame,
    error_summary: Option<crate::components::ErrorSummary>,
    file_error: Option<String>,
    action: String,
    format: String,
    dry_run: bool,
    outcome: Option<Outcome>,
}

fn page(
    visit: &Visit,
    loaded: &super::LoadedCompact,
    form: &Upload,
    error: Option<String>,
    outcome: Option<Outcome>,
) -> Response {
    let t = Tr::new(visit.lang);
    let slug = &loaded.stored.slug;
    let title = t.get("import-title");
    let mut frame = Frame::new(
        visit,
        title.clone(),
        Some(InCompact {
            slug,
            name: &loaded.stored.name,
        }),
        Section::Register,
    )
    .with_breadcrumbs(vec![
        (t.get("register-title"), Some(crate::routes::register(slug))),
        (title, None),
    ]);
    let error_summary = match &error {
        Some(text) => frame.error_summary(&[ErrorLink {
            text: text.clone(),
            href: "#file".into(),
        }]),
        None => None,
    };
    let failed = error.is_some();
    let page = ImportPage {
        error_summary,
        file_error: error,
        action: crate::routes::import(slug),
        format: form.format.clone(),
        dry_run: form.dry_run,
        outcome,
        frame,
    };
    (forms::status(failed), render(&page)).into_response()
}

/// The form as sent: its choices (the file itself is not kept).
#[derive(Default)]
struct Upload {
    format: String,
    dry_run: bool,
}

pub async fn import_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let form = Upload {
        dry_run: true,
        ..Upload::default()
    };
    Ok(page(&visit, &loaded, &form, None, None))
}

pub async fn import(
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
    if upload.file.is_empty() {
        let error = t.get("import-error-no-file");
        return Ok(page(visit, &loaded, &form, Some(error), None));
    }
    let format = ImportFormat::parse(&form.format);
    let file = match read_import(upload.file.clone(), format)
        .await
        .map_err(|e| PageError::from_app(visit, e))?
    {
        Ok(file) => file,
        // Which columns were expected is in the reader's own (English)
        // words, after a sentence in the page's language.
        Err(e) => {
            let error = t.with(
                "import-error-unreadable",
                &[("detail", Arg::Text(e.to_string()))],
            );
            return Ok(page(visit, &loaded, &form, Some(error), None));
        }
    };
    let summary = state
        .app
        .import_organisations(&visit.acting(), &slug, &file, form.dry_run, &|_| {})
        .await
        .map_err(|e| PageError::from_app(visit, e))?;
    Ok(page(
        visit,
        &loaded,
        &form,
        None,
        Some(outcome(&t, &summary)),
    ))
}

fn outcome(t: &Tr, summary: &ImportSummary) -> Outcome {
    let heading = t.get(if summary.dry_run {
        "import-done-dry-run"
    } else {
        "import-done"
    });
    let counts = vec![
        (t.get("import-created"), summary.created),
        (t.get("import-updated"), summary.updated),
        (t.get("import-unchanged"), summary.unchanged),
        (t.get("import-rejected"), summary.rejected),
    ];
    let problems = summary
        .problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|p| (p.row, p.column.clone(), p.problem.clone()))
        .collect();
    let more_problems = (summary.problems.len() > SHOWN_PROBLEMS).then(|| {
        t.with(
            "import-more-problems",
            &[(
                "count",
                Arg::Number((summary.problems.len() - SHOWN_PROBLEMS) as i64),
            )],
        )
    });
    Outcome {
        heading,
        counts,
        problems,
        more_problems,
    }
}
