//! A Compact's definition as the API shows it.
//!
//! The core types serialize on their own, but the OpenAPI document needs a
//! schema for each, and the core stays free of web concerns (no `utoipa`
//! there). So the API has its own types here, built from the core's by
//! exhaustive conversions: a variant or field added to the core fails to
//! compile here until the API (and so its document) says what to do with it.
//! They also let the API choose its own shape where the core's is awkward
//! for a client (who handles a dispute stage, seats with their
//! constituency's name).

use chrono::NaiveDate;
use compact_core::definition as core;
use serde::Serialize;
use utoipa::ToSchema;

/// A copy of a core enum that the OpenAPI document can describe, with the
/// same snake_case names, and a conversion that must name every variant.
macro_rules! mirror_enum {
    ($(#[$meta:meta])* $name:ident from $core:ty { $($variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl From<$core> for $name {
            fn from(value: $core) -> $name {
                match value { $(<$core>::$variant => $name::$variant),* }
            }
        }
    };
}

mirror_enum!(
    /// A sector of organisations.
    Sector from core::Sector { Public, Vcse, Private }
);
mirror_enum!(
    /// What this Compact calls its commitments.
    CommitmentTerm from core::CommitmentTerm { Promise, Strand, Theme }
);
mirror_enum!(
    /// Who gives an undertaking.
    Party from core::Party { Joint, Public, Vcse }
);
mirror_enum!(
    /// Where a code of practice stands.
    CodeStatus from core::CodeStatus { Planned, Draft, Adopted, UnderReview, Withdrawn }
);
mirror_enum!(
    /// What kind of governance body.
    BodyKind from core::BodyKind {
        CompactGroup, Board, PolicyGroup, ImplementationGroup, Secretariat, Other
    }
);
mirror_enum!(
    /// "Firm" commitments ("will") are breached when missed; "softened"
    /// ones ("wherever possible") are advisory.
    Strength from core::Strength { Firm, Softened }
);
mirror_enum!(
    /// What can happen in a dispute; stage deadlines run from one to another.
    DisputeEventKind from core::DisputeEventKind {
        Raised, StageEntered, MeetingHeld, ResponseGiven, InvestigationConcluded,
        RulingGiven, Resolved, Withdrawn
    }
);
mirror_enum!(
    /// A kind of organisation.
    OrganisationKind from core::OrganisationKind {
        LocalAuthority, Nhs, Police, FireAndRescue, Probation, OtherPublicBody, Charity,
        VoluntaryOrganisation, CommunityGroup, ResidentsAssociation, SocialEnterprise,
        CooperativeOrMutual, FaithGroup, Business
    }
);

/// Everything a Compact's home page shows, as data.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompactDetail {
    pub slug: String,
    pub name: String,
    pub identity: Identity,
    pub sectors: Vec<Sector>,
    pub principles: Vec<Principle>,
    pub commitment_term: CommitmentTerm,
    /// The promises, strands or themes, each with its undertakings.
    pub commitments: Vec<Commitment>,
    /// Undertakings outside any one commitment.
    pub undertakings: Vec<Undertaking>,
    pub codes_of_practice: Vec<CodeOfPractice>,
    /// The measurable standards; each is `null` when the Compact does not
    /// state it.
    pub standards: Standards,
    pub constituencies: Vec<Constituency>,
    pub bodies: Vec<Body>,
    /// The dispute procedure's stages, in order (empty when it has none).
    pub dispute_stages: Vec<DisputeStage>,
    pub review: Option<ReviewCycle>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Identity {
    pub name: String,
    pub area: String,
    pub edition: String,
    pub edition_date: Option<NaiveDate>,
    /// The body that runs the Compact day to day (its secretariat).
    pub managed_by: String,
    pub contact: Contact,
    /// Languages it is published in, e.g. `en`, `cy`.
    pub languages: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Contact {
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Principle {
    pub id: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Commitment {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub undertakings: Vec<Undertaking>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Undertaking {
    pub by: Party,
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CodeOfPractice {
    pub id: String,
    pub title: String,
    pub status: CodeStatus,
    pub adopted_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Standards {
    pub consultation: Option<ConsultationStandard>,
    pub funding_notice: Option<FundingNoticeStandard>,
    pub reduction: Option<ReductionProcedure>,
    pub agreement_length: Option<AgreementLength>,
    pub payment: Option<PaymentTerms>,
    pub exit_strategy: Option<ExitStrategy>,
    pub champion: Option<ChampionStandard>,
    pub kitemark: Option<Kitemark>,
}

/// How long a consultation runs.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationStandard {
    pub weeks: u32,
    pub shorter_needs_reason: bool,
    pub feedback_within_days: Option<u32>,
    pub strength: Strength,
}

/// Notice before funding is changed, reduced or ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct FundingNoticeStandard {
    pub weeks: u32,
    pub strength: Strength,
}

/// The procedure before funding is reduced or ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReductionProcedure {
    pub consultation_weeks: u32,
    pub shorter_by_agreement: bool,
    pub criteria_published_at_launch: bool,
    pub joint_impact_assessment: bool,
    pub formal_notice_months: u32,
    pub strength: Strength,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementLength {
    pub preferred_years: u32,
    pub strength: Strength,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentTerms {
    pub on_agreed_dates: bool,
    pub in_advance_preferred: bool,
    pub strength: Strength,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExitStrategy {
    pub required: bool,
    pub strength: Strength,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChampionStandard {
    pub required: bool,
    pub trained_within_days: Option<u32>,
    pub strength: Strength,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Kitemark {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Constituency {
    pub id: String,
    pub name: String,
    pub sector: Sector,
    /// Kinds of organisation that belong to it (empty: any in the sector).
    pub kinds: Vec<OrganisationKind>,
}

/// A governance body and its seats.
#[derive(Debug, Serialize, ToSchema)]
pub struct Body {
    pub id: String,
    pub name: String,
    pub kind: BodyKind,
    /// The stated number of seats, when the Compact states one.
    pub size: Option<u32>,
    pub seats: Vec<Seats>,
    pub chairs: Option<Chairs>,
    pub duties: Vec<String>,
}

/// Seats on a body held by one constituency.
#[derive(Debug, Serialize, ToSchema)]
pub struct Seats {
    /// The constituency's id.
    pub constituency: String,
    pub constituency_name: String,
    pub count: u32,
    pub requirements: Vec<SeatRequirement>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeatRequirement {
    pub at_least: u32,
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Chairs {
    pub count: u32,
    pub one_from_each: Vec<Sector>,
    pub independent: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DisputeStage {
    pub id: String,
    pub name: String,
    pub handled_by: HandledBy,
    pub description: String,
    pub deadlines: Vec<StageDeadline>,
}

/// Who handles a dispute stage.
#[derive(Debug, Serialize, ToSchema)]
pub struct HandledBy {
    pub kind: HandlerKind,
    /// The body's id, when a body of this Compact handles it.
    pub body: Option<String>,
    /// Who, in words: the secretariat's or body's name, or the outside
    /// party; `null` when the parties handle it themselves.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HandlerKind {
    Parties,
    Secretariat,
    Body,
    External,
}

/// "Within `days` days of `from`, `until` happens."
#[derive(Debug, Serialize, ToSchema)]
pub struct StageDeadline {
    pub id: String,
    pub description: String,
    pub from: DisputeEventKind,
    pub until: DisputeEventKind,
    pub days: u32,
    pub strength: Strength,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewCycle {
    /// The id of the body that conducts the review.
    pub by_body: Option<String>,
    pub annual_review: bool,
    pub annual_report: bool,
    pub annual_meeting: bool,
    pub action_plan_areas: Vec<String>,
}

impl CompactDetail {
    pub fn new(slug: String, name: String, d: &core::Definition) -> CompactDetail {
        CompactDetail {
            slug,
            name,
            identity: identity(&d.identity),
            sectors: d.sectors.iter().map(|&s| s.into()).collect(),
            principles: d
                .principles
                .iter()
                .map(|p| Principle {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    text: p.text.clone(),
                })
                .collect(),
            commitment_term: d.commitment_term.into(),
            commitments: d
                .commitments
                .iter()
                .map(|c| Commitment {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    summary: c.summary.clone(),
                    undertakings: undertakings(&c.undertakings),
                })
                .collect(),
            undertakings: undertakings(&d.undertakings),
            codes_of_practice: d
                .codes
                .iter()
                .map(|c| CodeOfPractice {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    status: c.status.into(),
                    adopted_on: c.adopted_on,
                })
                .collect(),
            standards: standards(&d.standards),
            constituencies: d
                .constituencies
                .iter()
                .map(|c| Constituency {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    sector: c.sector.into(),
                    kinds: c.kinds.iter().map(|&k| k.into()).collect(),
                })
                .collect(),
            bodies: d.bodies.iter().map(|b| body(d, b)).collect(),
            dispute_stages: d
                .disputes
                .iter()
                .flat_map(|p| &p.stages)
                .map(|s| stage(d, s))
                .collect(),
            review: d.review.as_ref().map(|r| ReviewCycle {
                by_body: r.by_body.clone(),
                annual_review: r.annual_review,
                annual_report: r.annual_report,
                annual_meeting: r.annual_meeting,
                action_plan_areas: r.action_plan_areas.clone(),
            }),
        }
    }
}

fn identity(i: &core::Identity) -> Identity {
    let c = &i.contact;
    Identity {
        name: i.name.clone(),
        area: i.area.clone(),
        edition: i.edition.clone(),
        edition_date: i.edition_date,
        managed_by: i.managed_by.clone(),
        contact: Contact {
            organisation: c.organisation.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            website: c.website.clone(),
            address: c.address.clone(),
        },
        languages: i.languages.clone(),
    }
}

fn undertakings(list: &[core::Undertaking]) -> Vec<Undertaking> {
    list.iter()
        .map(|u| Undertaking {
            by: u.by.into(),
            text: u.text.clone(),
        })
        .collect()
}

fn standards(s: &core::Standards) -> Standards {
    Standards {
        consultation: s.consultation.as_ref().map(|c| ConsultationStandard {
            weeks: c.weeks,
            shorter_needs_reason: c.shorter_needs_reason,
            feedback_within_days: c.feedback_within_days,
            strength: c.strength.into(),
        }),
        funding_notice: s.funding_notice.as_ref().map(|n| FundingNoticeStandard {
            weeks: n.weeks,
            strength: n.strength.into(),
        }),
        reduction: s.reduction.as_ref().map(|r| ReductionProcedure {
            consultation_weeks: r.consultation_weeks,
            shorter_by_agreement: r.shorter_by_agreement,
            criteria_published_at_launch: r.criteria_published_at_launch,
            joint_impact_assessment: r.joint_impact_assessment,
            formal_notice_months: r.formal_notice_months,
            strength: r.strength.into(),
        }),
        agreement_length: s.agreement_length.as_ref().map(|a| AgreementLength {
            preferred_years: a.preferred_years,
            strength: a.strength.into(),
        }),
        payment: s.payment.as_ref().map(|p| PaymentTerms {
            on_agreed_dates: p.on_agreed_dates,
            in_advance_preferred: p.in_advance_preferred,
            strength: p.strength.into(),
        }),
        exit_strategy: s.exit_strategy.as_ref().map(|e| ExitStrategy {
            required: e.required,
            strength: e.strength.into(),
        }),
        champion: s.champion.as_ref().map(|c| ChampionStandard {
            required: c.required,
            trained_within_days: c.trained_within_days,
            strength: c.strength.into(),
        }),
        kitemark: s.kitemark.as_ref().map(|k| Kitemark {
            name: k.name.clone(),
            description: k.description.clone(),
        }),
    }
}

fn body(d: &core::Definition, b: &core::Body) -> Body {
    Body {
        id: b.id.clone(),
        name: b.name.clone(),
        kind: b.kind.into(),
        size: b.size,
        seats: b
            .seats
            .iter()
            .map(|s| Seats {
                constituency: s.constituency.clone(),
                // Validated at parse time, so the lookup finds it; the id is
                // a readable fallback all the same.
                constituency_name: d
                    .constituency(&s.constituency)
                    .map_or_else(|| s.constituency.clone(), |c| c.name.clone()),
                count: s.count,
                requirements: s
                    .requirements
                    .iter()
                    .map(|r| SeatRequirement {
                        at_least: r.at_least,
                        role: r.role.clone(),
                    })
                    .collect(),
            })
            .collect(),
        chairs: b.chairs.as_ref().map(|c| Chairs {
            count: c.count,
            one_from_each: c.one_from_each.iter().map(|&s| s.into()).collect(),
            independent: c.independent,
        }),
        duties: b.duties.clone(),
    }
}

fn stage(d: &core::Definition, s: &core::DisputeStage) -> DisputeStage {
    let handled_by = match &s.handled_by {
        core::Handler::Parties => HandledBy {
            kind: HandlerKind::Parties,
            body: None,
            name: None,
        },
        core::Handler::Secretariat => HandledBy {
            kind: HandlerKind::Secretariat,
            body: None,
            name: Some(d.identity.managed_by.clone()),
        },
        core::Handler::Body(id) => HandledBy {
            kind: HandlerKind::Body,
            body: Some(id.clone()),
            name: Some(d.body(id).map_or_else(|| id.clone(), |b| b.name.clone())),
        },
        core::Handler::External(who) => HandledBy {
            kind: HandlerKind::External,
            body: None,
            name: Some(who.clone()),
        },
    };
    DisputeStage {
        id: s.id.clone(),
        name: s.name.clone(),
        handled_by,
        description: s.description.clone(),
        deadlines: s
            .deadlines
            .iter()
            .map(|dl| StageDeadline {
                id: dl.id.clone(),
                description: dl.description.clone(),
                from: dl.from.into(),
                until: dl.until.into(),
                days: dl.days,
                strength: dl.strength.into(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mirrors serialize exactly as the core's own enums do, so the
    /// API's words are the ones in the definition files.
    #[test]
    fn mirrored_enums_use_the_core_names() {
        fn same<C: Serialize + Copy, M: Serialize + From<C>>(values: &[C]) {
            for &v in values {
                assert_eq!(
                    serde_json::to_value(v).unwrap(),
                    serde_json::to_value(M::from(v)).unwrap()
                );
            }
        }
        same::<_, OrganisationKind>(&core::OrganisationKind::ALL);
        same::<_, Strength>(&[core::Strength::Firm, core::Strength::Softened]);
        same::<_, Sector>(&[core::Sector::Public, core::Sector::Vcse]);
        same::<_, DisputeEventKind>(&[
            core::DisputeEventKind::StageEntered,
            core::DisputeEventKind::InvestigationConcluded,
        ]);
        same::<_, CodeStatus>(&[core::CodeStatus::UnderReview]);
        same::<_, BodyKind>(&[core::BodyKind::CompactGroup]);
    }

    #[test]
    fn every_shipped_compact_converts() {
        for (slug, source) in core::SHIPPED {
            let d = core::parse(&format!("{slug}.toml"), source).unwrap();
            let detail = CompactDetail::new(slug.to_string(), d.identity.name.clone(), &d);
            assert_eq!(detail.bodies.len(), d.bodies.len());
            assert!(serde_json::to_value(&detail).is_ok());
        }
    }
}
