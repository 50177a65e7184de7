//! The list of Compacts and a Compact's home page: what it is, its
//! promises and undertakings, its standards in plain words, who runs it and
//! how to sign up.

use super::{load_compact, render, OrInternal, PageError};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_core::definition::{
    CommitmentTerm, Definition, Handler, Party, Standards, Strength, Undertaking,
};
use compact_store::StoredCompact;

#[derive(Template)]
#[template(path = "compacts.html")]
struct CompactsPage {
    frame: Frame,
    compacts: Vec<StoredCompact>,
}

/// With one Compact in the database its home is the home page; with
/// several, a list of them.
pub async fn home(State(state): State<AppState>, visit: Visit) -> Result<Response, PageError> {
    let compacts = state.app.store.list_compacts().await.or_internal(&visit)?;
    if let [only] = compacts.as_slice() {
        return Ok(Redirect::to(&crate::routes::compact(&only.slug)).into_response());
    }
    let t = Tr::new(visit.lang);
    let frame = Frame::new(&visit, t.get("compacts-title"), None, Section::Home);
    Ok(render(&CompactsPage { frame, compacts }))
}

/// Undertakings grouped by who gives them, under a translated heading.
pub struct UndertakingGroup {
    pub heading: String,
    pub items: Vec<String>,
}

pub struct CommitmentView {
    pub title: String,
    pub summary: String,
    pub groups: Vec<UndertakingGroup>,
}

pub struct StageView {
    pub heading: String,
    pub handled_by: String,
    pub description: String,
    pub deadlines: Vec<String>,
}

pub struct BodyView {
    pub name: String,
    pub seats: Vec<(String, String)>,
    pub duties: Vec<String>,
}

#[derive(Template)]
#[template(path = "compact.html")]
struct CompactPage {
    frame: Frame,
    slug: String,
    /// Whether the Compact's own text needs `lang="en"` on a Welsh page.
    content_lang: Option<&'static str>,
    about: Vec<(String, String)>,
    intro: String,
    principles: Vec<(String, String)>,
    commitments_heading: String,
    commitments: Vec<CommitmentView>,
    general_undertakings: Vec<UndertakingGroup>,
    standards: Vec<String>,
    codes: Vec<(String, String)>,
    bodies: Vec<BodyView>,
    stages: Vec<StageView>,
    review: Vec<String>,
    sign_up: String,
}

pub async fn compact_home(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = load_compact(&state, &visit, &slug).await?;
    let d = &loaded.definition;
    let t = Tr::new(visit.lang);
    let frame = Frame::new(
        &visit,
        d.identity.name.clone(),
        Some(InCompact {
            slug: &slug,
            name: &loaded.stored.name,
        }),
        Section::Home,
    );
    let page = CompactPage {
        slug: slug.clone(),
        content_lang: (visit.lang != crate::i18n::Lang::En).then_some("en"),
        about: about(&t, d),
        intro: t.with(
            "compact-intro",
            &[("area", d.identity.area.as_str().into())],
        ),
        principles: d
            .principles
            .iter()
            .map(|p| (p.title.clone(), p.text.clone()))
            .collect(),
        commitments_heading: t.get(match d.commitment_term {
            CommitmentTerm::Promise => "compact-commitments-promise",
            CommitmentTerm::Strand => "compact-commitments-strand",
            CommitmentTerm::Theme => "compact-commitments-theme",
        }),
        commitments: d
            .commitments
            .iter()
            .map(|c| CommitmentView {
                title: c.title.clone(),
                summary: c.summary.clone(),
                groups: by_party(&t, &c.undertakings),
            })
            .collect(),
        general_undertakings: by_party(&t, &d.undertakings),
        standards: standards(&t, &d.standards),
        codes: d
            .codes
            .iter()
            .map(|c| {
                let status = serde_json::to_value(c.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                (c.title.clone(), t.get(&format!("code-status-{status}")))
            })
            .collect(),
        bodies: bodies(&t, d),
        stages: stages(&t, d),
        review: review(&t, d),
        sign_up: t.with(
            "compact-sign-up-text",
            &[(
                "who",
                d.identity
                    .contact
                    .organisation
                    .clone()
                    .unwrap_or_else(|| d.identity.managed_by.clone())
                    .into(),
            )],
        ),
        frame,
    };
    Ok(render(&page))
}

fn about(t: &Tr, d: &Definition) -> Vec<(String, String)> {
    let id = &d.identity;
    let mut rows = vec![
        (t.get("compact-area"), id.area.clone()),
        (t.get("compact-edition"), id.edition.clone()),
    ];
    if let Some(date) = &id.edition_date {
        rows.push((t.get("compact-edition-date"), t.date(date)));
    }
    rows.push((t.get("compact-managed-by"), id.managed_by.clone()));
    let contact: Vec<String> = [&id.contact.email, &id.contact.phone, &id.contact.website]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if !contact.is_empty() {
        rows.push((t.get("compact-contact"), contact.join(", ")));
    }
    rows
}

fn by_party(t: &Tr, undertakings: &[Undertaking]) -> Vec<UndertakingGroup> {
    [
        (Party::Joint, "compact-undertakings-by-joint"),
        (Party::Public, "compact-undertakings-by-public"),
        (Party::Vcse, "compact-undertakings-by-vcse"),
    ]
    .into_iter()
    .filter_map(|(party, key)| {
        let items: Vec<String> = undertakings
            .iter()
            .filter(|u| u.by == party)
            .map(|u| u.text.clone())
            .collect();
        (!items.is_empty()).then(|| UndertakingGroup {
            heading: t.get(key),
            items,
        })
    })
    .collect()
}

fn strength(t: &Tr, s: Strength) -> Arg {
    t.get(match s {
        Strength::Firm => "strength-firm",
        Strength::Softened => "strength-softened",
    })
    .into()
}

fn count(t: &Tr, key: &str, n: u32) -> Arg {
    t.with(key, &[("count", n.into())]).into()
}

/// Each standard the Compact states, as one plain sentence; standards it
/// does not state are not mentioned.
pub fn standards(t: &Tr, s: &Standards) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &s.consultation {
        out.push(t.with(
            "standard-consultation",
            &[
                ("weeks", count(t, "weeks", c.weeks)),
                ("strength", strength(t, c.strength)),
            ],
        ));
        if c.shorter_needs_reason {
            out.push(t.get("standard-consultation-reason"));
        }
        if let Some(days) = c.feedback_within_days {
            out.push(t.with(
                "standard-consultation-feedback",
                &[("days", count(t, "days", days))],
            ));
        }
    }
    if let Some(n) = &s.funding_notice {
        out.push(t.with(
            "standard-funding-notice",
            &[
                ("weeks", count(t, "weeks", n.weeks)),
                ("strength", strength(t, n.strength)),
            ],
        ));
    }
    if let Some(r) = &s.reduction {
        out.push(t.with(
            "standard-reduction",
            &[
                ("weeks", count(t, "weeks", r.consultation_weeks)),
                ("months", count(t, "months", r.formal_notice_months)),
                ("strength", strength(t, r.strength)),
            ],
        ));
        if r.criteria_published_at_launch {
            out.push(t.get("standard-reduction-criteria"));
        }
        if r.joint_impact_assessment {
            out.push(t.get("standard-reduction-eia"));
        }
    }
    if let Some(a) = &s.agreement_length {
        out.push(t.with(
            "standard-agreement-length",
            &[
                ("years", count(t, "years", a.preferred_years)),
                ("strength", strength(t, a.strength)),
            ],
        ));
    }
    if let Some(p) = &s.payment {
        if p.on_agreed_dates {
            out.push(t.with("standard-payment", &[("strength", strength(t, p.strength))]));
        }
    }
    if let Some(e) = &s.exit_strategy {
        if e.required {
            out.push(t.with("standard-exit", &[("strength", strength(t, e.strength))]));
        }
    }
    if let Some(c) = &s.champion {
        if c.required {
            out.push(t.with(
                "standard-champion",
                &[("strength", strength(t, c.strength))],
            ));
        }
        if let Some(days) = c.trained_within_days {
            out.push(t.with(
                "standard-champion-trained",
                &[("days", count(t, "days", days))],
            ));
        }
    }
    out
}

fn bodies(t: &Tr, d: &Definition) -> Vec<BodyView> {
    d.bodies
        .iter()
        .map(|b| BodyView {
            name: b.name.clone(),
            seats: b
                .seats
                .iter()
                .map(|s| {
                    let constituency = d
                        .constituencies
                        .iter()
                        .find(|c| c.id == s.constituency)
                        .map_or_else(|| s.constituency.clone(), |c| c.name.clone());
                    (
                        constituency,
                        t.with("compact-seats", &[("count", s.count.into())]),
                    )
                })
                .collect(),
            duties: b.duties.clone(),
        })
        .collect()
}

fn stages(t: &Tr, d: &Definition) -> Vec<StageView> {
    let Some(procedure) = &d.disputes else {
        return Vec::new();
    };
    procedure
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| StageView {
            heading: t.with(
                "compact-dispute-stage",
                &[
                    ("number", (i + 1).into()),
                    ("name", stage.name.as_str().into()),
                ],
            ),
            handled_by: match &stage.handled_by {
                Handler::Parties => String::new(),
                Handler::Secretariat => d.identity.managed_by.clone(),
                Handler::Body(id) => d
                    .bodies
                    .iter()
                    .find(|b| &b.id == id)
                    .map_or_else(|| id.clone(), |b| b.name.clone()),
                Handler::External(who) => who.clone(),
            },
            description: stage.description.clone(),
            deadlines: stage
                .deadlines
                .iter()
                .map(|dl| dl.description.clone())
                .collect(),
        })
        .collect()
}

fn review(t: &Tr, d: &Definition) -> Vec<String> {
    let Some(r) = &d.review else {
        return Vec::new();
    };
    [
        (r.annual_review, "compact-review-annual"),
        (r.annual_report, "compact-review-report"),
        (r.annual_meeting, "compact-review-meeting"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, key)| t.get(key))
    .collect()
}
