//! The organisations of a Compact's register, indexed so that a
//! spreadsheet's cell finds the one it names by a lookup.

use crate::definition::OrganisationKind;
use crate::funding::{name_key, party_lookups, PartyLookup};
use crate::ids::OrganisationId;
use std::collections::HashMap;

/// An organisation of the register, as a row may name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    pub charity_number: Option<String>,
    pub company_number: Option<String>,
}

/// The organisations of a Compact's register, to find the one a cell
/// names. A cell is read as the funding form reads a recipient (see
/// [`party_lookups`]), so a file and a form name an organisation the same
/// ways. Indexed by every key a cell may name one by, so a file of many
/// rows against a register of 200,000 organisations looks each cell up
/// rather than comparing it with every organisation.
#[derive(Debug, Default)]
pub struct Directory {
    parties: Vec<Party>,
    /// Position in `parties` of each number in the register.
    by_id: HashMap<OrganisationId, usize>,
    /// Positions of the parties with each charity number, as
    /// [`number_key`] folds them.
    by_charity: HashMap<String, Vec<usize>>,
    /// Positions of the parties with each company number, likewise.
    by_company: HashMap<String, Vec<usize>>,
    /// Positions of the parties with each name, as [`name_key`] folds it.
    by_name: HashMap<String, Vec<usize>>,
}

/// A number as registers write it, for comparing: no spaces, upper case.
fn number_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

impl Directory {
    pub fn new(parties: Vec<Party>) -> Directory {
        let mut directory = Directory::default();
        for (at, p) in parties.iter().enumerate() {
            directory.by_id.entry(p.id).or_insert(at);
            let numbers = [
                (&p.charity_number, &mut directory.by_charity),
                (&p.company_number, &mut directory.by_company),
            ];
            for (number, index) in numbers {
                if let Some(number) = number {
                    index.entry(number_key(number)).or_default().push(at);
                }
            }
            directory
                .by_name
                .entry(name_key(&p.name))
                .or_default()
                .push(at);
        }
        directory.parties = parties;
        directory
    }

    /// Positions of the parties one lookup finds.
    fn positions(&self, lookup: &PartyLookup) -> Vec<usize> {
        let among = |index: &HashMap<String, Vec<usize>>, key: &str| {
            index.get(key).cloned().unwrap_or_default()
        };
        match lookup {
            PartyLookup::RegisterNumber(id) => self.by_id.get(id).copied().into_iter().collect(),
            PartyLookup::CharityNumber(n) => among(&self.by_charity, &number_key(n)),
            PartyLookup::CompanyNumber(n) => among(&self.by_company, &number_key(n)),
            PartyLookup::Name(key) => among(&self.by_name, key),
        }
    }

    /// The organisation `value` names: by its number in the register, its
    /// charity or company number (bare or as org-id.guide writes it) or its
    /// exact name (letter case aside). One that matches none, or more than
    /// one organisation, is refused, since guessing would put money against
    /// the wrong body.
    pub(super) fn find(&self, value: &str) -> Result<&Party, String> {
        let value = value.trim();
        let mut at: Vec<usize> = party_lookups(value)
            .iter()
            .flat_map(|lookup| self.positions(lookup))
            .collect();
        // In the register's order, each organisation once.
        at.sort_unstable();
        at.dedup();
        let mut found = at.into_iter().map(|i| &self.parties[i]);
        match (found.next(), found.next()) {
            (Some(one), None) => Ok(one),
            (None, _) => Err(format!(
                "no organisation of the register has the number, charity number, company number \
                 or name {value:?}; enter it in the register first"
            )),
            (Some(a), Some(b)) => Err(format!(
                "{value:?} names more than one organisation of the register ({} and {}); \
                 use its number in the register instead",
                a.name, b.name
            )),
        }
    }

    fn party(&self, id: OrganisationId) -> Option<&Party> {
        self.by_id.get(&id).map(|&at| &self.parties[at])
    }

    pub(super) fn kind(&self, id: OrganisationId) -> Option<OrganisationKind> {
        self.party(id).map(|p| p.kind)
    }

    pub(super) fn name(&self, id: OrganisationId) -> String {
        self.party(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(id: i64, name: &str, charity: Option<&str>, company: Option<&str>) -> Party {
        Party {
            id: OrganisationId(id),
            name: name.into(),
            kind: OrganisationKind::Charity,
            charity_number: charity.map(Into::into),
            company_number: company.map(Into::into),
        }
    }

    /// A cell finds its organisation by each key, and is refused when it
    /// names none or several (named in the register's order).
    #[test]
    fn a_cell_names_one_organisation_by_any_of_its_keys() {
        let directory = Directory::new(vec![
            party(7, "Leigh Food Bank", Some("1100001"), Some("01234567")),
            party(8, "Twin Club", None, None),
            party(9, "twin club ", Some("SC012345"), None),
            party(10, "1100001", None, None),
        ]);
        let found = |cell: &str| directory.find(cell).map(|p| p.id.0);
        let cases: &[(&str, Result<i64, &str>)] = &[
            ("7", Ok(7)),
            (" 7 ", Ok(7)),
            // Digits are read as the form reads them: leading zeros aside.
            ("007", Ok(7)),
            ("#8", Ok(8)),
            ("+7", Err("no organisation")),
            ("01234567", Ok(7)),
            ("GB-COH-01234567", Ok(7)),
            ("GB-CHC-1100001", Ok(7)),
            ("sc 012345", Ok(9)),
            ("GB-SC-SC012345", Ok(9)),
            ("LEIGH FOOD BANK", Ok(7)),
            ("Twin Club", Err("\"Twin Club\" names more than one organisation of the register (Twin Club and twin club )")),
            // One organisation's charity number, another's name.
            ("1100001", Err("(Leigh Food Bank and 1100001)")),
            ("", Err("no organisation")),
        ];
        for (cell, expected) in cases {
            match (found(cell), expected) {
                (Ok(id), Ok(want)) => assert_eq!(id, *want, "{cell:?}"),
                (Err(e), Err(want)) => assert!(e.contains(want), "{cell:?}: {e}"),
                (got, want) => panic!("{cell:?}: got {got:?}, expected {want:?}"),
            }
        }
        assert_eq!(
            directory.kind(OrganisationId(9)),
            Some(OrganisationKind::Charity)
        );
        assert_eq!(directory.name(OrganisationId(8)), "Twin Club");
        assert_eq!(directory.name(OrganisationId(99)), "99");
    }
}
