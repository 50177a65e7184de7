//! Collecting the findings of one check and putting them in report order.
//!
//! Both steps are written so that the cost per finding stays the same
//! whatever the size of the Compact (the benchmark in `bench/rules` holds
//! the engine to no more than double the time at double the data):
//!
//! - Findings are large values (about 170 bytes). Pushed onto one growing
//!   `Vec`, every doubling copies all of them to fresh memory, and once the
//!   vector outgrows what the allocator can extend in place, those copies
//!   grow faster than the findings do. Here they go into chunks of a fixed
//!   size that are never reallocated, and each finding is moved once more,
//!   into a vector of exactly the right size, in report order.
//! - Sorting compares a packed key holding everything the report order
//!   looks at except strings, so the full comparison (rule names, the
//!   explanation text) runs only for findings about the same record. With
//!   a key of severity and date alone, ties grow with the number of
//!   findings per day, and each tie reads two findings scattered in memory.

use super::finding::{Finding, RecordRef, RuleId};
use std::fmt::{self, Write};
use std::sync::OnceLock;

/// The findings of one check, in the order the rules made them, and the
/// buffer their text is written in.
pub(crate) struct Findings {
    findings: Vec<Finding>,
    /// Each finding's sort key and its index, made as it is pushed, while
    /// the finding is still in the cache.
    order: Vec<(u128, usize)>,
    /// Where `text` writes, kept for the whole check.
    scratch: String,
}

impl Findings {
    pub(crate) fn new() -> Findings {
        Findings {
            findings: Vec::new(),
            order: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Text for a finding (its explanation, a label), as a string of exactly
    /// its length. `format!` would guess a capacity and grow the string as
    /// the text comes, and the finding would keep the spare room; here the
    /// text is written into a buffer kept for the whole check, then copied
    /// once.
    pub(crate) fn text(&mut self, args: fmt::Arguments<'_>) -> String {
        self.scratch.clear();
        self.scratch
            .write_fmt(args)
            .expect("writing into a String does not fail");
        self.scratch.as_str().to_owned()
    }

    pub(crate) fn push(&mut self, finding: Finding) {
        self.order
            .push((sort_key(&finding, rule_ranks()), self.findings.len()));
        self.findings.push(finding);
    }

    /// The findings in report order (`Finding::report_order`), findings
    /// that compare equal in the order they were made.
    pub(crate) fn into_report_order(self) -> Vec<Finding> {
        let Findings {
            mut findings,
            mut order,
            ..
        } = self;
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| findings[a.1].report_order(&findings[b.1]))
                .then(a.1.cmp(&b.1))
        });
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
                findings.swap(at, from);
                at = from;
            }
        }
        findings
    }
}

/// Each rule's place when rules are ordered by their id, as the report
/// order orders them, so the key can hold it as a number.
struct RuleRanks([u8; RuleId::ALL.len()]);

/// The ranks, worked out once.
fn rule_ranks() -> &'static RuleRanks {
    static RANKS: OnceLock<RuleRanks> = OnceLock::new();
    RANKS.get_or_init(RuleRanks::new)
}

impl RuleRanks {
    fn new() -> RuleRanks {
        let mut by_id = RuleId::ALL.to_vec();
        by_id.sort_by_key(|rule| rule.as_str());
        let mut ranks = [0; RuleId::ALL.len()];
        for (rank, rule) in by_id.into_iter().enumerate() {
            ranks[rule as usize] = rank as u8;
        }
        RuleRanks(ranks)
    }

    fn of(&self, rule: RuleId) -> u8 {
        self.0[rule as usize]
    }
}

/// The report order packed in a number, as far as it goes without strings:
/// severity, date, rule, the subject's kind of record and its numeric id.
/// A smaller key always means earlier in the report order; equal keys are
/// left to `Finding::report_order` (records with string ids, the Compact
/// and its bodies, all have id 0 here, and the explanation is not packed).
///
/// Bits from the top: severity (2) at 112, the date as days from the
/// common era (32) at 80, the rule's rank (8) at 72, the kind of record (8)
/// at 64 and the id (64) below.
fn sort_key(finding: &Finding, ranks: &RuleRanks) -> u128 {
    use chrono::Datelike;
    let severity = finding.severity as u128;
    // Flipping the sign bit keeps the order of signed numbers as unsigned.
    let day = (finding.date.num_days_from_ce() as u32 ^ (1 << 31)) as u128;
    let rule = u128::from(ranks.of(finding.rule));
    let (kind, id) = record_key(&finding.subject.record);
    (severity << 112) | (day << 80) | (rule << 72) | (u128::from(kind) << 64) | u128::from(id)
}

/// The kind of record in the order `RecordRef` sorts its kinds (the order
/// of its variants), and its id in an order-keeping unsigned form.
fn record_key(record: &RecordRef) -> (u8, u64) {
    let numeric = |id: i64| id as u64 ^ (1 << 63);
    match record {
        RecordRef::Compact(_) => (0, 0),
        RecordRef::Signatory(id) => (1, numeric(id.0)),
        RecordRef::Consultation(id) => (2, numeric(id.0)),
        RecordRef::Agreement(id) => (3, numeric(id.0)),
        RecordRef::Payment(id) => (4, numeric(id.0)),
        RecordRef::FundingChange(id) => (5, numeric(id.0)),
        RecordRef::Dispute(id) => (6, numeric(id.0)),
        RecordRef::Body(_) => (7, 0),
        RecordRef::Review(id) => (8, numeric(id.0)),
        RecordRef::Milestone(id) => (9, numeric(id.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::finding::{Draft, Subject};
    use super::super::{fixtures, Severity};
    use super::*;
    use crate::ids::{ConsultationId, PaymentId};
    use proptest::prelude::*;
    use std::cmp::Ordering;

    /// Whether the key agrees with the full order wherever it tells two
    /// findings apart.
    fn key_agrees(a: &Finding, b: &Finding) -> bool {
        let ranks = RuleRanks::new();
        match sort_key(a, &ranks).cmp(&sort_key(b, &ranks)) {
            Ordering::Equal => true,
            by_key => by_key == a.report_order(b),
        }
    }

    const RULES: [RuleId; 4] = [
        RuleId::ConsultationFeedbackOverdue,
        RuleId::ConsultationShorter,
        RuleId::FundingPaymentLate,
        RuleId::GovernanceCompositionMismatch,
    ];

    fn finding(severity: u8, day: i32, rule: usize, record: (u8, i64)) -> Finding {
        let severity = match severity % 3 {
            0 => Severity::Breach,
            1 => Severity::Advisory,
            _ => Severity::Due,
        };
        let date = fixtures::date(2026, 1, 1) + chrono::Duration::days(i64::from(day));
        let record = match record.0 % 4 {
            0 => RecordRef::Consultation(ConsultationId(record.1)),
            1 => RecordRef::Payment(PaymentId(record.1)),
            2 => RecordRef::Body(format!("body-{}", record.1)),
            _ => RecordRef::Compact(format!("compact{}", record.1)),
        };
        let id = record.clone();
        Draft::new(
            RULES[rule % RULES.len()],
            severity,
            Subject::new(record, "S"),
            date,
        )
        .because(format!("finding about {id:?}"))
    }

    fn findings() -> impl Strategy<Value = Vec<Finding>> {
        prop::collection::vec((0u8..3, -800i32..5, 0usize..4, (0u8..4, -3i64..6)), 0..700).prop_map(
            |keys| {
                keys.into_iter()
                    .map(|(s, d, r, rec)| finding(s, d, r, rec))
                    .collect()
            },
        )
    }

    proptest! {
        // Up to 700 findings fill more than one chunk; ids run negative.
        #[test]
        fn report_order_matches_a_plain_stable_sort(findings in findings()) {
            let mut expected = findings.clone();
            expected.sort_by(Finding::report_order);
            let mut collected = Findings::new();
            for f in findings {
                collected.push(f);
            }
            prop_assert_eq!(collected.into_report_order(), expected);
        }

        #[test]
        fn the_key_never_contradicts_the_report_order(
            findings in prop::collection::vec(
                (0u8..3, -800i32..5, 0usize..4, (0u8..4, -3i64..6)), 2),
        ) {
            let [a, b] = [findings[0], findings[1]].map(|(s, d, r, rec)| finding(s, d, r, rec));
            prop_assert!(key_agrees(&a, &b));
        }
    }

    #[test]
    fn the_key_orders_dates_across_the_whole_calendar() {
        let ranks = RuleRanks::new();
        let key = |date| {
            let mut f = finding(0, 0, 0, (0, 1));
            f.date = date;
            sort_key(&f, &ranks)
        };
        let dates = [
            crate::calendar::Date::MIN,
            fixtures::date(-1, 12, 31),
            fixtures::date(0, 1, 1),
            fixtures::date(1, 1, 1),
            fixtures::date(2026, 6, 1),
            crate::calendar::Date::MAX,
        ];
        for pair in dates.windows(2) {
            assert!(key(pair[0]) < key(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn rule_ranks_follow_the_ids_alphabetically() {
        let ranks = RuleRanks::new();
        for a in RuleId::ALL {
            for b in RuleId::ALL {
                assert_eq!(ranks.of(*a).cmp(&ranks.of(*b)), a.as_str().cmp(b.as_str()));
            }
        }
    }
}
