//! An agreement's page (everything recorded about it, its payments, its
//! changes and its findings) and a change's page (the reduction procedure
//! as a task list, the equality impact assessment and its findings).

use super::{agreement_crumb, agreement_kind_name, change_kind_name, funding_frame};
use crate::frame::Frame;
use crate::i18n::{Arg, Tr};
use crate::pages::findings::{row as finding_row, Row as FindingRow};
use crate::pages::{render, PageError};
use crate::routes::{self, FundingDone};
use crate::session::Visit;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use compact_app::funding::{AgreementView, ChangeView};
use compact_core::funding::TaskState;
use compact_core::model::{FundingAgreement, PaidIn, ReductionStep};
use compact_core::{AgreementId, FundingChangeId};
use compact_store::FundingParty;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

impl DoneQuery {
    /// The notice of what was just recorded, in the page's language.
    fn notice(&self, t: &Tr) -> Option<String> {
        let done = FundingDone::parse(&self.done)?;
        Some(t.get(&format!("funding-done-{}", done.as_str())))
    }
}

/// A party's name linking to its page, or its number when it is no longer
/// in the register.
pub struct PartyLink {
    pub name: String,
    pub href: Option<String>,
}

fn party(slug: &str, found: &Option<FundingParty>, id: compact_core::OrganisationId) -> PartyLink {
    match found {
        Some(p) => PartyLink {
            name: p.name.clone(),
            href: Some(routes::organisation(slug, p.id)),
        },
        None => PartyLink {
            name: id.0.to_string(),
            href: None,
        },
    }
}

pub struct PaymentRow {
    /// The row's id, which findings about the payment link to.
    pub anchor: String,
    pub due: String,
    pub amount: String,
    pub paid: String,
    /// The form that records it paid, while it is not.
    pub paid_href: Option<String>,
}

pub struct ChangeRow {
    pub href: String,
    pub kind: String,
    pub decided: String,
    pub effective: String,
    pub new_amount: String,
}

#[derive(Template)]
#[template(path = "funding/agreement.html")]
struct AgreementPage {
    frame: Frame,
    funder: PartyLink,
    recipient: PartyLink,
    details: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    payments: Vec<PaymentRow>,
    paid_total: String,
    changes: Vec<ChangeRow>,
    findings: Vec<FindingRow>,
    findings_as_of: String,
}

/// What is recorded about `a`, key and words, in the order people read it.
fn details(t: &Tr, a: &FundingAgreement) -> Vec<(String, String)> {
    let none = || t.get("funding-not-recorded");
    let text = |s: &str| {
        if s.trim().is_empty() {
            none()
        } else {
            s.to_string()
        }
    };
    let exit = match a.exit_strategy_agreed_on {
        Some(on) => t.with(
            "funding-exit-agreed",
            &[
                ("date", Arg::Text(t.date(&on))),
                ("summary", Arg::Text(a.exit_strategy_summary.clone())),
            ],
        ),
        None => t.get("funding-exit-none"),
    };
    vec![
        (t.get("funding-purpose"), text(&a.purpose)),
        (t.get("funding-kind"), agreement_kind_name(t, a.kind)),
        (t.get("funding-amount"), a.amount.to_string()),
        (t.get("funding-starts"), t.date(&a.starts_on)),
        (t.get("funding-ends"), t.date(&a.ends_on)),
        (
            t.get("funding-paid-in"),
            match a.paid_in {
                Some(PaidIn::Advance) => t.get("funding-paid-in-advance"),
                Some(PaidIn::Arrears) => t.get("funding-paid-in-arrears"),
                None => none(),
            },
        ),
        (t.get("funding-monitoring"), text(&a.monitoring)),
        (t.get("funding-exit"), exit),
        (
            t.get("funding-full-cost-recovery"),
            match a.full_cost_recovery {
                Some(true) => t.get("funding-yes"),
                Some(false) => t.get("funding-no"),
                None => none(),
            },
        ),
    ]
}

fn agreement_page(
    t: &Tr,
    visit: &Visit,
    view: &AgreementView,
    notice: Option<String>,
) -> AgreementPage {
    let slug = &view.compact.stored.slug;
    let a = &view.agreement;
    let mut frame = funding_frame(visit, t, &view.compact, a.title.clone(), Vec::new());
    if let Some(n) = notice {
        frame = frame.with_notice(n, true);
    }
    let mut payments: Vec<_> = a.payments.iter().collect();
    payments.sort_by_key(|p| (p.due_on, p.id));
    let paid: i64 = a
        .payments
        .iter()
        .filter(|p| p.paid_on.is_some())
        .map(|p| p.amount.0)
        .sum();
    let actions = if view.may_record {
        vec![
            (
                t.get("funding-action-edit"),
                routes::edit_agreement(slug, a.id),
            ),
            (
                t.get("funding-action-payment"),
                routes::new_payment(slug, a.id),
            ),
            (
                t.get("funding-action-change"),
                routes::new_change(slug, a.id),
            ),
        ]
    } else {
        Vec::new()
    };
    AgreementPage {
        funder: party(slug, &view.funder, a.funder),
        recipient: party(slug, &view.recipient, a.recipient),
        details: details(t, a),
        actions,
        payments: payments
            .into_iter()
            .map(|p| PaymentRow {
                anchor: routes::payment_anchor(p.id),
                due: t.date(&p.due_on),
                amount: p.amount.to_string(),
                paid: p
                    .paid_on
                    .map_or_else(|| t.get("funding-not-paid"), |d| t.date(&d)),
                paid_href: (view.may_record && p.paid_on.is_none())
                    .then(|| routes::payment_paid(slug, a.id, p.id)),
            })
            .collect(),
        paid_total: t.with(
            "funding-paid-total",
            &[(
                "amount",
                Arg::Text(compact_core::money::Pence(paid).to_string()),
            )],
        ),
        changes: a
            .changes
            .iter()
            .map(|c| ChangeRow {
                href: routes::change(slug, a.id, c.id),
                kind: change_kind_name(t, c.kind),
                decided: t.date(&c.decided_on),
                effective: t.date(&c.effective_on),
                new_amount: c.new_amount.map_or_else(|| "–".into(), |p| p.to_string()),
            })
            .collect(),
        findings: view.findings.iter().map(|f| finding_row(t, f)).collect(),
        findings_as_of: t.with(
            "funding-findings-as-of",
            &[("date", Arg::Text(t.date(&view.as_of)))],
        ),
        frame,
    }
}

pub async fn agreement(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id)): Path<(String, i64)>,
    Query(done): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .agreement_view(&visit.acting(), &slug, AgreementId(id))
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    let t = Tr::new(visit.lang);
    Ok(render(&agreement_page(&t, &visit, &view, done.notice(&t))))
}

/// One step of the task list, in words.
pub struct TaskRow {
    pub step: String,
    pub deadline: String,
    pub done_on: String,
    pub done_by: String,
    pub note: String,
    pub state: String,
    pub tag_class: &'static str,
}

/// The impact assessment: what is known about it (key, words) and its
/// entries.
type ImpactShown = (Vec<(String, String)>, Vec<ImpactRow>);

/// One characteristic's entry of the impact assessment, in words.
pub struct ImpactRow {
    pub characteristic: String,
    pub impact: String,
    pub evidence: String,
    pub mitigation: String,
}

#[derive(Template)]
#[template(path = "funding/change.html")]
struct ChangePage {
    frame: Frame,
    details: Vec<(String, String)>,
    actions: Vec<(String, String)>,
    tasks: Vec<TaskRow>,
    next: Option<String>,
    impact: Option<ImpactShown>,
    findings: Vec<FindingRow>,
}

pub(crate) fn step_name(t: &Tr, step: ReductionStep) -> String {
    t.get(&format!("funding-step-{}", step.as_str().replace('_', "-")))
}

pub(crate) fn characteristic_name(
    t: &Tr,
    c: compact_core::definition::ProtectedCharacteristic,
) -> String {
    t.get(&format!("characteristic-{}", c.as_str().replace('_', "-")))
}

fn task_row(t: &Tr, task: &compact_core::funding::Task) -> TaskRow {
    let (state, tag_class, done_on) = match task.state {
        TaskState::Done { on, in_time: true } => {
            ("funding-task-done", "govuk-tag--green", Some(on))
        }
        TaskState::Done { on, in_time: false } => {
            ("funding-task-done-late", "govuk-tag--orange", Some(on))
        }
        TaskState::DueBy { .. } => ("funding-task-to-do", "govuk-tag--blue", None),
        TaskState::Overdue { .. } => ("funding-task-overdue", "govuk-tag--red", None),
        TaskState::NotNeeded => ("funding-task-not-needed", "govuk-tag--grey", None),
    };
    TaskRow {
        step: step_name(t, task.step),
        deadline: task.deadline.map_or_else(|| "–".into(), |d| t.date(&d)),
        done_on: done_on.map_or_else(|| "–".into(), |d| t.date(&d)),
        done_by: task.done_by.clone().unwrap_or_else(|| "–".into()),
        note: task.note.clone(),
        state: t.get(state),
        tag_class,
    }
}

fn change_page(t: &Tr, visit: &Visit, view: &ChangeView, notice: Option<String>) -> ChangePage {
    let slug = &view.agreement.compact.stored.slug;
    let a = &view.agreement.agreement;
    let c = &view.change;
    let title = t.with(
        "funding-change-title",
        &[
            ("kind", Arg::Text(change_kind_name(t, c.kind))),
            ("agreement", Arg::Text(a.title.clone())),
        ],
    );
    let mut frame = funding_frame(
        visit,
        t,
        &view.agreement.compact,
        title,
        vec![agreement_crumb(slug, a)],
    );
    if let Some(n) = notice {
        frame = frame.with_notice(n, true);
    }
    let mut details = vec![
        (t.get("funding-col-kind"), change_kind_name(t, c.kind)),
        (t.get("funding-decided"), t.date(&c.decided_on)),
        (
            t.get("funding-notice-given"),
            c.notice_given_on
                .map_or_else(|| t.get("funding-not-recorded"), |d| t.date(&d)),
        ),
        (t.get("funding-effective"), t.date(&c.effective_on)),
        (t.get("funding-amount-before"), a.amount.to_string()),
        (
            t.get("funding-new-amount"),
            c.new_amount
                .map_or_else(|| t.get("funding-not-recorded"), |p| p.to_string()),
        ),
    ];
    if let Some(k) = &view.consultation {
        details.push((
            t.get("funding-consultation"),
            t.with(
                "funding-consultation-dates",
                &[
                    ("title", Arg::Text(k.title.clone())),
                    ("from", Arg::Text(t.date(&k.opened_on))),
                    ("to", Arg::Text(t.date(&k.closes_on))),
                ],
            ),
        ));
    }
    let procedure = !view.tasks.is_empty();
    let actions = if view.agreement.may_record && procedure {
        vec![
            (
                t.get("funding-action-step"),
                routes::new_step(slug, a.id, c.id),
            ),
            (
                t.get("funding-action-impact"),
                routes::impact_assessment(slug, a.id, c.id),
            ),
        ]
    } else {
        Vec::new()
    };
    let impact = c.impact_assessment.as_ref().map(|ia| {
        let names: Vec<String> = ia
            .participants
            .iter()
            .map(|o| {
                view.participants
                    .iter()
                    .find(|p| p.id == *o)
                    .map_or_else(|| o.0.to_string(), |p| p.name.clone())
            })
            .collect();
        let about = vec![
            (t.get("funding-impact-completed"), t.date(&ia.completed_on)),
            (
                t.get("funding-impact-joint"),
                t.get(if ia.joint {
                    "funding-yes"
                } else {
                    "funding-no"
                }),
            ),
            (
                t.get("funding-impact-participants"),
                if names.is_empty() {
                    t.get("funding-not-recorded")
                } else {
                    names.join(", ")
                },
            ),
        ];
        let rows = ia
            .entries
            .iter()
            .map(|e| ImpactRow {
                characteristic: characteristic_name(t, e.characteristic),
                impact: t.get(&format!("impact-{}", e.impact.as_str())),
                evidence: e.evidence.clone(),
                mitigation: e.mitigation.clone(),
            })
            .collect();
        (about, rows)
    });
    ChangePage {
        details,
        actions,
        tasks: view
            .tasks
            .tasks
            .iter()
            .map(|task| task_row(t, task))
            .collect(),
        next: view.tasks.next.map(|(step, date)| {
            t.with(
                "funding-next-deadline",
                &[
                    ("step", Arg::Text(step_name(t, step))),
                    ("date", Arg::Text(t.date(&date))),
                ],
            )
        }),
        impact,
        findings: view.findings.iter().map(|f| finding_row(t, f)).collect(),
        frame,
    }
}

pub async fn change(
    State(state): State<AppState>,
    visit: Visit,
    Path((slug, id, change)): Path<(String, i64, i64)>,
    Query(done): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .change_view(
            &visit.acting(),
            &slug,
            AgreementId(id),
            FundingChangeId(change),
        )
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    let t = Tr::new(visit.lang);
    Ok(render(&change_page(&t, &visit, &view, done.notice(&t))))
}
