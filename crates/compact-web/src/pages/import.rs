//! The secretariat's import page: upload a CSV file of organisations (the
//! Charity Commission's register extract or Compact's own layout), check it
//! first if wanted, and see what was created, updated and refused, row by
//! row. The same import as `compact import organisations`, for files that
//! fit in one upload.

use super::signups::secretariat;
use super::{forms, render, signed_in_account, PageError};
use crate::components::ErrorLink;
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use crate::views::import::{import_upload, UploadError};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use compact_core::import::ImportFormat;
use compact_store::{Actor, ImportSummary};

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
    error_summary: String,
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
        (
            t.get("register-title"),
            Some(format!("/compacts/{slug}/register")),
        ),
        (title, None),
    ]);
    let error_summary = match &error {
        Some(text) => frame.error_summary(&[ErrorLink {
            text: text.clone(),
            href: "#file".into(),
        }]),
        None => String::new(),
    };
    let failed = error.is_some();
    let page = ImportPage {
        error_summary,
        file_error: error,
        action: format!("/compacts/{slug}/organisations/import"),
        format: form.format.clone(),
        dry_run: form.dry_run,
        outcome,
        frame,
    };
    (forms::status(failed), render(&page)).into_response()
}

/// The form as sent: its fields, and the file's bytes.
#[derive(Default)]
struct Upload {
    csrf_token: String,
    format: String,
    dry_run: bool,
    file: Vec<u8>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, String> {
    let mut upload = Upload::default();
    while let Some(field) = multipart.next_field().await.map_err(|e| e.body_text())? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(|e| e.body_text())?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_string();
        match name.as_str() {
            "csrf_token" => upload.csrf_token = text(),
            "format" => upload.format = text(),
            "dry_run" => upload.dry_run = !bytes.is_empty(),
            "file" => upload.file = bytes.to_vec(),
            _ => {}
        }
    }
    Ok(upload)
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
    visit: Visit,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let t = Tr::new(visit.lang);
    let form = match read_upload(multipart).await {
        Ok(form) => form,
        Err(_) => {
            let error = t.get("import-error-upload");
            return Ok(page(&visit, &loaded, &Upload::default(), Some(error), None));
        }
    };
    if !visit.csrf_matches(&form.csrf_token) {
        let error = t.get("error-form-expired");
        return Ok(page(&visit, &loaded, &form, Some(error), None));
    }
    if form.file.is_empty() {
        let error = t.get("import-error-no-file");
        return Ok(page(&visit, &loaded, &form, Some(error), None));
    }
    let format = ImportFormat::parse(&form.format);
    let account = signed_in_account(&visit)?;
    let result = import_upload(
        &state.app.store,
        loaded.stored.id,
        &form.file,
        format,
        form.dry_run,
        &Actor::Account(account),
    )
    .await;
    match result {
        Ok(summary) => {
            let outcome = outcome(&t, &summary);
            Ok(page(&visit, &loaded, &form, None, Some(outcome)))
        }
        // Which columns were expected is in the reader's own (English)
        // words, after a sentence in the page's language.
        Err(UploadError::Unreadable(e)) => {
            let error = t.with(
                "import-error-unreadable",
                &[("detail", Arg::Text(e.to_string()))],
            );
            Ok(page(&visit, &loaded, &form, Some(error), None))
        }
        Err(UploadError::Store(e)) => Err(PageError::internal(&visit, e.to_string())),
    }
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
