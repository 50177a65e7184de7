//! Councils' own spreadsheets of consultations and of funding agreements,
//! their payments and their changes, read from CSV (the layout is in
//! `docs/council-spreadsheets.md`).
//!
//! As with the register's import ([`crate::import`]), reading happens in
//! two pure steps:
//!
//! 1. [`read_sheet`] reads the header row, works out which kind of record
//!    the file holds (or takes the kind it is told) and splits each row
//!    into the cells of that kind's columns. A file whose header cannot be
//!    read is refused whole ([`SheetError`]); a row that cannot be read is
//!    a [`RowProblem`] naming its row and column.
//! 2. [`plan`] checks each row through the same inputs the forms use
//!    ([`crate::consultation::ConsultationInput`],
//!    [`crate::funding::AgreementInput`] and the others), so a row is
//!    refused exactly as the form would refuse it, with the field named by
//!    its column, and decides what it means for the records as they stand:
//!    a new record, a change to the record with the same `reference`, or
//!    nothing at all.
//!
//! The store carries the plan out.

mod consultations;
mod directory;
mod plan;
mod words;

pub use consultations::ConsultationRecord;
pub use directory::{Directory, Party};
pub use plan::{plan, Planned, PlannedRow, RecordPlan, StoredRecords, MAX_REFERENCE};

use crate::import::{column_name, record_bytes, RowProblem, MAX_COLUMNS, MAX_ROW_BYTES};
use std::fmt;

/// The kinds of record a council's spreadsheet may hold, one kind a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SheetKind {
    Consultations,
    Agreements,
    Payments,
    Changes,
}

/// A column of a layout: its name, and whether every file must have it.
struct Column {
    name: &'static str,
    required: bool,
}

const fn required(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

const fn optional(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

const CONSULTATION_COLUMNS: &[Column] = &[
    required("reference"),
    required("lead"),
    required("title"),
    required("summary"),
    required("proposal"),
    optional("sectors"),
    optional("areas_of_work"),
    optional("characteristics"),
    required("opened_on"),
    required("closes_on"),
    optional("shorter_period_reason"),
    optional("documents"),
    required("how_to_respond"),
    optional("resources"),
    required("contact_name"),
    required("contact_email"),
    optional("status"),
    optional("feedback_heard"),
    optional("feedback_changed"),
    optional("decision"),
    optional("decided_on"),
    optional("feedback_published_on"),
];

const AGREEMENT_COLUMNS: &[Column] = &[
    required("reference"),
    required("title"),
    required("funder"),
    required("recipient"),
    required("kind"),
    optional("purpose"),
    required("amount"),
    required("starts_on"),
    required("ends_on"),
    optional("paid_in"),
    optional("monitoring"),
    optional("exit_strategy_agreed_on"),
    optional("exit_strategy_summary"),
    optional("full_cost_recovery"),
];

const PAYMENT_COLUMNS: &[Column] = &[
    required("reference"),
    required("agreement_reference"),
    optional("funder"),
    required("due_on"),
    required("amount"),
    optional("paid_on"),
];

const CHANGE_COLUMNS: &[Column] = &[
    required("reference"),
    required("agreement_reference"),
    optional("funder"),
    required("kind"),
    required("decided_on"),
    optional("notice_given_on"),
    required("effective_on"),
    optional("new_amount"),
];

impl SheetKind {
    pub const ALL: [SheetKind; 4] = [
        SheetKind::Consultations,
        SheetKind::Agreements,
        SheetKind::Payments,
        SheetKind::Changes,
    ];

    /// The name used on the command line, in forms and in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            SheetKind::Consultations => "consultations",
            SheetKind::Agreements => "agreements",
            SheetKind::Payments => "payments",
            SheetKind::Changes => "changes",
        }
    }

    pub fn parse(text: &str) -> Option<SheetKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    fn columns(self) -> &'static [Column] {
        match self {
            SheetKind::Consultations => CONSULTATION_COLUMNS,
            SheetKind::Agreements => AGREEMENT_COLUMNS,
            SheetKind::Payments => PAYMENT_COLUMNS,
            SheetKind::Changes => CHANGE_COLUMNS,
        }
    }

    /// The names of the columns every file of this kind must have (`true`)
    /// or may have (`false`), in the documented order.
    pub fn columns_required(self, required: bool) -> Vec<&'static str> {
        self.columns()
            .iter()
            .filter(|c| c.required == required)
            .map(|c| c.name)
            .collect()
    }

    /// The columns of the layout, for messages: required ones first.
    pub fn column_names(self) -> String {
        format!(
            "{} (and, if wanted, {})",
            self.columns_required(true).join(", "),
            self.columns_required(false).join(", ")
        )
    }

    /// The kind a header row shows. A consultation has a lead and closes;
    /// payments and changes both name their agreement; a payment is due, a
    /// change is decided.
    fn detect(names: &[String]) -> Option<SheetKind> {
        let has = |column: &str| names.iter().any(|n| n == column);
        if has("lead") || has("closes_on") {
            Some(SheetKind::Consultations)
        } else if has("agreement_reference") && has("due_on") {
            Some(SheetKind::Payments)
        } else if has("agreement_reference") && has("decided_on") {
            Some(SheetKind::Changes)
        } else if has("recipient") || has("starts_on") {
            Some(SheetKind::Agreements)
        } else {
            None
        }
    }
}

impl fmt::Display for SheetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a file could not be read at all. Each message is one line that
/// says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error(
        "the file is empty: it needs a header row naming the columns, then one row per record"
    )]
    Empty,
    #[error(
        "the header row does not show which records the file holds: it has the columns {found}; \
             consultations have lead and closes_on, agreements recipient and starts_on, \
             payments agreement_reference and due_on, \
             changes agreement_reference and decided_on"
    )]
    UnknownKind { found: String },
    #[error("the header row lacks the column(s) {missing} that a file of {kind} must have; \
             the columns are {expected}", expected = kind.column_names())]
    MissingColumns { kind: SheetKind, missing: String },
    #[error("the header row has column(s) Compact does not read in a file of {kind}: {unknown}; \
             the columns are {expected}", expected = kind.column_names())]
    UnknownColumns { kind: SheetKind, unknown: String },
    #[error("the header row names the column {0:?} twice; each column may appear only once")]
    DuplicateColumn(String),
    #[error("the header row has {found} columns; a file may have at most {MAX_COLUMNS}")]
    TooManyColumns { found: usize },
    #[error("a row is longer than {MAX_ROW_BYTES} bytes; no record needs that much")]
    HeaderTooLong,
    #[error("cannot read the file: {0}")]
    Read(String),
}

/// One row of a file, read: its cells in the order of the kind's columns
/// (an optional column the file lacks reads as empty), or what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u64,
    pub cells: Result<Vec<String>, Vec<RowProblem>>,
}

/// A whole file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub kind: SheetKind,
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// The cell of `column` in `cells` (cells of a row of this sheet).
    pub(crate) fn cell<'c>(&self, cells: &'c [String], column: &str) -> &'c str {
        self.kind
            .columns()
            .iter()
            .position(|c| c.name == column)
            .and_then(|i| cells.get(i))
            .map_or("", String::as_str)
    }
}

/// Read a file of `kind` (or whichever kind its header shows). The whole
/// file is in memory: a council's spreadsheet is thousands of rows, not
/// millions. Commas separate cells; a cell may be quoted.
pub fn read_sheet(bytes: &[u8], kind: Option<SheetKind>) -> Result<Sheet, SheetError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut header = csv::ByteRecord::new();
    if !csv
        .read_byte_record(&mut header)
        .map_err(|e| SheetError::Read(e.to_string()))?
    {
        return Err(SheetError::Empty);
    }
    if header.len() > MAX_COLUMNS {
        return Err(SheetError::TooManyColumns {
            found: header.len(),
        });
    }
    if record_bytes(&header, csv.position()) > MAX_ROW_BYTES {
        return Err(SheetError::HeaderTooLong);
    }
    let names: Vec<String> = header
        .iter()
        .map(|cell| column_name(&String::from_utf8_lossy(cell)))
        .collect();
    if names.iter().all(String::is_empty) {
        return Err(SheetError::Empty);
    }
    for (i, name) in names.iter().enumerate() {
        if !name.is_empty() && names[..i].contains(name) {
            return Err(SheetError::DuplicateColumn(name.clone()));
        }
    }
    let kind = match kind.or_else(|| SheetKind::detect(&names)) {
        Some(kind) => kind,
        None => {
            return Err(SheetError::UnknownKind {
                found: crate::import::list_columns(&names),
            })
        }
    };
    let columns = kind.columns();
    // Unknown columns are refused rather than ignored: a misspelt
    // `paid_on` would otherwise leave every payment unpaid without a word.
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| !n.is_empty() && !columns.iter().any(|c| c.name == n.as_str()))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(SheetError::UnknownColumns {
            kind,
            unknown: unknown.join(", "),
        });
    }
    let at: Vec<Option<usize>> = columns
        .iter()
        .map(|c| names.iter().position(|n| n == c.name))
        .collect();
    let missing: Vec<&str> = columns
        .iter()
        .zip(&at)
        .filter(|(c, at)| c.required && at.is_none())
        .map(|(c, _)| c.name)
        .collect();
    if !missing.is_empty() {
        return Err(SheetError::MissingColumns {
            kind,
            missing: missing.join(" and "),
        });
    }
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut row = 1u64;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(SheetError::Read(e.to_string())),
        }
        row += 1;
        // Rows that only ever held formatting describe no record.
        if record.iter().all(|cell| cell.trim_ascii().is_empty()) {
            continue;
        }
        rows.push(SheetRow {
            row,
            cells: row_cells(&record, row, names.len(), &at, csv.position()),
        });
    }
    Ok(Sheet { kind, rows })
}

fn row_cells(
    record: &csv::ByteRecord,
    row: u64,
    header_cells: usize,
    at: &[Option<usize>],
    after: &csv::Position,
) -> Result<Vec<String>, Vec<RowProblem>> {
    let whole_row = |problem: String| Err(vec![RowProblem::new(row, "", problem)]);
    if record_bytes(record, after) > MAX_ROW_BYTES {
        return whole_row(format!(
            "this row is longer than {MAX_ROW_BYTES} bytes; no record needs that much"
        ));
    }
    if record.len() != header_cells {
        return whole_row(format!(
            "this row has {} cells but the header row has {header_cells}: a comma is missing or \
             extra, or a cell has a comma or line break in it without quotes around the cell",
            record.len()
        ));
    }
    let mut cells = Vec::with_capacity(at.len());
    for i in at {
        let text = match i.and_then(|i| record.get(i)) {
            None => "",
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return whole_row(
                        "this row is not UTF-8 text; save the file as \"CSV UTF-8\" \
                         (spreadsheet programs offer it when saving as CSV)"
                            .to_string(),
                    )
                }
            },
        };
        cells.push(text.trim().to_string());
    }
    Ok(cells)
}

#[cfg(test)]
mod tests;
