//! Money is held as whole pence in an `i64`: never a float.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in pence (GBP). `Pence(150)` is £1.50.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Pence(pub i64);

impl Pence {
    pub const ZERO: Pence = Pence(0);

    pub fn from_pounds(pounds: i64) -> Option<Pence> {
        pounds.checked_mul(100).map(Pence)
    }
}

impl fmt::Display for Pence {
    /// British style: `£1,234.50`, `-£3.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let pounds = (abs / 100).to_string();
        let mut grouped = String::with_capacity(pounds.len() + pounds.len() / 3);
        for (i, c) in pounds.chars().enumerate() {
            if i > 0 && (pounds.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}£{grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pence_display_in_the_british_style() {
        let cases = [
            (0, "£0.00"),
            (5, "£0.05"),
            (150, "£1.50"),
            (123_456_789, "£1,234,567.89"),
            (-300, "-£3.00"),
            (100_000, "£1,000.00"),
        ];
        for (pence, expected) in cases {
            assert_eq!(Pence(pence).to_string(), expected);
        }
    }

    #[test]
    fn pounds_convert_without_overflow() {
        assert_eq!(Pence::from_pounds(12), Some(Pence(1200)));
        assert_eq!(Pence::from_pounds(i64::MAX), None);
    }
}
