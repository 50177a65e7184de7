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

/// A page of `server`, as the public reads it.
async fn read(server: &axum::Router, path: &str) -> String {
    use tower::ServiceExt;
    let request = axum::http::Request::get(path)
        .body(axum::body::Body::empty())
        .unwrap();
    let response = server.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

test_on_both_engines!(a_change_saved_through_a_page_shows_on_another_servers_next_request);
async fn a_change_saved_through_a_page_shows_on_another_servers_next_request(engine: Engine) {
    let app = TestApp::start(engine).await;
    // A second server on the same database, with caches of its own.
    let other = compact_web::router(compact_web::AppState::new(
        app.store.clone(),
        compact_web::Settings::local(([127, 0, 0, 1], 8081).into()),
    ));
    let charity = app.charity;
    let pages = [
        "/compacts/blackpool/register".to_string(),
        format!("/compacts/blackpool/organisations/{charity}"),
        "/api/v1/compacts/blackpool/register".to_string(),
        format!("/api/v1/compacts/blackpool/organisations/{charity}"),
        "/compacts/blackpool".to_string(),
    ];
    let mut before = Vec::new();
    for page in &pages {
        before.push(read(&other, page).await);
    }
    assert!(
        !before[0].contains("Seaside Food Bank"),
        "not yet a signatory"
    );

    // The secretariat records the food bank's sign-up through the form on
    // the first server.
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let form = app
        .get(
            &mut secretariat,
            &format!("/compacts/blackpool/organisations/{charity}/sign-up"),
        )
        .await;
    let token = support::web::csrf_token(&form.body);
    let done = app
        .post(
            &mut secretariat,
            &format!("/compacts/blackpool/organisations/{charity}/sign-up"),
            &[
                ("csrf_token", &token),
                ("signed_on", "05/01/2026"),
                ("signed_by", "Sandra Bell"),
                ("signer_role", "Chair of Trustees"),
                ("authority", "yes"),
                ("champion_name", "Dev Patel"),
                ("champion_role", "Volunteer coordinator"),
                ("champion_contact", "dev@example.org"),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);

    // Every page of the other server shows it on its next request.
    let after: Vec<String> = {
        let mut after = Vec::new();
        for page in &pages {
            after.push(read(&other, page).await);
        }
        after
    };
    assert!(after[0].contains("Seaside Food Bank"), "the register");
    assert!(after[1].contains("Dev Patel"), "the organisation's page");
    assert!(after[2].contains("Seaside Food Bank"), "the API's register");
    assert!(
        after[3].contains("\"signatory\""),
        "the API's organisation: {}",
        after[3]
    );
    for (page, (b, a)) in pages.iter().zip(before.iter().zip(&after)).take(4) {
        assert_ne!(b, a, "{page} changed");
    }
}

test_on_both_engines!(a_page_kept_for_the_public_is_never_sent_to_someone_signed_in);
async fn a_page_kept_for_the_public_is_never_sent_to_someone_signed_in(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut public = Browser::default();
    let register = "/compacts/blackpool/register";
    let english = app.get(&mut public, register).await;
    let again = app.get(&mut public, register).await;
    assert_eq!(english.body, again.body, "the same bytes for the public");
    assert!(!english.body.contains("Sign out"));
    // Welsh is kept apart from English.
    let welsh = app.get(&mut public, &format!("{register}?lang=cy")).await;
    assert!(welsh.body.contains("lang=\"cy\""));
    assert_ne!(welsh.body, english.body);
    // Someone signed in gets a page of their own, not the public's.
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let theirs = app.get(&mut secretariat, register).await;
    assert!(
        theirs.body.contains("csrf_token"),
        "their own page, with their sign-out form"
    );
    assert_ne!(theirs.body, english.body);
}
