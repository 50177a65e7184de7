//! Drafting a consultation (new and changed), and publishing it. The form
//! says, from the dates typed, what the Compact's standard asks.

use super::{characteristic_name, guidance_text, sector_name};
use crate::components::{CheckboxItem, Checkboxes, Field, Select, SelectOption, Textarea};
use crate::csrf::CsrfForm;
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::pages::register_forms::{refused_page, sent, Faults, Fields, FormPage, Sent};
use crate::pages::{render, PageError};
use crate::routes::{self, ConsultationDone};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::Loaded;
use compact_core::calendar::parse_typed_date;
use compact_core::consultation::{period, ConsultationInput, Details, DocumentInput};
use compact_core::{ConsultationId, OrganisationId};

/// A form's fields by name; a name may come more than once (checkboxes).
pub struct FormFields(pub Vec<(String, String)>);

impl FormFields {
    pub fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(n, v)| n == name && v == "yes")
    }
}

/// What the form sent, as the core reads it.
pub fn input_of(form: &FormFields) -> ConsultationInput {
    ConsultationInput {
        title: form.one("title"),
        summary: form.one("summary"),
        proposal: form.one("proposal"),
        sectors: form.all("sectors"),
        areas_of_work: form
            .one("areas_of_work")
            .split(',')
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        characteristics: form.all("characteristics"),
        opened_on: form.one("opened_on"),
        closes_on: form.one("closes_on"),
        shorter_period_reason: form.one("shorter_period_reason"),
        documents: DocumentInput::from_lines(&form.one("documents")),
        how_to_respond: form.one("how_to_respond"),
        resources: form.one("resources"),
        contact_name: form.one("contact_name"),
        contact_email: form.one("contact_email"),
    }
}

/// A stored draft as the form shows it.
fn sent_of(d: &Details) -> FormFields {
    let mut v: Vec<(String, String)> = vec![
        ("title".into(), d.title.clone()),
        ("summary".into(), d.summary.clone()),
        ("proposal".into(), d.proposal.clone()),
        ("areas_of_work".into(), d.areas_of_work.join(", ")),
        (
            "opened_on".into(),
            d.opened_on.format("%d/%m/%Y").to_string(),
        ),
        (
            "closes_on".into(),
            d.closes_on.format("%d/%m/%Y").to_string(),
        ),
        (
            "shorter_period_reason".into(),
            d.shorter_period_reason.clone().unwrap_or_default(),
        ),
        ("documents".into(), DocumentInput::to_lines(&d.documents)),
        ("how_to_respond".into(), d.how_to_respond.clone()),
        ("resources".into(), d.resources.clone().unwrap_or_default()),
        ("contact_name".into(), d.contact_name.clone()),
        ("contact_email".into(), d.contact_email.clone()),
    ];
    for s in &d.sectors {
        v.push(("sectors".into(), enum_name(s)));
    }
    for c in &d.characteristics {
        v.push(("characteristics".into(), enum_name(c)));
    }
    FormFields(v)
}

fn enum_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

fn textarea(fields: &Fields, name: &'static str, value: String, hint: Option<String>) -> Field {
    Field::Textarea(Textarea {
        id: name.into(),
        name: name.into(),
        label: fields.t.get(&format!("label-{}", name.replace('_', "-"))),
        value,
        rows: 5,
        hint,
        error: fields.error(name),
        error_prefix: fields.t.get("error-prefix"),
    })
}

fn checkboxes(fields: &Fields, name: &'static str, items: Vec<CheckboxItem>) -> Field {
    Field::Checkboxes(Checkboxes {
        name: name.into(),
        legend: fields.t.get(&format!("label-{}", name.replace('_', "-"))),
        items,
        error: fields.error(name),
        error_prefix: fields.t.get("error-prefix"),
    })
}

/// The fields of the consultation form, with what was typed.
fn fields_of(
    fields: &Fields,
    compact: &Loaded,
    form: &FormFields,
    leads: Option<&[(OrganisationId, String)]>,
) -> Vec<Field> {
    let t = fields.t;
    let mut out = Vec::new();
    if let Some(leads) = leads.filter(|l| l.len() > 1) {
        let chosen = form.one("lead");
        out.push(Field::Select(Select {
            id: "lead".into(),
            name: "lead".into(),
            label: t.get("label-lead"),
            options: leads
                .iter()
                .map(|(id, name)| SelectOption {
                    value: id.to_string(),
                    text: name.clone(),
                    selected: chosen == id.to_string(),
                })
                .collect(),
            error: fields.error("lead"),
            error_prefix: t.get("error-prefix"),
        }));
    }
    let sectors = form.all("sectors");
    let characteristics = form.all("characteristics");
    out.extend([
        fields.text("title", &form.one("title"), "off"),
        textarea(fields, "summary", form.one("summary"), None),
        textarea(fields, "proposal", form.one("proposal"), None),
        checkboxes(
            fields,
            "sectors",
            compact
                .definition
                .sectors
                .iter()
                .map(|s| CheckboxItem {
                    checked: sectors.contains(&enum_name(s)),
                    value: enum_name(s),
                    text: sector_name(t, *s),
                })
                .collect(),
        ),
        fields.text("areas_of_work", &form.one("areas_of_work"), "off"),
        checkboxes(
            fields,
            "characteristics",
            compact
                .definition
                .protected_characteristics
                .iter()
                .map(|c| CheckboxItem {
                    checked: characteristics.contains(&enum_name(c)),
                    value: enum_name(c),
                    text: characteristic_name(t, *c),
                })
                .collect(),
        ),
        fields.date("opened_on", &form.one("opened_on"), "hint-date"),
        fields.date("closes_on", &form.one("closes_on"), "hint-date"),
        textarea(
            fields,
            "shorter_period_reason",
            form.one("shorter_period_reason"),
            None,
        ),
        textarea(
            fields,
            "documents",
            form.one("documents"),
            Some(t.get("hint-documents")),
        ),
        textarea(fields, "how_to_respond", form.one("how_to_respond"), None),
        textarea(fields, "resources", form.one("resources"), None),
        fields.text("contact_name", &form.one("contact_name"), "name"),
        fields.text("contact_email", &form.one("contact_email"), "email"),
    ]);
    out
}

/// What the Compact asks, worked out from the dates typed so far.
fn guidance_of(t: &Tr, compact: &Loaded, form: &FormFields) -> Vec<String> {
    let name = &compact.stored.name;
    let Some(standard) = compact.definition.standards.consultation.as_ref() else {
        return vec![t.with(
            "consultation-standard-none",
            &[("compact", Arg::Text(name.clone()))],
        )];
    };
    match parse_typed_date(&form.one("opened_on")) {
        Some(opened) => {
            let reason = form.one("shorter_period_reason");
            let g = period::guidance(
                standard,
                opened,
                parse_typed_date(&form.one("closes_on")),
                Some(reason.as_str()),
            );
            guidance_text(t, name, &g)
        }
        None => vec![t.with(
            "consultation-standard-weeks",
            &[
                ("compact", Arg::Text(name.clone())),
                ("weeks", standard.weeks.into()),
            ],
        )],
    }
}

fn form_page(
    visit: &Visit,
    compact: &Loaded,
    existing: Option<(ConsultationId, &str)>,
    form: &FormFields,
    faults: &Faults,
    leads: Option<&[(OrganisationId, String)]>,
) -> Response {
    let t = Tr::new(visit.lang);
    let slug = &compact.stored.slug;
    let title = t.get(if existing.is_some() {
        "consultation-edit-title"
    } else {
        "consultation-new-title"
    });
    let mut trail = vec![
        (compact.stored.name.clone(), Some(routes::compact(slug))),
        (
            t.get("consultations-title"),
            Some(routes::consultations(slug)),
        ),
    ];
    if let Some((id, name)) = existing {
        trail.push((name.to_string(), Some(routes::consultation(slug, id))));
    }
    trail.push((title.clone(), None));
    let mut frame = Frame::new(
        visit,
        title,
        Some(InCompact {
            slug,
            name: &compact.stored.name,
        }),
        Section::Consultations,
    )
    .with_breadcrumbs(trail);
    let fields = Fields { t: &t, faults };
    let mut intro = vec![t.get("consultation-form-intro")];
    intro.extend(guidance_of(&t, compact, form));
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "title"),
        intro,
        warning: None,
        action: match existing {
            Some((id, _)) => routes::edit_consultation(slug, id),
            None => routes::new_consultation(slug),
        },
        fields: fields_of(&fields, compact, form, leads),
        confirm: None,
        button: t.get("consultation-save"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

async fn new_target(
    state: &AppState,
    visit: &Visit,
    slug: &str,
) -> Result<(Loaded, Vec<(OrganisationId, String)>), Response> {
    let acting = visit.acting();
    let result = async {
        acting.require_signed_in()?;
        let compact = state.app.compact(slug).await?;
        let leads = state.app.consultation_leads(&acting, &compact).await?;
        if leads.is_empty() {
            return Err(compact_core::refusal::Refusal::NotAllowed.into());
        }
        Ok((compact, leads))
    }
    .await;
    result.map_err(|e| refused_page(visit, e))
}

pub async fn new_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Response {
    match new_target(&state, &visit, &slug).await {
        Ok((compact, leads)) => form_page(
            &visit,
            &compact,
            None,
            &FormFields(Vec::new()),
            &Faults::default(),
            Some(&leads),
        ),
        Err(refused) => refused,
    }
}

pub async fn create(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    CsrfForm { visit, fields }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = FormFields(fields);
    let lead = form.one("lead").trim().parse().ok().map(OrganisationId);
    let result = state
        .app
        .draft_consultation(&visit.acting(), &slug, lead, &input_of(&form))
        .await;
    match sent(&visit, result)? {
        Sent::Done(id) => Ok(Redirect::to(&routes::consultation_done(
            &slug,
            id,
            ConsultationDone::Saved,
        ))
        .into_response()),
        Sent::Again(faults) => Ok(match new_target(&state, &visit, &slug).await {
            Ok((compact, leads)) => form_page(&visit, &compact, None, &form, &faults, Some(&leads)),
            Err(refused) => refused,
        }),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Response {
    let id = ConsultationId(id);
    match state.app.draft_target(&visit.acting(), &slug, id).await {
        Ok((compact, c)) => form_page(
            &visit,
            &compact,
            Some((id, &c.details.title)),
            &sent_of(&c.details),
            &Faults::default(),
            None,
        ),
        Err(e) => refused_page(&visit, e),
    }
}

pub async fn update(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm { visit, fields }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let form = FormFields(fields);
    let result = state
        .app
        .update_consultation(&visit.acting(), &slug, id, &input_of(&form))
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => Ok(Redirect::to(&routes::consultation_done(
            &slug,
            id,
            ConsultationDone::Saved,
        ))
        .into_response()),
        Sent::Again(faults) => Ok(
            match state.app.draft_target(&visit.acting(), &slug, id).await {
                Ok((compact, c)) => form_page(
                    &visit,
                    &compact,
                    Some((id, &c.details.title)),
                    &form,
                    &faults,
                    None,
                ),
                Err(e) => refused_page(&visit, e),
            },
        ),
    }
}

/// The page before publishing: what publishing does, and a warning when
/// the period falls short of the Compact's standard.
pub async fn publish_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Response {
    let id = ConsultationId(id);
    let (compact, c) = match state.app.draft_target(&visit.acting(), &slug, id).await {
        Ok(found) => found,
        Err(e) => return refused_page(&visit, e),
    };
    let t = Tr::new(visit.lang);
    let d = &c.details;
    let mut frame = Frame::new(
        &visit,
        t.get("consultation-publish-title"),
        Some(InCompact {
            slug: &slug,
            name: &compact.stored.name,
        }),
        Section::Consultations,
    )
    .with_breadcrumbs(vec![
        (
            t.get("consultations-title"),
            Some(routes::consultations(&slug)),
        ),
        (d.title.clone(), Some(routes::consultation(&slug, id))),
        (t.get("consultation-publish-title"), None),
    ]);
    let guidance = compact.definition.standards.consultation.as_ref().map(|s| {
        period::guidance(
            s,
            d.opened_on,
            Some(d.closes_on),
            d.shorter_period_reason.as_deref(),
        )
    });
    let warning = guidance
        .filter(|g| g.standing.is_some_and(|s| s.recorded()))
        .map(|g| guidance_text(&t, &compact.stored.name, &g).join(" "));
    let faults = Faults::default();
    let fields = Fields {
        t: &t,
        faults: &faults,
    };
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "publish"),
        intro: vec![t.with(
            "consultation-publish-intro",
            &[
                ("title", Arg::Text(d.title.clone())),
                ("opens", t.date(&d.opened_on).into()),
                ("closes", t.date(&d.closes_on).into()),
            ],
        )],
        warning,
        action: routes::publish_consultation(&slug, id),
        fields: Vec::new(),
        confirm: None,
        button: t.get("consultation-publish-button"),
        frame,
    };
    render(&page)
}

#[derive(serde::Deserialize)]
pub struct NoFields {}

pub async fn publish(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm { visit, .. }: CsrfForm<NoFields>,
) -> Response {
    let id = ConsultationId(id);
    match state
        .app
        .publish_consultation(&visit.acting(), &slug, id)
        .await
    {
        Ok(_) => Redirect::to(&routes::consultation_done(
            &slug,
            id,
            ConsultationDone::Published,
        ))
        .into_response(),
        Err(e) => refused_page(&visit, e),
    }
}
