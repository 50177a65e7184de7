//! Durability and failure tests: committed writes (records, and uploaded
//! documents with their bytes) survive SIGKILL, backups
//! are consistent while writes go on, and bad addresses fail clearly.

use compact_core::consultation::{sha256_hex, Details, UploadInput};
use compact_core::definition::OrganisationKind;
use compact_core::model::{Organisation, Records};
use compact_core::{ConsultationId, DocumentId, OrganisationId};
use compact_store::testing::actor;
use compact_store::Store;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const CHILD_DB_VAR: &str = "COMPACT_CRASH_TEST_DB";
/// The organisation that leads the uploading child's consultations.
const LEAD_VAR: &str = "COMPACT_CRASH_TEST_LEAD";

fn organisation(name: String) -> Records {
    Records {
        organisations: vec![Organisation {
            id: OrganisationId(1),
            name,
            kind: OrganisationKind::CommunityGroup,
            charity_number: None,
            company_number: None,
            postcode: None,
            address: None,
            website: None,
            email: None,
            areas_of_work: Vec::new(),
            active: true,
        }],
        ..Records::default()
    }
}

/// Run by `committed_writes_survive_sigkill` in a child process: writes one
/// organisation per transaction for ever, and acknowledges each after its
/// commit returns. Does nothing when run on its own.
#[tokio::test]
#[ignore = "run as a child process by committed_writes_survive_sigkill"]
async fn crash_test_child_writer() {
    let Ok(url) = std::env::var(CHILD_DB_VAR) else {
        return;
    };
    let store = Store::open(&url).await.expect("child opens the database");
    let compact = store
        .compact("crash")
        .await
        .expect("the parent created the Compact")
        .id;
    let stdout = std::io::stdout();
    for n in 0u64.. {
        let name = format!("Group {n}");
        store
            .save_records(compact, &organisation(name.clone()), &actor())
            .await
            .expect("write");
        let mut out = stdout.lock();
        writeln!(out, "ACK {name}").expect("acknowledge");
        out.flush().expect("flush");
    }
}

#[tokio::test]
async fn committed_writes_survive_sigkill() {
    let (_dir, url, store, compact) = crash_database().await;
    store.close().await;

    let acknowledged = acknowledged_before_sigkill("crash_test_child_writer", &url, 400, &[]);

    let store = Store::open(&url).await.unwrap();
    assert_eq!(
        store.integrity_problems().await.unwrap(),
        Vec::<String>::new()
    );
    let stored: std::collections::HashSet<String> = store
        .load_records(compact)
        .await
        .unwrap()
        .organisations
        .into_iter()
        .map(|o| o.name)
        .collect();
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|n| !stored.contains(*n))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert!(stored.len() >= acknowledged.len());
}

/// A new SQLite database in a directory of its own, with the "crash"
/// Compact the children write to.
async fn crash_database() -> (tempfile::TempDir, String, Store, compact_core::CompactId) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("crash.db").display());
    let store = Store::open(&url).await.unwrap();
    let compact = store
        .create_compact("crash", "Crash test", "", &actor())
        .await
        .unwrap();
    (dir, url, store, compact)
}

/// Run the child test `child` on the database at `url` until it has
/// acknowledged `count` commits, SIGKILL it mid-stream, and return what it
/// acknowledged (each line after `ACK `).
fn acknowledged_before_sigkill(
    child: &str,
    url: &str,
    count: usize,
    env: &[(&str, String)],
) -> Vec<String> {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            child,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB_VAR, url)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut acknowledged = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while acknowledged.len() < count {
        let line = lines.next().expect("the child keeps writing").unwrap();
        if let Some(ack) = line.strip_prefix("ACK ") {
            acknowledged.push(ack.to_string());
        }
    }
    // SIGKILL in the middle of the stream: no chance to flush or close.
    child.kill().unwrap();
    // Acknowledgements already in the pipe were for commits that returned.
    for line in lines.map_while(Result::ok) {
        if let Some(ack) = line.strip_prefix("ACK ") {
            acknowledged.push(ack.to_string());
        }
    }
    child.wait().unwrap();
    acknowledged
}

/// A PDF of about 64 KiB, different for each `n`.
fn pdf(n: u64) -> Vec<u8> {
    let mut bytes = format!("%PDF-1.7\n% document {n}\n").into_bytes();
    bytes.extend((0..64 * 1024u64).map(|i| ((i * 31 + n) % 251) as u8));
    bytes
}

/// Run by `committed_uploads_survive_sigkill` in a child process: drafts a
/// consultation and uploads a document to it, for ever, and acknowledges
/// each upload (its consultation, number and hash) after its commit
/// returns. Does nothing when run on its own.
#[tokio::test]
#[ignore = "run as a child process by committed_uploads_survive_sigkill"]
async fn crash_test_child_uploader() {
    let Ok(url) = std::env::var(CHILD_DB_VAR) else {
        return;
    };
    let store = Store::open(&url).await.expect("child opens the database");
    let compact = store.compact("crash").await.expect("the Compact").id;
    let lead: i64 = std::env::var(LEAD_VAR)
        .expect("the lead")
        .parse()
        .expect("a number");
    let today = compact_core::calendar::today_in_london();
    let details = Details {
        title: "Crash".into(),
        opened_on: today,
        closes_on: today,
        ..Details::default()
    };
    let stdout = std::io::stdout();
    for n in 0u64.. {
        let id = store
            .create_consultation(compact, OrganisationId(lead), &details, &actor())
            .await
            .expect("draft");
        let bytes = pdf(n);
        let upload = UploadInput {
            title: "Paper",
            file_name: "paper.pdf",
            bytes: &bytes,
        }
        .check(0)
        .expect("a PDF");
        let document = store
            .add_consultation_document(compact, id, &upload, &bytes, None, &actor())
            .await
            .expect("upload");
        let mut out = stdout.lock();
        writeln!(out, "ACK {id} {document} {}", upload.sha256).expect("acknowledge");
        out.flush().expect("flush");
    }
}

#[tokio::test]
async fn committed_uploads_survive_sigkill() {
    let (_dir, url, store, compact) = crash_database().await;
    let mut council = organisation("The Council".into());
    council.organisations[0].kind = OrganisationKind::LocalAuthority;
    let saved = store
        .save_records(compact, &council, &actor())
        .await
        .unwrap();
    let lead = saved.organisations[&OrganisationId(1)];
    store.close().await;

    let acknowledged = acknowledged_before_sigkill(
        "crash_test_child_uploader",
        &url,
        60,
        &[(LEAD_VAR, lead.0.to_string())],
    );

    let store = Store::open(&url).await.unwrap();
    assert_eq!(
        store.integrity_problems().await.unwrap(),
        Vec::<String>::new()
    );
    for ack in &acknowledged {
        let parts: Vec<&str> = ack.split(' ').collect();
        let (id, document, sha) = (parts[0], parts[1], parts[2]);
        let (stored, bytes) = store
            .consultation_document(
                ConsultationId(id.parse().unwrap()),
                DocumentId(document.parse().unwrap()),
            )
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("acknowledged but lost: {ack}"));
        assert_eq!(stored.sha256, sha);
        assert_eq!(sha256_hex(&bytes), sha, "the bytes of {ack}");
    }
}

#[tokio::test]
async fn a_backup_taken_during_writes_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    let store = Store::open(&url).await.unwrap();
    let compact = store
        .create_compact("live", "Live", "", &actor())
        .await
        .unwrap();
    store
        .save_records(compact, &organisation("Before the backup".into()), &actor())
        .await
        .unwrap();

    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for n in 0..200 {
                store
                    .save_records(compact, &organisation(format!("During {n}")), &actor())
                    .await
                    .unwrap();
            }
        })
    };
    let target = dir.path().join("backup.db");
    store.backup(&target).await.unwrap();
    writer.await.unwrap();

    let copy = Store::open(&format!("sqlite://{}", target.display()))
        .await
        .unwrap();
    assert!(copy.integrity_problems().await.unwrap().is_empty());
    let names: Vec<String> = copy
        .load_records(copy.compact("live").await.unwrap().id)
        .await
        .unwrap()
        .organisations
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert!(names.contains(&"Before the backup".to_string()));

    // A backup never overwrites an earlier one.
    let err = store.backup(&target).await.unwrap_err().to_string();
    assert!(err.contains("already exists"), "{err}");
}

#[tokio::test]
async fn bad_addresses_fail_with_one_specific_line() {
    let cases = [
        ("mysql://root@localhost/compact", "use sqlite://PATH"),
        ("sqlite://", "no file path"),
        (
            "sqlite:///no/such/folder/compact.db",
            "the folder /no/such/folder does not exist",
        ),
        ("sqlite:///tmp", "that is a folder"),
        // Nothing listens on port 1.
        (
            "postgres://postgres@127.0.0.1:1/compact",
            "cannot reach the PostgreSQL server at 127.0.0.1:1/compact",
        ),
        (
            "postgres://postgres@127.0.0.1:notaport/compact",
            "malformed",
        ),
    ];
    for (url, expected) in cases {
        let err = Store::open(url).await.unwrap_err().to_string();
        assert!(err.contains(expected), "{url}: {err}");
        assert!(!err.contains('\n'), "{url}: more than one line: {err}");
    }
}

#[tokio::test]
async fn a_read_only_location_is_named_as_such() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Permissions do not bind the superuser; sysfs refuses new files to anyone.
    let path = if std::fs::write(locked.join("probe"), b"").is_ok() {
        std::path::PathBuf::from("/sys/compact.db")
    } else {
        locked.join("compact.db")
    };
    let err = Store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "cannot open the SQLite database {}",
            path.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("read-only") || err.contains("cannot be created"),
        "{err}"
    );
    assert!(!err.contains('\n'));
}
