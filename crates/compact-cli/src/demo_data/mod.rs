//! Realistic sample records for `compact demo`.
//!
//! Shaped by the Compact's own definition (its bodies and seats, its dispute
//! stages, its standards) and dated around today, so the demo shows a
//! plausible mix: mostly kept, with some late, missed and due-soon matters.
//! Seeded, so the same seed and day give the same records.

use chrono::{Datelike, NaiveDate};
use compact_core::calendar::{days_after, days_before, months_after, weeks_after, weeks_before};
use compact_core::definition::{
    Definition, DisputeEventKind, OrganisationKind, ProtectedCharacteristic, Sector,
};
use compact_core::identifiers::Postcode;
use compact_core::model::*;
use compact_core::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub mod consultations;
pub mod cut_by_service;
mod funding;
mod governance;
mod names;
mod showcase;
use names::*;

/// How many VCSE organisations the register holds: a county's worth.
pub const VCSE_ORGANISATIONS: usize = 3_000;

struct Generator<'a> {
    rng: StdRng,
    definition: &'a Definition,
    today: NaiveDate,
    records: Records,
    next_id: i64,
}

/// Generate a Compact's worth of records dated around `today`.
pub fn generate(definition: &Definition, today: NaiveDate, seed: u64) -> Records {
    let mut g = Generator {
        rng: StdRng::seed_from_u64(seed),
        definition,
        today,
        records: Records::default(),
        next_id: 1,
    };
    let public = g.public_bodies();
    let vcse = g.vcse_organisations();
    g.signatories(&public, &vcse);
    let consultations = g.consultations(&public);
    g.showcase(&public, &vcse);
    g.agreements(&public, &vcse, &consultations);
    g.disputes(&public, &vcse);
    g.seats(&public, &vcse);
    g.reviews();
    g.records
}

impl Generator<'_> {
    fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    fn pick<'s, T>(&mut self, items: &'s [T]) -> &'s T {
        &items[self.rng.gen_range(0..items.len())]
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.rng.gen_range(0..100) < percent
    }

    fn person(&mut self) -> String {
        format!("{} {}", self.pick(FIRST_NAMES), self.pick(SURNAMES))
    }

    fn places(&self) -> &'static [&'static str] {
        PLACES_BY_COMPACT
            .iter()
            .find(|(slug, _)| *slug == self.definition.identity.slug)
            .map(|(_, places)| *places)
            .unwrap_or(GENERIC_PLACES)
    }

    fn area(&self) -> String {
        let area = &self.definition.identity.area;
        area.strip_prefix("the ").unwrap_or(area).to_string()
    }

    /// A postcode in the Compact's own area, picked by the organisation's
    /// number.
    fn postcode(&self, id: OrganisationId) -> Option<Postcode> {
        let districts: &[&str] = match self.definition.identity.slug.as_str() {
            "wiltshire" => &[
                "SN15", "SN14", "SN12", "SN10", "BA14", "BA12", "SP1", "SP4", "SN8",
            ],
            "blackpool" => &["FY1", "FY2", "FY3", "FY4"],
            "warrington" => &["WA1", "WA2", "WA4", "WA5"],
            "wigan" => &["WN1", "WN2", "WN3", "WN5", "WN6"],
            _ => &["CF10", "CF24", "SA1", "LL57", "NP20"],
        };
        let n = id.0.unsigned_abs() as usize;
        let letters = b"ABDEFGHJLNPQRSTUWXYZ";
        let inward = format!(
            "{}{}{}",
            n % 10,
            letters[n / 10 % letters.len()] as char,
            letters[n / 200 % letters.len()] as char
        );
        format!("{} {inward}", districts[n % districts.len()])
            .parse()
            .ok()
    }

    fn address(&self, id: OrganisationId) -> String {
        const STREETS: &[&str] = &[
            "High Street",
            "Church Lane",
            "Station Road",
            "Market Place",
            "Mill Street",
            "Victoria Road",
            "The Green",
        ];
        let n = id.0.unsigned_abs() as usize;
        let places = self.places();
        format!(
            "{} {}, {}",
            n % 97 + 1,
            STREETS[n % STREETS.len()],
            places[n / 7 % places.len()]
        )
    }

    fn organisation(&mut self, name: String, kind: OrganisationKind) -> OrganisationId {
        let id = OrganisationId(self.id());
        // Numbers in the ranges the registers use, so they always parse.
        let charity_number = (kind == OrganisationKind::Charity)
            .then(|| format!("{}", self.rng.gen_range(1_000_000..1_210_000)))
            .and_then(|n| n.parse().ok());
        let company_number = matches!(
            kind,
            OrganisationKind::SocialEnterprise | OrganisationKind::CooperativeOrMutual
        )
        .then(|| format!("{:08}", self.rng.gen_range(1_000_000..16_000_000)))
        .and_then(|n| n.parse().ok());
        let active = !self.chance(3);
        let web = web_name(&name);
        let record = Organisation {
            id,
            name,
            kind,
            charity_number,
            company_number,
            // Made from the name and number, not drawn from the random
            // stream, so the rest of the demo stays as it was.
            postcode: self.postcode(id),
            website: Some(format!("https://www.{web}.example.org.uk")),
            email: Some(format!("info@{web}.example.org.uk")),
            address: Some(self.address(id)),
            areas_of_work: areas_of_work(kind, id),
            active,
        };
        self.records.organisations.push(record);
        id
    }

    fn public_bodies(&mut self) -> Vec<OrganisationId> {
        let area = self.area();
        let bodies = [
            (format!("{area} Council"), OrganisationKind::LocalAuthority),
            (
                format!("NHS {area} Integrated Care Board"),
                OrganisationKind::Nhs,
            ),
            (format!("{area} Police"), OrganisationKind::Police),
            (
                format!("{area} Fire and Rescue Service"),
                OrganisationKind::FireAndRescue,
            ),
            (
                format!("Probation Service ({area})"),
                OrganisationKind::Probation,
            ),
        ];
        bodies
            .into_iter()
            .map(|(name, kind)| self.organisation(name, kind))
            .collect()
    }

    fn vcse_organisations(&mut self) -> Vec<OrganisationId> {
        let total_weight: u32 = KINDS.iter().map(|k| k.2).sum();
        let mut ids = Vec::with_capacity(VCSE_ORGANISATIONS);
        for n in 0..VCSE_ORGANISATIONS {
            let mut roll = self.rng.gen_range(0..total_weight);
            let &(kind, suffix, _) = KINDS
                .iter()
                .find(|k| {
                    if roll < k.2 {
                        true
                    } else {
                        roll -= k.2;
                        false
                    }
                })
                .unwrap_or(&KINDS[0]);
            let place = *self.pick(self.places());
            let name = if suffix.is_empty() {
                format!("{place} {}", self.pick(CAUSES))
            } else if kind == OrganisationKind::SocialEnterprise
                || kind == OrganisationKind::CooperativeOrMutual
            {
                format!("{place} {} {suffix}", self.pick(CAUSES))
            } else {
                format!("{place} {suffix}")
            };
            // Many groups share a town and a cause; a number tells them apart.
            let name = if n >= CAUSES.len() * 4 && self.chance(50) {
                format!("{name} ({})", n % 97 + 1)
            } else {
                name
            };
            ids.push(self.organisation(name, kind));
        }
        ids
    }

    fn signatories(&mut self, public: &[OrganisationId], vcse: &[OrganisationId]) {
        let champion_days = self
            .definition
            .standards
            .champion
            .as_ref()
            .and_then(|c| c.trained_within_days);
        let signing: Vec<OrganisationId> = public
            .iter()
            .copied()
            .chain(
                vcse.iter()
                    .copied()
                    .filter(|_| self.rng.gen_range(0..100) < 40),
            )
            .collect();
        for organisation in signing {
            let signed_on = days_before(self.today, self.rng.gen_range(20..2_500));
            let champion = (!self.chance(4)).then(|| {
                let appointed_on = days_after(signed_on, self.rng.gen_range(0..30));
                // Where the Compact sets a training period, a few champions miss it.
                let trained_on = if champion_days.is_some() && self.chance(10) {
                    None
                } else {
                    Some(days_after(appointed_on, self.rng.gen_range(5..60)))
                        .filter(|d| *d <= self.today)
                };
                Champion {
                    name: self.person(),
                    role: "Compact champion".into(),
                    contact: String::new(),
                    appointed_on,
                    trained_on,
                }
            });
            let withdrawn_on = self
                .chance(4)
                .then(|| days_before(self.today, self.rng.gen_range(1..15)).max(signed_on));
            let record = Signatory {
                id: SignatoryId(self.id()),
                organisation,
                signed_on,
                signed_by: format!("{}, Chair", self.person()),
                edition: self.definition.identity.edition.clone(),
                withdrawal_reason: withdrawn_on.map(|_| "The organisation closed".to_string()),
                withdrawn_on,
                champion,
            };
            self.records.signatories.push(record);
        }
    }
}

/// An organisation's name as a web address would spell it.
fn web_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// What an organisation of this kind typically works on; charities vary,
/// by their number, so the register's filter has something to find.
fn areas_of_work(kind: OrganisationKind, id: OrganisationId) -> Vec<String> {
    const CHARITY_AREAS: &[&[&str]] = &[
        &["health and wellbeing", "advice"],
        &["older people", "health and wellbeing"],
        &["children and young people"],
        &["food poverty", "advice"],
        &["disability", "carers"],
        &["mental health"],
        &["arts and heritage"],
        &["environment"],
    ];
    let areas: &[&str] = match kind {
        OrganisationKind::Charity => {
            CHARITY_AREAS[id.0.unsigned_abs() as usize % CHARITY_AREAS.len()]
        }
        OrganisationKind::CommunityGroup => &["community life"],
        OrganisationKind::ResidentsAssociation => &["housing", "neighbourhood"],
        OrganisationKind::SocialEnterprise => &["employment and skills"],
        OrganisationKind::CooperativeOrMutual => &["local economy"],
        OrganisationKind::FaithGroup => &["community life", "older people"],
        _ => &[],
    };
    areas.iter().map(|a| a.to_string()).collect()
}
