//! Collecting the findings of one check and putting them in report order.
//!
//! The rules do not make `Finding`s directly. They make drafts whose text
//! is either borrowed from the records or written into a buffer of the
//! check's own, and each finding is made, with strings of its own, only
//! once the drafts are in report order. This keeps the cost per finding the
//! same whatever the size of the Compact (the benchmark in `bench/rules`
//! holds the engine to no more than double the time at double the data):
//!
//! - While the rules run, nothing is allocated per finding: a finding's
//!   strings were allocated among those of its neighbours in the records,
//!   and whoever reads and drops the list (in report order) jumped around
//!   memory for each one, which costs more once a Compact's findings no
//!   longer fit in the processor's cache. Made in report order, at the end,
//!   a finding's strings sit next to those of the finding before it.
//! - Drafts go into chunks of a fixed size that are never reallocated: one
//!   growing `Vec` would copy them all to fresh memory at every doubling.
//! - Sorting compares a packed key holding everything the report order
//!   looks at except strings, so the full comparison (the explanation text)
//!   runs only for findings about the same record. With a key of severity
//!   and date alone, ties grow with the number of findings per day, and
//!   each tie reads two findings scattered in memory.
//! - Each string is written once into the buffer and copied once into a
//!   string of exactly its length, so no string grows step by step and no
//!   finding keeps spare capacity.

use super::finding::{Finding, LabelledDate, RecordRef, RuleId, Subject};
use super::Severity;
use crate::calendar::Date;
use std::cmp::Ordering;
use std::fmt::{self, Write};
use std::sync::OnceLock;

/// Drafts per chunk: large enough that chunks are few, small enough (about
/// 32 KiB) that each is an ordinary allocation the allocator reuses.
const CHUNK: usize = 256;

/// Bytes per block of written text, for the same reasons.
const TEXT_BLOCK: usize = 32 * 1024;

/// The most dates one finding carries. Raise it when a rule needs more.
const MOST_DATES: usize = 6;

/// Text of a finding while it is a draft.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Text<'a> {
    /// Quoted from the records or the definition as it stands.
    Borrowed(&'a str),
    /// Written by `Findings::text`: a range of one of its blocks.
    Written { block: u32, start: u32, end: u32 },
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Text<'a> {
        Text::Borrowed(text)
    }
}

impl<'a> From<&'a String> for Text<'a> {
    fn from(text: &'a String) -> Text<'a> {
        Text::Borrowed(text)
    }
}

/// The record a draft is about, and its label.
pub(crate) struct DraftSubject<'a> {
    record: RecordRef,
    label: Text<'a>,
}

impl<'a> DraftSubject<'a> {
    pub(crate) fn new(record: RecordRef, label: impl Into<Text<'a>>) -> DraftSubject<'a> {
        DraftSubject {
            record,
            label: label.into(),
        }
    }
}

/// Builds a finding field by field, so rule code reads as what it reports.
pub(crate) struct Draft<'a> {
    rule: RuleId,
    severity: Severity,
    subject: DraftSubject<'a>,
    context: Option<DraftSubject<'a>>,
    date: Date,
    dates: [LabelledDate; MOST_DATES],
    dates_len: usize,
    confidential: bool,
}

impl<'a> Draft<'a> {
    pub(crate) fn new(
        rule: RuleId,
        severity: Severity,
        subject: DraftSubject<'a>,
        date: Date,
    ) -> Draft<'a> {
        Draft {
            rule,
            severity,
            subject,
            context: None,
            date,
            dates: [LabelledDate {
                label: "",
                date: Date::MIN,
            }; MOST_DATES],
            dates_len: 0,
            confidential: false,
        }
    }

    pub(crate) fn context(mut self, context: DraftSubject<'a>) -> Draft<'a> {
        self.context = Some(context);
        self
    }

    pub(crate) fn at(mut self, label: &'static str, date: Date) -> Draft<'a> {
        assert!(
            self.dates_len < MOST_DATES,
            "a finding has at most {MOST_DATES} dates"
        );
        self.dates[self.dates_len] = LabelledDate { label, date };
        self.dates_len += 1;
        self
    }

    pub(crate) fn confidential(mut self) -> Draft<'a> {
        self.confidential = true;
        self
    }

    /// The draft complete with its explanation, ready for `Findings::push`.
    pub(crate) fn because(self, explanation: Text<'a>) -> Explained<'a> {
        Explained {
            draft: self,
            explanation,
        }
    }
}

/// A draft with its explanation.
pub(crate) struct Explained<'a> {
    draft: Draft<'a>,
    explanation: Text<'a>,
}

/// A draft as `Findings` keeps it: its dates are in `Findings::dates`.
struct Pending<'a> {
    rule: RuleId,
    severity: Severity,
    confidential: bool,
    date: Date,
    subject: DraftSubject<'a>,
    context: Option<DraftSubject<'a>>,
    explanation: Text<'a>,
    dates_start: usize,
    dates_len: usize,
}

/// The findings of one check, as drafts in the order the rules made them,
/// and the text written for them.
pub(crate) struct Findings<'a> {
    /// Each chunk is allocated with capacity `CHUNK` and never grows past
    /// it, so a draft's index tells its chunk and place.
    chunks: Vec<Vec<Pending<'a>>>,
    /// Each draft's sort key and index, made as it is pushed, while the
    /// draft is still in the cache.
    order: Vec<(u128, usize)>,
    /// The dates of all drafts, each draft's together.
    dates: Vec<LabelledDate>,
    /// Written text, in blocks that are never reallocated once full.
    blocks: Vec<String>,
}

impl<'a> Findings<'a> {
    pub(crate) fn new() -> Findings<'a> {
        Findings {
            chunks: Vec::new(),
            order: Vec::new(),
            dates: Vec::new(),
            blocks: Vec::new(),
        }
    }

    /// Text for a finding (its explanation, a label), written into the
    /// check's buffer.
    pub(crate) fn text(&mut self, args: fmt::Arguments<'_>) -> Text<'a> {
        // A text starts in the last block while that has room; one that
        // outgrows it makes the block grow once, and the next text starts a
        // new block.
        if self
            .blocks
            .last()
            .is_none_or(|block| block.len() >= TEXT_BLOCK)
        {
            self.blocks.push(String::with_capacity(TEXT_BLOCK + 512));
        }
        let block = self.blocks.len() - 1;
        let text = &mut self.blocks[block];
        let start = text.len();
        text.write_fmt(args)
            .expect("writing into a String does not fail");
        Text::Written {
            block: block as u32,
            start: start as u32,
            end: text.len() as u32,
        }
    }

    fn str(&self, text: Text<'a>) -> &str {
        match text {
            Text::Borrowed(text) => text,
            Text::Written { block, start, end } => {
                &self.blocks[block as usize][start as usize..end as usize]
            }
        }
    }

    pub(crate) fn push(&mut self, explained: Explained<'a>) {
        let Explained { draft, explanation } = explained;
        let index = self.order.len();
        self.order.push((sort_key(&draft, rule_ranks()), index));
        let pending = Pending {
            rule: draft.rule,
            severity: draft.severity,
            confidential: draft.confidential,
            date: draft.date,
            subject: draft.subject,
            context: draft.context,
            explanation,
            dates_start: self.dates.len(),
            dates_len: draft.dates_len,
        };
        self.dates
            .extend_from_slice(&draft.dates[..draft.dates_len]);
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(pending),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(pending);
                self.chunks.push(chunk);
            }
        }
    }

    fn get(&self, index: usize) -> &Pending<'a> {
        &self.chunks[index / CHUNK][index % CHUNK]
    }

    /// The report order (`Finding::report_order`) of two drafts whose keys
    /// are equal: the key holds the severity, date and rule, so what is
    /// left is the record and the explanation.
    fn order_within_key(&self, a: &Pending<'a>, b: &Pending<'a>) -> Ordering {
        a.subject
            .record
            .cmp(&b.subject.record)
            .then_with(|| self.str(a.explanation).cmp(self.str(b.explanation)))
    }

    fn subject(&self, subject: &DraftSubject<'a>) -> Subject {
        Subject {
            record: subject.record.clone(),
            label: self.str(subject.label).to_owned(),
        }
    }

    fn finding(&self, pending: &Pending<'a>) -> Finding {
        let dates = pending.dates_start..pending.dates_start + pending.dates_len;
        Finding {
            rule: pending.rule,
            severity: pending.severity,
            subject: self.subject(&pending.subject),
            context: pending.context.as_ref().map(|c| self.subject(c)),
            date: pending.date,
            dates: self.dates[dates].to_vec(),
            explanation: self.str(pending.explanation).to_owned(),
            confidential: pending.confidential,
        }
    }

    /// The findings in report order (`Finding::report_order`), findings
    /// that compare equal in the order they were made.
    pub(crate) fn into_report_order(mut self) -> Vec<Finding> {
        let mut order = std::mem::take(&mut self.order);
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.order_within_key(self.get(a.1), self.get(b.1)))
                .then(a.1.cmp(&b.1))
        });
        order
            .iter()
            .map(|&(_, index)| self.finding(self.get(index)))
            .collect()
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
fn sort_key(draft: &Draft, ranks: &RuleRanks) -> u128 {
    use chrono::Datelike;
    let severity = draft.severity as u128;
    // Flipping the sign bit keeps the order of signed numbers as unsigned.
    let day = (draft.date.num_days_from_ce() as u32 ^ (1 << 31)) as u128;
    let rule = u128::from(ranks.of(draft.rule));
    let (kind, id) = record_key(&draft.subject.record);
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
    use super::super::fixtures;
    use super::*;
    use crate::ids::{ConsultationId, PaymentId};
    use proptest::prelude::*;

    const RULES: [RuleId; 4] = [
        RuleId::ConsultationFeedbackOverdue,
        RuleId::ConsultationShorter,
        RuleId::FundingPaymentLate,
        RuleId::GovernanceCompositionMismatch,
    ];

    /// Severity, day, rule, and the kind and id of the record.
    type Spec = (u8, i32, usize, (u8, i64));

    fn specs(most: usize) -> impl Strategy<Value = Vec<Spec>> {
        prop::collection::vec((0u8..3, -800i32..5, 0usize..4, (0u8..4, -3i64..6)), 0..most)
    }

    fn parts(spec: Spec) -> (RuleId, Severity, RecordRef, Date) {
        let (severity, day, rule, (kind, id)) = spec;
        let severity = match severity % 3 {
            0 => Severity::Breach,
            1 => Severity::Advisory,
            _ => Severity::Due,
        };
        let date = fixtures::date(2026, 1, 1) + chrono::Duration::days(i64::from(day));
        let record = match kind % 4 {
            0 => RecordRef::Consultation(ConsultationId(id)),
            1 => RecordRef::Payment(PaymentId(id)),
            2 => RecordRef::Body(format!("body-{id}")),
            _ => RecordRef::Compact(format!("compact{id}")),
        };
        (RULES[rule % RULES.len()], severity, record, date)
    }

    /// The finding made directly, to sort the plain way.
    fn finding(spec: Spec) -> Finding {
        let (rule, severity, record, date) = parts(spec);
        Finding {
            rule,
            severity,
            explanation: format!("finding about {record:?}"),
            subject: Subject::new(record, "S"),
            context: None,
            date,
            dates: vec![LabelledDate { label: "on", date }],
            confidential: false,
        }
    }

    /// The same finding drafted, as a rule drafts it.
    fn draft<'a>(spec: Spec) -> Draft<'a> {
        let (rule, severity, record, date) = parts(spec);
        Draft::new(rule, severity, DraftSubject::new(record, "S"), date).at("on", date)
    }

    fn explained<'a>(spec: Spec, out: &mut Findings<'a>) -> Explained<'a> {
        let (_, _, record, _) = parts(spec);
        let explanation = out.text(format_args!("finding about {record:?}"));
        draft(spec).because(explanation)
    }

    proptest! {
        // Up to 700 findings fill more than one chunk; ids run negative.
        #[test]
        fn report_order_matches_a_plain_stable_sort(specs in specs(700)) {
            let mut expected: Vec<Finding> = specs.iter().map(|s| finding(*s)).collect();
            expected.sort_by(Finding::report_order);
            let mut collected = Findings::new();
            for spec in specs {
                let explained = explained(spec, &mut collected);
                collected.push(explained);
            }
            prop_assert_eq!(collected.into_report_order(), expected);
        }

        #[test]
        fn the_key_never_contradicts_the_report_order(specs in specs(3)) {
            for a in &specs {
                for b in &specs {
                    let by_key = sort_key(&draft(*a), rule_ranks())
                        .cmp(&sort_key(&draft(*b), rule_ranks()));
                    if by_key.is_ne() {
                        prop_assert_eq!(by_key, finding(*a).report_order(&finding(*b)));
                    }
                }
            }
        }
    }

    #[test]
    fn text_longer_than_a_block_is_kept_whole() {
        let mut out = Findings::new();
        let long = "x".repeat(TEXT_BLOCK * 2);
        let texts: Vec<Text> = ["before", long.as_str(), "after"]
            .into_iter()
            .map(|t| out.text(format_args!("{t}")))
            .collect();
        let read: Vec<&str> = texts.iter().map(|t| out.str(*t)).collect();
        assert_eq!(read, ["before", long.as_str(), "after"]);
    }

    #[test]
    fn the_key_orders_dates_across_the_whole_calendar() {
        let key = |date| {
            let subject = DraftSubject::new(RecordRef::Consultation(ConsultationId(1)), "S");
            let draft = Draft::new(RULES[0], Severity::Breach, subject, date);
            sort_key(&draft, rule_ranks())
        };
        let dates = [
            Date::MIN,
            fixtures::date(-1, 12, 31),
            fixtures::date(0, 1, 1),
            fixtures::date(1, 1, 1),
            fixtures::date(2026, 6, 1),
            Date::MAX,
        ];
        for pair in dates.windows(2) {
            assert!(key(pair[0]) < key(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn rule_ranks_follow_the_ids_alphabetically() {
        let ranks = rule_ranks();
        for a in RuleId::ALL {
            for b in RuleId::ALL {
                assert_eq!(ranks.of(*a).cmp(&ranks.of(*b)), a.as_str().cmp(b.as_str()));
            }
        }
    }
}
