//! Small checks shared by the validators: ids, text, counts, dates and the
//! wording of "no such thing" messages.

use super::parse::Problems;
use super::raw::S;
use super::{Date, Sector};
use std::collections::HashMap;
use std::ops::Range;

/// Tracks the ids of one kind of thing so a repeat is reported where it is
/// repeated, with the line of the first.
pub(super) struct Ids {
    what: &'static str,
    seen: HashMap<String, Range<usize>>,
}

impl Ids {
    pub(super) fn new(what: &'static str) -> Ids {
        Ids {
            what,
            seen: HashMap::new(),
        }
    }

    /// Check the id's form and that it is new; returns it for the domain value.
    pub(super) fn add(&mut self, id: &S<String>, p: &mut Problems) -> String {
        let value = ident(id, self.what, p);
        if let Some(first) = self.seen.get(&value) {
            let line = p.line_of(first);
            p.at(
                id.span(),
                format!(
                    "duplicate {} id `{value}`: it is already used on line {line}; \
                     each {} needs its own id",
                    self.what, self.what
                ),
            );
        } else if !value.is_empty() {
            self.seen.insert(value.clone(), id.span());
        }
        value
    }
}

/// An id or slug: lowercase letters, digits, `-` and `_`, starting with a
/// letter or digit. Ids appear in URLs and in other records, so they stay
/// plain.
pub(super) fn ident(id: &S<String>, what: &str, p: &mut Problems) -> String {
    let value = id.get_ref().as_str();
    let plain = !value.is_empty()
        && value.len() <= 64
        && value.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !plain {
        p.at(
            id.span(),
            format!(
                "`{value}` is not a valid {what} id: use 1 to 64 lowercase letters, digits, \
                 `-` or `_`, starting with a letter or digit, e.g. `compact-group`"
            ),
        );
    }
    value.to_string()
}

/// A required piece of text: trimmed, and not empty.
pub(super) fn text(value: &S<String>, key: &str, p: &mut Problems) -> String {
    let trimmed = value.get_ref().trim();
    if trimmed.is_empty() {
        p.at(
            value.span(),
            format!("`{key}` is empty; write the text it should hold"),
        );
    }
    trimmed.to_string()
}

/// A whole number in `1..=max`, for counts of seats and chairs.
pub(super) fn count(value: &S<i64>, what: &str, max: i64, p: &mut Problems) -> u32 {
    let n = *value.get_ref();
    if n < 1 {
        p.at(
            value.span(),
            format!("{what} must be a positive whole number (at least 1), found {n}"),
        );
        0
    } else if n > max {
        p.at(
            value.span(),
            format!("{what} is {n}, more than the {max} this format accepts; check for a typo"),
        );
        0
    } else {
        u32::try_from(n).unwrap_or(0)
    }
}

/// A date written as a TOML date (`2009-11-01`) or as a string holding one.
pub(super) fn date(value: &S<toml::Value>, key: &str, p: &mut Problems) -> Option<Date> {
    let expected = format!("`{key}` must be a date written year-month-day, e.g. 2009-11-01");
    let text = match value.get_ref() {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        toml::Value::Datetime(_) => {
            p.at(value.span(), format!("{expected}, without a time of day"));
            return None;
        }
        toml::Value::String(s) => s.trim().to_string(),
        other => {
            p.at(
                value.span(),
                format!("{expected}; found {}", other.type_str()),
            );
            return None;
        }
    };
    match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            p.at(
                value.span(),
                format!("{expected}; `{text}` is not a real calendar date"),
            );
            None
        }
    }
}

pub(super) fn sector_name(s: Sector) -> &'static str {
    match s {
        Sector::Public => "public",
        Sector::Vcse => "vcse",
        Sector::Private => "private",
    }
}

pub(super) fn not_a_compact_sector(sector: Sector, sectors: &[Sector]) -> String {
    let listed: Vec<String> = sectors
        .iter()
        .map(|s| format!("`{}`", sector_name(*s)))
        .collect();
    format!(
        "sector `{}` does not take part in this Compact; [compact] sectors lists {}",
        sector_name(sector),
        if listed.is_empty() {
            "none".to_string()
        } else {
            listed.join(", ")
        }
    )
}

/// "names a X that does not exist", listing the ones that do.
pub(super) fn unknown_ref<'a>(
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a str>,
) -> String {
    let known: Vec<String> = known.map(|k| format!("`{k}`")).collect();
    let expected = if known.is_empty() {
        format!("the file defines no {what} yet")
    } else {
        format!("expected one of {}", known.join(", "))
    };
    format!("there is no {what} with id `{name}`; {expected}")
}
