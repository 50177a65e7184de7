//! Compact's own import layout (`docs/import-format.md`): one row per
//! organisation, comma-separated, with the columns below. Only `name` and
//! `kind` are required; a column left out says nothing about anyone.

use super::fields;
use super::read::{missing_columns, position, Cells};
use super::{Field, ImportError, ImportFormat, ImportedOrganisation};
use crate::identifiers::{CharityNumber, CompanyNumber, Postcode};

pub(super) const COLUMNS: [&str; 10] = [
    NAME,
    KIND,
    CHARITY_NUMBER,
    COMPANY_NUMBER,
    ADDRESS,
    POSTCODE,
    WEBSITE,
    EMAIL,
    AREAS_OF_WORK,
    ACTIVE,
];

pub(super) const EXPECTED: &str = "Compact's import layout, whose columns are name, kind, \
    charity_number, company_number, address, postcode, website, email, areas_of_work and active \
    (only name and kind are required)";

const NAME: &str = "name";
const KIND: &str = "kind";
const CHARITY_NUMBER: &str = "charity_number";
const COMPANY_NUMBER: &str = "company_number";
const ADDRESS: &str = "address";
const POSTCODE: &str = "postcode";
const WEBSITE: &str = "website";
const EMAIL: &str = "email";
const AREAS_OF_WORK: &str = "areas_of_work";
const ACTIVE: &str = "active";

pub(super) fn column_of(field: Field) -> &'static str {
    match field {
        Field::Name => NAME,
        Field::CharityNumber => CHARITY_NUMBER,
        Field::CompanyNumber => COMPANY_NUMBER,
    }
}

/// Where each column is in the file.
pub(super) struct Columns {
    name: usize,
    kind: usize,
    charity_number: Option<usize>,
    company_number: Option<usize>,
    address: Option<usize>,
    postcode: Option<usize>,
    website: Option<usize>,
    email: Option<usize>,
    areas_of_work: Option<usize>,
    active: Option<usize>,
}

impl Columns {
    /// The columns, from the header's names. A name Compact does not read
    /// is refused rather than skipped: in a file written by hand it is most
    /// likely a misspelling ("postocde"), and skipping it would quietly
    /// drop what that column holds. Columns with no name are skipped.
    pub(super) fn from_header(names: &[String]) -> Result<Columns, ImportError> {
        let unknown: Vec<String> = names
            .iter()
            .filter(|n| !n.is_empty() && !COLUMNS.contains(&n.as_str()))
            .map(|n| format!("{n:?}"))
            .collect();
        if !unknown.is_empty() {
            return Err(ImportError::UnknownColumns {
                unknown: unknown.join(", "),
            });
        }
        let at = |column| position(names, column);
        match (at(NAME), at(KIND)) {
            (Some(name), Some(kind)) => Ok(Columns {
                name,
                kind,
                charity_number: at(CHARITY_NUMBER),
                company_number: at(COMPANY_NUMBER),
                address: at(ADDRESS),
                postcode: at(POSTCODE),
                website: at(WEBSITE),
                email: at(EMAIL),
                areas_of_work: at(AREAS_OF_WORK),
                active: at(ACTIVE),
            }),
            (name, kind) => Err(missing_columns(
                ImportFormat::Compact,
                &[(name, NAME), (kind, KIND)],
                names,
            )),
        }
    }

    pub(super) fn organisation(&self, cells: &mut Cells) -> Option<ImportedOrganisation> {
        let name = cells
            .text(Some(self.name), NAME)
            .and_then(|t| cells.check(NAME, fields::name(t)));
        let kind = cells
            .text(Some(self.kind), KIND)
            .and_then(|t| cells.check(KIND, fields::kind(t)));
        let charity_number = cells
            .present(self.charity_number, CHARITY_NUMBER)
            .and_then(|t| {
                cells.check(
                    CHARITY_NUMBER,
                    CharityNumber::parse(t).map_err(|e| e.to_string()),
                )
            });
        let company_number = cells
            .present(self.company_number, COMPANY_NUMBER)
            .and_then(|t| {
                cells.check(
                    COMPANY_NUMBER,
                    CompanyNumber::parse(t).map_err(|e| e.to_string()),
                )
            });
        let address = cells.text(self.address, ADDRESS).and_then(fields::text);
        let postcode = cells
            .present(self.postcode, POSTCODE)
            .and_then(|t| cells.check(POSTCODE, Postcode::parse(t).map_err(|e| e.to_string())));
        let website = cells
            .present(self.website, WEBSITE)
            .and_then(|t| cells.check(WEBSITE, fields::website(t)));
        let email = cells
            .present(self.email, EMAIL)
            .and_then(|t| cells.check(EMAIL, fields::email(t)));
        let areas_of_work = match cells.text(self.areas_of_work, AREAS_OF_WORK) {
            Some(t) => cells.check(AREAS_OF_WORK, fields::areas_of_work(t)),
            None => Some(Vec::new()),
        };
        let active = match cells.text(self.active, ACTIVE) {
            Some(t) => cells.check(ACTIVE, fields::active(t)),
            None => Some(true),
        };
        Some(ImportedOrganisation {
            name: name?,
            kind: kind?,
            charity_number,
            company_number,
            postcode,
            address,
            website,
            email,
            areas_of_work: areas_of_work?,
            active: active?,
        })
    }
}
