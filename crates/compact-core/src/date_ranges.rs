//! The range of dates each date the service takes may fall in, written down
//! once.
//!
//! A date that is a real calendar date can still be one no one could mean:
//! a register "as it stood" in the year 9999, or a sign-up in the year 1000.
//! Such dates are not only wrong, they are costly: the register's growth is
//! worked out quarter by quarter from the first sign-up to the date asked,
//! so either end far away makes every page that shows it large and slow.
//! The forms, the API, the use cases and the command all ask here, so every
//! way in refuses the same dates with the same words.
//!
//! The ranges, both ends included:
//!
//! | Date | Earliest | Latest |
//! |---|---|---|
//! | The register's date (`?on=`), a check's `--as-of` | [`COMPACTS_BEGAN`] | today |
//! | A sign-up | the Compact's edition date, or [`COMPACTS_BEGAN`] without one | today |
//! | A champion's appointment, a withdrawal | the signing | today |
//! | A champion's training | the appointment | today |
//! | A funding agreement's start | [`COMPACTS_BEGAN`] | ten years from today |
//! | Its end | its start | [`MAX_AGREEMENT_YEARS`] years after its start |
//! | An instalment's due date | its agreement's start | its agreement's end |
//! | A payment made, an exit strategy agreed, a step taken, an impact assessment completed | a year before the agreement's start | today |
//! | A change's decision | a year before the agreement's start | two years from today |
//! | A change's notice | its decision | today |
//! | A change taking effect | its decision | ten years after its decision |
//! | A consultation's close | its opening | two years after its opening |
//! | A consultation's opening | [`COMPACTS_BEGAN`] | a year after today |
//! | A consultation's closing | the day after it opens | a year after it opens |
//! | A response received, a decision taken | the opening | today |
//!
//! The consultation ranges live in `crate::consultation::period`.
//!
//! No date may be earlier than [`COMPACTS_BEGAN`], whatever a Compact's
//! definition says its edition date is: local Compacts follow the national
//! Compact, agreed in 1998.

use crate::calendar::Date;
use chrono::NaiveDate;
use serde::Serialize;

/// 1 January 1998: the start of the year in which the national Compact
/// (between the government and the voluntary and community sector in
/// England) was agreed. No local Compact is older, so no record of one can
/// be dated earlier; it is the floor for a Compact without an edition date.
pub const COMPACTS_BEGAN: Date = match NaiveDate::from_ymd_opt(1998, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// What a range's earliest date stands for, so a message can say why a
/// date is too early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Since {
    /// [`COMPACTS_BEGAN`]: no Compact is older.
    CompactsBegan,
    /// The date of the Compact's edition: no one signs it before it exists.
    Edition,
    /// The signing of the sign-up the date belongs to.
    Signing,
    /// The champion's appointment.
    Appointment,
    /// An earlier date of the same record that this one follows: an
    /// agreement's start (its end, its instalments), a change's decision
    /// (its notice, its effect), a consultation's opening (its close). The
    /// message names which, by field.
    EarlierDate,
    /// The opening of the consultation the date belongs to.
    Opening,
}

/// The dates a field accepts: from `earliest` to `latest`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DateRange {
    pub earliest: Date,
    pub latest: Date,
    /// What `earliest` is.
    pub since: Since,
}

/// Which side of its range a date fell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutOfRange {
    /// Before the earliest date.
    TooEarly,
    /// After the latest date.
    TooLate,
}

impl DateRange {
    /// `date` itself when it is in the range, otherwise which side it fell.
    /// A date before the earliest is too early even when the range is empty
    /// (its earliest after its latest), so the message names the earliest.
    pub fn check(&self, date: Date) -> Result<Date, OutOfRange> {
        if date < self.earliest {
            Err(OutOfRange::TooEarly)
        } else if date > self.latest {
            Err(OutOfRange::TooLate)
        } else {
            Ok(date)
        }
    }

    pub fn contains(&self, date: Date) -> bool {
        self.check(date).is_ok()
    }

    /// How many days the range spans, both ends counted (0 when empty).
    pub fn days(&self) -> i64 {
        ((self.latest - self.earliest).num_days() + 1).max(0)
    }
}

/// A date no earlier than [`COMPACTS_BEGAN`].
pub(crate) fn at_least_floor(date: Date) -> Date {
    date.max(COMPACTS_BEGAN)
}

/// The date the register is looked at on, and the date the records are
/// checked as of: from [`COMPACTS_BEGAN`] to today. The register of a later
/// date would be a guess, and of an earlier one is empty.
pub fn register_date(today: Date) -> DateRange {
    DateRange {
        earliest: COMPACTS_BEGAN,
        latest: today,
        since: Since::CompactsBegan,
    }
}

/// The date of a sign-up to a Compact whose edition is dated
/// `edition_date`: from that date (or [`COMPACTS_BEGAN`] when the Compact
/// gives none, or an earlier one) to today.
pub fn signing_date(edition_date: Option<Date>, today: Date) -> DateRange {
    match edition_date {
        Some(edition) if edition > COMPACTS_BEGAN => DateRange {
            earliest: edition,
            latest: today,
            since: Since::Edition,
        },
        _ => register_date(today),
    }
}

/// The date of something that follows a signing on `signed_on`: the
/// champion's appointment, or the withdrawal. From the signing to today.
pub fn after_signing(signed_on: Date, today: Date) -> DateRange {
    DateRange {
        earliest: at_least_floor(signed_on),
        latest: today,
        since: Since::Signing,
    }
}

/// The date a champion appointed on `appointed_on` was trained: from the
/// appointment to today.
pub fn training_date(appointed_on: Date, today: Date) -> DateRange {
    DateRange {
        earliest: at_least_floor(appointed_on),
        latest: today,
        since: Since::Appointment,
    }
}

/// The longest a funding agreement can plausibly run: some decades.
pub const MAX_AGREEMENT_YEARS: u32 = 30;

fn years_after(date: Date, years: u32) -> Date {
    crate::calendar::months_after(date, years * 12)
}

fn a_year_before(date: Date) -> Date {
    at_least_floor(crate::calendar::days_before(date, 365))
}

/// A funding agreement's first day: agreements are signed ahead, but not
/// decades ahead.
pub fn agreement_start(today: Date) -> DateRange {
    DateRange {
        earliest: COMPACTS_BEGAN,
        latest: years_after(today, 10),
        since: Since::CompactsBegan,
    }
}

/// The last day of an agreement that starts on `starts_on`.
pub fn agreement_end(starts_on: Date) -> DateRange {
    DateRange {
        earliest: at_least_floor(starts_on),
        latest: years_after(starts_on, MAX_AGREEMENT_YEARS),
        since: Since::EarlierDate,
    }
}

/// When an instalment of an agreement from `starts_on` to `ends_on` falls
/// due: within the agreement.
pub fn instalment_due(starts_on: Date, ends_on: Date) -> DateRange {
    DateRange {
        earliest: at_least_floor(starts_on),
        latest: ends_on,
        since: Since::EarlierDate,
    }
}

/// Something done about an agreement that starts on `starts_on` (a
/// payment made, an exit strategy agreed, a step of the reduction
/// procedure, an impact assessment): from a year before the start, since
/// the work begins before the money does, to today.
pub fn funding_event(starts_on: Date, today: Date) -> DateRange {
    DateRange {
        earliest: a_year_before(starts_on),
        latest: today,
        since: Since::EarlierDate,
    }
}

/// The decision to change an agreement that starts on `starts_on`: it may
/// be planned ahead, so up to two years from today.
pub fn change_decision(starts_on: Date, today: Date) -> DateRange {
    DateRange {
        earliest: a_year_before(starts_on),
        latest: years_after(today, 2),
        since: Since::EarlierDate,
    }
}

/// Notice of a change decided on `decided_on`: given after the decision, and
/// not on a day still to come.
pub fn change_notice(decided_on: Date, today: Date) -> DateRange {
    DateRange {
        earliest: at_least_floor(decided_on),
        latest: today,
        since: Since::EarlierDate,
    }
}

/// The day a change decided on `decided_on` takes effect.
pub fn change_effect(decided_on: Date) -> DateRange {
    DateRange {
        earliest: at_least_floor(decided_on),
        latest: years_after(decided_on, 10),
        since: Since::EarlierDate,
    }
}

/// The close of a consultation opened on `opened_on`.
pub fn consultation_close(opened_on: Date) -> DateRange {
    DateRange {
        earliest: at_least_floor(opened_on),
        latest: years_after(opened_on, 2),
        since: Since::EarlierDate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 12, 1);

    fn today() -> Date {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn the_floor_is_the_first_day_of_1998() {
        assert_eq!(COMPACTS_BEGAN, d(1998, 1, 1));
    }

    #[test]
    fn each_date_has_its_range() {
        let today = today();
        let cases = [
            // (range, date, expected)
            (
                register_date(today),
                d(9999, 12, 31),
                Err(OutOfRange::TooLate),
            ),
            (
                register_date(today),
                d(2026, 12, 2),
                Err(OutOfRange::TooLate),
            ),
            (register_date(today), today, Ok(())),
            (register_date(today), d(1998, 1, 1), Ok(())),
            (
                register_date(today),
                d(1997, 12, 31),
                Err(OutOfRange::TooEarly),
            ),
            (register_date(today), d(1, 1, 1), Err(OutOfRange::TooEarly)),
            // A Compact with an edition date: no earlier than the edition.
            (
                signing_date(Some(d(2009, 11, 1)), today),
                d(2009, 11, 1),
                Ok(()),
            ),
            (
                signing_date(Some(d(2009, 11, 1)), today),
                d(2009, 10, 31),
                Err(OutOfRange::TooEarly),
            ),
            (
                signing_date(Some(d(2009, 11, 1)), today),
                d(1000, 1, 1),
                Err(OutOfRange::TooEarly),
            ),
            (
                signing_date(Some(d(2009, 11, 1)), today),
                d(2026, 12, 2),
                Err(OutOfRange::TooLate),
            ),
            // Without one, or with one before 1998: no earlier than 1998.
            (signing_date(None, today), d(1998, 1, 1), Ok(())),
            (
                signing_date(None, today),
                d(1997, 12, 31),
                Err(OutOfRange::TooEarly),
            ),
            (
                signing_date(Some(d(1950, 1, 1)), today),
                d(1960, 1, 1),
                Err(OutOfRange::TooEarly),
            ),
            // After the signing, up to today.
            (after_signing(d(2024, 5, 1), today), d(2024, 5, 1), Ok(())),
            (
                after_signing(d(2024, 5, 1), today),
                d(2024, 4, 30),
                Err(OutOfRange::TooEarly),
            ),
            (
                after_signing(d(2024, 5, 1), today),
                d(2027, 1, 1),
                Err(OutOfRange::TooLate),
            ),
            // A sign-up stored with an impossible date does not widen the
            // range of what follows it.
            (
                after_signing(d(1000, 1, 1), today),
                d(1500, 1, 1),
                Err(OutOfRange::TooEarly),
            ),
            (training_date(d(2025, 6, 1), today), d(2025, 6, 1), Ok(())),
            (
                training_date(d(2025, 6, 1), today),
                d(2025, 5, 31),
                Err(OutOfRange::TooEarly),
            ),
            // A Compact whose edition is still to come takes no sign-ups.
            (
                signing_date(Some(d(2027, 6, 1)), today),
                today,
                Err(OutOfRange::TooEarly),
            ),
        ];
        for (i, (range, date, expected)) in cases.into_iter().enumerate() {
            assert_eq!(
                range.check(date).map(|_| ()),
                expected,
                "case {i}: {date} in {range:?}"
            );
        }
    }

    #[test]
    fn ranges_say_what_their_earliest_date_is() {
        let today = today();
        assert_eq!(register_date(today).since, Since::CompactsBegan);
        assert_eq!(signing_date(None, today).since, Since::CompactsBegan);
        assert_eq!(
            signing_date(Some(d(2014, 5, 1)), today).since,
            Since::Edition
        );
        assert_eq!(after_signing(d(2020, 1, 1), today).since, Since::Signing);
        assert_eq!(
            training_date(d(2020, 1, 1), today).since,
            Since::Appointment
        );
    }

    fn any_date() -> impl Strategy<Value = Date> {
        // Every date chrono can hold, so the far ends are tried too.
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    fn plausible_today() -> impl Strategy<Value = Date> {
        (0i64..40_000).prop_map(|n| d(1998, 1, 1) + chrono::Duration::days(n))
    }

    use chrono::Datelike;

    proptest! {
        #[test]
        fn every_accepted_date_is_between_1998_and_today(
            date in any_date(),
            today in plausible_today(),
            edition in proptest::option::of(any_date()),
            signed in any_date(),
        ) {
            for range in [
                register_date(today),
                signing_date(edition, today),
                after_signing(signed, today),
                training_date(signed, today),
            ] {
                if range.contains(date) {
                    prop_assert!(date >= COMPACTS_BEGAN);
                    prop_assert!(date <= today);
                    prop_assert!(date >= range.earliest);
                }
                // Exactly one answer, and the side named is the right one.
                match range.check(date) {
                    Ok(d) => prop_assert_eq!(d, date),
                    Err(OutOfRange::TooEarly) => prop_assert!(date < range.earliest),
                    Err(OutOfRange::TooLate) => prop_assert!(date > range.latest && date >= range.earliest),
                }
                // So nothing accepted spans more days than 1998 to today.
                prop_assert!(range.days() <= register_date(today).days());
            }
        }

        #[test]
        fn a_sign_up_is_accepted_from_its_edition_to_today(
            edition in plausible_today(),
            today in plausible_today(),
        ) {
            let range = signing_date(Some(edition), today);
            prop_assert_eq!(range.contains(edition), edition <= today);
            prop_assert_eq!(range.contains(today), edition <= today);
            if let Some(before) = edition.pred_opt() {
                prop_assert!(!range.contains(before));
            }
            if let Some(after) = today.succ_opt() {
                prop_assert!(!range.contains(after));
            }
            prop_assert!(range.earliest.year() >= 1998);
        }
    }
}
