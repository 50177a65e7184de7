//! Table tests of reading import files and of matching rows to the register.

use super::*;
use crate::definition::OrganisationKind;
use crate::ids::OrganisationId;
use crate::model::Organisation;

/// The Charity Commission extract's header, in the Commission's order.
pub(super) const CC_COLUMNS: [&str; 37] = [
    "date_of_extract",
    "organisation_number",
    "registered_charity_number",
    "linked_charity_number",
    "charity_name",
    "charity_type",
    "charity_registration_status",
    "date_of_registration",
    "date_of_removal",
    "charity_reporting_status",
    "latest_acc_fin_period_start_date",
    "latest_acc_fin_period_end_date",
    "latest_income",
    "latest_expenditure",
    "charity_contact_address1",
    "charity_contact_address2",
    "charity_contact_address3",
    "charity_contact_address4",
    "charity_contact_address5",
    "charity_contact_postcode",
    "charity_contact_phone",
    "charity_contact_email",
    "charity_contact_web",
    "charity_company_registration_number",
    "charity_insolvent",
    "charity_in_administration",
    "charity_previously_excepted",
    "charity_is_cdf_or_cif",
    "charity_is_cio",
    "cio_is_dissolved",
    "date_cio_dissolution_notice",
    "charity_activities",
    "charity_gift_aid",
    "charity_has_land",
    // Not in the task's list but in some extracts: extra columns must not
    // disturb the import.
    "charity_extra_one",
    "charity_extra_two",
    "charity_extra_three",
];

/// One extract row with the given cells set by column name; the rest are
/// plausible filler.
pub(super) fn cc_row(set: &[(&str, &str)]) -> Vec<String> {
    CC_COLUMNS
        .iter()
        .map(|column| {
            set.iter()
                .find(|(c, _)| c == column)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| match *column {
                    "date_of_extract" => "2026-01-05".into(),
                    "linked_charity_number" => "0".into(),
                    "charity_registration_status" => "Registered".into(),
                    "latest_income" => "12345.00".into(),
                    "charity_activities" => "Helping \"older\" people".into(),
                    _ => String::new(),
                })
        })
        .collect()
}

fn join(rows: &[Vec<String>], separator: &str) -> String {
    rows.iter()
        .map(|r| r.join(separator))
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn cc_file(rows: &[Vec<String>], separator: &str) -> String {
    let header: Vec<String> = CC_COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut all = vec![header];
    all.extend_from_slice(rows);
    join(&all, separator) + "\r\n"
}

fn read(text: &str) -> ImportFile {
    read_organisations(text.as_bytes(), None).unwrap_or_else(|e| panic!("{e}"))
}

fn good(file: &ImportFile) -> Vec<(u64, ImportedOrganisation)> {
    file.rows
        .iter()
        .map(|r| match &r.result {
            Ok(o) => (r.row, o.clone()),
            Err(problems) => panic!("row {} refused: {problems:?}", r.row),
        })
        .collect()
}

fn problems(file: &ImportFile) -> Vec<(u64, String, String)> {
    file.problems()
        .map(|p| (p.row, p.column.clone(), p.problem.clone()))
        .collect()
}

#[test]
fn a_tab_separated_charity_commission_extract_is_read_by_column_name() {
    let rows = [
        cc_row(&[
            ("registered_charity_number", "1012345"),
            ("charity_name", "Trowbridge Community Larder"),
            ("charity_contact_address1", "Unit 4"),
            ("charity_contact_address2", " Canal Road "),
            ("charity_contact_address4", "Trowbridge"),
            ("charity_contact_postcode", "ba14 7ab"),
            ("charity_contact_email", "hello@larder.example.org"),
            ("charity_contact_web", "www.larder.example.org"),
            ("charity_company_registration_number", "7654321"),
        ]),
        cc_row(&[
            ("registered_charity_number", "1012345"),
            ("linked_charity_number", "2"),
            ("charity_name", "Trowbridge Larder Trading Fund"),
            ("charity_registration_status", "Removed"),
        ]),
    ];
    let file = read(&cc_file(&rows, "\t"));
    assert_eq!(file.format, ImportFormat::CharityCommission);
    let rows = good(&file);
    assert_eq!(rows.len(), 2);
    let (row, main) = &rows[0];
    assert_eq!(*row, 2);
    assert_eq!(main.name, "Trowbridge Community Larder");
    assert_eq!(main.kind, OrganisationKind::Charity);
    assert_eq!(main.charity_number.as_ref().unwrap().as_str(), "1012345");
    assert_eq!(main.company_number.as_ref().unwrap().as_str(), "07654321");
    assert_eq!(main.postcode.as_ref().unwrap().as_str(), "BA14 7AB");
    assert_eq!(
        main.address.as_deref(),
        Some("Unit 4, Canal Road, Trowbridge")
    );
    assert_eq!(main.email.as_deref(), Some("hello@larder.example.org"));
    assert_eq!(
        main.website.as_deref(),
        Some("https://www.larder.example.org")
    );
    assert!(main.areas_of_work.is_empty());
    assert!(main.active);
    let (row, linked) = &rows[1];
    assert_eq!(*row, 3);
    assert_eq!(
        linked.charity_number.as_ref().unwrap().as_str(),
        "1012345-2"
    );
    assert_eq!(linked.address, None);
    assert_eq!(linked.postcode, None);
    assert!(!linked.active, "a removed charity is not active");
}

#[test]
fn a_comma_separated_extract_with_quotes_and_a_byte_order_mark_is_read_too() {
    let mut row = cc_row(&[
        ("registered_charity_number", "220949"),
        ("charity_name", "\"Friends of the Park, Devizes\""),
    ]);
    // Quoted as a spreadsheet program writes a cell with a quote in it.
    row[31] = "\"Helping \"\"older\"\" people\"".into();
    let file = read(&format!("\u{feff}{}", cc_file(&[row], ",")));
    assert_eq!(file.format, ImportFormat::CharityCommission);
    assert_eq!(good(&file)[0].1.name, "Friends of the Park, Devizes");
}

#[test]
fn extract_rows_with_bad_cells_name_each_problem_by_row_and_column() {
    let rows = [
        cc_row(&[
            ("registered_charity_number", "1012345"),
            ("charity_name", "Fine"),
        ]),
        cc_row(&[
            ("registered_charity_number", "0220949"),
            ("charity_name", " "),
            ("charity_contact_postcode", "SW1A 1A"),
            ("charity_contact_email", "info.example.org"),
            ("charity_company_registration_number", "XY123456"),
        ]),
        cc_row(&[
            ("registered_charity_number", "1012345"),
            ("linked_charity_number", "x"),
            ("charity_name", "Linked"),
            ("charity_registration_status", "Suspended"),
            ("charity_contact_web", "ftp://example.org"),
        ]),
    ];
    let file = read(&cc_file(&rows, "\t"));
    assert_eq!(file.rejected(), 2);
    let found = problems(&file);
    let expect = [
        (3, "charity_name", "the name is empty"),
        (3, "registered_charity_number", "it starts with 0"),
        (3, "charity_contact_postcode", "its second part \"1A\""),
        (3, "charity_contact_email", "it has no @"),
        (
            3,
            "charity_company_registration_number",
            "\"XY\", which is not a Companies House prefix",
        ),
        (
            4,
            "linked_charity_number",
            "\"x\" is not a linked-charity number",
        ),
        (
            4,
            "charity_registration_status",
            "expected Registered or Removed",
        ),
        (4, "charity_contact_web", "it starts with ftp://"),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for ((row, column, problem), (want_row, want_column, want)) in found.iter().zip(expect) {
        assert_eq!(
            (*row, column.as_str()),
            (want_row, want_column),
            "{problem}"
        );
        assert!(problem.contains(want), "{column}: {problem}");
    }
}

#[test]
fn a_company_number_of_zero_in_the_extract_means_none() {
    let row = cc_row(&[
        ("registered_charity_number", "1012345"),
        ("charity_name", "No company"),
        ("charity_company_registration_number", "0"),
    ]);
    assert_eq!(
        good(&read(&cc_file(&[row], "\t")))[0].1.company_number,
        None
    );
}

#[test]
fn compacts_own_layout_is_read_with_every_column() {
    let text = "name,kind,charity_number,company_number,address,postcode,website,email,areas_of_work,active\n\
        Wiltshire Council,local_authority,,,\"County Hall\nBythesea Road, Trowbridge\",BA14 8JN,https://www.wiltshire.gov.uk,,,\n\
        Devizes Scouts,Community group,sc012345,SC123456,,SN10 1AA,,scouts@example.org,young people; outdoors,no\n";
    let file = read(text);
    assert_eq!(file.format, ImportFormat::Compact);
    let rows = good(&file);
    let (row, council) = &rows[0];
    assert_eq!(*row, 2);
    assert_eq!(council.kind, OrganisationKind::LocalAuthority);
    assert_eq!(
        council.address.as_deref(),
        Some("County Hall, Bythesea Road, Trowbridge")
    );
    assert!(council.active, "an empty active cell means yes");
    let (row, scouts) = &rows[1];
    assert_eq!(
        *row, 3,
        "a line break inside a quoted cell stays in one row"
    );
    assert_eq!(scouts.kind, OrganisationKind::CommunityGroup);
    assert_eq!(scouts.charity_number.as_ref().unwrap().as_str(), "SC012345");
    assert_eq!(scouts.areas_of_work, vec!["young people", "outdoors"]);
    assert!(!scouts.active);
}

#[test]
fn only_name_and_kind_are_required_and_headers_may_be_written_as_words() {
    let file = read("Name, Kind ,Charity number\nAge UK Wiltshire,charity,1012345\n");
    let rows = good(&file);
    assert_eq!(
        rows[0].1.charity_number.as_ref().unwrap().as_str(),
        "1012345"
    );
    assert_eq!(rows[0].1.email, None);
}

#[test]
fn rows_are_counted_as_a_spreadsheet_counts_them() {
    let text = "name,kind,address\n\
        A,charity,\"one\ntwo\nthree\"\n\
        \n\
        B,charity,\n\
        ,,\n\
        C,nonsense,\n";
    let file = read(text);
    // A: row 2, with line breaks in a cell; the empty line is not a row;
    // B: row 3; the row of empty cells (row 4) is skipped; C: row 5.
    assert_eq!(
        file.rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        [2, 3, 5]
    );
    assert_eq!(problems(&file)[0].0, 5);
}

#[test]
fn a_row_with_the_wrong_number_of_cells_is_refused_as_a_whole() {
    let file = read("name,kind,postcode\nA,charity\nB,charity,SN10 1AA,extra\n");
    let found = problems(&file);
    assert_eq!(found.len(), 2);
    assert_eq!((found[0].0, found[0].1.as_str()), (2, ""));
    assert!(
        found[0]
            .2
            .contains("this row has 2 cells but the header row has 3"),
        "{}",
        found[0].2
    );
    assert!(found[1].2.contains("this row has 4 cells"));
}

#[test]
fn cells_that_are_not_utf8_are_named() {
    let mut bytes = b"name,kind\nCaf".to_vec();
    bytes.extend_from_slice(&[0xE9]); // "é" in Windows-1252
    bytes.extend_from_slice(b" Club,community_group\n");
    let file = read_organisations(bytes.as_slice(), None).unwrap();
    let found = problems(&file);
    assert_eq!((found[0].0, found[0].1.as_str()), (2, "name"));
    assert!(found[0].2.contains("CSV UTF-8"));
}

#[test]
fn own_layout_rows_list_every_problem() {
    let text =
        "name,kind,charity_number,company_number,postcode,website,email,areas_of_work,active\n\
        ,charities,12345,0,XX,example,a@b,,perhaps\n";
    let found = problems(&read(text));
    let columns: Vec<&str> = found.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(
        columns,
        [
            "name",
            "kind",
            "charity_number",
            "company_number",
            "postcode",
            "website",
            "email",
            "active"
        ]
    );
    assert!(found.iter().all(|p| p.0 == 2));
}

#[test]
fn headers_that_fit_no_layout_are_refused_saying_what_was_expected() {
    let cases: [(&str, Option<ImportFormat>, &str); 8] = [
        ("", None, "the file is empty"),
        ("\u{feff}\n", None, "the file is empty"),
        ("title,type\nA,charity\n", None, "it has the columns title, type; expected Compact's import layout, whose columns are name, kind"),
        ("name,kind,postocde\n", None, "column(s) Compact does not read: \"postocde\"; Compact's import layout"),
        ("name,address\n", None, "lacks the column(s) kind of Compact's import layout"),
        ("name,kind\n", Some(ImportFormat::CharityCommission), "lacks the column(s) registered_charity_number and charity_name of a Charity Commission register extract"),
        ("registered_charity_number\tcharity_type\n", None, "lacks the column(s) charity_name"),
        ("name,kind,name\n", None, "names the column \"name\" twice"),
    ];
    for (text, format, expected) in cases {
        let error = read_organisations(text.as_bytes(), format)
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{text:?}: {error}");
        assert!(!error.contains('\n'), "one line: {error}");
    }
}

#[test]
fn a_header_of_100000_columns_is_refused_for_its_columns() {
    for separator in [",", "\t"] {
        let header = (0..100_000)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(separator);
        let text = format!("{header}\nA,charity\n");
        let error = read_organisations(text.as_bytes(), None).unwrap_err();
        assert_eq!(error, ImportError::TooManyColumns { found: 100_000 });
        assert_eq!(
            error.to_string(),
            "the header row has 100000 columns; a file may have at most 200 \
             (the layouts Compact reads have a few dozen at most)"
        );
    }
}

#[test]
fn the_column_and_header_limits_are_exact() {
    let header = |columns: usize| {
        let mut names: Vec<String> = vec!["name".into(), "kind".into()];
        names.extend((2..columns).map(|i| format!("x{i}")));
        names.join(",")
    };
    // 200 columns are read (and refused for naming unknown ones, which is
    // per-column work); 201 are refused before that.
    let at_limit = read_organisations(format!("{}\n", header(200)).as_bytes(), None);
    assert!(
        matches!(at_limit, Err(ImportError::UnknownColumns { .. })),
        "{at_limit:?}"
    );
    let over = read_organisations(format!("{}\n", header(201)).as_bytes(), None);
    assert_eq!(
        over.unwrap_err(),
        ImportError::TooManyColumns { found: 201 }
    );
    // Commas inside quotes do not separate columns.
    let quoted = format!("name,kind,\"{}\"\n", ",".repeat(500));
    assert!(!matches!(
        read_organisations(quoted.as_bytes(), None),
        Err(ImportError::TooManyColumns { .. })
    ));
    // A long header of few columns is refused for its length, its line
    // break included, as a row is.
    let long = format!("name,kind,{}\n", "x".repeat(MAX_ROW_BYTES));
    assert_eq!(
        read_organisations(long.as_bytes(), None).unwrap_err(),
        ImportError::HeaderTooLong {
            found: MAX_ROW_BYTES + 11,
            at_least: false
        }
    );
    let endless = "x".repeat(2 << 20);
    let error = read_organisations(endless.as_bytes(), None).unwrap_err();
    assert!(
        matches!(error, ImportError::HeaderTooLong { at_least: true, .. }),
        "{error:?}"
    );
    assert!(error.to_string().starts_with("the header row is at least "));
    assert!(error
        .to_string()
        .ends_with("a row may be at most 65,536 bytes (64 KiB) long"));
}

#[test]
fn a_row_longer_than_the_limit_is_refused_with_its_row_number() {
    let long_name = "x".repeat(MAX_ROW_BYTES);
    let text = format!("name,kind\nA,charity\n{long_name},charity\nB,charity\n");
    let file = read(&text);
    let found = problems(&file);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1.as_str()), (3, ""));
    assert_eq!(
        found[0].2,
        "this row is 65,545 bytes long; a row may be at most 65,536 bytes (64 KiB) long"
    );
    // The rows around it are read as usual.
    let read_rows: Vec<u64> = file
        .rows
        .iter()
        .filter(|r| r.result.is_ok())
        .map(|r| r.row)
        .collect();
    assert_eq!(read_rows, [2, 4]);
    // A row of exactly the limit, line break included, has its cells read
    // (and its name found too long, which is a cell's own problem).
    let fits = "y".repeat(MAX_ROW_BYTES - ",charity\n".len());
    let found = problems(&read(&format!("name,kind\n{fits},charity\n")));
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].0, found[0].1.as_str()), (2, "name"));
}

#[test]
fn a_header_only_file_has_no_rows() {
    assert!(read("name,kind\n").rows.is_empty());
    assert!(read("name,kind").rows.is_empty());
}

fn organisation(id: i64, name: &str, charity: Option<&str>, company: Option<&str>) -> Organisation {
    Organisation {
        id: OrganisationId(id),
        name: name.into(),
        kind: OrganisationKind::Charity,
        charity_number: charity.map(|n| n.parse().unwrap()),
        company_number: company.map(|n| n.parse().unwrap()),
        postcode: None,
        address: None,
        website: None,
        email: None,
        areas_of_work: vec!["housing".into()],
        active: true,
    }
}

fn incoming(name: &str, charity: Option<&str>, company: Option<&str>) -> ImportedOrganisation {
    let mut o = ImportedOrganisation::from(organisation(0, name, charity, company));
    o.areas_of_work.clear();
    o
}

#[test]
fn rows_match_by_charity_number_then_company_number_then_name_and_postcode() {
    let existing = [
        organisation(1, "Age UK Wiltshire", Some("1012345"), Some("01234567")),
        organisation(2, "Devizes Scouts", None, Some("SC123456")),
        Organisation {
            postcode: Some("BA14 8JN".parse().unwrap()),
            ..organisation(3, "Friends of the Park", None, None)
        },
        organisation(4, "Main charity", Some("1000001"), Some("07777777")),
    ];
    let mut index = RegisterIndex::new(ImportFormat::Compact, existing);
    // By charity number, though the name has changed.
    let renamed = incoming("Age UK Wiltshire and Swindon", Some("1012345"), None);
    match index.apply(2, &renamed) {
        Outcome::Update { id, organisation } => {
            assert_eq!(id, OrganisationId(1));
            assert_eq!(organisation.name, "Age UK Wiltshire and Swindon");
            assert_eq!(
                organisation.company_number.unwrap().as_str(),
                "01234567",
                "kept"
            );
            assert_eq!(organisation.areas_of_work, ["housing"], "kept");
        }
        other => panic!("{other:?}"),
    }
    // By company number, gaining a charity number.
    let scouts = incoming("Devizes Scouts", Some("SC012345"), Some("SC123456"));
    assert!(matches!(
        index.apply(3, &scouts),
        Outcome::Update {
            id: OrganisationId(2),
            ..
        }
    ));
    // By name and postcode, as it is.
    let mut park = incoming("Friends of the Park", None, None);
    park.areas_of_work = vec!["housing".into()];
    park.postcode = Some("BA14 8JN".parse().unwrap());
    assert_eq!(index.apply(4, &park), Outcome::Unchanged(OrganisationId(3)));
    // A linked charity sharing its main charity's company number is not it.
    let linked = incoming("Linked fund", Some("1000001-1"), Some("07777777"));
    assert!(matches!(index.apply(5, &linked), Outcome::Create(_)));
    // The same name with a different postcode is someone else.
    let mut elsewhere = incoming("Friends of the Park", None, None);
    elsewhere.postcode = Some("SN10 1AA".parse().unwrap());
    assert!(matches!(index.apply(6, &elsewhere), Outcome::Create(_)));
}

#[test]
fn an_organisation_may_appear_only_once_in_a_file() {
    let existing = [organisation(1, "Age UK Wiltshire", Some("1012345"), None)];
    let mut index = RegisterIndex::new(ImportFormat::CharityCommission, existing);
    let age_uk = incoming("Age UK Wiltshire", Some("1012345"), None);
    assert!(matches!(index.apply(2, &age_uk), Outcome::Unchanged(_)));
    match index.apply(7, &age_uk) {
        Outcome::Duplicate(p) => {
            assert_eq!((p.row, p.column.as_str()), (7, "registered_charity_number"));
            assert!(
                p.problem.contains(
                    "row 2 already has this organisation (the same charity number, 1012345)"
                ),
                "{}",
                p.problem
            );
        }
        other => panic!("{other:?}"),
    }
    let new = incoming("New group", None, None);
    assert!(matches!(index.apply(8, &new), Outcome::Create(_)));
    match index.apply(9, &new) {
        Outcome::Duplicate(p) => {
            assert_eq!(p.column, "charity_name");
            assert!(
                p.problem
                    .contains("row 8 already has this organisation (the same name, New group)"),
                "{}",
                p.problem
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_extract_does_not_change_the_kind_the_secretariat_chose_but_compacts_layout_does() {
    let mut social_enterprise = organisation(1, "Larder", Some("1012345"), None);
    social_enterprise.kind = OrganisationKind::SocialEnterprise;
    social_enterprise.areas_of_work.clear();
    let row = incoming("Larder", Some("1012345"), None);
    let mut from_extract =
        RegisterIndex::new(ImportFormat::CharityCommission, [social_enterprise.clone()]);
    assert_eq!(
        from_extract.apply(2, &row),
        Outcome::Unchanged(OrganisationId(1))
    );
    let mut from_own = RegisterIndex::new(ImportFormat::Compact, [social_enterprise]);
    assert!(matches!(from_own.apply(2, &row), Outcome::Update { .. }));
}
