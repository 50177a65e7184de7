//! `compact export 360giving`: a Compact's funding agreements as open data.

use crate::cli::GrantsFormatArg;
use crate::commands::say;
use anyhow::{Context, Result};
use compact_app::grants::GrantsFormat;
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
