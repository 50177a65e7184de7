//! A Compact's funding agreements as 360Giving grants.
//!
//! Each grant is named by the publisher's prefix and the agreement's
//! number (`360G-compact-wiltshire-42`), so the same agreement always has
//! the same identifier and a re-published file replaces the last one.
//! Organisations are named by their charity or company number as
//! org-id.guide writes them; one with neither is named by the publisher's
//! prefix and its number in the register, as 360Giving's guidance asks.

use super::{orgid, Grant, GrantOrganisation};
use crate::calendar::Date;
use crate::ids::AgreementId;
use crate::model::{AgreementKind, Organisation};
use crate::money::Pence;

/// What a grant says about one agreement.
#[derive(Debug, Clone, Copy)]
pub struct AgreementFacts<'a> {
    pub id: AgreementId,
    pub title: &'a str,
    /// What the money is for, when recorded.
    pub purpose: Option<&'a str>,
    pub kind: AgreementKind,
    pub amount: Pence,
    /// When it was awarded: the decision, or the start when no decision
    /// date is recorded.
    pub awarded_on: Date,
    pub starts_on: Date,
    pub ends_on: Date,
    pub funder: &'a Organisation,
    pub recipient: &'a Organisation,
}

/// The default publisher's prefix for a Compact: 360Giving asks publishers
/// to register their own, which a Compact's settings can give instead.
pub fn default_prefix(slug: &str) -> String {
    format!("360G-compact-{slug}")
}

/// An organisation's identifier.
pub fn organisation_id(prefix: &str, o: &Organisation) -> String {
    if let Some(n) = &o.charity_number {
        orgid::charity(n)
    } else if let Some(n) = &o.company_number {
        orgid::company(n)
    } else {
        format!("{prefix}-org-{}", o.id)
    }
}

fn organisation(prefix: &str, o: &Organisation) -> GrantOrganisation {
    GrantOrganisation {
        id: organisation_id(prefix, o),
        name: o.name.clone(),
        charity_number: o.charity_number.as_ref().map(|n| n.as_str().to_string()),
        company_number: o.company_number.as_ref().map(|n| n.as_str().to_string()),
        postcode: o.postcode.as_ref().map(|p| p.as_str().to_string()),
        locality: None,
    }
}

/// The grant for one agreement.
pub fn grant_of(prefix: &str, a: &AgreementFacts) -> Grant {
    let kind = match a.kind {
        AgreementKind::Grant => "Grant",
        AgreementKind::Contract => "Contract",
    };
    let title = if a.title.trim().is_empty() {
        format!("{kind} to {}", a.recipient.name)
    } else {
        a.title.trim().to_string()
    };
    // The standard's quality check wants a description that says more
    // than the title: the purpose, or what the agreement is, when none.
    let description = match a.purpose.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) if !p.eq_ignore_ascii_case(&title) => p.to_string(),
        _ => format!(
            "{kind} from {} to {}, from {} to {}",
            a.funder.name,
            a.recipient.name,
            a.starts_on.format("%-d %B %Y"),
            a.ends_on.format("%-d %B %Y")
        ),
    };
    Grant {
        id: format!("{prefix}-{}", a.id),
        title,
        description,
        amount: a.amount,
        award_date: a.awarded_on,
        start: Some(a.starts_on),
        end: Some(a.ends_on),
        duration_months: None,
        recipient: organisation(prefix, a.recipient),
        funder: organisation(prefix, a.funder),
        programme: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::OrganisationKind;
    use crate::giving360::quality;
    use crate::identifiers::{CharityNumber, CompanyNumber};
    use crate::ids::OrganisationId;

    fn org(id: i64, name: &str, kind: OrganisationKind) -> Organisation {
        Organisation {
            id: OrganisationId(id),
            name: name.into(),
            kind,
            charity_number: None,
            company_number: None,
            postcode: None,
            address: None,
            website: None,
            email: None,
            areas_of_work: vec![],
            active: true,
        }
    }

    #[test]
    fn agreements_become_grants_that_pass_the_quality_checks() {
        let council = org(1, "Wiltshire Council", OrganisationKind::LocalAuthority);
        let mut charity = org(2, "Meals Together", OrganisationKind::Charity);
        charity.charity_number = Some(CharityNumber::parse("1012345").unwrap());
        let mut company = org(3, "Swindon Works CIC", OrganisationKind::SocialEnterprise);
        company.company_number = Some(CompanyNumber::parse("01234567").unwrap());
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let facts = |id, recipient, title, purpose| AgreementFacts {
            id: AgreementId(id),
            title,
            purpose,
            kind: AgreementKind::Grant,
            amount: Pence(1_250_050),
            awarded_on: d(2026, 3, 2),
            starts_on: d(2026, 4, 1),
            ends_on: d(2029, 3, 31),
            funder: &council,
            recipient,
        };
        let prefix = default_prefix("wiltshire");
        let grants = [
            grant_of(
                &prefix,
                &facts(7, &charity, "Lunch club", Some("Lunch club")),
            ),
            grant_of(&prefix, &facts(8, &company, "", None)),
        ];
        assert_eq!(grants[0].id, "360G-compact-wiltshire-7");
        assert_eq!(grants[0].recipient.id, "GB-CHC-1012345");
        assert_eq!(grants[1].recipient.id, "GB-COH-01234567");
        assert_eq!(grants[0].funder.id, "360G-compact-wiltshire-org-1");
        assert_eq!(grants[1].title, "Grant to Swindon Works CIC");
        assert!(grants[0].description.contains("1 April 2026"));
        assert_eq!(quality::check(&grants, d(2026, 12, 1)), vec![]);
    }
}
