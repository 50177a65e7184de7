//! Reading organisations from CSV files into a Compact's register.
//!
//! Two layouts are read ([`ImportFormat`]): the Charity Commission for
//! England and Wales's register extract, and Compact's own simple CSV (see
//! `docs/import-format.md`). Reading happens in two steps, both pure:
//!
//! 1. [`OrganisationReader`] reads the header, works out the layout and the
//!    separator, then turns each row into an [`ImportedOrganisation`] or the
//!    list of what is wrong with it ([`RowProblem`]), naming the row as a
//!    spreadsheet numbers it (the header is row 1) and the column.
//! 2. [`RegisterIndex`] decides what each good row means for the register
//!    as it stands: a new organisation, a change to one already there, no
//!    change, or a repeat of an earlier row of the same file.
//!
//! The store only carries out those decisions. Nothing here opens a file:
//! the reader takes any [`std::io::Read`].

mod charity_commission;
mod compact_format;
pub(crate) mod fields;
/// The import's e-mail check, shared with the consultation form's contact.
pub(crate) use fields::email as email_field;
mod matching;
mod read;

pub use matching::{Outcome, RegisterIndex};
pub(crate) use read::{column_name, list_columns, record_bytes};
pub use read::{read_organisations, OrganisationReader, MAX_COLUMNS, MAX_ROW_BYTES};

use crate::definition::OrganisationKind;
use crate::identifiers::{CharityNumber, CompanyNumber, Postcode};
use crate::ids::OrganisationId;
use crate::model::Organisation;
use std::fmt;

/// The layouts an import file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    /// The Charity Commission for England and Wales's register extract
    /// (`publicextract.charity`), tab- or comma-separated.
    CharityCommission,
    /// Compact's own layout: `name,kind,charity_number,...`.
    Compact,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 2] = [ImportFormat::CharityCommission, ImportFormat::Compact];

    /// The name used on the command line and in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::CharityCommission => "charity-commission",
            ImportFormat::Compact => "compact",
        }
    }

    pub fn parse(text: &str) -> Option<ImportFormat> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// Whether a row may change the kind of an organisation already in the
    /// register. Compact's own layout says the kind outright. The Charity
    /// Commission's extract only says that something is a registered
    /// charity, which does not make the secretariat's choice of kind (a
    /// social enterprise that is also a charity, say) wrong.
    pub fn sets_kind_of_existing(self) -> bool {
        self == ImportFormat::Compact
    }

    /// The column a row problem about `field` is reported under.
    pub(crate) fn column_of(self, field: Field) -> &'static str {
        match self {
            ImportFormat::CharityCommission => charity_commission::column_of(field),
            ImportFormat::Compact => compact_format::column_of(field),
        }
    }
}

impl fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The details of an organisation that an import file can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Name,
    CharityNumber,
    CompanyNumber,
}

/// An organisation as one row of an import file describes it: the fields
/// of [`Organisation`] without the database's id. `None` (or an empty list)
/// means the row said nothing, which leaves a stored value alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub charity_number: Option<CharityNumber>,
    pub company_number: Option<CompanyNumber>,
    pub postcode: Option<Postcode>,
    pub address: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub areas_of_work: Vec<String>,
    pub active: bool,
}

impl From<Organisation> for ImportedOrganisation {
    fn from(o: Organisation) -> ImportedOrganisation {
        ImportedOrganisation {
            name: o.name,
            kind: o.kind,
            charity_number: o.charity_number,
            company_number: o.company_number,
            postcode: o.postcode,
            address: o.address,
            website: o.website,
            email: o.email,
            areas_of_work: o.areas_of_work,
            active: o.active,
        }
    }
}

impl ImportedOrganisation {
    pub fn into_organisation(self, id: OrganisationId) -> Organisation {
        Organisation {
            id,
            name: self.name,
            kind: self.kind,
            charity_number: self.charity_number,
            company_number: self.company_number,
            postcode: self.postcode,
            address: self.address,
            website: self.website,
            email: self.email,
            areas_of_work: self.areas_of_work,
            active: self.active,
        }
    }
}

/// One thing wrong with one row, as the error report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u64,
    /// The column, as Compact names it; empty when the whole row is wrong.
    pub column: String,
    /// What is wrong, in plain words, with what was expected.
    pub problem: String,
}

impl RowProblem {
    pub fn new(row: u64, column: impl Into<String>, problem: impl Into<String>) -> RowProblem {
        RowProblem {
            row,
            column: column.into(),
            problem: problem.into(),
        }
    }
}

/// One row of an import file, read: the organisation, or everything wrong
/// with the row (never an empty list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRow {
    pub row: u64,
    pub result: Result<ImportedOrganisation, Vec<RowProblem>>,
}

/// A whole import file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub format: ImportFormat,
    pub rows: Vec<ParsedRow>,
}

impl ImportFile {
    /// Every problem of every rejected row, in row order.
    pub fn problems(&self) -> impl Iterator<Item = &RowProblem> {
        self.rows
            .iter()
            .filter_map(|r| r.result.as_ref().err())
            .flatten()
    }

    /// How many rows were rejected while reading.
    pub fn rejected(&self) -> usize {
        self.rows.iter().filter(|r| r.result.is_err()).count()
    }
}

/// Why a file could not be read at all (as opposed to a bad row, which is
/// reported and skipped). Each message is one line that says what was
/// expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty: it needs a header row naming the columns, then one row per organisation")]
    Empty,
    #[error("the header row is not one Compact can read: it has the columns {found}; expected {compact} or {charity_commission}",
        compact = compact_format::EXPECTED, charity_commission = charity_commission::EXPECTED)]
    UnknownLayout { found: String },
    #[error("the header row lacks the column(s) {missing} of {format}; it has {found}",
        format = layout_name(*.format))]
    MissingColumns {
        format: ImportFormat,
        missing: String,
        found: String,
    },
    #[error("the header row has column(s) Compact does not read: {unknown}; {expected}",
        expected = compact_format::EXPECTED)]
    UnknownColumns { unknown: String },
    #[error("the header row names the column {0:?} twice; each column may appear only once")]
    DuplicateColumn(String),
    #[error("the header row has {found} columns; a file may have at most {limit} (the layouts Compact reads have a few dozen at most)",
        limit = read::MAX_COLUMNS)]
    TooManyColumns { found: usize },
    #[error("the header row is {} long; a row may be at most {} long", bytes(*.found, *.at_least), bytes(read::MAX_ROW_BYTES, false))]
    HeaderTooLong {
        found: usize,
        /// Whether reading stopped before the end of the row was found,
        /// so it is longer still.
        at_least: bool,
    },
    #[error("cannot read the file: {0}")]
    Read(String),
}

/// A length in bytes as a message gives it: "65,536 bytes (64 KiB)".
pub(crate) fn bytes(n: usize, at_least: bool) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let kib = if n >= 1024 && n % 1024 == 0 {
        format!(" ({} KiB)", n / 1024)
    } else {
        String::new()
    };
    format!(
        "{}{grouped} bytes{kib}",
        if at_least { "at least " } else { "" }
    )
}

fn layout_name(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::CharityCommission => charity_commission::EXPECTED,
        ImportFormat::Compact => compact_format::EXPECTED,
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_properties;
