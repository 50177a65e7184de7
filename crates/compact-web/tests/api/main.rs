//! The JSON API, driven through the real router on SQLite and PostgreSQL:
//! each endpoint, who may read what, tokens, the error shape, and the
//! OpenAPI document against the routes actually served.

#[path = "../support/mod.rs"]
mod support;

mod app;
mod register;

use app::{assert_error, labels, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use compact_store::{secrets, test_on_both_engines, Engine};
use register::charity_id;
use serde_json::Value;
use std::collections::BTreeSet;
use support::{DISPUTE, PUBLIC};

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
