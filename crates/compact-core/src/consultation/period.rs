//! The Compact's period rule as a form explains it, and the dates a
//! consultation's fields accept.
//!
//! The rules engine (`rules/consultation.rs`) decides with
//! [`calendar::meets_period`]; the guidance here uses the same function, so
//! what the form promises is what the engine then finds.

use crate::calendar::{self, Date};
use crate::date_ranges::{at_least_floor, DateRange, Since, COMPACTS_BEGAN};
use crate::definition::ConsultationStandard;
use serde::Serialize;

/// How far ahead a consultation may be set to open, and how long it may
/// run, in months: a year either way, beyond which a date is a slip.
pub const AHEAD_MONTHS: u32 = 12;
pub const LONGEST_MONTHS: u32 = 12;

/// The opening date: from [`COMPACTS_BEGAN`] (past consultations are
/// recorded too) to a year after today.
pub fn opening_date(today: Date) -> DateRange {
    DateRange {
        earliest: COMPACTS_BEGAN,
        latest: calendar::months_after(today, AHEAD_MONTHS),
        since: Since::CompactsBegan,
    }
}

/// The closing date of a consultation opening on `opened_on`: from the
/// next day to a year later.
pub fn closing_date(opened_on: Date) -> DateRange {
    let opened_on = at_least_floor(opened_on);
    DateRange {
        earliest: calendar::days_after(opened_on, 1),
        latest: calendar::months_after(opened_on, LONGEST_MONTHS),
        since: Since::Opening,
    }
}

/// A date something happened in a consultation opened on `opened_on`
/// (a response received, a decision taken): from the opening to today.
pub fn since_opening(opened_on: Date, today: Date) -> DateRange {
    DateRange {
        earliest: at_least_floor(opened_on),
        latest: today,
        since: Since::Opening,
    }
}

/// How a consultation's period stands against the Compact's standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// At least the standard length.
    Meets,
    /// Shorter, with the stated reason the Compact asks for: the engine
    /// notes it as advisory.
    ShorterWithReason,
    /// Shorter, and the Compact asks for a reason that was not given.
    ShorterWithoutReason,
    /// Shorter, and the Compact makes no exception for shorter periods.
    ShorterNoException,
}

impl Standing {
    /// Whether the rules engine will record a finding about the period.
    pub fn recorded(self) -> bool {
        self != Standing::Meets
    }
}

/// What the Compact requires of a consultation opening on a date, and how
/// the closing date typed stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Guidance {
    /// The standard length in weeks.
    pub weeks: u32,
    /// The earliest closing date that meets the standard.
    pub close_on_or_after: Date,
    /// Whether a shorter period is allowed with a stated reason.
    pub shorter_needs_reason: bool,
    /// How the closing date typed stands, when one was typed.
    pub standing: Option<Standing>,
}

/// The guidance for a consultation opening on `opened_on` under
/// `standard`, with the closing date and reason typed so far.
pub fn guidance(
    standard: &ConsultationStandard,
    opened_on: Date,
    closes_on: Option<Date>,
    reason: Option<&str>,
) -> Guidance {
    let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
    let standing = closes_on.map(|closes| {
        if calendar::meets_period(opened_on, closes, standard.weeks) {
            Standing::Meets
        } else if !standard.shorter_needs_reason {
            Standing::ShorterNoException
        } else if has_reason {
            Standing::ShorterWithReason
        } else {
            Standing::ShorterWithoutReason
        }
    });
    Guidance {
        weeks: standard.weeks,
        close_on_or_after: calendar::weeks_after(opened_on, standard.weeks),
        shorter_needs_reason: standard.shorter_needs_reason,
        standing,
    }
}

/// The day feedback is due after a close on `closes_on`, if the Compact
/// sets one.
pub fn feedback_due(standard: &ConsultationStandard, closes_on: Date) -> Option<Date> {
    standard
        .feedback_within_days
        .map(|days| calendar::within_days(closes_on, days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::Strength;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn standard(weeks: u32, shorter_needs_reason: bool) -> ConsultationStandard {
        ConsultationStandard {
            weeks,
            shorter_needs_reason,
            feedback_within_days: Some(28),
            strength: Strength::Firm,
        }
    }

    #[test]
    fn the_guidance_follows_the_table() {
        use Standing::*;
        let opened = d(2026, 1, 5);
        // (weeks, reason needed, closes, reason, close on or after, standing)
        let table = [
            (12, true, None, None, d(2026, 3, 30), None),
            (
                12,
                true,
                Some(d(2026, 3, 30)),
                None,
                d(2026, 3, 30),
                Some(Meets),
            ),
            (
                12,
                true,
                Some(d(2026, 6, 1)),
                None,
                d(2026, 3, 30),
                Some(Meets),
            ),
            (
                12,
                true,
                Some(d(2026, 3, 29)),
                None,
                d(2026, 3, 30),
                Some(ShorterWithoutReason),
            ),
            (
                12,
                true,
                Some(d(2026, 3, 29)),
                Some("  "),
                d(2026, 3, 30),
                Some(ShorterWithoutReason),
            ),
            (
                12,
                true,
                Some(d(2026, 2, 2)),
                Some("a statutory deadline"),
                d(2026, 3, 30),
                Some(ShorterWithReason),
            ),
            (
                12,
                false,
                Some(d(2026, 2, 2)),
                Some("a statutory deadline"),
                d(2026, 3, 30),
                Some(ShorterNoException),
            ),
            (
                6,
                false,
                Some(d(2026, 2, 16)),
                None,
                d(2026, 2, 16),
                Some(Meets),
            ),
            (
                6,
                false,
                Some(d(2026, 2, 15)),
                None,
                d(2026, 2, 16),
                Some(ShorterNoException),
            ),
        ];
        for (i, (weeks, needs, closes, reason, after, standing)) in table.into_iter().enumerate() {
            let g = guidance(&standard(weeks, needs), opened, closes, reason);
            assert_eq!(g.close_on_or_after, after, "row {i}");
            assert_eq!(g.standing, standing, "row {i}");
            assert_eq!(g.weeks, weeks, "row {i}");
        }
    }

    #[test]
    fn the_dates_a_consultation_takes() {
        let today = d(2026, 5, 1);
        let cases = [
            (opening_date(today), d(1998, 1, 1), true),
            (opening_date(today), d(1997, 12, 31), false),
            (opening_date(today), d(2027, 5, 1), true),
            (opening_date(today), d(2027, 5, 2), false),
            (closing_date(d(2026, 1, 5)), d(2026, 1, 5), false),
            (closing_date(d(2026, 1, 5)), d(2026, 1, 6), true),
            (closing_date(d(2026, 1, 5)), d(2027, 1, 5), true),
            (closing_date(d(2026, 1, 5)), d(2027, 1, 6), false),
            (since_opening(d(2026, 1, 5), today), d(2026, 1, 5), true),
            (since_opening(d(2026, 1, 5), today), d(2026, 1, 4), false),
            (since_opening(d(2026, 1, 5), today), d(2026, 5, 2), false),
        ];
        for (i, (range, date, ok)) in cases.into_iter().enumerate() {
            assert_eq!(range.contains(date), ok, "case {i}: {date} in {range:?}");
        }
        assert_eq!(closing_date(d(2026, 1, 5)).since, Since::Opening);
    }

    fn plausible() -> impl Strategy<Value = Date> {
        (0i64..20_000).prop_map(|n| d(1998, 1, 1) + chrono::Duration::days(n))
    }

    proptest! {
        /// The date the form names is exactly the first that meets the
        /// standard, and the standing agrees with the engine's own test.
        #[test]
        fn the_named_date_is_the_first_that_meets_the_standard(
            opened in plausible(),
            length in 1u32..400,
            weeks in 1u32..30,
            needs in any::<bool>(),
            reason in proptest::option::of("[a-z ]{0,8}"),
        ) {
            let s = standard(weeks, needs);
            let closes = calendar::days_after(opened, length);
            let g = guidance(&s, opened, Some(closes), reason.as_deref());
            prop_assert!(calendar::meets_period(opened, g.close_on_or_after, weeks));
            prop_assert!(!calendar::meets_period(opened, calendar::days_before(g.close_on_or_after, 1), weeks));
            let meets = calendar::meets_period(opened, closes, weeks);
            prop_assert_eq!(g.standing == Some(Standing::Meets), meets);
            prop_assert_eq!(closes >= g.close_on_or_after, meets);
            // A reason never makes a short period meet the standard.
            let without = guidance(&s, opened, Some(closes), None);
            prop_assert_eq!(without.standing == Some(Standing::Meets), meets);
            // Every accepted closing date is after the opening and within a year.
            if closing_date(opened).contains(closes) {
                prop_assert!(closes > opened);
                prop_assert!(closes <= calendar::months_after(opened, 12));
            }
        }
    }
}
