//! `compact kitemark ...` and the key directory, run as a person would.

mod support;

use compact_core::kitemark::PublicKeyList;
use compact_core::{Date, OrganisationId};
use compact_store::KeyRing;
use std::path::Path;
use support::*;

fn link_signed_in(dir: &Path, name: &str) -> String {
    let ring = KeyRing::open(dir).unwrap();
    let signed = ring
        .issue(
            "wiltshire",
            OrganisationId(12),
            name,
            Date::from_ymd_opt(2024, 5, 1).unwrap(),
        )
        .unwrap();
    format!(
        "https://compact.example.org/kitemark/verify?{}",
        signed.query_string()
    )
}

/// The command with the key directory left to its default.
fn with_default_keys(args: &[&str]) -> std::process::Output {
    compact()
        .env_remove("COMPACT_KITEMARK_KEYS")
        .args(args)
        .output()
        .unwrap()
}

fn keys_in(output: &std::process::Output) -> PublicKeyList {
    PublicKeyList::from_json(&stdout(output)).unwrap()
}

#[test]
fn init_makes_the_keys_beside_the_database_and_says_where() {
    let temp = tempfile::tempdir().unwrap();
    let db = temp.path().join("compact.db");
    let url = format!("sqlite://{}", db.display());
    let output = with_default_keys(&["init", "--compact", "wiltshire", "--database", &url]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dir = temp.path().join("compact.db.kitemark");
    let text = stdout(&output);
    assert!(text.contains(&dir.display().to_string()), "{text}");
    assert!(text.contains("separately from the database"), "{text}");
    assert!(dir.join("keys.json").exists());

    let keys = with_default_keys(&["kitemark", "keys", "--database", &url]);
    assert!(keys.status.success(), "{}", stderr(&keys));
    assert_eq!(keys_in(&keys).keys.len(), 1);
}

#[test]
fn a_genuine_link_verifies_offline_and_a_tampered_one_exits_with_one() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("keys");
    KeyRing::open_or_create(&dir).unwrap();
    let dir_text = dir.display().to_string();
    let link = link_signed_in(&dir, "Seaside Food Bank");

    let output = run(&["kitemark", "verify", &link, "--kitemark-keys", &dir_text]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "Genuine",
        "Seaside Food Bank (number 12)",
        "wiltshire",
        "1 May 2024",
        "can only be seen online",
        &link,
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }

    // Only the query string, with a copy of the published keys.
    let copy = temp.path().join("downloaded-keys.json");
    std::fs::copy(dir.join("keys.json"), &copy).unwrap();
    let query = link.split_once('?').unwrap().1;
    let output = compact()
        .args(["kitemark", "verify", query, "--keys"])
        .arg(&copy)
        .env("COMPACT_KITEMARK_KEYS", temp.path().join("nowhere"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let tampered = link.replace("signed=2024-05-01", "signed=2020-05-01");
    let output = run(&[
        "kitemark",
        "verify",
        &tampered,
        "--kitemark-keys",
        &dir_text,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("NOT GENUINE"),
        "{}",
        stdout(&output)
    );
    let err = stderr(&output);
    assert!(err.contains("error: the badge is not genuine"), "{err}");
    assert!(err.contains("signature does not match"), "{err}");

    let output = run(&[
        "kitemark",
        "verify",
        "not a link",
        "--kitemark-keys",
        &dir_text,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("malformed"), "{}", stderr(&output));
}

#[test]
fn rotation_keeps_old_links_genuine_and_lists_both_keys() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("keys");
    KeyRing::open_or_create(&dir).unwrap();
    let dir_text = dir.display().to_string();
    let before = link_signed_in(&dir, "Seaside Food Bank");

    let database = format!("sqlite://{}", temp.path().join("compact.db").display());
    let output = compact()
        .args(["kitemark", "rotate", "--database", &database])
        .env("COMPACT_KITEMARK_KEYS", &dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Restart `compact serve`"));
    let audit = run(&["audit", "verify", "--database", &database]);
    assert!(
        stdout(&audit).contains("audit log intact: 1 entries"),
        "the rotation is in the audit log: {}",
        stdout(&audit)
    );

    let keys = keys_in(&run(&["kitemark", "keys", "--kitemark-keys", &dir_text]));
    assert_eq!(keys.keys.len(), 2);
    assert!(keys.keys[0].retired.is_some());
    assert!(keys.keys[1].retired.is_none());

    let after = link_signed_in(&dir, "Seaside Food Bank");
    assert_ne!(before, after);
    for link in [&before, &after] {
        let output = run(&["kitemark", "verify", link, "--kitemark-keys", &dir_text]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }

    // A link from another installation's key is not ours.
    let other = temp.path().join("other");
    KeyRing::open_or_create(&other).unwrap();
    let foreign = link_signed_in(&other, "Seaside Food Bank");
    let output = run(&["kitemark", "verify", &foreign, "--kitemark-keys", &dir_text]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("never published"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn without_keys_the_commands_say_how_to_get_them() {
    let temp = tempfile::tempdir().unwrap();
    let nowhere = temp.path().join("nowhere").display().to_string();
    let output = run(&["kitemark", "rotate", "--kitemark-keys", &nowhere]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("compact init"),
        "{}",
        stderr(&output)
    );
    let output = run(&["kitemark", "verify", "x", "--kitemark-keys", &nowhere]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--keys"), "{}", stderr(&output));
}

#[test]
fn the_server_publishes_its_keys_and_the_demo_makes_them() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("demo.db");
    let file_text = file.display().to_string();
    let output = with_default_keys(&["demo", "--no-serve", "--file", &file_text]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dir = temp.path().join("demo.db.kitemark");
    assert!(dir.join("keys.json").exists(), "{}", stdout(&output));

    let url = format!("sqlite://{file_text}");
    let dir_text = dir.display().to_string();
    let server = Server::start(&["serve", "--database", &url, "--kitemark-keys", &dir_text]);
    let (status, _, body) = server.get("/kitemark/keys.json");
    assert_eq!(status, 200, "{body}");
    let published = PublicKeyList::from_json(&body).unwrap();
    let on_disk = KeyRing::open(&dir).unwrap();
    assert_eq!(&published, on_disk.public_keys());
    assert!(server.terminate().success());
}
