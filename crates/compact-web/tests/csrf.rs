//! Every form of the service refuses a post without the visitor's CSRF
//! token, whatever the form: the list comes from the router's own table of
//! pages, so a new form cannot be added without this test posting to it.

mod support;

use axum::http::StatusCode;
use compact_store::{test_on_both_engines, AuditFilter, Engine};
use support::web::{Browser, TestApp};

/// The address of `pattern` with its parts filled in.
fn address(pattern: &str, organisation: i64) -> String {
    pattern
        .replace("{slug}", "blackpool")
        .replace("{id}", &organisation.to_string())
        .replace("{payment}", "1")
        .replace("{change}", "1")
        .replace("{document}", "1")
        .replace("{token}", "a-reset-token")
}

async fn audit_entries(app: &TestApp) -> u64 {
    app.store
        .audit_entries(&AuditFilter::default(), 1, 1)
        .await
        .unwrap()
        .1
}

test_on_both_engines!(every_form_refuses_a_post_without_its_token_and_changes_nothing);
async fn every_form_refuses_a_post_without_its_token_and_changes_nothing(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut forms: Vec<&str> = compact_web::page_routes()
        .iter()
        .filter(|r| r.form.is_some())
        .map(|r| r.path)
        .collect();
    forms.extend(compact_web::button_routes().iter().map(|(path, _)| *path));
    assert!(
        forms.len() >= 10,
        "the register's forms are all listed: {forms:?}"
    );
    let before = audit_entries(&app).await;
    // Every field any form takes, so only the token is missing.
    let fields = [
        ("signed_on", "05/01/2026"),
        ("signed_by", "Sandra Bell"),
        ("signer_role", "Chair"),
        ("authority", "yes"),
        ("champion_name", "Dev Patel"),
        ("champion_role", "Coordinator"),
        ("champion_contact", "dev@example.org"),
        ("withdrawn_on", "01/02/2026"),
        ("reason", "Merged"),
        ("decision", "approve"),
        ("name", "A New Group"),
        ("kind", "community_group"),
        ("email", "secretariat@example.org"),
        ("password", support::web::PASSWORD),
        ("confirm", support::web::PASSWORD),
    ];
    for browser in [
        app.sign_in("secretariat@example.org").await,
        Browser::default(),
    ] {
        for pattern in &forms {
            let path = address(pattern, app.charity.0);
            for token in [None, Some("forged")] {
                let mut browser = Browser {
                    cookies: browser.cookies.clone(),
                };
                let mut form: Vec<(&str, &str)> = fields.to_vec();
                if let Some(token) = token {
                    form.push(("csrf_token", token));
                }
                let page = app.post(&mut browser, &path, &form).await;
                assert_eq!(
                    page.status,
                    StatusCode::FORBIDDEN,
                    "POST {path} with {token:?}"
                );
                assert!(
                    page.body.contains("This form has expired"),
                    "POST {path}: the expired-form page, not {}",
                    page.body
                );
            }
        }
    }
    assert_eq!(audit_entries(&app).await, before, "nothing changed");
    // The secretariat is still signed in: signing out needs the token too.
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let account = app.get(&mut secretariat, "/account").await;
    assert_eq!(account.status, StatusCode::OK);
}
