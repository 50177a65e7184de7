//! From the raw file to the domain types, continued: the measurable
//! standards, the dispute procedure, the review cycle and equality.
//!
//! Periods are range-checked here. A period of zero or less is meaningless,
//! and one of more than ten years is almost certainly a typo (days for weeks,
//! an extra zero), so both are rejected with the unit named.

use super::checks::{text, unknown_ref, Ids};
use super::parse::Problems;
use super::raw::*;
use super::*;

/// The units of a period and the longest plausible value of each (about ten
/// years, or 25 for agreement lengths).
#[derive(Clone, Copy)]
enum Unit {
    Weeks,
    Months,
    Days,
    Years,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Weeks => "weeks",
            Unit::Months => "months",
            Unit::Days => "days",
            Unit::Years => "years",
        }
    }

    fn max(self) -> i64 {
        match self {
            Unit::Weeks => 520,
            Unit::Months => 120,
            Unit::Days => 3650,
            Unit::Years => 25,
        }
    }
}

/// A period: a whole number of `unit` in `1..=unit.max()`.
fn period(value: &S<i64>, key: &str, unit: Unit, p: &mut Problems) -> u32 {
    let n = *value.get_ref();
    let name = unit.name();
    if n < 1 {
        p.at(
            value.span(),
            format!("`{key}` must be a positive number of {name} (at least 1), found {n}"),
        );
        0
    } else if n > unit.max() {
        p.at(
            value.span(),
            format!(
                "`{key} = {n}` is longer than any Compact period could plausibly be (at most \
                 {} {name}); check the number and the unit",
                unit.max()
            ),
        );
        0
    } else {
        u32::try_from(n).unwrap_or(0)
    }
}

pub(super) fn standards(raw: RawStandards, p: &mut Problems) -> Standards {
    Standards {
        consultation: raw.consultation.map(|c| ConsultationStandard {
            weeks: period(&c.weeks, "weeks", Unit::Weeks, p),
            shorter_needs_reason: c.shorter_needs_reason,
            feedback_within_days: c
                .feedback_within_days
                .map(|d| period(&d, "feedback_within_days", Unit::Days, p)),
            strength: c.strength,
        }),
        funding_notice: raw.funding_notice.map(|f| FundingNoticeStandard {
            weeks: period(&f.weeks, "weeks", Unit::Weeks, p),
            strength: f.strength,
        }),
        reduction: raw.reduction.map(|r| ReductionProcedure {
            consultation_weeks: period(&r.consultation_weeks, "consultation_weeks", Unit::Weeks, p),
            shorter_by_agreement: r.shorter_by_agreement,
            criteria_published_at_launch: r.criteria_published_at_launch,
            joint_impact_assessment: r.joint_impact_assessment,
            formal_notice_months: period(
                &r.formal_notice_months,
                "formal_notice_months",
                Unit::Months,
                p,
            ),
            strength: r.strength,
        }),
        agreement_length: raw.agreement_length.map(|a| AgreementLength {
            preferred_years: period(&a.preferred_years, "preferred_years", Unit::Years, p),
            strength: a.strength,
        }),
        payment: raw.payment.map(|pay| PaymentTerms {
            on_agreed_dates: pay.on_agreed_dates,
            in_advance_preferred: pay.in_advance_preferred,
            strength: pay.strength,
        }),
        exit_strategy: raw.exit_strategy.map(|e| ExitStrategy {
            required: e.required,
            strength: e.strength,
        }),
        champion: raw.champion.map(|c| ChampionStandard {
            required: c.required,
            trained_within_days: c
                .trained_within_days
                .map(|d| period(&d, "trained_within_days", Unit::Days, p)),
            strength: c.strength,
        }),
        kitemark: raw.kitemark.map(|k| Kitemark {
            name: text(&k.name, "name", p),
            description: k.description.trim().to_string(),
        }),
    }
}

pub(super) fn disputes(raw: S<RawDisputes>, bodies: &[Body], p: &mut Problems) -> DisputeProcedure {
    let span = raw.span();
    let raw = raw.into_inner();
    if raw.stage.is_empty() {
        p.at(
            span,
            "[disputes] has no stages; add at least one [[disputes.stage]], or remove [disputes] \
             if the Compact states no procedure",
        );
    }
    let mut stage_ids = Ids::new("stage");
    // Deadline ids are unique across the whole procedure, so a finding can
    // name one without also naming its stage.
    let mut deadline_ids = Ids::new("deadline");
    let stages = raw
        .stage
        .into_iter()
        .map(|s| {
            let r = s.into_inner();
            let deadlines = r
                .deadline
                .into_iter()
                .map(|d| {
                    let d = d.into_inner();
                    if d.from.get_ref() == d.until.get_ref() {
                        p.at(
                            d.until.span(),
                            "a deadline runs from one event until a different one; `from` and \
                             `until` are the same here",
                        );
                    }
                    StageDeadline {
                        id: deadline_ids.add(&d.id, p),
                        description: d.description.trim().to_string(),
                        from: *d.from.get_ref(),
                        until: *d.until.get_ref(),
                        days: period(&d.days, "days", Unit::Days, p),
                        strength: d.strength,
                    }
                })
                .collect();
            DisputeStage {
                id: stage_ids.add(&r.id, p),
                name: text(&r.name, "name", p),
                handled_by: handler(&r.handled_by, bodies, p),
                description: r.description.trim().to_string(),
                deadlines,
            }
        })
        .collect();
    DisputeProcedure { stages }
}

/// `parties`, `secretariat`, `body:ID` or `external:WHO`. A string rather
/// than a table because it reads as a sentence: "handled by body:compact-group".
fn handler(raw: &S<String>, bodies: &[Body], p: &mut Problems) -> Handler {
    let value = raw.get_ref().trim();
    let expected = "expected `parties`, `secretariat`, `body:ID` (the id of a [[body]]) or \
                    `external:WHO` (e.g. `external:An independent mediator`)";
    if value == "parties" {
        Handler::Parties
    } else if value == "secretariat" {
        Handler::Secretariat
    } else if let Some(id) = value.strip_prefix("body:") {
        let id = id.trim();
        if !bodies.iter().any(|b| b.id == id) {
            p.at(
                raw.span(),
                unknown_ref("body", id, bodies.iter().map(|b| b.id.as_str())),
            );
        }
        Handler::Body(id.to_string())
    } else if let Some(who) = value.strip_prefix("external:") {
        let who = who.trim();
        if who.is_empty() {
            p.at(raw.span(), "`external:` needs to say who handles the stage, e.g. `external:An independent mediator`");
        }
        Handler::External(who.to_string())
    } else {
        p.at(
            raw.span(),
            format!("`{value}` is not a handler; {expected}"),
        );
        Handler::Parties
    }
}

pub(super) fn review(raw: RawReview, bodies: &[Body], p: &mut Problems) -> ReviewCycle {
    let by_body = raw.by_body.map(|b| {
        let id = b.get_ref().trim().to_string();
        if !bodies.iter().any(|x| x.id == id) {
            p.at(
                b.span(),
                unknown_ref("body", &id, bodies.iter().map(|x| x.id.as_str())),
            );
        }
        id
    });
    let mut areas: Vec<String> = Vec::new();
    for a in &raw.action_plan_areas {
        let area = text(a, "action_plan_areas", p);
        if !area.is_empty() && areas.contains(&area) {
            p.at(
                a.span(),
                format!("action plan area `{area}` is listed twice"),
            );
        } else {
            areas.push(area);
        }
    }
    ReviewCycle {
        by_body,
        annual_review: raw.annual_review,
        annual_report: raw.annual_report,
        annual_meeting: raw.annual_meeting,
        action_plan_areas: areas,
    }
}

pub(super) fn protected_characteristics(
    raw: Vec<S<ProtectedCharacteristic>>,
    p: &mut Problems,
) -> Vec<ProtectedCharacteristic> {
    let mut out = Vec::new();
    for c in raw {
        if out.contains(c.get_ref()) {
            let name = serde_json::to_value(c.get_ref())
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            p.at(
                c.span(),
                format!("protected characteristic `{name}` is listed twice"),
            );
        } else {
            out.push(*c.get_ref());
        }
    }
    out
}
