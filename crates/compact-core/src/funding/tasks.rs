//! The reduction procedure as a task list: the steps a Compact's
//! definition asks for before funding is reduced or ended
//! (`ReductionProcedure`), each with its deadline, who took it and when,
//! and its state on a given day.
//!
//! The deadlines use the calendar's semantics (`crate::calendar`), the
//! same the rules engine judges the change by, so a step done by its
//! deadline draws no finding:
//!
//! - the **consultation** must run its full length and close before the
//!   decision: it opens at the latest `weeks` weeks before the day before
//!   the decision (shorter only by agreement at the outset, with a reason,
//!   where the Compact allows it);
//! - the **criteria** are published when it opens (by the latest opening
//!   day while it has not opened);
//! - the **impact assessment** is completed by the decision, jointly;
//! - the **feedback** is reviewed by the decision;
//! - **formal notice** is given by the last day on which notice of the set
//!   months still expires by the day the change takes effect.

use crate::calendar::{self, Date};
use crate::definition::ReductionProcedure;
use crate::model::{Consultation, FundingChange, ReductionStep, StepRecord};
use serde::Serialize;

/// Where a step stands on the day asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum TaskState {
    /// Taken on `on`; `in_time` when it met its deadline and the
    /// procedure's terms (a full-length consultation, a joint assessment).
    Done { on: Date, in_time: bool },
    /// Still to do, by `deadline`.
    DueBy { deadline: Date },
    /// Not done, and its deadline has passed.
    Overdue { deadline: Date },
    /// The Compact's procedure does not ask for it.
    NotNeeded,
}

/// One step of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    pub step: ReductionStep,
    /// The last day to take it on time (`None` when it is not needed).
    pub deadline: Option<Date>,
    pub state: TaskState,
    /// Who took it, as recorded.
    pub done_by: Option<String>,
    /// What was recorded with it (the reason a consultation was
    /// shortened, for one).
    pub note: String,
}

/// The whole list, in the order the steps are taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskList {
    pub tasks: Vec<Task>,
    /// The step still to do whose deadline comes first, and that deadline.
    pub next: Option<(ReductionStep, Date)>,
}

impl TaskList {
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }
}

/// Whether `procedure` asks for `step` at all.
pub fn asks_for(procedure: &ReductionProcedure, step: ReductionStep) -> bool {
    match step {
        ReductionStep::Consultation | ReductionStep::FeedbackReviewed => {
            procedure.consultation_weeks > 0
        }
        ReductionStep::CriteriaPublished => {
            procedure.consultation_weeks > 0 && procedure.criteria_published_at_launch
        }
        ReductionStep::ImpactAssessment => procedure.joint_impact_assessment,
        ReductionStep::FormalNotice => procedure.formal_notice_months > 0,
    }
}

/// The last day a consultation of `weeks` weeks can open and still close
/// before a decision on `decided_on`.
pub fn latest_consultation_opening(decided_on: Date, weeks: u32) -> Date {
    calendar::weeks_before(calendar::days_before(decided_on, 1), weeks)
}

/// The task list of `change` on `today`, under `procedure` (none when the
/// Compact has no reduction procedure or the change does not cut funding).
/// `consultation` is the consultation the change names, if recorded.
pub fn reduction_tasks(
    procedure: Option<&ReductionProcedure>,
    change: &FundingChange,
    consultation: Option<&Consultation>,
    today: Date,
) -> TaskList {
    let Some(procedure) = procedure.filter(|_| change.kind.cuts_funding()) else {
        return TaskList {
            tasks: Vec::new(),
            next: None,
        };
    };
    // Only what has happened by `today` counts as done.
    let happened = |d: Option<Date>| d.filter(|d| *d <= today);
    let consultation = consultation.filter(|c| c.opened_on <= today);
    let latest_open = latest_consultation_opening(change.decided_on, procedure.consultation_weeks);
    let recorded = |step| last_record(&change.steps, step, today);
    let tasks = ReductionStep::ALL
        .into_iter()
        .map(|step| {
            if !asks_for(procedure, step) {
                return Task {
                    step,
                    deadline: None,
                    state: TaskState::NotNeeded,
                    done_by: None,
                    note: String::new(),
                };
            }
            let record = recorded(step);
            let (deadline, done) = match step {
                ReductionStep::Consultation => {
                    let done = consultation.map(|c| {
                        let allowed_shorter = procedure.shorter_by_agreement
                            && c.shorter_period_reason
                                .as_deref()
                                .is_some_and(|r| !r.trim().is_empty());
                        let long_enough = allowed_shorter
                            || calendar::meets_period(
                                c.opened_on,
                                c.closes_on,
                                procedure.consultation_weeks,
                            );
                        (c.opened_on, long_enough && c.closes_on < change.decided_on)
                    });
                    (latest_open, done)
                }
                ReductionStep::CriteriaPublished => {
                    let deadline = consultation.map_or(latest_open, |c| c.opened_on);
                    let on = happened(consultation.and_then(|c| c.criteria_published_on))
                        .or(record.map(|r| r.done_on));
                    (deadline, on.map(|on| (on, on <= deadline)))
                }
                ReductionStep::ImpactAssessment => {
                    let done = change
                        .impact_assessment
                        .as_ref()
                        .filter(|ia| ia.completed_on <= today)
                        .map(|ia| {
                            (
                                ia.completed_on,
                                ia.joint && ia.completed_on <= change.decided_on,
                            )
                        });
                    (change.decided_on, done)
                }
                ReductionStep::FeedbackReviewed => {
                    let done = record.map(|r| {
                        let after_close = consultation.is_none_or(|c| c.closes_on <= r.done_on);
                        (r.done_on, after_close && r.done_on <= change.decided_on)
                    });
                    (change.decided_on, done)
                }
                ReductionStep::FormalNotice => {
                    let deadline = calendar::latest_notice_day(
                        change.effective_on,
                        procedure.formal_notice_months,
                    );
                    let on = happened(change.notice_given_on).or(record.map(|r| r.done_on));
                    (deadline, on.map(|on| (on, on <= deadline)))
                }
            };
            let state = match done {
                Some((on, in_time)) => TaskState::Done { on, in_time },
                None if today > deadline => TaskState::Overdue { deadline },
                None => TaskState::DueBy { deadline },
            };
            Task {
                step,
                deadline: Some(deadline),
                state,
                done_by: record.map(|r| r.done_by.clone()).filter(|b| !b.is_empty()),
                note: record.map(|r| r.note.clone()).unwrap_or_default(),
            }
        })
        .collect::<Vec<_>>();
    let next = tasks
        .iter()
        .filter_map(|t| match t.state {
            TaskState::DueBy { deadline } | TaskState::Overdue { deadline } => {
                Some((t.step, deadline))
            }
            _ => None,
        })
        .min_by_key(|(step, deadline)| (*deadline, *step));
    TaskList { tasks, next }
}

/// The latest record of `step` made by `today`.
fn last_record(steps: &[StepRecord], step: ReductionStep, today: Date) -> Option<&StepRecord> {
    steps
        .iter()
        .filter(|r| r.step == step && r.done_on <= today)
        .max_by_key(|r| r.done_on)
}
