//! The JSON API, driven through the real router on a real SQLite database:
//! each endpoint, who may read what, tokens, the error shape, and the
//! OpenAPI document against the routes actually served.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use compact_core::access::{Grant, Role};
use compact_core::definition::shipped;
use compact_store::testing::TestDatabase;
use compact_store::{password, secrets, Actor};
use compact_web::{router, AppState, Settings};
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use tower::ServiceExt;

mod support;

use support::{blackpool, Blackpool, DISPUTE, PUBLIC};

/// Every operation the API serves, as the OpenAPI document must list them.
const OPERATIONS: [&str; 6] = [
    "/api/v1/account",
    "/api/v1/compacts",
    "/api/v1/compacts/{slug}",
    "/api/v1/compacts/{slug}/audit",
    "/api/v1/compacts/{slug}/findings",
    "/api/v1/kitemark/verify",
];

/// The app with two Compacts (Blackpool with records that give public and
/// confidential findings, and Wiltshire) and an API token for each person.
struct TestApp {
    app: Router,
    _db: TestDatabase,
    tokens: HashMap<&'static str, String>,
    revoked: String,
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: Value,
}

impl TestApp {
    async fn start() -> TestApp {
        let db = TestDatabase::sqlite().await;
        let store = db.store.clone();
        let system = Actor::system("test");
        let Blackpool {
            compact: blackpool,
            council,
            charity,
            bystander,
        } = blackpool(&store).await;
        let wiltshire = store
            .create_compact(
                "wiltshire",
                "Wiltshire Compact",
                shipped("wiltshire").unwrap(),
                &system,
            )
            .await
            .unwrap();
        let people = [
            ("secretariat", Some((blackpool, Role::Secretariat, None))),
            ("group", Some((blackpool, Role::Group, None))),
            ("officer", Some((blackpool, Role::Officer, Some(council)))),
            ("member", Some((blackpool, Role::Member, Some(charity)))),
            (
                "bystander",
                Some((blackpool, Role::Member, Some(bystander))),
            ),
            ("elsewhere", Some((wiltshire, Role::Secretariat, None))),
            ("nobody", None),
        ];
        // One hash for everyone: argon2 is slow on purpose.
        let hash = password::hash("a long enough password").unwrap();
        let mut tokens = HashMap::new();
        let mut revoked = String::new();
        for (who, grant) in people {
            let email = format!("{who}@example.org");
            let account = store
                .create_account(&email, &format!("The {who}"), &hash, &system)
                .await
                .unwrap();
            if let Some((compact, role, organisation)) = grant {
                let grant = Grant::new(compact, role, organisation).unwrap();
                store.grant(account.id, &grant, &system).await.unwrap();
            }
            let token = secrets::new_token();
            store
                .create_api_token(account.id, "tests", &secrets::token_hash(&token), &system)
                .await
                .unwrap();
            tokens.insert(who, token);
            if who == "secretariat" {
                // A second token of the secretariat's, revoked at once.
                revoked = secrets::new_token();
                let id = store
                    .create_api_token(
                        account.id,
                        "old script",
                        &secrets::token_hash(&revoked),
                        &system,
                    )
                    .await
                    .unwrap();
                store.revoke_api_token(id, &system).await.unwrap();
            }
        }
        let settings = Settings::local(([127, 0, 0, 1], 8080).into());
        TestApp {
            app: router(AppState::new(store, settings)),
            _db: db,
            tokens,
            revoked,
        }
    }

    async fn send(&self, method: Method, path: &str, token: Option<&str>) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send_request(request.body(Body::empty()).unwrap())
            .await
    }

    async fn send_request(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&body)));
        Reply {
            status,
            headers,
            json,
        }
    }

    /// GET as `who` (a key of `tokens`), or as the public with `None`.
    async fn get(&self, path: &str, who: Option<&str>) -> Reply {
        let token = who.map(|w| self.tokens[w].clone());
        self.send(Method::GET, path, token.as_deref()).await
    }
}

/// The error shape, with the status that matches its code.
fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.json);
    assert_eq!(reply.json["error"]["code"], code, "{}", reply.json);
    let message = reply.json["error"]["message"].as_str().unwrap_or_default();
    assert!(message.ends_with('.'), "one sentence: {message:?}");
    assert_eq!(
        reply.json.as_object().map(|o| o.len()),
        Some(1),
        "{}",
        reply.json
    );
}

fn labels(findings: &Value) -> Vec<String> {
    findings["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["subject"]["label"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_list_of_compacts_is_public_and_paginated() {
    let app = TestApp::start().await;
    let all = app.get("/api/v1/compacts", None).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(
        all.json,
        serde_json::json!({
            "items": [
                {"slug": "blackpool", "name": "Compact for Blackpool"},
                {"slug": "wiltshire", "name": "Wiltshire Compact"},
            ],
            "page": 1, "per_page": 50, "total": 2,
        })
    );
    let second = app.get("/api/v1/compacts?page=2&per_page=1", None).await;
    assert_eq!(second.json["items"][0]["slug"], "wiltshire");
    assert_eq!(second.json["total"], 2);
    let past_the_end = app.get("/api/v1/compacts?page=9", None).await;
    assert_eq!(past_the_end.status, StatusCode::OK);
    assert_eq!(past_the_end.json["items"], serde_json::json!([]));
}

#[tokio::test]
async fn a_compact_is_described_with_its_standards_bodies_and_stages() {
    let app = TestApp::start().await;
    let reply = app.get("/api/v1/compacts/blackpool", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    let c = &reply.json;
    assert_eq!(c["slug"], "blackpool");
    assert!(c["identity"]["managed_by"].is_string());
    // Every standard is named; one the Compact does not state is null.
    let standards = c["standards"].as_object().unwrap();
    assert_eq!(standards.len(), 8, "{standards:?}");
    assert!(standards.values().any(Value::is_null));
    let commitment = &c["commitments"][0];
    assert!(commitment["undertakings"][0]["text"].is_string());
    let seats = &c["bodies"][0]["seats"][0];
    assert!(seats["count"].as_u64().unwrap() > 0);
    assert!(seats["constituency_name"].is_string());
    let stages = c["dispute_stages"].as_array().unwrap();
    let referral = stages.iter().find(|s| s["id"] == "compact-group").unwrap();
    assert_eq!(referral["handled_by"]["kind"], "body");
    assert_eq!(referral["handled_by"]["body"], "compact-group");
    assert_eq!(referral["handled_by"]["name"], "Compact Group");
    assert!(referral["deadlines"][0]["days"].as_u64().unwrap() > 0);
    assert_eq!(stages[0]["handled_by"]["kind"], "secretariat");

    let wiltshire = app.get("/api/v1/compacts/wiltshire", None).await.json;
    let consultation = &wiltshire["standards"]["consultation"];
    assert!(
        consultation["weeks"].as_u64().unwrap() > 0,
        "{consultation}"
    );
    assert!(matches!(
        consultation["strength"].as_str(),
        Some("firm" | "softened")
    ));
}

#[tokio::test]
async fn findings_count_everything_but_list_confidential_ones_only_to_those_entitled() {
    let app = TestApp::start().await;
    let path = "/api/v1/compacts/blackpool/findings";
    let public = app.get(path, None).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.json);
    let shown = labels(&public.json);
    assert!(shown.iter().any(|l| l.contains(PUBLIC)), "{shown:?}");
    assert!(!shown.iter().any(|l| l.contains(DISPUTE)), "{shown:?}");
    let hidden = public.json["hidden_confidential"].as_u64().unwrap();
    assert!(hidden >= 1);
    let counts = &public.json["counts"];
    let counted: u64 = ["breach", "advisory", "due"]
        .iter()
        .map(|k| counts[k].as_u64().unwrap())
        .sum();
    assert_eq!(counted, public.json["total"].as_u64().unwrap() + hidden);
    assert!(public.json["as_of"].is_string());

    let table = [
        ("secretariat", true),
        ("group", true),
        ("officer", true),
        ("member", true),
        ("bystander", false),
        ("nobody", false),
        ("elsewhere", false),
    ];
    for (who, sees) in table {
        let reply = app.get(path, Some(who)).await;
        assert_eq!(reply.status, StatusCode::OK, "{who}");
        let shown = labels(&reply.json);
        assert!(shown.iter().any(|l| l.contains(PUBLIC)), "{who}");
        assert_eq!(
            shown.iter().any(|l| l.contains(DISPUTE)),
            sees,
            "{who} sees the dispute"
        );
        assert_eq!(reply.json["counts"], public.json["counts"], "{who}");
        let expected_hidden = if sees { 0 } else { hidden };
        assert_eq!(reply.json["hidden_confidential"], expected_hidden, "{who}");
    }
}

#[tokio::test]
async fn findings_are_paginated() {
    let app = TestApp::start().await;
    let path = "/api/v1/compacts/blackpool/findings";
    let all = app.get(path, Some("secretariat")).await;
    let total = all.json["total"].as_u64().unwrap();
    assert!(total >= 2, "{}", all.json);
    let first = app
        .get(&format!("{path}?per_page=1"), Some("secretariat"))
        .await;
    assert_eq!(first.json["items"].as_array().unwrap().len(), 1);
    assert_eq!(first.json["per_page"], 1);
    assert_eq!(first.json["total"], total);
    let last = app
        .get(
            &format!("{path}?per_page=1&page={total}"),
            Some("secretariat"),
        )
        .await;
    assert_eq!(last.json["items"][0], all.json["items"][total as usize - 1]);
}

#[tokio::test]
async fn only_the_secretariat_of_the_compact_reads_its_audit_log() {
    let app = TestApp::start().await;
    let path = "/api/v1/compacts/blackpool/audit";
    let public = app.get(path, None).await;
    assert_error(&public, StatusCode::UNAUTHORIZED, "unauthorised");
    assert!(public.headers.contains_key(header::WWW_AUTHENTICATE));
    for who in [
        "group",
        "officer",
        "member",
        "bystander",
        "nobody",
        "elsewhere",
    ] {
        let reply = app.get(path, Some(who)).await;
        assert_error(&reply, StatusCode::FORBIDDEN, "forbidden");
    }
    let reply = app.get(path, Some("secretariat")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["chain"]["intact"], true);
    let actions: BTreeSet<&str> = reply.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains("records.import"), "{actions:?}");

    let filtered = app
        .get(&format!("{path}?action=records."), Some("secretariat"))
        .await;
    assert!(filtered.json["total"].as_u64().unwrap() >= 1);
    for entry in filtered.json["items"].as_array().unwrap() {
        assert!(entry["action"].as_str().unwrap().starts_with("records."));
    }
    let nothing = app
        .get(
            &format!("{path}?action=nothing.like.this"),
            Some("secretariat"),
        )
        .await;
    assert_eq!(nothing.json["total"], 0);
    let bad = app
        .get(&format!("{path}?action=%27%3B--"), Some("secretariat"))
        .await;
    assert_error(&bad, StatusCode::BAD_REQUEST, "bad_request");

    // Wiltshire's secretariat reads Wiltshire's log, not Blackpool's.
    let own = app
        .get("/api/v1/compacts/wiltshire/audit", Some("elsewhere"))
        .await;
    assert_eq!(own.status, StatusCode::OK);
}

#[tokio::test]
async fn the_account_is_the_tokens_own() {
    let app = TestApp::start().await;
    assert_error(
        &app.get("/api/v1/account", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorised",
    );
    let reply = app.get("/api/v1/account", Some("officer")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
    assert_eq!(reply.json["email"], "officer@example.org");
    assert_eq!(reply.json["name"], "The officer");
    let grants = reply.json["grants"].as_array().unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0]["compact"], "blackpool");
    assert_eq!(grants[0]["role"], "officer");
    assert!(grants[0]["organisation"].is_i64());
    let nobody = app.get("/api/v1/account", Some("nobody")).await;
    assert_eq!(nobody.json["grants"], serde_json::json!([]));
}

#[tokio::test]
async fn revoked_unknown_and_malformed_tokens_are_refused_everywhere() {
    let app = TestApp::start().await;
    let unknown = secrets::new_token();
    for path in [
        "/api/v1/compacts",
        "/api/v1/compacts/blackpool",
        "/api/v1/compacts/blackpool/findings",
        "/api/v1/compacts/blackpool/audit",
        "/api/v1/account",
    ] {
        for token in [app.revoked.as_str(), unknown.as_str()] {
            let reply = app.send(Method::GET, path, Some(token)).await;
            assert_error(&reply, StatusCode::UNAUTHORIZED, "unauthorised");
        }
        for header_value in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b"] {
            let request = Request::get(path)
                .header(header::AUTHORIZATION, header_value)
                .body(Body::empty())
                .unwrap();
            let reply = app.send_request(request).await;
            assert_error(&reply, StatusCode::UNAUTHORIZED, "unauthorised");
        }
    }
}

#[tokio::test]
async fn every_error_has_the_same_shape() {
    let app = TestApp::start().await;
    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v2/compacts",
        "/api/v1/nothing/here",
        "/api/v1/compacts/nowhere",
        "/api/v1/compacts/nowhere/findings",
        "/api/v1/compacts/Not%20A%20Slug",
        "/api/v1/compacts/blackpool/nothing",
    ] {
        let reply = app.get(path, None).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    }
    for query in [
        "page=0",
        "page=-1",
        "page=abc",
        "page=2147483648",
        "per_page=0",
        "per_page=201",
        "per_page=1.5",
        "page=1&page=2",
    ] {
        for path in ["/api/v1/compacts", "/api/v1/compacts/blackpool/findings"] {
            let reply = app.get(&format!("{path}?{query}"), None).await;
            assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request");
        }
        let audit = format!("/api/v1/compacts/blackpool/audit?{query}");
        let reply = app.get(&audit, Some("secretariat")).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request");
    }
    // A slug that is not UTF-8 once decoded cannot be read at all.
    let reply = app.get("/api/v1/compacts/%FF", None).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "bad_request");

    let reply = app.send(Method::POST, "/api/v1/compacts", None).await;
    assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert!(reply.headers.contains_key(header::ALLOW));
    let reply = app.send(Method::DELETE, "/api/openapi.json", None).await;
    assert_error(&reply, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[tokio::test]
async fn api_answers_are_json_never_cached_and_set_no_cookies() {
    let app = TestApp::start().await;
    for path in ["/api/v1/compacts", "/api/v1/nothing"] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
        assert!(!reply.headers.contains_key(header::SET_COOKIE), "{path}");
    }
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_served() {
    let app = TestApp::start().await;
    let reply = app.get("/api/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json;
    let version = doc["openapi"].as_str().unwrap();
    assert!(version.starts_with("3.1."), "{version}");
    let paths: BTreeSet<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(paths, OPERATIONS.into_iter().collect());
    let ids: BTreeSet<&str> = OPERATIONS
        .iter()
        .filter_map(|p| doc["paths"][p]["get"]["operationId"].as_str())
        .collect();
    assert_eq!(
        ids.len(),
        OPERATIONS.len(),
        "operation ids are unique: {ids:?}"
    );
    assert_eq!(
        doc,
        serde_json::to_value(compact_web::api::openapi()).unwrap(),
        "the served document is the one the code builds"
    );
    // Each documented operation is served (not the catch-all 404), and
    // answers 200 to the secretariat.
    for path in OPERATIONS {
        let concrete = path.replace("{slug}", "blackpool");
        let reply = app.get(&concrete, Some("secretariat")).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.json);
        let operation = &doc["paths"][path]["get"];
        for status in ["200", "401", "500"] {
            assert!(
                operation["responses"][status].is_object(),
                "{path} documents {status}"
            );
        }
    }
    // Pagination limits are in the document, where clients and
    // schemathesis can read them.
    let params = doc["paths"]["/api/v1/compacts/{slug}/findings"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let per_page = params.iter().find(|p| p["name"] == "per_page").unwrap();
    assert_eq!(per_page["schema"]["minimum"], 1);
    assert_eq!(per_page["schema"]["maximum"], 200);
    assert!(doc["components"]["securitySchemes"]["api_token"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

/// docs/api.md names every route and every error code the document has, so
/// the guide cannot fall behind the code.
#[test]
fn the_api_guide_names_every_route_and_error_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/api.md");
    let guide = std::fs::read_to_string(path).expect("docs/api.md exists");
    let doc = serde_json::to_value(compact_web::api::openapi()).unwrap();
    for path in doc["paths"].as_object().unwrap().keys() {
        assert!(
            guide.contains(&format!("`GET {path}`")),
            "docs/api.md lists {path}"
        );
    }
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("the error codes are an enum in the document");
    for code in codes {
        let code = code.as_str().unwrap();
        assert!(
            guide.contains(&format!("`{code}`")),
            "docs/api.md explains {code}"
        );
    }
}
