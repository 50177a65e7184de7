//! What every rule needs: the definition, the records, the date, and the
//! indexes that keep the engine linear in the number of records.

use crate::calendar::Date;
use crate::definition::Definition;
use crate::ids::{ConsultationId, OrganisationId, ReviewId};
use crate::model::{AnnualReview, Consultation, Organisation, Records};
use std::collections::HashMap;

pub(crate) struct Ctx<'a> {
    pub def: &'a Definition,
    pub records: &'a Records,
    pub as_of: Date,
    consultations: HashMap<ConsultationId, &'a Consultation>,
    organisations: HashMap<OrganisationId, &'a Organisation>,
    reviews: HashMap<ReviewId, &'a AnnualReview>,
}

impl<'a> Ctx<'a> {
    pub fn new(def: &'a Definition, records: &'a Records, as_of: Date) -> Ctx<'a> {
        let standards = &def.standards;
        // Each index is built only when a rule that looks records up will
        // run; at national scale the consultation index alone is 100,000
        // entries that most Compacts never need.
        let consultations = if standards.reduction.is_some() {
            index(&records.consultations, |c| c.id)
        } else {
            HashMap::new()
        };
        let organisations = if standards.champion.is_some() {
            index(&records.organisations, |o| o.id)
        } else {
            HashMap::new()
        };
        let reviews = if def.review.is_some() {
            index(&records.reviews, |r| r.id)
        } else {
            HashMap::new()
        };
        Ctx {
            def,
            records,
            as_of,
            consultations,
            organisations,
            reviews,
        }
    }

    /// Whether something dated `date` has happened by `as_of`. Records
    /// dated later are treated as not having happened yet.
    pub fn known(&self, date: Date) -> bool {
        date <= self.as_of
    }

    /// `date` if it has happened by `as_of`.
    pub fn happened(&self, date: Option<Date>) -> Option<Date> {
        date.filter(|d| self.known(*d))
    }

    pub fn consultation(&self, id: ConsultationId) -> Option<&'a Consultation> {
        self.consultations.get(&id).copied()
    }

    pub fn review(&self, id: ReviewId) -> Option<&'a AnnualReview> {
        self.reviews.get(&id).copied()
    }

    /// The organisation's name, or a stand-in when the records lack it.
    pub fn organisation_name(&self, id: OrganisationId) -> String {
        match self.organisations.get(&id) {
            Some(o) => o.name.clone(),
            None => format!("Organisation {id}"),
        }
    }
}

/// Index records by id. When two records share an id the first wins, so the
/// answer does not depend on hash order.
fn index<T, K: std::hash::Hash + Eq>(items: &[T], key: impl Fn(&T) -> K) -> HashMap<K, &T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(key(item)).or_insert(item);
    }
    map
}
