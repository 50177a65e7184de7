//! The rows of a council's spreadsheet of consultations: each checked
//! through the consultation form's own input, and matched with the
//! consultation its lead keeps under the same reference.
//!
//! A spreadsheet is the council's record of consultations it has run, so
//! a row is published unless it says `draft`, and may carry the feedback
//! published after the close. What the service lets no one do on a page,
//! the file may not do either: a published consultation's details and
//! published feedback do not change, and nothing goes back to draft.

use super::directory::Directory;
use super::plan::{refuse_unless_allowed, Cells, Index, Planned, RecordPlan, RowCheck};
use crate::calendar::{parse_typed_date, Date};
use crate::consultation::{
    Choices, ConsultationInput, Details, DocumentInput, Feedback, FeedbackInput, Status,
    MAX_DOCUMENTS,
};
use crate::definition::Sector;
use crate::ids::{ConsultationId, OrganisationId};
use crate::import::RowProblem;
use crate::register::{FieldProblem, Problem};

/// A consultation as a row gives it, or as stored with a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationRecord {
    /// Its number; 0 for one a row would create.
    pub id: ConsultationId,
    pub lead: OrganisationId,
    pub status: Status,
    pub details: Details,
    /// The feedback, "you said, we did", and the day it was published:
    /// both or neither.
    pub feedback: Option<Feedback>,
    pub feedback_published_on: Option<Date>,
    /// Documents uploaded on its page (stored consultations only): they
    /// count with its links against [`MAX_DOCUMENTS`].
    pub uploads: usize,
}

/// The feedback columns, named as [`FeedbackInput`]'s fields and as the
/// layout's columns.
const FEEDBACK_COLUMNS: [(&str, &str); 4] = [
    ("heard", "feedback_heard"),
    ("changed", "feedback_changed"),
    ("decision", "decision"),
    ("decided_on", "decided_on"),
];
const PUBLISHED_ON: &str = "feedback_published_on";
/// The column naming the body a row records for, and what of its the row
/// records: a lead's consultations.
const LEAD: (&str, &str) = ("lead", "consultations");

/// The things a list cell names: separated by semicolons or line breaks.
fn items(cell: &str) -> Vec<String> {
    cell.split([';', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(String::from)
        .collect()
}

/// A name as a person writes it in a list ("Religion or belief", "VCSE")
/// in the form the Compact's definition names it ("religion_or_belief").
fn choice_key(text: &str) -> String {
    text.trim().to_lowercase().replace([' ', '-'], "_")
}

/// What a list column of this Compact takes, for the message refusing a
/// name it does not.
fn allowed_names(column: &str, choices: Choices) -> Option<String> {
    fn names<T: serde::Serialize>(list: &[T]) -> Vec<String> {
        list.iter()
            .filter_map(|item| serde_json::to_value(item).ok())
            .filter_map(|value| value.as_str().map(|name| name.replace('_', " ")))
            .collect()
    }
    let (what, names) = match column {
        "sectors" => ("sectors", names(choices.sectors)),
        "characteristics" => ("protected characteristics", names(choices.characteristics)),
        _ => return None,
    };
    Some(if names.is_empty() {
        format!("this Compact lists no {what}: leave this cell empty")
    } else {
        format!(
            "this must list {what} this Compact names ({}), separated by semicolons",
            names.join(", ")
        )
    })
}

/// A row of consultations: its lead's number (to tell repeats) and the
/// consultation, when it checks out.
pub(super) fn row(
    cell: &Cells,
    check: &mut RowCheck,
    directory: &Directory,
    today: Date,
    choices: Choices,
    may_record: &dyn Fn(OrganisationId) -> bool,
) -> Option<(i64, Option<RecordPlan>)> {
    let lead = match cell.get("lead") {
        "" => {
            check.flag(
                "lead",
                "this cell is empty: name the public body that leads the consultation",
            );
            None
        }
        value => match directory.find(value) {
            Ok(p) if p.kind.sector() == Sector::Public => Some(p.id),
            Ok(p) => {
                check.flag(
                    "lead",
                    format!(
                        "{} is not a public body: a consultation under the Compact is led by \
                         a public body",
                        p.name
                    ),
                );
                None
            }
            Err(problem) => {
                check.flag("lead", problem);
                None
            }
        },
    };
    if let Some(lead) = lead {
        refuse_unless_allowed(check, LEAD, directory, lead, may_record);
    }
    let input = ConsultationInput {
        title: cell.get("title").to_string(),
        summary: cell.get("summary").to_string(),
        proposal: cell.get("proposal").to_string(),
        sectors: items(cell.get("sectors"))
            .iter()
            .map(|s| choice_key(s))
            .collect(),
        areas_of_work: items(cell.get("areas_of_work")),
        characteristics: items(cell.get("characteristics"))
            .iter()
            .map(|s| choice_key(s))
            .collect(),
        opened_on: cell.get("opened_on").to_string(),
        closes_on: cell.get("closes_on").to_string(),
        shorter_period_reason: cell.get("shorter_period_reason").to_string(),
        documents: items(cell.get("documents"))
            .iter()
            .flat_map(|line| DocumentInput::from_lines(line))
            .collect(),
        how_to_respond: cell.get("how_to_respond").to_string(),
        resources: cell.get("resources").to_string(),
        contact_name: cell.get("contact_name").to_string(),
        contact_email: cell.get("contact_email").to_string(),
    };
    let details = match input.check(today, choices) {
        Ok(details) => Some(details),
        Err(problems) => {
            // A list's names are the Compact's own: say which they are.
            for p in &problems {
                if p.problem == Problem::WrongFormat {
                    if let Some(names) = allowed_names(p.field, choices) {
                        check.flag(p.field, names);
                    }
                }
            }
            check.form(problems);
            None
        }
    };
    let status = match cell.get("status").to_lowercase().as_str() {
        "" | "published" => Some(Status::Published),
        "draft" => Some(Status::Draft),
        _ => {
            check.flag(
                "status",
                "this must be published, draft or empty (which means published)",
            );
            None
        }
    };
    let feedback = feedback(cell, check, today, details.as_ref(), status);
    let record = match (lead, details, status, feedback) {
        (Some(lead), Some(details), Some(status), Some(feedback)) => {
            let (feedback, feedback_published_on) = feedback.unzip();
            Some(RecordPlan::Consultation(Box::new(ConsultationRecord {
                id: ConsultationId(0),
                lead,
                status,
                details,
                feedback,
                feedback_published_on,
                uploads: 0,
            })))
        }
        _ => None,
    };
    lead.map(|lead| (lead.0, record))
}

/// The feedback a row gives, with the day it was published: `Some(None)`
/// when it gives none, `None` when what it gives is wrong (the problems
/// are flagged).
fn feedback(
    cell: &Cells,
    check: &mut RowCheck,
    today: Date,
    details: Option<&Details>,
    status: Option<Status>,
) -> Option<Option<(Feedback, Date)>> {
    let given = FEEDBACK_COLUMNS
        .iter()
        .map(|(_, column)| *column)
        .chain([PUBLISHED_ON])
        .any(|column| !cell.get(column).is_empty());
    if !given {
        return Some(None);
    }
    if status == Some(Status::Draft) {
        check.flag(
            "status",
            "a draft has no feedback: feedback follows a published consultation's close; \
             make the status published or leave the feedback columns empty",
        );
        return None;
    }
    // Without the consultation's own dates the feedback's cannot be
    // judged; its problems are flagged already.
    let details = details?;
    let input = FeedbackInput {
        heard: cell.get("feedback_heard").to_string(),
        changed: cell.get("feedback_changed").to_string(),
        decision: cell.get("decision").to_string(),
        decided_on: cell.get("decided_on").to_string(),
    };
    let checked = input.check(today, details.opened_on);
    let published_on = published_on(cell, check, today, details.closes_on);
    match checked {
        Ok(feedback) => {
            let on = published_on?;
            if on < feedback.decided_on {
                check.flag(
                    PUBLISHED_ON,
                    format!(
                        "the feedback gives the decision, so it is published on or after the \
                         decision's date, {}",
                        feedback.decided_on
                    ),
                );
                return None;
            }
            Some(Some((feedback, on)))
        }
        Err(problems) => {
            check.form(
                problems
                    .into_iter()
                    .map(|p| FieldProblem {
                        field: FEEDBACK_COLUMNS
                            .iter()
                            .find(|(field, _)| *field == p.field)
                            .map_or(p.field, |(_, column)| column),
                        ..p
                    })
                    .collect(),
            );
            None
        }
    }
}

/// The day the feedback was published: after the close, and not later
/// than today.
fn published_on(cell: &Cells, check: &mut RowCheck, today: Date, closes_on: Date) -> Option<Date> {
    let text = cell.get(PUBLISHED_ON);
    let problem = match parse_typed_date(text) {
        _ if text.is_empty() => {
            "this cell is empty: give the day the feedback was published".into()
        }
        None => "this is not a date: write it as 2026-03-31 or 31/03/2026".into(),
        Some(on) if on <= closes_on => {
            format!("feedback follows the close: this must be after the closing date, {closes_on}")
        }
        Some(on) if on > today => format!("this date must be on or before {today}"),
        Some(on) => return Some(on),
    };
    check.flag(PUBLISHED_ON, problem);
    None
}

/// A good row (row `row`) against the consultation its lead keeps under
/// `reference`: created, changed, left alone, or refused where the change
/// is one the service allows no one (see the module documentation). A row
/// without feedback leaves feedback published on the page as it is.
pub(super) fn compare(
    wanted: &ConsultationRecord,
    reference: &str,
    index: &Index,
    row: u64,
) -> Planned {
    let Some(&stored) = index.consultations.get(&(wanted.lead, reference)) else {
        return Planned::Create(RecordPlan::Consultation(Box::new(wanted.clone())));
    };
    let mut after = ConsultationRecord {
        id: stored.id,
        uploads: stored.uploads,
        ..wanted.clone()
    };
    if after.feedback.is_none() {
        after.feedback.clone_from(&stored.feedback);
        after.feedback_published_on = stored.feedback_published_on;
    }
    if after == *stored {
        return Planned::Unchanged;
    }
    let refused = |column: &str, problem: String| {
        Planned::Refused(vec![RowProblem::new(row, column, problem)])
    };
    if stored.status == Status::Published {
        if after.status == Status::Draft {
            return refused(
                "status",
                "this consultation is published, and a published consultation does not go \
                 back to draft"
                    .into(),
            );
        }
        if let Some(column) = differing_column(&stored.details, &after.details) {
            return refused(
                column,
                "this consultation is published, so what it said no longer changes and this \
                 cell differs from it; only feedback may be added to it"
                    .into(),
            );
        }
    }
    if let Some(on) = stored.feedback_published_on {
        if after.feedback != stored.feedback || after.feedback_published_on != Some(on) {
            return refused(
                feedback_differs(stored.feedback.as_ref(), after.feedback.as_ref())
                    .unwrap_or(PUBLISHED_ON),
                format!(
                    "the feedback was published on {on}, and published feedback does not change"
                ),
            );
        }
    }
    if after.details.documents.len() + after.uploads > MAX_DOCUMENTS {
        return refused(
            "documents",
            format!(
                "with the {} document(s) uploaded on its page this is more than the \
                 {MAX_DOCUMENTS} a consultation may have",
                after.uploads
            ),
        );
    }
    Planned::Update {
        before: RecordPlan::Consultation(Box::new(stored.clone())),
        after: RecordPlan::Consultation(Box::new(after)),
    }
}

/// The first column whose details differ, if any.
fn differing_column(a: &Details, b: &Details) -> Option<&'static str> {
    let columns = [
        ("title", a.title != b.title),
        ("summary", a.summary != b.summary),
        ("proposal", a.proposal != b.proposal),
        ("sectors", a.sectors != b.sectors),
        ("areas_of_work", a.areas_of_work != b.areas_of_work),
        ("characteristics", a.characteristics != b.characteristics),
        ("opened_on", a.opened_on != b.opened_on),
        ("closes_on", a.closes_on != b.closes_on),
        (
            "shorter_period_reason",
            a.shorter_period_reason != b.shorter_period_reason,
        ),
        ("documents", a.documents != b.documents),
        ("how_to_respond", a.how_to_respond != b.how_to_respond),
        ("resources", a.resources != b.resources),
        ("contact_name", a.contact_name != b.contact_name),
        ("contact_email", a.contact_email != b.contact_email),
    ];
    columns
        .into_iter()
        .find(|(_, differs)| *differs)
        .map(|(column, _)| column)
}

/// The first feedback column that differs, if any.
fn feedback_differs(a: Option<&Feedback>, b: Option<&Feedback>) -> Option<&'static str> {
    let (a, b) = (a?, b?);
    let columns = [
        ("feedback_heard", a.heard != b.heard),
        ("feedback_changed", a.changed != b.changed),
        ("decision", a.decision != b.decision),
        ("decided_on", a.decided_on != b.decided_on),
    ];
    columns
        .into_iter()
        .find(|(_, differs)| *differs)
        .map(|(column, _)| column)
}
