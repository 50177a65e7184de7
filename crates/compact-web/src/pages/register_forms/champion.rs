//! Naming a sign-up's Compact champion, or correcting their details (the
//! secretariat, or the organisation's own people).

use super::{organisation_frame, sent, Faults, Fields, FormPage, Sent};
use crate::csrf::CsrfForm;
use crate::i18n::{Arg, Tr};
use crate::pages::{render, PageError};
use crate::routes::{self, Done};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::register::{InForce, SignUpRef};
use compact_core::register::ChampionInput;
use compact_core::OrganisationId;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ChampionForm {
    #[serde(default)]
    champion_name: String,
    #[serde(default)]
    champion_role: String,
    #[serde(default)]
    champion_contact: String,
    #[serde(default)]
    champion_appointed_on: String,
    #[serde(default)]
    champion_trained_on: String,
}

impl ChampionForm {
    fn input(&self) -> ChampionInput {
        ChampionInput {
            name: self.champion_name.clone(),
            role: self.champion_role.clone(),
            contact: self.champion_contact.clone(),
            appointed_on: self.champion_appointed_on.clone(),
            trained_on: self.champion_trained_on.clone(),
        }
    }

    /// The form filled with the current champion, to correct.
    fn of(target: &InForce) -> ChampionForm {
        let date = |d: Option<compact_core::Date>| {
            d.map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default()
        };
        match &target.sign_up.champion {
            Some(c) => ChampionForm {
                champion_name: c.name.clone(),
                champion_role: c.role.clone(),
                champion_contact: c.contact.clone(),
                champion_appointed_on: date(Some(c.appointed_on)),
                champion_trained_on: date(c.trained_on),
            },
            None => ChampionForm::default(),
        }
    }
}

fn page(visit: &Visit, target: &InForce, form: &ChampionForm, faults: &Faults) -> Response {
    let t = Tr::new(visit.lang);
    let organisation = &target.entry.organisation;
    let mut frame = organisation_frame(
        visit,
        &t,
        &target.compact,
        Some(&target.entry),
        t.get("champion-title"),
    );
    let fields = Fields { t: &t, faults };
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "champion_name"),
        intro: vec![t.with(
            "champion-intro",
            &[("organisation", Arg::Text(organisation.name.clone()))],
        )],
        warning: None,
        action: routes::champion(&target.compact.stored.slug, organisation.id),
        fields: vec![
            fields.text("champion_name", &form.champion_name, "off"),
            fields.text("champion_role", &form.champion_role, "off"),
            fields.text("champion_contact", &form.champion_contact, "off"),
            fields.date(
                "champion_appointed_on",
                &form.champion_appointed_on,
                "hint-date-optional-today",
            ),
            fields.date(
                "champion_trained_on",
                &form.champion_trained_on,
                "hint-date-optional",
            ),
        ],
        confirm: None,
        button: t.get("champion-button"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

/// The answer when the form cannot be shown: the refusal's page, or (when
/// the organisation has no sign-up in force) its page's 409 with the reason.
async fn target_or_page(
    state: &AppState,
    visit: &Visit,
    slug: &str,
    id: OrganisationId,
) -> Result<InForce, Response> {
    let which = SignUpRef::InForceFor(id);
    match state
        .app
        .champion_target(&visit.acting(), slug, which)
        .await
    {
        Ok(target) => Ok(target),
        Err(e) => Err(super::refused_page(visit, e)),
    }
}

pub async fn champion_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
) -> Response {
    match target_or_page(&state, &visit, &slug, OrganisationId(id)).await {
        Ok(target) => page(
            &visit,
            &target,
            &ChampionForm::of(&target),
            &Faults::default(),
        ),
        Err(refused) => refused,
    }
}

pub async fn champion(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<ChampionForm>,
) -> Result<Response, PageError> {
    let id = OrganisationId(id);
    let which = SignUpRef::InForceFor(id);
    let result = state
        .app
        .set_champion(&visit.acting(), &slug, which, &form.input())
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => {
            Ok(Redirect::to(&routes::organisation_done(&slug, id, Done::Champion)).into_response())
        }
        Sent::Again(faults) => Ok(match target_or_page(&state, &visit, &slug, id).await {
            Ok(target) => page(&visit, &target, &form, &faults),
            Err(refused) => refused,
        }),
    }
}
