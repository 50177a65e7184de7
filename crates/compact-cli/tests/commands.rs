//! The `compact` command, run as a person would run it.

mod support;

use compact_store::testing::TestDatabase;
use support::*;

#[test]
fn help_explains_the_commands_and_exits_zero() {
    let output = run(&["--help"]);
    assert!(output.status.success());
    let text = stdout(&output);
    for command in [
        "demo", "serve", "migrate", "backup", "check", "compacts", "init", "user", "token", "audit",
    ] {
        assert!(text.contains(command), "--help does not mention {command}");
    }
}

#[test]
fn bad_usage_exits_with_code_two() {
    assert_eq!(run(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--as-of", "31/03/2026"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["serve", "--addr", "not-an-address"]).status.code(),
        Some(2)
    );
    // A real date no one could mean is refused with the range, before any
    // database is opened.
    let far = run(&["check", "--as-of", "9999-12-31"]);
    assert_eq!(far.status.code(), Some(2));
    assert!(
        stderr(&far)
            .contains("9999-12-31 is after today: check as of a date from 1 January 1998 to today"),
        "{}",
        stderr(&far)
    );
}

#[test]
fn bad_database_addresses_fail_with_one_line_and_code_one() {
    let dir = tempfile::tempdir().unwrap();
    let missing_folder = format!(
        "sqlite://{}/no/such/folder/compact.db",
        dir.path().display()
    );
    let cases = [
        ("mysql://root@localhost/compact", "use sqlite://PATH"),
        (missing_folder.as_str(), "does not exist"),
        (
            "postgres://postgres@127.0.0.1:1/compact",
            "cannot reach the PostgreSQL server",
        ),
        (
            "sqlite:///sys/compact.db",
            "cannot open the SQLite database /sys/compact.db",
        ),
    ];
    for (url, expected) in cases {
        let output = run(&["migrate", "--database", url]);
        assert_eq!(output.status.code(), Some(1), "{url}");
        let err = stderr(&output);
        let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(lines.len(), 1, "{url}: {err}");
        assert!(lines[0].contains(expected), "{url}: {err}");
    }
}

#[test]
fn migrate_reports_status_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("compact.db").display());
    let before = stdout(&run(&["migrate", "--status", "--database", &url]));
    assert!(before.contains("pending"), "{before}");
    let applied = run(&["migrate", "--database", &url]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    let after = stdout(&run(&["migrate", "--status", "--database", &url]));
    assert!(
        after.contains("applied") && !after.contains("pending"),
        "{after}"
    );
}

#[test]
fn shipped_compacts_are_listed_and_shown() {
    let list = stdout(&run(&["compacts", "list"]));
    for slug in ["wigan", "wales", "blackpool", "warrington", "wiltshire"] {
        assert!(list.contains(slug), "{list}");
    }
    assert!(!list.contains("does not load"), "{list}");
    let shown = run(&["compacts", "show", "blackpool"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert!(stdout(&shown).contains("12 seats"), "{}", stdout(&shown));
    let json = stdout(&run(&["compacts", "show", "wiltshire", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["standards"]["consultation"]["weeks"], 12);
    let missing = run(&["compacts", "show", "atlantis"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("neither a shipped Compact"));
}

#[test]
fn check_reads_a_records_file_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.json");
    std::fs::write(
        &records,
        serde_json::to_string(&compact_store::testing::sample_records()).unwrap(),
    )
    .unwrap();
    let path = records.display().to_string();
    // Run where a database would be created, to see that none is.
    let output = compact()
        .current_dir(dir.path())
        .args([
            "check",
            "--records",
            &path,
            "--compact",
            "wiltshire",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(!findings.is_empty());
    assert!(findings
        .iter()
        .all(|f| f["rule"].is_string() && f["explanation"].is_string()));
    assert!(
        !dir.path().join("compact.db").exists(),
        "checking a file must not create a database"
    );

    std::fs::write(
        &records,
        "{\n  \"organisations\": [\n    {\"id\": \"one\"}\n  ]\n}\n",
    )
    .unwrap();
    let bad = run(&["check", "--records", &path, "--compact", "wiltshire"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains(&format!("{path}:3:")),
        "{}",
        stderr(&bad)
    );

    // A malformed postcode is refused with its line and what was expected.
    std::fs::write(
        &records,
        "{\n  \"organisations\": [\n    {\"id\": 1, \"name\": \"A\", \"kind\": \"charity\", \"postcode\": \"SN15\"}\n  ]\n}\n",
    )
    .unwrap();
    let bad = run(&["check", "--records", &path, "--compact", "wiltshire"]);
    assert_eq!(bad.status.code(), Some(1));
    let message = stderr(&bad);
    assert!(message.contains(&format!("{path}:3:")), "{message}");
    assert!(
        message.contains("\"SN15\" is not a UK postcode"),
        "{message}"
    );
}

#[tokio::test]
async fn init_then_check_works_on_postgres() {
    let Some(db) = TestDatabase::postgres().await else {
        return;
    };
    let url = db.url.clone();
    let init = run(&["init", "--compact", "blackpool", "--database", &url]);
    assert!(init.status.success(), "{}", stderr(&init));
    let again = run(&["init", "--compact", "blackpool", "--database", &url]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
    let check = run(&["check", "--database", &url, "--as-of", "2026-11-23"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stdout(&check).contains("Blackpool"), "{}", stdout(&check));
    let backup = run(&["backup", "/tmp/never-written.db", "--database", &url]);
    assert_eq!(backup.status.code(), Some(1));
    assert!(stderr(&backup).contains("pg_dump"));
    db.finish().await;
}

#[test]
fn demo_serves_the_compacts_name_and_stops_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.db").display().to_string();
    let server = Server::start(&["demo", "--compact", "wiltshire", "--file", &file]);
    let (status, head, _) = server.get("/");
    assert_eq!(status, 303, "{head}");
    let (status, _, body) = server.get("/compacts/wiltshire");
    assert_eq!(status, 200);
    assert!(body.contains("The Wiltshire Compact"), "{body}");
    let (status, _, body) = server.get("/healthz");
    assert_eq!((status, body.trim()), (200, "ok"));
    assert_eq!(server.get("/compacts/atlantis").0, 404);
    assert!(
        server.terminate().success(),
        "SIGTERM should end the server cleanly"
    );

    // The demo left a working database behind: back it up and check it.
    let url = format!("sqlite://{file}");
    let copy = dir.path().join("copy.db").display().to_string();
    let backup = run(&["backup", &copy, "--database", &url]);
    assert!(backup.status.success(), "{}", stderr(&backup));
    let check = run(&[
        "check",
        "--database",
        &format!("sqlite://{copy}"),
        "--format",
        "json",
    ]);
    assert!(check.status.success(), "{}", stderr(&check));
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout(&check)).unwrap();
    for severity in ["breach", "advisory"] {
        assert!(
            findings.iter().any(|f| f["severity"] == severity),
            "the demo shows no {severity}"
        );
    }
}
