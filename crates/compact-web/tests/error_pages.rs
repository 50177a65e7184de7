//! Every error on a page route is a page in the visitor's language, never
//! a bare message meant for programs; the API keeps its JSON errors.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use compact_store::{test_on_both_engines, Engine};
use support::web::{Browser, TestApp};

fn is_page(body: &str) -> bool {
    body.contains("<html") && body.contains("govuk-heading-l")
}

test_on_both_engines!(requests_none_of_our_pages_make_are_answered_with_pages);
async fn requests_none_of_our_pages_make_are_answered_with_pages(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut browser = Browser::default();
    for (path, status) in [
        (
            "/compacts/blackpool/organisations/1e3",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/compacts/blackpool/findings?page=-1",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/compacts/blackpool/sign-up-requests/x",
            StatusCode::BAD_REQUEST,
        ),
        ("/sign-out", StatusCode::METHOD_NOT_ALLOWED),
        ("/no/such/page", StatusCode::NOT_FOUND),
    ] {
        let page = app.get(&mut browser, path).await;
        assert_eq!(page.status, status, "GET {path}");
        assert!(
            is_page(&page.body),
            "GET {path} answers a page: {}",
            page.body
        );
    }
    let welsh = app
        .get(
            &mut browser,
            "/compacts/blackpool/organisations/1e3?lang=cy",
        )
        .await;
    assert!(
        welsh.body.contains("lang=\"cy\""),
        "in Welsh: {}",
        welsh.body
    );

    // Signing out with no body at all, and an upload over the limit.
    let bare = Request::post("/sign-out").body(Body::empty()).unwrap();
    let page = app.request(&mut browser, bare).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(is_page(&page.body), "{}", page.body);
    let large = Request::post("/compacts/blackpool/organisations/import")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
        .header(header::CONTENT_LENGTH, (3 * 1024 * 1024).to_string())
        .body(Body::from(vec![b'a'; 3 * 1024 * 1024]))
        .unwrap();
    let page = app.request(&mut browser, large).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body.contains("The file is too large"), "{}", page.body);

    // The API answers in its own shape.
    let api = app
        .get(&mut browser, "/api/v1/compacts/blackpool/organisations/1e3")
        .await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert!(api.body.starts_with("{\"error\""), "{}", api.body);
}
