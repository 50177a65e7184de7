//! Grants as the 360Giving Data Standard publishes them: what Compact
//! reads from a funder's file and writes for its own agreements.
//!
//! 360Giving is how UK grant-makers, councils among them, publish their
//! grants as open data: a JSON "data package" (`{"grants": [...]}`) or a
//! flat spreadsheet whose column titles name the fields
//! (`Recipient Org:Identifier`). Compact reads both ([`read`]), checks what
//! the standard's own quality tests check beyond the schema ([`quality`]),
//! and writes both ([`write`]), with organisations named by org-id.guide
//! identifiers ([`orgid`]).
//!
//! Only the fields a funding agreement carries are read; others in a file
//! are left alone. Amounts are held as whole pence, never as a float.

pub mod agreements;
pub mod import;
pub mod orgid;
pub mod quality;
pub mod read;
pub mod write;

use crate::calendar::Date;
use crate::money::Pence;

/// One grant, as read or to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The grant's identifier, unique to its publisher: `360G-` and the
    /// publisher's prefix, then its own number.
    pub id: String,
    pub title: String,
    pub description: String,
    pub amount: Pence,
    pub award_date: Date,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// The planned length in months, when a file gives it without dates.
    pub duration_months: Option<u32>,
    pub recipient: GrantOrganisation,
    pub funder: GrantOrganisation,
    /// The funder's programme the grant came from.
    pub programme: Option<String>,
}

/// An organisation as a grant names it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GrantOrganisation {
    /// Its org-id.guide identifier, e.g. `GB-CHC-1012345`.
    pub id: String,
    pub name: String,
    pub charity_number: Option<String>,
    pub company_number: Option<String>,
    pub postcode: Option<String>,
    pub locality: Option<String>,
}

/// What is wrong with one field of one grant: which grant (counting from
/// 1, as a spreadsheet's rows are counted after the header, or the
/// grant's place in the package), which field, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantProblem {
    /// The grant's place: its row in a spreadsheet (the header is row 1),
    /// or its number in a JSON package (the first is 1).
    pub grant: usize,
    /// Whether `grant` is a spreadsheet row (otherwise the grant's number
    /// in a package).
    pub row: bool,
    /// The field, as the file names it (`amountAwarded`, or `Amount
    /// Awarded` in a spreadsheet).
    pub field: String,
    pub problem: String,
}

impl std::fmt::Display for GrantProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = if self.row { "row" } else { "grant" };
        write!(
            f,
            "{place} {}, {}: {}",
            self.grant, self.field, self.problem
        )
    }
}
