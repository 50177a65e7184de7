//! A Compact's definition: what one locality has agreed, held as data.
//!
//! These are the validated domain types. They are produced from a TOML file
//! by [`parse`](crate::definition::parse) (see `docs/definition-format.md`),
//! which rejects anything malformed or inconsistent, so code that holds a
//! [`Definition`] can trust it: every id it refers to exists, every count adds
//! up.
//!
//! A standard that a Compact does not state is `None`: it is absent, never
//! defaulted, and the rules engine checks only what the Compact promises.

use crate::calendar::Date;
use serde::{Deserialize, Serialize};

mod checks;
mod parse;
mod raw;
mod shipped;
mod validate;
mod validate_procedures;
pub use parse::{parse, DefinitionError, Problem};
pub use shipped::{shipped, SHIPPED};

#[cfg(test)]
mod tests;

/// The version of the definition file format this build reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    pub identity: Identity,
    /// Which sectors take part (public, VCSE, private).
    pub sectors: Vec<Sector>,
    /// Named groups of organisations that hold seats on governance bodies.
    pub constituencies: Vec<Constituency>,
    pub principles: Vec<Principle>,
    /// What this Compact calls its commitments: promises, strands or themes.
    pub commitment_term: CommitmentTerm,
    pub commitments: Vec<Commitment>,
    /// Undertakings the Compact gives outside any one commitment, such as
    /// each sector's general standards of conduct (Wigan) or the overarching
    /// joint and sector undertakings that precede the promises (Wiltshire).
    pub undertakings: Vec<Undertaking>,
    pub codes: Vec<CodeOfPractice>,
    pub bodies: Vec<Body>,
    /// Which bodies adopt what, in order.
    pub adoption: Vec<AdoptionRule>,
    pub standards: Standards,
    pub disputes: Option<DisputeProcedure>,
    pub review: Option<ReviewCycle>,
    pub protected_characteristics: Vec<ProtectedCharacteristic>,
}

impl Definition {
    pub fn body(&self, id: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.id == id)
    }

    pub fn constituency(&self, id: &str) -> Option<&Constituency> {
        self.constituencies.iter().find(|c| c.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identity {
    /// Short machine name, e.g. `wiltshire`; unique within a database.
    pub slug: String,
    pub name: String,
    pub area: String,
    /// The edition as the Compact names it, e.g. "Revised November 2009".
    pub edition: String,
    pub edition_date: Option<Date>,
    /// The body that manages the Compact day to day (its secretariat).
    pub managed_by: String,
    pub contact: Contact,
    /// Languages the Compact is published in (`en`, `cy`).
    pub languages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Contact {
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    Public,
    Vcse,
    Private,
}

impl Sector {
    pub fn label(self) -> &'static str {
        match self {
            Sector::Public => "Public sector",
            Sector::Vcse => "Voluntary, community and social enterprise sector",
            Sector::Private => "Private sector",
        }
    }
}

/// The kind of an organisation. Each kind belongs to exactly one sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    // Public bodies
    LocalAuthority,
    Nhs,
    Police,
    FireAndRescue,
    Probation,
    OtherPublicBody,
    // VCSE
    Charity,
    VoluntaryOrganisation,
    CommunityGroup,
    ResidentsAssociation,
    SocialEnterprise,
    CooperativeOrMutual,
    FaithGroup,
    // Private
    Business,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 14] = [
        OrganisationKind::LocalAuthority,
        OrganisationKind::Nhs,
        OrganisationKind::Police,
        OrganisationKind::FireAndRescue,
        OrganisationKind::Probation,
        OrganisationKind::OtherPublicBody,
        OrganisationKind::Charity,
        OrganisationKind::VoluntaryOrganisation,
        OrganisationKind::CommunityGroup,
        OrganisationKind::ResidentsAssociation,
        OrganisationKind::SocialEnterprise,
        OrganisationKind::CooperativeOrMutual,
        OrganisationKind::FaithGroup,
        OrganisationKind::Business,
    ];

    pub fn sector(self) -> Sector {
        use OrganisationKind::*;
        match self {
            LocalAuthority | Nhs | Police | FireAndRescue | Probation | OtherPublicBody => {
                Sector::Public
            }
            Charity
            | VoluntaryOrganisation
            | CommunityGroup
            | ResidentsAssociation
            | SocialEnterprise
            | CooperativeOrMutual
            | FaithGroup => Sector::Vcse,
            Business => Sector::Private,
        }
    }

    /// The snake_case name used in files and the database.
    pub fn as_str(self) -> &'static str {
        use OrganisationKind::*;
        match self {
            LocalAuthority => "local_authority",
            Nhs => "nhs",
            Police => "police",
            FireAndRescue => "fire_and_rescue",
            Probation => "probation",
            OtherPublicBody => "other_public_body",
            Charity => "charity",
            VoluntaryOrganisation => "voluntary_organisation",
            CommunityGroup => "community_group",
            ResidentsAssociation => "residents_association",
            SocialEnterprise => "social_enterprise",
            CooperativeOrMutual => "cooperative_or_mutual",
            FaithGroup => "faith_group",
            Business => "business",
        }
    }

    pub fn parse(s: &str) -> Option<OrganisationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A named group of organisations that is represented on a body, e.g.
/// "Blackpool Council" or "faith groups".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Constituency {
    pub id: String,
    pub name: String,
    pub sector: Sector,
    /// Kinds of organisation that belong to it (empty: any kind in the sector).
    pub kinds: Vec<OrganisationKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Principle {
    pub id: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentTerm {
    Promise,
    Strand,
    Theme,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub undertakings: Vec<Undertaking>,
}

/// Who gives an undertaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Joint,
    Public,
    Vcse,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Undertaking {
    pub by: Party,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeStatus {
    Planned,
    Draft,
    Adopted,
    UnderReview,
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeOfPractice {
    pub id: String,
    pub title: String,
    pub status: CodeStatus,
    pub adopted_on: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    CompactGroup,
    Board,
    PolicyGroup,
    ImplementationGroup,
    Secretariat,
    Other,
}

/// A governance body (Compact Group, Board, Policy Group, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    pub id: String,
    pub name: String,
    pub kind: BodyKind,
    /// The stated number of seats, when the Compact states one. When present,
    /// the seats below add up to it (checked at parse time).
    pub size: Option<u32>,
    pub seats: Vec<SeatAllocation>,
    pub chairs: Option<Chairs>,
    /// What the body does under this Compact, in the Compact's own terms.
    pub duties: Vec<String>,
}

impl Body {
    pub fn seat_count(&self) -> u32 {
        self.seats.iter().map(|s| s.count).sum()
    }
}

/// A number of seats on a body held by one constituency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatAllocation {
    pub constituency: String,
    pub count: u32,
    /// E.g. "at least one of these seats is held by an elected councillor".
    pub requirements: Vec<SeatRequirement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatRequirement {
    pub at_least: u32,
    /// A role the holder must have, e.g. `elected_councillor`.
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chairs {
    pub count: u32,
    /// When non-empty, one chair comes from each of these sectors.
    pub one_from_each: Vec<Sector>,
    pub independent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionSubject {
    CodeOfPractice,
    Revision,
    AnnualReport,
    ActionPlan,
}

/// `subject` is adopted by each of `bodies`, in that order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptionRule {
    pub subject: AdoptionSubject,
    pub bodies: Vec<String>,
}

/// How strongly a Compact words a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// "will": missing it is a breach.
    Firm,
    /// "wherever possible", "seek to", "endeavour": missing it is advisory.
    Softened,
}

/// The measurable standards a Compact states. Each is absent unless stated.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Standards {
    pub consultation: Option<ConsultationStandard>,
    pub funding_notice: Option<FundingNoticeStandard>,
    pub reduction: Option<ReductionProcedure>,
    pub agreement_length: Option<AgreementLength>,
    pub payment: Option<PaymentTerms>,
    pub exit_strategy: Option<ExitStrategy>,
    pub champion: Option<ChampionStandard>,
    /// A kitemark that signatories may display.
    pub kitemark: Option<Kitemark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsultationStandard {
    pub weeks: u32,
    /// Whether a shorter period must come with a stated reason.
    pub shorter_needs_reason: bool,
    /// Days after the close by which feedback is to be published.
    pub feedback_within_days: Option<u32>,
    pub strength: Strength,
}

/// Notice before funding is changed, reduced or ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundingNoticeStandard {
    pub weeks: u32,
    pub strength: Strength,
}

/// The procedure before funding is reduced or ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReductionProcedure {
    pub consultation_weeks: u32,
    /// A shorter consultation is allowed by mutual consent with a stated reason.
    pub shorter_by_agreement: bool,
    pub criteria_published_at_launch: bool,
    pub joint_impact_assessment: bool,
    pub formal_notice_months: u32,
    pub strength: Strength,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementLength {
    pub preferred_years: u32,
    pub strength: Strength,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentTerms {
    /// Payments are due on the dates agreed in each funding agreement.
    pub on_agreed_dates: bool,
    /// Whether payment in advance rather than in arrears is preferred.
    pub in_advance_preferred: bool,
    pub strength: Strength,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExitStrategy {
    /// Every funding agreement records an exit strategy.
    pub required: bool,
    pub strength: Strength,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChampionStandard {
    /// Every signatory appoints a Compact champion.
    pub required: bool,
    /// Days after appointment within which the champion is trained.
    pub trained_within_days: Option<u32>,
    pub strength: Strength,
}

/// A quality mark the Compact awards to organisations that have signed up
/// and work the Compact way. It is a recognition, not a measurable standard,
/// so it carries no strength.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kitemark {
    pub name: String,
    /// What earns it, in the Compact's own terms.
    pub description: String,
}

/// The dispute procedure: ordered stages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisputeProcedure {
    pub stages: Vec<DisputeStage>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisputeStage {
    pub id: String,
    pub name: String,
    pub handled_by: Handler,
    pub description: String,
    pub deadlines: Vec<StageDeadline>,
}

/// Who handles a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Handler {
    /// The parties themselves.
    Parties,
    /// The Compact's secretariat (the body named in `identity.managed_by`).
    Secretariat,
    /// A governance body of this Compact, by id.
    Body(String),
    /// Someone outside the Compact, e.g. an independent mediator.
    External(String),
}

/// "Within `days` days of `from`, `until` happens."
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageDeadline {
    pub id: String,
    pub description: String,
    pub from: DisputeEventKind,
    pub until: DisputeEventKind,
    pub days: u32,
    pub strength: Strength,
}

/// What can happen in a dispute case. Stage deadlines run from one of these
/// to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeEventKind {
    /// The case was raised.
    Raised,
    /// The case entered a stage (was referred to it).
    StageEntered,
    /// The parties met.
    MeetingHeld,
    /// A written response was given.
    ResponseGiven,
    /// The investigation was concluded.
    InvestigationConcluded,
    /// A ruling or clarification was given.
    RulingGiven,
    /// The case was resolved.
    Resolved,
    /// The case was withdrawn.
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewCycle {
    /// The body that conducts the review.
    pub by_body: Option<String>,
    pub annual_review: bool,
    pub annual_report: bool,
    pub annual_meeting: bool,
    /// Areas an action plan covers, e.g. communication, sign-up.
    pub action_plan_areas: Vec<String>,
}

/// The nine protected characteristics of the Equality Act 2010.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtectedCharacteristic {
    Age,
    Disability,
    GenderReassignment,
    MarriageAndCivilPartnership,
    PregnancyAndMaternity,
    Race,
    ReligionOrBelief,
    Sex,
    SexualOrientation,
}

impl ProtectedCharacteristic {
    pub const ALL: [ProtectedCharacteristic; 9] = [
        ProtectedCharacteristic::Age,
        ProtectedCharacteristic::Disability,
        ProtectedCharacteristic::GenderReassignment,
        ProtectedCharacteristic::MarriageAndCivilPartnership,
        ProtectedCharacteristic::PregnancyAndMaternity,
        ProtectedCharacteristic::Race,
        ProtectedCharacteristic::ReligionOrBelief,
        ProtectedCharacteristic::Sex,
        ProtectedCharacteristic::SexualOrientation,
    ];

    /// The snake_case name used in files, forms and the database.
    pub fn as_str(self) -> &'static str {
        use ProtectedCharacteristic::*;
        match self {
            Age => "age",
            Disability => "disability",
            GenderReassignment => "gender_reassignment",
            MarriageAndCivilPartnership => "marriage_and_civil_partnership",
            PregnancyAndMaternity => "pregnancy_and_maternity",
            Race => "race",
            ReligionOrBelief => "religion_or_belief",
            Sex => "sex",
            SexualOrientation => "sexual_orientation",
        }
    }

    pub fn parse(s: &str) -> Option<ProtectedCharacteristic> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}
