//! Checks of single cells. Each returns the value as it will be stored, or
//! the problem in words for the person who filled in the file: what was
//! given and what was expected.

use crate::definition::OrganisationKind;

/// Longer than any real organisation's name; a longer cell is almost
/// certainly several cells run together.
const NAME_MAX: usize = 300;

/// The value as it is echoed back in a problem: cut short so a pasted
/// paragraph does not become a paragraph-long message.
fn shown(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        text.chars().take(MAX).chain(['…']).collect()
    }
}

/// A cell's text without surrounding spaces, or `None` when nothing is left.
pub(super) fn present(cell: &str) -> Option<&str> {
    Some(cell.trim()).filter(|c| !c.is_empty())
}

pub(crate) fn name(cell: &str) -> Result<String, String> {
    let name = cell.trim();
    if name.is_empty() {
        return Err("the name is empty; every organisation needs its name".to_string());
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "the name {:?} has a line break or another control character in it; \
             write the name on one line",
            shown(name)
        ));
    }
    let length = name.chars().count();
    if length > NAME_MAX {
        return Err(format!(
            "the name has {length} characters, more than the {NAME_MAX} a name may have; \
             check that other cells have not run into it"
        ));
    }
    Ok(name.to_string())
}

/// Only letters and digits, lower-cased, so "Residents' association",
/// "residents_association" and "Residents Association" all read alike.
fn letters_and_digits(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

pub(super) fn kind(cell: &str) -> Result<OrganisationKind, String> {
    let wanted = letters_and_digits(cell);
    if wanted.is_empty() {
        return Err(format!(
            "the kind is empty; it should be one of: {}",
            kinds_list()
        ));
    }
    OrganisationKind::ALL
        .into_iter()
        .find(|k| letters_and_digits(k.as_str()) == wanted)
        .ok_or_else(|| {
            format!(
                "{:?} is not a kind of organisation Compact knows; it should be one of: {}",
                shown(cell.trim()),
                kinds_list()
            )
        })
}

fn kinds_list() -> String {
    OrganisationKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A label of a domain name: letters (any script), digits and hyphens, not
/// starting or ending with a hyphen.
fn is_domain_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// A domain name with at least two labels, such as example.org.
fn is_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| is_domain_label(l))
        && labels
            .last()
            .is_some_and(|tld| tld.chars().any(|c| !c.is_ascii_digit()))
}

pub(crate) fn email(cell: &str) -> Result<String, String> {
    let email = cell.trim();
    let expected = "an e-mail address is a name, one @ and a domain, with no spaces, \
                    e.g. info@example.org";
    let refuse = |why: &str| {
        Err(format!(
            "{:?} is not an e-mail address: {why}; {expected}",
            shown(email)
        ))
    };
    if email.chars().any(char::is_whitespace) {
        return refuse("it has a space in it (only one address fits in this cell)");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return refuse("it has no @");
    };
    if domain.contains('@') {
        return refuse("it has more than one @ (only one address fits in this cell)");
    }
    if local.is_empty() {
        return refuse("there is nothing before the @");
    }
    if local
        .chars()
        .any(|c| c.is_control() || "<>()[]\\,;:\"".contains(c))
    {
        return refuse("the part before the @ has a character addresses do not use");
    }
    if !is_domain(domain) {
        return refuse("the part after the @ is not a domain such as example.org");
    }
    if email.len() > 254 {
        return refuse("it is longer than the 254 characters an address may have");
    }
    Ok(email.to_string())
}

/// A web address: `http://` or `https://` and a domain, or a bare domain
/// ("www.example.org", "example.org/about"), which is given `https://` so
/// that a link to it leads to the site rather than to a page of ours.
pub(crate) fn website(cell: &str) -> Result<String, String> {
    let website = cell.trim();
    let expected = "a web address starts with http:// or https:// or is a bare domain, \
                    e.g. https://www.example.org or www.example.org";
    let refuse = |why: &str| {
        Err(format!(
            "{:?} is not a web address: {why}; {expected}",
            shown(website)
        ))
    };
    if website.chars().any(char::is_whitespace) {
        return refuse("it has a space in it");
    }
    let lower = website.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &website["https://".len()..]
    } else if lower.starts_with("http://") {
        &website["http://".len()..]
    } else if let Some((scheme, _)) = website.split_once("://") {
        return refuse(&format!("it starts with {scheme}://"));
    } else {
        website
    };
    let host_and_port = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host_and_port.contains('@') {
        return refuse("it looks like an e-mail address, which belongs in the email column");
    }
    let host = match host_and_port.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => host_and_port,
    };
    if !is_domain(host) {
        return refuse("it does not name a domain such as example.org");
    }
    if rest.len() == website.len() {
        Ok(format!("https://{website}"))
    } else {
        Ok(website.to_string())
    }
}

/// Free text, such as an address: lines (from a cell with line breaks)
/// joined with ", ", spaces around them removed; `None` when empty.
pub(super) fn text(cell: &str) -> Option<String> {
    let lines: Vec<&str> = cell
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join(", "))
}

/// Areas of work separated by semicolons; empty ones are dropped.
pub(super) fn areas_of_work(cell: &str) -> Result<Vec<String>, String> {
    let areas: Vec<String> = cell.split(';').filter_map(text).collect();
    match areas.iter().find(|a| a.chars().count() > 100) {
        Some(long) => Err(format!(
            "the area of work {:?} is longer than 100 characters; areas of work are short \
             phrases separated by semicolons, e.g. older people; housing",
            shown(long)
        )),
        None => Ok(areas),
    }
}

/// "yes" or "no"; an empty cell means yes.
pub(super) fn active(cell: &str) -> Result<bool, String> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "" | "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(format!(
            "{:?} is neither yes nor no; write yes for an organisation that is active, \
             no for one that is not, or leave the cell empty for yes",
            shown(cell.trim())
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_however_they_are_spelt() {
        for cell in [
            "residents_association",
            "Residents' association",
            "RESIDENTS ASSOCIATION",
        ] {
            assert_eq!(kind(cell), Ok(OrganisationKind::ResidentsAssociation));
        }
        assert_eq!(
            kind("co-operative or mutual"),
            Ok(OrganisationKind::CooperativeOrMutual)
        );
        assert_eq!(kind("NHS"), Ok(OrganisationKind::Nhs));
        let problem = kind("charities").unwrap_err();
        assert!(problem.contains("\"charities\" is not a kind"), "{problem}");
        assert!(problem.contains("local_authority, nhs"), "{problem}");
        assert!(kind(" ").unwrap_err().starts_with("the kind is empty"));
    }

    #[test]
    fn e_mail_addresses_need_one_at_and_a_domain() {
        assert_eq!(email(" info@example.org "), Ok("info@example.org".into()));
        assert!(email("jo.bloggs+compact@mail.example.co.uk").is_ok());
        let cases = [
            ("info.example.org", "it has no @"),
            ("info@example", "not a domain"),
            ("@example.org", "nothing before the @"),
            ("a@b@example.org", "more than one @"),
            ("a@example.org b@example.org", "has a space"),
            ("info@example..org", "not a domain"),
            ("info@-example.org", "not a domain"),
            ("info@example.123", "not a domain"),
        ];
        for (cell, expected) in cases {
            let problem = email(cell).unwrap_err();
            assert!(problem.contains(expected), "{cell}: {problem}");
            assert!(
                problem.contains("e.g. info@example.org"),
                "{cell}: {problem}"
            );
        }
    }

    #[test]
    fn websites_are_http_or_https_or_a_bare_domain() {
        for cell in [
            "https://www.example.org",
            "http://example.org/about?x=1",
            "HTTPS://EXAMPLE.ORG",
            "http://localhost.example:8080/",
        ] {
            assert_eq!(website(cell), Ok(cell.to_string()));
        }
        // A bare domain becomes a full address, so its link leaves the site.
        for (cell, kept) in [
            ("www.example.org", "https://www.example.org"),
            ("example.org/contact", "https://example.org/contact"),
            (" www.example.org ", "https://www.example.org"),
        ] {
            assert_eq!(website(cell), Ok(kept.to_string()));
        }
        let cases = [
            ("ftp://example.org", "it starts with ftp://"),
            ("example", "does not name a domain"),
            ("https://", "does not name a domain"),
            ("www.example .org", "has a space"),
            ("info@example.org", "belongs in the email column"),
            ("n/a", "does not name a domain"),
        ];
        for (cell, expected) in cases {
            let problem = website(cell).unwrap_err();
            assert!(problem.contains(expected), "{cell}: {problem}");
        }
    }

    #[test]
    fn names_must_be_present_on_one_line_and_not_too_long() {
        assert_eq!(name("  Age UK Wiltshire "), Ok("Age UK Wiltshire".into()));
        assert!(name("").unwrap_err().contains("the name is empty"));
        assert!(name("Age UK\nWiltshire")
            .unwrap_err()
            .contains("line break"));
        assert!(name(&"x".repeat(301))
            .unwrap_err()
            .contains("301 characters"));
    }

    #[test]
    fn active_is_yes_or_no_and_empty_means_yes() {
        assert_eq!(active(""), Ok(true));
        assert_eq!(active("Yes"), Ok(true));
        assert_eq!(active(" no "), Ok(false));
        assert!(active("maybe")
            .unwrap_err()
            .contains("\"maybe\" is neither yes nor no"));
    }

    #[test]
    fn text_joins_lines_and_areas_split_on_semicolons() {
        assert_eq!(
            text(" 1 High Street\r\n\nTrowbridge "),
            Some("1 High Street, Trowbridge".into())
        );
        assert_eq!(text("  "), None);
        assert_eq!(
            areas_of_work("older people; housing;;"),
            Ok(vec!["older people".to_string(), "housing".to_string()])
        );
        assert!(areas_of_work(&"y".repeat(101)).is_err());
    }
}
