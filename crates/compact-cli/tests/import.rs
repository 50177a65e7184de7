//! `compact import organisations`, run as a person would run it, on real
//! files, into SQLite and PostgreSQL.

mod support;

use compact_store::testing::TestDatabase;
use compact_store::{test_on_both_engines, Engine};
use std::path::{Path, PathBuf};
use support::*;

const GOOD: &str = "\
name,kind,charity_number,company_number,address,postcode,website,email,areas_of_work,active
Age UK Wiltshire,charity,1012345,01234567,\"1 High Street, Devizes\",SN10 1AA,www.ageuk.example.org,info@ageuk.example.org,older people; care,yes
Devizes Scouts,community_group,,,,SN10 2BB,,,young people,
Wiltshire Council,local_authority,,,,BA14 8JN,https://www.wiltshire.gov.uk,,,
";

/// A database of `engine` with the Wiltshire Compact set up, and a
/// temporary folder for the files a test writes.
struct Setup {
    dir: tempfile::TempDir,
    url: String,
    _db: TestDatabase,
}

impl Setup {
    async fn new(engine: Engine) -> Setup {
        let db = TestDatabase::new(engine).await;
        let url = db.url.clone();
        let init = run(&["init", "--compact", "wiltshire", "--database", &url]);
        assert!(init.status.success(), "{}", stderr(&init));
        let dir = tempfile::tempdir().unwrap();
        Setup { dir, url, _db: db }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn import(&self, file: &Path, extra: &[&str]) -> std::process::Output {
        import(&self.url, file, extra)
    }
}

fn import(url: &str, file: &Path, extra: &[&str]) -> std::process::Output {
    import_as(url, "organisations", file, extra)
}

/// `compact import WHAT FILE` into the Wiltshire Compact.
fn import_as(url: &str, what: &str, file: &Path, extra: &[&str]) -> std::process::Output {
    let file = file.display().to_string();
    let mut args = vec![
        "import",
        what,
        "--compact",
        "wiltshire",
        &file,
        "--database",
        url,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// The figure printed after `label` in the summary.
fn count(output: &std::process::Output, label: &str) -> usize {
    stdout(output)
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix(label)
                .map(|n| n.trim().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("no {label} in {}", stdout(output)))
}

fn counts(output: &std::process::Output) -> [usize; 4] {
    ["created", "updated", "unchanged", "rejected"].map(|label| count(output, label))
}

fn error_lines(output: &std::process::Output) -> Vec<String> {
    stderr(output)
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(String::from)
        .collect()
}

test_on_both_engines!(a_good_file_is_imported_and_exits_zero);
async fn a_good_file_is_imported_and_exits_zero(engine: Engine) {
    let setup = Setup::new(engine).await;
    let file = setup.file("organisations.csv", GOOD);
    let output = setup.import(&file, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(counts(&output), [3, 0, 0, 0]);
    assert!(stdout(&output).contains("Compact's import layout"));
    assert!(!setup
        .dir
        .path()
        .join("organisations.csv.errors.csv")
        .exists());
}

test_on_both_engines!(importing_the_same_file_again_changes_nothing);
async fn importing_the_same_file_again_changes_nothing(engine: Engine) {
    let setup = Setup::new(engine).await;
    let file = setup.file("organisations.csv", GOOD);
    assert!(setup.import(&file, &[]).status.success());
    let again = setup.import(&file, &[]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(counts(&again), [0, 0, 3, 0]);
    let verify = run(&["audit", "verify", "--database", &setup.url]);
    assert!(verify.status.success(), "{}", stderr(&verify));
}

test_on_both_engines!(a_dry_run_changes_nothing);
async fn a_dry_run_changes_nothing(engine: Engine) {
    let setup = Setup::new(engine).await;
    let file = setup.file("organisations.csv", GOOD);
    let dry = setup.import(&file, &["--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("Dry run: nothing was saved"));
    assert_eq!(counts(&dry), [3, 0, 0, 0]);
    let real = setup.import(&file, &[]);
    assert_eq!(counts(&real), [3, 0, 0, 0], "the dry run saved nothing");
}

test_on_both_engines!(bad_rows_are_reported_in_a_csv_file_and_the_good_rows_imported);
async fn bad_rows_are_reported_in_a_csv_file_and_the_good_rows_imported(engine: Engine) {
    let setup = Setup::new(engine).await;
    let text = format!(
        "{GOOD}Nameless,charities,,,,,,,,\nAge UK again,charity,1012345,,,,,,,\nBad postcode,charity,,,,SW1A 1A,,,,\n"
    );
    let file = setup.file("organisations.csv", &text);
    let output = setup.import(&file, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(counts(&output), [3, 0, 0, 3]);
    let report = setup.dir.path().join("organisations.csv.errors.csv");
    let errors = error_lines(&output);
    assert_eq!(errors.len(), 1, "{}", stderr(&output));
    assert!(
        errors[0].contains("3 row(s) were rejected"),
        "{}",
        errors[0]
    );
    assert!(stdout(&output).contains(&report.display().to_string()));

    let mut lines = csv::Reader::from_path(&report).unwrap();
    assert_eq!(lines.headers().unwrap(), vec!["row", "column", "problem"]);
    let rows: Vec<(String, String, String)> = lines
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect();
    let places: Vec<(&str, &str)> = rows
        .iter()
        .map(|(r, c, _)| (r.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        places,
        [("5", "kind"), ("6", "charity_number"), ("7", "postcode")]
    );
    assert!(rows[0]
        .2
        .contains("\"charities\" is not a kind of organisation"));
    assert!(rows[1].2.contains("row 2 already has this organisation"));
    assert!(rows[2].2.contains("is not a UK postcode"));

    // The good rows were kept: importing them alone changes nothing.
    let good = setup.file("good.csv", GOOD);
    assert_eq!(counts(&setup.import(&good, &[])), [0, 0, 3, 0]);
}

test_on_both_engines!(the_error_report_goes_where_asked);
async fn the_error_report_goes_where_asked(engine: Engine) {
    let setup = Setup::new(engine).await;
    let file = setup.file("in.csv", "name,kind\n,charity\n");
    let report = setup.dir.path().join("problems.csv");
    let output = setup.import(&file, &["--errors", &report.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.starts_with("row,column,problem\n2,name,the name is empty"),
        "{text}"
    );
}

test_on_both_engines!(a_charity_commission_extract_is_recognised_and_read);
async fn a_charity_commission_extract_is_recognised_and_read(engine: Engine) {
    let setup = Setup::new(engine).await;
    let header = [
        "date_of_extract",
        "organisation_number",
        "registered_charity_number",
        "linked_charity_number",
        "charity_name",
        "charity_type",
        "charity_registration_status",
        "charity_contact_address1",
        "charity_contact_address2",
        "charity_contact_postcode",
        "charity_company_registration_number",
    ]
    .join("\t");
    let text = format!(
        "{header}\n\
         2026-01-05\t1\t1012345\t0\tAge UK Wiltshire\tOther\tRegistered\t1 High Street\tDevizes\tSN10 1AA\t1234567\n\
         2026-01-05\t2\t1012345\t1\tAge UK Wiltshire Trading\tOther\tRemoved\t\t\t\t\n"
    );
    let file = setup.file("publicextract.charity.txt", &text);
    for format in [None, Some("charity-commission")] {
        let extra: Vec<&str> = format.map(|f| vec!["--format", f]).unwrap_or_default();
        let output = setup.import(&file, &[&extra[..], &["--dry-run"]].concat());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stdout(&output).contains("a Charity Commission register extract"));
        assert_eq!(counts(&output), [2, 0, 0, 0]);
    }
}

test_on_both_engines!(a_missing_file_or_an_unknown_header_fails_with_one_line);
async fn a_missing_file_or_an_unknown_header_fails_with_one_line(engine: Engine) {
    let setup = Setup::new(engine).await;
    let missing = setup.dir.path().join("no-such-file.csv");
    let output = setup.import(&missing, &[]);
    assert_eq!(output.status.code(), Some(1));
    let errors = error_lines(&output);
    assert_eq!(errors.len(), 1, "{}", stderr(&output));
    assert!(
        errors[0].contains("cannot read") && errors[0].contains("no-such-file.csv"),
        "{}",
        errors[0]
    );

    let file = setup.file("people.csv", "first name,surname\nJo,Bloggs\n");
    let output = setup.import(&file, &[]);
    assert_eq!(output.status.code(), Some(1));
    let errors = error_lines(&output);
    assert_eq!(errors.len(), 1, "{}", stderr(&output));
    assert!(errors[0].contains("first_name, surname"), "{}", errors[0]);
    assert!(
        errors[0].contains("whose columns are name, kind, charity_number"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("registered_charity_number"),
        "{}",
        errors[0]
    );

    let wrong = setup.import(
        &setup.file("own.csv", GOOD),
        &["--format", "charity-commission"],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).contains("lacks the column(s) registered_charity_number and charity_name")
    );
}

test_on_both_engines!(an_unknown_compact_or_format_is_refused);
async fn an_unknown_compact_or_format_is_refused(engine: Engine) {
    let setup = Setup::new(engine).await;
    let file = setup.file("organisations.csv", GOOD);
    let output = import(&setup.url, &file, &[]);
    assert!(output.status.success());
    let file_arg = file.display().to_string();
    let unknown = run(&[
        "import",
        "organisations",
        "--compact",
        "nowhere",
        &file_arg,
        "--database",
        &setup.url,
    ]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("no Compact called \"nowhere\""),
        "{}",
        stderr(&unknown)
    );
    let bad_format = setup.import(&file, &["--format", "excel"]);
    assert_eq!(bad_format.status.code(), Some(2));
}

/// The register the documented examples of councils' spreadsheets name.
const FUNDING_REGISTER: &str = "\
name,kind,charity_number,company_number
Wiltshire Council,local_authority,,
Wiltshire Police,police,,
Downs Lunch Club,charity,1100001,
Pewsey Youth Trust,charity,,09876543
";

test_on_both_engines!(councils_spreadsheets_are_imported_once_and_bad_rows_reported);
async fn councils_spreadsheets_are_imported_once_and_bad_rows_reported(engine: Engine) {
    let setup = Setup::new(engine).await;
    let register = setup.file("register.csv", FUNDING_REGISTER);
    assert!(setup.import(&register, &[]).status.success());
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    for (what, rows) in [
        ("consultations", 3),
        ("agreements", 3),
        ("payments", 4),
        ("changes", 2),
    ] {
        let file = examples.join(format!("{what}.csv"));
        let dry = import_as(&setup.url, what, &file, &["--dry-run"]);
        assert_eq!(dry.status.code(), Some(0), "{what}: {}", stderr(&dry));
        assert!(stdout(&dry).contains("Dry run: nothing was saved"));
        let output = import_as(&setup.url, what, &file, &[]);
        assert_eq!(output.status.code(), Some(0), "{what}: {}", stderr(&output));
        assert_eq!(
            counts(&output),
            [rows, 0, 0, 0],
            "{what}: the dry run saved nothing"
        );
        let again = import_as(&setup.url, what, &file, &[]);
        assert_eq!(counts(&again), [0, 0, rows, 0], "{what}");
    }
    let bad = setup.file(
        "payments.csv",
        "reference,agreement_reference,due_on,amount\nP9,WC-2024-017,2024-05-01,lots\nP10,NO-SUCH,2024-05-01,10\n",
    );
    let output = import_as(&setup.url, "payments", &bad, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(counts(&output), [0, 0, 0, 2]);
    let report = std::fs::read_to_string(setup.dir.path().join("payments.csv.errors.csv")).unwrap();
    assert!(
        report.starts_with("row,column,problem\n2,amount,"),
        "{report}"
    );
    assert!(report.contains("3,agreement_reference,"), "{report}");
    let wrong_kind = import_as(&setup.url, "agreements", &bad, &[]);
    assert_eq!(wrong_kind.status.code(), Some(1));
    assert!(
        stderr(&wrong_kind).contains("agreement_reference, due_on"),
        "{}",
        stderr(&wrong_kind)
    );
    let verify = run(&["audit", "verify", "--database", &setup.url]);
    assert!(verify.status.success(), "{}", stderr(&verify));
}
