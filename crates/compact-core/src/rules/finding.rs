//! What the engine reports: rule ids, findings and the words they use.

use super::Severity;
use crate::calendar::{self, Date};
use crate::definition::Strength;
use crate::ids::*;
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

macro_rules! rule_ids {
    ($($(#[$doc:meta])* $variant:ident => $id:literal,)*) => {
        /// A rule the engine can report, with a stable id (see `docs/rules.md`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $($(#[$doc])* $variant,)*
        }

        impl RuleId {
            /// Every rule, in the order `docs/rules.md` documents them.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The stable id, e.g. `consultation.feedback_overdue`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }

            pub fn parse(id: &str) -> Option<RuleId> {
                match id {
                    $($id => Some(RuleId::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

rule_ids! {
    /// A consultation shorter than the standard, with no reason recorded.
    ConsultationShorterWithoutReason => "consultation.shorter_than_standard_without_reason",
    /// A consultation shorter than the standard, with a reason recorded.
    ConsultationShorter => "consultation.shorter_than_standard",
    /// Feedback on a consultation published late, or not yet and overdue.
    ConsultationFeedbackOverdue => "consultation.feedback_overdue",
    /// Notice of a funding change shorter than the standard.
    FundingChangeNoticeTooShort => "funding.change_notice_too_short",
    /// A reduction or ending decided with no consultation.
    FundingReductionWithoutConsultation => "funding.reduction_without_consultation",
    /// The consultation on a reduction was shorter than the procedure's.
    FundingReductionConsultationTooShort => "funding.reduction_consultation_too_short",
    /// The decision criteria were not published when the consultation opened.
    FundingReductionCriteriaNotPublished => "funding.reduction_criteria_not_published",
    /// No joint equality impact assessment before the decision.
    FundingReductionWithoutImpactAssessment => "funding.reduction_without_impact_assessment",
    /// The reduction was decided before its consultation closed.
    FundingDecisionBeforeConsultationClosed => "funding.decision_before_consultation_closed",
    /// Formal notice of a reduction shorter than the procedure's months.
    FundingFormalNoticeTooShort => "funding.formal_notice_too_short",
    /// An agreement shorter than the Compact's preferred length.
    FundingAgreementShorterThanPreferred => "funding.agreement_shorter_than_preferred",
    /// A payment made after its agreed date, or unpaid past it.
    FundingPaymentLate => "funding.payment_late",
    /// Funding ended or was cut with no exit strategy agreed.
    FundingNoExitStrategy => "funding.no_exit_strategy",
    /// A dispute stage's deadline was missed.
    DisputeStageDeadlineMissed => "dispute.stage_deadline_missed",
    /// A body's seats on a date differ from the Compact's allocation.
    GovernanceCompositionMismatch => "governance.composition_mismatch",
    /// A current signatory has no Compact champion.
    SignatoryNoChampion => "signatory.no_champion",
    /// A champion was not trained within the Compact's days.
    SignatoryChampionNotTrained => "signatory.champion_not_trained",
    /// No annual review within 12 months of the previous one.
    ReviewAnnualReviewOverdue => "review.annual_review_overdue",
    /// An action-plan milestone past its date and not done.
    ReviewMilestoneOverdue => "review.milestone_overdue",
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The record a finding is about, by kind and typed id. Serialised as
/// `{"kind": "consultation", "id": 12}`; bodies and the Compact itself are
/// named in the definition, so their id is a string (the body's id, the
/// Compact's slug).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum RecordRef {
    Compact(String),
    Signatory(SignatoryId),
    Consultation(ConsultationId),
    Agreement(AgreementId),
    Payment(PaymentId),
    FundingChange(FundingChangeId),
    Dispute(DisputeId),
    Body(String),
    Review(ReviewId),
    Milestone(MilestoneId),
}

/// A record with a label a person can read, e.g. the consultation's title.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Subject {
    #[serde(flatten)]
    pub record: RecordRef,
    pub label: String,
}

impl Subject {
    pub fn new(record: RecordRef, label: impl Into<String>) -> Subject {
        Subject {
            record,
            label: label.into(),
        }
    }
}

/// A date that matters to a finding, e.g. `opened`, `required_close`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct LabelledDate {
    pub label: &'static str,
    pub date: Date,
}

/// One thing the engine reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// The record the finding is about.
    pub subject: Subject,
    /// The record that holds the subject, when there is one: the agreement a
    /// payment or change belongs to, the review before an overdue one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<Subject>,
    /// The date the finding turns on: the deadline missed or falling due, or
    /// the day the shortfall happened. Findings sort by it.
    pub date: Date,
    /// Every date the explanation relies on, labelled.
    pub dates: Vec<LabelledDate>,
    /// Plain English, quoting the Compact's own parameter.
    pub explanation: String,
    /// Dispute findings are confidential: the public must not see them.
    pub confidential: bool,
}

impl Finding {
    /// The order findings are reported in: severity, date, rule, subject,
    /// then the explanation, so equal keys still sort the same way every time.
    pub fn report_order(&self, other: &Finding) -> Ordering {
        self.severity
            .cmp(&other.severity)
            .then(self.date.cmp(&other.date))
            .then(self.rule.as_str().cmp(other.rule.as_str()))
            .then_with(|| self.subject.record.cmp(&other.subject.record))
            .then_with(|| self.explanation.cmp(&other.explanation))
    }
}

/// The most dates one finding carries. Raise it when a rule needs more.
const MOST_DATES: usize = 6;

/// Builds a finding field by field, so rule code reads as what it reports.
/// The dates are kept in place until the finding is made, so that its list
/// of dates is allocated once, at its exact length.
pub(crate) struct Draft {
    rule: RuleId,
    severity: Severity,
    subject: Subject,
    context: Option<Subject>,
    date: Date,
    dates: [LabelledDate; MOST_DATES],
    dates_len: usize,
    confidential: bool,
}

impl Draft {
    pub(crate) fn new(rule: RuleId, severity: Severity, subject: Subject, date: Date) -> Draft {
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

    pub(crate) fn context(mut self, context: Subject) -> Draft {
        self.context = Some(context);
        self
    }

    pub(crate) fn at(mut self, label: &'static str, date: Date) -> Draft {
        assert!(
            self.dates_len < MOST_DATES,
            "a finding has at most {MOST_DATES} dates"
        );
        self.dates[self.dates_len] = LabelledDate { label, date };
        self.dates_len += 1;
        self
    }

    pub(crate) fn confidential(mut self) -> Draft {
        self.confidential = true;
        self
    }

    pub(crate) fn because(self, explanation: String) -> Finding {
        Finding {
            rule: self.rule,
            severity: self.severity,
            subject: self.subject,
            context: self.context,
            date: self.date,
            dates: self.dates[..self.dates_len].to_vec(),
            explanation,
            confidential: self.confidential,
        }
    }
}

/// A missed firm standard is a breach; a missed softened one is advisory.
pub(crate) fn severity_of(strength: Strength) -> Severity {
    match strength {
        Strength::Firm => Severity::Breach,
        Strength::Softened => Severity::Advisory,
    }
}

/// How the explanation words the Compact's commitment: "commits to" for a
/// firm standard, "commits, wherever possible, to" for a softened one.
pub(crate) fn commits(strength: Strength) -> &'static str {
    match strength {
        Strength::Firm => "commits to",
        Strength::Softened => "commits, wherever possible, to",
    }
}

/// A date in words, written straight into the explanation.
pub(crate) fn long(date: Date) -> calendar::LongDate {
    calendar::LongDate(date)
}

// The phrases below are values that write themselves into the text that
// quotes them, rather than strings: an explanation is written in one go
// into one buffer, with no string of its own for each part.

/// Words written by a closure, for a phrase that several explanations
/// share or that is worded differently case by case.
pub(crate) struct Words<F>(F);

pub(crate) fn words<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result>(write: F) -> Words<F> {
    Words(write)
}

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Words<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// A number of something, in the singular or the plural: "1 week",
/// "12 weeks".
#[derive(Clone, Copy)]
pub(crate) struct Count {
    n: i64,
    one: &'static str,
    many: &'static str,
}

impl Count {
    fn unit(self) -> &'static str {
        if self.n == 1 {
            self.one
        } else {
            self.many
        }
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.n, self.unit())
    }
}

fn plural(n: i64, one: &'static str, many: &'static str) -> Count {
    Count { n, one, many }
}

pub(crate) fn weeks(n: u32) -> Count {
    plural(i64::from(n), "week", "weeks")
}

pub(crate) fn days(n: i64) -> Count {
    plural(n, "day", "days")
}

pub(crate) fn months(n: u32) -> Count {
    plural(i64::from(n), "month", "months")
}

pub(crate) fn years(n: u32) -> Count {
    plural(i64::from(n), "year", "years")
}

/// "12 weeks' notice", "1 week's notice": the British possessive.
pub(crate) struct Notice {
    period: Count,
    noun: &'static str,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.period.unit().ends_with('s') {
            write!(f, "{}' {}", self.period, self.noun)
        } else {
            write!(f, "{}'s {}", self.period, self.noun)
        }
    }
}

pub(crate) fn notice_of(period: Count) -> Notice {
    Notice {
        period,
        noun: "notice",
    }
}

/// "3 months' formal notice", as the reduction procedure words it.
pub(crate) fn formal_notice_of(period: Count) -> Notice {
    Notice {
        period,
        noun: "formal notice",
    }
}

/// The length from one date to another in weeks and days: "9 weeks",
/// "8 weeks and 3 days", "5 days".
pub(crate) struct Span(Date, Date);

pub(crate) fn span(from: Date, to: Date) -> Span {
    Span(from, to)
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match calendar::weeks_and_days(self.0, self.1) {
            (0, d) => days(d).fmt(f),
            (w, 0) => plural(w, "week", "weeks").fmt(f),
            (w, d) => write!(f, "{} and {}", plural(w, "week", "weeks"), days(d)),
        }
    }
}

/// Days from `from` to `to`, as "3 days" (never negative).
pub(crate) fn days_late(from: Date, to: Date) -> Count {
    days(calendar::days_between(from, to).max(0))
}
