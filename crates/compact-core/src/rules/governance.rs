//! The make-up of governance bodies on `as_of` against the definition.
//!
//! Needs a body with seat allocations or chairs. A body is checked once the
//! records show it constituted (some seat on it held on or before `as_of`):
//! a Compact that has not recorded its seats yet gets no list of vacancies.
//! Findings are advisory: composition is how a body is meant to be made up,
//! and a vacancy is ordinary life for the secretariat to fill, not a missed
//! promise.

use super::context::Ctx;
use super::finding::{Draft, RecordRef, Subject};
use super::report::Findings;
use super::{RuleId, Severity};
use crate::definition::{Body, Sector};
use crate::model::SeatHolding;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

const CHAIR: &str = "chair";

pub(super) fn check(ctx: &Ctx, out: &mut Findings) {
    let bodies: Vec<&Body> = ctx
        .def
        .bodies
        .iter()
        .filter(|b| !b.seats.is_empty() || b.chairs.is_some())
        .collect();
    if bodies.is_empty() {
        return;
    }
    let mut by_body: HashMap<&str, Vec<&SeatHolding>> = HashMap::new();
    for seat in &ctx.records.seats {
        by_body.entry(seat.body.as_str()).or_default().push(seat);
    }
    for body in bodies {
        let Some(seats) = by_body.get(body.id.as_str()) else {
            continue;
        };
        if !seats.iter().any(|s| ctx.known(s.from)) {
            continue;
        }
        let held: Vec<&SeatHolding> = seats
            .iter()
            .copied()
            .filter(|s| s.is_held_on(ctx.as_of))
            .collect();
        BodyCheck { ctx, body, held }.run(out);
    }
}

struct BodyCheck<'a, 'c> {
    ctx: &'c Ctx<'a>,
    body: &'a Body,
    held: Vec<&'a SeatHolding>,
}

impl<'a> BodyCheck<'a, '_> {
    fn report(&self, out: &mut Findings, explanation: fmt::Arguments<'_>) {
        let explanation = out.text(explanation);
        out.push(
            Draft::new(
                RuleId::GovernanceCompositionMismatch,
                Severity::Advisory,
                Subject::new(
                    RecordRef::Body(self.body.id.clone()),
                    self.body.name.clone(),
                ),
                self.ctx.as_of,
            )
            .at("as_of", self.ctx.as_of)
            .because(explanation),
        );
    }

    fn constituency_name<'n>(&self, id: &'n str) -> &'n str
    where
        'a: 'n,
    {
        match self.ctx.def.constituency(id) {
            Some(c) => &c.name,
            None => id,
        }
    }

    fn run(&self, out: &mut Findings) {
        let body = &self.body.name;
        // Ordered by constituency id so findings come out the same every time.
        let mut per_constituency: BTreeMap<&str, Vec<&SeatHolding>> = BTreeMap::new();
        for s in &self.held {
            per_constituency
                .entry(s.constituency.as_str())
                .or_default()
                .push(s);
        }
        for allocation in &self.body.seats {
            let holders = per_constituency
                .remove(allocation.constituency.as_str())
                .unwrap_or_default();
            let name = self.constituency_name(&allocation.constituency);
            let held = holders.len();
            let allocated = allocation.count as usize;
            if held < allocated {
                self.report(
                    out,
                    format_args!(
                        "\u{201c}{name}\u{201d} holds {held} of its {allocated} {} on {body}, \
                         leaving {} vacant.",
                        if allocated == 1 { "seat" } else { "seats" },
                        allocated - held
                    ),
                );
            } else if held > allocated {
                self.report(
                    out,
                    format_args!(
                        "\u{201c}{name}\u{201d} holds {held} seats on {body}; this Compact \
                         allocates it {allocated}."
                    ),
                );
            }
            for requirement in &allocation.requirements {
                let with_role = holders
                    .iter()
                    .filter(|s| s.roles.contains(&requirement.role))
                    .count();
                if with_role < requirement.at_least as usize {
                    self.report(
                        out,
                        format_args!(
                            "{with_role} of the seats for \u{201c}{name}\u{201d} on {body} {} \
                             held by someone with the role {}; this Compact requires at least \
                             {}.",
                            if with_role == 1 { "is" } else { "are" },
                            requirement.role.replace('_', " "),
                            requirement.at_least
                        ),
                    );
                }
            }
        }
        if !self.body.seats.is_empty() {
            // Whatever is left is held for a constituency with no seats here.
            for (constituency, holders) in per_constituency {
                self.report(
                    out,
                    format_args!(
                        "{} {} a seat on {body} for \u{201c}{}\u{201d}, which this Compact \
                         gives no seats on it.",
                        holders.len(),
                        if holders.len() == 1 {
                            "person holds"
                        } else {
                            "people hold"
                        },
                        self.constituency_name(constituency)
                    ),
                );
            }
        }
        self.chairs(out);
    }

    fn chairs(&self, out: &mut Findings) {
        let Some(chairs) = &self.body.chairs else {
            return;
        };
        let body = &self.body.name;
        let holding: Vec<&SeatHolding> = self
            .held
            .iter()
            .copied()
            .filter(|s| s.roles.iter().any(|r| r == CHAIR))
            .collect();
        if chairs.count > 0 && holding.len() != chairs.count as usize {
            self.report(
                out,
                format_args!(
                    "{body} has {} {}; this Compact provides for {}.",
                    holding.len(),
                    if holding.len() == 1 {
                        "chair"
                    } else {
                        "chairs"
                    },
                    chairs.count
                ),
            );
        }
        // A chair's sector is the sector of the constituency whose seat
        // they hold.
        let sector_of =
            |s: &SeatHolding| self.ctx.def.constituency(&s.constituency).map(|c| c.sector);
        for sector in &chairs.one_from_each {
            if !holding.iter().any(|s| sector_of(s) == Some(*sector)) {
                self.report(
                    out,
                    format_args!(
                        "No chair of {body} comes from the {}; this Compact has one chair from \
                         each of: {}.",
                        sector_name(*sector),
                        chairs
                            .one_from_each
                            .iter()
                            .map(|s| sector_name(*s))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }
}

fn sector_name(sector: Sector) -> &'static str {
    match sector {
        Sector::Public => "public sector",
        Sector::Vcse => "voluntary, community and social enterprise sector",
        Sector::Private => "private sector",
    }
}
