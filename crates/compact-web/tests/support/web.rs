//! The pages' test harness: the real router on a real database (SQLite or
//! PostgreSQL, see `test_on_both_engines!`) with Blackpool's scenario and an
//! account for every role, and a browser that keeps its cookies and sends
//! forms.

#![allow(dead_code)] // each test file uses its own part of this

use super::{blackpool, Blackpool};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use compact_core::access::{Grant, Role};
use compact_core::definition::{shipped, OrganisationKind};
use compact_core::rules::fixtures::organisation;
use compact_core::{CompactId, OrganisationId};
use compact_store::testing::TestDatabase;
use compact_store::Engine;
use compact_store::{password, Actor};
use compact_web::{router, AppState, Settings};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const PASSWORD: &str = "a long enough password";

/// The running app with a Compact (Blackpool's), records that produce both
/// public and confidential findings, and an account for every role.
pub struct TestApp {
    pub app: Router,
    pub store: compact_store::Store,
    pub _db: TestDatabase,
    pub compact: CompactId,
    pub council: OrganisationId,
    pub charity: OrganisationId,
    pub bystander: OrganisationId,
}

/// A browser: keeps the cookies it is given.
#[derive(Default)]
pub struct Browser {
    pub cookies: Vec<(String, String)>,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

impl TestApp {
    /// The app on a fresh database of `engine`.
    pub async fn start(engine: Engine) -> TestApp {
        let db = TestDatabase::new(engine).await;
        let store = db.store.clone();
        let Blackpool {
            compact,
            council,
            charity,
            bystander,
        } = blackpool(&store).await;
        let app = TestApp {
            store: store.clone(),
            app: router(AppState::new(
                store.clone(),
                Settings::local(([127, 0, 0, 1], 8080).into()),
            )),
            compact,
            council,
            charity,
            bystander,
            _db: db,
        };
        let hash = password::hash(PASSWORD).unwrap();
        let accounts = [
            ("secretariat@example.org", Role::Secretariat, None),
            ("group@example.org", Role::Group, None),
            ("officer@example.org", Role::Officer, Some(app.council)),
            ("member@example.org", Role::Member, Some(app.charity)),
            ("bystander@example.org", Role::Member, Some(app.bystander)),
        ];
        let system = Actor::System("test".into());
        for (email, role, organisation) in accounts {
            let account = store
                .create_account(email, email, &hash, &system)
                .await
                .unwrap();
            let grant = Grant::new(compact, role, organisation).unwrap();
            store.grant(account.id, &grant, &system).await.unwrap();
        }
        store
            .create_account("nobody@example.org", "No Roles", &hash, &system)
            .await
            .unwrap();
        app
    }

    /// Wiltshire's Compact (which sets a reduction procedure) beside
    /// Blackpool's, with a council, a charity and an officer of the council.
    pub async fn wiltshire(&self) -> (i64, i64) {
        let system = Actor::system("test");
        let compact = self
            .store
            .create_compact(
                "wiltshire",
                "Wiltshire Compact",
                shipped("wiltshire").unwrap(),
                &system,
            )
            .await
            .unwrap();
        let council = self
            .store
            .add_organisation(
                compact,
                &organisation(1, "Wiltshire Council", OrganisationKind::LocalAuthority),
                &system,
            )
            .await
            .unwrap();
        let charity = self
            .store
            .add_organisation(
                compact,
                &organisation(2, "Downs Lunch Club", OrganisationKind::Charity),
                &system,
            )
            .await
            .unwrap();
        let hash = password::hash(PASSWORD).unwrap();
        let account = self
            .store
            .create_account(
                "wilts-officer@example.org",
                "Wiltshire officer",
                &hash,
                &system,
            )
            .await
            .unwrap();
        let grant = Grant::new(compact, Role::Officer, Some(council)).unwrap();
        self.store.grant(account.id, &grant, &system).await.unwrap();
        (council.0, charity.0)
    }

    pub async fn request(&self, browser: &mut Browser, request: Request<Body>) -> Page {
        let response = self.app.clone().oneshot(request).await.unwrap();
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            browser.cookies.retain(|(n, _)| n != name);
            let removed = text.contains("Max-Age=0") || value.is_empty();
            if !removed {
                browser.cookies.push((name.to_string(), value.to_string()));
            }
        }
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            location,
            content_type,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    pub async fn get(&self, browser: &mut Browser, path: &str) -> Page {
        let request = Request::get(path)
            .header(header::COOKIE, browser.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.request(browser, request).await
    }

    pub async fn post(&self, browser: &mut Browser, path: &str, form: &[(&str, &str)]) -> Page {
        self.post_from(browser, path, form, None).await
    }

    /// Post `form` as a browser at the network address `client` (which
    /// the service reads from `X-Forwarded-For`, as behind a local proxy).
    pub async fn post_from(
        &self,
        browser: &mut Browser,
        path: &str,
        form: &[(&str, &str)],
        client: Option<&str>,
    ) -> Page {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::post(path)
            .header(header::COOKIE, browser.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(client) = client {
            request = request.header("x-forwarded-for", client);
        }
        self.request(browser, request.body(Body::from(body)).unwrap())
            .await
    }

    /// Call the API with `token`, sending `body` as its content type says;
    /// the answer's status and JSON (null when it is none).
    pub async fn call_api(
        &self,
        method: axum::http::Method,
        path: &str,
        token: Option<&str>,
        body: Option<(String, Vec<u8>)>,
    ) -> (StatusCode, serde_json::Value) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some((content_type, body)) => {
                request = request.header(header::CONTENT_TYPE, content_type);
                Body::from(body)
            }
            None => Body::empty(),
        };
        let response = self
            .app
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        (status, value)
    }

    /// A new API token of the account `{who}@example.org`.
    pub async fn api_token(&self, who: &str) -> String {
        let (account, _) = self
            .store
            .account_by_email(&format!("{who}@example.org"))
            .await
            .unwrap()
            .unwrap();
        let token = compact_store::secrets::new_token();
        let hash = compact_store::secrets::token_hash(&token);
        self.store
            .create_api_token(account.id, "tests", &hash, &Actor::system("test"))
            .await
            .unwrap();
        token
    }

    /// Send a file form (`multipart/form-data`) as a browser does: the
    /// text `fields`, then the file `file` named `name`.
    pub async fn upload(
        &self,
        browser: &mut Browser,
        path: &str,
        fields: &[(&str, &str)],
        name: &str,
        file: &[u8],
    ) -> Page {
        let boundary = "compact-test-boundary";
        let mut body = String::new();
        for (field, value) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n"
        ));
        let mut body = body.into_bytes();
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::post(path)
            .header(header::COOKIE, browser.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.request(browser, request).await
    }

    /// Sign in through the form, as a person would.
    pub async fn sign_in(&self, email: &str) -> Browser {
        let mut browser = Browser::default();
        let form = self.get(&mut browser, "/sign-in").await;
        let token = csrf_token(&form.body);
        let page = self
            .post(
                &mut browser,
                "/sign-in",
                &[
                    ("email", email),
                    ("password", PASSWORD),
                    ("csrf_token", &token),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in");
        browser
    }
}

impl Browser {
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn csrf_token(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html
        .find(marker)
        .expect("the page has a form with a CSRF token")
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}
