//! Records: what actually happens under a Compact.
//!
//! These are the inputs of the rules engine and what the store persists. The
//! same types, serialised as JSON, are the documented records file format of
//! `compact check --records FILE.json` (see `docs/records-format.md`).
//!
//! All dates are London civil dates ([`Date`]).

use crate::calendar::Date;
use crate::definition::{DisputeEventKind, OrganisationKind, ProtectedCharacteristic};
use crate::identifiers::{CharityNumber, CompanyNumber, Postcode};
use crate::ids::*;
use crate::money::Pence;
use serde::{Deserialize, Serialize};

/// Every record of one Compact, as the rules engine reads them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Records {
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub signatories: Vec<Signatory>,
    #[serde(default)]
    pub consultations: Vec<Consultation>,
    #[serde(default)]
    pub agreements: Vec<FundingAgreement>,
    #[serde(default)]
    pub disputes: Vec<DisputeCase>,
    #[serde(default)]
    pub seats: Vec<SeatHolding>,
    #[serde(default)]
    pub reviews: Vec<AnnualReview>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    /// Checked and normalised when read, like the other identifiers: a
    /// record with a malformed one is refused with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charity_number: Option<CharityNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_number: Option<CompanyNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Postcode>,
    /// The postal address, as the organisation writes it (without the
    /// postcode, which is kept apart so it can be checked and searched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Where to write to the organisation about the Compact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// What it works on, in short phrases ("older people", "housing").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas_of_work: Vec<String>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// An organisation's sign-up to the Compact, from a date until it withdraws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub id: SignatoryId,
    pub organisation: OrganisationId,
    pub signed_on: Date,
    /// The person with authority who signed.
    #[serde(default)]
    pub signed_by: String,
    /// The edition of the Compact that was agreed to, as the definition
    /// names it at the time of signing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub edition: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawal_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub champion: Option<Champion>,
}

impl Signatory {
    /// Whether the organisation was a signatory on `date`.
    pub fn is_current_on(&self, date: Date) -> bool {
        self.signed_on <= date && self.withdrawn_on.is_none_or(|w| w > date)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Champion {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub contact: String,
    pub appointed_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trained_on: Option<Date>,
}

/// A consultation run by a public body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    pub id: ConsultationId,
    pub title: String,
    /// The organisation that runs it.
    pub lead: OrganisationId,
    pub opened_on: Date,
    pub closes_on: Date,
    /// Why the period is shorter than the standard, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shorter_period_reason: Option<String>,
    /// When the decision criteria were published (for funding reductions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria_published_on: Option<Date>,
    /// When feedback on the responses was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_published_on: Option<Date>,
}

/// A grant or contract from a funder to a recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingAgreement {
    pub id: AgreementId,
    #[serde(default)]
    pub title: String,
    pub funder: OrganisationId,
    pub recipient: OrganisationId,
    pub kind: AgreementKind,
    pub amount: Pence,
    pub starts_on: Date,
    pub ends_on: Date,
    /// When an exit strategy was agreed, if one has been.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_strategy_agreed_on: Option<Date>,
    /// What the exit strategy says, in short.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exit_strategy_summary: String,
    /// What the money is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// Whether instalments are paid at the start of the period they cover
    /// or at its end; unknown for records that do not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_in: Option<PaidIn>,
    /// What the funder asks the recipient to report, and how often.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub monitoring: String,
    /// Whether the price allows the recipient to recover its full costs
    /// (overheads included); unknown for records that do not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_cost_recovery: Option<bool>,
    #[serde(default)]
    pub payments: Vec<Payment>,
    #[serde(default)]
    pub changes: Vec<FundingChange>,
}

/// When the instalments of an agreement are paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaidIn {
    /// At the start of the period each instalment covers.
    Advance,
    /// After the period, once the work is done.
    Arrears,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    Grant,
    Contract,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    pub id: PaymentId,
    pub due_on: Date,
    pub amount: Pence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_on: Option<Date>,
}

/// A change to a funding agreement: a variation, a reduction or an ending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingChange {
    pub id: FundingChangeId,
    pub kind: ChangeKind,
    /// The new amount, for a reduction or variation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_amount: Option<Pence>,
    /// When the funder decided to make the change.
    pub decided_on: Date,
    /// When the recipient was told (notice given), if it has been.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_given_on: Option<Date>,
    pub effective_on: Date,
    /// The consultation held about this change, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<ConsultationId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_assessment: Option<ImpactAssessment>,
    /// The steps of the reduction procedure recorded for this change, with
    /// who took each (see `compact_core::funding::tasks`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepRecord>,
}

/// One step of the reduction procedure, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    pub step: ReductionStep,
    pub done_on: Date,
    /// The person or team who did it.
    #[serde(default)]
    pub done_by: String,
    /// Anything worth knowing about it, such as why a consultation was
    /// shortened by agreement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The steps before funding is reduced or ended, in the order they are
/// taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReductionStep {
    /// A consultation of the set length is opened.
    Consultation,
    /// The criteria for the decision are published as it opens.
    CriteriaPublished,
    /// A joint equality impact assessment is completed.
    ImpactAssessment,
    /// The responses are reviewed before the decision.
    FeedbackReviewed,
    /// Formal notice of the set length is given.
    FormalNotice,
}

impl ReductionStep {
    pub const ALL: [ReductionStep; 5] = [
        ReductionStep::Consultation,
        ReductionStep::CriteriaPublished,
        ReductionStep::ImpactAssessment,
        ReductionStep::FeedbackReviewed,
        ReductionStep::FormalNotice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReductionStep::Consultation => "consultation",
            ReductionStep::CriteriaPublished => "criteria_published",
            ReductionStep::ImpactAssessment => "impact_assessment",
            ReductionStep::FeedbackReviewed => "feedback_reviewed",
            ReductionStep::FormalNotice => "formal_notice",
        }
    }

    pub fn parse(text: &str) -> Option<ReductionStep> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Variation,
    Reduction,
    Termination,
}

impl ChangeKind {
    /// Reductions and terminations cut funding; they follow the reduction
    /// procedure where a Compact has one.
    pub fn cuts_funding(self) -> bool {
        matches!(self, ChangeKind::Reduction | ChangeKind::Termination)
    }
}

/// An equality impact assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactAssessment {
    pub completed_on: Date,
    /// Undertaken jointly with VCSE representatives. For an assessment
    /// recorded through the service this is derived: true when at least one
    /// VCSE organisation took part.
    pub joint: bool,
    #[serde(default)]
    pub characteristics: Vec<ProtectedCharacteristic>,
    /// The impact on each characteristic considered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<ImpactEntry>,
    /// The organisations that took part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<OrganisationId>,
}

/// The assessed impact on one protected characteristic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactEntry {
    pub characteristic: ProtectedCharacteristic,
    pub impact: Impact,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub mitigation: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    Positive,
    Neutral,
    Negative,
    Unknown,
}

impl Impact {
    pub const ALL: [Impact; 4] = [
        Impact::Positive,
        Impact::Neutral,
        Impact::Negative,
        Impact::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Positive => "positive",
            Impact::Neutral => "neutral",
            Impact::Negative => "negative",
            Impact::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Option<Impact> {
        Self::ALL.into_iter().find(|i| i.as_str() == text)
    }
}

/// A dispute case moving through the Compact's procedure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeCase {
    pub id: DisputeId,
    pub title: String,
    pub raised_by: OrganisationId,
    pub against: OrganisationId,
    pub raised_on: Date,
    /// Confidential detail; never shown to the public.
    #[serde(default)]
    pub summary: String,
    /// Events in date order.
    #[serde(default)]
    pub events: Vec<DisputeEvent>,
}

impl DisputeCase {
    pub fn is_closed(&self) -> bool {
        self.events.iter().any(|e| {
            matches!(
                e.kind,
                DisputeEventKind::Resolved | DisputeEventKind::Withdrawn
            )
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeEvent {
    pub id: DisputeEventId,
    /// The id of the stage in the Compact's dispute procedure.
    pub stage: String,
    pub kind: DisputeEventKind,
    pub on: Date,
    #[serde(default)]
    pub note: String,
}

/// A person holding a seat on a governance body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatHolding {
    pub id: SeatId,
    /// The body's id in the definition.
    pub body: String,
    /// The constituency's id in the definition.
    pub constituency: String,
    pub holder: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrganisationId>,
    /// Roles the holder has, e.g. `elected_councillor`, `chair`.
    #[serde(default)]
    pub roles: Vec<String>,
    pub from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl SeatHolding {
    pub fn is_held_on(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|u| u >= date)
    }
}

/// An annual review of how the Compact is working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualReview {
    pub id: ReviewId,
    /// The year under review, e.g. 2025 for 2025/26.
    pub year: i32,
    pub completed_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_published_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_held_on: Option<Date>,
}

/// A milestone of the action plan that comes out of a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: MilestoneId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ReviewId>,
    /// The action-plan area, e.g. communication.
    #[serde(default)]
    pub area: String,
    pub title: String,
    pub due_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<Date>,
}
