//! Consultations through the JSON API on both engines: an officer drafts,
//! changes and publishes, a member responds, the public sees the count
//! but not the words, and refusals carry the pages' statuses.

mod support;

use axum::http::{Method, StatusCode};
use compact_store::{test_on_both_engines, Engine};
use serde_json::{json, Value};
use support::api::{call, day};
use support::web::TestApp;

test_on_both_engines!(a_consultation_is_drafted_published_and_answered);

const API: &str = "/api/v1/compacts/blackpool/consultations";

fn consultation(title: &str) -> Value {
    json!({
        "title": title,
        "summary": "Shorter evening hours.",
        "proposal": "Close at 6pm on weekdays.",
        "sectors": ["vcse"],
        "areas_of_work": ["older people"],
        "opened_on": day(-1),
        "closes_on": day(90),
        "documents": [{"title": "Plan", "url": "https://example.org/plan.pdf"}],
        "how_to_respond": "Online.",
        "contact_name": "Ana Jones",
        "contact_email": "ana@example.org"
    })
}

async fn a_consultation_is_drafted_published_and_answered(engine: Engine) {
    let app = TestApp::start(engine).await;
    let officer = app.api_token("officer").await;
    let member = app.api_token("member").await;
    let bystander = app.api_token("bystander").await;

    // Refusals in the use cases' order: 401, 403, 422.
    let body = Some(consultation("Library hours"));
    assert_eq!(
        call(&app, Method::POST, API, None, body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&app, Method::POST, API, Some(&member), body.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, error) = call(
        &app,
        Method::POST,
        API,
        Some(&officer),
        Some(json!({"title": ""})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        error["error"]["fields"]
            .as_array()
            .is_some_and(|f| !f.is_empty()),
        "{error}"
    );

    let (status, created) = call(&app, Method::POST, API, Some(&officer), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let one = format!("{API}/{id}");

    // A draft is the lead's: not found for the public and other members.
    assert_eq!(
        call(&app, Method::GET, &one, None, None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&app, Method::GET, &one, Some(&member), None).await.0,
        StatusCode::NOT_FOUND
    );
    let (_, lists) = call(&app, Method::GET, API, Some(&officer), None).await;
    assert_eq!(lists["drafts"][0]["id"], id);
    let (_, lists) = call(&app, Method::GET, API, None, None).await;
    assert!(lists["drafts"].as_array().unwrap().is_empty());

    let changed = Some(consultation("Library opening hours"));
    assert_eq!(
        call(&app, Method::PUT, &one, Some(&officer), changed.clone())
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    let publish = format!("{one}/publish");
    let (status, published) = call(&app, Method::POST, &publish, Some(&officer), None).await;
    assert_eq!(status, StatusCode::OK, "{published}");
    assert_eq!(
        call(&app, Method::POST, &publish, Some(&officer), None)
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        call(&app, Method::PUT, &one, Some(&officer), changed)
            .await
            .0,
        StatusCode::CONFLICT
    );

    let responses = format!("{one}/responses");
    let answer = Some(json!({"body": "Evenings matter to carers.", "confidential": true}));
    assert_eq!(
        call(
            &app,
            Method::POST,
            &responses,
            Some(&bystander),
            Some(json!({"organisation": app.charity.0, "body": "x"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = call(&app, Method::POST, &responses, Some(&member), answer).await;
    assert_eq!(status, StatusCode::CREATED);
    let recorded = Some(
        json!({"respondent_name": "A resident", "channel": "letter", "received_on": day(0), "body": "Keep Thursdays."}),
    );
    let record = format!("{one}/recorded-responses");
    assert_eq!(
        call(&app, Method::POST, &record, Some(&member), recorded.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&app, Method::POST, &record, Some(&officer), recorded)
            .await
            .0,
        StatusCode::CREATED
    );

    // Everyone sees the count; the lead reads every response, the member
    // its own, the public none.
    let (_, public) = call(&app, Method::GET, &one, None, None).await;
    assert_eq!(public["title"], "Library opening hours");
    assert_eq!(public["phase"], "open");
    assert_eq!(public["response_count"], 2);
    assert!(public["responses"].as_array().unwrap().is_empty());
    let (_, lead) = call(&app, Method::GET, &one, Some(&officer), None).await;
    assert_eq!(lead["responses"].as_array().unwrap().len(), 2);
    let (_, own) = call(&app, Method::GET, &one, Some(&member), None).await;
    assert_eq!(own["responses"].as_array().unwrap().len(), 1);

    // Feedback waits for the close.
    let feedback =
        Some(json!({"heard": "h", "changed": "c", "decision": "d", "decided_on": day(0)}));
    let fb = format!("{one}/feedback");
    assert_eq!(
        call(&app, Method::POST, &fb, Some(&officer), feedback.clone())
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_eq!(
        call(&app, Method::POST, &fb, Some(&member), feedback)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&app, Method::GET, &format!("{API}/999999"), None, None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}
