//! A Compact's funding agreements as 360Giving open data, written a batch
//! at a time so that a million agreements need no more memory than a
//! thousand.

use crate::{App, Result};
use compact_core::giving360::agreements::{default_prefix, grant_of, AgreementFacts};
use compact_core::giving360::write::{csv_header, csv_row, PackageWriter};
use compact_core::model::Organisation;
use compact_core::{AgreementId, OrganisationId};
use std::collections::HashMap;
use std::future::Future;

/// How many agreements are read and written at a time.
pub const BATCH: u32 = 1000;

/// The two layouts of the standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantsFormat {
    /// A JSON data package.
    Json,
    /// The flat spreadsheet layout, as CSV.
    Csv,
}

/// The most organisations kept between batches: funders repeat, so they
/// stay; past this, the cache starts again rather than grow.
const MAX_KNOWN: usize = 50_000;

impl App {
    /// Write the 360Giving file of `slug`'s agreements, handing each piece
    /// to `emit` as it is ready; `emit` answers false when nobody is
    /// reading any more, which stops the export. Open data: anyone may ask.
    /// Returns how many grants were written.
    pub async fn export_grants<F, Fut>(
        &self,
        slug: &str,
        format: GrantsFormat,
        mut emit: F,
    ) -> Result<u64>
    where
        F: FnMut(Vec<u8>) -> Fut,
        Fut: Future<Output = bool>,
    {
        let compact = self.compact(slug).await?;
        let prefix = default_prefix(slug);
        let modified = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut known: HashMap<OrganisationId, Organisation> = HashMap::new();
        let mut after = AgreementId(0);
        let mut written = 0u64;
        let mut json = match format {
            GrantsFormat::Json => Some(PackageWriter::new(Vec::new()).map_err(io)?),
            GrantsFormat::Csv => None,
        };
        // Each batch's rows go through a writer of their own, the first
        // with the header.
        let new_csv = |header: bool| -> Result<csv::Writer<Vec<u8>>> {
            let mut w = csv::Writer::from_writer(Vec::new());
            if header {
                w.write_record(csv_header()).map_err(io)?;
            }
            Ok(w)
        };
        let mut csv_out = match format {
            GrantsFormat::Csv => Some(new_csv(true)?),
            GrantsFormat::Json => None,
        };
        loop {
            let (batch, organisations) = self
                .store
                .agreements_for_export(compact.id(), after, BATCH, &known)
                .await?;
            if known.len() > MAX_KNOWN {
                known.clear();
            }
            known.extend(organisations.into_iter().map(|o| (o.id, o)));
            let Some(last) = batch.last() else { break };
            after = last.id;
            for a in &batch {
                let (Some(funder), Some(recipient)) =
                    (known.get(&a.funder), known.get(&a.recipient))
                else {
                    continue;
                };
                let mut grant = grant_of(
                    &prefix,
                    &AgreementFacts {
                        id: a.id,
                        title: &a.title,
                        purpose: Some(a.purpose.as_str()),
                        kind: a.kind,
                        amount: a.amount,
                        awarded_on: a.starts_on,
                        starts_on: a.starts_on,
                        ends_on: a.ends_on,
                        funder,
                        recipient,
                    },
                );
                // A grant imported from a funder's file keeps the
                // identifier it was published with.
                if let Some(id) = &a.grant_id {
                    grant.id.clone_from(id);
                }
                if let Some(w) = json.as_mut() {
                    w.push(&grant, &modified).map_err(io)?;
                }
                if let Some(w) = csv_out.as_mut() {
                    w.write_record(csv_row(&grant, &modified)).map_err(io)?;
                }
                written += 1;
            }
            let chunk = match (json.as_mut(), csv_out.as_mut()) {
                (Some(w), _) => w.take_written(),
                (_, Some(w)) => {
                    let full = std::mem::replace(w, new_csv(false)?);
                    full.into_inner().map_err(|e| io(e.into_error()))?
                }
                _ => Vec::new(),
            };
            if !emit(chunk).await {
                return Ok(written);
            }
        }
        let last = match (json, csv_out) {
            (Some(w), _) => w.finish_into().map_err(io)?,
            (_, Some(w)) => w.into_inner().map_err(|e| io(e.into_error()))?,
            _ => Vec::new(),
        };
        emit(last).await;
        Ok(written)
    }
}

fn io(e: impl Into<std::io::Error>) -> crate::Error {
    crate::Error::Task(Box::new(e.into()))
}

/// Why a 360Giving file was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantsFileRefusal {
    /// It could not be read as the layout: not JSON, missing columns...
    Unreadable(String),
    /// Grants with fields to correct, every one listed.
    Grants(Vec<compact_core::giving360::GrantProblem>),
}

impl App {
    /// Import a 360Giving file (JSON package or CSV spreadsheet) into the
    /// agreements of `slug` (the secretariat, or the command): read and
    /// checked off the async executor, then saved whole or not at all (see
    /// `compact_core::giving360::import`). Importing the same file again
    /// changes nothing.
    pub async fn import_grants(
        &self,
        acting: &crate::Acting,
        slug: &str,
        bytes: Vec<u8>,
        format: GrantsFormat,
        dry_run: bool,
    ) -> Result<std::result::Result<compact_store::GrantsImportSummary, GrantsFileRefusal>> {
        use compact_core::giving360::{import, read};
        let compact = self.as_secretariat(acting, slug).await?;
        let prefix = default_prefix(slug);
        let today = self.clock.today();
        let planned = tokio::task::spawn_blocking(move || {
            let read = match format {
                GrantsFormat::Json => read::read_json(&bytes).map(|g| (g, None)),
                GrantsFormat::Csv => read::read_csv_rows(&bytes).map(|(g, rows)| (g, Some(rows))),
            };
            let (grants, rows) = match read {
                Ok(g) => g,
                Err(read::ReadError::Grants(problems)) => {
                    return Err(GrantsFileRefusal::Grants(problems))
                }
                Err(other) => return Err(GrantsFileRefusal::Unreadable(other.to_string())),
            };
            let layout = match &rows {
                Some(rows) => import::Layout::Spreadsheet(rows),
                None => import::Layout::Package,
            };
            import::plan(&prefix, &grants, today, layout).map_err(GrantsFileRefusal::Grants)
        })
        .await
        .map_err(|e| crate::Error::Task(Box::new(e)))?;
        let planned = match planned {
            Ok(p) => p,
            Err(refusal) => return Ok(Err(refusal)),
        };
        Ok(Ok(self
            .store
            .import_grants(compact.id(), &planned, &acting.actor, dry_run)
            .await?))
    }
}
