//! Each refusal of the consultation use cases, asked for through a page
//! and through the API: both answer with the same status, because both only
//! translate the one use case's answer.

mod support;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use compact_core::consultation::Details;
use compact_store::{test_on_both_engines, Actor, Engine};
use serde_json::{json, Value};
use support::web::{csrf_token, Browser, TestApp};
use tower::ServiceExt;

async fn api(app: &TestApp, path: &str, who: Option<&str>, body: Value) -> StatusCode {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/compacts/blackpool/consultations{path}"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(who) = who {
        let token = app.api_token(who).await;
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    app.app
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap()
        .status()
}

async fn page(app: &TestApp, path: &str, who: Option<&str>) -> StatusCode {
    let mut browser = match who {
        Some(who) => app.sign_in(&format!("{who}@example.org")).await,
        None => Browser::default(),
    };
    let with_form = if who.is_some() {
        "/account"
    } else {
        "/sign-in"
    };
    let token = csrf_token(&app.get(&mut browser, with_form).await.body);
    app.post(
        &mut browser,
        &format!("/compacts/blackpool/consultations{path}"),
        &[("csrf_token", &token)],
    )
    .await
    .status
}

test_on_both_engines!(the_page_and_the_api_answer_each_consultation_refusal_alike);
async fn the_page_and_the_api_answer_each_consultation_refusal_alike(engine: Engine) {
    let app = TestApp::start(engine).await;
    let today = compact_core::calendar::today_in_london();
    let details = Details {
        title: "Parks".into(),
        summary: "Summer hours.".into(),
        proposal: "Later closing.".into(),
        opened_on: today - chrono::Duration::days(7),
        closes_on: today + chrono::Duration::days(90),
        how_to_respond: "Online.".into(),
        contact_name: "Ana Jones".into(),
        contact_email: "ana@example.org".into(),
        ..Default::default()
    };
    let system = Actor::system("test");
    let draft = app
        .store
        .create_consultation(app.compact, app.council, &details, &system)
        .await
        .unwrap()
        .0;
    let open = app
        .store
        .create_consultation(app.compact, app.council, &details, &system)
        .await
        .unwrap();
    app.store
        .publish_consultation(app.compact, open, &system)
        .await
        .unwrap();
    let open = open.0;
    let blank_response = json!({"body": "", "confidential": false});
    let blank_feedback = json!({"heard": "", "changed": "", "decision": "", "decided_on": ""});
    let cases: Vec<(&str, String, Option<&str>, Value, StatusCode)> = vec![
        (
            "the public publishes",
            format!("/{draft}/publish"),
            None,
            json!({}),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "a member publishes a draft they cannot see",
            format!("/{draft}/publish"),
            Some("member"),
            json!({}),
            StatusCode::NOT_FOUND,
        ),
        (
            "the officer publishes it twice",
            format!("/{open}/publish"),
            Some("officer"),
            json!({}),
            StatusCode::CONFLICT,
        ),
        (
            "an unknown consultation",
            "/9999/publish".to_string(),
            Some("officer"),
            json!({}),
            StatusCode::NOT_FOUND,
        ),
        (
            "the council's officer responds",
            format!("/{open}/respond"),
            Some("officer"),
            blank_response.clone(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a response with nothing in it",
            format!("/{open}/respond"),
            Some("member"),
            blank_response,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "feedback before the close",
            format!("/{open}/feedback"),
            Some("officer"),
            blank_feedback,
            StatusCode::CONFLICT,
        ),
    ];
    for (what, path, who, body, status) in cases {
        // The API names the online response `responses`.
        let api_path = path.replace("/respond", "/responses");
        assert_eq!(page(&app, &path, who).await, status, "page: {what}");
        assert_eq!(api(&app, &api_path, who, body).await, status, "API: {what}");
    }
}
