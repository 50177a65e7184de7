//! Collecting the findings of one check and putting them in report order.
//!
//! The benchmark in `bench/rules` holds the engine to no more than double
//! the time at double the data, so everything here is written for a cost
//! per finding that stays the same whatever the size of the Compact. Three
//! things used to grow faster than the findings did:
//!
//! - Findings are large values (168 bytes). Pushed onto one growing `Vec`,
//!   every doubling copied all of them to fresh memory, and once the vector
//!   outgrew what the allocator could extend in place those copies grew
//!   several times faster than the findings. Here they go into chunks of a
//!   fixed size that are never reallocated, and each is moved once more,
//!   into a vector of exactly the right length, in report order.
//! - Sorting compared findings on severity and date only, so ties (which
//!   grow with the number of findings per day) fell to comparing rule names
//!   and explanations in findings scattered in memory, and the sort as a
//!   whole grew as n log n. Here the key holds everything the report order
//!   looks at except strings, the keys are sorted by radix in time linear
//!   in their number, and only findings about the same record are compared
//!   whole.
//! - Each explanation was built with `format!` from parts that were strings
//!   of their own, and grew as it was written, leaving the finding with
//!   spare capacity: more allocation, and more memory per finding, which
//!   costs more once a Compact's findings outgrow the processor's cache.
//!   Here the parts write themselves into one buffer (`Findings::text`), and
//!   each string is allocated once, at its exact length.

use super::finding::{Finding, RecordRef, RuleId};
use std::fmt::{self, Write};
use std::sync::OnceLock;

/// Findings per chunk: large enough that chunks are few, small enough
/// (about 40 KiB) that each is an ordinary allocation the allocator reuses.
const CHUNK: usize = 256;

/// The findings of one check, in the order the rules made them, and the
/// buffer their text is written in.
pub(crate) struct Findings {
    /// Each chunk is allocated with capacity `CHUNK` and never grows past
    /// it. A finding is `None` only once `into_report_order` has moved it.
    chunks: Vec<Vec<Option<Finding>>>,
    /// Each finding's sort key and its index in `chunks`, made as it is
    /// pushed, while the finding is still in the cache.
    order: Vec<(u128, usize)>,
    len: usize,
    /// Where `text` writes, kept for the whole check.
    scratch: String,
}

impl Findings {
    pub(crate) fn new() -> Findings {
        Findings {
            chunks: Vec::new(),
            order: Vec::new(),
            len: 0,
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
            .push((sort_key(&finding, rule_ranks()), self.len));
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(Some(finding)),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(Some(finding));
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    fn get(&self, index: usize) -> &Finding {
        self.chunks[index / CHUNK][index % CHUNK]
            .as_ref()
            .expect("a finding is only moved out once it has been sorted")
    }

    /// The findings in report order (`Finding::report_order`), findings
    /// that compare equal in the order they were made.
    pub(crate) fn into_report_order(mut self) -> Vec<Finding> {
        let mut order = radix_sort(std::mem::take(&mut self.order));
        // Equal keys leave the rest of the order to the findings themselves:
        // records with string ids, and the explanation. Such runs are
        // short: the key holds the record's id where it has a numeric one.
        for run in order.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                run.sort_by(|a, b| self.get(a.1).report_order(self.get(b.1)));
            }
        }
        let mut sorted = Vec::with_capacity(self.len);
        for (_, index) in order {
            let finding = self.chunks[index / CHUNK][index % CHUNK]
                .take()
                .expect("each finding is moved once");
            sorted.push(finding);
        }
        sorted
    }
}

/// Sorts `(key, index)` pairs by key, pairs with equal keys staying in the
/// order they came: a least significant digit radix sort, a byte of the key
/// at a time. Its cost grows in step with the number of findings, where a
/// comparison sort's grows as n log n, and a byte that is the same in every
/// key (the top of the date, most of an id) is looked at but not sorted on.
fn radix_sort(items: Vec<(u128, usize)>) -> Vec<(u128, usize)> {
    const BYTES: usize = 16;
    let digit = |key: u128, byte: usize| (key >> (8 * byte)) as u8 as usize;
    // How many keys have each value in each byte, counted in one pass.
    let mut counts = vec![[0usize; 256]; BYTES];
    for &(key, _) in &items {
        for (byte, count) in counts.iter_mut().enumerate() {
            count[digit(key, byte)] += 1;
        }
    }
    let mut from = items;
    let mut to = vec![(0, 0); from.len()];
    for (byte, count) in counts.iter().enumerate() {
        if count.contains(&from.len()) {
            continue;
        }
        // Where the keys with each value of this byte go, in turn.
        let mut next = [0; 256];
        let mut total = 0;
        for (value, &n) in count.iter().enumerate() {
            next[value] = total;
            total += n;
        }
        for &item in &from {
            let value = digit(item.0, byte);
            to[next[value]] = item;
            next[value] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    from
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

    proptest! {
        // Keys from the whole range and from a few values, for ties.
        #[test]
        fn radix_sort_matches_a_stable_sort(
            keys in prop::collection::vec(prop_oneof![any::<u128>(), 0u128..4], 0..300)
        ) {
            let items: Vec<(u128, usize)> = keys.into_iter().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            prop_assert_eq!(radix_sort(items), expected);
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
