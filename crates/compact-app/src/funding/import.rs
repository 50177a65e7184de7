//! Importing a council's own spreadsheet of agreements, payments or
//! changes (the layout is in `docs/council-spreadsheets.md`).

use crate::{Acting, App, Error, Result};
use compact_core::spreadsheets::{read_sheet, Sheet, SheetError, SheetKind};
use compact_store::ImportSummary;

/// Read an uploaded spreadsheet off the async executor, as the register's
/// import does: `kind`, or whichever kind its header row shows. A file
/// whose header cannot be read is refused with the reader's explanation.
pub async fn read_funding_sheet(
    bytes: Vec<u8>,
    kind: Option<SheetKind>,
) -> Result<std::result::Result<Sheet, SheetError>> {
    tokio::task::spawn_blocking(move || read_sheet(&bytes, kind))
        .await
        .map_err(|e| Error::Task(Box::new(e)))
}

impl App {
    /// Import a council's spreadsheet into the funding of `slug`. Someone
    /// who may record no funding there is refused outright; otherwise each
    /// row is checked as the form would check it, and a row for a funder
    /// `acting` may not record for (`Viewer::may_record_funding`: the
    /// secretariat for any public body, an officer for their own) is
    /// refused as a row problem, like any other bad row. Good rows are
    /// saved together, bad ones listed; a dry run only counts. Importing
    /// the same file again changes nothing.
    pub async fn import_funding_sheet(
        &self,
        acting: &Acting,
        slug: &str,
        sheet: &Sheet,
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportSummary> {
        let compact = self.funding_writer(acting, slug).await?;
        let id = compact.id();
        let viewer = acting.viewer.clone();
        let may_record = move |funder| viewer.may_record_funding(id, funder);
        Ok(self
            .store
            .import_sheet_reporting(
                id,
                sheet,
                self.clock.today(),
                &may_record,
                &acting.actor,
                dry_run,
                progress,
            )
            .await?)
    }

    /// The Compact at `slug`, for the page that imports spreadsheets:
    /// refused unless `acting` may record funding for some funder of it.
    pub async fn funding_importer(
        &self,
        acting: &Acting,
        slug: &str,
    ) -> Result<crate::register::Loaded> {
        self.funding_writer(acting, slug).await
    }
}
