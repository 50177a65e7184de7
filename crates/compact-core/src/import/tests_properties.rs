//! Property tests: good rows survive being written and read back in either
//! layout, a bad identifier is always reported where it is, importing the
//! same rows twice changes nothing the second time, and no input panics.

use super::tests::{cc_row, CC_COLUMNS};
use super::*;
use crate::definition::OrganisationKind;
use crate::ids::OrganisationId;
use crate::model::Organisation;
use proptest::prelude::*;
use proptest::sample::select;

fn charity_number() -> impl Strategy<Value = CharityNumber> {
    prop_oneof![
        ("[1-9][0-9]{5,6}", proptest::option::of(1u16..=9999)).prop_map(|(n, linked)| {
            match linked {
                Some(l) => format!("{n}-{l}"),
                None => n,
            }
        }),
        "SC[0-9]{6}",
        "NIC[0-9]{6}",
    ]
    .prop_map(|n| CharityNumber::parse(&n).expect("generated to be valid"))
}

fn company_number() -> impl Strategy<Value = CompanyNumber> {
    prop_oneof!["[0-9]{7}[1-9]", "(SC|OC|NI|CE)[0-9]{6}"]
        .prop_map(|n| CompanyNumber::parse(&n).expect("generated to be valid"))
}

fn postcode() -> impl Strategy<Value = Postcode> {
    (
        prop_oneof![
            "[A-Z][0-9]",
            "[A-Z]{2}[0-9]{2}",
            "[A-Z][0-9][A-Z]",
            "[A-Z]{2}[0-9]"
        ],
        "[0-9][ABDEFGHJLNPQRSTUWXYZ]{2}",
    )
        .prop_map(|(out, inward)| Postcode::parse(&format!("{out} {inward}")).expect("valid"))
}

/// Text as a person types it into one cell: words with punctuation,
/// including the separators and quotes a CSV writer must protect.
fn words(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec("[A-Za-z0-9][A-Za-z0-9'&.,\"()-]{0,12}", 1..=max)
        .prop_map(|w| w.join(" "))
}

fn organisation() -> impl Strategy<Value = ImportedOrganisation> {
    (
        words(6),
        select(OrganisationKind::ALL.to_vec()),
        proptest::option::of(charity_number()),
        proptest::option::of(company_number()),
        proptest::option::of(postcode()),
        proptest::option::of(words(5)),
        proptest::option::of(prop_oneof![
            "https://www\\.[a-z]{1,10}\\.org(/[a-z]{1,5})?",
            "http://[a-z]{1,10}\\.org\\.uk",
        ]),
        proptest::option::of("[a-z]{1,8}(\\.[a-z]{1,5})?@[a-z]{1,8}\\.(org|co\\.uk)"),
        proptest::collection::vec("[a-z]{1,10}( [a-z]{1,10})?", 0..4),
        any::<bool>(),
    )
        .prop_map(
            |(name, kind, charity, company, postcode, address, website, email, areas, active)| {
                ImportedOrganisation {
                    name,
                    kind,
                    charity_number: charity,
                    company_number: company,
                    postcode,
                    address,
                    website,
                    email,
                    areas_of_work: areas,
                    active,
                }
            },
        )
}

fn cell(value: &Option<impl ToString>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The organisations as a file in Compact's layout, written by the csv
/// crate as a spreadsheet would (quoting what needs it).
fn compact_file(rows: &[ImportedOrganisation]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(compact_format::COLUMNS)
        .expect("write to memory");
    for o in rows {
        writer
            .write_record([
                o.name.clone(),
                o.kind.as_str().to_string(),
                cell(&o.charity_number),
                cell(&o.company_number),
                cell(&o.address),
                cell(&o.postcode),
                cell(&o.website),
                cell(&o.email),
                o.areas_of_work.join("; "),
                if o.active { "yes" } else { "no" }.to_string(),
            ])
            .expect("write to memory");
    }
    writer.into_inner().expect("flush to memory")
}

proptest! {
    #[test]
    fn any_valid_row_in_compacts_layout_reads_back_as_written(
        rows in proptest::collection::vec(organisation(), 1..12)
    ) {
        let file = read_organisations(compact_file(&rows).as_slice(), None).expect("header");
        prop_assert_eq!(file.format, ImportFormat::Compact);
        let read: Vec<_> = file.rows.iter().map(|r| (r.row, r.result.clone())).collect();
        let expected: Vec<_> = rows.iter().enumerate().map(|(i, o)| (i as u64 + 2, Ok(o.clone()))).collect();
        prop_assert_eq!(read, expected);
    }

    #[test]
    fn any_valid_extract_row_reads_back_as_a_charity(
        charities in proptest::collection::vec((
            "[1-9][0-9]{5,6}",
            0u16..4,
            words(6),
            proptest::collection::vec(proptest::option::of(words(3)), 5),
            proptest::option::of(postcode()),
            proptest::option::of(company_number()),
            any::<bool>(),
        ), 1..8),
        tabs in any::<bool>(),
    ) {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut expected = Vec::new();
        for (number, linked, name, lines, postcode, company, registered) in &charities {
            let mut set = vec![
                ("registered_charity_number", number.clone()),
                ("linked_charity_number", linked.to_string()),
                ("charity_name", name.clone()),
                ("charity_registration_status", if *registered { "Registered" } else { "Removed" }.into()),
                ("charity_contact_postcode", cell(postcode)),
                ("charity_company_registration_number", cell(company)),
            ];
            for (i, line) in lines.iter().enumerate() {
                set.push((CC_COLUMNS[14 + i], cell(line)));
            }
            let set: Vec<(&str, &str)> = set.iter().map(|(c, v)| (*c, v.as_str())).collect();
            rows.push(cc_row(&set));
            let number = if *linked == 0 { number.clone() } else { format!("{number}-{linked}") };
            let address: Vec<&str> = lines.iter().flatten().map(String::as_str).collect();
            expected.push(ImportedOrganisation {
                name: name.clone(),
                kind: OrganisationKind::Charity,
                charity_number: Some(number.parse().expect("valid")),
                company_number: company.clone(),
                postcode: postcode.clone(),
                address: (!address.is_empty()).then(|| address.join(", ")),
                website: None,
                email: None,
                areas_of_work: Vec::new(),
                active: *registered,
            });
        }
        let bytes = if tabs {
            let mut text = CC_COLUMNS.join("\t");
            for row in &rows {
                text.push('\n');
                text.push_str(&row.join("\t"));
            }
            text.into_bytes()
        } else {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(CC_COLUMNS).expect("write to memory");
            for row in &rows {
                writer.write_record(row).expect("write to memory");
            }
            writer.into_inner().expect("flush to memory")
        };
        let file = read_organisations(bytes.as_slice(), None).expect("header");
        prop_assert_eq!(file.format, ImportFormat::CharityCommission);
        let read: Vec<_> = file.rows.into_iter().map(|r| r.result).collect();
        prop_assert_eq!(read, expected.into_iter().map(Ok).collect::<Vec<_>>());
    }

    #[test]
    fn a_bad_identifier_is_reported_under_its_column_and_row(
        rows in proptest::collection::vec(organisation(), 1..10),
        at in any::<prop::sample::Index>(),
        column in select(vec!["charity_number", "company_number", "postcode"]),
        bad in "[ -~]{1,12}",
    ) {
        let refused = match column {
            "charity_number" => CharityNumber::parse(&bad).is_err(),
            "company_number" => CompanyNumber::parse(&bad).is_err(),
            _ => Postcode::parse(&bad).is_err(),
        };
        prop_assume!(refused && !bad.trim().is_empty());
        let at = at.index(rows.len());
        let mut bytes = compact_file(&rows);
        // Rewrite the chosen row with the bad value in the chosen column.
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let mut records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("own output")).collect();
        let index = compact_format::COLUMNS.iter().position(|c| *c == column).expect("a column");
        let mut cells: Vec<String> = records[at].iter().map(String::from).collect();
        cells[index] = bad.clone();
        records[at] = csv::StringRecord::from(cells);
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(compact_format::COLUMNS).expect("write to memory");
        for record in &records {
            writer.write_record(record).expect("write to memory");
        }
        bytes = writer.into_inner().expect("flush to memory");

        let file = read_organisations(bytes.as_slice(), None).expect("header");
        for (i, row) in file.rows.iter().enumerate() {
            prop_assert_eq!(row.row, i as u64 + 2);
            if i == at {
                let problems = row.result.as_ref().expect_err("the bad row is refused");
                prop_assert_eq!(problems.len(), 1, "{:?}", problems);
                prop_assert_eq!(problems[0].row, at as u64 + 2);
                prop_assert_eq!(&problems[0].column, column);
                prop_assert!(problems[0].problem.contains("is not a"), "{}", problems[0].problem);
            } else {
                prop_assert!(row.result.is_ok());
            }
        }
    }

    #[test]
    fn importing_the_same_rows_again_changes_nothing(
        register in proptest::collection::vec(colliding(), 0..8),
        rows in proptest::collection::vec(colliding(), 1..16),
        own_layout in any::<bool>(),
    ) {
        let format = if own_layout { ImportFormat::Compact } else { ImportFormat::CharityCommission };
        let register: Vec<Organisation> = register
            .into_iter()
            .enumerate()
            .map(|(i, o)| o.into_organisation(OrganisationId(i as i64 + 1)))
            .collect();
        let (after_first, first) = import(format, register, &rows);
        let (after_second, second) = import(format, after_first.clone(), &rows);
        prop_assert_eq!(after_second, after_first);
        for (row, (once, twice)) in first.iter().zip(&second).enumerate() {
            match (once, twice) {
                (Outcome::Duplicate(a), Outcome::Duplicate(b)) => prop_assert_eq!(a, b),
                (Outcome::Duplicate(_), other) | (_, other @ Outcome::Duplicate(_)) => {
                    prop_assert!(false, "row {} was {:?} then {:?}", row + 2, once, other);
                }
                (_, twice) => prop_assert!(matches!(twice, Outcome::Unchanged(_)), "row {}: {:?}", row + 2, twice),
            }
        }
    }

    #[test]
    fn no_input_panics_and_every_refused_row_says_why(
        bytes in proptest::collection::vec(select(b"name,kind\t\n\r\"charity 0123SCx@.;".to_vec()), 0..200),
        header in select(vec!["", "name,kind\n", "registered_charity_number\tcharity_name\n"]),
    ) {
        let mut input = header.as_bytes().to_vec();
        input.extend(bytes);
        if let Ok(file) = read_organisations(input.as_slice(), None) {
            let mut last = 1;
            for row in &file.rows {
                prop_assert!(row.row > last, "rows in order: {} after {}", row.row, last);
                last = row.row;
                if let Err(problems) = &row.result {
                    prop_assert!(!problems.is_empty());
                    prop_assert!(problems.iter().all(|p| p.row == row.row && !p.problem.is_empty()));
                }
            }
        }
    }
}

/// Organisations drawn from a few names and identifiers, so that rows
/// often match each other and the register in every way there is.
fn colliding() -> impl Strategy<Value = ImportedOrganisation> {
    let option = |values: Vec<&'static str>| proptest::option::of(select(values));
    (
        select(vec!["Age UK", "Scouts", "Larder"]),
        select(vec![
            OrganisationKind::Charity,
            OrganisationKind::CommunityGroup,
        ]),
        option(vec!["1012345", "1012345-1", "SC012345"]),
        option(vec!["01234567", "SC123456"]),
        option(vec!["SN10 1AA", "BA14 8JN"]),
        option(vec!["1 High Street", "2 Low Road"]),
        proptest::collection::vec(select(vec!["housing", "sport"]), 0..2),
        any::<bool>(),
    )
        .prop_map(
            |(name, kind, charity, company, postcode, address, areas, active)| {
                ImportedOrganisation {
                    name: name.to_string(),
                    kind,
                    charity_number: charity.map(|n| n.parse().expect("valid")),
                    company_number: company.map(|n| n.parse().expect("valid")),
                    postcode: postcode.map(|p| p.parse().expect("valid")),
                    address: address.map(String::from),
                    website: None,
                    email: None,
                    areas_of_work: areas.into_iter().map(String::from).collect(),
                    active,
                }
            },
        )
}

/// What the store does with the outcomes, in memory: the register after
/// importing `rows`, and each row's outcome.
fn import(
    format: ImportFormat,
    register: Vec<Organisation>,
    rows: &[ImportedOrganisation],
) -> (Vec<Organisation>, Vec<Outcome>) {
    let mut index = RegisterIndex::new(format, register.clone());
    let mut after = register;
    let mut outcomes = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let outcome = index.apply(i as u64 + 2, row);
        match &outcome {
            Outcome::Create(o) => {
                let id = OrganisationId(after.len() as i64 + 1);
                after.push(o.clone().into_organisation(id));
            }
            Outcome::Update { id, organisation } => {
                let stored = after
                    .iter_mut()
                    .find(|o| o.id == *id)
                    .expect("an existing id");
                *stored = organisation.clone().into_organisation(*id);
            }
            Outcome::Unchanged(_) | Outcome::Duplicate(_) => {}
        }
        outcomes.push(outcome);
    }
    (after, outcomes)
}
