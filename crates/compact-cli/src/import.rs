//! `compact import organisations`: fill a Compact's register from a CSV
//! file (the Charity Commission's register extract or Compact's own layout,
//! see docs/import-format.md).
//!
//! Good rows are imported even when others are refused; the refused ones
//! are listed, with the reason, in an error report (a CSV file), and the
//! command then exits with 1 so a script notices.

use crate::cli::ImportFormatArg;
use crate::commands::say;
use anyhow::{anyhow, bail, Context, Result};
use compact_app::{Acting, App, Clock};
use compact_core::import::{ImportFile, ImportFormat, OrganisationReader, RowProblem};
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

    print_summary(path, &compact.stored.name, format, &summary);
    if summary.problems.is_empty() {
        return Ok(());
    }
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

fn print_summary(path: &Path, compact: &str, format: ImportFormat, s: &ImportSummary) {
    let layout = match format {
        ImportFormat::CharityCommission => "a Charity Commission register extract",
        ImportFormat::Compact => "Compact's import layout",
    };
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
