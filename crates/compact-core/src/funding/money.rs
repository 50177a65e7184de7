//! Money as people type it: pounds and pence, kept as whole pence.

use crate::money::Pence;

/// The most one agreement or instalment can plausibly hold: £1 billion.
/// More is a slip of the keyboard, and far less than would overflow.
pub const MAX_AMOUNT: Pence = Pence(100_000_000_000);

/// An amount typed in pounds: `1234.56`, `£1,234.56`, `1,234`, `£0.5`.
/// `None` when it is not one: a sign, more than two decimal places,
/// misplaced commas, letters, or more than [`MAX_AMOUNT`].
pub fn parse_pounds(text: &str) -> Option<Pence> {
    let text = text.trim();
    let text = text.strip_prefix('£').unwrap_or(text).trim();
    let (pounds, pence) = match text.split_once('.') {
        Some((p, d)) => (p, Some(d)),
        None => (text, None),
    };
    let pounds = whole_pounds(pounds)?;
    let pence = match pence {
        None => 0,
        Some(d) if (1..=2).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()) => {
            let n: i64 = d.parse().ok()?;
            if d.len() == 1 {
                n * 10
            } else {
                n
            }
        }
        Some(_) => return None,
    };
    let total = pounds.checked_mul(100)?.checked_add(pence)?;
    (total <= MAX_AMOUNT.0).then_some(Pence(total))
}

/// Whole pounds, with commas between groups of three if any.
fn whole_pounds(text: &str) -> Option<i64> {
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return None;
    }
    if text.contains(',') {
        let groups: Vec<&str> = text.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    // At most 13 digits fit below the maximum, so parsing cannot overflow.
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() > 13 {
        return None;
    }
    digits.parse().ok()
}
