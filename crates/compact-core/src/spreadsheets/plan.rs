//! What each row of a council's spreadsheet means for the records as they
//! stand: checked through the forms' own inputs, matched by the council's
//! `reference`, allowed or not for the one importing.

use super::consultations::{self, ConsultationRecord};
use super::directory::Directory;
use super::words::describe;
use super::{Sheet, SheetKind};
use crate::calendar::Date;
use crate::consultation::Choices;
use crate::funding::{AgreementInput, ChangeInput, PaymentInput};
use crate::ids::*;
use crate::import::RowProblem;
use crate::model::{FundingAgreement, FundingChange, Payment};
use crate::register::FieldProblem;
use std::collections::HashMap;

/// The longest reference kept: councils' references are short codes.
pub const MAX_REFERENCE: usize = 100;

/// The records already stored that carry a council's reference: what
/// rows are matched against. Agreements come without payments or
/// changes.
#[derive(Debug, Default, Clone)]
pub struct StoredRecords {
    pub consultations: Vec<(String, ConsultationRecord)>,
    pub agreements: Vec<(String, FundingAgreement)>,
    pub payments: Vec<(AgreementId, String, Payment)>,
    pub changes: Vec<(AgreementId, String, FundingChange)>,
}

/// The stored records by what a row finds them by, so each row is a
/// lookup however many records are stored.
pub(super) struct Index<'s> {
    /// Agreements by reference: one per funder.
    agreements: HashMap<&'s str, Vec<&'s FundingAgreement>>,
    payments: HashMap<(AgreementId, &'s str), &'s Payment>,
    changes: HashMap<(AgreementId, &'s str), &'s FundingChange>,
    pub(super) consultations: HashMap<(OrganisationId, &'s str), &'s ConsultationRecord>,
}

impl<'s> Index<'s> {
    fn new(stored: &'s StoredRecords) -> Index<'s> {
        let mut agreements: HashMap<&str, Vec<&FundingAgreement>> = HashMap::new();
        for (reference, a) in &stored.agreements {
            agreements.entry(reference.as_str()).or_default().push(a);
        }
        Index {
            agreements,
            payments: stored
                .payments
                .iter()
                .map(|(of, r, p)| ((*of, r.as_str()), p))
                .collect(),
            changes: stored
                .changes
                .iter()
                .map(|(of, r, c)| ((*of, r.as_str()), c))
                .collect(),
            consultations: stored
                .consultations
                .iter()
                .map(|(r, c)| ((c.lead, r.as_str()), c))
                .collect(),
        }
    }

    /// The agreements with `reference`, of `funder` when one is named.
    fn agreements(
        &self,
        reference: &str,
        funder: Option<OrganisationId>,
    ) -> impl Iterator<Item = &'s FundingAgreement> + '_ {
        self.agreements
            .get(reference)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |a| funder.is_none_or(|f| a.funder == f))
    }
}

/// A record as a row gives it. A new one is numbered 0; one that changes
/// a stored record carries that record's number.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordPlan {
    /// Boxed: a consultation's texts make it twice an agreement's size.
    Consultation(Box<ConsultationRecord>),
    Agreement(FundingAgreement),
    Payment {
        agreement: AgreementId,
        payment: Payment,
    },
    Change {
        agreement: AgreementId,
        change: FundingChange,
    },
}

/// What one row means.
#[derive(Debug, Clone, PartialEq)]
pub enum Planned {
    Create(RecordPlan),
    Update {
        before: RecordPlan,
        after: RecordPlan,
    },
    Unchanged,
    Refused(Vec<RowProblem>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRow {
    pub row: u64,
    pub reference: String,
    pub planned: Planned,
}

/// The cells of one good row, by column.
pub(super) struct Cells<'a> {
    sheet: &'a Sheet,
    cells: &'a [String],
}

impl<'a> Cells<'a> {
    pub(super) fn get(&self, column: &str) -> &'a str {
        self.sheet.cell(self.cells, column)
    }
}

/// The problems of one row, by column.
pub(super) struct RowCheck {
    pub(super) row: u64,
    pub(super) problems: Vec<RowProblem>,
}

impl RowCheck {
    pub(super) fn flag(&mut self, column: &str, problem: impl Into<String>) {
        self.problems
            .push(RowProblem::new(self.row, column, problem.into()));
    }

    pub(super) fn has(&self, column: &str) -> bool {
        self.problems.iter().any(|p| p.column == column)
    }

    /// The form's problems, except for columns already flagged (an
    /// organisation not found is not also "missing").
    pub(super) fn form(&mut self, problems: Vec<FieldProblem>) {
        for p in problems {
            if !self.has(p.field) {
                self.flag(p.field, describe(&p));
            }
        }
    }
}

/// What each row of `sheet` means (see the module documentation).
/// `may_record` says whether the one importing may record for a public
/// body: its funding (`Viewer::may_record_funding`) or its consultations
/// (`Viewer::may_lead_consultation`), as the sheet holds; a row for any
/// other body is refused. `choices` are what the Compact lets a
/// consultation name as affected. A row that repeats an earlier row's
/// record (same reference, same funder, lead or agreement), even a refused
/// one, is refused, so the file cannot decide twice about one record.
pub fn plan(
    sheet: &Sheet,
    directory: &Directory,
    stored: &StoredRecords,
    today: Date,
    choices: Choices,
    may_record: &dyn Fn(OrganisationId) -> bool,
) -> Vec<PlannedRow> {
    let index = Index::new(stored);
    let mut seen: HashMap<(i64, String), u64> = HashMap::new();
    let mut planned = Vec::with_capacity(sheet.rows.len());
    for row in &sheet.rows {
        let cells = match &row.cells {
            Ok(cells) => cells,
            Err(problems) => {
                planned.push(PlannedRow {
                    row: row.row,
                    reference: String::new(),
                    planned: Planned::Refused(problems.clone()),
                });
                continue;
            }
        };
        let cell = Cells { sheet, cells };
        let cell = &cell;
        let mut check = RowCheck {
            row: row.row,
            problems: Vec::new(),
        };
        let reference = cell.get("reference").to_string();
        if reference.is_empty() {
            check.flag(
                "reference",
                "this cell is empty: every row needs the council's own reference",
            );
        } else if reference.chars().count() > MAX_REFERENCE {
            check.flag(
                "reference",
                format!("a reference may be at most {MAX_REFERENCE} characters"),
            );
        }
        let record = match sheet.kind {
            SheetKind::Consultations => {
                consultations::row(cell, &mut check, directory, today, choices, may_record)
            }
            SheetKind::Agreements => agreement_row(cell, &mut check, directory, today, may_record),
            SheetKind::Payments | SheetKind::Changes => part_row(
                sheet.kind, cell, &mut check, directory, &index, today, may_record,
            ),
        };
        // The record a row is about: its lead's, funder's or agreement's
        // number with the reference.
        if let Some((owner, _)) = &record {
            if !reference.is_empty() {
                match seen.get(&(*owner, reference.clone())) {
                    Some(earlier) => check.flag(
                        "reference",
                        format!("row {earlier} has the same reference for the same record; each record may appear once in a file"),
                    ),
                    None => {
                        seen.insert((*owner, reference.clone()), row.row);
                    }
                }
            }
        }
        let planned_row = match record {
            Some((_, Some(wanted))) if check.problems.is_empty() => {
                compare(wanted, &reference, &index, row.row)
            }
            _ if check.problems.is_empty() => Planned::Refused(vec![RowProblem::new(
                row.row,
                "",
                "this row could not be read",
            )]),
            _ => Planned::Refused(check.problems),
        };
        planned.push(PlannedRow {
            row: row.row,
            reference,
            planned: planned_row,
        });
    }
    planned
}

/// A row of agreements: its funder's number (to tell repeats) and the
/// agreement, when it checks out.
fn agreement_row(
    cell: &Cells,
    check: &mut RowCheck,
    directory: &Directory,
    today: Date,
    may_record: &dyn Fn(OrganisationId) -> bool,
) -> Option<(i64, Option<RecordPlan>)> {
    let mut party = |column: &'static str| -> String {
        let value = cell.get(column);
        if value.is_empty() {
            return String::new();
        }
        match directory.find(value) {
            Ok(p) => p.id.0.to_string(),
            Err(problem) => {
                check.flag(column, problem);
                String::new()
            }
        }
    };
    let funder = party("funder");
    let recipient = party("recipient");
    let input = AgreementInput {
        title: cell.get("title").to_string(),
        funder: funder.clone(),
        recipient,
        kind: cell.get("kind").to_lowercase(),
        purpose: cell.get("purpose").to_string(),
        amount: cell.get("amount").to_string(),
        starts_on: cell.get("starts_on").to_string(),
        ends_on: cell.get("ends_on").to_string(),
        paid_in: cell.get("paid_in").to_lowercase(),
        monitoring: cell.get("monitoring").to_string(),
        exit_strategy_agreed_on: cell.get("exit_strategy_agreed_on").to_string(),
        exit_strategy_summary: cell.get("exit_strategy_summary").to_string(),
        full_cost_recovery: cell.get("full_cost_recovery").to_lowercase(),
    };
    let funder = funder.parse::<i64>().ok().map(OrganisationId);
    if let Some(f) = funder {
        refuse_unless_allowed(check, FUNDER, directory, f, may_record);
    }
    let checked = input.check(today, |id| directory.kind(id));
    let agreement = match checked {
        Ok(a) => Some(RecordPlan::Agreement(a)),
        Err(problems) => {
            check.form(problems);
            None
        }
    };
    funder.map(|f| (f.0, agreement))
}

/// The column naming the body a row records for, and what of its the row
/// records: a funder's funding.
const FUNDER: (&str, &str) = ("funder", "funding");

/// Refuse the row unless the one importing may record for `body`, named
/// in `column`: its `records` (a funder's funding, a lead's consultations).
pub(super) fn refuse_unless_allowed(
    check: &mut RowCheck,
    (column, records): (&str, &str),
    directory: &Directory,
    body: OrganisationId,
    may_record: &dyn Fn(OrganisationId) -> bool,
) {
    if !may_record(body) && !check.has(column) {
        check.flag(
            column,
            format!(
                "you do not act for {}: only its officers and the Compact's secretariat may \
                 import its {records}",
                directory.name(body)
            ),
        );
    }
}

/// A row of payments or changes: its agreement's number and the record,
/// when it checks out.
fn part_row(
    kind: SheetKind,
    cell: &Cells,
    check: &mut RowCheck,
    directory: &Directory,
    index: &Index,
    today: Date,
    may_record: &dyn Fn(OrganisationId) -> bool,
) -> Option<(i64, Option<RecordPlan>)> {
    let funder = match cell.get("funder") {
        "" => None,
        value => match directory.find(value) {
            Ok(p) => Some(p.id),
            Err(problem) => {
                check.flag("funder", problem);
                return None;
            }
        },
    };
    let wanted = cell.get("agreement_reference");
    if wanted.is_empty() {
        check.flag(
            "agreement_reference",
            "this cell is empty: name the agreement by the reference it was imported with",
        );
        return None;
    }
    let mut matching = index.agreements(wanted, funder);
    let agreement = match (matching.next(), matching.next()) {
        (Some(a), None) => a,
        (None, _) => {
            check.flag(
                "agreement_reference",
                format!(
                    "no agreement{} has the reference {wanted:?}; import the agreements first",
                    funder.map_or_else(String::new, |f| format!(" of {}", directory.name(f)))
                ),
            );
            return None;
        }
        (Some(_), Some(_)) => {
            check.flag(
                "agreement_reference",
                format!(
                    "agreements of more than one funder have the reference {wanted:?}; \
                     name the funder in the funder column"
                ),
            );
            return None;
        }
    };
    refuse_unless_allowed(check, FUNDER, directory, agreement.funder, may_record);
    let checked = match kind {
        SheetKind::Payments => PaymentInput {
            due_on: cell.get("due_on").to_string(),
            amount: cell.get("amount").to_string(),
            paid_on: cell.get("paid_on").to_string(),
        }
        .check(today, agreement)
        .map(|payment| RecordPlan::Payment {
            agreement: agreement.id,
            payment,
        }),
        _ => ChangeInput {
            kind: cell.get("kind").to_lowercase(),
            decided_on: cell.get("decided_on").to_string(),
            notice_given_on: cell.get("notice_given_on").to_string(),
            effective_on: cell.get("effective_on").to_string(),
            new_amount: cell.get("new_amount").to_string(),
        }
        .check(today, agreement)
        .map(|change| RecordPlan::Change {
            agreement: agreement.id,
            change,
        }),
    };
    let record = match checked {
        Ok(r) => Some(r),
        Err(problems) => {
            check.form(problems);
            None
        }
    };
    Some((agreement.id.0, record))
}

/// A good row (row `row`) against the stored record with its reference:
/// created, changed or left alone. Only the fields a row gives are
/// compared; a change's steps and impact assessment, recorded on its page,
/// stay.
fn compare(wanted: RecordPlan, reference: &str, index: &Index, row: u64) -> Planned {
    let before =
        match &wanted {
            RecordPlan::Consultation(c) => {
                return consultations::compare(c, reference, index, row);
            }
            RecordPlan::Agreement(a) => index
                .agreements(reference, Some(a.funder))
                .next()
                .map(|s| RecordPlan::Agreement(s.clone())),
            RecordPlan::Payment { agreement, .. } => index
                .payments
                .get(&(*agreement, reference))
                .map(|p| RecordPlan::Payment {
                    agreement: *agreement,
                    payment: (*p).clone(),
                }),
            RecordPlan::Change { agreement, .. } => index
                .changes
                .get(&(*agreement, reference))
                .map(|c| RecordPlan::Change {
                    agreement: *agreement,
                    change: (*c).clone(),
                }),
        };
    let Some(before) = before else {
        return Planned::Create(wanted);
    };
    let after = match (wanted, &before) {
        (RecordPlan::Agreement(mut a), RecordPlan::Agreement(s)) => {
            a.id = s.id;
            RecordPlan::Agreement(a)
        }
        (
            RecordPlan::Payment {
                agreement,
                mut payment,
            },
            RecordPlan::Payment { payment: s, .. },
        ) => {
            payment.id = s.id;
            RecordPlan::Payment { agreement, payment }
        }
        (
            RecordPlan::Change {
                agreement,
                mut change,
            },
            RecordPlan::Change { change: s, .. },
        ) => {
            change.id = s.id;
            change.consultation = s.consultation;
            change.impact_assessment.clone_from(&s.impact_assessment);
            change.steps.clone_from(&s.steps);
            RecordPlan::Change { agreement, change }
        }
        (wanted, _) => return Planned::Create(wanted),
    };
    if after == before {
        Planned::Unchanged
    } else {
        Planned::Update { before, after }
    }
}
