//! `compact import organisations`: fill a Compact's register from a CSV
//! file (the Charity Commission's register extract or Compact's own layout,
//! see docs/import-format.md); and `compact import agreements`, `payments`
//! and `changes`: a council's own spreadsheets of funding (see
//! docs/council-spreadsheets.md).
//!
//! Good rows are imported even when others are refused; the refused ones
//! are listed, with the reason, in an error report (a CSV file), and the
//! command then exits with 1 so a script notices.

use crate::cli::{ImportFormatArg, SheetArgs};
use crate::commands::say;
use anyhow::{anyhow, bail, Context, Result};
use compact_app::{Acting, App, Clock};
use compact_core::import::{ImportFile, ImportFormat, OrganisationReader, RowProblem};
use compact_core::spreadsheets::{read_sheet, SheetKind};
use compact_store::{ImportSummary, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Files smaller than this are read in a blink; a bar would only flicker.
const PROGRESS_FROM_BYTES: u64 = 1 << 20;

impl From<ImportFormatArg> for ImportFormat {
    fn from(format: ImportFormatArg) -> ImportFormat {
        match format {
            ImportFormatArg::CharityCommission => ImportFormat::CharityCommission,
            ImportFormatArg::Compact => ImportFormat::Compact,
        }
    }
}

pub async fn organisations(
    database: &str,
    slug: &str,
    path: &Path,
    format: Option<ImportFormat>,
    errors: Option<&Path>,
    dry_run: bool,
) -> Result<()> {
    let input = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let store = Store::open(database).await?;
    let app = App::new(store.clone(), Clock::System);
    let compact = app.compact(slug).await.map_err(|e| app_error(slug, e))?;

    let large = size >= PROGRESS_FROM_BYTES;
    let reading = progress_bar(
        large,
        size,
        "Reading   {bar:40} {bytes}/{total_bytes} ({eta})",
    );
    let reader = OrganisationReader::new(reading.wrap_read(input), format)
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let format = reader.format();
    let rows = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    reading.finish_and_clear();
    let file = ImportFile { format, rows };

    let saving = progress_bar(
        large,
        file.rows.len() as u64,
        "Importing {bar:40} {pos}/{len} rows ({eta})",
    );
    let acting = Acting::operator("compact import organisations");
    let summary = app
        .import_organisations(&acting, slug, &file, dry_run, &|done| {
            saving.set_position(done as u64)
        })
        .await
        .map_err(|e| app_error(slug, e))?;
    saving.finish_and_clear();
    store.close().await;

    let layout = match format {
        ImportFormat::CharityCommission => "a Charity Commission register extract",
        ImportFormat::Compact => "Compact's import layout",
    };
    print_summary(path, &compact.stored.name, layout, &summary);
    report_problems(path, errors, &summary)
}

/// `compact import consultations|agreements|payments|changes`: a
/// council's own spreadsheet (docs/council-spreadsheets.md), with the same
/// summary, error report and exit status as the import of organisations.
pub async fn spreadsheet(database: &str, kind: SheetKind, args: &SheetArgs) -> Result<()> {
    let (slug, path) = (args.compact.as_str(), args.file.as_path());
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let store = Store::open(database).await?;
    let app = App::new(store.clone(), Clock::System);
    let compact = app.compact(slug).await.map_err(|e| app_error(slug, e))?;
    let sheet = read_sheet(&bytes, Some(kind)).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let saving = progress_bar(
        bytes.len() as u64 >= PROGRESS_FROM_BYTES,
        sheet.rows.len() as u64,
        "Importing {bar:40} {pos}/{len} rows ({eta})",
    );
    let acting = Acting::operator(&format!("compact import {kind}"));
    let summary = app
        .import_spreadsheet(&acting, slug, &sheet, args.dry_run, &|done| {
            saving.set_position(done as u64)
        })
        .await
        .map_err(|e| app_error(slug, e))?;
    saving.finish_and_clear();
    store.close().await;
    let layout = format!("a spreadsheet of {kind}");
    print_summary(path, &compact.stored.name, &layout, &summary);
    report_problems(path, args.errors.as_deref(), &summary)
}

/// When rows were refused: write them to the error report (`errors`, or
/// next to the file) and fail, so a script notices.
fn report_problems(path: &Path, errors: Option<&Path>, summary: &ImportSummary) -> Result<()> {
    if summary.problems.is_empty() {
        return Ok(());
    }
    let dry_run = summary.dry_run;
    let report = errors.map_or_else(|| default_report_path(path), Path::to_path_buf);
    write_report(&report, &summary.problems).with_context(|| {
        format!(
            "{} but the error report could not be written to {}",
            if dry_run {
                "the dry run finished,"
            } else {
                "the good rows were imported,"
            },
            report.display()
        )
    })?;
    say!(
        "Rows rejected, with the reason for each: {}",
        report.display()
    );
    bail!(
        "{} row(s) were rejected; see {}",
        summary.rejected,
        report.display()
    )
}

/// A use case's error as one line: what was refused, or what failed and
/// why, with every cause.
fn app_error(slug: &str, e: compact_app::Error) -> anyhow::Error {
    match e {
        compact_app::Error::Refused(compact_core::refusal::Refusal::NotFound(_)) => {
            anyhow!("there is no Compact called {slug:?} in this database")
        }
        other => anyhow!(other.chain()),
    }
}

/// A bar on standard error, or none: when the file is small, and (by
/// indicatif's own check) when standard error is not a terminal.
fn progress_bar(shown: bool, length: u64, template: &str) -> ProgressBar {
    if !shown {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(length);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// The input's name with `.errors.csv` added, next to it.
fn default_report_path(input: &Path) -> PathBuf {
    let mut name = input.file_name().unwrap_or_default().to_os_string();
    name.push(".errors.csv");
    input.with_file_name(name)
}

fn write_report(path: &Path, problems: &[RowProblem]) -> Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record(["row", "column", "problem"])?;
    for p in problems {
        writer.write_record([p.row.to_string().as_str(), &p.column, &p.problem])?;
    }
    writer.flush()?;
    Ok(())
}

fn print_summary(path: &Path, compact: &str, layout: &str, s: &ImportSummary) {
    if s.dry_run {
        say!(
            "Dry run: nothing was saved. Importing {} ({layout}) into {compact} would give:",
            path.display()
        );
    } else {
        say!("Imported {} ({layout}) into {compact}:", path.display());
    }
    say!("  created    {}", s.created);
    say!("  updated    {}", s.updated);
    say!("  unchanged  {}", s.unchanged);
    say!("  rejected   {}", s.rejected);
}
