//! The pages, driven through the real router on SQLite and PostgreSQL:
//! signing in and out, CSRF, throttling, languages, and who may see what.

use axum::http::StatusCode;
use compact_store::{test_on_both_engines, Engine};

mod support;

use support::web::{csrf_token, Browser, TestApp, PASSWORD};
use support::{DISPUTE, PUBLIC};

test_on_both_engines!(signing_in_leads_to_the_account_page_and_signing_out_ends_the_session);
async fn signing_in_leads_to_the_account_page_and_signing_out_ends_the_session(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = app.sign_in("member@example.org").await;
    let account = app.get(&mut browser, "/account").await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.body.contains("Your account"));
    assert!(account.body.contains("member@example.org"));
    assert!(account.body.contains("Organisation member"));
    assert!(
        account.body.contains("Seaside Food Bank"),
        "the organisation by name"
    );

    let token = csrf_token(&account.body);
    let out = app
        .post(&mut browser, "/sign-out", &[("csrf_token", &token)])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = app.get(&mut browser, "/account").await;
    assert_eq!(after.location.as_deref(), Some("/sign-in"));
}

test_on_both_engines!(a_wrong_password_shows_an_error_summary_and_no_session);
async fn a_wrong_password_shows_an_error_summary_and_no_session(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    let form = app.get(&mut browser, "/sign-in").await;
    let token = csrf_token(&form.body);
    let page = app
        .post(
            &mut browser,
            "/sign-in",
            &[
                ("email", "member@example.org"),
                ("password", "not it at all"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(page
        .body
        .contains("The email address or password is not right"));
    assert!(page.body.contains("<title>Error:"));
    assert!(!browser.cookies.iter().any(|(n, _)| n == "compact_session"));
    // An unknown address gets the very same words.
    let unknown = app
        .post(
            &mut browser,
            "/sign-in",
            &[
                ("email", "nobody-at-all@example.org"),
                ("password", "not it at all"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert!(unknown
        .body
        .contains("The email address or password is not right"));
}

test_on_both_engines!(an_empty_form_names_each_missing_field);
async fn an_empty_form_names_each_missing_field(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    let form = app.get(&mut browser, "/sign-in").await;
    let token = csrf_token(&form.body);
    let page = app
        .post(&mut browser, "/sign-in", &[("csrf_token", &token)])
        .await;
    assert!(page
        .body
        .contains("href=\"#email\">Enter your email address"));
    assert!(page.body.contains("href=\"#password\">Enter your password"));
    assert!(page.body.contains("govuk-input--error"));
}

test_on_both_engines!(a_form_without_its_csrf_token_changes_nothing);
async fn a_form_without_its_csrf_token_changes_nothing(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    app.get(&mut browser, "/sign-in").await;
    let page = app
        .post(
            &mut browser,
            "/sign-in",
            &[
                ("email", "member@example.org"),
                ("password", PASSWORD),
                ("csrf_token", "forged"),
            ],
        )
        .await;
    assert_ne!(page.status, StatusCode::SEE_OTHER);
    assert!(!browser.cookies.iter().any(|(n, _)| n == "compact_session"));

    // Signed in, a sign-out without the session's token is refused.
    let mut signed_in = app.sign_in("member@example.org").await;
    let refused = app
        .post(&mut signed_in, "/sign-out", &[("csrf_token", "forged")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let still = app.get(&mut signed_in, "/account").await;
    assert_eq!(still.status, StatusCode::OK);
}

test_on_both_engines!(repeated_failures_lock_the_account_for_a_while);
async fn repeated_failures_lock_the_account_for_a_while(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    let form = app.get(&mut browser, "/sign-in").await;
    let token = csrf_token(&form.body);
    for _ in 0..5 {
        app.post(
            &mut browser,
            "/sign-in",
            &[
                ("email", "officer@example.org"),
                ("password", "wrong wrong wrong"),
                ("csrf_token", &token),
            ],
        )
        .await;
    }
    // Now even the right password is refused from here until the window
    // passes.
    let page = app
        .post(
            &mut browser,
            "/sign-in",
            &[
                ("email", "officer@example.org"),
                ("password", PASSWORD),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert!(
        page.body.contains("Too many wrong passwords"),
        "{}",
        page.body
    );
    assert!(!browser.cookies.iter().any(|(n, _)| n == "compact_session"));
    let lockouts = app
        .store
        .sign_in_lockouts(
            "officer@example.org",
            chrono::Utc::now() - chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    assert_eq!(lockouts.len(), 1, "the lock-out is recorded");
}

test_on_both_engines!(someone_elses_wrong_passwords_do_not_lock_the_owner_out);
async fn someone_elses_wrong_passwords_do_not_lock_the_owner_out(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut guesser = Browser::default();
    let form = app.get(&mut guesser, "/sign-in").await;
    let token = csrf_token(&form.body);
    for _ in 0..5 {
        app.post_from(
            &mut guesser,
            "/sign-in",
            &[
                ("email", " OFFICER@example.org "),
                ("password", "wrong wrong wrong"),
                ("csrf_token", &token),
            ],
            Some("198.51.100.7"),
        )
        .await;
    }
    let mut owner = Browser::default();
    let form = app.get(&mut owner, "/sign-in").await;
    let token = csrf_token(&form.body);
    let page = app
        .post_from(
            &mut owner,
            "/sign-in",
            &[
                ("email", "officer@example.org"),
                ("password", PASSWORD),
                ("csrf_token", &token),
            ],
            Some("203.0.113.5"),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let named = |n: &str| owner.cookies.iter().any(|(name, _)| name == n);
    assert!(named("compact_session") && named("compact_device"));
}

test_on_both_engines!(forgotten_password_floods_are_limited_by_address_and_client);
async fn forgotten_password_floods_are_limited_by_address_and_client(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    let form = app.get(&mut browser, "/forgot-password").await;
    let token = csrf_token(&form.body);
    // Thirty requests for one address from thirty clients: every answer
    // is the same, and only a few e-mails are queued.
    for n in 0..30 {
        let page = app
            .post_from(
                &mut browser,
                "/forgot-password",
                &[("email", "member@example.org"), ("csrf_token", &token)],
                Some(&format!("198.51.100.{n}")),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Check your email"), "request {n}");
    }
    let outbox = app
        .store
        .due_emails(chrono::Utc::now() + chrono::Duration::hours(1), 100)
        .await
        .unwrap();
    assert_eq!(outbox.len(), 3, "links sent to one address in an hour");
    // One client asking for many addresses is told to wait, in its
    // language.
    let mut last = None;
    for n in 0..11 {
        let email = format!("person{n}@example.org");
        last = Some(
            app.post_from(
                &mut browser,
                "/forgot-password?lang=cy",
                &[("email", &email), ("csrf_token", &token)],
                Some("203.0.113.9"),
            )
            .await,
        );
    }
    let page = last.unwrap();
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("Gormod o geisiadau"), "{}", page.body);
}

test_on_both_engines!(pages_are_in_welsh_when_asked_and_the_choice_sticks);
async fn pages_are_in_welsh_when_asked_and_the_choice_sticks(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    let page = app.get(&mut browser, "/compacts/blackpool?lang=cy").await;
    assert!(page.body.contains("<html lang=\"cy\""));
    assert!(page.body.contains("Mewngofnodi"));
    let next = app.get(&mut browser, "/sign-in").await;
    assert!(next.body.contains("<html lang=\"cy\""));
    assert!(next.body.contains("Cyfeiriad e-bost"));
    let back = app.get(&mut browser, "/sign-in?lang=en").await;
    assert!(back.body.contains("<html lang=\"en\""));
}

test_on_both_engines!(the_compact_home_explains_its_standards_in_plain_words);
async fn the_compact_home_explains_its_standards_in_plain_words(engine: Engine) {
    let app = TestApp::start(engine).await;
    let page = app
        .get(&mut Browser::default(), "/compacts/blackpool")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Compact for Blackpool"));
    assert!(page
        .body
        .contains("What the Compact promises, in plain words"));
    assert!(page.body.contains("If things go wrong"));
    assert!(page.body.contains("How to sign up"));
}

test_on_both_engines!(unknown_pages_are_a_friendly_404);
async fn unknown_pages_are_a_friendly_404(engine: Engine) {
    let app = TestApp::start(engine).await;
    for path in [
        "/no-such-page",
        "/compacts/nowhere",
        "/compacts/nowhere/findings",
    ] {
        let page = app.get(&mut Browser::default(), path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.body.contains("Page not found"), "{path}");
    }
}

test_on_both_engines!(confidential_findings_are_shown_only_to_those_entitled);
/// Who sees the confidential dispute finding: the secretariat, the Compact
/// Group and the two parties, never the public or a bystander.
async fn confidential_findings_are_shown_only_to_those_entitled(engine: Engine) {
    let app = TestApp::start(engine).await;
    let public = app
        .get(&mut Browser::default(), "/compacts/blackpool/findings")
        .await;
    assert!(public.body.contains(PUBLIC));
    assert!(!public.body.contains(DISPUTE));
    assert!(public
        .body
        .contains("confidential and is counted but not shown"));

    let table = [
        ("secretariat@example.org", true),
        ("group@example.org", true),
        ("officer@example.org", true),
        ("member@example.org", true),
        ("bystander@example.org", false),
        ("nobody@example.org", false),
    ];
    for (email, sees) in table {
        let mut browser = app.sign_in(email).await;
        let page = app.get(&mut browser, "/compacts/blackpool/findings").await;
        assert!(page.body.contains(PUBLIC), "{email}");
        assert_eq!(
            page.body.contains(DISPUTE),
            sees,
            "{email} sees the dispute"
        );
    }
}

test_on_both_engines!(only_the_secretariat_reads_the_audit_log);
/// Only the secretariat may browse the audit log; everyone else is refused,
/// and the public is sent to sign in.
async fn only_the_secretariat_reads_the_audit_log(engine: Engine) {
    let app = TestApp::start(engine).await;
    let public = app
        .get(&mut Browser::default(), "/compacts/blackpool/audit")
        .await;
    assert_eq!(public.location.as_deref(), Some("/sign-in"));
    for email in [
        "group@example.org",
        "officer@example.org",
        "member@example.org",
        "nobody@example.org",
    ] {
        let mut browser = app.sign_in(email).await;
        let page = app.get(&mut browser, "/compacts/blackpool/audit").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{email}");
    }
    let mut browser = app.sign_in("secretariat@example.org").await;
    let page = app.get(&mut browser, "/compacts/blackpool/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("entries in the log are intact"));
    assert!(page.body.contains("records.import"));
}

test_on_both_engines!(a_secretariat_sees_only_its_own_compacts_chain_status);
/// A change to an entry that is not the Compact's (an account's) does not
/// show on its secretariat's page; a change to one of its own entries
/// does, naming the entries. The newest signed checkpoint is published.
async fn a_secretariat_sees_only_its_own_compacts_chain_status(engine: Engine) {
    let app = TestApp::start(engine).await;
    let dir = tempfile::tempdir().unwrap();
    let keys = compact_store::AuditKeys::open_or_create(dir.path()).unwrap();
    app.store
        .checkpoint_audit(&keys, chrono::Utc::now())
        .await
        .unwrap();
    let mut public = Browser::default();
    let published = app.get(&mut public, "/audit/checkpoint.json").await;
    assert_eq!(published.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&published.body).unwrap();
    let checkpoint =
        compact_core::audit_checkpoint::Checkpoint::from_json(&json["checkpoint"].to_string())
            .unwrap();
    assert_eq!(checkpoint.verify(&keys.public_key()), Ok(()));

    let (entries, _) = app
        .store
        .audit_entries(&Default::default(), 1, 500)
        .await
        .unwrap();
    let not_ours = entries.iter().find(|e| e.compact.is_none()).unwrap().seq;
    let ours = entries
        .iter()
        .find(|e| e.compact == Some(app.compact))
        .unwrap()
        .seq;
    let mut browser = app.sign_in("secretariat@example.org").await;
    let page = app.get(&mut browser, "/compacts/blackpool/audit").await;
    assert!(page.body.contains("entries in the log are intact"));
    assert!(page
        .body
        .contains(&format!("up to entry {}", checkpoint.seq)));

    compact_store::testing::tamper_with_audit_entry(&app.store, not_ours, "account.nothing").await;
    // A new entry, so the kept check is done again.
    app.store
        .create_account(
            "later@example.org",
            "Later",
            "h",
            &compact_store::Actor::system("test"),
        )
        .await
        .unwrap();
    let page = app.get(&mut browser, "/compacts/blackpool/audit").await;
    assert!(
        page.body.contains("entries in the log are intact"),
        "another's fault is not shown: {}",
        page.body
    );

    compact_store::testing::tamper_with_audit_entry(&app.store, ours, "compact.nothing").await;
    // A new entry, so the kept check is done again.
    app.store
        .create_account(
            "late@example.org",
            "Late",
            "h",
            &compact_store::Actor::system("test"),
        )
        .await
        .unwrap();
    let page = app.get(&mut browser, "/compacts/blackpool/audit").await;
    assert!(
        page.body
            .contains(&format!("Entries {ours} to {ours} of the log")),
        "{}",
        page.body
    );
}

/// Every page route is in the list of pages the browser tests visit, so a
/// new page cannot escape the accessibility checks.
#[test]
fn every_page_is_visited_by_the_browser_tests() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/browser/pages.json"
    );
    let text = std::fs::read_to_string(path).expect("tests/browser/pages.json exists");
    let visited: Vec<serde_json::Value> = serde_json::from_str(&text).expect("pages.json is JSON");
    let routes: Vec<&str> = visited.iter().filter_map(|p| p["route"].as_str()).collect();
    for route in compact_web::page_routes().iter().map(|r| r.path) {
        assert!(
            routes.contains(&route),
            "the page {route} is not visited by the browser tests: add it to tests/browser/pages.json"
        );
    }
}

test_on_both_engines!(a_forgotten_password_is_reset_by_the_emailed_link);
/// The whole reset journey: ask for a link, find it in the outbox, choose a
/// new password, sign in with it; the link then no longer works.
async fn a_forgotten_password_is_reset_by_the_emailed_link(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    let form = app.get(&mut browser, "/forgot-password").await;
    let token = csrf_token(&form.body);
    let sent = app
        .post(
            &mut browser,
            "/forgot-password",
            &[("email", "member@example.org"), ("csrf_token", &token)],
        )
        .await;
    assert!(sent.body.contains("Check your email"));
    // An unknown address reads the same, and queues nothing.
    let unknown = app
        .post(
            &mut browser,
            "/forgot-password",
            &[("email", "stranger@example.org"), ("csrf_token", &token)],
        )
        .await;
    assert!(unknown.body.contains("Check your email"));

    let outbox = app.store.due_emails(chrono::Utc::now(), 10).await.unwrap();
    assert_eq!(outbox.len(), 1, "one message, for the real account");
    let email = &outbox[0];
    assert_eq!(email.recipient, "member@example.org");
    let link = email
        .body
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:8080/reset-password/"))
        .expect("the message carries the link");
    let path = link.trim_start_matches("http://127.0.0.1:8080");

    let page = app.get(&mut browser, path).await;
    let token = csrf_token(&page.body);
    let mismatch = app
        .post(
            &mut browser,
            path,
            &[
                ("password", "correct horse battery"),
                ("confirm", "correct horse batterz"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert!(mismatch.body.contains("href=\"#confirm\""));
    // One of the commonest passwords is refused, however long, with a
    // reason that helps choose another.
    let common = app
        .post(
            &mut browser,
            path,
            &[
                ("password", "password1234"),
                ("confirm", "password1234"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        common.body.contains("one of the most common"),
        "{}",
        common.body
    );
    let done = app
        .post(
            &mut browser,
            path,
            &[
                ("password", "correct horse battery"),
                ("confirm", "correct horse battery"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/sign-in?reset=1"));

    // The new password works, the old one does not, and the link is spent.
    let mut fresh = Browser::default();
    let form = app.get(&mut fresh, "/sign-in").await;
    let csrf = csrf_token(&form.body);
    let old = app
        .post(
            &mut fresh,
            "/sign-in",
            &[
                ("email", "member@example.org"),
                ("password", PASSWORD),
                ("csrf_token", &csrf),
            ],
        )
        .await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
    let new = app
        .post(
            &mut fresh,
            "/sign-in",
            &[
                ("email", "member@example.org"),
                ("password", "correct horse battery"),
                ("csrf_token", &csrf),
            ],
        )
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);
    let again = app
        .post(
            &mut browser,
            path,
            &[
                ("password", "another long password"),
                ("confirm", "another long password"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert!(again
        .body
        .contains("This link has expired or has been used"));
}

test_on_both_engines!(the_account_page_lists_tasks_for_the_role);
/// The account page lists what needs attention, by role: the findings for
/// everyone with a role, the audit log for the secretariat only.
async fn the_account_page_lists_tasks_for_the_role(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let page = app.get(&mut secretariat, "/account").await;
    assert!(page.body.contains("govuk-task-list"));
    assert!(page.body.contains("Look at the findings"));
    assert!(page.body.contains("Check the audit log"));
    assert!(page.body.contains("Intact"));

    let mut member = app.sign_in("member@example.org").await;
    let page = app.get(&mut member, "/account").await;
    assert!(page.body.contains("Look at the findings"));
    assert!(!page.body.contains("Check the audit log"));

    let mut nobody = app.sign_in("nobody@example.org").await;
    let page = app.get(&mut nobody, "/account").await;
    assert!(!page.body.contains("govuk-task-list"));
    assert!(page.body.contains("Your account has no roles yet"));
}

test_on_both_engines!(findings_are_named_and_dated_in_welsh);
/// On a Welsh page a finding is named and dated in Welsh; the engine's
/// English explanation is there too, marked as English.
async fn findings_are_named_and_dated_in_welsh(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = app.sign_in("secretariat@example.org").await;
    let page = app
        .get(&mut browser, "/compacts/blackpool/findings?lang=cy")
        .await;
    assert!(
        page.body.contains("Adolygiad blynyddol yn hwyr"),
        "the rule's name"
    );
    assert!(
        page.body
            .contains("Terfyn amser cam anghydfod wedi'i fethu")
            || page
                .body
                .contains("Terfyn amser cam anghydfod wedi&#39;i fethu")
    );
    assert!(page.body.contains("Dechreuodd y cam"), "a date's label");
    assert!(page.body.contains("3 Mawrth 2025"), "a date in Welsh");
    assert!(page.body.contains("Yr esboniad yn Saesneg"));
    assert!(page
        .body
        .contains("class=\"govuk-details__text\" lang=\"en\""));
}
