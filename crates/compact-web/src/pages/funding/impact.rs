//! Recording the equality impact assessment of a change: when it was
//! completed, who took part, and for each protected characteristic the
//! Compact lists, the impact found, its evidence and what will soften it.

use super::view::characteristic_name;
use super::{agreement_crumb, change_kind_name, change_to_record, funding_frame, select, typed};
use crate::components::{Field, Input};
use crate::csrf::CsrfForm;
use crate::i18n::{Arg, Tr};
use crate::pages::register_forms::{sent, Faults, Fields, FormPage, Sent};
use crate::pages::{render, PageError};
use crate::routes::{self, FundingDone};
use crate::session::Visit;
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_app::funding::ChangeView;
use compact_core::funding::{entry_fields, ImpactEntryInput, ImpactInput};
use compact_core::model::Impact;
use compact_core::{AgreementId, FundingChangeId};
use std::collections::HashMap;

/// The form as sent: its fields are named after the characteristics the
/// Compact lists, so they are read by name.
type ImpactForm = HashMap<String, String>;

fn value<'f>(form: &'f ImpactForm, name: &str) -> &'f str {
    form.get(name).map(String::as_str).unwrap_or_default()
}

fn input(form: &ImpactForm, view: &ChangeView) -> ImpactInput {
    ImpactInput {
        completed_on: value(form, "completed_on").to_string(),
        participants: value(form, "participants")
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        entries: view
            .considered
            .iter()
            .map(|&c| {
                let [impact, evidence, mitigation] = entry_fields(c);
                ImpactEntryInput {
                    characteristic: c,
                    impact: value(form, impact).to_string(),
                    evidence: value(form, evidence).to_string(),
                    mitigation: value(form, mitigation).to_string(),
                }
            })
            .collect(),
    }
}

/// The form filled with the assessment recorded (to record it again), or
/// with the agreement's two parties as those taking part.
fn recorded(view: &ChangeView) -> ImpactForm {
    let mut form = ImpactForm::new();
    let agreement = &view.agreement.agreement;
    match &view.change.impact_assessment {
        Some(ia) => {
            form.insert("completed_on".into(), typed(Some(ia.completed_on)));
            let ids: Vec<String> = ia.participants.iter().map(|p| p.0.to_string()).collect();
            form.insert("participants".into(), ids.join(", "));
            for e in &ia.entries {
                let [impact, evidence, mitigation] = entry_fields(e.characteristic);
                form.insert(impact.into(), e.impact.as_str().into());
                form.insert(evidence.into(), e.evidence.clone());
                form.insert(mitigation.into(), e.mitigation.clone());
            }
        }
        None => {
            form.insert(
                "participants".into(),
                format!("{}, {}", agreement.funder.0, agreement.recipient.0),
            );
        }
    }
    form
}

/// A text field labelled with the characteristic it is about.
fn entry_text(fields: &Fields, name: &'static str, label: String, value: &str) -> Field {
    Field::Input(Input {
        id: name.into(),
        name: name.into(),
        label,
        input_type: "text",
        value: Some(value.to_string()).filter(|v| !v.is_empty()),
        hint: None,
        error: fields.error(name),
        error_prefix: fields.t.get("error-prefix"),
        autocomplete: Some("off"),
        spellcheck_off: false,
        classes: None,
    })
}

fn page(visit: &Visit, view: &ChangeView, form: &ImpactForm, faults: &Faults) -> Response {
    let t = Tr::new(visit.lang);
    let compact = &view.agreement.compact;
    let slug = &compact.stored.slug;
    let agreement = &view.agreement.agreement;
    let mut frame = funding_frame(
        visit,
        &t,
        compact,
        t.get("funding-impact-form-title"),
        vec![
            agreement_crumb(slug, agreement),
            (
                change_kind_name(&t, view.change.kind),
                Some(routes::change(slug, agreement.id, view.change.id)),
            ),
        ],
    );
    let fields = Fields { t: &t, faults };
    let mut list = vec![
        fields.date("completed_on", value(form, "completed_on"), "hint-date"),
        fields.text("participants", value(form, "participants"), "off"),
    ];
    let impacts: Vec<(String, String)> = Impact::ALL
        .into_iter()
        .map(|i| {
            (
                i.as_str().to_string(),
                t.get(&format!("impact-{}", i.as_str())),
            )
        })
        .collect();
    for &c in &view.considered {
        let [impact, evidence, mitigation] = entry_fields(c);
        let about = [("characteristic", Arg::Text(characteristic_name(&t, c)))];
        let mut chosen = select(
            &fields,
            impact,
            Some("funding-choose"),
            impacts.clone(),
            value(form, impact),
        );
        if let Field::Select(s) = &mut chosen {
            s.label = t.with("funding-impact-label", &about);
        }
        list.push(chosen);
        list.push(entry_text(
            &fields,
            evidence,
            t.with("funding-evidence-label", &about),
            value(form, evidence),
        ));
        list.push(entry_text(
            &fields,
            mitigation,
            t.with("funding-mitigation-label", &about),
            value(form, mitigation),
        ));
    }
    let page = FormPage {
        error_summary: fields.summary(&mut frame, "completed_on"),
        intro: vec![
            t.get("funding-impact-form-intro"),
            t.with(
                "funding-impact-form-parties",
                &[
                    ("funder", Arg::Text(party_name(view, true))),
                    ("recipient", Arg::Text(party_name(view, false))),
                ],
            ),
        ],
        warning: None,
        action: routes::impact_assessment(slug, agreement.id, view.change.id),
        fields: list,
        confirm: None,
        button: t.get("funding-impact-form-button"),
        frame,
    };
    (faults.status(), render(&page)).into_response()
}

/// A party's name and number, as the participants field takes numbers.
fn party_name(view: &ChangeView, funder: bool) -> String {
    let a = &view.agreement;
    let (found, id) = if funder {
        (&a.funder, a.agreement.funder)
    } else {
        (&a.recipient, a.agreement.recipient)
    };
    match found {
        Some(p) => format!("{} ({})", p.name, id.0),
        None => id.0.to_string(),
    }
}

pub async fn impact_form(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id, change)): Path<(String, i64, i64)>,
) -> Response {
    match change_to_record(
        &state,
        &visit,
        &slug,
        AgreementId(id),
        FundingChangeId(change),
    )
    .await
    {
        Ok(view) => page(&visit, &view, &recorded(&view), &Faults::default()),
        Err(refused) => refused,
    }
}

pub async fn record_impact(
    State(state): State<AppState>,
    Path((slug, id, change)): Path<(String, i64, i64)>,
    CsrfForm {
        visit,
        fields: form,
    }: CsrfForm<ImpactForm>,
) -> Result<Response, PageError> {
    let (id, change) = (AgreementId(id), FundingChangeId(change));
    let view = match change_to_record(&state, &visit, &slug, id, change).await {
        Ok(view) => view,
        Err(refused) => return Ok(refused),
    };
    let result = state
        .app
        .record_impact_assessment(&visit.acting(), &slug, id, change, &input(&form, &view))
        .await;
    match sent(&visit, result)? {
        Sent::Done(()) => {
            Ok(
                Redirect::to(&routes::change_done(&slug, id, change, FundingDone::Impact))
                    .into_response(),
            )
        }
        Sent::Again(faults) => Ok(page(&visit, &view, &form, &faults)),
    }
}
