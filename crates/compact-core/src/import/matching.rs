//! What a row means for the register: which organisation it is, and what
//! changes.
//!
//! A row and an organisation (or two rows) are the same organisation when,
//! trying each in turn:
//! 1. both have a charity number, and it is the same;
//! 2. both have a company number, and it is the same, and they do not have
//!    different charity numbers;
//! 3. they have exactly the same name, and they do not have different
//!    postcodes, charity numbers or company numbers (a detail missing on
//!    either side does not count as different).
//!
//! "Not different" keeps, say, a linked charity that shares its main
//! charity's company number from being taken for the main charity. Where
//! several organisations of the register fit, the first fit by the rule
//! tried first is taken, and among those the earliest registered.
//!
//! A matched organisation takes the row's name and, where the row gives
//! them, its other details: an empty cell leaves what is stored alone, so a
//! file without e-mail addresses does not wipe those already kept. Whether
//! the organisation is active is always taken from the row.
//!
//! Each organisation may appear only once in a file. A row that is the same
//! organisation as an earlier row (whether or not that row was refused), or
//! that matches an organisation an earlier row already matched, is refused,
//! naming the earlier row. So the outcome never depends on which of two
//! rows about one organisation comes first, and importing a file a second
//! time finds every organisation where the first import put it: nothing
//! changes.

use super::{Field, ImportFormat, ImportedOrganisation, RowProblem};
use crate::identifiers::{CharityNumber, CompanyNumber, Postcode};
use crate::ids::OrganisationId;
use crate::model::Organisation;
use std::collections::HashMap;

/// What to do with one good row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new organisation for the register.
    Create(ImportedOrganisation),
    /// An organisation already registered, with these details from now on.
    Update {
        id: OrganisationId,
        organisation: ImportedOrganisation,
    },
    /// An organisation already registered, as the row describes it.
    Unchanged(OrganisationId),
    /// The row repeats an organisation an earlier row of the file named.
    Duplicate(RowProblem),
}

/// A Compact's register as an import sees it, and the rows of the file
/// seen so far (see the module documentation).
pub struct RegisterIndex {
    format: ImportFormat,
    /// The organisations registered before the import, with their details
    /// as the rows so far have left them.
    register: Vec<Registered>,
    register_keys: Keys,
    /// Every row seen so far, good or repeated: its number and identity.
    rows: Vec<(u64, Identity)>,
    row_keys: Keys,
}

struct Registered {
    id: OrganisationId,
    organisation: ImportedOrganisation,
    /// The row of this file that matched it, if one has.
    row: Option<u64>,
}

/// What tells organisations apart.
struct Identity {
    charity_number: Option<CharityNumber>,
    company_number: Option<CompanyNumber>,
    name: String,
    postcode: Option<Postcode>,
}

impl Identity {
    fn of(o: &ImportedOrganisation) -> Identity {
        Identity {
            charity_number: o.charity_number.clone(),
            company_number: o.company_number.clone(),
            name: o.name.clone(),
            postcode: o.postcode.clone(),
        }
    }

    fn view(&self) -> View<'_> {
        View {
            charity_number: self.charity_number.as_ref(),
            company_number: self.company_number.as_ref(),
            name: &self.name,
            postcode: self.postcode.as_ref(),
        }
    }
}

/// The identity of a row or an organisation, borrowed.
#[derive(Clone, Copy)]
struct View<'a> {
    charity_number: Option<&'a CharityNumber>,
    company_number: Option<&'a CompanyNumber>,
    name: &'a str,
    postcode: Option<&'a Postcode>,
}

impl<'a> From<&'a ImportedOrganisation> for View<'a> {
    fn from(o: &'a ImportedOrganisation) -> View<'a> {
        View {
            charity_number: o.charity_number.as_ref(),
            company_number: o.company_number.as_ref(),
            name: &o.name,
            postcode: o.postcode.as_ref(),
        }
    }
}

/// Whether two values could belong to one organisation: equal, or one of
/// them unknown.
fn compatible<T: PartialEq>(a: Option<&T>, b: Option<&T>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// Whether `a` and `b` are the same organisation by the rule `by`.
fn same(by: MatchedBy, a: View, b: View) -> bool {
    match by {
        MatchedBy::CharityNumber => {
            a.charity_number.is_some() && a.charity_number == b.charity_number
        }
        MatchedBy::CompanyNumber => {
            a.company_number.is_some()
                && a.company_number == b.company_number
                && compatible(a.charity_number, b.charity_number)
        }
        MatchedBy::Name => {
            a.name == b.name
                && compatible(a.postcode, b.postcode)
                && compatible(a.charity_number, b.charity_number)
                && compatible(a.company_number, b.company_number)
        }
    }
}

/// Where to look for organisations by each rule: positions in a list, by
/// charity number, company number and name. A position stays under a key
/// its organisation no longer has; `find` checks every candidate's current
/// details, so such a stale position is simply passed over.
#[derive(Default)]
struct Keys {
    by_charity: HashMap<CharityNumber, Vec<usize>>,
    by_company: HashMap<CompanyNumber, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Keys {
    fn add(&mut self, at: usize, o: View) {
        fn add_to(list: &mut Vec<usize>, at: usize) {
            if list.last() != Some(&at) && !list.contains(&at) {
                list.push(at);
            }
        }
        if let Some(n) = o.charity_number {
            add_to(self.by_charity.entry(n.clone()).or_default(), at);
        }
        if let Some(n) = o.company_number {
            add_to(self.by_company.entry(n.clone()).or_default(), at);
        }
        add_to(self.by_name.entry(o.name.to_string()).or_default(), at);
    }

    /// The first position whose details are the same organisation as
    /// `incoming`, trying the rules in order.
    fn find<'a>(
        &self,
        incoming: View,
        details: impl Fn(usize) -> View<'a>,
    ) -> Option<(usize, MatchedBy)> {
        let candidates = [
            (
                MatchedBy::CharityNumber,
                incoming.charity_number.and_then(|n| self.by_charity.get(n)),
            ),
            (
                MatchedBy::CompanyNumber,
                incoming.company_number.and_then(|n| self.by_company.get(n)),
            ),
            (MatchedBy::Name, self.by_name.get(incoming.name)),
        ];
        candidates.into_iter().find_map(|(by, positions)| {
            let mut positions = positions?.iter().copied();
            positions
                .find(|&at| same(by, incoming, details(at)))
                .map(|at| (at, by))
        })
    }
}

impl RegisterIndex {
    /// The register of `existing` organisations, for a file in `format`.
    /// Pass them in the order they were registered: where several fit a
    /// row, the first is taken.
    pub fn new(
        format: ImportFormat,
        existing: impl IntoIterator<Item = Organisation>,
    ) -> RegisterIndex {
        let mut index = RegisterIndex {
            format,
            register: Vec::new(),
            register_keys: Keys::default(),
            rows: Vec::new(),
            row_keys: Keys::default(),
        };
        for o in existing {
            let at = index.register.len();
            let id = o.id;
            let organisation = ImportedOrganisation::from(o);
            index.register_keys.add(at, (&organisation).into());
            index.register.push(Registered {
                id,
                organisation,
                row: None,
            });
        }
        index
    }

    /// Decide what the good row `row` means, and remember it for the rows
    /// that follow.
    pub fn apply(&mut self, row: u64, incoming: &ImportedOrganisation) -> Outcome {
        let view = View::from(incoming);
        let earlier = self
            .row_keys
            .find(view, |at| self.rows[at].1.view())
            .map(|(at, by)| (self.rows[at].0, by));
        let at = self.rows.len();
        self.row_keys.add(at, view);
        self.rows.push((row, Identity::of(incoming)));
        if let Some((earlier, by)) = earlier {
            return Outcome::Duplicate(self.duplicate(row, earlier, by, incoming));
        }
        let register = &self.register;
        let Some((at, by)) = self
            .register_keys
            .find(view, |at| (&register[at].organisation).into())
        else {
            return Outcome::Create(incoming.clone());
        };
        let registered = &mut self.register[at];
        if let Some(earlier) = registered.row {
            return Outcome::Duplicate(self.duplicate(row, earlier, by, incoming));
        }
        registered.row = Some(row);
        let id = registered.id;
        let merged = merge(
            &registered.organisation,
            incoming,
            self.format.sets_kind_of_existing(),
        );
        if merged == registered.organisation {
            return Outcome::Unchanged(id);
        }
        registered.organisation = merged.clone();
        // Its new details must find it too, so that a later row with them
        // is seen to repeat this one.
        self.register_keys.add(at, (&merged).into());
        Outcome::Update {
            id,
            organisation: merged,
        }
    }

    fn duplicate(
        &self,
        row: u64,
        earlier: u64,
        by: MatchedBy,
        incoming: &ImportedOrganisation,
    ) -> RowProblem {
        RowProblem::new(
            row,
            self.format.column_of(by.field()),
            format!(
                "row {earlier} already has this organisation ({}); each organisation may \
                 appear only once in a file, so this row was left out",
                by.describe(incoming)
            ),
        )
    }
}

/// The stored organisation with the row's details laid over it (see the
/// module documentation).
fn merge(
    stored: &ImportedOrganisation,
    incoming: &ImportedOrganisation,
    sets_kind: bool,
) -> ImportedOrganisation {
    fn or<T: Clone>(new: &Option<T>, old: &Option<T>) -> Option<T> {
        new.as_ref().or(old.as_ref()).cloned()
    }
    ImportedOrganisation {
        name: incoming.name.clone(),
        kind: if sets_kind {
            incoming.kind
        } else {
            stored.kind
        },
        charity_number: or(&incoming.charity_number, &stored.charity_number),
        company_number: or(&incoming.company_number, &stored.company_number),
        postcode: or(&incoming.postcode, &stored.postcode),
        address: or(&incoming.address, &stored.address),
        website: or(&incoming.website, &stored.website),
        email: or(&incoming.email, &stored.email),
        areas_of_work: if incoming.areas_of_work.is_empty() {
            stored.areas_of_work.clone()
        } else {
            incoming.areas_of_work.clone()
        },
        active: incoming.active,
    }
}

/// The rules, in the order they are tried.
#[derive(Debug, Clone, Copy)]
enum MatchedBy {
    CharityNumber,
    CompanyNumber,
    Name,
}

impl MatchedBy {
    fn field(self) -> Field {
        match self {
            MatchedBy::CharityNumber => Field::CharityNumber,
            MatchedBy::CompanyNumber => Field::CompanyNumber,
            MatchedBy::Name => Field::Name,
        }
    }

    fn describe(self, o: &ImportedOrganisation) -> String {
        match (self, &o.charity_number, &o.company_number) {
            (MatchedBy::CharityNumber, Some(n), _) => format!("the same charity number, {n}"),
            (MatchedBy::CompanyNumber, _, Some(n)) => format!("the same company number, {n}"),
            _ => format!("the same name, {}", o.name),
        }
    }
}
