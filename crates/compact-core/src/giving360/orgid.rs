//! Organisation identifiers as org-id.guide writes them: a list code for
//! the register, then the organisation's number on it. 360Giving names
//! every funder and recipient this way.
//!
//! | register | list code | example |
//! |---|---|---|
//! | Charity Commission for England and Wales | `GB-CHC` | `GB-CHC-1012345` |
//! | Scottish Charity Regulator | `GB-SC` | `GB-SC-SC012345` |
//! | Charity Commission for Northern Ireland | `GB-NIC` | `GB-NIC-100000` |
//! | Companies House | `GB-COH` | `GB-COH-01234567` |

use crate::identifiers::{CharityNumber, CharityRegister, CompanyNumber};

/// What an identifier names, when it is one of the registers Compact keeps
/// numbers for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identified {
    Charity(CharityNumber),
    Company(CompanyNumber),
    /// Another register, or a publisher's own (`GB-LAE-…`, `360G-…`): kept
    /// as it is.
    Other(String),
}

/// A charity's identifier.
pub fn charity(number: &CharityNumber) -> String {
    match number.register() {
        CharityRegister::EnglandAndWales => format!("GB-CHC-{}", number.as_str()),
        CharityRegister::Scotland => format!("GB-SC-{}", number.as_str()),
        CharityRegister::NorthernIreland => {
            format!("GB-NIC-{}", number.as_str().trim_start_matches("NIC"))
        }
    }
}

/// A company's identifier.
pub fn company(number: &CompanyNumber) -> String {
    format!("GB-COH-{}", number.as_str())
}

/// Read an identifier. One that claims a register Compact knows but whose
/// number is not of that register's shape is an error, with the reason.
pub fn parse(id: &str) -> Result<Identified, String> {
    let id = id.trim();
    let (register, number) = if let Some(n) = id.strip_prefix("GB-CHC-") {
        ("charity", n.to_string())
    } else if let Some(n) = id.strip_prefix("GB-SC-") {
        ("charity", n.to_string())
    } else if let Some(n) = id.strip_prefix("GB-NIC-") {
        ("charity", format!("NIC{n}"))
    } else if let Some(n) = id.strip_prefix("GB-COH-") {
        ("company", n.to_string())
    } else {
        return Ok(Identified::Other(id.to_string()));
    };
    if register == "charity" {
        CharityNumber::parse(&number)
            .map(Identified::Charity)
            .map_err(|e| format!("{id} is not a charity's identifier: {e}"))
    } else {
        CompanyNumber::parse(&number)
            .map(Identified::Company)
            .map_err(|e| format!("{id} is not a company's identifier: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_written_and_read_back() {
        let table = [
            ("1012345", "GB-CHC-1012345"),
            ("220949", "GB-CHC-220949"),
            ("SC012345", "GB-SC-SC012345"),
            ("NIC100000", "GB-NIC-100000"),
        ];
        for (number, id) in table {
            let n = CharityNumber::parse(number).unwrap();
            assert_eq!(charity(&n), id);
            assert_eq!(parse(id), Ok(Identified::Charity(n)), "{id}");
        }
        let c = CompanyNumber::parse("01234567").unwrap();
        assert_eq!(company(&c), "GB-COH-01234567");
        assert_eq!(parse("GB-COH-01234567"), Ok(Identified::Company(c)));
        assert_eq!(
            parse("GB-LAE-WIL"),
            Ok(Identified::Other("GB-LAE-WIL".into()))
        );
    }

    #[test]
    fn a_number_of_the_wrong_shape_is_refused_with_the_reason() {
        for bad in ["GB-CHC-12", "GB-CHC-000000X", "GB-COH-123456789012"] {
            let err = parse(bad).unwrap_err();
            assert!(err.starts_with(bad), "{err}");
        }
    }
}
