//! The server's behaviour common to every page: ids, compression, caching,
//! limits and health.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use compact_store::testing::TestDatabase;
use compact_store::{test_on_both_engines, Engine};
use compact_web::{asset_url, router, AppState, Settings};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn app(engine: Engine) -> (axum::Router, TestDatabase) {
    let db = TestDatabase::new(engine).await;
    db.store
        .create_compact(
            "blackpool",
            "Compact for Blackpool",
            compact_core::definition::shipped("blackpool").unwrap(),
            &compact_store::Actor::system("test"),
        )
        .await
        .unwrap();
    (
        router(AppState::new(
            db.store.clone(),
            Settings::local(([127, 0, 0, 1], 8080).into()),
        )),
        db,
    )
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

test_on_both_engines!(every_response_carries_a_request_id);
async fn every_response_carries_a_request_id(engine: Engine) {
    let (app, _db) = app(engine).await;
    let response = app.clone().oneshot(get("/healthz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let id = response
        .headers()
        .get("x-request-id")
        .expect("a request id");
    assert_eq!(id.len(), 36, "a UUID");
    // A caller's own id is kept, so logs on both sides match.
    let request = Request::get("/healthz")
        .header("x-request-id", "abc-123")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
}

test_on_both_engines!(assets_are_cached_for_a_year_and_compressed);
async fn assets_are_cached_for_a_year_and_compressed(engine: Engine) {
    let (app, _db) = app(engine).await;
    let request = Request::get(asset_url("compact.css"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    let stale = app
        .oneshot(get("/assets/compact-00000000.css"))
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
}

test_on_both_engines!(oversized_bodies_are_refused);
async fn oversized_bodies_are_refused(engine: Engine) {
    let (app, _db) = app(engine).await;
    let request = Request::post("/healthz")
        .header(header::CONTENT_LENGTH, 3 * 1024 * 1024)
        .body(Body::from(vec![b'x'; 3 * 1024 * 1024]))
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

test_on_both_engines!(the_only_compact_is_the_home_page);
async fn the_only_compact_is_the_home_page(engine: Engine) {
    let (app, _db) = app(engine).await;
    let response = app.clone().oneshot(get("/")).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/compacts/blackpool");
    let response = app.oneshot(get("/compacts/blackpool")).await.unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("Compact for Blackpool"));
}

test_on_both_engines!(health_fails_when_the_database_is_gone);
async fn health_fails_when_the_database_is_gone(engine: Engine) {
    let (app, db) = app(engine).await;
    db.store.close().await;
    let response = app.oneshot(get("/healthz")).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
}
