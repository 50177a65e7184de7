//! What every page that imports a file shares (organisations, 360Giving
//! grants, councils' spreadsheets of funding): one template
//! (`import.html`) with the upload, the choice of layout, the dry-run box,
//! what the last file did and its problems table, so the three pages
//! cannot drift apart.

use super::{forms, render, LoadedCompact};
use crate::components::ErrorLink;
use crate::csrf::CsrfUpload;
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use askama::Template;
use axum::response::{IntoResponse, Response};
use compact_store::ImportSummary;

/// How many problems a page lists; the rest are counted.
pub const SHOWN_PROBLEMS: usize = 500;

/// One layout the file may have, besides "work it out".
pub struct Choice {
    /// Ends the radio's id (`format-ID`).
    pub id: &'static str,
    /// The value sent, as the command line names the layout.
    pub value: &'static str,
    pub label: String,
}

/// What an import did, or in a dry run would do.
pub struct Outcome {
    pub heading: String,
    pub counts: Vec<(String, usize)>,
}

/// The problems table: where, which column or field, and what is wrong
/// (in English, as the report file has it).
#[derive(Default)]
pub struct Problems {
    pub caption: String,
    pub place_header: String,
    pub column_header: String,
    pub rows: Vec<(String, String, String)>,
    pub more: Option<String>,
}

/// What the last file sent gave: a refusal of the whole file, what was
/// done, and the problems found.
#[derive(Default)]
pub struct Shown {
    pub error: Option<String>,
    pub outcome: Option<Outcome>,
    pub problems: Problems,
}

/// The form as sent: its choice of layout and whether only to check (the
/// file itself is not kept).
pub struct Upload {
    pub format: String,
    pub dry_run: bool,
}

impl Upload {
    /// The empty form: checking only, until someone unticks it.
    pub fn first_visit() -> Upload {
        Upload {
            format: String::new(),
            dry_run: true,
        }
    }

    pub fn of(upload: &CsrfUpload) -> Upload {
        Upload {
            format: upload.field("format").unwrap_or_default().to_string(),
            dry_run: upload.field("dry_run").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// What one import page says about itself.
pub struct ImportKind {
    pub title: String,
    pub section: Section,
    /// The trail above the title, ending before the page itself.
    pub breadcrumbs: Vec<(String, Option<String>)>,
    /// Shown before any file is sent.
    pub intro: Vec<String>,
    pub action: String,
    pub file_hint: String,
    pub accept: &'static str,
    pub legend: String,
    pub auto_label: String,
    pub choices: Vec<Choice>,
    /// The columns of each layout the page takes, shown below the form;
    /// empty where the intro names them.
    pub layouts: Vec<Layout>,
}

/// One layout a file may have: its columns, and an example to copy.
pub struct Layout {
    /// "Columns of a file of consultations".
    pub summary: String,
    pub required: Vec<&'static str>,
    pub optional: Vec<&'static str>,
    /// Where to download an example file, and what the link says.
    pub example: (String, String),
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    frame: Frame,
    error_summary: Option<crate::components::ErrorSummary>,
    file_error: Option<String>,
    action: String,
    intro: Vec<String>,
    file_hint: String,
    accept: &'static str,
    legend: String,
    auto_label: String,
    choices: Vec<Choice>,
    layouts: Vec<Layout>,
    chosen: String,
    dry_run: bool,
    outcome: Option<Outcome>,
    problems: Problems,
}

/// The page, answered 422 when the file was refused.
pub fn import_page(
    visit: &Visit,
    loaded: &LoadedCompact,
    kind: ImportKind,
    form: &Upload,
    shown: Shown,
) -> Response {
    let mut frame = Frame::new(
        visit,
        kind.title.clone(),
        Some(InCompact {
            slug: &loaded.stored.slug,
            name: &loaded.stored.name,
        }),
        kind.section,
    );
    if !kind.breadcrumbs.is_empty() {
        let mut trail = kind.breadcrumbs;
        trail.push((kind.title, None));
        frame = frame.with_breadcrumbs(trail);
    }
    let error_summary = match &shown.error {
        Some(text) => frame.error_summary(&[ErrorLink {
            text: text.clone(),
            href: "#file".into(),
        }]),
        None => None,
    };
    let failed = shown.error.is_some();
    let page = ImportPage {
        error_summary,
        file_error: shown.error,
        action: kind.action,
        intro: kind.intro,
        file_hint: kind.file_hint,
        accept: kind.accept,
        legend: kind.legend,
        auto_label: kind.auto_label,
        choices: kind.choices,
        layouts: kind.layouts,
        chosen: form.format.clone(),
        dry_run: form.dry_run,
        outcome: shown.outcome,
        problems: shown.problems,
        frame,
    };
    (forms::status(failed), render(&page)).into_response()
}

/// The empty form, before any file is sent.
pub fn first_page(visit: &Visit, loaded: &LoadedCompact, kind: ImportKind) -> Response {
    import_page(
        visit,
        loaded,
        kind,
        &Upload::first_visit(),
        Shown::default(),
    )
}

/// The form again, with the file refused whole for `error`.
pub fn refused_page(
    visit: &Visit,
    loaded: &LoadedCompact,
    kind: ImportKind,
    form: &Upload,
    error: String,
) -> Response {
    let shown = Shown {
        error: Some(error),
        ..Shown::default()
    };
    import_page(visit, loaded, kind, form, shown)
}

/// Why a file cannot be read: a sentence in the page's language, then
/// the reader's own (English) words, which say what it expected.
pub fn unreadable(t: &Tr, detail: String) -> String {
    t.with("import-error-unreadable", &[("detail", Arg::Text(detail))])
}

/// "The import is done", or "checked: nothing saved".
pub fn done_heading(t: &Tr, dry_run: bool) -> String {
    t.get(if dry_run {
        "import-done-dry-run"
    } else {
        "import-done"
    })
}

/// What an import of rows did (`labels`: the created, updated, unchanged
/// and refused counts' labels) and its refused rows; `more` is the message
/// key for problems past those shown.
pub fn rows_shown(t: &Tr, summary: &ImportSummary, labels: [&str; 4], more: &str) -> Shown {
    let figures = [
        summary.created,
        summary.updated,
        summary.unchanged,
        summary.rejected,
    ];
    let counts = labels
        .iter()
        .zip(figures)
        .map(|(label, n)| (t.get(label), n))
        .collect();
    Shown {
        error: None,
        outcome: Some(Outcome {
            heading: done_heading(t, summary.dry_run),
            counts,
        }),
        problems: Problems {
            caption: t.get("import-problems"),
            place_header: t.get("import-col-row"),
            column_header: t.get("import-col-column"),
            rows: summary
                .problems
                .iter()
                .take(SHOWN_PROBLEMS)
                .map(|p| (p.row.to_string(), p.column.clone(), p.problem.clone()))
                .collect(),
            more: more_problems(t, more, summary.problems.len()),
        },
    }
}

/// "And N more problems", when there are more than the page shows.
pub fn more_problems(t: &Tr, key: &str, total: usize) -> Option<String> {
    (total > SHOWN_PROBLEMS).then(|| {
        t.with(
            key,
            &[("count", Arg::Number((total - SHOWN_PROBLEMS) as i64))],
        )
    })
}
