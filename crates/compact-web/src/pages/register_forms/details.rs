//! Entering an organisation in the register by hand (the secretariat) and
//! changing its details (the secretariat of its home register, or the
//! organisation's own people). Imports cover the bulk; this is for the new
//! community group that turns up at a meeting.

use super::{
    organisation_frame, requests::secretariat, sent, Confirm, Faults, Fields, FormPage, Sent,
};
use crate::components::{Field, Select, SelectOption};
use crate::csrf::CsrfForm;
use crate::i18n::{Arg, Tr};
use crate::pages::register::kind_name;
use crate::pages::{render, LoadedCompact, PageError};
use crate::routes::{self, Done};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::RegisterEntry;
use compact_core::definition::OrganisationKind;
use compact_core::register::OrganisationInput;
use compact_core::OrganisationId;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct OrganisationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    charity_number: String,
    #[serde(default)]
    company_number: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    areas_of_work: String,
    #[serde(default)]
    closed: Option<String>,
}

impl OrganisationForm {
    fn input(&self) -> OrganisationInput {
        OrganisationInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            charity_number: self.charity_number.clone(),
            company_number: self.company_number.clone(),
            address: self.address.clone(),
            postcode: self.postcode.clone(),
            website: self.website.clone(),
            email: self.email.clone(),
            areas_of_work: self.areas_of_work.clone(),
            closed: self.closed.is_some(),
        }
    }

    fn of(input: OrganisationInput) -> OrganisationForm {
        OrganisationForm {
            name: input.name,
            kind: input.kind,
            charity_number: input.charity_number,
            company_number: input.company_number,
            address: input.address,
            postcode: input.postcode,
            website: input.website,
            email: input.email,
            areas_of_work: input.areas_of_work,
            closed: input.closed.then(|| "yes".into()),
        }
    }
}

/// The kind of organisation as a select box, in the page's language.
fn kind_select(fields: &Fields, selected: &str) -> Field {
    let t = fields.t;
    let mut options = vec![SelectOption {
        value: String::new(),
        text: t.get("organisation-form-choose-kind"),
        selected: selected.is_empty(),
    }];
    options.extend(OrganisationKind::ALL.into_iter().map(|kind| SelectOption {
        value: kind.as_str().to_string(),
        text: kind_name(t, kind),
        selected: kind.as_str() == selected,
    }));
    Field::Select(Select {
        id: "kind".into(),
        name: "kind".into(),
        label: t.get("label-kind"),
        options,
        error: fields.error("kind"),
        error_prefix: t.get("error-prefix"),
    })
}

/// The form for a new organisation (`existing` is `None`) or for changing
/// one's details.
fn page(
    visit: &Visit,
    compact: &LoadedCompact,
    existing: Option<&RegisterEntry>,
    form: &OrganisationForm,
    faults: &Faults,
) -> Response {
    let t = Tr::new(visit.lang);
    let slug = &compact.stored.slug;
    let (title, action) = match existing {
        Some(e) => (
            t.with(
                "organisation-form-title-change",
                &[("organisation", Arg::Text(e.organisation.name.clone()))],
            ),
            routes::details(slug, e.organisation.id),
        ),
        None => (
            t.get("organisation-form-title-new"),
            routes::new_organisation(slug),
        ),
    };
    let mut frame = organisation_frame(visit, &t, compact, existing, title);
    let fields = Fields { t: &t, faults };
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "name"),
        intro: vec![t.get(if existing.is_some() {
            "organisation-form-intro-change"
        } else {
            "organisation-form-intro-new"
        })],
        warning: None,
        action,
        fields: vec![
            fields.text("name", &form.name, "organization"),
            kind_select(&fields, &form.kind),
            fields.text("charity_number", &form.charity_number, "off"),
            fields.text("company_number", &form.company_number, "off"),
            fields.text("address", &form.address, "street-address"),
            fields.text("postcode", &form.postcode, "postal-code"),
            fields.text("website", &form.website, "url"),
            fields.text("email", &form.email, "email"),
            fields.text("areas_of_work", &form.areas_of_work, "off"),
        ],
        confirm: existing.map(|_| Confirm {
            name: "closed",
            label: t.get("organisation-form-closed"),
            checked: form.closed.is_some(),
            error: None,
        }),
        button: t.get("organisation-form-button"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

pub async fn new_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let compact = secretariat(&state, &visit, &slug).await?;
    Ok(page(
        &visit,
        &compact,
        None,
        &OrganisationForm::default(),
        &Faults::default(),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<OrganisationForm>,
) -> Result<Response, PageError> {
    let result = state
        .app
        .enter_organisation(&visit.acting(), &slug, &form.input())
        .await;
    match sent(&visit, result)? {
        Sent::Done(id) => {
            Ok(Redirect::to(&routes::organisation_done(&slug, id, Done::Added)).into_response())
        }
        Sent::Again(faults) => {
            let compact = secretariat(&state, &visit, &slug).await?;
            Ok(page(&visit, &compact, None, &form, &faults))
        }
    }
}

async fn target(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: OrganisationId,
) -> Result<(LoadedCompact, RegisterEntry), PageError> {
    state
        .app
        .details_target(&visit.acting(), slug, id)
        .await
        .map_err(|e| PageError::from_app(visit, e))
}

pub async fn details_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let (compact, entry) = target(&state, &visit, &slug, OrganisationId(id)).await?;
    let form = OrganisationForm::of(OrganisationInput::of(&entry.organisation));
    Ok(page(
        &visit,
        &compact,
        Some(&entry),
        &form,
        &Faults::default(),
    ))
}

pub async fn change_details(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<OrganisationForm>,
) -> Result<Response, PageError> {
    let id = OrganisationId(id);
    let result = state
        .app
        .change_details(&visit.acting(), &slug, id, &form.input())
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => {
            Ok(Redirect::to(&routes::organisation_done(&slug, id, Done::Details)).into_response())
        }
        Sent::Again(faults) => {
            let (compact, entry) = target(&state, &visit, &slug, id).await?;
            Ok(page(&visit, &compact, Some(&entry), &form, &faults))
        }
    }
}
