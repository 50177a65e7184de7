//! Pages keep what they read per data version, and two servers on one
//! database never show each other stale data: a write made elsewhere (another
//! server, the `compact` command) shows on this server's next request.

use compact_core::definition::OrganisationKind;
use compact_core::rules::fixtures::organisation;
use compact_store::{test_on_both_engines, Actor, Engine};

mod support;

use support::web::{Browser, TestApp};

test_on_both_engines!(a_write_elsewhere_shows_on_the_next_request);
async fn a_write_elsewhere_shows_on_the_next_request(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    let register = "/compacts/blackpool/register?standing=all&q=larder";
    let api = "/api/v1/compacts/blackpool/register?standing=all&q=larder";
    let findings = "/compacts/blackpool/findings";

    // Read once, so the answers are kept.
    let before = app.get(&mut browser, register).await;
    assert!(!before.body.contains("Fleetwood Larder"));
    let api_before = app.get(&mut browser, api).await;
    assert!(
        api_before.body.contains("\"total\":0"),
        "{}",
        api_before.body
    );
    let findings_before = app.get(&mut browser, findings).await;
    assert_eq!(findings_before.status, 200);
    assert_eq!(app.get(&mut browser, register).await.body, before.body);

    // Another server writes to the same database.
    let larder = organisation(0, "Fleetwood Larder", OrganisationKind::Charity);
    app.store
        .add_organisation(app.compact, &larder, &Actor::system("elsewhere"))
        .await
        .unwrap();

    let after = app.get(&mut browser, register).await;
    assert!(after.body.contains("Fleetwood Larder"), "{}", after.body);
    let api_after = app.get(&mut browser, api).await;
    assert!(api_after.body.contains("\"total\":1"), "{}", api_after.body);
    assert!(api_after.body.contains("Fleetwood Larder"));

    // An organisation's page, kept, then its details changed elsewhere.
    let page = format!("/compacts/blackpool/organisations/{}", app.council);
    let first = app.get(&mut browser, &page).await;
    assert_eq!(first.status, 200);
    let records = app.store.load_register(app.compact).await.unwrap();
    let before = records
        .organisations
        .iter()
        .find(|o| o.id == app.council)
        .unwrap()
        .clone();
    assert!(first.body.contains(&before.name));
    let renamed = compact_core::model::Organisation {
        name: "Blackpool Borough Council (renamed)".into(),
        ..before.clone()
    };
    app.store
        .update_organisation(app.compact, &renamed, &before, &Actor::system("elsewhere"))
        .await
        .unwrap();
    let second = app.get(&mut browser, &page).await;
    assert!(second.body.contains("Blackpool Borough Council (renamed)"));
}
