//! How the number of signatories grew, quarter by quarter.

use crate::calendar::{days_after, end_of_quarter, Date};
use crate::model::Signatory;
use serde::Serialize;
use std::collections::HashSet;

/// The register at the end of one quarter (or on the last date asked for,
/// when the quarter has not ended yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrowthPoint {
    pub on: Date,
    /// Organisations that were signatories on that date.
    pub signatories: usize,
    /// Sign-ups made during the quarter.
    pub joined: usize,
    /// Withdrawals that took effect during the quarter.
    pub left: usize,
}

/// One point per quarter, from the quarter of the first sign-up to the
/// quarter of `until`, the last point being `until` itself. Nothing when no
/// one had signed up by `until`.
pub fn growth(signatories: &[Signatory], until: Date) -> Vec<GrowthPoint> {
    let Some(first) = signatories
        .iter()
        .map(|s| s.signed_on)
        .filter(|d| *d <= until)
        .min()
    else {
        return Vec::new();
    };
    let mut points = Vec::new();
    let mut start = first;
    loop {
        let on = end_of_quarter(start).min(until);
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
