//! The definition file as written: serde structs that mirror the TOML layout
//! one to one (see `docs/definition-format.md`).
//!
//! Every struct denies unknown keys, so a misspelt key is an error with a
//! position rather than a silently ignored line. Numbers are read as `i64`
//! and range-checked later, so `weeks = -3` earns "must be a positive number
//! of weeks" instead of a type error about `u32`. Values that semantic
//! validation must point at are wrapped in [`Spanned`].

use super::{
    AdoptionSubject, BodyKind, CodeStatus, CommitmentTerm, DisputeEventKind, OrganisationKind,
    Party, ProtectedCharacteristic, Sector, Strength,
};
use serde::Deserialize;
use toml::Spanned;

pub(super) type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub format: S<i64>,
    pub compact: S<RawCompact>,
    #[serde(default)]
    pub constituency: Vec<S<RawConstituency>>,
    #[serde(default)]
    pub principle: Vec<S<RawPrinciple>>,
    #[serde(default)]
    pub commitment: Vec<S<RawCommitment>>,
    /// Undertakings that belong to no single commitment.
    #[serde(default)]
    pub undertaking: Vec<S<RawUndertaking>>,
    #[serde(default)]
    pub code: Vec<S<RawCode>>,
    #[serde(default)]
    pub body: Vec<S<RawBody>>,
    #[serde(default)]
    pub adoption: Vec<S<RawAdoption>>,
    #[serde(default)]
    pub standards: RawStandards,
    pub disputes: Option<S<RawDisputes>>,
    pub review: Option<S<RawReview>>,
    pub equality: Option<RawEquality>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCompact {
    pub slug: S<String>,
    pub name: S<String>,
    pub area: S<String>,
    pub edition: S<String>,
    /// A TOML date (`2009-11-01`) or a string holding one.
    pub edition_date: Option<S<toml::Value>>,
    pub managed_by: S<String>,
    pub languages: S<Vec<S<String>>>,
    pub commitment_term: CommitmentTerm,
    pub sectors: S<Vec<S<Sector>>>,
    #[serde(default)]
    pub contact: RawContact,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawContact {
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConstituency {
    pub id: S<String>,
    pub name: S<String>,
    pub sector: S<Sector>,
    #[serde(default)]
    pub kinds: Vec<S<OrganisationKind>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrinciple {
    pub id: S<String>,
    pub title: S<String>,
    pub text: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCommitment {
    pub id: S<String>,
    pub title: S<String>,
    pub summary: S<String>,
    #[serde(default)]
    pub undertaking: Vec<S<RawUndertaking>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUndertaking {
    pub by: S<Party>,
    pub text: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCode {
    pub id: S<String>,
    pub title: S<String>,
    pub status: S<CodeStatus>,
    pub adopted_on: Option<S<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBody {
    pub id: S<String>,
    pub name: S<String>,
    pub kind: BodyKind,
    pub size: Option<S<i64>>,
    #[serde(default)]
    pub seat: Vec<S<RawSeat>>,
    pub chairs: Option<S<RawChairs>>,
    #[serde(default)]
    pub duties: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSeat {
    pub constituency: S<String>,
    pub count: S<i64>,
    #[serde(default)]
    pub requirements: Vec<S<RawRequirement>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequirement {
    pub at_least: S<i64>,
    pub role: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChairs {
    pub count: S<i64>,
    pub one_from_each: Option<S<Vec<S<Sector>>>>,
    #[serde(default)]
    pub independent: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAdoption {
    pub subject: S<AdoptionSubject>,
    pub bodies: S<Vec<S<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStandards {
    pub consultation: Option<RawConsultation>,
    pub funding_notice: Option<RawFundingNotice>,
    pub reduction: Option<RawReduction>,
    pub agreement_length: Option<RawAgreementLength>,
    pub payment: Option<RawPayment>,
    pub exit_strategy: Option<RawRequired>,
    pub champion: Option<RawChampion>,
    pub kitemark: Option<RawKitemark>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConsultation {
    pub weeks: S<i64>,
    #[serde(default)]
    pub shorter_needs_reason: bool,
    pub feedback_within_days: Option<S<i64>>,
    pub strength: Strength,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFundingNotice {
    pub weeks: S<i64>,
    pub strength: Strength,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReduction {
    pub consultation_weeks: S<i64>,
    #[serde(default)]
    pub shorter_by_agreement: bool,
    #[serde(default)]
    pub criteria_published_at_launch: bool,
    #[serde(default)]
    pub joint_impact_assessment: bool,
    pub formal_notice_months: S<i64>,
    pub strength: Strength,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAgreementLength {
    pub preferred_years: S<i64>,
    pub strength: Strength,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPayment {
    #[serde(default)]
    pub on_agreed_dates: bool,
    #[serde(default)]
    pub in_advance_preferred: bool,
    pub strength: Strength,
}

/// A standard whose only parameter is that it applies (exit strategies).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequired {
    #[serde(default = "yes")]
    pub required: bool,
    pub strength: Strength,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChampion {
    #[serde(default = "yes")]
    pub required: bool,
    pub trained_within_days: Option<S<i64>>,
    pub strength: Strength,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKitemark {
    pub name: S<String>,
    #[serde(default)]
    pub description: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDisputes {
    #[serde(default)]
    pub stage: Vec<S<RawStage>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStage {
    pub id: S<String>,
    pub name: S<String>,
    /// `parties`, `secretariat`, `body:ID` or `external:WHO`.
    pub handled_by: S<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub deadline: Vec<S<RawDeadline>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeadline {
    pub id: S<String>,
    #[serde(default)]
    pub description: String,
    pub from: S<DisputeEventKind>,
    pub until: S<DisputeEventKind>,
    pub days: S<i64>,
    pub strength: Strength,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReview {
    pub by_body: Option<S<String>>,
    #[serde(default)]
    pub annual_review: bool,
    #[serde(default)]
    pub annual_report: bool,
    #[serde(default)]
    pub annual_meeting: bool,
    #[serde(default)]
    pub action_plan_areas: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEquality {
    #[serde(default)]
    pub protected_characteristics: Vec<S<ProtectedCharacteristic>>,
}
