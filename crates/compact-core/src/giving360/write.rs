//! Writing grants as 360Giving publishes them: a JSON data package written
//! grant by grant (so a million agreements never sit in memory at once),
//! and the flat spreadsheet layout.

use super::read::COLUMNS;
use super::{Grant, GrantOrganisation};
use serde_json::{json, Map, Value};
use std::io::{self, Write};

/// The version of the standard the files follow.
pub const VERSION: &str = "1.4";

/// An amount in pounds as a JSON number: whole pounds as an integer, pence
/// after a point. Pence never pass through a float: the number is written
/// from its digits.
fn pounds(pence: i64) -> Value {
    if pence % 100 == 0 {
        json!(pence / 100)
    } else {
        let text = format!("{}.{:02}", pence / 100, (pence % 100).abs());
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}

fn organisation(o: &GrantOrganisation) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(o.id));
    m.insert("name".into(), json!(o.name));
    let optional = [
        ("charityNumber", &o.charity_number),
        ("companyNumber", &o.company_number),
        ("postalCode", &o.postcode),
        ("addressLocality", &o.locality),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            m.insert(key.into(), json!(v));
        }
    }
    Value::Array(vec![Value::Object(m)])
}

/// One grant as the package holds it. `modified` is when its record last
/// changed (RFC 3339).
pub fn grant_json(g: &Grant, modified: &str) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(g.id));
    m.insert("title".into(), json!(g.title));
    m.insert("description".into(), json!(g.description));
    m.insert("currency".into(), json!("GBP"));
    m.insert("amountAwarded".into(), pounds(g.amount.0));
    m.insert(
        "awardDate".into(),
        json!(g.award_date.format("%Y-%m-%d").to_string()),
    );
    let mut planned = Map::new();
    if let Some(start) = g.start {
        planned.insert(
            "startDate".into(),
            json!(start.format("%Y-%m-%d").to_string()),
        );
    }
    if let Some(end) = g.end {
        planned.insert("endDate".into(), json!(end.format("%Y-%m-%d").to_string()));
    }
    if let Some(months) = g.duration_months {
        planned.insert("duration".into(), json!(months));
    }
    if !planned.is_empty() {
        m.insert("plannedDates".into(), json!([planned]));
    }
    m.insert("recipientOrganization".into(), organisation(&g.recipient));
    m.insert("fundingOrganization".into(), organisation(&g.funder));
    if let Some(p) = &g.programme {
        m.insert("grantProgramme".into(), json!([{ "title": p }]));
    }
    m.insert("dateModified".into(), json!(modified));
    Value::Object(m)
}

/// Writes a data package one grant at a time.
pub struct PackageWriter<W: Write> {
    out: W,
    written: u64,
}

impl<W: Write> PackageWriter<W> {
    pub fn new(mut out: W) -> io::Result<PackageWriter<W>> {
        write!(out, "{{\"version\":\"{VERSION}\",\"grants\":[")?;
        Ok(PackageWriter { out, written: 0 })
    }

    pub fn push(&mut self, grant: &Grant, modified: &str) -> io::Result<()> {
        if self.written > 0 {
            self.out.write_all(b",\n")?;
        } else {
            self.out.write_all(b"\n")?;
        }
        serde_json::to_writer(&mut self.out, &grant_json(grant, modified))?;
        self.written += 1;
        Ok(())
    }

    /// Close the package; returns how many grants it holds.
    pub fn finish(mut self) -> io::Result<u64> {
        self.out.write_all(b"\n]}\n")?;
        self.out.flush()?;
        Ok(self.written)
    }
}

impl PackageWriter<Vec<u8>> {
    /// The bytes written since the last call, to send on while the package
    /// goes on being written.
    pub fn take_written(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    /// Close the package and return its last bytes.
    pub fn finish_into(mut self) -> io::Result<Vec<u8>> {
        self.out.write_all(b"\n]}\n")?;
        Ok(self.out)
    }
}

/// The spreadsheet's header row: the columns Compact reads, and when each
/// grant last changed.
pub fn csv_header() -> Vec<&'static str> {
    let mut header = COLUMNS.to_vec();
    header.push("Last Modified");
    header
}

/// One grant as a spreadsheet row, in the order of [`csv_header`].
pub fn csv_row(g: &Grant, modified: &str) -> Vec<String> {
    let date = |d: Option<crate::calendar::Date>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    let amount = match pounds(g.amount.0) {
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    vec![
        g.id.clone(),
        g.title.clone(),
        g.description.clone(),
        "GBP".into(),
        amount,
        date(Some(g.award_date)),
        date(g.start),
        date(g.end),
        g.duration_months.map(|m| m.to_string()).unwrap_or_default(),
        g.recipient.id.clone(),
        g.recipient.name.clone(),
        text(&g.recipient.charity_number),
        text(&g.recipient.company_number),
        text(&g.recipient.postcode),
        text(&g.recipient.locality),
        g.funder.id.clone(),
        g.funder.name.clone(),
        text(&g.programme),
        modified.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::giving360::read::{read_csv, read_json};
    use crate::money::Pence;
    use proptest::prelude::*;

    fn grant(pence: i64) -> Grant {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        Grant {
            id: "360G-compact-wiltshire-1".into(),
            title: "Lunch club".into(),
            description: "Hot meals, twice a week".into(),
            amount: Pence(pence),
            award_date: d(2026, 3, 2),
            start: Some(d(2026, 4, 1)),
            end: Some(d(2029, 3, 31)),
            duration_months: None,
            recipient: GrantOrganisation {
                id: "GB-CHC-1012345".into(),
                name: "Meals \"Together\", Swindon".into(),
                charity_number: Some("1012345".into()),
                company_number: None,
                postcode: Some("SN1 1AA".into()),
                locality: Some("Swindon".into()),
            },
            funder: GrantOrganisation {
                id: "GB-LAE-WIL".into(),
                name: "Wiltshire Council".into(),
                ..Default::default()
            },
            programme: Some("Community grants".into()),
        }
    }

    fn package(grants: &[Grant]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = PackageWriter::new(&mut out).unwrap();
        for g in grants {
            w.push(g, "2026-12-01T09:00:00Z").unwrap();
        }
        assert_eq!(w.finish().unwrap(), grants.len() as u64);
        out
    }

    #[test]
    fn amounts_are_written_from_their_digits() {
        assert_eq!(pounds(15_250_503).to_string(), "152505.03");
        assert_eq!(pounds(15_250_500).to_string(), "152505");
        assert_eq!(pounds(5).to_string(), "0.05");
    }

    proptest! {
        #[test]
        fn a_written_package_and_spreadsheet_read_back_the_same(pence in 0i64..10_000_000_000) {
            let g = grant(pence);
            let from_json = read_json(&package(std::slice::from_ref(&g))).unwrap();
            prop_assert_eq!(&from_json, &vec![g.clone()]);
            let mut csv = csv::Writer::from_writer(Vec::new());
            csv.write_record(csv_header()).unwrap();
            csv.write_record(csv_row(&g, "2026-12-01T09:00:00Z")).unwrap();
            let bytes = csv.into_inner().unwrap();
            prop_assert_eq!(read_csv(&bytes).unwrap(), vec![g]);
        }
    }
}
