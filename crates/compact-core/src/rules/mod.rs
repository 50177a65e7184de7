//! The rules engine: compares what happened (records) with what a Compact
//! promises (its definition) on a given date, and reports findings.
//!
//! Pure code: no I/O. One file per family of rules. Every rule runs only when
//! the definition states the standard it needs, so an absent standard keeps
//! its rules silent. The engine answers as it would have on `as_of`: a record
//! dated after `as_of` has not happened yet. `docs/rules.md` documents every
//! rule and the semantics shared by all of them.

use crate::calendar::Date;
use crate::definition::Definition;
use crate::model::Records;
use serde::Serialize;

mod consultation;
mod context;
mod dispute;
mod finding;
pub mod fixtures;
mod funding;
mod funding_changes;
mod governance;
mod review;
mod signatory;

pub use finding::{Finding, LabelledDate, RecordRef, RuleId, Subject};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A firm commitment ("will") was missed.
    Breach,
    /// A softened commitment was missed, or a shorter period had a reason.
    Advisory,
    /// A deadline of an open matter falls within the coming 14 days.
    Due,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breach => "breach",
            Severity::Advisory => "advisory",
            Severity::Due => "due",
        }
    }
}

/// Check `records` against `definition` as of `as_of`.
///
/// Findings come sorted by severity (breaches first), then date, rule and
/// subject, so the same input always gives the same list.
pub fn check(definition: &Definition, records: &Records, as_of: Date) -> Vec<Finding> {
    let ctx = context::Ctx::new(definition, records, as_of);
    let mut out = Vec::new();
    consultation::check(&ctx, &mut out);
    funding::check(&ctx, &mut out);
    dispute::check(&ctx, &mut out);
    governance::check(&ctx, &mut out);
    signatory::check(&ctx, &mut out);
    review::check(&ctx, &mut out);
    sort(&mut out);
    out
}

/// Put findings in report order. Findings are large values, so sorting them
/// in place would move a lot of memory: instead a small (severity, date) key
/// with the finding's index is sorted, with the full order breaking ties, and
/// the findings are then permuted in place, each moved about once.
fn sort(out: &mut [Finding]) {
    let mut order: Vec<(u64, usize)> = out
        .iter()
        .enumerate()
        .map(|(i, f)| (f.sort_key(), i))
        .collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| out[a.1].report_order(&out[b.1])));
    // `source[k]` is the index the finding for position `k` comes from.
    let mut source: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    // Follow each cycle of the permutation, marking positions done by
    // pointing them at themselves.
    for start in 0..source.len() {
        let mut at = start;
        loop {
            let from = source[at];
            source[at] = at;
            if from == start || from == at {
                break;
            }
            out.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::finding::Draft;
    use super::*;
    use crate::ids::ConsultationId;
    use proptest::prelude::*;

    fn finding(severity: u8, day: u32, id: i64) -> Finding {
        let severity = match severity % 3 {
            0 => Severity::Breach,
            1 => Severity::Advisory,
            _ => Severity::Due,
        };
        let date = crate::calendar::days_after(fixtures::date(2026, 1, 1), day);
        let subject = Subject::new(RecordRef::Consultation(ConsultationId(id)), "C");
        Draft::new(RuleId::ConsultationFeedbackOverdue, severity, subject, date)
            .because(format!("finding {id}"))
    }

    proptest! {
        #[test]
        fn sorting_by_key_and_permutation_matches_a_plain_sort(
            keys in prop::collection::vec((0u8..3, 0u32..5, 0i64..6), 0..60)
        ) {
            let findings: Vec<Finding> =
                keys.iter().map(|&(s, d, id)| finding(s, d, id)).collect();
            let mut expected = findings.clone();
            expected.sort_by(Finding::report_order);
            let mut sorted = findings;
            sort(&mut sorted);
            prop_assert_eq!(sorted, expected);
        }
    }
}
