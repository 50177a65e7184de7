//! The 360Giving reader against real files: a real publisher's package,
//! the standard's own spreadsheet samples, and its broken samples.

use compact_core::giving360::quality;
use compact_core::giving360::read::{read_csv, read_json, ReadError};
use std::path::PathBuf;

fn sample(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/360giving")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_real_publishers_file_reads_whole() {
    let grants = read_json(&sample("real-publisher-a003W000001B7PzQAK.json")).unwrap();
    assert_eq!(grants.len(), 475);
    assert!(grants.iter().all(|g| g.funder.id == "GB-CHC-1015648"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let issues = quality::check(&grants, today);
    assert!(
        issues.iter().all(|i| i.grant.is_some()),
        "one funder: {issues:?}"
    );
}

#[test]
fn the_standards_spreadsheets_read_in_utf8_and_windows_1252() {
    let utf8 = read_csv(&sample("fundingproviders_grants_2_grants.csv")).unwrap();
    let cp1252 = read_csv(&sample("fundingproviders-grants_2_grants_cp1252.csv")).unwrap();
    assert_eq!(utf8.len(), 2);
    assert_eq!(utf8[1].recipient.id, "GB-COH-RC000000");
    assert_eq!(utf8[0].amount.0, 15_250_500);
    assert_eq!(cp1252.len(), 2);
    // The sample's identifiers hold characters Windows-1252 has and Latin-1
    // lacks: they read as the euro sign, not as a replacement character.
    assert!(cp1252[0].id.contains('€'), "{}", cp1252[0].id);
    assert!(cp1252.iter().all(|g| !g.id.contains('\u{fffd}')));
}

#[test]
fn broken_samples_are_refused_grant_by_grant_and_field_by_field() {
    let Err(ReadError::Malformed { line, .. }) =
        read_json(&sample("fundingproviders-grants_malformed.json"))
    else {
        panic!("malformed JSON is refused");
    };
    assert_eq!(line, 10);
    for name in [
        "nulls.json",
        "decimal_amounts.json",
        "fundingproviders-grants_broken_grants.json",
        "fundingproviders-grants_fixed_2_grants.json",
    ] {
        let Err(ReadError::Grants(problems)) = read_json(&sample(name)) else {
            panic!("{name} is refused");
        };
        assert!(!problems.is_empty(), "{name}");
        assert!(
            problems.iter().all(|p| p.grant >= 1 && !p.field.is_empty()),
            "{name}: {problems:?}"
        );
    }
    let Err(ReadError::Grants(problems)) =
        read_json(&sample("fundingproviders-grants_broken_grants.json"))
    else {
        unreachable!()
    };
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for expected in [
        "grant 2, fundingOrganization/0/id: \"RUBBISH1-GB-CHC-000000\" is not an organisation identifier",
        "grant 2, id: \"360G-fundingproviders-000001/X/00/X\" is also the identifier of grant 1",
    ] {
        assert!(said.iter().any(|s| s.starts_with(expected)), "{expected} in {said:#?}");
    }
}
