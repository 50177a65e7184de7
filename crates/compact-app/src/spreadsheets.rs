//! Importing a council's own spreadsheet of consultations, agreements,
//! payments or changes (the layout is in `docs/council-spreadsheets.md`).

use crate::{Acting, App, Error, Result};
use compact_core::consultation::Choices;
use compact_core::spreadsheets::{read_sheet, Sheet, SheetError, SheetKind};
use compact_store::ImportSummary;

/// Read an uploaded spreadsheet off the async executor, as the register's
/// import does: `kind`, or whichever kind its header row shows. A file
/// whose header cannot be read is refused with the reader's explanation.
pub async fn read_spreadsheet(
    bytes: Vec<u8>,
    kind: Option<SheetKind>,
) -> Result<std::result::Result<Sheet, SheetError>> {
    tokio::task::spawn_blocking(move || read_sheet(&bytes, kind))
        .await
        .map_err(|e| Error::Task(Box::new(e)))
}

impl App {
    /// Import a council's spreadsheet into the records of `slug`. Someone
    /// who may record for no public body there is refused outright;
    /// otherwise each row is checked as the form would check it, and a row
    /// for a body `acting` may not record for is refused as a row problem,
    /// like any other bad row: a funder's funding
    /// (`Viewer::may_record_funding`) or a lead's consultations
    /// (`Viewer::may_lead_consultation`), the secretariat's for any public
    /// body, an officer's for their own. Good rows are saved together, bad
    /// ones listed; a dry run only counts. Importing the same file again
    /// changes nothing.
    pub async fn import_spreadsheet(
        &self,
        acting: &Acting,
        slug: &str,
        sheet: &Sheet,
        dry_run: bool,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<ImportSummary> {
        let compact = self.spreadsheet_importer(acting, slug).await?;
        let id = compact.id();
        let viewer = acting.viewer.clone();
        let kind = sheet.kind;
        // Whether the lead is a public body is the row's to check, with a
        // message naming the column; here only who acts for whom.
        let may_record = move |body| match kind {
            SheetKind::Consultations => viewer.may_lead_consultation(id, body, true),
            _ => viewer.may_record_funding(id, body),
        };
        Ok(self
            .store
            .import_sheet_reporting(
                id,
                sheet,
                self.clock.today(),
                Choices::of(&compact.definition),
                &may_record,
                &acting.actor,
                dry_run,
                progress,
            )
            .await?)
    }

    /// The Compact at `slug`, for the page that imports spreadsheets:
    /// refused unless `acting` may record for some public body of it (its
    /// officers and the secretariat).
    pub async fn spreadsheet_importer(
        &self,
        acting: &Acting,
        slug: &str,
    ) -> Result<crate::register::Loaded> {
        self.funding_writer(acting, slug).await
    }
}
