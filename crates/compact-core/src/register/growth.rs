//! How the number of signatories grew, quarter by quarter, or year by year
//! over a long history.

use crate::calendar::{days_after, end_of_quarter, Date};
use crate::model::Signatory;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashSet;

/// The most points a growth series has, however old its first sign-up:
/// thirty years of quarters. Every point is drawn as a bar and listed in a
/// table on the register page, so without a cap one sign-up dated in the
/// distant past would make that page huge for every visitor. A longer
/// history is told year by year, or in spans of several years.
pub const MAX_GROWTH_POINTS: usize = 120;

/// The register at the end of one period: a quarter, or on a long history a
/// year or a span of years (or on the last date asked for, when the period
/// has not ended yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrowthPoint {
    pub on: Date,
    /// Organisations that were signatories on that date.
    pub signatories: usize,
    /// Sign-ups made during the period.
    pub joined: usize,
    /// Withdrawals that took effect during the period.
    pub left: usize,
}

/// How long each point of a series from `first` to `until` covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Quarter,
    /// Whole calendar years, this many to a point, counted from the year
    /// of the first sign-up.
    Years {
        per_point: i32,
        from_year: i32,
    },
}

impl Period {
    /// Quarters when there are at most [`MAX_GROWTH_POINTS`] of them,
    /// otherwise the fewest years to a point that keep within it.
    fn of(first: Date, until: Date) -> Period {
        let quarter = |d: Date| i64::from(d.year()) * 4 + i64::from(d.month0() / 3);
        let quarters = quarter(until) - quarter(first) + 1;
        if quarters <= MAX_GROWTH_POINTS as i64 {
            return Period::Quarter;
        }
        let years = i64::from(until.year()) - i64::from(first.year()) + 1;
        let per_point = (years + MAX_GROWTH_POINTS as i64 - 1) / MAX_GROWTH_POINTS as i64;
        Period::Years {
            per_point: i32::try_from(per_point).unwrap_or(i32::MAX),
            from_year: first.year(),
        }
    }

    /// The last day of the period `date` falls in.
    fn end(self, date: Date) -> Date {
        match self {
            Period::Quarter => end_of_quarter(date),
            Period::Years {
                per_point,
                from_year,
            } => {
                let into = (date.year() - from_year).rem_euclid(per_point);
                let year = date.year().saturating_add(per_point - 1 - into);
                NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
            }
        }
    }
}

/// One point per quarter, from the quarter of the first sign-up to the
/// quarter of `until`, the last point being `until` itself; per year (or
/// span of years) instead when that would be more than
/// [`MAX_GROWTH_POINTS`]. Nothing when no one had signed up by `until`.
pub fn growth(signatories: &[Signatory], until: Date) -> Vec<GrowthPoint> {
    let Some(first) = signatories
        .iter()
        .map(|s| s.signed_on)
        .filter(|d| *d <= until)
        .min()
    else {
        return Vec::new();
    };
    let period = Period::of(first, until);
    let mut points = Vec::new();
    let mut start = first;
    loop {
        let on = period.end(start).min(until);
        let in_quarter = |d: Date| start <= d && d <= on;
        let current: HashSet<_> = signatories
            .iter()
            .filter(|s| s.is_current_on(on))
            .map(|s| s.organisation)
            .collect();
        points.push(GrowthPoint {
            on,
            signatories: current.len(),
            joined: signatories
                .iter()
                .filter(|s| in_quarter(s.signed_on))
                .count(),
            left: signatories
                .iter()
                .filter(|s| s.withdrawn_on.is_some_and(in_quarter))
                .count(),
        });
        if on >= until {
            return points;
        }
        start = days_after(on, 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{OrganisationId, SignatoryId};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn signed(id: i64, on: Date) -> Signatory {
        Signatory {
            id: SignatoryId(id),
            organisation: OrganisationId(id),
            signed_on: on,
            signed_by: "A".into(),
            edition: "E".into(),
            withdrawn_on: None,
            withdrawal_reason: None,
            champion: None,
        }
    }

    #[test]
    fn periods_are_quarters_up_to_thirty_years_then_years() {
        let until = d(2026, 12, 1);
        let cases = [
            // (first sign-up, period, points)
            (d(2026, 11, 30), Period::Quarter, 1),
            (d(1997, 1, 1), Period::Quarter, 120),
            (
                d(1996, 12, 31),
                Period::Years {
                    per_point: 1,
                    from_year: 1996,
                },
                31,
            ),
            (
                d(1000, 1, 1),
                Period::Years {
                    per_point: 9,
                    from_year: 1000,
                },
                115,
            ),
            (
                d(1, 1, 1),
                Period::Years {
                    per_point: 17,
                    from_year: 1,
                },
                120,
            ),
        ];
        for (first, period, count) in cases {
            assert_eq!(Period::of(first, until), period, "{first}");
            let points = growth(&[signed(1, first)], until);
            assert_eq!(points.len(), count, "{first}");
            assert_eq!(points.last().map(|p| p.on), Some(until));
        }
    }

    #[test]
    fn a_long_history_is_counted_year_by_year() {
        let until = d(2026, 12, 1);
        let points = growth(&[signed(1, d(1990, 6, 1)), signed(2, d(2020, 3, 1))], until);
        assert_eq!(points.first().unwrap().on, d(1990, 12, 31));
        assert_eq!(points[30].on, d(2020, 12, 31));
        assert_eq!(points[30].joined, 1);
        assert_eq!(points[30].signatories, 2);
        assert_eq!(points.len(), 37);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    proptest! {
        #[test]
        fn a_series_is_bounded_ordered_and_counts_every_sign_up(
            dates in proptest::collection::vec(any_date(), 1..6),
            until in any_date(),
        ) {
            let signatories: Vec<Signatory> = dates
                .iter()
                .enumerate()
                .map(|(i, on)| signed(i as i64 + 1, *on))
                .collect();
            let points = growth(&signatories, until);
            prop_assert!(points.len() <= MAX_GROWTH_POINTS);
            let by_until = dates.iter().filter(|on| **on <= until).count();
            if by_until == 0 {
                prop_assert!(points.is_empty());
            } else {
                prop_assert_eq!(points.last().map(|p| p.on), Some(until));
                prop_assert!(points.windows(2).all(|w| w[0].on < w[1].on));
                prop_assert_eq!(points.iter().map(|p| p.joined).sum::<usize>(), by_until);
            }
        }
    }
}
