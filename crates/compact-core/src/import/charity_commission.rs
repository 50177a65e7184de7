//! The Charity Commission for England and Wales's register extract
//! (`publicextract.charity`), one row per charity, main or linked. Columns
//! are found by name, so the Commission adding or reordering columns does
//! not break the import; only the number and the name are required.

use super::fields;
use super::read::{missing_columns, position, Cells};
use super::{Field, ImportError, ImportFormat, ImportedOrganisation};
use crate::definition::OrganisationKind;
use crate::identifiers::{CharityNumber, CompanyNumber, Postcode};

pub(super) const EXPECTED: &str = "a Charity Commission register extract \
    (publicextract.charity, whose columns include registered_charity_number, \
    linked_charity_number, charity_name, charity_registration_status, \
    charity_contact_address1 to charity_contact_address5, charity_contact_postcode, \
    charity_contact_email, charity_contact_web and charity_company_registration_number)";

const NUMBER: &str = "registered_charity_number";
const LINKED: &str = "linked_charity_number";
const NAME: &str = "charity_name";
const STATUS: &str = "charity_registration_status";
const ADDRESS: [&str; 5] = [
    "charity_contact_address1",
    "charity_contact_address2",
    "charity_contact_address3",
    "charity_contact_address4",
    "charity_contact_address5",
];
const POSTCODE: &str = "charity_contact_postcode";
const EMAIL: &str = "charity_contact_email";
const WEB: &str = "charity_contact_web";
const COMPANY: &str = "charity_company_registration_number";

pub(super) fn column_of(field: Field) -> &'static str {
    match field {
        Field::Name => NAME,
        Field::CharityNumber => NUMBER,
        Field::CompanyNumber => COMPANY,
    }
}

/// Where each column the import reads is in the file. The extract's other
/// columns (income, dates, phone, activities, ...) are not kept.
pub(super) struct Columns {
    number: usize,
    name: usize,
    linked: Option<usize>,
    status: Option<usize>,
    address: [Option<usize>; 5],
    postcode: Option<usize>,
    email: Option<usize>,
    web: Option<usize>,
    company: Option<usize>,
}

impl Columns {
    pub(super) fn from_header(names: &[String]) -> Result<Columns, ImportError> {
        let at = |column| position(names, column);
        match (at(NUMBER), at(NAME)) {
            (Some(number), Some(name)) => Ok(Columns {
                number,
                name,
                linked: at(LINKED),
                status: at(STATUS),
                address: ADDRESS.map(at),
                postcode: at(POSTCODE),
                email: at(EMAIL),
                web: at(WEB),
                company: at(COMPANY),
            }),
            (number, name) => Err(missing_columns(
                ImportFormat::CharityCommission,
                &[(number, NUMBER), (name, NAME)],
                names,
            )),
        }
    }

    pub(super) fn organisation(&self, cells: &mut Cells) -> Option<ImportedOrganisation> {
        let name = cells
            .text(Some(self.name), NAME)
            .and_then(|t| cells.check(NAME, fields::name(t)));
        let number = cells.text(Some(self.number), NUMBER);
        let linked = cells.present(self.linked, LINKED);
        let charity_number = number.and_then(|n| charity_number(cells, n, linked));
        let active = match cells.present(self.status, STATUS) {
            Some(status) => cells.check(STATUS, registered(status)),
            None => Some(true),
        };
        let lines: Vec<String> = self
            .address
            .into_iter()
            .zip(ADDRESS)
            .filter_map(|(at, column)| cells.text(at, column).and_then(fields::text))
            .collect();
        let postcode = cells
            .present(self.postcode, POSTCODE)
            .and_then(|t| cells.check(POSTCODE, Postcode::parse(t).map_err(|e| e.to_string())));
        let email = cells
            .present(self.email, EMAIL)
            .and_then(|t| cells.check(EMAIL, fields::email(t)));
        let website = cells
            .present(self.web, WEB)
            .and_then(|t| cells.check(WEB, fields::website(t)));
        let company_number = cells
            .present(self.company, COMPANY)
            // No company has the number 0; like linked_charity_number's 0,
            // it can only mean "none".
            .filter(|t| !t.bytes().all(|b| b == b'0'))
            .and_then(|t| cells.check(COMPANY, CompanyNumber::parse(t).map_err(|e| e.to_string())));
        Some(ImportedOrganisation {
            name: name?,
            kind: OrganisationKind::Charity,
            charity_number: Some(charity_number?),
            company_number,
            postcode,
            address: (!lines.is_empty()).then(|| lines.join(", ")),
            website,
            email,
            areas_of_work: Vec::new(),
            active: active?,
        })
    }
}

/// The charity's number: the registered number, with `-N` for a linked
/// charity (linked_charity_number N, where 0 is the main charity). A
/// problem is put under the column that holds the mistake.
fn charity_number(cells: &mut Cells, number: &str, linked: Option<&str>) -> Option<CharityNumber> {
    let main = cells.check(
        NUMBER,
        CharityNumber::parse(number).map_err(|e| e.to_string()),
    )?;
    match linked.map(str::trim) {
        None | Some("0") => Some(main),
        Some(linked) => cells.check(
            LINKED,
            CharityNumber::parse(&format!("{main}-{linked}")).map_err(|_| {
                format!(
                    "{linked:?} is not a linked-charity number: it should be 0 for a main charity \
                     or a number from 1 to 9999 for a linked one"
                )
            }),
        ),
    }
}

fn registered(status: &str) -> Result<bool, String> {
    match status.to_ascii_lowercase().as_str() {
        "registered" => Ok(true),
        "removed" => Ok(false),
        _ => Err(format!(
            "{status:?} is not a registration status the extract uses; expected Registered \
             or Removed"
        )),
    }
}
