//! Realistic sample records for `compact demo`.
//!
//! Shaped by the Compact's own definition (its bodies and seats, its dispute
//! stages, its standards) and dated around today, so the demo shows a
//! plausible mix: mostly kept, with some late, missed and due-soon matters.
//! Seeded, so the same seed and day give the same records.

use chrono::{Datelike, NaiveDate};
use compact_core::calendar::{days_after, days_before, months_after, weeks_after};
use compact_core::definition::{
    Definition, DisputeEventKind, OrganisationKind, ProtectedCharacteristic, Sector,
};
use compact_core::identifiers::Postcode;
use compact_core::model::*;
use compact_core::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod names;
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

    fn consultations(&mut self, public: &[OrganisationId]) -> Vec<ConsultationId> {
        const TOPICS: &[&str] = &[
            "Library opening hours",
            "Adult social care charging",
            "Youth services review",
            "Community safety plan",
            "Public health priorities",
            "Household waste collections",
            "Day services for older people",
            "Homelessness strategy",
            "Carers' strategy refresh",
            "Community grants scheme",
            "Children's centres",
            "Mental health crisis support",
        ];
        let standard_weeks = self
            .definition
            .standards
            .consultation
            .as_ref()
            .map(|c| c.weeks)
            .unwrap_or(12);
        let feedback_days = self
            .definition
            .standards
            .consultation
            .as_ref()
            .and_then(|c| c.feedback_within_days);
        let mut ids = Vec::new();
        for n in 0..60 {
            let opened_on = days_before(self.today, self.rng.gen_range(0..1_100));
            let short = self.chance(18);
            let weeks = if short {
                self.rng.gen_range(4..standard_weeks.max(5))
            } else {
                standard_weeks + self.rng.gen_range(0..3)
            };
            let closes_on = weeks_after(opened_on, weeks);
            let id = ConsultationId(self.id());
            let topic = TOPICS[n % TOPICS.len()];
            let year = opened_on.year();
            let feedback_published_on = match feedback_days {
                Some(days) if closes_on < self.today && !self.chance(12) => Some(days_after(
                    closes_on,
                    self.rng.gen_range(days / 2..days + 1),
                ))
                .filter(|d| *d <= self.today),
                _ => None,
            };
            let record = Consultation {
                id,
                title: format!("{topic} {year}"),
                lead: *self.pick(public),
                opened_on,
                closes_on,
                shorter_period_reason: (short && self.chance(60))
                    .then(|| "A statutory deadline left less time".to_string()),
                criteria_published_on: Some(opened_on),
                feedback_published_on,
            };
            self.records.consultations.push(record);
            ids.push(id);
        }
        ids
    }

    fn agreements(
        &mut self,
        public: &[OrganisationId],
        vcse: &[OrganisationId],
        consultations: &[ConsultationId],
    ) {
        let preferred_years = self
            .definition
            .standards
            .agreement_length
            .as_ref()
            .map(|a| a.preferred_years)
            .unwrap_or(3);
        for _ in 0..450 {
            let starts_on =
                NaiveDate::from_ymd_opt(self.today.year() - self.rng.gen_range(0..4), 4, 1)
                    .unwrap_or(self.today);
            let years = if self.chance(10) { 1 } else { preferred_years };
            let ends_on = days_before(months_after(starts_on, years * 12), 1);
            let annual = i64::from(self.rng.gen_range(5_000u32..250_000)) * 100;
            let id = AgreementId(self.id());
            let mut payments = Vec::new();
            let mut due_on = starts_on;
            while due_on <= ends_on && due_on <= days_after(self.today, 60) {
                let paid_on = (due_on <= self.today && self.rng.gen_range(0..1000) >= 5)
                    .then(|| {
                        if self.chance(2) {
                            days_after(due_on, self.rng.gen_range(1..40))
                        } else {
                            due_on
                        }
                    })
                    .filter(|d| *d <= self.today);
                payments.push(Payment {
                    id: PaymentId(self.id()),
                    due_on,
                    amount: Pence(annual / 4),
                    paid_on,
                });
                due_on = months_after(due_on, 3);
            }
            let changes = if self.chance(6) {
                vec![self.change(starts_on, ends_on, annual, consultations)]
            } else {
                Vec::new()
            };
            let record = FundingAgreement {
                id,
                title: format!("{} grant", self.pick(CAUSES)),
                funder: *self.pick(&public[..2]),
                recipient: *self.pick(vcse),
                kind: if self.chance(70) {
                    AgreementKind::Grant
                } else {
                    AgreementKind::Contract
                },
                amount: Pence(annual * i64::from(years)),
                starts_on,
                ends_on,
                exit_strategy_agreed_on: (!self.chance(10)).then_some(starts_on),
                payments,
                changes,
            };
            self.records.agreements.push(record);
        }
    }

    fn change(
        &mut self,
        starts_on: NaiveDate,
        ends_on: NaiveDate,
        annual: i64,
        consultations: &[ConsultationId],
    ) -> FundingChange {
        let procedure = self.definition.standards.reduction.clone();
        let notice_months = procedure
            .as_ref()
            .map(|p| p.formal_notice_months)
            .unwrap_or(3);
        let decided_on = days_before(self.today, self.rng.gen_range(0..400)).max(starts_on);
        let notice_given_on = days_after(decided_on, self.rng.gen_range(0..10));
        let effective_on = if self.chance(75) {
            months_after(notice_given_on, notice_months)
        } else {
            days_after(notice_given_on, self.rng.gen_range(20..60))
        }
        .min(ends_on);
        let consultation = self.chance(70).then(|| *self.pick(consultations));
        let impact_assessment = self.chance(75).then(|| ImpactAssessment {
            completed_on: days_before(decided_on, self.rng.gen_range(1..30)),
            joint: self.chance(80),
            characteristics: ProtectedCharacteristic::ALL.to_vec(),
        });
        FundingChange {
            id: FundingChangeId(self.id()),
            kind: if self.chance(80) {
                ChangeKind::Reduction
            } else {
                ChangeKind::Termination
            },
            new_amount: Some(Pence(annual * 3 / 4)),
            decided_on,
            notice_given_on: Some(notice_given_on),
            effective_on,
            consultation,
            impact_assessment,
        }
    }

    fn disputes(&mut self, public: &[OrganisationId], vcse: &[OrganisationId]) {
        let Some(procedure) = self.definition.disputes.clone() else {
            return;
        };
        const ISSUES: &[&str] = &[
            "Grant cut without notice",
            "Consultation too short",
            "Late payment of contract fees",
            "Exclusion from a commissioning panel",
            "Change to service specification mid-year",
            "Monitoring demands out of proportion",
        ];
        for n in 0..12 {
            let raised_on = days_before(self.today, self.rng.gen_range(3..500));
            let mut events = Vec::new();
            let mut on = raised_on;
            let stages_reached = self.rng.gen_range(1..=procedure.stages.len().max(1));
            for (index, stage) in procedure.stages.iter().take(stages_reached).enumerate() {
                if index > 0 {
                    on = days_after(on, self.rng.gen_range(3..20));
                    events.push(self.event(&stage.id, DisputeEventKind::StageEntered, on));
                }
                for deadline in &stage.deadlines {
                    let late = self.chance(20);
                    let took = if late {
                        deadline.days + self.rng.gen_range(1..10)
                    } else {
                        self.rng.gen_range(1..=deadline.days.max(1))
                    };
                    if deadline.from != DisputeEventKind::StageEntered
                        && deadline.from != DisputeEventKind::Raised
                    {
                        on = days_after(on, self.rng.gen_range(2..10));
                        events.push(self.event(&stage.id, deadline.from, on));
                    }
                    let happened = days_after(on, took);
                    if happened <= self.today {
                        on = happened;
                        events.push(self.event(&stage.id, deadline.until, on));
                    }
                }
            }
            if on < days_before(self.today, 30) {
                let last_stage = procedure
                    .stages
                    .get(stages_reached - 1)
                    .map(|s| s.id.clone())
                    .unwrap_or_default();
                events.push(self.event(&last_stage, DisputeEventKind::Resolved, days_after(on, 5)));
            }
            events.retain(|e| e.on <= self.today);
            let record = DisputeCase {
                id: DisputeId(self.id()),
                title: ISSUES[n % ISSUES.len()].to_string(),
                raised_by: *self.pick(vcse),
                against: *self.pick(public),
                raised_on,
                summary: "Details held in confidence by the secretariat.".into(),
                events,
            };
            self.records.disputes.push(record);
        }
    }

    fn event(&mut self, stage: &str, kind: DisputeEventKind, on: NaiveDate) -> DisputeEvent {
        DisputeEvent {
            id: DisputeEventId(self.id()),
            stage: stage.to_string(),
            kind,
            on,
            note: String::new(),
        }
    }

    fn seats(&mut self, public: &[OrganisationId], vcse: &[OrganisationId]) {
        let bodies = self.definition.bodies.clone();
        for body in &bodies {
            let mut chairs_needed: Vec<Sector> = body
                .chairs
                .as_ref()
                .map(|c| c.one_from_each.clone())
                .unwrap_or_default();
            for allocation in &body.seats {
                let sector = self
                    .definition
                    .constituency(&allocation.constituency)
                    .map(|c| c.sector);
                // Leave the odd seat vacant, as happens in real life.
                let filled = if self.chance(15) {
                    allocation.count.saturating_sub(1)
                } else {
                    allocation.count
                };
                for n in 0..filled {
                    let mut roles: Vec<String> = allocation
                        .requirements
                        .iter()
                        .filter(|r| n < r.at_least)
                        .map(|r| r.role.clone())
                        .collect();
                    if let Some(pos) = chairs_needed.iter().position(|s| Some(*s) == sector) {
                        chairs_needed.remove(pos);
                        roles.push("chair".into());
                    }
                    let organisation = match sector {
                        Some(Sector::Public) => Some(*self.pick(public)),
                        Some(Sector::Vcse) => Some(*self.pick(vcse)),
                        _ => None,
                    };
                    let from = days_before(self.today, self.rng.gen_range(30..900));
                    let holder = if roles.iter().any(|r| r == "elected_councillor") {
                        format!("Cllr {}", self.person())
                    } else {
                        self.person()
                    };
                    let record = SeatHolding {
                        id: SeatId(self.id()),
                        body: body.id.clone(),
                        constituency: allocation.constituency.clone(),
                        holder,
                        organisation,
                        roles,
                        from,
                        until: None,
                    };
                    self.records.seats.push(record);
                }
            }
        }
    }

    fn reviews(&mut self) {
        let Some(cycle) = self.definition.review.clone() else {
            return;
        };
        let areas = if cycle.action_plan_areas.is_empty() {
            vec!["general".to_string()]
        } else {
            cycle.action_plan_areas.clone()
        };
        // Yearly reviews, the latest one running a little late.
        for years_ago in (1..=3).rev() {
            let completed_on = if years_ago == 1 {
                days_before(self.today, self.rng.gen_range(300..420))
            } else {
                NaiveDate::from_ymd_opt(self.today.year() - years_ago, 3, 31).unwrap_or(self.today)
            };
            let id = ReviewId(self.id());
            let record = AnnualReview {
                id,
                year: completed_on.year() - 1,
                completed_on,
                report_published_on: cycle.annual_report.then(|| days_after(completed_on, 30)),
                meeting_held_on: cycle.annual_meeting.then(|| days_after(completed_on, 45)),
            };
            self.records.reviews.push(record);
            for area in &areas {
                let due_on = months_after(completed_on, self.rng.gen_range(3..12));
                let done_on = (due_on < self.today && !self.chance(25))
                    .then(|| days_before(due_on, self.rng.gen_range(0..20)));
                let record = Milestone {
                    id: MilestoneId(self.id()),
                    review: Some(id),
                    area: area.clone(),
                    title: format!("Action on {area}"),
                    due_on,
                    done_on,
                };
                self.records.milestones.push(record);
            }
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
