//! The register of a Compact: which organisations are in it, which have
//! signed up, and how that stood on any date.
//!
//! An organisation may sign up, withdraw and sign up again, so its standing
//! on a date is worked out from all its sign-ups: the one in force on that
//! date if there is one, otherwise the latest that had ended by then.

mod details;
mod growth;
mod parties;
mod signup;
#[cfg(test)]
mod tests;

pub use details::OrganisationInput;
pub use growth::{growth, GrowthPoint};
pub use parties::FindingParties;
pub(crate) use signup::Checker;
pub use signup::{
    ChampionInput, FieldProblem, Problem, SignUp, SignUpInput, WithdrawalInput, MAX_TEXT,
};

use crate::calendar::Date;
use crate::definition::{OrganisationKind, Sector};
use crate::ids::OrganisationId;
use crate::model::{Organisation, Records, Signatory};
use crate::rules::{Finding, RecordRef};
use serde::Serialize;
use std::collections::HashMap;

/// Where an organisation stood with the Compact on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Signed up and not withdrawn.
    Signatory,
    /// Signed up once, and had withdrawn by then.
    Withdrawn,
    /// Never signed up by then.
    NotSigned,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Signatory => "signatory",
            Standing::Withdrawn => "withdrawn",
            Standing::NotSigned => "not_signed",
        }
    }
}

/// One organisation of the register with its standing on the register's date.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'r> {
    pub organisation: &'r Organisation,
    pub standing: Standing,
    /// The sign-up the standing comes from: the one in force, or the latest
    /// that had ended.
    pub signatory: Option<&'r Signatory>,
}

impl<'r> Entry<'r> {
    /// The sign-up in force on the register's date, if there is one.
    pub fn current(&self) -> Option<&'r Signatory> {
        self.signatory
            .filter(|_| self.standing == Standing::Signatory)
    }
}

/// The register as it stood on one date.
#[derive(Debug)]
pub struct Register<'r> {
    pub on: Date,
    pub entries: Vec<Entry<'r>>,
}

/// Which organisations a search keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words that must all appear in the name, postcode, charity or company
    /// number (any case).
    pub text: String,
    pub sector: Option<Sector>,
    pub kind: Option<OrganisationKind>,
    /// An area of work, matched without regard to case.
    pub area: Option<String>,
    /// Keep only current signatories (the public register), or everyone.
    pub signatories_only: bool,
}

impl<'r> Register<'r> {
    /// Every organisation of `records` with its standing on `on`, sorted by
    /// name (without regard to case) and then id, so pages are stable.
    pub fn on(records: &'r Records, on: Date) -> Register<'r> {
        let mut signups: HashMap<OrganisationId, Vec<&Signatory>> = HashMap::new();
        for s in &records.signatories {
            signups.entry(s.organisation).or_default().push(s);
        }
        let mut entries: Vec<Entry> = records
            .organisations
            .iter()
            .map(|organisation| {
                let (standing, signatory) = standing_on(
                    signups
                        .get(&organisation.id)
                        .map(Vec::as_slice)
                        .unwrap_or(&[]),
                    on,
                );
                Entry {
                    organisation,
                    standing,
                    signatory,
                }
            })
            .collect();
        entries.sort_by_cached_key(|e| (e.organisation.name.to_lowercase(), e.organisation.id));
        Register { on, entries }
    }

    /// The entries `filter` keeps, in register order.
    pub fn search(&self, filter: &Filter) -> Vec<Entry<'r>> {
        let words: Vec<String> = filter
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let area = filter.area.as_deref().map(str::to_lowercase);
        self.entries
            .iter()
            .filter(|e| !filter.signatories_only || e.standing == Standing::Signatory)
            .filter(|e| {
                filter
                    .sector
                    .is_none_or(|s| e.organisation.kind.sector() == s)
            })
            .filter(|e| filter.kind.is_none_or(|k| e.organisation.kind == k))
            .filter(|e| {
                area.as_ref().is_none_or(|a| {
                    e.organisation
                        .areas_of_work
                        .iter()
                        .any(|w| w.to_lowercase() == *a)
                })
            })
            .filter(|e| words.is_empty() || matches_words(e.organisation, &words))
            .copied()
            .collect()
    }

    /// How many current signatories each sector has, in the order public,
    /// VCSE, private.
    pub fn signatories_by_sector(&self) -> [(Sector, usize); 3] {
        let mut counts = [(Sector::Public, 0), (Sector::Vcse, 0), (Sector::Private, 0)];
        for e in self
            .entries
            .iter()
            .filter(|e| e.standing == Standing::Signatory)
        {
            let sector = e.organisation.kind.sector();
            if let Some(slot) = counts.iter_mut().find(|(s, _)| *s == sector) {
                slot.1 += 1;
            }
        }
        counts
    }

    /// Every area of work named in the register, once each, sorted.
    pub fn areas_of_work(&self) -> Vec<&'r str> {
        let mut areas: Vec<&str> = self
            .entries
            .iter()
            .flat_map(|e| e.organisation.areas_of_work.iter().map(String::as_str))
            .collect();
        areas.sort_unstable();
        areas.dedup();
        areas
    }

    pub fn entry(&self, id: OrganisationId) -> Option<&Entry<'r>> {
        self.entries.iter().find(|e| e.organisation.id == id)
    }
}

/// An organisation's standing on `on`, from all its sign-ups.
pub fn standing_on<'s>(signups: &[&'s Signatory], on: Date) -> (Standing, Option<&'s Signatory>) {
    if let Some(current) = signups.iter().find(|s| s.is_current_on(on)) {
        return (Standing::Signatory, Some(current));
    }
    let ended = signups
        .iter()
        .filter(|s| s.signed_on <= on)
        .max_by_key(|s| (s.withdrawn_on, s.signed_on, s.id));
    match ended {
        Some(s) => (Standing::Withdrawn, Some(s)),
        None => (Standing::NotSigned, None),
    }
}

/// Why a sign-up cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignUpRefusal {
    /// Sign-ups of one organisation to one Compact never overlap: it must
    /// withdraw before it can sign again.
    #[error("the organisation is already a signatory (since {since}); it cannot sign up twice")]
    AlreadySignedUp { since: Date },
    #[error(
        "the organisation has withdrawn on {withdrawn_on}; a new sign-up must be dated after that"
    )]
    BeforeWithdrawal { withdrawn_on: Date },
}

/// Whether an organisation with the sign-ups `existing` may sign up again
/// from `on`, open-ended.
pub fn check_new_sign_up(existing: &[&Signatory], on: Date) -> Result<(), SignUpRefusal> {
    for s in existing {
        match s.withdrawn_on {
            None => return Err(SignUpRefusal::AlreadySignedUp { since: s.signed_on }),
            Some(withdrawn_on) if withdrawn_on > on => {
                return Err(SignUpRefusal::BeforeWithdrawal { withdrawn_on })
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Whether a sign-up of `signed_on`, withdrawn on `withdrawn_on` if it has
/// been, may be withdrawn on `on`.
pub fn check_withdrawal(
    signed_on: Date,
    withdrawn_on: Option<Date>,
    on: Date,
) -> Result<(), crate::refusal::Conflict> {
    use crate::refusal::Conflict;
    if let Some(withdrawn_on) = withdrawn_on {
        return Err(Conflict::AlreadyWithdrawn { withdrawn_on });
    }
    if on < signed_on {
        return Err(Conflict::WithdrawalBeforeSigning { signed_on });
    }
    Ok(())
}

/// Whether a finding is about `organisation`: its own sign-ups, the
/// consultations it leads, the funding it gives or receives (including
/// payments and changes, through their agreement) and disputes it is party to.
pub fn finding_concerns(
    records: &Records,
    organisation: OrganisationId,
    finding: &Finding,
) -> bool {
    let about = |record: &RecordRef| match record {
        RecordRef::Signatory(id) => records
            .signatories
            .iter()
            .any(|s| s.id == *id && s.organisation == organisation),
        RecordRef::Consultation(id) => records
            .consultations
            .iter()
            .any(|k| k.id == *id && k.lead == organisation),
        RecordRef::Agreement(id) => records
            .agreements
            .iter()
            .any(|a| a.id == *id && (a.funder == organisation || a.recipient == organisation)),
        RecordRef::Dispute(id) => records
            .disputes
            .iter()
            .any(|d| d.id == *id && (d.raised_by == organisation || d.against == organisation)),
        _ => false,
    };
    about(&finding.subject.record) || finding.context.as_ref().is_some_and(|c| about(&c.record))
}

fn matches_words(organisation: &Organisation, words: &[String]) -> bool {
    let mut haystack = organisation.name.to_lowercase();
    for identifier in [
        organisation.postcode.as_ref().map(|p| p.as_str()),
        organisation.charity_number.as_ref().map(|n| n.as_str()),
        organisation.company_number.as_ref().map(|n| n.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        haystack.push(' ');
        haystack.push_str(&identifier.to_lowercase());
    }
    words.iter().all(|w| haystack.contains(w.as_str()))
}
