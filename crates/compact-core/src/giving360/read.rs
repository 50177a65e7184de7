//! Reading a 360Giving file: a JSON data package or the flat spreadsheet
//! layout (CSV, in UTF-8 or, as older spreadsheets save it,
//! Windows-1252). Every problem of every grant is reported, by grant and
//! field; a file with any problem gives no grants, so an import is all or
//! nothing.

use super::{Grant, GrantOrganisation, GrantProblem};
use crate::calendar::{self, Date};
use crate::money::Pence;
use serde_json::Value;

/// The most grants one file may hold: far more than any funder publishes
/// in a year, few enough to check in memory.
pub const MAX_GRANTS: usize = 100_000;

/// Why a file gives no grants.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Not JSON, or not a package (`{"grants": [...]}`).
    #[error("line {line}, column {column}: {message}")]
    Malformed {
        line: usize,
        column: usize,
        message: String,
    },
    /// A spreadsheet without the columns a grant needs.
    #[error("{0}")]
    Columns(String),
    #[error("the file holds {0} grants; at most {MAX_GRANTS} can be read at once")]
    TooMany(usize),
    /// Grants with fields to correct, every one listed.
    #[error("{} problems, the first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Grants(Vec<GrantProblem>),
}

/// The problems found so far in one grant.
struct Checker<'a> {
    grant: usize,
    row: bool,
    problems: &'a mut Vec<GrantProblem>,
}

impl Checker<'_> {
    fn problem(&mut self, field: &str, problem: impl Into<String>) {
        self.problems.push(GrantProblem {
            grant: self.grant,
            row: self.row,
            field: field.to_string(),
            problem: problem.into(),
        });
    }

    /// A text field that must be there.
    fn required(&mut self, field: &str, value: Option<String>) -> String {
        match value.filter(|v| !v.trim().is_empty()) {
            Some(v) => v.trim().to_string(),
            None => {
                self.problem(field, "missing: every grant needs it");
                String::new()
            }
        }
    }

    fn amount(&mut self, field: &str, text: Option<String>) -> Pence {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => {
                self.problem(field, "missing: every grant needs the amount awarded");
                Pence::ZERO
            }
            Some(t) => parse_pounds(t).unwrap_or_else(|why| {
                self.problem(field, why);
                Pence::ZERO
            }),
        }
    }

    fn date(&mut self, field: &str, text: Option<String>, required: bool) -> Option<Date> {
        match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None if required => {
                self.problem(field, "missing: every grant needs it");
                None
            }
            None => None,
            Some(t) => {
                let date = parse_date(t);
                if date.is_none() {
                    self.problem(
                        field,
                        format!("{t:?} is not a date: write 2026-03-31 (or 31/03/2026)"),
                    );
                }
                date
            }
        }
    }
}

/// An amount in pounds, with at most two decimal places, as whole pence.
pub fn parse_pounds(text: &str) -> Result<Pence, String> {
    let t = text.trim().trim_start_matches('£').replace(',', "");
    let (whole, fraction) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return Err(format!(
            "{text:?} is not an amount: write pounds, with pence after a point (1500 or 1500.50)"
        ));
    }
    if fraction.len() > 2 {
        // A spreadsheet's float arithmetic leaves amounts like
        // 44337.130000000005: a whole number of pence to within a
        // millionth of a penny is that many pence.
        let extra = &fraction[2..];
        let noise = extra.len() >= 6
            && (extra.chars().all(|c| c == '0')
                || extra.starts_with("0000")
                || extra.starts_with("9999"));
        if !noise {
            return Err(format!(
                "{text:?} has more than two decimal places: amounts are in pounds and pence"
            ));
        }
        let pence: f64 = format!("{whole}.{fraction}")
            .parse::<f64>()
            .unwrap_or(f64::NAN)
            * 100.0;
        if !pence.is_finite() || pence.abs() > 9.0e15 {
            return Err(format!("{text:?} is too large an amount"));
        }
        return Ok(Pence(pence.round() as i64));
    }
    let pence = format!("{fraction:0<2}");
    whole
        .parse::<i64>()
        .ok()
        .and_then(|p| p.checked_mul(100))
        .and_then(|p| p.checked_add(pence.parse::<i64>().unwrap_or(0)))
        .map(Pence)
        .ok_or_else(|| format!("{text:?} is too large an amount"))
}

/// A date as 360Giving files write it: ISO 8601, a date or a date and time
/// (the date it falls on in London), or day/month/year.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(calendar::london_date(at.with_timezone(&chrono::Utc)));
    }
    if let Ok(at) = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S") {
        return Some(at.date());
    }
    calendar::parse_typed_date(text)
}

/// The text of a JSON value that should be a string or a number.
fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Read a JSON data package.
pub fn read_json(bytes: &[u8]) -> Result<Vec<Grant>, ReadError> {
    let package: Value = serde_json::from_slice(bytes).map_err(|e| ReadError::Malformed {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let Some(grants) = package.get("grants").and_then(Value::as_array) else {
        return Err(ReadError::Malformed {
            line: 1,
            column: 1,
            message: "not a 360Giving data package: it needs a \"grants\" list".into(),
        });
    };
    if grants.len() > MAX_GRANTS {
        return Err(ReadError::TooMany(grants.len()));
    }
    let mut problems = Vec::new();
    let mut read = Vec::with_capacity(grants.len());
    for (i, g) in grants.iter().enumerate() {
        let mut c = Checker {
            grant: i + 1,
            row: false,
            problems: &mut problems,
        };
        let field = |name: &str| text_of(g.get(name));
        let first = |list: &str| {
            g.get(list)
                .and_then(Value::as_array)
                .and_then(|a| a.first())
        };
        let planned = first("plannedDates");
        // A recipient without an identifier is found or entered by its
        // name; a funder must say who it is.
        let org = |c: &mut Checker, list: &str, id_required: bool| -> GrantOrganisation {
            let o = first(list);
            let get = |name: &str| text_of(o.and_then(|o| o.get(name)));
            GrantOrganisation {
                id: if id_required {
                    c.required(&format!("{list}/0/id"), get("id"))
                } else {
                    get("id").unwrap_or_default().trim().to_string()
                },
                name: c.required(&format!("{list}/0/name"), get("name")),
                charity_number: get("charityNumber"),
                company_number: get("companyNumber"),
                postcode: get("postalCode"),
                locality: get("addressLocality"),
            }
        };
        let currency = field("currency");
        if currency.as_deref().map(str::trim) != Some("GBP") {
            c.problem(
                "currency",
                format!(
                    "{}: Compact keeps amounts in pounds sterling (GBP)",
                    currency.map_or_else(|| "missing".to_string(), |c| format!("{c:?}"))
                ),
            );
        }
        let grant = Grant {
            id: c.required("id", field("id")),
            title: c.required("title", field("title")),
            description: field("description").unwrap_or_default().trim().to_string(),
            amount: c.amount("amountAwarded", field("amountAwarded")),
            award_date: c
                .date("awardDate", field("awardDate"), true)
                .unwrap_or(crate::date_ranges::COMPACTS_BEGAN),
            start: c.date(
                "plannedDates/0/startDate",
                text_of(planned.and_then(|p| p.get("startDate"))),
                false,
            ),
            end: c.date(
                "plannedDates/0/endDate",
                text_of(planned.and_then(|p| p.get("endDate"))),
                false,
            ),
            duration_months: planned
                .and_then(|p| p.get("duration"))
                .and_then(Value::as_u64)
                .and_then(|d| u32::try_from(d).ok()),
            recipient: org(&mut c, "recipientOrganization", false),
            funder: org(&mut c, "fundingOrganization", true),
            programme: first("grantProgramme")
                .and_then(|p| text_of(p.get("title")))
                .filter(|t| !t.trim().is_empty()),
        };
        check_identifiers(
            &mut c,
            &grant,
            ["recipientOrganization/0/id", "fundingOrganization/0/id"],
        );
        read.push(grant);
    }
    duplicates(&read, "id", false, &mut problems, |i| i + 1);
    finish(read, problems)
}

/// Grants in order of their place, or every problem found.
fn finish(read: Vec<Grant>, mut problems: Vec<GrantProblem>) -> Result<Vec<Grant>, ReadError> {
    if problems.is_empty() {
        Ok(read)
    } else {
        problems.sort_by_key(|p| p.grant);
        Err(ReadError::Grants(problems))
    }
}

/// Whether `id` has the shape of an org-id.guide identifier: a country code,
/// a list code, then the number on that list (`GB-CHC-1012345`), or a
/// 360Giving publisher's own (`360G-…`).
pub fn looks_like_org_id(id: &str) -> bool {
    if id.starts_with("360G-") {
        return id.len() > 5;
    }
    let mut parts = id.splitn(3, '-');
    let (Some(country), Some(list), Some(number)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    country.len() == 2
        && country.chars().all(|c| c.is_ascii_uppercase())
        && !list.is_empty()
        && list
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !number.trim().is_empty()
}

fn check_identifiers(c: &mut Checker, grant: &Grant, fields: [&str; 2]) {
    for (org, field) in [&grant.recipient, &grant.funder].into_iter().zip(fields) {
        if !org.id.is_empty() && !looks_like_org_id(&org.id) {
            c.problem(
                field,
                format!(
                    "{:?} is not an organisation identifier: write it as org-id.guide does, \
                     e.g. GB-CHC-1012345 for a charity or GB-COH-01234567 for a company",
                    org.id
                ),
            );
        }
    }
}

/// A grant whose identifier an earlier grant of the file has: importing
/// it would be ambiguous.
fn duplicates(
    grants: &[Grant],
    field: &str,
    in_rows: bool,
    problems: &mut Vec<GrantProblem>,
    place: impl Fn(usize) -> usize,
) {
    let mut seen = std::collections::HashMap::new();
    for (i, g) in grants.iter().enumerate() {
        if g.id.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(g.id.as_str(), i) {
            seen.insert(g.id.as_str(), first);
            problems.push(GrantProblem {
                grant: place(i),
                row: in_rows,
                field: field.to_string(),
                problem: format!(
                    "{:?} is also the identifier of {} {}: each grant needs its own",
                    g.id,
                    if in_rows { "row" } else { "grant" },
                    place(first)
                ),
            });
        }
    }
}

/// The spreadsheet columns read, by their titles in the standard's flat
/// layout.
pub const COLUMNS: &[&str] = &[
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Planned Dates:Duration (months)",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Recipient Org:Postal Code",
    "Recipient Org:City",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
];

/// Text in UTF-8, or, when it is not, in Windows-1252 (what Excel saves as
/// "CSV" in the UK).
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Read the flat spreadsheet layout.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Grant>, ReadError> {
    read_csv_rows(bytes).map(|(grants, _)| grants)
}

/// Read the flat spreadsheet layout, with each grant's row (the header is
/// row 1; blank rows are skipped).
pub fn read_csv_rows(bytes: &[u8]) -> Result<(Vec<Grant>, Vec<usize>), ReadError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ReadError::Columns(format!("the header row cannot be read: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let at = |title: &str| header.iter().position(|h| h.eq_ignore_ascii_case(title));
    let places: Vec<Option<usize>> = COLUMNS.iter().map(|c| at(c)).collect();
    let needed = ["Identifier", "Title", "Amount Awarded", "Award Date"];
    let missing: Vec<&str> = needed.into_iter().filter(|c| at(c).is_none()).collect();
    if !missing.is_empty() {
        return Err(ReadError::Columns(format!(
            "the header row has no {} column{}: a 360Giving spreadsheet names its columns as the standard does",
            missing.join(", "),
            if missing.len() == 1 { "" } else { "s" }
        )));
    }
    let mut problems = Vec::new();
    let mut read = Vec::new();
    // Each grant's row, for messages (blank rows are skipped).
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        if read.len() >= MAX_GRANTS {
            return Err(ReadError::TooMany(read.len() + 1));
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(GrantProblem {
                    grant: row,
                    row: true,
                    field: "(row)".into(),
                    problem: format!("cannot be read: {e}"),
                });
                continue;
            }
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |title: &str| -> Option<String> {
            let n = COLUMNS.iter().position(|c| *c == title)?;
            places[n]
                .and_then(|p| record.get(p))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let mut c = Checker {
            grant: row,
            row: true,
            problems: &mut problems,
        };
        if let Some(currency) = cell("Currency").filter(|c| c != "GBP") {
            c.problem(
                "Currency",
                format!("{currency:?}: Compact keeps amounts in pounds sterling (GBP)"),
            );
        }
        let org = |c: &mut Checker, prefix: &str, recipient: bool| GrantOrganisation {
            id: if recipient {
                cell(&format!("{prefix}:Identifier")).unwrap_or_default()
            } else {
                c.required(
                    &format!("{prefix}:Identifier"),
                    cell(&format!("{prefix}:Identifier")),
                )
            },
            name: c.required(&format!("{prefix}:Name"), cell(&format!("{prefix}:Name"))),
            charity_number: cell(&format!("{prefix}:Charity Number")),
            company_number: cell(&format!("{prefix}:Company Number")),
            postcode: cell(&format!("{prefix}:Postal Code")),
            locality: if recipient {
                cell(&format!("{prefix}:City"))
            } else {
                None
            },
        };
        let grant = Grant {
            id: c.required("Identifier", cell("Identifier")),
            title: c.required("Title", cell("Title")),
            description: cell("Description").unwrap_or_default(),
            amount: c.amount("Amount Awarded", cell("Amount Awarded")),
            award_date: c
                .date("Award Date", cell("Award Date"), true)
                .unwrap_or(crate::date_ranges::COMPACTS_BEGAN),
            start: c.date(
                "Planned Dates:Start Date",
                cell("Planned Dates:Start Date"),
                false,
            ),
            end: c.date(
                "Planned Dates:End Date",
                cell("Planned Dates:End Date"),
                false,
            ),
            duration_months: cell("Planned Dates:Duration (months)").and_then(|d| d.parse().ok()),
            recipient: org(&mut c, "Recipient Org", true),
            funder: org(&mut c, "Funding Org", false),
            programme: cell("Grant Programme:Title"),
        };
        check_identifiers(
            &mut c,
            &grant,
            ["Recipient Org:Identifier", "Funding Org:Identifier"],
        );
        rows.push(row);
        read.push(grant);
    }
    duplicates(&read, "Identifier", true, &mut problems, |i| rows[i]);
    finish(read, problems).map(|grants| (grants, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_exact_pence() {
        let table = [
            ("152505", Ok(Pence(15_250_500))),
            ("152505.03", Ok(Pence(15_250_503))),
            ("1000.1", Ok(Pence(100_010))),
            ("£1,500.50", Ok(Pence(150_050))),
            ("0", Ok(Pence(0))),
        ];
        for (text, want) in table {
            assert_eq!(parse_pounds(text), want, "{text}");
        }
        for bad in ["", "-5", "1.234", "12a", "1e5", "99999999999999999999"] {
            assert!(parse_pounds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_read_as_files_write_them() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_date("2020-11-03T00:00:00+00:00"), d(2020, 11, 3));
        // Midnight in London in summer is 23:00 the day before in UTC.
        assert_eq!(parse_date("2020-07-01T23:30:00Z"), d(2020, 7, 2));
        assert_eq!(parse_date("2014-07-24"), d(2014, 7, 24));
        assert_eq!(parse_date("24/07/2014"), d(2014, 7, 24));
        assert_eq!(parse_date("31/02/2014"), None);
    }

    #[test]
    fn a_grant_missing_its_fields_is_refused_field_by_field() {
        let json = br#"{"grants": [{"id": null, "currency": "USD", "amountAwarded": 1.234}]}"#;
        let Err(ReadError::Grants(problems)) = read_json(json) else {
            panic!("refused");
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        for field in [
            "currency",
            "id",
            "title",
            "amountAwarded",
            "awardDate",
            "recipientOrganization/0/name",
            "fundingOrganization/0/id",
            "fundingOrganization/0/name",
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
        assert!(problems.iter().all(|p| p.grant == 1));
    }

    #[test]
    fn malformed_json_says_where() {
        let Err(ReadError::Malformed { line, .. }) = read_json(b"{\n\"grants\": [,,]}") else {
            panic!("refused");
        };
        assert_eq!(line, 2);
    }
}
