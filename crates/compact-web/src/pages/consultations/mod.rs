//! The consultations of a Compact: the list (open, awaiting feedback,
//! past, and the drafts a viewer may see) and each consultation's page,
//! with its standing under the Compact in plain words. The forms are in
//! `forms.rs` (drafting, publishing) and `responses.rs` (responding,
//! recording a response, feedback).

pub mod documents;
pub mod forms;
pub mod responses;

use super::findings::{row as finding_row, Row as FindingRow};
use super::{render, PageError};
use crate::components::SummaryList;
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::routes::{self, ConsultationDone};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use compact_app::consultations::ConsultationView;
use compact_core::calendar;
use compact_core::consultation::period::{Guidance, Standing};
use compact_core::consultation::{Channel, Phase, Status};
use compact_core::definition::{ProtectedCharacteristic, Sector};
use compact_core::{ConsultationId, Date};
use compact_store::{ConsultationSummary, StoredDocument};
use serde::Deserialize;

/// A consultation in a list.
pub struct Item {
    pub title: String,
    pub href: String,
    pub lead: String,
    pub lead_href: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "consultations.html")]
struct ListPage {
    frame: Frame,
    start: Option<String>,
    /// The page importing a council's spreadsheet, for those who may.
    import: Option<String>,
    sections: Vec<(String, Vec<Item>)>,
    atom: String,
    ics: String,
}

fn item(t: &Tr, slug: &str, c: &ConsultationSummary, today: Date) -> Item {
    let when = match c.status {
        Status::Draft => t.with(
            "consultation-opens-on",
            &[("date", t.date(&c.opened_on).into())],
        ),
        Status::Published if c.opened_on > today => t.with(
            "consultation-opens-on",
            &[("date", t.date(&c.opened_on).into())],
        ),
        Status::Published if c.closes_on >= today => t.with(
            "consultation-days-left",
            &[
                ("days", calendar::days_between(today, c.closes_on).into()),
                ("date", t.date(&c.closes_on).into()),
            ],
        ),
        Status::Published => match c.feedback_published_on {
            Some(on) => t.with("consultation-feedback-on", &[("date", t.date(&on).into())]),
            None => t.with(
                "consultation-closed-on",
                &[("date", t.date(&c.closes_on).into())],
            ),
        },
    };
    Item {
        title: c.title.clone(),
        href: routes::consultation(slug, c.id),
        lead: c.lead_name.clone(),
        lead_href: routes::organisation(slug, c.lead),
        when,
    }
}

pub async fn list(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let lists = state
        .app
        .consultation_lists(&visit.acting(), &slug)
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    let t = Tr::new(visit.lang);
    let today = lists.today;
    let items = |list: &[ConsultationSummary]| -> Vec<Item> {
        list.iter().map(|c| item(&t, &slug, c, today)).collect()
    };
    let mut sections = vec![
        (t.get("consultations-current"), items(&lists.current)),
        (
            t.get("consultations-awaiting"),
            items(&lists.awaiting_feedback),
        ),
        (t.get("consultations-past"), items(&lists.past)),
    ];
    if !lists.drafts.is_empty() {
        sections.push((t.get("consultations-drafts"), items(&lists.drafts)));
    }
    let name = &lists.compact.stored.name;
    let frame = Frame::new(
        &visit,
        t.get("consultations-title"),
        Some(InCompact { slug: &slug, name }),
        Section::Consultations,
    )
    .with_breadcrumbs(vec![
        (name.clone(), Some(routes::compact(&slug))),
        (t.get("consultations-title"), None),
    ]);
    let page = ListPage {
        start: lists.may_draft.then(|| routes::new_consultation(&slug)),
        import: lists.may_draft.then(|| routes::records_import(&slug)),
        sections,
        atom: routes::consultations_atom(&slug),
        ics: routes::consultations_ics(&slug),
        frame,
    };
    Ok(render(&page))
}

/// A link the consultation's page offers.
pub struct Action {
    pub text: String,
    pub href: String,
}

/// A response as the page shows it.
pub struct ResponseRow {
    pub from: String,
    pub received: String,
    pub confidential: bool,
    pub body: String,
}

#[derive(Template)]
#[template(path = "consultation.html")]
struct ConsultationPage {
    frame: Frame,
    status: String,
    status_class: &'static str,
    facts: SummaryList,
    /// Headed passages of text: summary, proposal, how to respond...
    passages: Vec<(String, String)>,
    documents: Vec<(String, String)>,
    /// Uploaded documents: title, download address, and "PDF, 240 KB".
    uploads: Vec<(String, String, String)>,
    standing: Vec<String>,
    findings: Vec<FindingRow>,
    no_findings: Option<String>,
    english_only: bool,
    response_count: String,
    responses: Vec<ResponseRow>,
    feedback: Option<SummaryList>,
    actions: Vec<Action>,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub fn sector_name(t: &Tr, s: Sector) -> String {
    t.get(match s {
        Sector::Public => "sector-public",
        Sector::Vcse => "sector-vcse",
        Sector::Private => "sector-private",
    })
}

pub fn characteristic_name(t: &Tr, c: ProtectedCharacteristic) -> String {
    let name = serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', "-")))
        .unwrap_or_default();
    t.get(&format!("characteristic-{name}"))
}

pub fn channel_name(t: &Tr, c: Channel) -> String {
    t.get(&format!("channel-{}", c.as_str()))
}

/// An uploaded document's kind and size: "PDF, 240 KB".
pub fn file_label(t: &Tr, d: &StoredDocument) -> String {
    let kind = serde_json::to_value(d.file_type)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    t.with(
        "document-type-size",
        &[
            ("type", Arg::Text(t.get(&format!("file-type-{kind}")))),
            ("size", Arg::Text(t.size(d.size))),
        ],
    )
}

/// What the Compact's standard asks, in a sentence, and how the period
/// stands against it.
pub fn guidance_text(t: &Tr, compact: &str, g: &Guidance) -> Vec<String> {
    let key = if g.shorter_needs_reason {
        "consultation-standard-reason"
    } else {
        "consultation-standard-no-exception"
    };
    let mut out = vec![t.with(
        key,
        &[
            ("compact", compact.into()),
            ("weeks", g.weeks.into()),
            ("date", t.date(&g.close_on_or_after).into()),
        ],
    )];
    if let Some(standing) = g.standing {
        out.push(t.get(match standing {
            Standing::Meets => "consultation-meets",
            Standing::ShorterWithReason => "consultation-shorter-with-reason",
            Standing::ShorterWithoutReason => "consultation-shorter-without-reason",
            Standing::ShorterNoException => "consultation-shorter-no-exception",
        }));
    }
    out
}

fn status(phase: Option<Phase>) -> (&'static str, &'static str) {
    match phase {
        None => ("consultation-status-draft", "govuk-tag--grey"),
        Some(Phase::Upcoming) => ("consultation-status-upcoming", "govuk-tag--light-blue"),
        Some(Phase::Open) => ("consultation-status-open", "govuk-tag--green"),
        Some(Phase::AwaitingFeedback) => ("consultation-status-awaiting", "govuk-tag--yellow"),
        Some(Phase::Past) => ("consultation-status-past", "govuk-tag--blue"),
    }
}

fn done_message(done: ConsultationDone) -> &'static str {
    match done {
        ConsultationDone::Saved => "consultation-done-saved",
        ConsultationDone::Published => "consultation-done-published",
        ConsultationDone::Responded => "consultation-done-responded",
        ConsultationDone::Recorded => "consultation-done-recorded",
        ConsultationDone::Feedback => "consultation-done-feedback",
        ConsultationDone::Uploaded => "consultation-done-uploaded",
        ConsultationDone::Removed => "consultation-done-removed",
    }
}

pub async fn consultation(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Query(done): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .consultation(&visit.acting(), &slug, ConsultationId(id))
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    let t = Tr::new(visit.lang);
    let mut frame = frame(&visit, &t, &view, None);
    if let Some(done) = done.done.as_deref().and_then(ConsultationDone::parse) {
        frame = frame.with_notice(t.get(done_message(done)), true);
    }
    Ok(render(&page(&t, &slug, &view, frame, visit.lang)))
}

/// The frame of a form about a consultation titled `title`: the list, the
/// consultation, then the form in the breadcrumbs.
pub(super) fn form_frame(
    visit: &Visit,
    t: &Tr,
    compact: &compact_app::register::Loaded,
    c: &compact_store::StoredConsultation,
    title: String,
) -> Frame {
    let slug = &compact.stored.slug;
    Frame::new(
        visit,
        title.clone(),
        Some(InCompact {
            slug,
            name: &compact.stored.name,
        }),
        Section::Consultations,
    )
    .with_breadcrumbs(vec![
        (
            t.get("consultations-title"),
            Some(routes::consultations(slug)),
        ),
        (
            c.details.title.clone(),
            Some(routes::consultation(slug, c.id)),
        ),
        (title, None),
    ])
}

/// The frame of a consultation's page, or of a form about it (`form`
/// names the form's title).
pub fn frame(visit: &Visit, t: &Tr, view_or: &ConsultationView, form: Option<String>) -> Frame {
    let c = &view_or.consultation;
    let compact = &view_or.compact.stored;
    let slug = &compact.slug;
    let mut trail = vec![
        (compact.name.clone(), Some(routes::compact(slug))),
        (
            t.get("consultations-title"),
            Some(routes::consultations(slug)),
        ),
    ];
    let title = match form {
        Some(form) => {
            trail.push((
                c.details.title.clone(),
                Some(routes::consultation(slug, c.id)),
            ));
            trail.push((form.clone(), None));
            form
        }
        None => {
            trail.push((c.details.title.clone(), None));
            c.details.title.clone()
        }
    };
    Frame::new(
        visit,
        title,
        Some(InCompact {
            slug,
            name: &compact.name,
        }),
        Section::Consultations,
    )
    .with_breadcrumbs(trail)
}

fn page(
    t: &Tr,
    slug: &str,
    view: &ConsultationView,
    frame: Frame,
    lang: crate::i18n::Lang,
) -> ConsultationPage {
    let c = &view.consultation;
    let d = &c.details;
    let (status_key, status_class) = status(view.phase);
    let list = |items: Vec<String>| items.join(", ");
    let mut facts = vec![
        (t.get("consultation-lead"), c.lead_name.clone()),
        (t.get("consultation-opens"), t.date(&d.opened_on)),
        (t.get("consultation-closes"), t.date(&d.closes_on)),
    ];
    if !d.sectors.is_empty() {
        let names = d.sectors.iter().map(|s| sector_name(t, *s)).collect();
        facts.push((t.get("consultation-sectors"), list(names)));
    }
    if !d.areas_of_work.is_empty() {
        facts.push((t.get("consultation-areas"), d.areas_of_work.join(", ")));
    }
    if !d.characteristics.is_empty() {
        let names = d
            .characteristics
            .iter()
            .map(|c| characteristic_name(t, *c))
            .collect();
        facts.push((t.get("consultation-characteristics"), list(names)));
    }
    if !d.contact_name.is_empty() {
        facts.push((
            t.get("consultation-contact"),
            format!("{} ({})", d.contact_name, d.contact_email),
        ));
    }
    let mut passages = Vec::new();
    for (key, text) in [
        ("consultation-summary", Some(&d.summary)),
        ("consultation-proposal", Some(&d.proposal)),
        ("consultation-reason", d.shorter_period_reason.as_ref()),
        ("consultation-how-to-respond", Some(&d.how_to_respond)),
        ("consultation-resources", d.resources.as_ref()),
    ] {
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            passages.push((t.get(key), text.clone()));
        }
    }
    let compact_name = &view.compact.stored.name;
    let mut standing = match &view.guidance {
        Some(g) => guidance_text(t, compact_name, g),
        None => vec![t.with(
            "consultation-standard-none",
            &[("compact", Arg::Text(compact_name.clone()))],
        )],
    };
    if let (Some(due), None) = (view.feedback_due, c.feedback_published_on) {
        standing.push(t.with(
            "consultation-feedback-due",
            &[("date", t.date(&due).into())],
        ));
    }
    let no_findings = view.findings.is_empty().then(|| {
        t.get(if c.status == Status::Draft {
            "consultation-draft-no-findings"
        } else {
            "consultation-no-findings"
        })
    });
    let responses = view
        .responses
        .iter()
        .map(|r| ResponseRow {
            from: r
                .organisation_name
                .clone()
                .or_else(|| r.respondent_name.clone())
                .unwrap_or_default(),
            received: t.with(
                "consultation-response-received",
                &[
                    ("channel", channel_name(t, r.channel).into()),
                    ("date", t.date(&r.received_on).into()),
                ],
            ),
            confidential: r.confidential,
            body: r.body.clone(),
        })
        .collect();
    let feedback = c.feedback.as_ref().map(|f| {
        let mut rows = vec![
            (t.get("consultation-heard"), f.heard.clone()),
            (t.get("consultation-changed"), f.changed.clone()),
            (t.get("consultation-decision"), f.decision.clone()),
            (t.get("consultation-decided-on"), t.date(&f.decided_on)),
        ];
        if let Some(on) = c.feedback_published_on {
            rows.push((t.get("consultation-feedback-published"), t.date(&on)));
        }
        SummaryList::new(rows)
    });
    ConsultationPage {
        status: t.get(status_key),
        status_class,
        facts: SummaryList::new(facts),
        passages,
        documents: d
            .documents
            .iter()
            .map(|doc| (doc.title.clone(), doc.url.clone()))
            .collect(),
        uploads: view
            .documents
            .iter()
            .map(|doc| {
                (
                    doc.title.clone(),
                    routes::consultation_document(slug, c.id, doc.id),
                    file_label(t, doc),
                )
            })
            .collect(),
        standing,
        findings: view.findings.iter().map(|f| finding_row(t, f)).collect(),
        no_findings,
        english_only: lang != crate::i18n::Lang::En,
        response_count: t.with(
            "consultation-response-count",
            &[("count", view.response_count.into())],
        ),
        responses,
        feedback,
        actions: actions(t, slug, view),
        frame,
    }
}

fn actions(t: &Tr, slug: &str, view: &ConsultationView) -> Vec<Action> {
    let c = &view.consultation;
    let mut out = Vec::new();
    let mut add = |key: &str, href: String| {
        out.push(Action {
            text: t.get(key),
            href,
        })
    };
    if view.may_manage && c.status == Status::Draft {
        add("consultation-edit", routes::edit_consultation(slug, c.id));
        add(
            "consultation-documents-manage",
            routes::consultation_documents(slug, c.id),
        );
        add(
            "consultation-publish",
            routes::publish_consultation(slug, c.id),
        );
    }
    if !view.respond_as.is_empty() {
        add("consultation-respond", routes::respond(slug, c.id));
    }
    if view.may_manage && c.status == Status::Published {
        add(
            "consultation-record-response",
            routes::record_response(slug, c.id),
        );
        if view.phase == Some(Phase::AwaitingFeedback) {
            add("consultation-give-feedback", routes::feedback(slug, c.id));
        }
    }
    out
}
