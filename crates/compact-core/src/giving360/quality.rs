//! The checks 360Giving's own quality tool makes beyond the schema, for a
//! file Compact writes or reads: each finds something a reader of open
//! grants data would trip over.

use super::Grant;
use crate::calendar::Date;

/// One thing to put right, about one grant or the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityIssue {
    /// The grant's identifier, or `None` for the file as a whole.
    pub grant: Option<String>,
    pub issue: String,
}

/// Whether `text` holds something shaped like an e-mail address: open data
/// must not publish people's addresses.
fn has_email(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>'))
        .any(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            match word.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
                }
                None => false,
            }
        })
}

fn charity_shape(number: &str) -> bool {
    let digits = number.trim();
    (6..=7).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
}

/// Every issue in `grants`, as of `today`.
pub fn check(grants: &[Grant], today: Date) -> Vec<QualityIssue> {
    let mut issues = Vec::new();
    let mut funders: Vec<&str> = grants.iter().map(|g| g.funder.id.as_str()).collect();
    funders.sort_unstable();
    funders.dedup();
    if funders.len() > 1 {
        issues.push(QualityIssue {
            grant: None,
            issue: format!(
                "the file names {} funders ({}): publish one funder's grants per file",
                funders.len(),
                funders.join(", ")
            ),
        });
    }
    for g in grants {
        let mut say = |issue: String| {
            issues.push(QualityIssue {
                grant: Some(g.id.clone()),
                issue,
            })
        };
        if let (Some(start), Some(end)) = (g.start, g.end) {
            if start > end {
                say(format!("it starts on {start}, after it ends on {end}"));
            }
        }
        if g.award_date > today {
            say(format!(
                "its award date, {}, is in the future",
                g.award_date
            ));
        }
        if g.title.trim().eq_ignore_ascii_case(g.description.trim()) {
            say("its title and description are the same: the description should say more".into());
        }
        for org in [&g.recipient, &g.funder] {
            if let Some(n) = org.id.strip_prefix("GB-CHC-") {
                if !charity_shape(n.split('-').next().unwrap_or(n)) {
                    say(format!(
                        "{}: a charity number in England and Wales has 6 or 7 digits",
                        org.id
                    ));
                }
            }
            if let Some(n) = org.id.strip_prefix("GB-COH-") {
                if n.len() != 8 {
                    say(format!("{}: a company number has 8 characters", org.id));
                }
            }
            if let Some(n) = &org.charity_number {
                if !n.starts_with(['S', 'N']) && !charity_shape(n.split('-').next().unwrap_or(n)) {
                    say(format!("charity number {n}: expected 6 or 7 digits"));
                }
            }
            if let Some(n) = &org.company_number {
                if n.trim().len() != 8 {
                    say(format!("company number {n}: expected 8 characters"));
                }
            }
        }
        let texts = [&g.title, &g.description, &g.recipient.name, &g.funder.name];
        if texts.iter().any(|t| has_email(t)) {
            say("its text holds an e-mail address, which open data must not publish".into());
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::giving360::GrantOrganisation;
    use crate::money::Pence;

    fn date(y: i32, m: u32, d: u32) -> Date {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn grant(id: &str) -> Grant {
        Grant {
            id: id.into(),
            title: "Lunch club".into(),
            description: "Hot meals twice a week for older people".into(),
            amount: Pence(500_000),
            award_date: date(2026, 4, 1),
            start: Some(date(2026, 4, 1)),
            end: Some(date(2027, 3, 31)),
            duration_months: None,
            recipient: GrantOrganisation {
                id: "GB-CHC-1012345".into(),
                name: "Meals Together".into(),
                ..Default::default()
            },
            funder: GrantOrganisation {
                id: "GB-LAE-WIL".into(),
                name: "Wiltshire Council".into(),
                ..Default::default()
            },
            programme: None,
        }
    }

    #[test]
    fn a_good_file_has_no_issues() {
        assert_eq!(
            check(&[grant("360G-a"), grant("360G-b")], date(2026, 12, 1)),
            vec![]
        );
    }

    #[test]
    fn each_check_finds_its_issue() {
        let today = date(2026, 12, 1);
        type Change = Box<dyn Fn(&mut Grant)>;
        let cases: Vec<(&str, Change)> = vec![
            (
                "after it ends",
                Box::new(|g| g.end = Some(date(2026, 1, 1))),
            ),
            (
                "in the future",
                Box::new(|g| g.award_date = date(2027, 1, 1)),
            ),
            (
                "are the same",
                Box::new(|g| g.description = "lunch club ".into()),
            ),
            (
                "6 or 7 digits",
                Box::new(|g| g.recipient.id = "GB-CHC-12345".into()),
            ),
            (
                "8 characters",
                Box::new(|g| g.recipient.id = "GB-COH-123".into()),
            ),
            (
                "e-mail address",
                Box::new(|g| g.description = "Write to jo@example.org".into()),
            ),
        ];
        for (words, change) in cases {
            let mut g = grant("360G-a");
            change(&mut g);
            let issues = check(&[g], today);
            assert_eq!(issues.len(), 1, "{words}: {issues:?}");
            assert!(issues[0].issue.contains(words), "{words}: {issues:?}");
        }
        let mut other = grant("360G-b");
        other.funder.id = "GB-LAE-SWI".into();
        let issues = check(&[grant("360G-a"), other], today);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].grant, None);
    }
}
