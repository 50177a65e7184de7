//! A form's field problem in the words of a row problem: the file's rows
//! are reported in English, as the register's import reports them, since
//! the report is a CSV file for whoever keeps the spreadsheet.

use crate::funding::MAX_AMOUNT;
use crate::register::{FieldProblem, Problem, MAX_TEXT};

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
        Problem::TooLong => format!("this is longer than {MAX_TEXT} characters"),
        Problem::WrongFormat => expected(column).to_string(),
        Problem::WrongKind => match column {
            "funder" => "the funder must be a public body".to_string(),
            "recipient" => "the recipient must be a VCSE organisation".to_string(),
            _ => "this organisation is of the wrong kind".to_string(),
        },
        Problem::OutOfRange => match column {
            "new_amount" => "a reduction leaves less than the agreement's amount: \
                             this must be less than it"
                .to_string(),
            _ => format!("this must be more than £0.00 and at most {MAX_AMOUNT}"),
        },
        Problem::TooMany => "this has more items than it can take".to_string(),
        // Files are uploaded to forms, never read from a spreadsheet's cell.
        Problem::Empty => "this cell is empty, and it is needed".to_string(),
        Problem::TooLarge => format!("this is longer than {MAX_TEXT} characters"),
    }
}

/// What a cell of `column` must look like.
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
