//! The funding agreements as 360Giving open data, through the web: for
//! anyone, sent as written, in both layouts.

mod support;

use axum::http::StatusCode;
use compact_core::giving360::read;
use compact_store::{test_on_both_engines, Engine};
use support::web::{Browser, TestApp};

test_on_both_engines!(anyone_downloads_the_agreements_as_360giving_data);
async fn anyone_downloads_the_agreements_as_360giving_data(engine: Engine) {
    let app = TestApp::start(engine).await;
    compact_store::testing::execute(
        &app.store,
        &format!(
            "INSERT INTO agreements (compact_id, title, funder_id, recipient_id, kind, amount_pence, \
             starts_on, ends_on) VALUES ({}, 'Lunch club', {}, {}, 'grant', 1250050, '2025-04-01', '2028-03-31')",
            app.compact.0, app.council.0, app.charity.0
        ),
    )
    .await
    .unwrap();
    let mut public = Browser::default();
    let json = app
        .get(&mut public, "/compacts/blackpool/funding/360giving.json")
        .await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.content_type.as_deref(), Some("application/json"));
    let grants = read::read_json(json.body.as_bytes()).unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].amount.0, 1_250_050);
    assert_eq!(grants[0].title, "Lunch club");

    let csv = app
        .get(&mut public, "/compacts/blackpool/funding/360giving.csv")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(read::read_csv(csv.body.as_bytes()).unwrap(), grants);

    let missing = app
        .get(&mut public, "/compacts/nowhere/funding/360giving.json")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// A multipart form as a browser sends it, with one file field.
fn multipart(token: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "compact-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"grants.json\"\r\n\
         Content-Type: application/json\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/360giving")
            .join(name),
    )
    .unwrap()
}

test_on_both_engines!(the_secretariat_imports_a_360giving_file_from_the_page);
async fn the_secretariat_imports_a_360giving_file_from_the_page(engine: Engine) {
    let app = TestApp::start(engine).await;
    let path = "/compacts/blackpool/funding/import";
    let mut member = app.sign_in("member@example.org").await;
    assert_eq!(
        app.get(&mut member, path).await.status,
        StatusCode::FORBIDDEN
    );
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let form = app.get(&mut secretariat, path).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = support::web::csrf_token(&form.body);
    let send = |file: Vec<u8>, browser: &Browser| {
        let (content_type, body) = multipart(&token, &file);
        axum::http::Request::post(path)
            .header(axum::http::header::CONTENT_TYPE, content_type)
            .header(axum::http::header::COOKIE, browser.cookie_header())
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let broken = app
        .request(
            &mut Browser::default(),
            send(
                sample("fundingproviders-grants_broken_grants.json"),
                &secretariat,
            ),
        )
        .await;
    assert_eq!(
        broken.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        broken.body
    );
    assert!(
        broken.body.contains("Nothing was imported"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("RUBBISH1-GB-CHC-000000"));

    let done = app
        .request(
            &mut Browser::default(),
            send(
                sample("real-publisher-a003W000001B7PzQAK.json"),
                &secretariat,
            ),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("The import is done"), "{}", done.body);
    assert!(done.body.contains(">475<"), "{}", done.body);
    let mut public = Browser::default();
    let json = app
        .get(&mut public, "/compacts/blackpool/funding/360giving.json")
        .await;
    assert_eq!(read::read_json(json.body.as_bytes()).unwrap().len(), 475);
}
