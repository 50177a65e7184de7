//! An organisation's page in a Compact: who it is, where it stands with the
//! Compact (and any neighbouring Compact it has signed), its champion, its
//! kitemark, what the rules engine finds about it, and the consultations
//! and funding it is party to.

use super::findings::{row as finding_row, Row as FindingRow};
use super::register::{kind_name, sector_name, standing_name};
use super::{load_compact, render, OrInternal, PageError};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Lang, Tr};
use crate::kitemark::{self, KitemarkLinks};
use crate::routes::{self, Done};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use compact_core::access::{Action, SignUpRoute, Viewer};
use compact_core::model::{Organisation, Signatory};
use compact_core::register::Standing;
use compact_core::{CompactId, OrganisationId};
use serde::Deserialize;

/// What a form just did, said at the top of the page after redirecting
/// back here.
#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<String>,
}

pub struct SignUpRow {
    pub signed_on: String,
    pub signed_by: String,
    pub edition: String,
    pub withdrawn: String,
}

pub struct ChampionView {
    pub name: String,
    pub role: String,
    pub contact: Option<String>,
    pub appointed: String,
    pub trained: String,
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    frame: Frame,
    kind: String,
    standing: String,
    standing_class: &'static str,
    standing_text: String,
    details: Vec<(String, String)>,
    website: Option<String>,
    champion: Option<ChampionView>,
    actions: Vec<(String, String)>,
    kitemark: Option<KitemarkLinks>,
    findings: Vec<FindingRow>,
    english_only: bool,
    history: Vec<SignUpRow>,
    elsewhere: Vec<(String, String, String)>,
    /// Title, link, opened, closes.
    consultations: Vec<(String, String, String, String)>,
    /// The feeds of a public body's consultations: Atom, iCalendar.
    consultation_feeds: Option<(String, String)>,
    /// Each agreement: its page, title, role, the other party, amount, period.
    funding: Vec<(String, String, String, String, String, String)>,
}

pub async fn organisation(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Query(done): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let loaded = load_compact(&state, &visit, &slug).await?;
    let compact = loaded.stored.id;
    let id = OrganisationId(id);
    let today = state.today();
    // Only this organisation's own rows: its entry, its sign-ups here and
    // elsewhere, what it leads and funds (kept per data version, as the
    // findings are).
    let reads = state
        .app
        .register(compact)
        .await
        .or_internal(&visit)?
        .organisation(id, today)
        .await
        .or_internal(&visit)?;
    let here = reads
        .as_ref()
        .as_ref()
        .ok_or_else(|| PageError::not_found(&visit))?;
    let entry = here.entry.entry();
    let organisation = entry.organisation;
    let t = Tr::new(visit.lang);
    let viewer = visit.viewer();
    let current = entry.current();
    let (standing, standing_class) = standing_name(&t, entry.standing.as_str());
    let all_findings = state
        .app
        .findings(&loaded.stored)
        .await
        .or_internal(&visit)?;
    let findings: Vec<FindingRow> = all_findings
        .about(id, &viewer)
        .map(|f| finding_row(&t, f))
        .collect();
    let elsewhere = state.app.store.signups_of(id).await.or_internal(&visit)?;
    let mut frame = Frame::new(
        &visit,
        organisation.name.clone(),
        Some(InCompact {
            slug: &slug,
            name: &loaded.stored.name,
        }),
        Section::Register,
    )
    .with_breadcrumbs(vec![
        (loaded.stored.name.clone(), Some(routes::compact(&slug))),
        (t.get("register-title"), Some(routes::register(&slug))),
        (organisation.name.clone(), None),
    ]);
    if let Some(done) = done.done.as_deref().and_then(Done::parse) {
        frame = frame.with_notice(t.get(done_message(done)), true);
    }
    let page = OrganisationPage {
        kind: kind_name(&t, organisation.kind),
        standing,
        standing_class,
        standing_text: standing_text(&t, &entry),
        details: details(&t, organisation),
        website: organisation.website.clone(),
        champion: champion(
            &t,
            current,
            viewer.may(compact, Action::ReadChampionContacts),
        ),
        actions: actions(
            &t,
            &viewer,
            compact,
            &slug,
            id,
            here.home,
            current.is_some(),
        ),
        kitemark: current.and_then(|s| kitemark::links(&state, &loaded.stored, organisation, s)),
        findings,
        english_only: visit.lang != Lang::En,
        history: history(&t, here.entry.signups.clone()),
        elsewhere: elsewhere_rows(&t, &slug, id, elsewhere),
        consultations: here
            .consultations
            .iter()
            .map(|k| {
                (
                    k.title.clone(),
                    routes::consultation(&slug, k.id),
                    t.date(&k.opened_on),
                    t.date(&k.closes_on),
                )
            })
            .collect(),
        // Only public bodies lead consultations, so only theirs have feeds.
        consultation_feeds: (organisation.kind.sector()
            == compact_core::definition::Sector::Public)
            .then(|| {
                (
                    routes::lead_consultations_atom(&slug, id),
                    routes::lead_consultations_ics(&slug, id),
                )
            }),
        funding: funding_rows(&t, &slug, &here.funding),
        frame,
    };
    Ok(render(&page))
}

/// Where the organisation stands, in a sentence.
fn standing_text(t: &Tr, entry: &compact_core::register::Entry) -> String {
    match (entry.standing, entry.signatory) {
        (Standing::Signatory, Some(s)) => t.with(
            "organisation-signatory-since",
            &[("date", Arg::Text(t.date(&s.signed_on)))],
        ),
        (Standing::Withdrawn, Some(s)) => t.with(
            "organisation-withdrew",
            &[
                ("date", Arg::Text(t.maybe_date(&s.withdrawn_on))),
                (
                    "reason",
                    Arg::Text(s.withdrawal_reason.clone().unwrap_or_default()),
                ),
            ],
        ),
        _ => t.get("organisation-not-signed"),
    }
}

/// The organisation's details that are known, as a summary list.
fn details(t: &Tr, organisation: &Organisation) -> Vec<(String, String)> {
    let mut details = vec![
        (t.get("organisation-kind"), kind_name(t, organisation.kind)),
        (
            t.get("organisation-sector"),
            sector_name(t, organisation.kind.sector()),
        ),
    ];
    let optional = [
        (
            "organisation-charity-number",
            organisation.charity_number.as_ref().map(|n| n.to_string()),
        ),
        (
            "organisation-company-number",
            organisation.company_number.as_ref().map(|n| n.to_string()),
        ),
        ("organisation-address", organisation.address.clone()),
        (
            "organisation-postcode",
            organisation.postcode.as_ref().map(|p| p.to_string()),
        ),
        ("organisation-email", organisation.email.clone()),
        (
            "organisation-areas",
            (!organisation.areas_of_work.is_empty()).then(|| organisation.areas_of_work.join(", ")),
        ),
    ];
    for (key, value) in optional {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            details.push((t.get(key), v));
        }
    }
    details.push((
        t.get("organisation-status"),
        t.get(if organisation.active {
            "organisation-active"
        } else {
            "organisation-closed"
        }),
    ));
    details
}

/// The champion of the sign-up in force; their phone or e-mail only for
/// those who may read it (see `Action::ReadChampionContacts`).
fn champion(t: &Tr, current: Option<&Signatory>, with_contact: bool) -> Option<ChampionView> {
    current
        .and_then(|s| s.champion.as_ref())
        .map(|c| ChampionView {
            name: c.name.clone(),
            role: c.role.clone(),
            contact: with_contact.then(|| c.contact.clone()),
            appointed: t.date(&c.appointed_on),
            trained: c
                .trained_on
                .map(|d| t.date(&d))
                .unwrap_or_else(|| t.get("organisation-not-trained")),
        })
}

/// The forms this viewer may use on this organisation, as the use cases
/// would allow them (the same decisions, from `compact_core::access`).
fn actions(
    t: &Tr,
    viewer: &Viewer,
    compact: CompactId,
    slug: &str,
    id: OrganisationId,
    home: Option<CompactId>,
    signed_up: bool,
) -> Vec<(String, String)> {
    let mut actions = Vec::new();
    if home.is_some_and(|home| viewer.may_change_details(compact, id, home)) {
        actions.push((
            t.get("organisation-action-details"),
            routes::details(slug, id),
        ));
    }
    if signed_up {
        if viewer.may_change_champion(compact, id) {
            actions.push((
                t.get("organisation-action-champion"),
                routes::champion(slug, id),
            ));
        }
        if viewer.may(compact, Action::Administer) {
            actions.push((
                t.get("organisation-action-withdraw"),
                routes::withdraw(slug, id),
            ));
        }
    } else {
        let key = match viewer.sign_up_route(compact, id) {
            Some(SignUpRoute::Record) => Some("organisation-action-record-sign-up"),
            Some(SignUpRoute::Request) => Some("organisation-action-ask-sign-up"),
            None => None,
        };
        if let Some(key) = key {
            actions.push((t.get(key), routes::sign_up(slug, id)));
        }
    }
    actions
}

/// The organisation's sign-ups to the other Compacts of this service.
fn elsewhere_rows(
    t: &Tr,
    slug: &str,
    id: OrganisationId,
    signups: Vec<(
        String,
        String,
        compact_core::Date,
        Option<compact_core::Date>,
    )>,
) -> Vec<(String, String, String)> {
    signups
        .into_iter()
        .filter(|(other, ..)| other != slug)
        .map(|(other, name, signed_on, withdrawn_on)| {
            let since = match withdrawn_on {
                Some(w) => t.with(
                    "organisation-elsewhere-withdrawn",
                    &[
                        ("from", Arg::Text(t.date(&signed_on))),
                        ("to", Arg::Text(t.date(&w))),
                    ],
                ),
                None => t.with(
                    "organisation-elsewhere-since",
                    &[("date", Arg::Text(t.date(&signed_on)))],
                ),
            };
            (routes::organisation(&other, id), name, since)
        })
        .collect()
}

/// The agreements the organisation gives or receives.
fn funding_rows(
    t: &Tr,
    slug: &str,
    funding: &[compact_store::FundingOf],
) -> Vec<(String, String, String, String, String, String)> {
    funding
        .iter()
        .map(|a| {
            let role = t.get(if a.gives {
                "organisation-funding-gives"
            } else {
                "organisation-funding-receives"
            });
            (
                routes::agreement(slug, a.id),
                a.title.clone(),
                role,
                a.other_name.clone(),
                a.amount.to_string(),
                format!("{} – {}", t.date(&a.starts_on), t.date(&a.ends_on)),
            )
        })
        .collect()
}

/// The notice for what a form just did, after it redirected here.
fn done_message(done: Done) -> &'static str {
    match done {
        Done::SignedUp => "organisation-done-signed-up",
        Done::Requested => "organisation-done-requested",
        Done::Champion => "organisation-done-champion",
        Done::Withdrawn => "organisation-done-withdrawn",
        Done::Added => "organisation-done-added",
        Done::Details => "organisation-done-details",
    }
}

/// Every sign-up of the organisation to this Compact, newest first.
fn history(t: &Tr, mut signups: Vec<Signatory>) -> Vec<SignUpRow> {
    signups.sort_by_key(|s| std::cmp::Reverse((s.signed_on, s.id)));
    signups
        .into_iter()
        .map(|s| SignUpRow {
            signed_on: t.date(&s.signed_on),
            signed_by: s.signed_by.clone(),
            edition: s.edition.clone(),
            withdrawn: match (s.withdrawn_on, &s.withdrawal_reason) {
                (Some(on), Some(reason)) if !reason.is_empty() => {
                    format!("{} ({reason})", t.date(&on))
                }
                (Some(on), _) => t.date(&on),
                (None, _) => "–".into(),
            },
        })
        .collect()
}
