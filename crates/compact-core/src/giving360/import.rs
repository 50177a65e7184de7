//! Turning a 360Giving file's grants into a Compact's funding agreements:
//! who each organisation is, and what each agreement says, decided before
//! anything is written.
//!
//! - An organisation is found in the register by its charity or company
//!   number (from its org-id.guide identifier or the file's number
//!   columns), by Compact's own identifier (`360G-compact-{slug}-org-{n}`,
//!   as Compact's export writes it), or by its exact name; otherwise it is
//!   entered, the funder as a public body and the recipient as a voluntary
//!   organisation (a charity, when it has a charity number).
//! - An agreement is found by the grant's identifier, so importing the
//!   same file again changes nothing, and a corrected file updates what
//!   changed.
//! - A grant's period is its planned dates; a start with a duration ends
//!   that many months on; a grant with neither is a one-off on its award
//!   date.

use super::orgid::{self, Identified};
use super::{Grant, GrantOrganisation, GrantProblem};
use crate::calendar::{self, Date};
use crate::date_ranges;
use crate::definition::OrganisationKind;
use crate::identifiers::{CharityNumber, CompanyNumber, Postcode};
use crate::ids::OrganisationId;
use crate::money::Pence;

/// How to find, or else enter, one organisation a grant names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrganisationRef {
    pub charity_number: Option<CharityNumber>,
    pub company_number: Option<CompanyNumber>,
    /// One of this Compact's own, by the identifier its export wrote.
    pub own: Option<OrganisationId>,
    pub name: String,
    pub postcode: Option<Postcode>,
    /// The kind it is entered as when it is not found.
    pub kind_if_new: OrganisationKind,
}

/// One agreement to find by its grant identifier and bring up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAgreement {
    pub grant_id: String,
    pub title: String,
    pub purpose: String,
    pub amount: Pence,
    pub starts_on: Date,
    pub ends_on: Date,
    pub funder: OrganisationRef,
    pub recipient: OrganisationRef,
}

/// The organisation a grant names, read for finding or entering it.
fn reference(
    prefix: &str,
    o: &GrantOrganisation,
    kind_if_new: OrganisationKind,
) -> OrganisationRef {
    let mut r = OrganisationRef {
        charity_number: None,
        company_number: None,
        own: None,
        name: o.name.trim().to_string(),
        postcode: o.postcode.as_deref().and_then(|p| Postcode::parse(p).ok()),
        kind_if_new,
    };
    let own_prefix = format!("{prefix}-org-");
    if let Some(n) = o.id.strip_prefix(&own_prefix) {
        r.own = n.parse().ok().map(OrganisationId);
    } else if !o.id.is_empty() {
        match orgid::parse(&o.id) {
            Ok(Identified::Charity(n)) => r.charity_number = Some(n),
            Ok(Identified::Company(n)) => r.company_number = Some(n),
            // A number that is not one (GB-CHC-000000 in the standard's
            // own samples) identifies nothing: the organisation is found by
            // its name instead.
            Ok(Identified::Other(_)) | Err(_) => {}
        }
    }
    // The file's own number columns count when the identifier did not
    // give one.
    if r.charity_number.is_none() {
        r.charity_number = o
            .charity_number
            .as_deref()
            .and_then(|n| CharityNumber::parse(n).ok());
    }
    if r.company_number.is_none() {
        r.company_number = o
            .company_number
            .as_deref()
            .and_then(|n| CompanyNumber::parse(n).ok());
    }
    if r.charity_number.is_some() && r.kind_if_new == OrganisationKind::VoluntaryOrganisation {
        r.kind_if_new = OrganisationKind::Charity;
    }
    r
}

/// The funder's kind when it is entered: a council when its identifier is
/// a local authority's, otherwise a public body.
fn funder_kind(id: &str) -> OrganisationKind {
    if ["GB-LAE-", "GB-LAS-", "GB-LANI-", "GB-PLA-", "GB-UKLA-"]
        .iter()
        .any(|p| id.starts_with(p))
    {
        OrganisationKind::LocalAuthority
    } else if id.starts_with("GB-NHS-") {
        OrganisationKind::Nhs
    } else {
        OrganisationKind::OtherPublicBody
    }
}

/// Where the grants came from, for messages: a package's grants are
/// numbered from 1 and its fields named as JSON names them; a spreadsheet's
/// are rows, named by their column titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout<'a> {
    Package,
    /// Each grant's row.
    Spreadsheet(&'a [usize]),
}

/// Plan the agreements for `grants` (read from a file) in the Compact
/// whose export prefix is `prefix`, as of `today`; every problem at once.
pub fn plan(
    prefix: &str,
    grants: &[Grant],
    today: Date,
    layout: Layout,
) -> Result<Vec<PlannedAgreement>, Vec<GrantProblem>> {
    let (start_field, end_field) = match layout {
        Layout::Package => ("plannedDates/0/startDate", "plannedDates/0/endDate"),
        Layout::Spreadsheet(_) => ("Planned Dates:Start Date", "Planned Dates:End Date"),
    };
    let mut problems = Vec::new();
    let mut planned = Vec::with_capacity(grants.len());
    for (i, g) in grants.iter().enumerate() {
        let (at, row) = match layout {
            Layout::Package => (i + 1, false),
            Layout::Spreadsheet(rows) => (rows.get(i).copied().unwrap_or(i + 2), true),
        };
        let mut problem = |field: &str, text: String| {
            problems.push(GrantProblem {
                grant: at,
                row,
                field: field.to_string(),
                problem: text,
            })
        };
        let starts_on = g.start.unwrap_or(g.award_date);
        let ends_on = match (g.end, g.duration_months) {
            (Some(end), _) => end,
            // A grant of N months ends the day before the same date N
            // months on.
            (None, Some(months)) if months > 0 => {
                calendar::days_before(calendar::months_after(starts_on, months), 1)
            }
            _ => starts_on,
        };
        if let Err(side) = date_ranges::agreement_start(today).check(starts_on) {
            problem(
                start_field,
                format!(
                    "{starts_on} is {}: a grant's start is taken from its planned dates or award date",
                    match side {
                        date_ranges::OutOfRange::TooEarly => "before 1998, when Compacts began",
                        date_ranges::OutOfRange::TooLate => "more than ten years ahead",
                    }
                ),
            );
        }
        if date_ranges::agreement_end(starts_on)
            .check(ends_on)
            .is_err()
        {
            problem(
                end_field,
                format!(
                    "{ends_on} is not within {} years after the start, {starts_on}",
                    date_ranges::MAX_AGREEMENT_YEARS
                ),
            );
        }
        let funder = reference(prefix, &g.funder, funder_kind(&g.funder.id));
        let recipient = reference(
            prefix,
            &g.recipient,
            OrganisationKind::VoluntaryOrganisation,
        );
        planned.push(PlannedAgreement {
            grant_id: g.id.clone(),
            title: g.title.clone(),
            purpose: g.description.clone(),
            amount: g.amount,
            starts_on,
            ends_on,
            funder,
            recipient,
        });
    }
    if problems.is_empty() {
        Ok(planned)
    } else {
        problems.sort_by_key(|p| p.grant);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn grant() -> Grant {
        Grant {
            id: "360G-wil-1".into(),
            title: "Lunch club".into(),
            description: "Meals for older people".into(),
            amount: Pence(100),
            award_date: d(2026, 3, 2),
            start: None,
            end: None,
            duration_months: None,
            recipient: GrantOrganisation {
                id: "GB-CHC-1012345".into(),
                name: "Meals Together".into(),
                ..Default::default()
            },
            funder: GrantOrganisation {
                id: "GB-LAE-WIL".into(),
                name: "Wiltshire Council".into(),
                ..Default::default()
            },
            programme: None,
        }
    }

    #[test]
    fn periods_come_from_planned_dates_a_duration_or_the_award() {
        let today = d(2026, 12, 1);
        let one_off = plan("360G-compact-w", &[grant()], today, Layout::Package).unwrap();
        assert_eq!(
            (one_off[0].starts_on, one_off[0].ends_on),
            (d(2026, 3, 2), d(2026, 3, 2))
        );
        let mut g = grant();
        g.start = Some(d(2026, 4, 1));
        g.duration_months = Some(36);
        let planned = plan("360G-compact-w", &[g], today, Layout::Package).unwrap();
        assert_eq!(
            (planned[0].starts_on, planned[0].ends_on),
            (d(2026, 4, 1), d(2029, 3, 31))
        );
        assert_eq!(
            planned[0].funder.kind_if_new,
            OrganisationKind::LocalAuthority
        );
        assert_eq!(planned[0].recipient.kind_if_new, OrganisationKind::Charity);
        assert!(planned[0].recipient.charity_number.is_some());
    }

    #[test]
    fn compacts_own_identifiers_and_impossible_periods() {
        let today = d(2026, 12, 1);
        let mut g = grant();
        g.recipient.id = "360G-compact-w-org-42".into();
        g.start = Some(d(2026, 4, 1));
        g.end = Some(d(2020, 1, 1));
        let problems = plan(
            "360G-compact-w",
            &[g.clone()],
            today,
            Layout::Spreadsheet(&[2]),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].grant, problems[0].field.as_str()),
            (2, "Planned Dates:End Date")
        );
        assert!(problems[0].to_string().starts_with("row 2"));
        g.end = None;
        let planned = plan("360G-compact-w", &[g], today, Layout::Package).unwrap();
        assert_eq!(planned[0].recipient.own, Some(OrganisationId(42)));
    }
}
