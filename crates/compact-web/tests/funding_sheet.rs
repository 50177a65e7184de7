//! The page importing a council's spreadsheet of funding: who may open
//! it, a check that saves nothing, an import, the same file again, the
//! problems table, and an officer limited to their own body.

mod support;

use axum::http::StatusCode;
use compact_store::{test_on_both_engines, AgreementFilter, Engine};
use support::web::{csrf_token, Browser, TestApp};

const PATH: &str = "/compacts/blackpool/records/import";

const AGREEMENTS: &str = "Reference,Title,Funder,Recipient,Kind,Amount,Starts on,Ends on\n\
    BC-1,Food parcels,Blackpool Council,Seaside Food Bank,grant,\"£12,500.00\",2025-04-01,31/03/2027\n\
    BC-2,Advice,Blackpool Council,Nobody we know,grant,5000,2025-04-01,2026-03-31\n";

async fn agreements(app: &TestApp) -> i64 {
    app.store
        .agreements_page(app.compact, AgreementFilter::default(), 10, 0)
        .await
        .unwrap()
        .1
}

async fn send(app: &TestApp, browser: &mut Browser, fields: &[(&str, &str)]) -> support::web::Page {
    let form = app.get(browser, PATH).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = csrf_token(&form.body);
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    app.upload(browser, PATH, &all, "agreements.csv", AGREEMENTS.as_bytes())
        .await
}

test_on_both_engines!(the_secretariat_checks_then_imports_a_spreadsheet_of_agreements);
async fn the_secretariat_checks_then_imports_a_spreadsheet_of_agreements(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut member = app.sign_in("member@example.org").await;
    assert_eq!(
        app.get(&mut member, PATH).await.status,
        StatusCode::FORBIDDEN
    );
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let list = app
        .get(&mut secretariat, "/compacts/blackpool/funding")
        .await;
    assert!(
        list.body.contains(PATH),
        "the funding list links to the page"
    );

    let checked = send(&app, &mut secretariat, &[("dry_run", "yes")]).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(checked
        .body
        .contains("The file was checked: nothing was saved"));
    assert!(
        checked.body.contains("<code>recipient</code>"),
        "{}",
        checked.body
    );
    assert!(checked.body.contains("Nobody we know"));
    assert_eq!(agreements(&app).await, 0, "a check saves nothing");

    let done = send(&app, &mut secretariat, &[("format", "agreements")]).await;
    assert!(done.body.contains("The import is done"), "{}", done.body);
    assert_eq!(agreements(&app).await, 1);
    let again = send(&app, &mut secretariat, &[]).await;
    assert!(again.body.contains("Records already up to date"));
    assert_eq!(
        agreements(&app).await,
        1,
        "the same file again adds nothing"
    );

    let unreadable = app
        .upload(
            &mut secretariat,
            PATH,
            &[("csrf_token", &csrf_token(&done.body))],
            "x.csv",
            b"colour,shape\nred,round\n",
        )
        .await;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unreadable.body.contains("The file cannot be read"));
}

test_on_both_engines!(an_officer_imports_on_the_page_only_for_their_own_body);
async fn an_officer_imports_on_the_page_only_for_their_own_body(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut officer = app.sign_in("officer@example.org").await;
    let done = send(&app, &mut officer, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("The import is done"), "{}", done.body);
    assert_eq!(agreements(&app).await, 1, "the officer's own council's row");
    let page = app.get(&mut officer, &format!("{PATH}?lang=cy")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Mewnforio cyllid o daenlen"),
        "{}",
        page.body
    );
}
