//! The test app the API tests drive: the real router over a fresh
//! database, with an API token for each person of the scenario.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use compact_core::access::{Grant, Role};
use compact_core::definition::shipped;
use compact_store::testing::TestDatabase;
use compact_store::Engine;
use compact_store::{password, secrets, Actor};
use compact_web::{router, AppState, Settings};
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::HashMap;
use tower::ServiceExt;

use crate::support::{blackpool, Blackpool};

/// The app with two Compacts (Blackpool with records that give public and
/// confidential findings, and Wiltshire) and an API token for each person.
pub struct TestApp {
    app: Router,
    pub db: TestDatabase,
    pub tokens: HashMap<&'static str, String>,
    pub revoked: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: Value,
}

impl TestApp {
    pub async fn start(engine: Engine) -> TestApp {
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
            db,
            tokens,
            revoked,
        }
    }

    pub async fn send(&self, method: Method, path: &str, token: Option<&str>) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send_request(request.body(Body::empty()).unwrap())
            .await
    }

    pub async fn send_request(&self, request: Request<Body>) -> Reply {
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
    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        who: Option<&str>,
        body: Value,
    ) -> Reply {
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
    pub async fn post_csv(&self, path: &str, who: &str, csv: &str) -> Reply {
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
    pub async fn get(&self, path: &str, who: Option<&str>) -> Reply {
        let token = who.map(|w| self.tokens[w].clone());
        self.send(Method::GET, path, token.as_deref()).await
    }
}

/// The error shape, with the status that matches its code.
pub fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
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

pub fn labels(findings: &Value) -> Vec<String> {
    findings["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["subject"]["label"].as_str().unwrap().to_string())
        .collect()
}
