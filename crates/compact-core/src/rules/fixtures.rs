//! Definitions and records built in Rust, for tests and benchmarks.
//!
//! The five definitions are modelled on the founding Compacts (Wiltshire,
//! Blackpool, Warrington, Wigan and the Welsh guidance), carrying only what
//! the rules engine reads: their standards, bodies, dispute procedure and
//! review cycle. They are not the shipped definitions (those live in
//! `compacts/` and come through the parser); they let the engine be tested
//! without it. The record builders fill required fields with plain values so
//! a test states only what it is about. Ids of bodies, constituencies and
//! dispute stages are those of the shipped definitions, so records made for
//! one work with the other.
//!
//! The functions here panic on impossible fixture input (e.g. 31 February in
//! [`date`]): they are for tests and benchmarks, never for record data.

use crate::calendar::Date;
use crate::definition::*;
use crate::ids::*;
use crate::model::*;
use crate::money::Pence;

/// A date from year, month and day. Panics on an impossible date.
pub fn date(y: i32, m: u32, d: u32) -> Date {
    match Date::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => panic!("fixture date {y}-{m}-{d} does not exist"),
    }
}

/// A definition with identity only: no standards, bodies, disputes or
/// review. Every rule is silent against it.
pub fn blank(slug: &str, name: &str) -> Definition {
    Definition {
        identity: Identity {
            slug: slug.to_string(),
            name: name.to_string(),
            area: name.to_string(),
            edition: "Fixture".to_string(),
            edition_date: None,
            managed_by: "secretariat".to_string(),
            contact: Contact::default(),
            languages: vec!["en".to_string()],
        },
        sectors: vec![Sector::Public, Sector::Vcse],
        constituencies: Vec::new(),
        principles: Vec::new(),
        commitment_term: CommitmentTerm::Promise,
        commitments: Vec::new(),
        undertakings: Vec::new(),
        codes: Vec::new(),
        bodies: Vec::new(),
        adoption: Vec::new(),
        standards: Standards::default(),
        disputes: None,
        review: None,
        protected_characteristics: ProtectedCharacteristic::ALL.to_vec(),
    }
}

fn constituency(id: &str, name: &str, sector: Sector, kinds: &[OrganisationKind]) -> Constituency {
    Constituency {
        id: id.to_string(),
        name: name.to_string(),
        sector,
        kinds: kinds.to_vec(),
    }
}

fn seats(constituency: &str, count: u32) -> SeatAllocation {
    SeatAllocation {
        constituency: constituency.to_string(),
        count,
        requirements: Vec::new(),
    }
}

fn review(by_body: Option<&str>, annual_review: bool, areas: &[&str]) -> ReviewCycle {
    ReviewCycle {
        by_body: by_body.map(str::to_string),
        annual_review,
        annual_report: true,
        annual_meeting: false,
        action_plan_areas: areas.iter().map(|a| a.to_string()).collect(),
    }
}

/// Wiltshire-like: a firm 12-week consultation standard with stated reasons
/// for shorter periods; the reduction procedure (12 weeks' consultation,
/// criteria at launch, joint impact assessment, 3 months' formal notice);
/// 3-year agreements wherever possible; payment on agreed dates; a champion
/// in every signatory; a Board with one chair from each sector; annual review.
pub fn wiltshire() -> Definition {
    let mut def = blank("wiltshire", "The Wiltshire Compact");
    def.identity.edition = "2015 and beyond".to_string();
    def.identity.edition_date = Some(date(2015, 4, 1));
    def.constituencies = vec![
        constituency(
            "wiltshire-council",
            "Wiltshire Council",
            Sector::Public,
            &[],
        ),
        constituency(
            "infrastructure",
            "Infrastructure organisations",
            Sector::Vcse,
            &[],
        ),
    ];
    def.bodies = vec![Body {
        id: "board".to_string(),
        name: "The Wiltshire Compact Board".to_string(),
        kind: BodyKind::Board,
        size: None,
        seats: Vec::new(),
        chairs: Some(Chairs {
            count: 2,
            one_from_each: vec![Sector::Public, Sector::Vcse],
            independent: false,
        }),
        duties: vec!["Reviews the Compact each year".to_string()],
    }];
    def.standards = Standards {
        consultation: Some(ConsultationStandard {
            weeks: 12,
            shorter_needs_reason: true,
            feedback_within_days: None,
            strength: Strength::Firm,
        }),
        funding_notice: None,
        reduction: Some(ReductionProcedure {
            consultation_weeks: 12,
            shorter_by_agreement: true,
            criteria_published_at_launch: true,
            joint_impact_assessment: true,
            formal_notice_months: 3,
            strength: Strength::Firm,
        }),
        agreement_length: Some(AgreementLength {
            preferred_years: 3,
            strength: Strength::Softened,
        }),
        payment: Some(PaymentTerms {
            on_agreed_dates: true,
            in_advance_preferred: true,
            strength: Strength::Firm,
        }),
        exit_strategy: None,
        champion: Some(ChampionStandard {
            required: true,
            trained_within_days: None,
            strength: Strength::Firm,
        }),
        // Fields the engine does not read keep their defaults, so new ones
        // in the definition do not break the fixtures.
        ..Standards::default()
    };
    def.review = Some(review(Some("board"), true, &[]));
    def
}

/// Blackpool-like: a two-stage dispute procedure (informal, by the
/// secretariat; then the Compact Group, which seeks to meet within 14 days
/// of the referral and to rule within 7 days of concluding its
/// investigation) and a 12-seat Compact Group by constituency.
pub fn blackpool() -> Definition {
    use OrganisationKind::*;
    let mut def = blank("blackpool", "Compact for Blackpool");
    def.identity.edition = "Revised November 2009".to_string();
    def.identity.edition_date = Some(date(2009, 11, 1));
    def.constituencies = vec![
        constituency(
            "council",
            "Blackpool Council",
            Sector::Public,
            &[LocalAuthority],
        ),
        constituency("nhs", "Blackpool NHS", Sector::Public, &[Nhs]),
        constituency(
            "police",
            "Lancashire Constabulary",
            Sector::Public,
            &[Police],
        ),
        constituency(
            "fire",
            "Lancashire Fire and Rescue",
            Sector::Public,
            &[FireAndRescue],
        ),
        constituency(
            "community",
            "Community organisations",
            Sector::Vcse,
            &[CommunityGroup],
        ),
        constituency(
            "voluntary",
            "Voluntary organisations",
            Sector::Vcse,
            &[VoluntaryOrganisation],
        ),
        constituency(
            "social-enterprise",
            "Social enterprise",
            Sector::Vcse,
            &[SocialEnterprise],
        ),
        constituency("faith", "Faith groups", Sector::Vcse, &[FaithGroup]),
    ];
    let mut council = seats("council", 2);
    council.requirements = vec![SeatRequirement {
        at_least: 1,
        role: "elected_councillor".to_string(),
    }];
    def.bodies = vec![
        Body {
            id: "compact-group".to_string(),
            name: "The Compact Group".to_string(),
            kind: BodyKind::CompactGroup,
            size: Some(12),
            seats: vec![
                council,
                seats("nhs", 2),
                seats("police", 1),
                seats("fire", 1),
                seats("community", 2),
                seats("voluntary", 2),
                seats("social-enterprise", 1),
                seats("faith", 1),
            ],
            chairs: None,
            duties: vec!["Hears disputes referred to it".to_string()],
        },
        Body {
            id: "partnership-board".to_string(),
            name: "Strategic Partnership Board".to_string(),
            kind: BodyKind::Board,
            size: None,
            seats: Vec::new(),
            chairs: None,
            duties: vec!["Adopts revisions".to_string()],
        },
    ];
    def.disputes = Some(DisputeProcedure {
        stages: vec![
            DisputeStage {
                id: "informal".to_string(),
                name: "Informal resolution".to_string(),
                handled_by: Handler::Secretariat,
                description: "The secretariat brings the parties together.".to_string(),
                deadlines: Vec::new(),
            },
            DisputeStage {
                id: "compact-group".to_string(),
                name: "Compact Group".to_string(),
                handled_by: Handler::Body("compact-group".to_string()),
                description: "The Compact Group investigates and rules.".to_string(),
                deadlines: vec![
                    StageDeadline {
                        id: "meet".to_string(),
                        description: "Meet the parties".to_string(),
                        from: DisputeEventKind::StageEntered,
                        until: DisputeEventKind::MeetingHeld,
                        days: 14,
                        strength: Strength::Softened,
                    },
                    StageDeadline {
                        id: "rule".to_string(),
                        description: "Rule after the investigation".to_string(),
                        from: DisputeEventKind::InvestigationConcluded,
                        until: DisputeEventKind::RulingGiven,
                        days: 7,
                        strength: Strength::Softened,
                    },
                ],
            },
        ],
    });
    def.review = Some(review(Some("compact-group"), true, &[]));
    def
}

/// Warrington-like: 12 weeks' notice of changes to funding (firm here; the
/// Warrington text words it "wherever possible", so the shipped definition
/// may soften it), an exit strategy for every agreement, payment on agreed
/// dates wherever possible, and an annual report but no annual review.
pub fn warrington() -> Definition {
    let mut def = blank("warrington", "Local Compact for Warrington");
    def.identity.edition = "May 2014".to_string();
    def.identity.edition_date = Some(date(2014, 5, 1));
    def.standards.funding_notice = Some(FundingNoticeStandard {
        weeks: 12,
        strength: Strength::Firm,
    });
    def.standards.exit_strategy = Some(ExitStrategy {
        required: true,
        strength: Strength::Firm,
    });
    def.standards.payment = Some(PaymentTerms {
        on_agreed_dates: true,
        in_advance_preferred: true,
        strength: Strength::Softened,
    });
    def.review = Some(review(Some("policy_group"), false, &[]));
    def
}

/// Wigan-like: principles and strands only, no time-limited standard, so
/// the engine reports nothing for consultations or funding.
pub fn wigan() -> Definition {
    let mut def = blank("wigan", "Wigan Borough Partnership Compact");
    def.commitment_term = CommitmentTerm::Strand;
    def
}

/// Wales-like (the guidance on local compacts): an action plan in four
/// areas and an annual review, nothing else measurable.
pub fn wales() -> Definition {
    let mut def = blank("wales", "A Welsh county local compact");
    def.identity.edition_date = Some(date(2020, 4, 1));
    def.review = Some(review(
        None,
        true,
        &["communication", "sign-up", "representation", "engagement"],
    ));
    def
}

/// All five, in a fixed order.
pub fn all() -> Vec<Definition> {
    vec![wiltshire(), blackpool(), warrington(), wigan(), wales()]
}

// ---- records ----

pub fn organisation(id: i64, name: &str, kind: OrganisationKind) -> Organisation {
    Organisation {
        id: OrganisationId(id),
        name: name.to_string(),
        kind,
        charity_number: None,
        company_number: None,
        postcode: None,
        address: None,
        website: None,
        email: None,
        areas_of_work: Vec::new(),
        active: true,
    }
}

pub fn signatory(id: i64, organisation: i64, signed_on: Date) -> Signatory {
    Signatory {
        id: SignatoryId(id),
        organisation: OrganisationId(organisation),
        signed_on,
        signed_by: String::new(),
        edition: String::new(),
        withdrawn_on: None,
        withdrawal_reason: None,
        champion: None,
    }
}

pub fn champion(name: &str, appointed_on: Date, trained_on: Option<Date>) -> Champion {
    Champion {
        name: name.to_string(),
        role: String::new(),
        contact: String::new(),
        appointed_on,
        trained_on,
    }
}

/// A consultation led by organisation 1.
pub fn consultation(id: i64, title: &str, opened_on: Date, closes_on: Date) -> Consultation {
    Consultation {
        id: ConsultationId(id),
        title: title.to_string(),
        lead: OrganisationId(1),
        opened_on,
        closes_on,
        shorter_period_reason: None,
        criteria_published_on: None,
        feedback_published_on: None,
    }
}

/// A £10,000 grant from organisation 1 to organisation 2.
pub fn agreement(id: i64, starts_on: Date, ends_on: Date) -> FundingAgreement {
    FundingAgreement {
        id: AgreementId(id),
        title: format!("Grant {id}"),
        funder: OrganisationId(1),
        recipient: OrganisationId(2),
        kind: AgreementKind::Grant,
        amount: Pence(1_000_000),
        starts_on,
        ends_on,
        exit_strategy_agreed_on: None,
        exit_strategy_summary: String::new(),
        purpose: String::new(),
        paid_in: None,
        monitoring: String::new(),
        full_cost_recovery: None,
        payments: Vec::new(),
        changes: Vec::new(),
    }
}

/// A £2,500 payment.
pub fn payment(id: i64, due_on: Date, paid_on: Option<Date>) -> Payment {
    Payment {
        id: PaymentId(id),
        due_on,
        amount: Pence(250_000),
        paid_on,
    }
}

pub fn change(
    id: i64,
    kind: ChangeKind,
    decided_on: Date,
    notice_given_on: Option<Date>,
    effective_on: Date,
) -> FundingChange {
    FundingChange {
        id: FundingChangeId(id),
        kind,
        new_amount: None,
        decided_on,
        notice_given_on,
        effective_on,
        consultation: None,
        impact_assessment: None,
        steps: Vec::new(),
    }
}

pub fn impact_assessment(completed_on: Date, joint: bool) -> ImpactAssessment {
    ImpactAssessment {
        completed_on,
        joint,
        characteristics: ProtectedCharacteristic::ALL.to_vec(),
        entries: Vec::new(),
        participants: Vec::new(),
    }
}

/// A case raised by organisation 2 against organisation 1.
pub fn dispute(id: i64, title: &str, raised_on: Date, events: Vec<DisputeEvent>) -> DisputeCase {
    DisputeCase {
        id: DisputeId(id),
        title: title.to_string(),
        raised_by: OrganisationId(2),
        against: OrganisationId(1),
        raised_on,
        summary: String::new(),
        events,
    }
}

pub fn event(id: i64, stage: &str, kind: DisputeEventKind, on: Date) -> DisputeEvent {
    DisputeEvent {
        id: DisputeEventId(id),
        stage: stage.to_string(),
        kind,
        on,
        note: String::new(),
    }
}

pub fn seat(id: i64, body: &str, constituency: &str, roles: &[&str], from: Date) -> SeatHolding {
    SeatHolding {
        id: SeatId(id),
        body: body.to_string(),
        constituency: constituency.to_string(),
        holder: format!("Holder {id}"),
        organisation: None,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        from,
        until: None,
    }
}

pub fn annual_review(id: i64, year: i32, completed_on: Date) -> AnnualReview {
    AnnualReview {
        id: ReviewId(id),
        year,
        completed_on,
        report_published_on: None,
        meeting_held_on: None,
    }
}

pub fn milestone(id: i64, title: &str, due_on: Date, done_on: Option<Date>) -> Milestone {
    Milestone {
        id: MilestoneId(id),
        review: None,
        area: String::new(),
        title: title.to_string(),
        due_on,
        done_on,
    }
}

/// The full Blackpool Compact Group as seated on `from`: twelve holders,
/// one of the council's an elected councillor.
pub fn blackpool_compact_group(from: Date) -> Vec<SeatHolding> {
    let plan: [(&str, &[&str]); 12] = [
        ("council", &["elected_councillor"]),
        ("council", &[]),
        ("nhs", &[]),
        ("nhs", &[]),
        ("police", &[]),
        ("fire", &[]),
        ("community", &[]),
        ("community", &[]),
        ("voluntary", &[]),
        ("voluntary", &[]),
        ("social-enterprise", &[]),
        ("faith", &[]),
    ];
    plan.iter()
        .zip(1..)
        .map(|((constituency, roles), id)| seat(id, "compact-group", constituency, roles, from))
        .collect()
}
