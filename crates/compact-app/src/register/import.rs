//! Importing a file of organisations into a register.

use crate::{Acting, App, Error, Result};
use compact_core::import::{ImportError, ImportFile, ImportFormat, OrganisationReader};
use compact_store::ImportSummary;

/// Read an uploaded file into rows, off the async executor: a large or
/// malformed file takes real work to read, and requests for other pages
/// must not wait behind it. A file that cannot be read as either layout is
/// refused with the reader's own explanation.
pub async fn read_import(
    bytes: Vec<u8>,
    format: Option<ImportFormat>,
) -> Result<std::result::Result<ImportFile, ImportError>> {
    tokio::task::spawn_blocking(move || {
        let reader = OrganisationReader::new(bytes.as_slice(), format)?;
        let format = reader.format();
        let rows = reader.collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(ImportFile { format, rows })
    })
    .await
    .map_err(|e| Error::Task(Box::new(e)))
}

impl App {
    /// Import organisations into the register of `slug` (the secretariat,
    /// or the command). Bad rows are refused and listed in the summary;
    /// the good ones are saved together (or, in a dry run, only counted).
    /// `progress` hears now and then how many rows are done.
    pub async fn import_organisations(
        &self,
        acting: &Acting,
        slug: &str,
        file: &ImportFile,
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportSummary> {
        let compact = self.as_secretariat(acting, slug).await?;
        Ok(self
            .store
            .import_organisations_reporting(compact.id(), file, &acting.actor, dry_run, progress)
            .await?)
    }
}
