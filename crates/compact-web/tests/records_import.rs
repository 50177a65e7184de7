//! The page importing a council's spreadsheet of consultations or funding:
//! who may open it, a check that saves nothing, an import, the same file
//! again, the problems table, and an officer limited to their own body;
//! and the same import of consultations through the API.

mod support;

use axum::http::{Method, StatusCode};
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
    send_file(app, browser, fields, AGREEMENTS).await
}

async fn send_file(
    app: &TestApp,
    browser: &mut Browser,
    fields: &[(&str, &str)],
    file: &str,
) -> support::web::Page {
    let form = app.get(browser, PATH).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = csrf_token(&form.body);
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    app.upload(browser, PATH, &all, "records.csv", file.as_bytes())
        .await
}

/// Blackpool Council's consultations: one run and fed back on, and one
/// that names a charity as its lead.
const CONSULTATIONS: &str = "reference,lead,title,summary,proposal,sectors,characteristics,\
    opened_on,closes_on,how_to_respond,contact_name,contact_email,feedback_heard,\
    feedback_changed,decision,decided_on,feedback_published_on\n\
    BC-C1,Blackpool Council,Seafront toilets,Which seafront toilets stay open.,Close two of six.,\
    public; vcse,,2025-01-06,2025-03-31,Write to us.,Sam Shore,sam@blackpool.example,\
    Keep the accessible ones.,The accessible ones stay.,Two others close.,2025-04-14,2025-04-22\n\
    BC-C2,Seaside Food Bank,Food bank hours,Hours.,Longer hours.,,,2025-01-06,2025-03-31,\
    Write to us.,Sam Shore,sam@blackpool.example,,,,,\n";

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
        page.body
            .contains("Mewnforio ymgynghoriadau neu gyllid o daenlen"),
        "{}",
        page.body
    );
}

test_on_both_engines!(consultations_are_imported_on_the_page_and_through_the_api);
async fn consultations_are_imported_on_the_page_and_through_the_api(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut officer = app.sign_in("officer@example.org").await;
    let list = app
        .get(&mut officer, "/compacts/blackpool/consultations")
        .await;
    assert!(
        list.body.contains(PATH)
            && list
                .body
                .contains("Import consultations from a spreadsheet"),
        "the consultations list links to the page"
    );
    let mut public = Browser::default();
    let seen = app
        .get(&mut public, "/compacts/blackpool/consultations")
        .await;
    assert!(!seen.body.contains(PATH), "not for the public");

    let done = send_file(
        &app,
        &mut officer,
        &[("format", "consultations")],
        CONSULTATIONS,
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("The import is done"), "{}", done.body);
    assert!(done.body.contains("<code>lead</code>"), "{}", done.body);
    assert!(done.body.contains("not a public body"), "{}", done.body);
    let list = app
        .get(&mut public, "/compacts/blackpool/consultations")
        .await;
    assert!(
        list.body.contains("Seafront toilets"),
        "published for all: {}",
        list.body
    );

    let token = app.api_token("secretariat").await;
    let path = "/api/v1/compacts/blackpool/records/import?kind=consultations";
    let csv = |text: &str| Some(("text/csv".to_string(), text.as_bytes().to_vec()));
    let (status, again) = app
        .call_api(Method::POST, path, Some(&token), csv(CONSULTATIONS))
        .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (again["created"].clone(), again["unchanged"].clone()),
        (0.into(), 1.into()),
        "{again}"
    );
    let renamed = CONSULTATIONS.replace("Seafront toilets", "Seafront facilities");
    let (_, refused) = app
        .call_api(Method::POST, path, Some(&token), csv(&renamed))
        .await;
    assert_eq!(refused["updated"], 0, "{refused}");
    assert_eq!(refused["problems"][0]["column"], "title", "{refused}");
}

/// The page lists each layout's columns and links to an example of each,
/// which anyone may download and which reads back as its own kind.
#[tokio::test]
async fn the_page_shows_each_layout_with_an_example_to_download() {
    use compact_core::spreadsheets::{read_sheet, SheetKind};
    let app = TestApp::start(Engine::Sqlite).await;
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let form = app.get(&mut secretariat, PATH).await;
    let mut public = Browser::default();
    for kind in SheetKind::ALL {
        for column in kind
            .columns_required(true)
            .into_iter()
            .chain(kind.columns_required(false))
        {
            let listed = format!("<li><code>{column}</code></li>");
            assert!(form.body.contains(&listed), "{kind}: {column}");
        }
        let href = format!("/spreadsheet-examples/{kind}.csv");
        assert!(form.body.contains(&format!("href=\"{href}\"")), "{kind}");
        let example = app.get(&mut public, &href).await;
        assert_eq!(example.status, StatusCode::OK, "{href}");
        assert_eq!(
            example.content_type.as_deref(),
            Some("text/csv; charset=utf-8")
        );
        let sheet = read_sheet(example.body.as_bytes(), None).unwrap();
        assert_eq!(sheet.kind, kind, "{href}");
        assert!(!sheet.rows.is_empty(), "{href}");
    }
    let welsh = app.get(&mut secretariat, &format!("{PATH}?lang=cy")).await;
    assert!(
        welsh.body.contains("Lawrlwytho ffeil enghreifftiol"),
        "{}",
        welsh.body
    );
    let unknown = app
        .get(&mut public, "/spreadsheet-examples/disputes.csv")
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        unknown.body.contains("<html"),
        "an error page, not raw text"
    );
}
