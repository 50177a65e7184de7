//! Signing an organisation up: recorded at once by the secretariat, or
//! asked for by the organisation's own people.

use super::{organisation_frame, sent, Confirm, Faults, Fields, FormPage, Sent};
use crate::csrf::CsrfForm;
use crate::i18n::{Arg, Tr};
use crate::pages::{render, PageError};
use crate::routes::{self, Done};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::{SignUpTarget, SignedUp};
use compact_core::access::SignUpRoute;
use compact_core::register::{ChampionInput, SignUpInput};
use compact_core::OrganisationId;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct SignUpForm {
    #[serde(default)]
    signed_on: String,
    #[serde(default)]
    signed_by: String,
    #[serde(default)]
    signer_role: String,
    #[serde(default)]
    authority: Option<String>,
    #[serde(default)]
    champion_name: String,
    #[serde(default)]
    champion_role: String,
    #[serde(default)]
    champion_contact: String,
    #[serde(default)]
    champion_trained_on: String,
}

impl SignUpForm {
    fn input(&self) -> SignUpInput {
        SignUpInput {
            signed_on: self.signed_on.clone(),
            signed_by: self.signed_by.clone(),
            signer_role: self.signer_role.clone(),
            authority_confirmed: self.authority.is_some(),
            champion: ChampionInput {
                name: self.champion_name.clone(),
                role: self.champion_role.clone(),
                contact: self.champion_contact.clone(),
                appointed_on: String::new(),
                trained_on: self.champion_trained_on.clone(),
            },
        }
    }
}

fn page(visit: &Visit, target: &SignUpTarget, form: &SignUpForm, faults: &Faults) -> Response {
    let t = Tr::new(visit.lang);
    let record = target.route == SignUpRoute::Record;
    let organisation = &target.entry.organisation;
    let title = t.with(
        if record {
            "signup-title-record"
        } else {
            "signup-title-ask"
        },
        &[("organisation", Arg::Text(organisation.name.clone()))],
    );
    let mut frame = organisation_frame(visit, &t, &target.compact, Some(&target.entry), title);
    let fields = Fields { t: &t, faults };
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "signed_on"),
        intro: vec![
            t.with(
                "signup-edition",
                &[
                    ("compact", Arg::Text(target.compact.stored.name.clone())),
                    ("edition", Arg::Text(target.compact.edition().to_string())),
                ],
            ),
            t.get(if record {
                "signup-intro-record"
            } else {
                "signup-intro-ask"
            }),
        ],
        warning: None,
        action: routes::sign_up(&target.compact.stored.slug, organisation.id),
        fields: vec![
            fields.date("signed_on", &form.signed_on, "hint-date"),
            fields.text("signed_by", &form.signed_by, "name"),
            fields.text("signer_role", &form.signer_role, "organization-title"),
            fields.text("champion_name", &form.champion_name, "off"),
            fields.text("champion_role", &form.champion_role, "off"),
            fields.text("champion_contact", &form.champion_contact, "off"),
            fields.date(
                "champion_trained_on",
                &form.champion_trained_on,
                "hint-date-optional",
            ),
        ],
        confirm: Some(Confirm {
            name: "authority",
            label: t.get("signup-authority"),
            checked: form.authority.is_some(),
            error: fields.error("authority"),
        }),
        button: t.get(if record {
            "signup-button-record"
        } else {
            "signup-button-ask"
        }),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

pub async fn sign_up_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let id = OrganisationId(id);
    let target = state
        .app
        .sign_up_target(&visit.acting(), &slug, id)
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    if target.entry.in_force(state.today()).is_some() {
        return Ok(Redirect::to(&routes::organisation(&slug, id)).into_response());
    }
    Ok(page(
        &visit,
        &target,
        &SignUpForm::default(),
        &Faults::default(),
    ))
}

pub async fn sign_up(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<SignUpForm>,
) -> Result<Response, PageError> {
    let (id, acting) = (OrganisationId(id), visit.acting());
    let result = state.app.sign_up(&acting, &slug, id, &form.input()).await;
    match sent(&visit, result)? {
        Sent::Done(done) => {
            let done = match done {
                SignedUp::Recorded(_) => Done::SignedUp,
                SignedUp::Requested(_) => Done::Requested,
            };
            Ok(Redirect::to(&routes::organisation_done(&slug, id, done)).into_response())
        }
        Sent::Again(faults) => {
            let target = state
                .app
                .sign_up_target(&acting, &slug, id)
                .await
                .map_err(|e| PageError::from_app(&visit, e))?;
            Ok(page(&visit, &target, &form, &faults))
        }
    }
}
