//! `compact user`, `compact token` and `compact audit`, run as a person
//! would run them, on SQLite and on PostgreSQL.

mod support;

use compact_store::testing::{rewrite_audit_chain_from, tamper_with_audit_entry};
use compact_store::{both_engines, password, secrets, Store};
use support::*;

const PASSWORD: &str = "a long enough password";

/// `compact ARGS --database URL` with COMPACT_PASSWORD set.
fn run_with_password(url: &str, password: &str, args: &[&str]) -> std::process::Output {
    compact()
        .args(args)
        .args(["--database", url])
        .env("COMPACT_PASSWORD", password)
        .output()
        .expect("run compact")
}

fn init(url: &str) {
    let init = run(&["init", "--compact", "wiltshire", "--database", url]);
    assert!(init.status.success(), "{}", stderr(&init));
}

both_engines!(
    user_add_creates_an_account_with_the_password_from_the_variable,
    |store: Store, url: String| async move {
        init(&url);
        let add = run_with_password(
            &url,
            PASSWORD,
            &[
                "user",
                "add",
                "--compact",
                "wiltshire",
                "--email",
                " Jo@Example.org",
                "--name",
                "Jo Bloggs",
                "--role",
                "secretariat",
            ],
        );
        assert!(add.status.success(), "{}", stderr(&add));
        assert!(
            stdout(&add).contains(
                "Added Jo Bloggs <jo@example.org> to The Wiltshire Compact as secretariat"
            ),
            "{}",
            stdout(&add)
        );
        let (account, hash) = store
            .account_by_email("jo@example.org")
            .await
            .unwrap()
            .unwrap();
        assert!(password::verify(PASSWORD, &hash));
        let grants = store.grants(account.id).await.unwrap();
        assert_eq!(grants.len(), 1);
        assert_eq!(grants[0].role.as_str(), "secretariat");

        // A second role for the same person keeps their password.
        let again = run_with_password(
            &url,
            "another long password",
            &[
                "user",
                "add",
                "--compact",
                "wiltshire",
                "--email",
                "jo@example.org",
                "--name",
                "Jo",
                "--role",
                "group",
            ],
        );
        assert!(again.status.success(), "{}", stderr(&again));
        assert!(
            stdout(&again).contains("already had an account"),
            "{}",
            stdout(&again)
        );
        let (_, unchanged) = store
            .account_by_email("jo@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(unchanged, hash);
        assert_eq!(store.grants(account.id).await.unwrap().len(), 2);

        let list = run(&["user", "list", "--compact", "wiltshire", "--database", &url]);
        assert!(list.status.success(), "{}", stderr(&list));
        let text = stdout(&list);
        assert!(
            text.contains("1 people") && text.contains("jo@example.org"),
            "{text}"
        );
        assert!(
            text.contains("secretariat") && text.contains("group"),
            "{text}"
        );
    }
);

both_engines!(
    user_add_refuses_weak_passwords_and_wrong_roles_with_one_line,
    |store: Store, url: String| async move {
        init(&url);
        let cases: [(&str, &[&str], &str); 5] = [
            ("short", &["--role", "group"], "at least 12 characters"),
            (PASSWORD, &["--role", "officer"], "--organisation"),
            (
                PASSWORD,
                &["--role", "group", "--organisation", "1"],
                "leave out --organisation",
            ),
            (
                PASSWORD,
                &["--role", "member", "--organisation", "No Such Charity"],
                "no organisation of The Wiltshire Compact",
            ),
            (
                PASSWORD,
                &["--role", "group", "--email", "not-an-address"],
                "is not an e-mail address",
            ),
        ];
        for (password, extra, expected) in cases {
            let mut args = vec!["user", "add", "--compact", "wiltshire", "--name", "Jo"];
            if !extra.contains(&"--email") {
                args.extend(["--email", "jo@example.org"]);
            }
            args.extend(extra);
            let output = run_with_password(&url, password, &args);
            assert_eq!(output.status.code(), Some(1), "{extra:?}");
            let err = stderr(&output);
            let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
            assert_eq!(lines.len(), 1, "{err}");
            assert!(lines[0].contains(expected), "{extra:?}: {err}");
        }
        assert!(store
            .account_by_email("jo@example.org")
            .await
            .unwrap()
            .is_none());
        let unknown_role = run_with_password(
            &url,
            PASSWORD,
            &[
                "user",
                "add",
                "--compact",
                "wiltshire",
                "--email",
                "jo@example.org",
                "--name",
                "Jo",
                "--role",
                "admin",
            ],
        );
        assert_eq!(unknown_role.status.code(), Some(2));
        let unknown_compact = run_with_password(
            &url,
            PASSWORD,
            &[
                "user",
                "add",
                "--compact",
                "atlantis",
                "--email",
                "jo@example.org",
                "--name",
                "Jo",
                "--role",
                "group",
            ],
        );
        assert_eq!(unknown_compact.status.code(), Some(1));
        assert!(stderr(&unknown_compact).contains("no Compact called \"atlantis\""));
    }
);

both_engines!(
    token_create_prints_a_token_once_that_acts_for_the_account,
    |store: Store, url: String| async move {
        init(&url);
        let add = run_with_password(
            &url,
            PASSWORD,
            &[
                "user",
                "add",
                "--compact",
                "wiltshire",
                "--email",
                "jo@example.org",
                "--name",
                "Jo",
                "--role",
                "group",
            ],
        );
        assert!(add.status.success(), "{}", stderr(&add));
        let created = run(&[
            "token",
            "create",
            "--email",
            "JO@example.org",
            "--name",
            "monthly report",
            "--database",
            &url,
        ]);
        assert!(created.status.success(), "{}", stderr(&created));
        let text = stdout(&created);
        assert!(text.contains("it is not shown again"), "{text}");
        let token = text
            .lines()
            .map(str::trim)
            .find(|l| l.len() == 64 && l.bytes().all(|b| b.is_ascii_hexdigit()))
            .unwrap_or_else(|| panic!("no token in {text}"));
        let (account, _) = store
            .account_for_token(&secrets::token_hash(token), chrono::Utc::now())
            .await
            .unwrap()
            .expect("the printed token works");
        assert_eq!(account.email, "jo@example.org");
        assert_eq!(
            store.api_tokens(account.id).await.unwrap()[0].name,
            "monthly report"
        );

        let nobody = run(&[
            "token",
            "create",
            "--email",
            "sam@example.org",
            "--name",
            "x",
            "--database",
            &url,
        ]);
        assert_eq!(nobody.status.code(), Some(1));
        assert!(stderr(&nobody).contains("no account with the e-mail address sam@example.org"));
    }
);

both_engines!(
    audit_verify_reports_an_intact_log_then_names_the_changed_entry,
    |store: Store, url: String| async move {
        init(&url);
        let add = run_with_password(
            &url,
            PASSWORD,
            &[
                "user",
                "add",
                "--compact",
                "wiltshire",
                "--email",
                "jo@example.org",
                "--name",
                "Jo",
                "--role",
                "group",
            ],
        );
        assert!(add.status.success(), "{}", stderr(&add));
        let intact = run(&["audit", "verify", "--database", &url]);
        assert_eq!(intact.status.code(), Some(0), "{}", stderr(&intact));
        // compact.create, kitemark.key_create, account.create, account.grant
        assert!(
            stdout(&intact).contains("audit log intact: 4 entries"),
            "{}",
            stdout(&intact)
        );
        let (entries, _) = store
            .audit_entries(&Default::default(), 1, 10)
            .await
            .unwrap();
        assert_eq!(
            entries.last().unwrap().actor.to_string(),
            "system:compact init"
        );

        tamper_with_audit_entry(&store, 2, "account.nothing").await;
        let broken = run(&["audit", "verify", "--database", &url]);
        assert_eq!(broken.status.code(), Some(1));
        let err = stderr(&broken);
        assert!(
            err.contains("error: the audit log is broken at entry 2: "),
            "{err}"
        );
        assert!(err.contains("changed"), "{err}");
    }
);

both_engines!(
    audit_verify_catches_a_rewritten_chain_by_its_signed_checkpoint,
    |store: Store, url: String| async move {
        let keys = tempfile::tempdir().unwrap();
        let keys = keys.path().display().to_string();
        let with_keys = |args: &[&str]| {
            let mut all = args.to_vec();
            all.extend(["--database", &url, "--kitemark-keys", &keys]);
            run(&all)
        };
        let init = with_keys(&["init", "--compact", "wiltshire"]);
        assert!(init.status.success(), "{}", stderr(&init));
        let signed = with_keys(&["audit", "checkpoint"]);
        assert!(signed.status.success(), "{}", stderr(&signed));
        assert!(stdout(&signed).contains("signed a checkpoint for entry 2"));
        let published = store.latest_audit_checkpoint().await.unwrap().unwrap();
        let saved = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(saved.path(), published.to_json()).unwrap();
        let saved = saved.path().display().to_string();

        let intact = with_keys(&["audit", "verify", "--checkpoint", &saved]);
        assert_eq!(intact.status.code(), Some(0), "{}", stderr(&intact));
        let text = stdout(&intact);
        assert!(text.contains("signature checked"), "{text}");
        assert!(
            text.contains("the log still holds the checkpoint"),
            "{text}"
        );

        // Someone with the database rewrites entry 1 and every hash after
        // it: the chain alone would pass.
        rewrite_audit_chain_from(&store, 1, "compact.nothing").await;
        let broken = with_keys(&["audit", "verify"]);
        assert_eq!(broken.status.code(), Some(1));
        let err = stderr(&broken);
        assert!(
            err.contains("does not match its signed checkpoints (entries 1 to 2)"),
            "{err}"
        );
        let refused = with_keys(&["audit", "checkpoint"]);
        assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    }
);

#[test]
fn the_demo_prints_its_sign_ins_and_they_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.db");
    let keys = dir.path().join("keys").display().to_string();
    let output = run(&[
        "demo",
        "--no-serve",
        "--file",
        &file.display().to_string(),
        "--kitemark-keys",
        &keys,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("with the password demo-password-2026"),
        "{text}"
    );
    for email in [
        "secretariat@example.org",
        "officer@example.org",
        "member@example.org",
        "group@example.org",
    ] {
        assert!(text.contains(email), "{text}");
    }
    let url = format!("sqlite://{}", file.display());
    let list = run(&["user", "list", "--compact", "wiltshire", "--database", &url]);
    let listed = stdout(&list);
    assert!(listed.contains("4 people"), "{listed}");
    for role in ["secretariat", "officer for ", "member for ", "group"] {
        assert!(listed.contains(role), "{listed}");
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let (_, hash) = store
            .account_by_email("officer@example.org")
            .await
            .unwrap()
            .unwrap();
        assert!(password::verify("demo-password-2026", &hash));
        // Each account has its own salt, so equal passwords do not show.
        let mut hashes = Vec::new();
        for email in ["secretariat", "officer", "member", "group"] {
            let (_, hash) = store
                .account_by_email(&format!("{email}@example.org"))
                .await
                .unwrap()
                .unwrap();
            hashes.push(hash);
        }
        hashes.sort();
        hashes.dedup();
        assert_eq!(hashes.len(), 4, "four different hashes");
        assert!(store.verify_audit().await.unwrap().is_intact());
        store.close().await;
    });
    let verify = run(&["audit", "verify", "--database", &url]);
    // The Compact, the records, four accounts with a role each, and the
    // demo member's request to sign up and the first kitemark key; then the
    // consultations run through the service: five drafted, four published,
    // two responses recorded and one feedback; then a cut recorded through
    // the service: an agreement, its change and three steps.
    assert!(
        stdout(&verify).contains("audit log intact: 29 entries"),
        "{}",
        stdout(&verify)
    );
}
