//! Reading an import file: the header, the separator, then row by row.

use super::{
    charity_commission, compact_format, ImportError, ImportFile, ImportFormat, ParsedRow,
    RowProblem,
};
use std::io::{Chain, Cursor, Read};

/// How much of the file is read to find the end of the header line before
/// giving up on finding it: no real header is anywhere near this long.
const HEADER_LIMIT: usize = 1 << 20;

/// The most columns a header row may have. The layouts Compact reads have
/// a few dozen at most; a header of many thousands is not a list of
/// organisations, and working through its names would hold up the server.
/// Checked on the raw header line before any work per column.
pub const MAX_COLUMNS: usize = 200;

/// The longest a row (the header row too) may be, in bytes, separators and
/// quotes included. A row of the Charity Commission's extract, the widest
/// layout, is a few thousand bytes; a longer one is refused on its own, as
/// a row problem, before any of its cells is read.
pub const MAX_ROW_BYTES: usize = 64 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads an import file row by row (see the module documentation of
/// [`super`]). Made by [`OrganisationReader::new`], which reads the header.
pub struct OrganisationReader<R: Read> {
    csv: csv::Reader<Chain<Cursor<Vec<u8>>, R>>,
    layout: Layout,
    header_cells: usize,
    record: csv::ByteRecord,
    /// Whether cells are separated by tabs (otherwise by commas).
    tabbed: bool,
    /// The number of the last row read, counting the header as row 1.
    /// Rows are counted, not lines, as a spreadsheet counts them: a cell
    /// with a line break in it does not start a new row. Only empty lines,
    /// which a spreadsheet never writes, go uncounted.
    last_row: u64,
    failed: bool,
}

/// Where each column the layout reads is, as the header row placed them.
enum Layout {
    CharityCommission(charity_commission::Columns),
    Compact(compact_format::Columns),
}

impl<R: Read> OrganisationReader<R> {
    /// Read the header row and work out the layout: `format`, or, when that
    /// is `None`, whichever layout the header's column names show. The
    /// separator is a tab when the header line has more tabs than commas,
    /// otherwise a comma.
    pub fn new(mut input: R, format: Option<ImportFormat>) -> Result<Self, ImportError> {
        let start = read_first_line(&mut input)?;
        let first_line = start.split(|b| *b == b'\n').next().unwrap_or_default();
        let count = |byte: u8| first_line.iter().filter(|b| **b == byte).count();
        let tabs = count(b'\t') > count(b',');
        // Both limits are checked on the raw line, in one pass each, so a
        // header built to be costly is refused before its cells are read.
        let columns = count_columns(first_line, tabs);
        if columns > MAX_COLUMNS {
            return Err(ImportError::TooManyColumns { found: columns });
        }
        // Counted with its line break, as rows are.
        let ended = first_line.len() < start.len();
        let header_bytes = first_line.len() + usize::from(ended);
        if header_bytes > MAX_ROW_BYTES {
            return Err(ImportError::HeaderTooLong {
                found: header_bytes,
                at_least: !ended && start.len() > HEADER_LIMIT,
            });
        }
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(if tabs { b'\t' } else { b',' })
            // The Charity Commission's tab-separated extract puts no quotes
            // around cells, and its names may contain a lone '"'; read as
            // quoted, such a name would swallow the rows after it.
            .quoting(!tabs)
            .from_reader(Cursor::new(start).chain(input));
        let mut header = csv::ByteRecord::new();
        if !csv
            .read_byte_record(&mut header)
            .map_err(|e| ImportError::Read(e.to_string()))?
        {
            return Err(ImportError::Empty);
        }
        // A quoted cell with a line break in it can make the header row
        // longer than its first line: checked again, still before any work
        // per cell.
        if header.len() > MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                found: header.len(),
            });
        }
        let header_bytes = record_bytes(&header, csv.position());
        if header_bytes > MAX_ROW_BYTES {
            return Err(ImportError::HeaderTooLong {
                found: header_bytes,
                at_least: false,
            });
        }
        let names: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let cell = if i == 0 {
                    cell.strip_prefix(UTF8_BOM).unwrap_or(cell)
                } else {
                    cell
                };
                column_name(&String::from_utf8_lossy(cell))
            })
            .collect();
        if names.iter().all(String::is_empty) {
            return Err(ImportError::Empty);
        }
        let layout = Layout::from_header(&names, format)?;
        Ok(OrganisationReader {
            csv,
            layout,
            header_cells: names.len(),
            record: csv::ByteRecord::new(),
            tabbed: tabs,
            last_row: 1,
            failed: false,
        })
    }

    pub fn format(&self) -> ImportFormat {
        match self.layout {
            Layout::CharityCommission(_) => ImportFormat::CharityCommission,
            Layout::Compact(_) => ImportFormat::Compact,
        }
    }

    fn parse_row(&self, row: u64) -> ParsedRow {
        let record = &self.record;
        if record.len() != self.header_cells {
            let problem = format!(
                "this row has {} cells but the header row has {}: a separator ({}) is missing \
                 or extra, or a cell has a line break in it{}",
                record.len(),
                self.header_cells,
                if self.tabbed { "tab" } else { "comma" },
                if self.tabbed {
                    ""
                } else {
                    " without quotes around the cell"
                },
            );
            return ParsedRow {
                row,
                result: Err(vec![RowProblem::new(row, "", problem)]),
            };
        }
        let mut cells = Cells {
            record,
            row,
            problems: Vec::new(),
        };
        let organisation = match &self.layout {
            Layout::CharityCommission(columns) => columns.organisation(&mut cells),
            Layout::Compact(columns) => columns.organisation(&mut cells),
        };
        let result = match (organisation, cells.problems.is_empty()) {
            (Some(organisation), true) => Ok(organisation),
            (_, false) => Err(cells.problems),
            // Every `None` above comes with a problem; this keeps a slip
            // there from ever passing a row off as good.
            (None, true) => Err(vec![RowProblem::new(row, "", "this row could not be read")]),
        };
        ParsedRow { row, result }
    }
}

impl<R: Read> Iterator for OrganisationReader<R> {
    /// A row, or the error that stopped reading (the file could not be
    /// read further); after an error there are no more rows.
    type Item = Result<ParsedRow, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                return None;
            }
            match self.csv.read_byte_record(&mut self.record) {
                Ok(false) => return None,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(ImportError::Read(e.to_string())));
                }
                Ok(true) => {}
            }
            self.last_row += 1;
            let row = self.last_row;
            let length = record_bytes(&self.record, self.csv.position());
            if length > MAX_ROW_BYTES {
                let problem = format!(
                    "this row is {} long; a row may be at most {} long",
                    super::bytes(length, false),
                    super::bytes(MAX_ROW_BYTES, false),
                );
                return Some(Ok(ParsedRow {
                    row,
                    result: Err(vec![RowProblem::new(row, "", problem)]),
                }));
            }
            // Spreadsheets often save rows that only ever held formatting
            // as a line of separators; they describe no organisation.
            if self.record.iter().all(|cell| cell.trim_ascii().is_empty()) {
                continue;
            }
            return Some(Ok(self.parse_row(row)));
        }
    }
}

/// Read a whole file (see [`OrganisationReader`]).
pub fn read_organisations(
    input: impl Read,
    format: Option<ImportFormat>,
) -> Result<ImportFile, ImportError> {
    let reader = OrganisationReader::new(input, format)?;
    let format = reader.format();
    let rows = reader.collect::<Result<Vec<_>, _>>()?;
    Ok(ImportFile { format, rows })
}

/// How many cells a raw header line has: one more than its separators,
/// not counting commas inside quotes (a tab-separated file has no quoting).
fn count_columns(line: &[u8], tabs: bool) -> usize {
    if tabs {
        return line.iter().filter(|b| **b == b'\t').count() + 1;
    }
    let mut quoted = false;
    let mut columns = 1;
    for byte in line {
        match byte {
            // A doubled quote inside a quoted cell toggles twice: no change.
            b'"' => quoted = !quoted,
            b',' if !quoted => columns += 1,
            _ => {}
        }
    }
    columns
}

/// How long a record just read was in the file, from its start to where
/// the reader now is (`after`): its cells with their separators, quotes
/// and line break.
pub(crate) fn record_bytes(record: &csv::ByteRecord, after: &csv::Position) -> usize {
    let length = record
        .position()
        .map(|start| after.byte().saturating_sub(start.byte()));
    match length {
        Some(length) => usize::try_from(length).unwrap_or(usize::MAX),
        // Without a position, the cells and one separator between each.
        None => record.as_slice().len() + record.len().saturating_sub(1),
    }
}

/// The start of the input, up to and including the first line break (or
/// all of it, if it has none).
fn read_first_line(input: &mut impl Read) -> Result<Vec<u8>, ImportError> {
    let mut start = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ImportError::Read(e.to_string())),
        };
        start.extend_from_slice(&chunk[..n]);
        if n == 0 || chunk[..n].contains(&b'\n') || start.len() > HEADER_LIMIT {
            return Ok(start);
        }
    }
}

/// A header cell as Compact names columns: trimmed, lower-case, with spaces
/// and hyphens as underscores, so "Charity number" reads as charity_number.
pub(crate) fn column_name(cell: &str) -> String {
    cell.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

impl Layout {
    fn from_header(names: &[String], format: Option<ImportFormat>) -> Result<Layout, ImportError> {
        for (i, name) in names.iter().enumerate() {
            if !name.is_empty() && names[..i].contains(name) {
                return Err(ImportError::DuplicateColumn(name.clone()));
            }
        }
        let format = match format {
            Some(format) => format,
            None => detect(names)?,
        };
        Ok(match format {
            ImportFormat::CharityCommission => {
                Layout::CharityCommission(charity_commission::Columns::from_header(names)?)
            }
            ImportFormat::Compact => Layout::Compact(compact_format::Columns::from_header(names)?),
        })
    }
}

fn detect(names: &[String]) -> Result<ImportFormat, ImportError> {
    let has = |column: &str| names.iter().any(|n| n == column);
    if has("registered_charity_number") {
        Ok(ImportFormat::CharityCommission)
    } else if has("name") || has("kind") {
        Ok(ImportFormat::Compact)
    } else {
        Err(ImportError::UnknownLayout {
            found: list_columns(names),
        })
    }
}

/// The header's column names for a message, cut short after a dozen.
/// The error for a header row without some of a layout's required columns:
/// `required` pairs each column's position (if found) with its name.
pub(super) fn missing_columns(
    format: ImportFormat,
    required: &[(Option<usize>, &str)],
    names: &[String],
) -> ImportError {
    ImportError::MissingColumns {
        format,
        missing: required
            .iter()
            .filter(|(at, _)| at.is_none())
            .map(|(_, column)| *column)
            .collect::<Vec<_>>()
            .join(" and "),
        found: list_columns(names),
    }
}

pub(crate) fn list_columns(names: &[String]) -> String {
    const MAX: usize = 12;
    let shown: Vec<&str> = names
        .iter()
        .filter(|n| !n.is_empty())
        .take(MAX)
        .map(String::as_str)
        .collect();
    let more = names
        .iter()
        .filter(|n| !n.is_empty())
        .count()
        .saturating_sub(MAX);
    match (shown.is_empty(), more) {
        (true, _) => "no names".to_string(),
        (false, 0) => shown.join(", "),
        (false, more) => format!("{} and {more} more", shown.join(", ")),
    }
}

/// Where a column is in the header: its index, if it is there.
pub(super) fn position(names: &[String], column: &str) -> Option<usize> {
    names.iter().position(|n| n == column)
}

/// The cells of one row, collecting what is wrong with them.
pub(super) struct Cells<'a> {
    record: &'a csv::ByteRecord,
    row: u64,
    problems: Vec<RowProblem>,
}

impl<'a> Cells<'a> {
    /// The text of the cell at `index`; `None` when the file has no such
    /// column, or (with a problem noted) when the cell is not UTF-8 text.
    pub fn text(&mut self, index: Option<usize>, column: &str) -> Option<&'a str> {
        let bytes = self.record.get(index?)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                self.problem(
                    column,
                    "this cell is not UTF-8 text; save the file as \"CSV UTF-8\" \
                     (spreadsheet programs offer it when saving as CSV)",
                );
                None
            }
        }
    }

    /// The text of the cell, or `None` when it is absent or empty.
    pub fn present(&mut self, index: Option<usize>, column: &str) -> Option<&'a str> {
        self.text(index, column).and_then(super::fields::present)
    }

    /// The checked value, or `None` with the check's problem noted.
    pub fn check<T>(&mut self, column: &str, checked: Result<T, String>) -> Option<T> {
        checked
            .map_err(|problem| self.problem(column, problem))
            .ok()
    }

    pub fn problem(&mut self, column: &str, problem: impl Into<String>) {
        self.problems
            .push(RowProblem::new(self.row, column, problem.into()));
    }
}
