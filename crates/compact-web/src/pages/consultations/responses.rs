//! Responding online (a VCSE organisation's people), recording a response
//! received otherwise (the lead's officers, the secretariat), and
//! publishing feedback after the close.

use super::channel_name;
use super::forms::FormFields;
use crate::components::{Field, Select, SelectOption, Textarea};
use crate::csrf::CsrfForm;
use crate::i18n::{Arg, Tr};
use crate::pages::register_forms::{refused_page, sent, Confirm, Faults, Fields, FormPage, Sent};
use crate::pages::{render, PageError};
use crate::routes::{self, ConsultationDone};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::Loaded;
use compact_core::consultation::{Channel, FeedbackInput, RecordedResponseInput, ResponseInput};
use compact_core::refusal::Refusal;
use compact_core::register::{FieldProblem, Problem};
use compact_core::{ConsultationId, OrganisationId};
use compact_store::StoredConsultation;

/// What a form about one consultation shows.
struct Form<'a> {
    title_key: &'static str,
    intro: String,
    action: String,
    fields: Vec<Field>,
    confirm: Option<Confirm>,
    button_key: &'static str,
    first_field: &'static str,
    faults: &'a Faults,
}

fn show(visit: &Visit, t: &Tr, compact: &Loaded, c: &StoredConsultation, form: Form) -> Response {
    let mut frame = super::form_frame(visit, t, compact, c, t.get(form.title_key));
    let fields = Fields {
        t,
        faults: form.faults,
    };
    let page = FormPage {
        error_summary: fields.summary(&mut frame, form.first_field),
        intro: vec![form.intro],
        warning: None,
        action: form.action,
        fields: form.fields,
        confirm: form.confirm,
        button: t.get(form.button_key),
        frame,
    };
    (form.faults.status(), render(&page)).into_response()
}

fn body(fields: &Fields, name: &'static str, value: String) -> Field {
    Field::Textarea(Textarea {
        id: name.into(),
        name: name.into(),
        label: fields.t.get(&format!("label-{}", name.replace('_', "-"))),
        value,
        rows: 8,
        hint: None,
        error: fields.error(name),
        error_prefix: fields.t.get("error-prefix"),
    })
}

fn confidential(t: &Tr, form: &FormFields) -> Confirm {
    Confirm {
        name: "confidential",
        label: t.get("label-confidential"),
        checked: form.ticked("confidential"),
        error: None,
    }
}

fn organisation_of(form: &FormFields) -> Option<OrganisationId> {
    form.one("organisation")
        .trim()
        .parse()
        .ok()
        .map(OrganisationId)
}

// --- Responding online ---

fn respond_page(
    visit: &Visit,
    target: &(Loaded, StoredConsultation, OrganisationId),
    name: &str,
    form: &FormFields,
    faults: &Faults,
) -> Response {
    let t = Tr::new(visit.lang);
    let (compact, c, _) = target;
    let fields = Fields { t: &t, faults };
    let page = Form {
        title_key: "consultation-respond-title",
        intro: t.with(
            "consultation-respond-intro",
            &[
                ("title", Arg::Text(c.details.title.clone())),
                ("organisation", Arg::Text(name.to_string())),
            ],
        ),
        action: routes::respond(&compact.stored.slug, c.id),
        fields: vec![body(&fields, "body", form.one("body"))],
        confirm: Some(confidential(&t, form)),
        button_key: "consultation-respond-button",
        first_field: "body",
        faults,
    };
    show(visit, &t, compact, c, page)
}

async fn respond_target(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: ConsultationId,
    organisation: Option<OrganisationId>,
) -> Result<((Loaded, StoredConsultation, OrganisationId), String), Response> {
    let acting = visit.acting();
    let target = state
        .app
        .response_target(&acting, slug, id, organisation)
        .await
        .map_err(|e| refused_page(visit, e))?;
    let name = state
        .app
        .register_entry(&target.0, target.2)
        .await
        .map(|e| e.organisation.name)
        .unwrap_or_default();
    Ok((target, name))
}

pub async fn respond_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Response {
    match respond_target(&state, &visit, &slug, ConsultationId(id), None).await {
        Ok((target, name)) => respond_page(
            &visit,
            &target,
            &name,
            &FormFields(Vec::new()),
            &Faults::default(),
        ),
        Err(refused) => refused,
    }
}

pub async fn respond(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm { visit, fields }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let form = FormFields(fields);
    let input = ResponseInput {
        body: form.one("body"),
        confidential: form.ticked("confidential"),
    };
    let organisation = organisation_of(&form);
    let result = state
        .app
        .respond_to_consultation(&visit.acting(), &slug, id, organisation, &input)
        .await;
    match sent(&visit, result)? {
        Sent::Done(_) => Ok(Redirect::to(&routes::consultation_done(
            &slug,
            id,
            ConsultationDone::Responded,
        ))
        .into_response()),
        Sent::Again(faults) => Ok(
            match respond_target(&state, &visit, &slug, id, organisation).await {
                Ok((target, name)) => respond_page(&visit, &target, &name, &form, &faults),
                Err(refused) => refused,
            },
        ),
    }
}

// --- Recording a response received otherwise ---

fn record_page(
    visit: &Visit,
    compact: &Loaded,
    c: &StoredConsultation,
    form: &FormFields,
    faults: &Faults,
) -> Response {
    let t = Tr::new(visit.lang);
    let fields = Fields { t: &t, faults };
    let chosen = form.one("channel");
    let channel = Field::Select(Select {
        id: "channel".into(),
        name: "channel".into(),
        label: t.get("label-channel"),
        options: Channel::RECORDED
            .into_iter()
            .map(|ch| SelectOption {
                value: ch.as_str().into(),
                text: channel_name(&t, ch),
                selected: chosen == ch.as_str(),
            })
            .collect(),
        error: fields.error("channel"),
        error_prefix: t.get("error-prefix"),
    });
    let page = Form {
        title_key: "consultation-record-title",
        intro: t.with(
            "consultation-record-intro",
            &[("title", Arg::Text(c.details.title.clone()))],
        ),
        action: routes::record_response(&compact.stored.slug, c.id),
        fields: vec![
            fields.text("organisation", &form.one("organisation"), "off"),
            fields.text("respondent_name", &form.one("respondent_name"), "off"),
            channel,
            fields.date("received_on", &form.one("received_on"), "hint-date"),
            body(&fields, "body", form.one("body")),
        ],
        confirm: Some(confidential(&t, form)),
        button_key: "consultation-record-button",
        first_field: "organisation",
        faults,
    };
    show(visit, &t, compact, c, page)
}

pub async fn record_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Response {
    let id = ConsultationId(id);
    match state
        .app
        .record_response_target(&visit.acting(), &slug, id)
        .await
    {
        Ok((compact, c)) => record_page(
            &visit,
            &compact,
            &c,
            &FormFields(Vec::new()),
            &Faults::default(),
        ),
        Err(e) => refused_page(&visit, e),
    }
}

pub async fn record(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm { visit, fields }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let form = FormFields(fields);
    let number = form.one("organisation");
    let organisation = organisation_of(&form);
    let result = if !number.trim().is_empty() && organisation.is_none() {
        // Not a number: said beside the field, like any other.
        Err(Refusal::Invalid(vec![FieldProblem::new(
            "organisation",
            Problem::WrongFormat,
        )])
        .into())
    } else {
        let input = RecordedResponseInput {
            body: form.one("body"),
            confidential: form.ticked("confidential"),
            received_on: form.one("received_on"),
            channel: form.one("channel"),
            organisation_named: organisation.is_some(),
            respondent_name: form.one("respondent_name"),
        };
        state
            .app
            .record_consultation_response(&visit.acting(), &slug, id, organisation, &input)
            .await
    };
    match sent(&visit, result)? {
        Sent::Done(_) => Ok(Redirect::to(&routes::consultation_done(
            &slug,
            id,
            ConsultationDone::Recorded,
        ))
        .into_response()),
        Sent::Again(faults) => Ok(
            match state
                .app
                .record_response_target(&visit.acting(), &slug, id)
                .await
            {
                Ok((compact, c)) => record_page(&visit, &compact, &c, &form, &faults),
                Err(e) => refused_page(&visit, e),
            },
        ),
    }
}

// --- Feedback ---

fn feedback_page(
    visit: &Visit,
    compact: &Loaded,
    c: &StoredConsultation,
    form: &FormFields,
    faults: &Faults,
    today: compact_core::Date,
) -> Response {
    let t = Tr::new(visit.lang);
    let fields = Fields { t: &t, faults };
    let page = Form {
        title_key: "consultation-feedback-title",
        intro: t.with(
            "consultation-feedback-intro",
            &[("date", t.date(&today).into())],
        ),
        action: routes::feedback(&compact.stored.slug, c.id),
        fields: vec![
            body(&fields, "heard", form.one("heard")),
            body(&fields, "changed", form.one("changed")),
            body(&fields, "decision", form.one("decision")),
            fields.date("decided_on", &form.one("decided_on"), "hint-date"),
        ],
        confirm: None,
        button_key: "consultation-feedback-button",
        first_field: "heard",
        faults,
    };
    show(visit, &t, compact, c, page)
}

pub async fn feedback_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Response {
    let id = ConsultationId(id);
    match state.app.feedback_target(&visit.acting(), &slug, id).await {
        Ok((compact, c)) => feedback_page(
            &visit,
            &compact,
            &c,
            &FormFields(Vec::new()),
            &Faults::default(),
            state.today(),
        ),
        Err(e) => refused_page(&visit, e),
    }
}

pub async fn feedback(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm { visit, fields }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let form = FormFields(fields);
    let input = FeedbackInput {
        heard: form.one("heard"),
        changed: form.one("changed"),
        decision: form.one("decision"),
        decided_on: form.one("decided_on"),
    };
    let result = state
        .app
        .publish_consultation_feedback(&visit.acting(), &slug, id, &input)
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => Ok(Redirect::to(&routes::consultation_done(
            &slug,
            id,
            ConsultationDone::Feedback,
        ))
        .into_response()),
        Sent::Again(faults) => Ok(
            match state.app.feedback_target(&visit.acting(), &slug, id).await {
                Ok((compact, c)) => {
                    feedback_page(&visit, &compact, &c, &form, &faults, state.today())
                }
                Err(e) => refused_page(&visit, e),
            },
        ),
    }
}
