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
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use compact_core::access::Action;
use compact_core::model::Signatory;
use compact_core::register::Standing;
use compact_core::OrganisationId;
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
    consultations: Vec<(String, String, String)>,
    funding: Vec<(String, String, String, String, String)>,
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
    let administer = viewer.may(compact, Action::Administer);
    let acts_for = viewer.may(compact, Action::ActFor(id));
    let partner = viewer.roles_in(compact).next().is_some();

    let (standing, standing_class) = standing_name(&t, entry.standing.as_str());
    let standing_text = match (entry.standing, entry.signatory) {
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
    };

    let mut details = vec![
        (t.get("organisation-kind"), kind_name(&t, organisation.kind)),
        (
            t.get("organisation-sector"),
            sector_name(&t, organisation.kind.sector()),
        ),
    ];
    let mut optional = |key: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            details.push((t.get(key), v));
        }
    };
    optional(
        "organisation-charity-number",
        organisation.charity_number.as_ref().map(|n| n.to_string()),
    );
    optional(
        "organisation-company-number",
        organisation.company_number.as_ref().map(|n| n.to_string()),
    );
    optional("organisation-address", organisation.address.clone());
    optional(
        "organisation-postcode",
        organisation.postcode.as_ref().map(|p| p.to_string()),
    );
    optional("organisation-email", organisation.email.clone());
    optional(
        "organisation-areas",
        (!organisation.areas_of_work.is_empty()).then(|| organisation.areas_of_work.join(", ")),
    );
    details.push((
        t.get("organisation-status"),
        t.get(if organisation.active {
            "organisation-active"
        } else {
            "organisation-closed"
        }),
    ));

    let current = entry.current();
    let champion = current
        .and_then(|s| s.champion.as_ref())
        .map(|c| ChampionView {
            name: c.name.clone(),
            role: c.role.clone(),
            // A champion's phone or e-mail is for this Compact's partners
            // (anyone with a role in it), not the public.
            contact: partner.then(|| c.contact.clone()),
            appointed: t.date(&c.appointed_on),
            trained: c
                .trained_on
                .map(|d| t.date(&d))
                .unwrap_or_else(|| t.get("organisation-not-trained")),
        });

    let base = format!("/compacts/{slug}/organisations/{id}");
    let mut actions = Vec::new();
    if (administer && here.home == Some(compact)) || acts_for {
        actions.push((
            t.get("organisation-action-details"),
            format!("{base}/details"),
        ));
    }
    match current {
        Some(_) => {
            if administer || acts_for {
                actions.push((
                    t.get("organisation-action-champion"),
                    format!("{base}/champion"),
                ));
            }
            if administer {
                actions.push((
                    t.get("organisation-action-withdraw"),
                    format!("{base}/withdraw"),
                ));
            }
        }
        None => {
            if administer {
                actions.push((
                    t.get("organisation-action-record-sign-up"),
                    format!("{base}/sign-up"),
                ));
            } else if acts_for {
                actions.push((
                    t.get("organisation-action-ask-sign-up"),
                    format!("{base}/sign-up"),
                ));
            }
        }
    }

    let kitemark = current.and_then(|s| kitemark::links(&state, &loaded.stored, organisation, s));

    let all_findings = state
        .app
        .findings(&loaded.stored)
        .await
        .or_internal(&visit)?;
    let findings: Vec<FindingRow> = all_findings
        .about(id, &viewer)
        .map(|f| finding_row(&t, f))
        .collect();

    let history = history(&t, here.entry.signups.clone());
    let elsewhere = state
        .app
        .store
        .signups_of(id)
        .await
        .or_internal(&visit)?
        .into_iter()
        .filter(|(other, ..)| *other != slug)
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
            (format!("/compacts/{other}/organisations/{id}"), name, since)
        })
        .collect();
    let consultations = here
        .consultations
        .iter()
        .map(|k| (k.title.clone(), t.date(&k.opened_on), t.date(&k.closes_on)))
        .collect();
    let funding = here
        .funding
        .iter()
        .map(|a| {
            let role = t.get(if a.gives {
                "organisation-funding-gives"
            } else {
                "organisation-funding-receives"
            });
            (
                a.title.clone(),
                role,
                a.other_name.clone(),
                a.amount.to_string(),
                format!("{} – {}", t.date(&a.starts_on), t.date(&a.ends_on)),
            )
        })
        .collect();

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
        (
            loaded.stored.name.clone(),
            Some(format!("/compacts/{slug}")),
        ),
        (
            t.get("register-title"),
            Some(format!("/compacts/{slug}/register")),
        ),
        (organisation.name.clone(), None),
    ]);
    if let Some(key) = done.done.as_deref().and_then(done_message) {
        frame = frame.with_notice(t.get(key), true);
    }
    let page = OrganisationPage {
        kind: kind_name(&t, organisation.kind),
        standing,
        standing_class,
        standing_text,
        details,
        website: organisation.website.clone(),
        champion,
        actions,
        kitemark,
        findings,
        english_only: visit.lang != Lang::En,
        history,
        elsewhere,
        consultations,
        funding,
        frame,
    };
    Ok(render(&page))
}

/// The notices a form may ask for after it redirects here.
fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "signed-up" => Some("organisation-done-signed-up"),
        "requested" => Some("organisation-done-requested"),
        "champion" => Some("organisation-done-champion"),
        "withdrawn" => Some("organisation-done-withdrawn"),
        "added" => Some("organisation-done-added"),
        "details" => Some("organisation-done-details"),
        _ => None,
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
