//! Date semantics, written down once.
//!
//! Every deadline in Compact is computed here and nowhere else. The rules are:
//!
//! 1. **Civil dates in the Europe/London calendar.** A record's date is a plain
//!    calendar date ([`Date`]). An instant (a UTC timestamp) is first turned
//!    into the date it was in London ([`london_date`]): 23:30 UTC on a summer
//!    evening is already the next day in London (BST is UTC+1).
//! 2. **N weeks are 7N days** ([`weeks_after`]). A consultation opened on day D
//!    meets a 12-week standard when it closes on or after D + 84
//!    ([`meets_period`]).
//! 3. **M months' notice** given on day D expires on the same day of the month
//!    M months later, or on the last day of that month when it has no such day
//!    ([`months_after`]): notice on 30 November with 3 months runs to 28
//!    February (29 in a leap year). The change may take effect on or after
//!    that day.
//! 4. **"Within N days of E"** means on or before E + N ([`within_days`]).
//! 5. **Agreement length**: an agreement that starts on S and ends on E (both
//!    days included) lasts at least Y years when E + 1 day is on or after the
//!    date Y × 12 months after S ([`lasts_at_least_years`]): 1 April 2024 to
//!    31 March 2027 is three years.
//! 6. **Due soon**: a deadline of an open matter is *due* when it falls within
//!    the coming [`DUE_WINDOW_DAYS`] days, counting today ([`is_due_soon`]),
//!    or, for a matter with a longer lead, from the day its warning begins
//!    ([`is_due_from`]).
//!
//! 7. **Quarters** are the calendar quarters (January to March, and so on);
//!    a quarter's figures are taken on its last day ([`end_of_quarter`]).
//!
//! Arithmetic saturates at the ends of the calendar instead of panicking, so
//! no input date, however far-fetched, can crash the engine.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use chrono_tz::Europe::London;

/// A civil date in the Europe/London calendar.
pub type Date = NaiveDate;

/// How far ahead an open matter's deadline is reported as `due`.
pub const DUE_WINDOW_DAYS: u32 = 14;

/// The London calendar date of a UTC instant.
pub fn london_date(instant: DateTime<Utc>) -> Date {
    instant.with_timezone(&London).date_naive()
}

/// Today's date in London.
pub fn today_in_london() -> Date {
    london_date(Utc::now())
}

/// The date `days` days after `date`.
pub fn days_after(date: Date, days: u32) -> Date {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The date `days` days before `date`.
pub fn days_before(date: Date, days: u32) -> Date {
    date.checked_sub_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MIN)
}

/// The date `weeks` weeks (7 days each) after `date`.
pub fn weeks_after(date: Date, weeks: u32) -> Date {
    date.checked_add_days(Days::new(u64::from(weeks) * 7))
        .unwrap_or(NaiveDate::MAX)
}

/// The date `months` calendar months after `date`: the same day of the month,
/// or the last day of the target month when it is shorter.
pub fn months_after(date: Date, months: u32) -> Date {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The date `weeks` weeks (7 days each) before `date`: the last day on which
/// a period of `weeks` weeks can start and still end by `date`
/// (`meets_period(weeks_before(d, w), d, w)` holds).
pub fn weeks_before(date: Date, weeks: u32) -> Date {
    date.checked_sub_days(Days::new(u64::from(weeks) * 7))
        .unwrap_or(NaiveDate::MIN)
}

/// The last day on which notice of `months` months can be given for a change
/// that takes effect on `effective`.
///
/// Not simply `effective` minus `months` months, because months' notice
/// clamps to the month end: for a change effective on 28 February 2026,
/// 3 months' notice given on 30 November 2025 has expired (it runs to
/// 28 February), so 30 November is the last day, not 28 November.
pub fn latest_notice_day(effective: Date, months: u32) -> Date {
    let Some(mut day) = effective.checked_sub_months(Months::new(months)) else {
        return NaiveDate::MIN;
    };
    // Clamping loses at most three days (31st to 28th), so a few steps
    // forward find the last day whose notice still expires in time.
    for _ in 0..4 {
        match day.succ_opt() {
            Some(next) if notice_expired(next, months, effective) => day = next,
            _ => break,
        }
    }
    day
}

/// The last day on which something due "within `days` days of `event`" is on
/// time.
pub fn within_days(event: Date, days: u32) -> Date {
    days_after(event, days)
}

/// Whether a period from `opened` to `closes` is at least `weeks` weeks long.
pub fn meets_period(opened: Date, closes: Date, weeks: u32) -> bool {
    closes >= weeks_after(opened, weeks)
}

/// Whether notice of `months` months given on `given` has expired by
/// `effective` (the change may take effect on or after the expiry day).
pub fn notice_expired(given: Date, months: u32, effective: Date) -> bool {
    effective >= months_after(given, months)
}

/// Whether an agreement from `starts` to `ends`, both days included, lasts at
/// least `years` years.
pub fn lasts_at_least_years(starts: Date, ends: Date, years: u32) -> bool {
    days_after(ends, 1) >= months_after(starts, years.saturating_mul(12))
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).num_days()
}

/// Whether `deadline` falls between `as_of` and `as_of + DUE_WINDOW_DAYS`,
/// both included.
pub fn is_due_soon(deadline: Date, as_of: Date) -> bool {
    deadline >= as_of && deadline <= days_after(as_of, DUE_WINDOW_DAYS)
}

/// Whether `deadline` is due on `as_of` for a matter whose warning begins
/// on `warn_from`: from the earlier of `warn_from` and the usual window
/// ([`DUE_WINDOW_DAYS`] before the deadline) until the deadline, both
/// included. A matter that needs notice to act on (an exit strategy before
/// the money stops) is warned of when that notice would have to begin, not
/// a fortnight before the end.
pub fn is_due_from(deadline: Date, as_of: Date, warn_from: Date) -> bool {
    let start = warn_from.min(days_before(deadline, DUE_WINDOW_DAYS));
    as_of >= start && as_of <= deadline
}

/// Whole weeks and remaining days between two dates, for explanations:
/// `(9, 0)` for 63 days. Negative spans count as zero.
pub fn weeks_and_days(from: Date, to: Date) -> (i64, i64) {
    let days = days_between(from, to).max(0);
    (days / 7, days % 7)
}

/// The last day of the calendar quarter `date` falls in: 31 March, 30 June,
/// 30 September or 31 December.
pub fn end_of_quarter(date: Date) -> Date {
    let last_month = (date.month0() / 3) * 3 + 3;
    let day = if last_month == 3 || last_month == 12 {
        31
    } else {
        30
    };
    NaiveDate::from_ymd_opt(date.year(), last_month, day).unwrap_or(NaiveDate::MAX)
}

/// A date as a person types it into a form: day/month/year the British way
/// (`25/11/2026`, `25-11-2026`, `25.11.2026` or with spaces; one-digit days
/// and months are fine) or ISO 8601 (`2026-11-25`). `None` when it is not a
/// real date (31/02/2026) or the year has fewer than four digits, since
/// "26" could be 1926 or 2026.
pub fn parse_typed_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    let parts: Vec<&str> = text
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts[..] else {
        return None;
    };
    if year.len() != 4 || !(day.len() <= 2 && month.len() <= 2) {
        return None;
    }
    let number = |p: &str| {
        p.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(number(year)? as i32, number(month)?, number(day)?)
}

/// A date written the British way in English: "3 March 2026".
pub fn format_long(date: Date) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS_EN[date.month0() as usize],
        date.year()
    )
}

/// A date written the British way, as [`format_long`] writes it, for use
/// inside `format!` without building a string of its own first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongDate(pub Date);

impl std::fmt::Display for LongDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let date = self.0;
        write!(
            f,
            "{} {} {}",
            date.day(),
            MONTHS_EN[date.month0() as usize],
            date.year()
        )
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn instants_become_london_dates() {
        let cases = [
            // Summer (BST, UTC+1): 23:30 UTC is 00:30 the next day in London.
            (
                Utc.with_ymd_and_hms(2026, 7, 14, 23, 30, 0).unwrap(),
                d(2026, 7, 15),
            ),
            (
                Utc.with_ymd_and_hms(2026, 7, 14, 22, 59, 59).unwrap(),
                d(2026, 7, 14),
            ),
            // Winter (GMT): London and UTC agree.
            (
                Utc.with_ymd_and_hms(2026, 1, 14, 23, 30, 0).unwrap(),
                d(2026, 1, 14),
            ),
            // Clocks go forward at 01:00 UTC on 29 March 2026.
            (
                Utc.with_ymd_and_hms(2026, 3, 28, 23, 30, 0).unwrap(),
                d(2026, 3, 28),
            ),
            (
                Utc.with_ymd_and_hms(2026, 3, 29, 23, 30, 0).unwrap(),
                d(2026, 3, 30),
            ),
            // Clocks go back at 01:00 UTC on 25 October 2026.
            (
                Utc.with_ymd_and_hms(2026, 10, 24, 23, 30, 0).unwrap(),
                d(2026, 10, 25),
            ),
            (
                Utc.with_ymd_and_hms(2026, 10, 25, 23, 30, 0).unwrap(),
                d(2026, 10, 25),
            ),
        ];
        for (instant, expected) in cases {
            assert_eq!(london_date(instant), expected, "{instant}");
        }
    }

    #[test]
    fn a_twelve_week_standard_needs_84_days() {
        let opened = d(2026, 1, 5);
        assert_eq!(weeks_after(opened, 12), d(2026, 3, 30));
        assert!(meets_period(opened, d(2026, 3, 30), 12));
        assert!(!meets_period(opened, d(2026, 3, 29), 12));
        assert!(meets_period(opened, d(2026, 4, 30), 12));
    }

    #[test]
    fn months_notice_table() {
        let cases = [
            // (given, months, expires)
            (d(2025, 11, 30), 3, d(2026, 2, 28)),
            (d(2027, 11, 30), 3, d(2028, 2, 29)), // leap year
            (d(2026, 1, 31), 1, d(2026, 2, 28)),
            (d(2028, 1, 31), 1, d(2028, 2, 29)),
            (d(2026, 3, 31), 3, d(2026, 6, 30)),
            (d(2026, 5, 15), 3, d(2026, 8, 15)),
            (d(2028, 2, 29), 12, d(2029, 2, 28)),
            (d(2026, 12, 31), 2, d(2027, 2, 28)),
            (d(2026, 8, 31), 6, d(2027, 2, 28)),
        ];
        for (given, months, expires) in cases {
            assert_eq!(
                months_after(given, months),
                expires,
                "{given} + {months} months"
            );
            assert!(notice_expired(given, months, expires));
            assert!(!notice_expired(given, months, expires.pred_opt().unwrap()));
        }
    }

    #[test]
    fn weeks_before_is_the_last_start_that_meets_a_period() {
        assert_eq!(weeks_before(d(2026, 3, 30), 12), d(2026, 1, 5));
        assert!(meets_period(
            weeks_before(d(2026, 3, 30), 12),
            d(2026, 3, 30),
            12
        ));
        assert_eq!(weeks_before(NaiveDate::MIN, 1), NaiveDate::MIN);
    }

    #[test]
    fn latest_notice_day_table() {
        let cases = [
            // (effective, months, last day notice can be given)
            (d(2026, 2, 28), 3, d(2025, 11, 30)),
            (d(2028, 2, 29), 3, d(2027, 11, 30)), // leap year
            (d(2028, 2, 28), 3, d(2027, 11, 28)),
            (d(2026, 3, 31), 1, d(2026, 2, 28)),
            (d(2026, 6, 30), 3, d(2026, 3, 31)),
            (d(2026, 8, 15), 3, d(2026, 5, 15)),
            (d(2029, 2, 28), 12, d(2028, 2, 29)),
            (d(2026, 5, 15), 0, d(2026, 5, 15)),
        ];
        for (effective, months, latest) in cases {
            assert_eq!(
                latest_notice_day(effective, months),
                latest,
                "{effective} - {months} months"
            );
            assert!(notice_expired(latest, months, effective));
            assert!(!notice_expired(
                latest.succ_opt().unwrap(),
                months,
                effective
            ));
        }
        assert_eq!(latest_notice_day(NaiveDate::MIN, 3), NaiveDate::MIN);
        assert!(latest_notice_day(NaiveDate::MAX, 3) < NaiveDate::MAX);
    }

    #[test]
    fn within_days_includes_the_last_day() {
        let referred = d(2026, 2, 20);
        assert_eq!(within_days(referred, 14), d(2026, 3, 6));
        assert_eq!(within_days(d(2028, 2, 22), 7), d(2028, 2, 29));
    }

    #[test]
    fn agreement_length_table() {
        let cases = [
            (d(2024, 4, 1), d(2027, 3, 31), 3, true),
            (d(2024, 4, 1), d(2027, 3, 30), 3, false),
            (d(2024, 4, 1), d(2025, 3, 31), 3, false),
            (d(2024, 2, 29), d(2027, 2, 27), 3, true), // 29 Feb + 36 months is 28 Feb
            (d(2024, 2, 29), d(2027, 2, 26), 3, false),
            (d(2026, 1, 1), d(2026, 12, 31), 1, true),
        ];
        for (starts, ends, years, expected) in cases {
            assert_eq!(
                lasts_at_least_years(starts, ends, years),
                expected,
                "{starts}..{ends}"
            );
        }
    }

    #[test]
    fn due_soon_window_is_fourteen_days_inclusive() {
        let today = d(2026, 11, 23);
        assert!(is_due_soon(today, today));
        assert!(is_due_soon(d(2026, 12, 7), today));
        assert!(!is_due_soon(d(2026, 12, 8), today));
        assert!(!is_due_soon(d(2026, 11, 22), today));
    }

    #[test]
    fn arithmetic_saturates_instead_of_panicking() {
        assert_eq!(weeks_after(NaiveDate::MAX, 12), NaiveDate::MAX);
        assert_eq!(months_after(NaiveDate::MAX, 3), NaiveDate::MAX);
        assert_eq!(days_before(NaiveDate::MIN, 3), NaiveDate::MIN);
        assert_eq!(weeks_after(d(2026, 1, 1), u32::MAX), NaiveDate::MAX);
    }

    #[test]
    fn dates_are_written_the_british_way() {
        assert_eq!(format_long(d(2026, 3, 3)), "3 March 2026");
        assert_eq!(format_long(d(2025, 12, 25)), "25 December 2025");
        for date in [
            d(2026, 3, 3),
            d(2028, 2, 29),
            NaiveDate::MIN,
            NaiveDate::MAX,
        ] {
            assert_eq!(LongDate(date).to_string(), format_long(date));
        }
    }

    #[test]
    fn quarters_end_on_their_last_day() {
        for (date, end) in [
            (d(2026, 1, 1), d(2026, 3, 31)),
            (d(2026, 3, 31), d(2026, 3, 31)),
            (d(2026, 4, 1), d(2026, 6, 30)),
            (d(2024, 8, 15), d(2024, 9, 30)),
            (d(2025, 10, 1), d(2025, 12, 31)),
            (d(2025, 12, 31), d(2025, 12, 31)),
        ] {
            assert_eq!(end_of_quarter(date), end, "{date}");
        }
    }

    #[test]
    fn typed_dates_are_read_the_british_way() {
        for (text, date) in [
            ("25/11/2026", Some(d(2026, 11, 25))),
            ("5/3/2026", Some(d(2026, 3, 5))),
            (" 05-03-2026 ", Some(d(2026, 3, 5))),
            ("05.03.2026", Some(d(2026, 3, 5))),
            ("5 3 2026", Some(d(2026, 3, 5))),
            ("2026-03-05", Some(d(2026, 3, 5))),
            ("29/02/2028", Some(d(2028, 2, 29))),
            ("29/02/2026", None),
            ("31/04/2026", None),
            ("5/3/26", None),
            ("2026/03/05", None),
            ("+5/3/2026", None),
            ("", None),
            ("next Tuesday", None),
            ("1/2/3/2026", None),
        ] {
            assert_eq!(parse_typed_date(text), date, "{text:?}");
        }
    }

    fn any_date() -> impl Strategy<Value = Date> {
        // 1900-01-01 .. 2199-12-31
        (0i64..109_572).prop_map(|n| d(1900, 1, 1) + chrono::Duration::days(n))
    }

    proptest! {
        #[test]
        fn a_date_typed_either_way_reads_back(date in any_date()) {
            let british = format!("{}/{}/{}", date.day(), date.month(), date.year());
            prop_assert_eq!(parse_typed_date(&british), Some(date));
            prop_assert_eq!(parse_typed_date(&date.to_string()), Some(date));
        }

        #[test]
        fn typed_text_never_panics(text in ".{0,24}") {
            let _ = parse_typed_date(&text);
        }

        #[test]
        fn a_quarter_ends_within_three_months_and_the_next_day_starts_one(date in any_date()) {
            let end = end_of_quarter(date);
            prop_assert!(end >= date);
            prop_assert!(days_between(date, end) < 92);
            prop_assert_eq!(end_of_quarter(end), end);
            let next = days_after(end, 1);
            prop_assert_eq!(next.day(), 1);
            prop_assert_eq!(next.month0() % 3, 0);
        }

        #[test]
        fn weeks_are_seven_days(date in any_date(), weeks in 0u32..520) {
            prop_assert_eq!(weeks_after(date, weeks), days_after(date, weeks * 7));
            prop_assert_eq!(days_between(date, weeks_after(date, weeks)), i64::from(weeks) * 7);
        }

        #[test]
        fn a_period_is_met_exactly_from_its_boundary(date in any_date(), weeks in 0u32..104, extra in 0u32..400) {
            let boundary = weeks_after(date, weeks);
            prop_assert!(meets_period(date, days_after(boundary, extra), weeks));
            if weeks > 0 {
                prop_assert!(!meets_period(date, days_before(boundary, 1 + extra % 7), weeks));
            }
        }

        #[test]
        fn months_keep_the_day_or_clamp_to_month_end(date in any_date(), months in 0u32..240) {
            let expires = months_after(date, months);
            let total = date.year() * 12 + date.month0() as i32 + months as i32;
            prop_assert_eq!(expires.year(), total.div_euclid(12));
            prop_assert_eq!(expires.month0() as i32, total.rem_euclid(12));
            if expires.day() != date.day() {
                // Clamped: the original day does not exist in the target month,
                // and the result is that month's last day.
                prop_assert!(expires.day() < date.day());
                prop_assert_eq!(days_after(expires, 1).day(), 1);
            }
        }

        #[test]
        fn latest_notice_day_is_exactly_the_last_day(effective in any_date(), months in 0u32..36) {
            let latest = latest_notice_day(effective, months);
            prop_assert!(notice_expired(latest, months, effective));
            prop_assert!(!notice_expired(days_after(latest, 1), months, effective));
        }

        #[test]
        fn later_notice_never_expires_earlier(a in any_date(), b in any_date(), months in 0u32..36) {
            let (early, late) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(months_after(early, months) <= months_after(late, months));
        }

        #[test]
        fn london_date_is_the_utc_date_or_the_next(secs in 0i64..7_000_000_000) {
            let instant = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
            let utc = instant.date_naive();
            let london = london_date(instant);
            prop_assert!(london == utc || london == days_after(utc, 1));
        }
    }
}
