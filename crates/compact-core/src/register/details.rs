//! An organisation's details as typed into the register's form, checked
//! and turned into a record.

use super::signup::{Checker, FieldProblem, Problem};
use crate::definition::OrganisationKind;
use crate::ids::OrganisationId;
use crate::import::fields;
use crate::model::Organisation;

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationInput {
    pub name: String,
    /// The kind's snake_case name, e.g. `charity`.
    pub kind: String,
    pub charity_number: String,
    pub company_number: String,
    pub address: String,
    pub postcode: String,
    pub website: String,
    pub email: String,
    /// Areas of work separated by commas or semicolons.
    pub areas_of_work: String,
    pub closed: bool,
}

impl OrganisationInput {
    /// The form filled in from an organisation, for changing its details.
    pub fn of(o: &Organisation) -> OrganisationInput {
        let text = |v: Option<String>| v.unwrap_or_default();
        OrganisationInput {
            name: o.name.clone(),
            kind: o.kind.as_str().to_string(),
            charity_number: text(o.charity_number.as_ref().map(|n| n.to_string())),
            company_number: text(o.company_number.as_ref().map(|n| n.to_string())),
            address: text(o.address.clone()),
            postcode: text(o.postcode.as_ref().map(|p| p.to_string())),
            website: text(o.website.clone()),
            email: text(o.email.clone()),
            areas_of_work: o.areas_of_work.join(", "),
            closed: !o.active,
        }
    }

    /// Check every field; `id` is the organisation's (or a placeholder for
    /// a new one, which the store replaces).
    pub fn check(&self, id: OrganisationId) -> Result<Organisation, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let name = match fields::name(&self.name) {
            Ok(name) => Some(name),
            Err(_) if self.name.trim().is_empty() => {
                c.flag("name", Problem::Missing);
                None
            }
            Err(_) => {
                c.flag("name", Problem::WrongFormat);
                None
            }
        };
        let kind = if self.kind.trim().is_empty() {
            c.flag("kind", Problem::Missing);
            None
        } else {
            let kind = OrganisationKind::parse(self.kind.trim());
            if kind.is_none() {
                c.flag("kind", Problem::WrongFormat);
            }
            kind
        };
        let charity_number = c.parsed("charity_number", &self.charity_number);
        let company_number = c.parsed("company_number", &self.company_number);
        let postcode = c.parsed("postcode", &self.postcode);
        let address = Some(c.optional_text("address", &self.address)).filter(|a| !a.is_empty());
        let website = c.checked("website", &self.website, fields::website);
        let email = c.checked("email", &self.email, fields::email);
        let areas_text = c.optional_text("areas_of_work", &self.areas_of_work);
        let mut areas_of_work: Vec<String> = Vec::new();
        for area in areas_text.split([',', ';']).map(str::trim) {
            if !area.is_empty() && !areas_of_work.iter().any(|a| a == area) {
                areas_of_work.push(area.to_string());
            }
        }
        c.finish(|| {
            Some(Organisation {
                id,
                name: name?,
                kind: kind?,
                charity_number,
                company_number,
                postcode,
                address,
                website,
                email,
                areas_of_work,
                active: !self.closed,
            })
        })
    }
}
