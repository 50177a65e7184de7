//! `compact export 360giving` and `compact import 360giving`: a Compact's
//! funding agreements as 360Giving open data, out and in.

use crate::cli::GrantsFormatArg;
use crate::commands::say;
use anyhow::{Context, Result};
use compact_app::grants::{GrantsFileRefusal, GrantsFormat};
use compact_app::{App, Clock};
use compact_store::Store;
use std::io::Write;
use std::path::Path;

pub async fn grants(
    database: &str,
    compact: &str,
    format: GrantsFormatArg,
    output: Option<&Path>,
) -> Result<()> {
    let app = App::new(Store::open(database).await?, Clock::System);
    let format = match format {
        GrantsFormatArg::Json => GrantsFormat::Json,
        GrantsFormatArg::Csv => GrantsFormat::Csv,
    };
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut failed: Option<std::io::Error> = None;
    let written = app
        .export_grants(compact, format, |chunk| {
            if failed.is_none() {
                if let Err(e) = out.write_all(&chunk) {
                    failed = Some(e);
                }
            }
            std::future::ready(failed.is_none())
        })
        .await
        .map_err(|e| anyhow::anyhow!(compact_app::error_chain(&e)))?;
    if let Some(e) = failed {
        return Err(e).context("cannot write the export");
    }
    out.flush().context("cannot write the export")?;
    drop(out);
    if let Some(path) = output {
        say!("Wrote {written} grants to {}", path.display());
    }
    Ok(())
}

pub async fn import_grants(
    database: &str,
    compact: &str,
    file: &Path,
    format: Option<GrantsFormatArg>,
    dry_run: bool,
) -> Result<()> {
    let format = match format {
        Some(GrantsFormatArg::Json) => GrantsFormat::Json,
        Some(GrantsFormatArg::Csv) => GrantsFormat::Csv,
        None => match file.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => GrantsFormat::Csv,
            Some(e) if e.eq_ignore_ascii_case("json") => GrantsFormat::Json,
            _ => anyhow::bail!(
                "{}: say --format json or --format csv (the name does not end in .json or .csv)",
                file.display()
            ),
        },
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let app = App::new(Store::open(database).await?, Clock::System);
    let acting = compact_app::Acting::operator("compact import 360giving");
    let outcome = app
        .import_grants(&acting, compact, bytes, format, dry_run)
        .await
        .map_err(|e| anyhow::anyhow!(compact_app::error_chain(&e)))?;
    match outcome {
        Ok(s) => {
            say!(
                "{} {} into {compact}:",
                if s.dry_run {
                    "Checked (nothing saved)"
                } else {
                    "Imported"
                },
                file.display()
            );
            say!("  agreements created    {}", s.agreements_created);
            say!("  agreements updated    {}", s.agreements_updated);
            say!("  agreements unchanged  {}", s.agreements_unchanged);
            say!("  organisations found   {}", s.organisations_found);
            say!("  organisations entered {}", s.organisations_created);
            Ok(())
        }
        Err(GrantsFileRefusal::Unreadable(why)) => {
            anyhow::bail!("{}: {why}; nothing was imported", file.display())
        }
        Err(GrantsFileRefusal::Grants(problems)) => {
            for p in problems.iter().take(50) {
                eprintln!("{}: {p}", file.display());
            }
            if problems.len() > 50 {
                eprintln!("... and {} more", problems.len() - 50);
            }
            anyhow::bail!(
                "{}: {} problems; nothing was imported",
                file.display(),
                problems.len()
            )
        }
    }
}
