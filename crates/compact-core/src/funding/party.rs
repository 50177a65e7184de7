//! Finding an agreement's recipient from what someone typed.
//!
//! A register may hold 200,000 organisations, so the form cannot offer them
//! all as a list. Instead the recipient is typed the way people know it:
//! its name as the register shows it, its charity or company number (bare
//! or as org-id.guide writes it), or its number in the register. This
//! module reads the text into the lookups worth trying, most specific
//! first; the use case tries them in turn against the register and takes
//! the first that names exactly one organisation.

use crate::giving360::orgid::{self, Identified};
use crate::identifiers::{CharityNumber, CompanyNumber};
use crate::ids::OrganisationId;

/// One way of finding an organisation in a register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartyLookup {
    /// Its number in the register (what the API and the lists show).
    RegisterNumber(OrganisationId),
    /// A charity number, as the register stores it.
    CharityNumber(String),
    /// A company number, as the register stores it (eight characters).
    CompanyNumber(String),
    /// Its name, folded as the register's name key is (Unicode lower
    /// case).
    Name(String),
}

/// A typed name as the register's name key folds names (the store keeps
/// `name.to_lowercase()` beside each organisation).
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The lookups `text` may mean, most specific first. Digits alone may be a
/// register number or a charity number (a company number too, once
/// Companies House's leading zeros are put back), so each is tried, and
/// the use case refuses text that finds more than one organisation; any
/// text may be a name. `#` and digits is a register number and nothing
/// else (the API's way of naming one). Empty text means nothing.
pub fn party_lookups(text: &str) -> Vec<PartyLookup> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    if let Some(number) = text.strip_prefix('#') {
        return match number.parse::<i64>() {
            Ok(n) if n > 0 && number.bytes().all(|b| b.is_ascii_digit()) => {
                vec![PartyLookup::RegisterNumber(OrganisationId(n))]
            }
            _ => vec![PartyLookup::Name(name_key(text))],
        };
    }
    let mut lookups = Vec::new();
    let digits_only = text.bytes().all(|b| b.is_ascii_digit());
    if digits_only {
        if let Ok(n) = text.parse::<i64>() {
            if n > 0 {
                lookups.push(PartyLookup::RegisterNumber(OrganisationId(n)));
            }
        }
    }
    match orgid::parse(text) {
        Ok(Identified::Charity(n)) => lookups.push(PartyLookup::CharityNumber(n.as_str().into())),
        Ok(Identified::Company(n)) => lookups.push(PartyLookup::CompanyNumber(n.as_str().into())),
        // Not an org-id: perhaps a bare number.
        Ok(Identified::Other(_)) => {
            if let Ok(n) = CharityNumber::parse(text) {
                lookups.push(PartyLookup::CharityNumber(n.as_str().into()));
            }
            // Letters and digits are read as a company number only when
            // they carry a Companies House prefix or are all digits: a
            // short word is far likelier to be a name.
            let has_digit = text.bytes().any(|b| b.is_ascii_digit());
            if has_digit {
                if let Ok(n) = CompanyNumber::parse(text) {
                    lookups.push(PartyLookup::CompanyNumber(n.as_str().into()));
                }
            }
        }
        // An org-id of a known register with a number of the wrong shape
        // names no one; it may still, improbably, be a name.
        Err(_) => {}
    }
    lookups.push(PartyLookup::Name(name_key(text)));
    lookups
}

#[cfg(test)]
mod tests {
    use super::PartyLookup::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn typed_text_is_read_as_the_lookups_it_may_mean() {
        let cases: &[(&str, Vec<PartyLookup>)] = &[
            ("", vec![]),
            ("   ", vec![]),
            (
                "42",
                vec![
                    RegisterNumber(OrganisationId(42)),
                    CompanyNumber("00000042".into()),
                    Name("42".into()),
                ],
            ),
            (
                "1012345",
                vec![
                    RegisterNumber(OrganisationId(1012345)),
                    CharityNumber("1012345".into()),
                    CompanyNumber("01012345".into()),
                    Name("1012345".into()),
                ],
            ),
            (
                "GB-CHC-1012345",
                vec![
                    CharityNumber("1012345".into()),
                    Name("gb-chc-1012345".into()),
                ],
            ),
            (
                "GB-COH-01234567",
                vec![
                    CompanyNumber("01234567".into()),
                    Name("gb-coh-01234567".into()),
                ],
            ),
            (
                "SC012345",
                vec![
                    CharityNumber("SC012345".into()),
                    CompanyNumber("SC012345".into()),
                    Name("sc012345".into()),
                ],
            ),
            ("  Age UK Wiltshire ", vec![Name("age uk wiltshire".into())]),
            ("Ŵyl Gymunedol", vec![Name("ŵyl gymunedol".into())]),
            // A known register's org-id with a broken number.
            ("GB-CHC-12", vec![Name("gb-chc-12".into())]),
            ("0", vec![Name("0".into())]),
            ("#42", vec![RegisterNumber(OrganisationId(42))]),
            ("#4x2", vec![Name("#4x2".into())]),
            ("#+42", vec![Name("#+42".into())]),
        ];
        for (text, expected) in cases {
            assert_eq!(&party_lookups(text), expected, "{text:?}");
        }
    }

    proptest! {
        /// Whatever is typed (but a register number after `#`), the last
        /// lookup is the name, so a name that happens to look like a number
        /// can still be found.
        #[test]
        fn any_text_may_be_a_name(text in "\\PC{0,40}") {
            let lookups = party_lookups(&text);
            if text.trim().is_empty() {
                prop_assert!(lookups.is_empty());
            } else if let [RegisterNumber(_)] = lookups.as_slice() {
                prop_assert!(text.trim().starts_with('#'));
            } else if text.trim().is_empty() {
                prop_assert!(lookups.is_empty());
            } else {
                prop_assert_eq!(lookups.last(), Some(&Name(name_key(&text))));
            }
        }
    }
}
