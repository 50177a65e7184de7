//! Entering an organisation in the register by hand (the secretariat) and
//! changing its details (the secretariat of its home register, or the
//! organisation's own people). Imports cover the bulk; this is for the
//! new community group that turns up at a meeting.

use super::register::kind_name;
use super::signups::{secretariat, Confirm, Fields, FormPage};
use super::{forms, load_compact, render, signed_in_account, LoadedCompact, OrInternal, PageError};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use compact_core::access::Action;
use compact_core::definition::OrganisationKind;
use compact_core::model::Organisation;
use compact_core::register::{FieldProblem, OrganisationInput};
use compact_core::OrganisationId;
use compact_store::Actor;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct OrganisationForm {
    #[serde(default)]
    csrf_token: String,
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
            csrf_token: String::new(),
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
fn kind_select(fields: &Fields, selected: &str) -> String {
    let t = fields.t;
    let error = fields.error("kind");
    let mut html = format!(
        "<div class=\"govuk-form-group{}\">\n<label class=\"govuk-label\" for=\"kind\">{}</label>\n",
        if error.is_some() { " govuk-form-group--error" } else { "" },
        escape(&t.get("label-kind"))
    );
    if let Some(e) = &error {
        html.push_str(&format!(
            "<p id=\"kind-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">{}:</span> {}</p>\n",
            escape(&t.get("error-prefix")),
            escape(e)
        ));
    }
    html.push_str(&format!(
        "<select class=\"govuk-select{}\" id=\"kind\" name=\"kind\"{}>\n<option value=\"\">{}</option>\n",
        if error.is_some() { " govuk-select--error" } else { "" },
        if error.is_some() { " aria-describedby=\"kind-error\"" } else { "" },
        escape(&t.get("organisation-form-choose-kind"))
    ));
    for kind in OrganisationKind::ALL {
        html.push_str(&format!(
            "<option value=\"{}\"{}>{}</option>\n",
            kind.as_str(),
            if kind.as_str() == selected {
                " selected"
            } else {
                ""
            },
            escape(&kind_name(t, kind))
        ));
    }
    html.push_str("</select>\n</div>");
    html
}

fn escape(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html)
        .map(|e| e.to_string())
        .unwrap_or_default()
}

struct Page<'a> {
    visit: &'a Visit,
    loaded: &'a LoadedCompact,
    /// The organisation being changed, or `None` for a new one.
    existing: Option<&'a Organisation>,
}

impl Page<'_> {
    fn render(
        &self,
        form: &OrganisationForm,
        problems: &[FieldProblem],
        expired: bool,
    ) -> Response {
        let t = Tr::new(self.visit.lang);
        let slug = &self.loaded.stored.slug;
        let (title, action) = match self.existing {
            Some(o) => (
                t.with(
                    "organisation-form-title-change",
                    &[("organisation", Arg::Text(o.name.clone()))],
                ),
                format!("/compacts/{slug}/organisations/{}/details", o.id),
            ),
            None => (
                t.get("organisation-form-title-new"),
                format!("/compacts/{slug}/organisations/new"),
            ),
        };
        let mut trail = vec![(
            t.get("register-title"),
            Some(format!("/compacts/{slug}/register")),
        )];
        if let Some(o) = self.existing {
            trail.push((
                o.name.clone(),
                Some(format!("/compacts/{slug}/organisations/{}", o.id)),
            ));
        }
        trail.push((title.clone(), None));
        let mut frame = Frame::new(
            self.visit,
            title,
            Some(InCompact {
                slug,
                name: &self.loaded.stored.name,
            }),
            Section::Register,
        )
        .with_breadcrumbs(trail);
        let fields = Fields { t: &t, problems };
        let error_summary = fields.summary_or_expired(&mut frame, expired, "name");
        let page = FormPage {
            error_summary,
            intro: vec![t.get(if self.existing.is_some() {
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
            confirm: self.existing.map(|_| Confirm {
                name: "closed",
                label: t.get("organisation-form-closed"),
                checked: form.closed.is_some(),
                error: None,
            }),
            button: t.get("organisation-form-button"),
            frame,
        };
        (
            forms::status(!problems.is_empty() || expired),
            render(&page),
        )
            .into_response()
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let page = Page {
        visit: &visit,
        loaded: &loaded,
        existing: None,
    };
    Ok(page.render(&OrganisationForm::default(), &[], false))
}

pub async fn create(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Form(form): Form<OrganisationForm>,
) -> Result<Response, PageError> {
    let loaded = secretariat(&state, &visit, &slug).await?;
    let page = Page {
        visit: &visit,
        loaded: &loaded,
        existing: None,
    };
    if !visit.csrf_matches(&form.csrf_token) {
        return Ok(page.render(&form, &[], true));
    }
    let organisation = match form.input().check(OrganisationId(0)) {
        Ok(o) => o,
        Err(problems) => return Ok(page.render(&form, &problems, false)),
    };
    let id = state
        .app
        .store
        .add_organisation(
            loaded.stored.id,
            &organisation,
            &Actor::Account(signed_in_account(&visit)?),
        )
        .await
        .or_internal(&visit)?;
    Ok(Redirect::to(&format!("/compacts/{slug}/organisations/{id}?done=added")).into_response())
}

/// The organisation `id` as this Compact's register holds it, if the
/// visitor may change it: the secretariat of its home register, or its own
/// officer or member.
async fn changeable(
    state: &AppState,
    visit: &Visit,
    loaded: &LoadedCompact,
    id: i64,
) -> Result<Organisation, PageError> {
    let id = OrganisationId(id);
    let records = state
        .app
        .store
        .load_register(loaded.stored.id)
        .await
        .or_internal(visit)?;
    let organisation = records
        .organisations
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(|| PageError::not_found(visit))?;
    let viewer = visit.viewer();
    let compact = loaded.stored.id;
    let home = state
        .app
        .store
        .organisation_home(id)
        .await
        .or_internal(visit)?;
    let allowed = (viewer.may(compact, Action::Administer) && home == Some(compact))
        || viewer.may(compact, Action::ActFor(id));
    if !allowed {
        return Err(PageError::forbidden(visit));
    }
    Ok(organisation)
}

pub async fn details_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let loaded = load_compact(&state, &visit, &slug).await?;
    let organisation = changeable(&state, &visit, &loaded, id).await?;
    let page = Page {
        visit: &visit,
        loaded: &loaded,
        existing: Some(&organisation),
    };
    Ok(page.render(
        &OrganisationForm::of(OrganisationInput::of(&organisation)),
        &[],
        false,
    ))
}

pub async fn change_details(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<OrganisationForm>,
) -> Result<Response, PageError> {
    let loaded = load_compact(&state, &visit, &slug).await?;
    let before = changeable(&state, &visit, &loaded, id).await?;
    let page = Page {
        visit: &visit,
        loaded: &loaded,
        existing: Some(&before),
    };
    if !visit.csrf_matches(&form.csrf_token) {
        return Ok(page.render(&form, &[], true));
    }
    let organisation = match form.input().check(before.id) {
        Ok(o) => o,
        Err(problems) => return Ok(page.render(&form, &problems, false)),
    };
    state
        .app
        .store
        .update_organisation(
            loaded.stored.id,
            &organisation,
            &before,
            &Actor::Account(signed_in_account(&visit)?),
        )
        .await
        .or_internal(&visit)?;
    Ok(Redirect::to(&format!("/compacts/{slug}/organisations/{id}?done=details")).into_response())
}
