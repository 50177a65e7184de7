//! A form's field problem in the words of a row problem: the file's rows
//! are reported in English, as the register's import reports them, since
//! the report is a CSV file for whoever keeps the spreadsheet.

use crate::consultation::{MAX_DOCUMENTS, MAX_LIST, MAX_LONG_TEXT};
use crate::funding::MAX_AMOUNT;
use crate::register::{FieldProblem, Problem, MAX_TEXT};

/// The longest text a column takes: a consultation's long fields take a
/// few pages, every other text a line or two.
fn max_chars(column: &str) -> usize {
    match column {
        "summary" | "proposal" | "how_to_respond" | "resources" | "feedback_heard"
        | "feedback_changed" | "decision" => MAX_LONG_TEXT,
        _ => MAX_TEXT,
    }
}

/// What `problem` says about the cell of `column` (named as the form's
/// field, which the layout's columns are).
pub(super) fn describe(problem: &FieldProblem) -> String {
    let column = problem.field;
    match problem.problem {
        Problem::Missing => "this cell is empty, and it is needed".to_string(),
        Problem::NotADate => "this is not a date: write it as 2026-03-31 or 31/03/2026".to_string(),
        Problem::InFuture | Problem::TooLate => match problem.range {
            Some(range) => format!("this date must be on or before {}", range.latest),
            None => "this date is later than it can be".to_string(),
        },
        Problem::TooEarly => match problem.range {
            Some(range) => format!("this date must be on or after {}", range.earliest),
            None => "this date is earlier than it can be".to_string(),
        },
        Problem::TooLong => format!("this is longer than {} characters", max_chars(column)),
        Problem::WrongFormat => expected(column).to_string(),
        Problem::WrongKind => match column {
            "funder" => "the funder must be a public body".to_string(),
            "recipient" => "the recipient must be a VCSE organisation".to_string(),
            "lead" => "the lead must be a public body".to_string(),
            _ => "this organisation is of the wrong kind".to_string(),
        },
        Problem::OutOfRange => match column {
            "new_amount" => "a reduction leaves less than the agreement's amount: \
                             this must be less than it"
                .to_string(),
            _ => format!("this must be more than £0.00 and at most {MAX_AMOUNT}"),
        },
        Problem::TooMany => match column {
            "documents" => format!("a consultation may have at most {MAX_DOCUMENTS} documents"),
            "areas_of_work" => format!("a consultation may name at most {MAX_LIST} areas of work"),
            _ => "this has more items than it can take".to_string(),
        },
        // Files are uploaded to forms, never read from a spreadsheet's cell.
        Problem::Empty => "this cell is empty, and it is needed".to_string(),
        Problem::TooLarge => format!("this is longer than {} characters", max_chars(column)),
    }
}

/// What a cell of `column` must look like. Sectors and protected
/// characteristics are not here: which names they take depends on the
/// Compact, so the row says (`consultations::allowed_names`).
fn expected(column: &str) -> &'static str {
    match column {
        "kind" => {
            "this must be one of: grant, contract (for an agreement) or variation, \
                   reduction, termination (for a change)"
        }
        "paid_in" => "this must be advance, arrears or empty",
        "full_cost_recovery" => "this must be yes, no or empty",
        "amount" | "new_amount" => {
            "this is not an amount in pounds: write it as 12500, \
                                    12,500.00 or £12,500.00"
        }
        "documents" => {
            "each document must be its title and then its https:// address, \
                        documents separated by semicolons"
        }
        "contact_email" => "this is not an email address",
        _ => "this is not in the form this column takes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_is_worded_for_its_column() {
        let cases = [
            (FieldProblem::new("title", Problem::Missing), "empty"),
            (
                FieldProblem::new("starts_on", Problem::NotADate),
                "31/03/2026",
            ),
            (
                FieldProblem::new("amount", Problem::WrongFormat),
                "£12,500.00",
            ),
            (
                FieldProblem::new("paid_in", Problem::WrongFormat),
                "advance",
            ),
            (
                FieldProblem::new("funder", Problem::WrongKind),
                "public body",
            ),
            (FieldProblem::new("recipient", Problem::WrongKind), "VCSE"),
            (FieldProblem::new("summary", Problem::TooLong), "10000"),
            (FieldProblem::new("title", Problem::TooLong), "500"),
            (
                FieldProblem::new("documents", Problem::WrongFormat),
                "https://",
            ),
            (FieldProblem::new("documents", Problem::TooMany), "20"),
            (
                FieldProblem::new("new_amount", Problem::OutOfRange),
                "less than",
            ),
            (
                FieldProblem::new("amount", Problem::OutOfRange),
                "£1,000,000,000.00",
            ),
        ];
        for (problem, words) in cases {
            let said = describe(&problem);
            assert!(said.contains(words), "{problem:?}: {said}");
        }
    }
}
