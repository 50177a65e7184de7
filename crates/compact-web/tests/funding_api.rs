//! Funding agreements through the JSON API on both engines: the public
//! reads the list and one agreement, the funder's officer enters an
//! agreement, a payment and a change, and refusals carry the pages'
//! statuses.

mod support;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use compact_store::{secrets, test_on_both_engines, Actor, Engine};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use support::web::TestApp;
use tower::ServiceExt;

test_on_both_engines!(an_officer_enters_an_agreement_and_the_public_reads_it);

const API: &str = "/api/v1/compacts/blackpool/agreements";

async fn token(app: &TestApp, who: &str) -> String {
    let (account, _) = app
        .store
        .account_by_email(&format!("{who}@example.org"))
        .await
        .unwrap()
        .unwrap();
    let token = secrets::new_token();
    let hash = secrets::token_hash(&token);
    app.store
        .create_api_token(account.id, "tests", &hash, &Actor::system("test"))
        .await
        .unwrap();
    token
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(body) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

fn day(offset: i64) -> String {
    (compact_core::calendar::today_in_london() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

fn has_fields(error: &Value) -> bool {
    error["error"]["fields"]
        .as_array()
        .is_some_and(|f| !f.is_empty())
}

async fn an_officer_enters_an_agreement_and_the_public_reads_it(engine: Engine) {
    let app = TestApp::start(engine).await;
    let officer = token(&app, "officer").await;
    let member = token(&app, "member").await;
    let agreement = json!({
        "title": "Lunch club grant",
        "funder": app.council.0.to_string(),
        "recipient": app.charity.0.to_string(),
        "kind": "grant",
        "purpose": "Hot lunches twice a week",
        "amount": "30,000",
        "starts_on": day(-365),
        "ends_on": day(730),
        "paid_in": "advance",
        "monitoring": "Numbers served, each quarter",
        "full_cost_recovery": "yes"
    });

    // Refusals in the use cases' order: 401, 403, 422.
    let body = Some(agreement.clone());
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
        Some(json!({"title": "", "amount": "lots"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(has_fields(&error), "{error}");
    assert_eq!(
        call(
            &app,
            Method::POST,
            API,
            Some(&officer),
            Some(json!("an agreement"))
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );

    let (status, created) = call(&app, Method::POST, API, Some(&officer), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let one = format!("{API}/{id}");

    // A payment and a cut, with the same refusals.
    let payments = format!("{one}/payments");
    let payment = json!({"due_on": day(-300), "amount": "7,500", "paid_on": day(-299)});
    assert_eq!(
        call(&app, Method::POST, &payments, None, Some(payment.clone()))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(
            &app,
            Method::POST,
            &payments,
            Some(&member),
            Some(payment.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, error) = call(
        &app,
        Method::POST,
        &payments,
        Some(&officer),
        Some(json!({"due_on": "someday"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(has_fields(&error), "{error}");
    let (status, paid) = call(&app, Method::POST, &payments, Some(&officer), Some(payment)).await;
    assert_eq!(status, StatusCode::CREATED, "{paid}");

    let changes = format!("{one}/changes");
    let change = json!({
        "kind": "reduction",
        "decided_on": day(-10),
        "effective_on": day(120),
        "new_amount": "20,000"
    });
    assert_eq!(
        call(
            &app,
            Method::POST,
            &changes,
            Some(&member),
            Some(change.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, error) = call(
        &app,
        Method::POST,
        &changes,
        Some(&officer),
        Some(json!({"kind": "shrink"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(has_fields(&error), "{error}");
    let (status, cut) = call(&app, Method::POST, &changes, Some(&officer), Some(change)).await;
    assert_eq!(status, StatusCode::CREATED, "{cut}");

    // The public reads the list and the agreement with all it records.
    let (status, list) = call(&app, Method::GET, API, None, None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["id"], id, "{list}");
    assert_eq!(list["items"][0]["amount_pence"], 3_000_000, "{list}");
    assert_eq!(list["items"][0]["changes"], 1, "{list}");
    let (status, shown) = call(&app, Method::GET, &one, None, None).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["title"], "Lunch club grant", "{shown}");
    assert_eq!(shown["kind"], "grant", "{shown}");
    assert_eq!(shown["paid_in"], "advance", "{shown}");
    assert_eq!(shown["payments"][0]["amount_pence"], 750_000, "{shown}");
    assert_eq!(shown["changes"][0]["kind"], "reduction", "{shown}");
    assert_eq!(
        shown["changes"][0]["new_amount_pence"], 2_000_000,
        "{shown}"
    );
    assert!(shown["findings"].is_array(), "{shown}");
    assert_eq!(shown["may_record"], false, "{shown}");

    // Pages past the end are empty; out of range is refused.
    let (status, empty) = call(&app, Method::GET, &format!("{API}?page=2"), None, None).await;
    assert_eq!(status, StatusCode::OK, "{empty}");
    assert_eq!(empty["items"], json!([]), "{empty}");
    assert_eq!(
        call(&app, Method::GET, &format!("{API}?per_page=0"), None, None)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );

    // Unknown and malformed agreements.
    for path in [format!("{API}/999999"), format!("{API}/999999/payments")] {
        let method = if path.ends_with("payments") {
            Method::POST
        } else {
            Method::GET
        };
        let body = (method == Method::POST).then(|| json!({}));
        assert_eq!(
            call(&app, method, &path, Some(&officer), body).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let (status, error) = call(&app, Method::GET, &format!("{API}/nine"), None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(
        call(
            &app,
            Method::GET,
            "/api/v1/compacts/nowhere/agreements",
            None,
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}
