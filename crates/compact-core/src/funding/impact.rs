//! The equality impact assessment of a change, as typed: for each
//! protected characteristic the Compact lists, the impact, its evidence
//! and what will soften it; and which organisations took part.

use crate::calendar::Date;
use crate::date_ranges;
use crate::definition::{OrganisationKind, ProtectedCharacteristic};
use crate::ids::OrganisationId;
use crate::model::{FundingAgreement, Impact, ImpactAssessment, ImpactEntry};
use crate::register::{Checker, FieldProblem, Problem};

/// The form fields of one characteristic's entry: its impact, evidence and
/// mitigation, named after the characteristic (`impact_age`, ...). Field
/// names are `'static` so a problem can name its field.
pub fn entry_fields(c: ProtectedCharacteristic) -> [&'static str; 3] {
    use ProtectedCharacteristic::*;
    match c {
        Age => ["impact_age", "evidence_age", "mitigation_age"],
        Disability => [
            "impact_disability",
            "evidence_disability",
            "mitigation_disability",
        ],
        GenderReassignment => [
            "impact_gender_reassignment",
            "evidence_gender_reassignment",
            "mitigation_gender_reassignment",
        ],
        MarriageAndCivilPartnership => [
            "impact_marriage_and_civil_partnership",
            "evidence_marriage_and_civil_partnership",
            "mitigation_marriage_and_civil_partnership",
        ],
        PregnancyAndMaternity => [
            "impact_pregnancy_and_maternity",
            "evidence_pregnancy_and_maternity",
            "mitigation_pregnancy_and_maternity",
        ],
        Race => ["impact_race", "evidence_race", "mitigation_race"],
        ReligionOrBelief => [
            "impact_religion_or_belief",
            "evidence_religion_or_belief",
            "mitigation_religion_or_belief",
        ],
        Sex => ["impact_sex", "evidence_sex", "mitigation_sex"],
        SexualOrientation => [
            "impact_sexual_orientation",
            "evidence_sexual_orientation",
            "mitigation_sexual_orientation",
        ],
    }
}

/// One characteristic's entry as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpactEntryInput {
    pub characteristic: ProtectedCharacteristic,
    /// `positive`, `neutral`, `negative` or `unknown`.
    pub impact: String,
    pub evidence: String,
    pub mitigation: String,
}

/// An impact assessment as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImpactInput {
    pub completed_on: String,
    /// The numbers in the register of the organisations that took part.
    pub participants: Vec<String>,
    pub entries: Vec<ImpactEntryInput>,
}

impl ImpactInput {
    /// Check an assessment for a change of `agreement`: one entry for each
    /// characteristic in `considered` (no more), a negative impact with
    /// what will soften it, at least one organisation of the register
    /// taking part. Whether it was joint is derived from who took part.
    pub fn check(
        &self,
        today: Date,
        agreement: &FundingAgreement,
        considered: &[ProtectedCharacteristic],
        kind: impl Fn(OrganisationId) -> Option<OrganisationKind>,
    ) -> Result<ImpactAssessment, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let completed_on = c.date(
            "completed_on",
            &self.completed_on,
            date_ranges::funding_event(agreement.starts_on, today),
        );
        let mut participants = Vec::new();
        for text in &self.participants {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match text.parse::<i64>().ok().map(OrganisationId) {
                Some(id) if kind(id).is_some() => {
                    if !participants.contains(&id) {
                        participants.push(id);
                    }
                }
                _ => c.flag("participants", Problem::WrongFormat),
            }
        }
        if participants.is_empty() && self.participants.iter().all(|p| p.trim().is_empty()) {
            c.flag("participants", Problem::Missing);
        }
        let mut entries = Vec::new();
        for &characteristic in considered {
            let [impact_field, evidence_field, mitigation_field] = entry_fields(characteristic);
            let typed = self
                .entries
                .iter()
                .find(|e| e.characteristic == characteristic);
            let Some(typed) = typed else {
                c.flag(impact_field, Problem::Missing);
                continue;
            };
            let impact = match typed.impact.trim() {
                "" => {
                    c.flag(impact_field, Problem::Missing);
                    None
                }
                text => {
                    let impact = Impact::parse(text);
                    if impact.is_none() {
                        c.flag(impact_field, Problem::WrongFormat);
                    }
                    impact
                }
            };
            let evidence = c.optional_text(evidence_field, &typed.evidence);
            let mitigation = c.optional_text(mitigation_field, &typed.mitigation);
            // A harm found needs an answer to it.
            if impact == Some(Impact::Negative) && mitigation.is_empty() {
                c.flag(mitigation_field, Problem::Missing);
            }
            if let Some(impact) = impact {
                entries.push(ImpactEntry {
                    characteristic,
                    impact,
                    evidence,
                    mitigation,
                });
            }
        }
        // An entry for a characteristic the Compact does not list is a
        // mistake in what was sent, not something to keep quietly.
        if self
            .entries
            .iter()
            .any(|e| !considered.contains(&e.characteristic))
        {
            c.flag("entries", Problem::WrongFormat);
        }
        let joint = super::is_joint(&participants, &kind);
        c.finish(|| {
            Some(ImpactAssessment {
                completed_on: completed_on?,
                joint,
                characteristics: entries.iter().map(|e| e.characteristic).collect(),
                entries,
                participants,
            })
        })
    }
}
