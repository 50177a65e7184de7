//! The identifiers UK organisations already carry: charity numbers, Companies
//! House company numbers and postcodes.
//!
//! Each is parsed once, where it enters Compact (a form, an import, the API),
//! into a newtype that holds only the normalised form. The rest of the code can
//! then trust it, and two spellings of one identifier ("sc 012345", "SC012345")
//! compare equal, so an organisation cannot be registered twice by accident.
//! Error messages are written for the officer who typed the value: what was
//! given, what was expected and an example.
//!
//! The checks are about form only. Whether a number is actually on a register
//! is a question for that register.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Why a value is not a valid identifier. The message names the value and the
/// expected form, so it can be shown to the person who entered it as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentifierError {
    #[error("{given:?} is not a charity number: {problem}")]
    CharityNumber { given: String, problem: String },
    #[error("{given:?} is not a company number: {problem}")]
    CompanyNumber { given: String, problem: String },
    #[error("{given:?} is not a UK postcode: {problem}")]
    Postcode { given: String, problem: String },
}

/// The value as it is echoed back in a message: trimmed, and cut short so a
/// pasted paragraph does not become a paragraph-long error.
fn shown(input: &str) -> String {
    const MAX: usize = 40;
    let input = input.trim();
    if input.chars().count() <= MAX {
        input.to_string()
    } else {
        input.chars().take(MAX).chain(['…']).collect()
    }
}

/// Whitespace anywhere removed and ASCII letters upper-cased: people type and
/// paste these with spaces ("SC 012345", "sw1a 1aa"), but no identifier here
/// has a meaningful space or lower-case letter. Only ASCII is upper-cased so a
/// non-ASCII letter can never turn into a valid one (`'ß'.to_uppercase()` is "SS").
fn squash(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A character named the way a person would say it in a message.
fn describe(c: char) -> String {
    match c {
        // The commonest slip in these identifiers: "SCO12345" for "SC012345".
        'O' => "the letter O (the digit 0, zero, may have been meant)".to_string(),
        c if c.is_ascii_alphabetic() => format!("the letter {c}"),
        c => format!("{c:?}"),
    }
}

/// The first character that is not an ASCII digit, or `None` if all are.
fn first_non_digit(s: &str) -> Option<char> {
    s.chars().find(|c| !c.is_ascii_digit())
}

/// Checks the part after a letter prefix ("SC", "NIC", "OC") is exactly six
/// digits, the shape shared by the Scottish and Northern Ireland charity
/// registers and every prefixed Companies House number.
fn six_digits_after(prefix: &str, rest: &str, example: &str) -> Result<(), String> {
    let expected = format!("{prefix} is followed by exactly 6 digits, e.g. {example}");
    if let Some(c) = first_non_digit(rest) {
        return Err(format!(
            "after {prefix} it has {} where only digits belong; {expected}",
            describe(c)
        ));
    }
    match rest.len() {
        6 => Ok(()),
        n => Err(format!("it has {n} digits after {prefix}; {expected}")),
    }
}

/// Which register a charity is on: the three UK charity regulators keep
/// separate registers with differently shaped numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharityRegister {
    /// The Charity Commission for England and Wales.
    EnglandAndWales,
    /// The Office of the Scottish Charity Regulator (OSCR).
    Scotland,
    /// The Charity Commission for Northern Ireland.
    NorthernIreland,
}

/// A registered charity's number, normalised: "1012345", "1012345-1" (a
/// linked charity), "SC012345" or "NIC100000".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CharityNumber(String);

const CHARITY_FORMS: &str = "expected 6 or 7 digits for a charity in England and Wales \
    (e.g. 220949 or 1012345, or 1012345-1 for a linked charity), SC and 6 digits in Scotland \
    (e.g. SC012345) or NIC and 6 digits in Northern Ireland (e.g. NIC100000)";

impl CharityNumber {
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let error = |problem: String| IdentifierError::CharityNumber {
            given: shown(input),
            problem,
        };
        let s = squash(input);
        let checked = if s.is_empty() {
            Err(format!("nothing was entered; {CHARITY_FORMS}"))
        } else if let Some(rest) = s.strip_prefix("NIC") {
            no_subsidiary(rest, "Northern Ireland", "NIC100000")
                .and_then(|()| six_digits_after("NIC", rest, "NIC100000"))
        } else if let Some(rest) = s.strip_prefix("SC") {
            no_subsidiary(rest, "Scottish", "SC012345")
                .and_then(|()| six_digits_after("SC", rest, "SC012345"))
        } else if s.starts_with(|c: char| c.is_ascii_digit()) {
            england_and_wales(&s)
        } else {
            let letters: String = s.chars().take_while(char::is_ascii_alphabetic).collect();
            let start = if letters.is_empty() {
                s.chars().next().map(describe).unwrap_or_default()
            } else {
                format!("{letters:?}")
            };
            Err(format!(
                "it starts with {start}, but only Scottish (SC) and Northern Ireland (NIC) \
                 charity numbers start with letters; {CHARITY_FORMS}"
            ))
        };
        checked.map(|()| CharityNumber(s)).map_err(error)
    }

    pub fn register(&self) -> CharityRegister {
        if self.0.starts_with("NIC") {
            CharityRegister::NorthernIreland
        } else if self.0.starts_with("SC") {
            CharityRegister::Scotland
        } else {
            CharityRegister::EnglandAndWales
        }
    }

    /// The main charity's number, without a linked charity's suffix.
    pub fn main_number(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// A linked (subsidiary) charity's number within its main charity: the `1`
    /// of "1012345-1". Only the register for England and Wales has these.
    pub fn subsidiary(&self) -> Option<u16> {
        // Parsing allowed at most 4 digits after the hyphen, so this fits.
        self.0.split_once('-').and_then(|(_, n)| n.parse().ok())
    }
}

/// Linked-charity suffixes are a feature of the register for England and
/// Wales only; on another register a hyphen is a mistake worth naming.
fn no_subsidiary(rest: &str, register: &str, example: &str) -> Result<(), String> {
    if rest.contains('-') {
        Err(format!(
            "{register} charity numbers have no linked-charity part after a hyphen, e.g. {example}"
        ))
    } else {
        Ok(())
    }
}

/// 6 or 7 digits, optionally "-N" for a linked charity.
fn england_and_wales(s: &str) -> Result<(), String> {
    let (main, linked) = match s.split_once('-') {
        Some((main, linked)) => (main, Some(linked)),
        None => (s, None),
    };
    if let Some(c) = first_non_digit(main) {
        return Err(format!(
            "it has {} where only digits belong; {CHARITY_FORMS}",
            describe(c)
        ));
    }
    if !(6..=7).contains(&main.len()) {
        return Err(format!(
            "it has {} digits, but a charity registered in England and Wales has 6 or 7 \
             (e.g. 220949 or 1012345)",
            main.len()
        ));
    }
    // The Charity Commission's numbers start at 200000, so a leading zero is
    // padding added by another system. Accepting it would give one charity two
    // spellings, so ask for the number as the register shows it.
    if main.starts_with('0') {
        return Err(format!(
            "it starts with 0, but charity numbers in England and Wales do not; \
             enter it as the register shows it, e.g. {}",
            Some(main.trim_start_matches('0'))
                .filter(|unpadded| (6..=7).contains(&unpadded.len()))
                .unwrap_or("220949")
        ));
    }
    let Some(n) = linked else { return Ok(()) };
    // The register sets no documented maximum for linked charities; four
    // digits leaves room while still catching a second number pasted in.
    let well_formed = (1..=4).contains(&n.len()) && first_non_digit(n).is_none();
    if well_formed && !n.starts_with('0') {
        Ok(())
    } else {
        Err(format!(
            "the linked-charity part after the hyphen is {n:?}, but it should be a number \
             from 1 to 9999 without leading zeros, e.g. {main}-1"
        ))
    }
}

/// A Companies House company number, normalised to its 8 characters:
/// "01234567" for a company in England and Wales, or a 2-character prefix and
/// 6 digits ("SC012345", "OC301234", "R0000123").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CompanyNumber(String);

/// The prefixes Companies House uses, with what each marks. Taken from its
/// URI customer guide, plus the charitable incorporated organisation, Scottish
/// qualifying partnership, registered society and overseas entity prefixes
/// that appear on its register but not in that guide.
const COMPANY_PREFIXES: &[(&str, &str)] = &[
    ("AC", "assurance company, England and Wales"),
    (
        "CE",
        "charitable incorporated organisation, England and Wales",
    ),
    ("CS", "charitable incorporated organisation, Scotland"),
    ("EN", "European company (SE), Northern Ireland"),
    ("ES", "European company (SE), Scotland"),
    ("FC", "overseas company"),
    (
        "GE",
        "European Economic Interest Grouping, England and Wales",
    ),
    (
        "GN",
        "European Economic Interest Grouping, Northern Ireland",
    ),
    ("GS", "European Economic Interest Grouping, Scotland"),
    ("IC", "investment company with variable capital"),
    ("IP", "industrial and provident society, England and Wales"),
    ("LP", "limited partnership, England and Wales"),
    ("NA", "assurance company, Northern Ireland"),
    ("NC", "limited liability partnership, Northern Ireland"),
    (
        "NF",
        "overseas company registered in Northern Ireland before October 2009",
    ),
    ("NI", "company, Northern Ireland"),
    ("NL", "limited partnership, Northern Ireland"),
    (
        "NO",
        "credit union or industrial and provident society, Northern Ireland",
    ),
    (
        "NP",
        "industrial and provident society or credit union, Northern Ireland",
    ),
    ("NR", "royal charter company, Northern Ireland"),
    (
        "NV",
        "investment company with variable capital, Northern Ireland",
    ),
    ("NZ", "unregistered company, Northern Ireland"),
    ("OC", "limited liability partnership, England and Wales"),
    ("OE", "overseas entity"),
    (
        "R0",
        "company, Northern Ireland, registered before partition",
    ),
    ("RC", "royal charter company, England and Wales"),
    ("RS", "registered society"),
    ("SA", "assurance company, Scotland"),
    ("SC", "company, Scotland"),
    ("SE", "European company (SE), England and Wales"),
    (
        "SF",
        "overseas company registered in Scotland before October 2009",
    ),
    ("SG", "qualifying partnership, Scotland"),
    ("SI", "investment company with variable capital, Scotland"),
    ("SL", "limited partnership, Scotland"),
    ("SO", "limited liability partnership, Scotland"),
    ("SP", "industrial and provident society, Scotland"),
    ("SR", "royal charter company, Scotland"),
    ("SZ", "unregistered company, Scotland"),
    ("ZC", "unregistered company, England and Wales"),
];

const COMPANY_FORMS: &str = "a company in England and Wales has 8 digits (e.g. 01234567); \
    others have a two-character prefix and 6 digits, such as SC (Scotland, e.g. SC012345), \
    NI (Northern Ireland), OC (limited liability partnership), SO (Scottish LLP), \
    LP (limited partnership), CE (charitable incorporated organisation) or FC (overseas company)";

impl CompanyNumber {
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let error = |problem: String| IdentifierError::CompanyNumber {
            given: shown(input),
            problem,
        };
        let s = squash(input);
        if s.is_empty() {
            return Err(error(format!("nothing was entered; {COMPANY_FORMS}")));
        }
        if let Some(c) = s.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(error(format!(
                "it has {}, but a company number has only letters and digits; {COMPANY_FORMS}",
                describe(c)
            )));
        }
        // From here `s` is ASCII, so slicing by byte index is slicing by character.
        if first_non_digit(&s).is_none() {
            return match s.len() {
                // Companies House numbers are 8 digits with leading zeros,
                // which spreadsheets and forms often drop: put them back.
                n if n > 8 => Err(error(format!(
                    "it has {n} digits, but a company number has at most 8, e.g. 01234567"
                ))),
                _ if s.bytes().all(|b| b == b'0') => {
                    Err(error(format!("it is all zeros; {COMPANY_FORMS}")))
                }
                _ => Ok(CompanyNumber(format!("{s:0>8}"))),
            };
        }
        let prefix = &s[..s.len().min(2)];
        if !prefix.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err(error(format!(
                "it mixes digits and letters, but letters may only come first, as a prefix; \
                 {COMPANY_FORMS}"
            )));
        }
        if !COMPANY_PREFIXES.iter().any(|(known, _)| *known == prefix) {
            return Err(error(format!(
                "it starts with {prefix:?}, which is not a Companies House prefix; {COMPANY_FORMS}"
            )));
        }
        six_digits_after(prefix, &s[prefix.len()..], &format!("{prefix}012345"))
            .map(|()| CompanyNumber(s))
            .map_err(error)
    }

    /// The two-character prefix ("SC", "OC", "R0"), or `None` for a company
    /// registered in England and Wales, whose number is all digits.
    pub fn prefix(&self) -> Option<&str> {
        let prefix = &self.0[..2];
        (!prefix.starts_with(|c: char| c.is_ascii_digit())).then_some(prefix)
    }

    /// What kind of body the number belongs to, as the prefix tells it:
    /// "company, England and Wales", "limited liability partnership, Scotland".
    pub fn kind(&self) -> &'static str {
        match self.prefix() {
            None => "company, England and Wales",
            Some(prefix) => COMPANY_PREFIXES
                .iter()
                .find(|(known, _)| *known == prefix)
                .map_or("company", |(_, kind)| kind),
        }
    }
}

/// A UK postcode, normalised to upper case with one space before the inward
/// code: "SW1A 1AA", "M1 1AE", "GIR 0AA".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Postcode(String);

const POSTCODE_FORMS: &str = "a postcode is one or two letters and a district number, then a \
    space and a digit and two letters, e.g. M1 1AE, B33 8TH, W1A 0AX, CR2 6XH, DN55 1PT or SW1A 1AA";

/// The outward code's shapes, with A for a letter and 9 for a digit.
const OUTWARD_SHAPES: [&str; 6] = ["A9", "A99", "A9A", "AA9", "AA99", "AA9A"];

/// Letters Royal Mail never uses in the inward code, because handwritten they
/// are easily mistaken for digits or other letters.
const INWARD_UNUSED: &str = "CIKMOV";

/// Whether `s` (ASCII letters and digits) has an outward code's shape. Only
/// the shape is checked, not the letter-by-position rules of BS 7666: Royal
/// Mail's own specification says those may change, and they have (N1P breaks
/// the published third-letter list). Refusing a real postcode would stop an
/// organisation being registered; a well-formed but unused one does no harm.
fn is_outward(s: &str) -> bool {
    let shape: String = s
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { 'A' })
        .collect();
    OUTWARD_SHAPES.contains(&shape.as_str())
}

impl Postcode {
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let error = |problem: String| IdentifierError::Postcode {
            given: shown(input),
            problem,
        };
        let s = squash(input);
        if s.is_empty() {
            return Err(error(format!("nothing was entered; {POSTCODE_FORMS}")));
        }
        if let Some(c) = s.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(error(format!(
                "it has {}, but a postcode has only letters and digits; {POSTCODE_FORMS}",
                describe(c)
            )));
        }
        // Girobank's historic postcode fits none of the shapes but is still in use.
        if s == "GIR0AA" {
            return Ok(Postcode("GIR 0AA".to_string()));
        }
        if s.len() < 5 {
            return Err(error(if is_outward(&s) {
                format!(
                    "it is only the first half of a postcode (the outward code); \
                     the second half is a digit and two letters, e.g. {s} 1AA"
                )
            } else {
                format!("it is too short; {POSTCODE_FORMS}")
            }));
        }
        if s.len() > 7 {
            return Err(error(format!(
                "it has {} letters and digits, but a postcode has 5 to 7; {POSTCODE_FORMS}",
                s.len()
            )));
        }
        // The inward code is always the last three characters, which is what
        // lets a postcode typed without its space be split unambiguously.
        let (outward, inward) = s.split_at(s.len() - 3);
        if !is_outward(outward) {
            return Err(error(format!(
                "its first part {outward:?} is not a postcode district, which is one or two \
                 letters, a digit, then perhaps another digit or a letter \
                 (e.g. M1, B33, W1A, CR2, DN55, EC1A)"
            )));
        }
        let inward_expected = "the second part of a postcode is a digit and two letters, e.g. 1AA";
        let mut chars = inward.chars();
        let digit = chars.next().is_some_and(|c| c.is_ascii_digit());
        if !digit || !chars.all(|c| c.is_ascii_alphabetic()) {
            // Name the second part as it was typed ("SW1A 1A" has "1A"), not
            // the last three characters, which the person never wrote as a unit.
            let typed = match input.split_whitespace().collect::<Vec<_>>()[..] {
                [_, second] => squash(second),
                _ => inward.to_string(),
            };
            return Err(error(format!(
                "its second part {typed:?} is not a digit and two letters; {inward_expected}"
            )));
        }
        if let Some(c) = inward[1..].chars().find(|c| INWARD_UNUSED.contains(*c)) {
            return Err(error(format!(
                "its second part {inward:?} has the letter {c}, which postcodes never use there \
                 (C, I, K, M, O and V are left out); {inward_expected}"
            )));
        }
        Ok(Postcode(format!("{outward} {inward}")))
    }

    /// The outward code, before the space: the postcode district ("SW1A").
    pub fn outward(&self) -> &str {
        &self.0[..self.0.len() - 4]
    }

    /// The inward code, after the space: sector and unit ("1AA").
    pub fn inward(&self) -> &str {
        &self.0[self.0.len() - 3..]
    }
}

/// What every identifier shares: the string views, parsing by `FromStr`, and
/// serde as the normalised string, where deserialising parses again so a
/// stored or submitted value can never skip validation.
macro_rules! string_identifier {
    ($($name:ident),*) => {$(
        impl $name {
            /// The normalised form, as shown by `Display`.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdentifierError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Self::parse(&s).map_err(de::Error::custom)
            }
        }
    )*};
}

string_identifier!(CharityNumber, CompanyNumber, Postcode);

#[cfg(test)]
mod tests;
