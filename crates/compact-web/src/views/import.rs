//! Importing organisations from an uploaded file, as the import page and the
//! API both do it: read the file with the core's reader, then let the store
//! match and save the rows (see `docs/import-format.md`).

use compact_core::import::{ImportError, ImportFile, ImportFormat, OrganisationReader};
use compact_core::CompactId;
use compact_store::{Actor, ImportSummary, Store};

/// Why an upload was not imported at all.
#[derive(Debug)]
pub enum UploadError {
    /// The file cannot be read as either layout (no header, unknown
    /// columns, not UTF-8).
    Unreadable(ImportError),
    Store(compact_store::StoreError),
}

/// Read `bytes` and import them into the register of `compact`. Bad rows
/// are refused and listed in the summary; the good ones are saved (or, in a
/// dry run, only counted).
pub async fn import_upload(
    store: &Store,
    compact: CompactId,
    bytes: &[u8],
    format: Option<ImportFormat>,
    dry_run: bool,
    actor: &Actor,
) -> Result<ImportSummary, UploadError> {
    let reader = OrganisationReader::new(bytes, format).map_err(UploadError::Unreadable)?;
    let format = reader.format();
    let rows = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(UploadError::Unreadable)?;
    let file = ImportFile { format, rows };
    store
        .import_organisations(compact, &file, actor, dry_run)
        .await
        .map_err(UploadError::Store)
}
