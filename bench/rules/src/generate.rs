//! A deterministic national-scale data set, made in memory.
//!
//! The shape follows the founding Compacts: the five fixture definitions in
//! turn, and per Compact 2,500 funding agreements (four payments each, one in
//! ten changed), 250 consultations, 25 dispute cases, 100 organisations, 50
//! signatories, a seated Compact Group where the definition has one, three
//! reviews and a dozen milestones. `scale` multiplies every Compact's
//! records, so doubling it doubles the data without adding Compacts.
//! Roughly one record in ten breaks a standard, so findings are plentiful.
//! `BENCH_COMPACTS=N` in the environment changes the number of Compacts, to
//! tell the cost of bigger Compacts from the cost of more of them.

use compact_core::calendar::{days_after, Date};
use compact_core::definition::{Definition, DisputeEventKind, OrganisationKind};
use compact_core::model::*;
use compact_core::rules::fixtures;
use compact_core::{ConsultationId, Pence, ReviewId};

pub const COMPACTS: usize = 400;
const AGREEMENTS: usize = 2_500;
const CONSULTATIONS: usize = 250;
const DISPUTES: usize = 25;
const ORGANISATIONS: usize = 100;
const SIGNATORIES: usize = 50;

/// SplitMix64: small, fast and good enough to spread dates and choices.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u32) -> bool {
        self.below(n) == 0
    }
}

pub struct Compact {
    pub definition: Definition,
    pub records: Records,
}

/// Ids are unique across the whole data set, as in a database.
#[derive(Default)]
struct Ids(i64);

impl Ids {
    fn next(&mut self) -> i64 {
        self.0 += 1;
        self.0
    }
}

pub fn national(scale: usize, seed: u64) -> Vec<Compact> {
    let mut rng = Rng::new(seed);
    let mut ids = Ids::default();
    let kinds = fixtures::all();
    let compacts = std::env::var("BENCH_COMPACTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(COMPACTS);
    (0..compacts)
        .map(|i| {
            let mut definition = kinds[i % kinds.len()].clone();
            definition.identity.slug = format!("{}-{i}", definition.identity.slug);
            let records = records(&definition, scale, &mut rng, &mut ids);
            Compact {
                definition,
                records,
            }
        })
        .collect()
}

fn base() -> Date {
    fixtures::date(2022, 1, 1)
}

/// A day in 2022..2026.
fn day(rng: &mut Rng) -> Date {
    days_after(base(), rng.below(4 * 365))
}

fn records(def: &Definition, scale: usize, rng: &mut Rng, ids: &mut Ids) -> Records {
    let organisations: Vec<Organisation> = (0..ORGANISATIONS * scale)
        .map(|_| {
            let kind = OrganisationKind::ALL[rng.below(14) as usize];
            fixtures::organisation(ids.next(), "Organisation", kind)
        })
        .collect();
    let org = |rng: &mut Rng| {
        organisations[rng.below(organisations.len() as u32) as usize]
            .id
            .0
    };
    let signatories = (0..SIGNATORIES * scale)
        .map(|_| {
            let mut s = fixtures::signatory(ids.next(), org(rng), day(rng));
            if !rng.one_in(10) {
                let appointed = days_after(s.signed_on, rng.below(30));
                let trained = (!rng.one_in(5)).then(|| days_after(appointed, rng.below(120)));
                s.champion = Some(fixtures::champion("Champion", appointed, trained));
            }
            if rng.one_in(20) {
                s.withdrawn_on = Some(days_after(s.signed_on, 200 + rng.below(400)));
            }
            s
        })
        .collect();
    let consultations: Vec<Consultation> = (0..CONSULTATIONS * scale)
        .map(|_| {
            let opened = day(rng);
            let weeks = if rng.one_in(8) {
                4 + rng.below(8)
            } else {
                12 + rng.below(4)
            };
            let mut c = fixtures::consultation(
                ids.next(),
                "Consultation",
                opened,
                days_after(opened, weeks * 7),
            );
            if weeks < 12 && rng.one_in(2) {
                c.shorter_period_reason = Some("Statutory timetable".to_string());
            }
            c.criteria_published_on = Some(days_after(opened, rng.below(3)));
            if !rng.one_in(6) {
                c.feedback_published_on = Some(days_after(c.closes_on, rng.below(40)));
            }
            c
        })
        .collect();
    let agreements = (0..AGREEMENTS * scale)
        .map(|_| {
            let (funder, recipient) = (org(rng), org(rng));
            agreement(rng, ids, &consultations, funder, recipient)
        })
        .collect();
    let disputes = (0..DISPUTES * scale).map(|_| dispute(rng, ids)).collect();
    let mut seats = Vec::new();
    if def.body("compact-group").is_some() {
        seats = fixtures::blackpool_compact_group(base());
        for s in &mut seats {
            s.id.0 = ids.next();
        }
        if rng.one_in(2) {
            seats.pop();
        }
    }
    let reviews: Vec<AnnualReview> = (0..3)
        .map(|n| {
            fixtures::annual_review(
                ids.next(),
                2022 + n,
                days_after(base(), n as u32 * 365 + rng.below(60)),
            )
        })
        .collect();
    let milestones = (0..12 * scale)
        .map(|_| {
            let due = day(rng);
            let done = (!rng.one_in(4)).then(|| days_after(due, rng.below(30)));
            let mut m = fixtures::milestone(ids.next(), "Milestone", due, done);
            m.review = Some(ReviewId(reviews[rng.below(3) as usize].id.0));
            m
        })
        .collect();
    Records {
        organisations,
        signatories,
        consultations,
        agreements,
        disputes,
        seats,
        reviews,
        milestones,
    }
}

fn agreement(
    rng: &mut Rng,
    ids: &mut Ids,
    consultations: &[Consultation],
    funder: i64,
    recipient: i64,
) -> FundingAgreement {
    let starts = day(rng);
    let ends = days_after(starts, 365 * (1 + rng.below(4)) - 1);
    let mut a = fixtures::agreement(ids.next(), starts, ends);
    a.funder.0 = funder;
    a.recipient.0 = recipient;
    a.amount = Pence(i64::from(1_000 + rng.below(100_000)) * 100);
    if !rng.one_in(3) {
        a.exit_strategy_agreed_on = Some(days_after(starts, rng.below(400)));
    }
    a.payments = (0..4)
        .map(|q| {
            let due = days_after(starts, q * 91);
            let paid = if rng.one_in(12) {
                None
            } else {
                Some(days_after(
                    due,
                    if rng.one_in(10) { 1 + rng.below(30) } else { 0 },
                ))
            };
            fixtures::payment(ids.next(), due, paid)
        })
        .collect();
    if rng.one_in(10) {
        let kind = match rng.below(3) {
            0 => ChangeKind::Variation,
            1 => ChangeKind::Reduction,
            _ => ChangeKind::Termination,
        };
        let decided = days_after(starts, 100 + rng.below(200));
        let effective = days_after(decided, 30 + rng.below(150));
        let notice = (!rng.one_in(8)).then(|| days_after(decided, rng.below(10)));
        let mut ch = fixtures::change(ids.next(), kind, decided, notice, effective);
        if !rng.one_in(5) && !consultations.is_empty() {
            let c = &consultations[rng.below(consultations.len() as u32) as usize];
            ch.consultation = Some(ConsultationId(c.id.0));
        }
        if !rng.one_in(4) {
            ch.impact_assessment = Some(fixtures::impact_assessment(
                days_after(decided, 0),
                !rng.one_in(6),
            ));
        }
        a.changes.push(ch);
    }
    a
}

fn dispute(rng: &mut Rng, ids: &mut Ids) -> DisputeCase {
    let raised = day(rng);
    let mut events = Vec::new();
    let mut on = days_after(raised, 5 + rng.below(20));
    let steps = [
        ("compact-group", DisputeEventKind::StageEntered),
        ("compact-group", DisputeEventKind::MeetingHeld),
        ("compact-group", DisputeEventKind::InvestigationConcluded),
        ("compact-group", DisputeEventKind::RulingGiven),
        ("compact-group", DisputeEventKind::Resolved),
    ];
    for (stage, kind) in steps.iter().take(1 + rng.below(5) as usize) {
        events.push(fixtures::event(ids.next(), stage, *kind, on));
        on = days_after(on, 3 + rng.below(15));
    }
    fixtures::dispute(ids.next(), "Dispute", raised, events)
}

/// How many records of the kinds the brief counts, for the report.
pub fn counts(compacts: &[Compact]) -> (usize, usize, usize, usize) {
    let mut agreements = 0;
    let mut payments = 0;
    let mut consultations = 0;
    let mut disputes = 0;
    for c in compacts {
        agreements += c.records.agreements.len();
        payments += c
            .records
            .agreements
            .iter()
            .map(|a| a.payments.len())
            .sum::<usize>();
        consultations += c.records.consultations.len();
        disputes += c.records.disputes.len();
    }
    (agreements, payments, consultations, disputes)
}
