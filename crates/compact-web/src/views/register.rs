//! The register as the pages, the downloads and the API all show it: the
//! same search, the same rows, the same counts.

use compact_core::calendar::{format_long, parse_typed_date};
use compact_core::date_ranges::{self, DateRange, OutOfRange};
use compact_core::definition::{OrganisationKind, Sector};
use compact_core::register::{Entry, Filter};
use compact_core::Date;
use serde::{Deserialize, Serialize};

/// Rows on one page of the register.
pub const PER_PAGE: usize = 50;

/// The register's search, as it arrives in a page's or the API's query.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterParams {
    /// Words to find in the name, postcode, charity or company number.
    pub q: Option<String>,
    /// `public`, `vcse` or `private`.
    pub sector: Option<String>,
    /// A kind of organisation, e.g. `charity` or `local_authority`.
    pub kind: Option<String>,
    /// An area of work, as the register lists them.
    pub area: Option<String>,
    /// The register as it stood on this date (YYYY-MM-DD or DD/MM/YYYY),
    /// from 1 January 1998 to today; today when not given.
    pub on: Option<String>,
    /// `signatories` (the default) or `all` to include organisations that
    /// have not signed up or have withdrawn.
    pub standing: Option<String>,
}

/// What was wrong with a search parameter: which one, and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamError {
    Sector(String),
    Kind(String),
    Date(String),
    /// A real date outside the register's dates (see
    /// [`date_ranges::register_date`]).
    DateOutOfRange(String, OutOfRange, DateRange),
    Standing(String),
}

impl ParamError {
    pub fn field(&self) -> &'static str {
        match self {
            ParamError::Sector(_) => "sector",
            ParamError::Kind(_) => "kind",
            ParamError::Date(_) | ParamError::DateOutOfRange(..) => "on",
            ParamError::Standing(_) => "standing",
        }
    }

    /// In English, for the API.
    pub fn message(&self) -> String {
        match self {
            ParamError::Sector(v) => format!("{v:?} is not a sector: use public, vcse or private"),
            ParamError::Kind(v) => format!(
                "{v:?} is not a kind of organisation: use one of {}",
                OrganisationKind::ALL.map(|k| k.as_str()).join(", ")
            ),
            ParamError::Date(v) => {
                format!("{v:?} is not a date: use YYYY-MM-DD, for example 2026-03-31")
            }
            ParamError::DateOutOfRange(v, side, range) => format!(
                "{v:?} is {}: the register can be shown on any date from {} to today ({})",
                match side {
                    OutOfRange::TooEarly => "too early",
                    OutOfRange::TooLate => "after today",
                },
                format_long(range.earliest),
                format_long(range.latest),
            ),
            ParamError::Standing(v) => format!("{v:?} is not a standing: use signatories or all"),
        }
    }
}

/// A search read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterSearch {
    pub filter: Filter,
    pub on: Date,
}

impl RegisterSearch {
    /// The plain register: every current signatory on `on`, first page.
    pub fn signatories_on(on: Date) -> RegisterSearch {
        RegisterSearch {
            filter: Filter {
                signatories_only: true,
                ..Filter::default()
            },
            on,
        }
    }
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

pub fn parse_sector(text: &str) -> Option<Sector> {
    match text {
        "public" => Some(Sector::Public),
        "vcse" => Some(Sector::Vcse),
        "private" => Some(Sector::Private),
        _ => None,
    }
}

pub fn sector_str(sector: Sector) -> &'static str {
    match sector {
        Sector::Public => "public",
        Sector::Vcse => "vcse",
        Sector::Private => "private",
    }
}

impl RegisterParams {
    /// Read the search; `today` is the date when none is given.
    pub fn read(&self, today: Date) -> Result<RegisterSearch, ParamError> {
        let sector = given(&self.sector)
            .map(|s| parse_sector(s).ok_or_else(|| ParamError::Sector(s.into())))
            .transpose()?;
        let kind = given(&self.kind)
            .map(|k| OrganisationKind::parse(k).ok_or_else(|| ParamError::Kind(k.into())))
            .transpose()?;
        let on = given(&self.on)
            .map(|d| {
                let date = parse_typed_date(d).ok_or_else(|| ParamError::Date(d.into()))?;
                // A far date is not merely odd: the growth chart and the
                // counts are worked out up to it.
                let range = date_ranges::register_date(today);
                range
                    .check(date)
                    .map_err(|side| ParamError::DateOutOfRange(d.into(), side, range))
            })
            .transpose()?
            .unwrap_or(today);
        let signatories_only = match given(&self.standing) {
            None | Some("signatories") => true,
            Some("all") => false,
            Some(other) => return Err(ParamError::Standing(other.into())),
        };
        Ok(RegisterSearch {
            filter: Filter {
                text: given(&self.q).unwrap_or_default().to_string(),
                sector,
                kind,
                area: given(&self.area).map(String::from),
                signatories_only,
            },
            on,
        })
    }

    /// The query string of this search, for the links to its other pages
    /// and its downloads.
    pub fn query_without_page(&self) -> String {
        let pairs = [
            ("q", &self.q),
            ("sector", &self.sector),
            ("kind", &self.kind),
            ("area", &self.area),
            ("on", &self.on),
            ("standing", &self.standing),
        ];
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            if let Some(v) = given(value) {
                query.append_pair(name, v);
            }
        }
        query.finish()
    }
}

/// One organisation of the register, as listed and downloaded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegisterRow {
    pub id: i64,
    pub name: String,
    /// The kind of organisation, e.g. `charity`.
    pub kind: String,
    /// `public`, `vcse` or `private`.
    pub sector: String,
    pub charity_number: Option<String>,
    pub company_number: Option<String>,
    pub postcode: Option<String>,
    pub website: Option<String>,
    pub areas_of_work: Vec<String>,
    /// `signatory`, `withdrawn` or `not_signed`, on the register's date.
    pub standing: String,
    /// When the sign-up behind the standing was made.
    #[schema(value_type = Option<String>, format = Date)]
    pub signed_on: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub withdrawn_on: Option<Date>,
    /// Whether the sign-up has a Compact champion.
    pub has_champion: bool,
    /// The champion's name (a public role).
    pub champion: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub champion_trained_on: Option<Date>,
}

impl RegisterRow {
    pub fn of(entry: &Entry) -> RegisterRow {
        let o = entry.organisation;
        let champion = entry.signatory.and_then(|s| s.champion.as_ref());
        RegisterRow {
            id: o.id.0,
            name: o.name.clone(),
            kind: o.kind.as_str().to_string(),
            sector: sector_str(o.kind.sector()).to_string(),
            charity_number: o.charity_number.as_ref().map(|n| n.as_str().to_string()),
            company_number: o.company_number.as_ref().map(|n| n.as_str().to_string()),
            postcode: o.postcode.as_ref().map(|p| p.as_str().to_string()),
            website: o.website.clone(),
            areas_of_work: o.areas_of_work.clone(),
            standing: entry.standing.as_str().to_string(),
            signed_on: entry.signatory.map(|s| s.signed_on),
            withdrawn_on: entry.signatory.and_then(|s| s.withdrawn_on),
            has_champion: champion.is_some(),
            champion: champion.map(|c| c.name.clone()),
            champion_trained_on: champion.and_then(|c| c.trained_on),
        }
    }
}

/// The register's rows as CSV, with a header row; areas of work are joined
/// with "; ".
pub fn to_csv(rows: &[RegisterRow]) -> Result<String, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "id",
        "name",
        "kind",
        "sector",
        "charity_number",
        "company_number",
        "postcode",
        "website",
        "areas_of_work",
        "standing",
        "signed_on",
        "withdrawn_on",
        "champion",
        "champion_trained_on",
    ])?;
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let text = |t: Option<&str>| inert(t.unwrap_or_default());
    for r in rows {
        out.write_record([
            r.id.to_string(),
            inert(&r.name),
            r.kind.clone(),
            r.sector.clone(),
            text(r.charity_number.as_deref()),
            text(r.company_number.as_deref()),
            text(r.postcode.as_deref()),
            text(r.website.as_deref()),
            inert(&r.areas_of_work.join("; ")),
            r.standing.clone(),
            date(r.signed_on),
            date(r.withdrawn_on),
            text(r.champion.as_deref()),
            date(r.champion_trained_on),
        ])?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A cell a spreadsheet will not run as a formula: text that starts with
/// `=`, `+`, `-`, `@` or a tab or carriage return gets a leading
/// apostrophe, which spreadsheets show as plain text. Names come from the
/// public and from imports, so one could otherwise carry a formula.
fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_kept_as_text() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+44 1225", "'+44 1225"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("Trowbridge Larder", "Trowbridge Larder"),
            ("", ""),
        ] {
            assert_eq!(inert(cell), written);
        }
    }
}
