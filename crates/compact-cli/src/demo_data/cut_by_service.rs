//! A cut recorded through the service for the demo, by the same use cases
//! the funding pages call, after every other record so that the numbers of
//! those before it stay as they were.
//!
//! It breaks the reduction procedure in the two ways the showcase's cuts do
//! not: its consultation ran six weeks with no shorter period agreed at the
//! outset, and no decision criteria were published when it opened. The
//! responses were reviewed and formal notice given in time, so its change
//! page shows the steps done and those two findings.

use anyhow::Result;
use compact_app::{Acting, App};
use compact_core::calendar::{days_after, days_before, months_after, weeks_after};
use compact_core::funding::{AgreementInput, ChangeInput, StepInput};
use compact_core::{AgreementId, Date, OrganisationId};

fn typed(date: Date) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Enter the agreement from `funder` to `recipient`, its cut and the
/// cut's steps; answers the agreement's number.
pub async fn make(
    app: &App,
    slug: &str,
    today: Date,
    funder: OrganisationId,
    recipient: OrganisationId,
) -> Result<AgreementId> {
    let operator = Acting::operator("compact demo");
    let starts_on = days_before(today, 400);
    let agreement = AgreementInput {
        title: "Befriending for isolated older people".into(),
        funder: funder.0.to_string(),
        recipient: format!("#{}", recipient.0),
        kind: "grant".into(),
        purpose: "Weekly visits and telephone calls to people living alone".into(),
        amount: "90,000".into(),
        starts_on: typed(starts_on),
        ends_on: typed(days_before(months_after(starts_on, 36), 1)),
        paid_in: "advance".into(),
        monitoring: "People befriended and visits made, each quarter".into(),
        exit_strategy_agreed_on: typed(starts_on),
        exit_strategy_summary: "Volunteers take on more visits in the last year".into(),
        full_cost_recovery: "no".into(),
    };
    let id = app.create_agreement(&operator, slug, &agreement).await?;
    let decided_on = days_before(today, 10);
    let notice_given_on = days_before(today, 8);
    let change = ChangeInput {
        kind: "reduction".into(),
        decided_on: typed(decided_on),
        notice_given_on: typed(notice_given_on),
        effective_on: typed(days_after(today, 120)),
        new_amount: "60,000".into(),
    };
    let change = app.record_change(&operator, slug, id, &change).await?;
    let opened_on = days_before(today, 80);
    let steps = [
        (
            "consultation",
            opened_on,
            "Adult services team",
            typed(weeks_after(opened_on, 6)),
        ),
        (
            "feedback_reviewed",
            days_before(decided_on, 4),
            "Cabinet member for adult care",
            String::new(),
        ),
        (
            "formal_notice",
            notice_given_on,
            "Head of adult services",
            String::new(),
        ),
    ];
    for (step, done_on, done_by, closes_on) in steps {
        let input = StepInput {
            step: step.into(),
            done_on: typed(done_on),
            done_by: done_by.into(),
            note: String::new(),
            closes_on,
            shortened: false,
        };
        app.record_step(&operator, slug, id, change, &input).await?;
    }
    Ok(id)
}
