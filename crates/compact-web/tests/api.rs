//! The JSON API, driven through the real router on SQLite and PostgreSQL:
//! each endpoint, who may read what, tokens, the error shape, and the
//! OpenAPI document against the routes actually served.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use compact_core::access::{Grant, Role};
use compact_core::definition::shipped;
use compact_store::testing::TestDatabase;
use compact_store::{password, secrets, Actor};
use compact_store::{test_on_both_engines, Engine};
use compact_web::{router, AppState, Settings};
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use tower::ServiceExt;

mod support;

use support::{blackpool, Blackpool, DISPUTE, PUBLIC};

/// Every operation the API serves, as the OpenAPI document must list them.
const OPERATIONS: [&str; 32] = [
    "/api/v1/account",
    "/api/v1/compacts",
    "/api/v1/compacts/{slug}",
    "/api/v1/compacts/{slug}/agreements",
    "/api/v1/compacts/{slug}/agreements/{id}",
    "/api/v1/compacts/{slug}/agreements/{id}/changes",
    "/api/v1/compacts/{slug}/agreements/{id}/changes/{change}",
    "/api/v1/compacts/{slug}/agreements/{id}/changes/{change}/impact-assessment",
    "/api/v1/compacts/{slug}/agreements/{id}/changes/{change}/steps",
    "/api/v1/compacts/{slug}/agreements/{id}/payments",
    "/api/v1/compacts/{slug}/agreements/{id}/payments/{payment}/paid",
    "/api/v1/compacts/{slug}/audit",
    "/api/v1/compacts/{slug}/consultations",
    "/api/v1/compacts/{slug}/consultations/{id}",
    "/api/v1/compacts/{slug}/consultations/{id}/documents",
    "/api/v1/compacts/{slug}/consultations/{id}/documents/{document}",
    "/api/v1/compacts/{slug}/consultations/{id}/feedback",
    "/api/v1/compacts/{slug}/consultations/{id}/publish",
    "/api/v1/compacts/{slug}/consultations/{id}/recorded-responses",
    "/api/v1/compacts/{slug}/consultations/{id}/responses",
    "/api/v1/compacts/{slug}/findings",
    "/api/v1/compacts/{slug}/organisations/import",
    "/api/v1/compacts/{slug}/organisations/{id}",
    "/api/v1/compacts/{slug}/organisations/{id}/sign-ups",
    "/api/v1/compacts/{slug}/records/import",
    "/api/v1/compacts/{slug}/register",
    "/api/v1/compacts/{slug}/register/growth",
    "/api/v1/compacts/{slug}/sign-up-requests",
    "/api/v1/compacts/{slug}/sign-up-requests/{id}/decision",
    "/api/v1/compacts/{slug}/sign-ups/{id}/champion",
    "/api/v1/compacts/{slug}/sign-ups/{id}/withdrawal",
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
    async fn start(engine: Engine) -> TestApp {
        let db = TestDatabase::new(engine).await;
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

    /// A JSON body sent as `who`, or as the public with `None`.
    async fn send_json(&self, method: Method, path: &str, who: Option<&str>, body: Value) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(who) = who {
            request = request.header(
                header::AUTHORIZATION,
                format!("Bearer {}", self.tokens[who]),
            );
        }
        let response = self
            .app
            .clone()
            .oneshot(request.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
        };
        Reply {
            status,
            headers,
            json,
        }
    }

    /// A CSV file posted as `who`.
    async fn post_csv(&self, path: &str, who: &str, csv: &str) -> Reply {
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "text/csv")
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", self.tokens[who]),
            )
            .body(Body::from(csv.to_string()))
            .unwrap();
        self.send_request(request).await
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

test_on_both_engines!(the_list_of_compacts_is_public_and_paginated);
async fn the_list_of_compacts_is_public_and_paginated(engine: Engine) {
    let app = TestApp::start(engine).await;
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

test_on_both_engines!(a_compact_is_described_with_its_standards_bodies_and_stages);
async fn a_compact_is_described_with_its_standards_bodies_and_stages(engine: Engine) {
    let app = TestApp::start(engine).await;
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

test_on_both_engines!(findings_count_everything_but_list_confidential_ones_only_to_those_entitled);
async fn findings_count_everything_but_list_confidential_ones_only_to_those_entitled(
    engine: Engine,
) {
    let app = TestApp::start(engine).await;
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

test_on_both_engines!(findings_are_paginated);
async fn findings_are_paginated(engine: Engine) {
    let app = TestApp::start(engine).await;
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

test_on_both_engines!(only_the_secretariat_of_the_compact_reads_its_audit_log);
async fn only_the_secretariat_of_the_compact_reads_its_audit_log(engine: Engine) {
    let app = TestApp::start(engine).await;
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

test_on_both_engines!(the_account_is_the_tokens_own);
async fn the_account_is_the_tokens_own(engine: Engine) {
    let app = TestApp::start(engine).await;
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

test_on_both_engines!(revoked_unknown_and_malformed_tokens_are_refused_everywhere);
async fn revoked_unknown_and_malformed_tokens_are_refused_everywhere(engine: Engine) {
    let app = TestApp::start(engine).await;
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

test_on_both_engines!(every_error_has_the_same_shape);
async fn every_error_has_the_same_shape(engine: Engine) {
    let app = TestApp::start(engine).await;
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

test_on_both_engines!(api_answers_are_json_never_cached_and_set_no_cookies);
async fn api_answers_are_json_never_cached_and_set_no_cookies(engine: Engine) {
    let app = TestApp::start(engine).await;
    for path in ["/api/v1/compacts", "/api/v1/nothing"] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
        assert!(!reply.headers.contains_key(header::SET_COOKIE), "{path}");
    }
}

test_on_both_engines!(the_openapi_document_lists_exactly_the_routes_served);
async fn the_openapi_document_lists_exactly_the_routes_served(engine: Engine) {
    let app = TestApp::start(engine).await;
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
    let operations: Vec<(&str, &str, &Value)> = OPERATIONS
        .iter()
        .flat_map(|p| {
            doc["paths"][p]
                .as_object()
                .unwrap()
                .iter()
                .map(move |(method, op)| (*p, method.as_str(), op))
        })
        .collect();
    let ids: BTreeSet<&str> = operations
        .iter()
        .filter_map(|(_, _, op)| op["operationId"].as_str())
        .collect();
    assert_eq!(
        ids.len(),
        operations.len(),
        "operation ids are unique: {ids:?}"
    );
    assert_eq!(
        doc,
        serde_json::to_value(compact_web::api::openapi()).unwrap(),
        "the served document is the one the code builds"
    );
    // Each documented operation is served (not the catch-all 404), and
    // answers 200 to the secretariat.
    let charity = charity_id(&app).await.to_string();
    for (path, method, operation) in operations {
        for status in ["401", "500"] {
            assert!(
                operation["responses"][status].is_object(),
                "{method} {path} documents {status}"
            );
        }
        // A consultation's or an agreement's number is no organisation's:
        // their answers are checked in `consultation_api.rs` and
        // `funding_api.rs`.
        if method != "get"
            || path.contains("/consultations/{id}")
            || path.contains("/agreements/{id}")
        {
            continue;
        }
        let concrete = path
            .replace("{slug}", "blackpool")
            .replace("{id}", &charity);
        let reply = app.get(&concrete, Some("secretariat")).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.json);
        assert!(
            operation["responses"]["200"].is_object(),
            "{path} documents 200"
        );
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
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            let route = format!("`{} {path}`", method.to_uppercase());
            assert!(guide.contains(&route), "docs/api.md lists {route}");
        }
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

fn sign_up_body(signed_on: &str) -> Value {
    serde_json::json!({
        "signed_on": signed_on,
        "signed_by": "Amira Khan",
        "signer_role": "Chair of Trustees",
        "authority_confirmed": true,
        "champion": {"name": "Tom Price", "role": "Manager", "contact": "tom@example.org"}
    })
}

/// The id of the charity of the Blackpool scenario (the member's).
async fn charity_id(app: &TestApp) -> i64 {
    let register = app
        .get(
            "/api/v1/compacts/blackpool/register?standing=all&q=food",
            None,
        )
        .await;
    register.json["items"][0]["id"].as_i64().unwrap()
}

test_on_both_engines!(the_secretariat_records_a_sign_up_and_the_register_shows_it);
async fn the_secretariat_records_a_sign_up_and_the_register_shows_it(engine: Engine) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let empty = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(empty.json["total"], 0, "{}", empty.json);
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    let done = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            sign_up_body("2026-01-05"),
        )
        .await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.json);
    assert_eq!(done.json["outcome"], "recorded");
    let register = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(register.json["total"], 1);
    assert_eq!(register.json["signatories_by_sector"]["vcse"], 1);
    assert_eq!(register.json["items"][0]["standing"], "signatory");
    assert_eq!(register.json["items"][0]["champion"], "Tom Price");
    let before = app
        .get("/api/v1/compacts/blackpool/register?on=2026-01-04", None)
        .await;
    assert_eq!(before.json["total"], 0, "not yet signed on the day before");
    let organisation = format!("/api/v1/compacts/blackpool/organisations/{charity}");
    let public = app.get(&organisation, None).await;
    assert_eq!(
        public.json["sign_ups"][0]["champion"]["contact"],
        Value::Null
    );
    let partner = app.get(&organisation, Some("bystander")).await;
    assert_eq!(
        partner.json["sign_ups"][0]["champion"]["contact"],
        "tom@example.org"
    );
    let again = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            sign_up_body("2026-02-05"),
        )
        .await;
    assert_error(&again, StatusCode::CONFLICT, "conflict");
    let growth = app
        .get("/api/v1/compacts/blackpool/register/growth", None)
        .await;
    assert_eq!(
        growth.json.as_array().unwrap().last().unwrap()["signatories"],
        1
    );
}

test_on_both_engines!(a_member_asks_to_sign_up_and_the_secretariat_decides);
async fn a_member_asks_to_sign_up_and_the_secretariat_decides(engine: Engine) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    let public = app
        .send_json(Method::POST, &path, None, sign_up_body("2026-01-05"))
        .await;
    assert_error(&public, StatusCode::UNAUTHORIZED, "unauthorised");
    let stranger = app
        .send_json(
            Method::POST,
            &path,
            Some("bystander"),
            sign_up_body("2026-01-05"),
        )
        .await;
    assert_error(&stranger, StatusCode::FORBIDDEN, "forbidden");
    let asked = app
        .send_json(
            Method::POST,
            &path,
            Some("member"),
            sign_up_body("2026-01-05"),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.json);
    let request = asked.json["request"].as_i64().unwrap();
    let queue = "/api/v1/compacts/blackpool/sign-up-requests";
    assert_error(
        &app.get(queue, Some("member")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let listed = app.get(queue, Some("secretariat")).await;
    assert_eq!(listed.json[0]["status"], "pending", "{}", listed.json);
    let decision = format!("{queue}/{request}/decision");
    let body = serde_json::json!({"decision": "approve", "note": "Welcome"});
    let by_member = app
        .send_json(Method::POST, &decision, Some("member"), body.clone())
        .await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let approved = app
        .send_json(Method::POST, &decision, Some("secretariat"), body.clone())
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.json);
    assert_eq!(approved.json["status"], "approved");
    assert!(approved.json["sign_up"].is_i64());
    let twice = app
        .send_json(Method::POST, &decision, Some("secretariat"), body)
        .await;
    assert_error(&twice, StatusCode::CONFLICT, "conflict");
    let register = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(register.json["items"][0]["id"], charity);
}

test_on_both_engines!(bad_sign_ups_name_each_field_and_change_nothing);
async fn bad_sign_ups_name_each_field_and_change_nothing(engine: Engine) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    let mut body = sign_up_body("31/02/2026");
    body["authority_confirmed"] = Value::Bool(false);
    body["champion"]["name"] = Value::String(" ".into());
    let invalid = app
        .send_json(Method::POST, &path, Some("secretariat"), body)
        .await;
    assert_error(&invalid, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let message = invalid.json["error"]["message"].as_str().unwrap();
    for field in [
        "signed_on: not a date",
        "champion_name: missing",
        "authority: missing",
    ] {
        assert!(message.contains(field), "{message}");
    }
    let malformed = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            serde_json::json!({"signed_on": 5}),
        )
        .await;
    assert_error(&malformed, StatusCode::BAD_REQUEST, "bad_request");
    let register = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(register.json["total"], 0);
    let bad_filter = app
        .get("/api/v1/compacts/blackpool/register?sector=nowhere", None)
        .await;
    assert_error(&bad_filter, StatusCode::BAD_REQUEST, "bad_request");
}

test_on_both_engines!(
    champions_are_changed_by_their_organisation_and_withdrawals_by_the_secretariat
);
async fn champions_are_changed_by_their_organisation_and_withdrawals_by_the_secretariat(
    engine: Engine,
) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    let done = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            sign_up_body("2026-01-05"),
        )
        .await;
    let sign_up = done.json["sign_up"].as_i64().unwrap();
    let champion = format!("/api/v1/compacts/blackpool/sign-ups/{sign_up}/champion");
    let new_champion = serde_json::json!({
        "name": "Jo Bloggs", "role": "Volunteer lead", "contact": "01253 000000",
        "appointed_on": "2026-03-01", "trained_on": "2026-03-10"
    });
    let stranger = app
        .send_json(
            Method::PUT,
            &champion,
            Some("bystander"),
            new_champion.clone(),
        )
        .await;
    assert_error(&stranger, StatusCode::FORBIDDEN, "forbidden");
    let own = app
        .send_json(Method::PUT, &champion, Some("member"), new_champion)
        .await;
    assert_eq!(own.status, StatusCode::NO_CONTENT, "{}", own.json);
    let organisation = app
        .get(
            &format!("/api/v1/compacts/blackpool/organisations/{charity}"),
            None,
        )
        .await;
    assert_eq!(
        organisation.json["sign_ups"][0]["champion"]["name"],
        "Jo Bloggs"
    );
    assert_eq!(
        organisation.json["sign_ups"][0]["champion"]["trained_on"],
        "2026-03-10"
    );

    let withdrawal = format!("/api/v1/compacts/blackpool/sign-ups/{sign_up}/withdrawal");
    let body = serde_json::json!({"withdrawn_on": "2026-04-01", "reason": "Merged"});
    let by_member = app
        .send_json(Method::POST, &withdrawal, Some("member"), body.clone())
        .await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let early = app
        .send_json(
            Method::POST,
            &withdrawal,
            Some("secretariat"),
            serde_json::json!({"withdrawn_on": "2025-12-31", "reason": "Merged"}),
        )
        .await;
    assert_error(&early, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let done = app
        .send_json(Method::POST, &withdrawal, Some("secretariat"), body.clone())
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.json);
    let again = app
        .send_json(Method::POST, &withdrawal, Some("secretariat"), body)
        .await;
    assert_error(&again, StatusCode::CONFLICT, "conflict");
    let register = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(register.json["total"], 0);
    let history = app
        .get("/api/v1/compacts/blackpool/register?on=2026-03-31", None)
        .await;
    assert_eq!(
        history.json["total"], 1,
        "still a signatory before withdrawing"
    );
    let audit = app
        .get(
            "/api/v1/compacts/blackpool/audit?per_page=200",
            Some("secretariat"),
        )
        .await;
    let actions: Vec<&str> = audit.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in ["signatory.create", "champion.set", "signatory.withdraw"] {
        assert!(actions.contains(&action), "{actions:?}");
    }
}

test_on_both_engines!(the_secretariat_imports_a_file_and_importing_it_again_changes_nothing);
async fn the_secretariat_imports_a_file_and_importing_it_again_changes_nothing(engine: Engine) {
    let app = TestApp::start(engine).await;
    let path = "/api/v1/compacts/blackpool/organisations/import";
    let csv = "name,kind,charity_number,postcode\n\
               Bispham Boxing Club,community_group,,FY2 9HX\n\
               Layton Larder,charity,1123456,\n\
               ,charity,12,nowhere\n";
    let by_member = app.post_csv(path, "member", csv).await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let dry = app
        .post_csv(&format!("{path}?dry_run=true"), "secretariat", csv)
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.json);
    assert_eq!(dry.json["dry_run"], true);
    assert_eq!(dry.json["created"], 2);
    let all = "/api/v1/compacts/blackpool/register?standing=all";
    assert_eq!(
        app.get(all, None).await.json["total"],
        3,
        "a dry run keeps nothing"
    );
    let done = app.post_csv(path, "secretariat", csv).await;
    assert_eq!(done.json["created"], 2, "{}", done.json);
    assert_eq!(done.json["rejected"], 1);
    let columns: Vec<&str> = done.json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["row"], 4);
            p["column"].as_str().unwrap()
        })
        .collect();
    assert!(
        columns.contains(&"name") && columns.contains(&"postcode"),
        "{columns:?}"
    );
    assert_eq!(app.get(all, None).await.json["total"], 5);
    let again = app.post_csv(path, "secretariat", csv).await;
    assert_eq!(again.json["created"], 0);
    assert_eq!(again.json["unchanged"], 2);
    let unreadable = app
        .post_csv(path, "secretariat", "colour,shape\nred,round\n")
        .await;
    assert_error(&unreadable, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let bad_format = app
        .post_csv(&format!("{path}?format=excel"), "secretariat", csv)
        .await;
    assert_error(&bad_format, StatusCode::BAD_REQUEST, "bad_request");
}

test_on_both_engines!(a_councils_spreadsheet_is_imported_once_through_the_api);
async fn a_councils_spreadsheet_is_imported_once_through_the_api(engine: Engine) {
    let app = TestApp::start(engine).await;
    let path = "/api/v1/compacts/blackpool/records/import";
    let csv = "reference,title,funder,recipient,kind,amount,starts_on,ends_on\n\
               BC-1,Food parcels,Blackpool Council,Seaside Food Bank,grant,\"£12,500\",2025-04-01,2027-03-31\n\
               BC-2,Advice,Blackpool Council,Nobody,grant,5000,2025-04-01,2026-03-31\n";
    let by_member = app.post_csv(path, "member", csv).await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let dry = app
        .post_csv(&format!("{path}?dry_run=true"), "secretariat", csv)
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.json);
    assert_eq!(
        (dry.json["dry_run"].clone(), dry.json["created"].clone()),
        (Value::from(true), Value::from(1))
    );
    let done = app
        .post_csv(&format!("{path}?kind=agreements"), "secretariat", csv)
        .await;
    assert_eq!(done.json["created"], 1, "{}", done.json);
    assert_eq!(done.json["rejected"], 1);
    assert_eq!(done.json["problems"][0]["row"], 3);
    assert_eq!(done.json["problems"][0]["column"], "recipient");
    let again = app.post_csv(path, "secretariat", csv).await;
    assert_eq!(
        (
            again.json["created"].clone(),
            again.json["unchanged"].clone()
        ),
        (Value::from(0), Value::from(1))
    );
    let bad_kind = app
        .post_csv(&format!("{path}?kind=grants"), "secretariat", csv)
        .await;
    assert_error(&bad_kind, StatusCode::BAD_REQUEST, "bad_request");
    let unreadable = app
        .post_csv(path, "secretariat", "colour,shape\nred,round\n")
        .await;
    assert_error(&unreadable, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
}

test_on_both_engines!(dates_no_one_could_mean_are_refused_naming_the_field_and_the_range);
async fn dates_no_one_could_mean_are_refused_naming_the_field_and_the_range(engine: Engine) {
    let app = TestApp::start(engine).await;
    for path in [
        "/api/v1/compacts/blackpool/register?on=9999-12-31",
        "/api/v1/compacts/blackpool/register/growth?on=9999-12-31",
    ] {
        let far = app.get(path, None).await;
        assert_error(&far, StatusCode::BAD_REQUEST, "bad_request");
        let message = far.json["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("\"9999-12-31\" is after today: the register can be shown on any date from 1 January 1998 to today"),
            "{message}"
        );
    }
    let early = app
        .get("/api/v1/compacts/blackpool/register?on=1997-12-31", None)
        .await;
    assert_error(&early, StatusCode::BAD_REQUEST, "bad_request");
    assert!(early.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("is too early"));

    let charity = charity_id(&app).await;
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    for signed_on in ["1000-01-01", "0001-01-01", "2009-10-31"] {
        let refused = app
            .send_json(
                Method::POST,
                &path,
                Some("secretariat"),
                sign_up_body(signed_on),
            )
            .await;
        assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        let fields = &refused.json["error"]["fields"];
        assert_eq!(fields.as_array().unwrap().len(), 1, "{fields}");
        assert_eq!(fields[0]["field"], "signed_on");
        assert_eq!(fields[0]["problem"], "too_early");
        // Blackpool's Compact is the edition of November 2009.
        assert_eq!(fields[0]["earliest"], "2009-11-01");
        let message = refused.json["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("signed_on: too early, use a date from 1 November 2009 to today ("),
            "{message}"
        );
    }
    let register = app
        .get("/api/v1/compacts/blackpool/register?standing=all", None)
        .await;
    assert!(
        register.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["signed_on"].is_null()),
        "nothing was signed: {}",
        register.json
    );
    let edition_day = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            sign_up_body("2009-11-01"),
        )
        .await;
    assert_eq!(
        edition_day.status,
        StatusCode::CREATED,
        "{}",
        edition_day.json
    );
}

test_on_both_engines!(the_growth_series_stays_short_whatever_is_stored);
async fn the_growth_series_stays_short_whatever_is_stored(engine: Engine) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let store = &app._db.store;
    let compact = store.compact("blackpool").await.unwrap().id;
    let signed_on = chrono::NaiveDate::from_ymd_opt(1000, 1, 1).unwrap();
    store
        .add_signatory(
            compact,
            compact_core::OrganisationId(charity),
            &compact_core::register::SignUp {
                signed_on,
                signed_by: "A".into(),
                signer_role: "Chair".into(),
                champion: compact_core::model::Champion {
                    name: "B".into(),
                    role: "C".into(),
                    contact: "b@example.org".into(),
                    appointed_on: signed_on,
                    trained_on: None,
                },
            },
            "Revised November 2009",
            &Actor::system("test"),
        )
        .await
        .unwrap();
    let growth = app
        .get("/api/v1/compacts/blackpool/register/growth", None)
        .await;
    assert_eq!(growth.status, StatusCode::OK);
    let points = growth.json.as_array().unwrap();
    assert!((1..=120).contains(&points.len()), "{} points", points.len());
    assert_eq!(
        points
            .iter()
            .map(|p| p["joined"].as_u64().unwrap())
            .sum::<u64>(),
        1
    );
}

/// A CSV header of `columns` columns, each named `c` and its number.
fn wide_header(columns: usize, separator: &str) -> String {
    (0..columns)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(separator)
}

test_on_both_engines!(import_files_with_too_many_columns_or_too_long_rows_are_refused_clearly);
async fn import_files_with_too_many_columns_or_too_long_rows_are_refused_clearly(engine: Engine) {
    let app = TestApp::start(engine).await;
    let path = "/api/v1/compacts/blackpool/organisations/import";
    let wide = format!(
        "{}\nBispham Boxing Club,community_group\n",
        wide_header(100_000, ",")
    );
    let refused = app.post_csv(path, "secretariat", &wide).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let message = refused.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("header row has 100000 columns; a file may have at most 200"),
        "{message}"
    );

    let long = format!(
        "name,kind,address\nBispham Boxing Club,community_group,\nLong Row,charity,{}\n",
        "x".repeat(70_000)
    );
    let done = app.post_csv(path, "secretariat", &long).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    assert_eq!(done.json["created"], 1);
    assert_eq!(done.json["rejected"], 1);
    let problem = &done.json["problems"][0];
    assert_eq!(problem["row"], 3);
    assert!(
        problem["problem"].as_str().unwrap().starts_with(
            "this row is 70,018 bytes long; a row may be at most 65,536 bytes (64 KiB) long"
        ),
        "{problem}"
    );
}
