//! Today's date, as the application sees it.
//!
//! Every use case and every page asks the clock in the application state,
//! never the system directly, so a test can fix the date and a deadline
//! checked today is checked against the same day everywhere in a request.

use compact_core::calendar::{london_date, Date};
use std::sync::Arc;

/// Where "today" comes from.
#[derive(Clone, Default)]
pub enum Clock {
    /// The computer's clock, read as a London date.
    #[default]
    System,
    /// Always the same date (tests, and reports run "as of" a day).
    Fixed(Date),
    /// Any source of instants (tests that move time on).
    Custom(Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>),
}

impl Clock {
    /// A clock that always says `date`.
    pub fn fixed(date: Date) -> Clock {
        Clock::Fixed(date)
    }

    /// Today's date in London.
    pub fn today(&self) -> Date {
        match self {
            Clock::System => london_date(chrono::Utc::now()),
            Clock::Fixed(date) => *date,
            Clock::Custom(now) => london_date(now()),
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Clock::System => f.write_str("Clock::System"),
            Clock::Fixed(d) => write!(f, "Clock::Fixed({d})"),
            Clock::Custom(_) => f.write_str("Clock::Custom"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_says_its_date_and_the_system_clock_says_london_today() {
        let date = Date::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(Clock::fixed(date).today(), date);
        assert_eq!(
            Clock::System.today(),
            compact_core::calendar::today_in_london()
        );
        let late_summer_evening = "2026-07-01T23:30:00Z".parse().unwrap();
        let custom = Clock::Custom(Arc::new(move || late_summer_evening));
        assert_eq!(custom.today(), Date::from_ymd_opt(2026, 7, 2).unwrap());
    }
}
