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
