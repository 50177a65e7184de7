//! Each refusal of the register's use cases, asked for through a page and
//! through the API: both answer with the same status, because both only
//! translate the one use case's answer.

mod support;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::NaiveDate;
use compact_core::model::Champion;
use compact_core::register::SignUp;
use compact_store::{test_on_both_engines, Actor, Engine};
use serde_json::{json, Value};
use support::web::{csrf_token, Browser, TestApp};
use tower::ServiceExt;

fn sign_up(signed_on: NaiveDate) -> SignUp {
    SignUp {
        signed_on,
        signed_by: "Mary Smith".into(),
        signer_role: "Chair".into(),
        champion: Champion {
            name: "Carol Jones".into(),
            role: "Partnerships officer".into(),
            contact: "carol@example.org".into(),
            appointed_on: signed_on,
            trained_on: None,
        },
    }
}

/// Every field any register form takes, filled in well.
fn full_form(token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf_token", token.to_string()),
        ("signed_on", "05/01/2026".into()),
        ("signed_by", "Sandra Bell".into()),
        ("signer_role", "Chair of Trustees".into()),
        ("authority", "yes".into()),
        ("champion_name", "Dev Patel".into()),
        ("champion_role", "Volunteer coordinator".into()),
        ("champion_contact", "dev@example.org".into()),
        ("withdrawn_on", "01/02/2026".into()),
        ("reason", "Merged".into()),
        ("decision", "approve".into()),
    ]
}

/// The same form with its other fields left empty.
fn blank_form(token: &str) -> Vec<(&'static str, String)> {
    vec![("csrf_token", token.to_string())]
}

struct Setup {
    app: TestApp,
    /// The council's sign-up, in force.
    in_force: i64,
    /// The residents' association's sign-up, withdrawn.
    withdrawn: i64,
    /// The food bank's request, already refused.
    decided: i64,
}

async fn setup(engine: Engine) -> Setup {
    let app = TestApp::start(engine).await;
    let system = Actor::system("test");
    let on = NaiveDate::from_ymd_opt(2025, 1, 10).unwrap();
    let edition = "test";
    let in_force = app
        .store
        .add_signatory(app.compact, app.council, &sign_up(on), edition, &system)
        .await
        .unwrap();
    let withdrawn = app
        .store
        .add_signatory(app.compact, app.bystander, &sign_up(on), edition, &system)
        .await
        .unwrap();
    app.store
        .withdraw_signatory(app.compact, withdrawn, on, "Closed", &system)
        .await
        .unwrap();
    let (member, _) = app
        .store
        .account_by_email("member@example.org")
        .await
        .unwrap()
        .unwrap();
    let request = app
        .store
        .request_signup(
            app.compact,
            app.charity,
            &sign_up(on),
            edition,
            member.id,
            &system,
        )
        .await
        .unwrap();
    let (secretariat, _) = app
        .store
        .account_by_email("secretariat@example.org")
        .await
        .unwrap()
        .unwrap();
    app.store
        .decide_signup(app.compact, request, false, "No", secretariat.id, &system)
        .await
        .unwrap();
    Setup {
        app,
        in_force: in_force.0,
        withdrawn: withdrawn.0,
        decided: request.0,
    }
}

impl Setup {
    /// A browser as `who` (`None`: the public) and its form token.
    async fn browser(&self, who: Option<&str>) -> (Browser, String) {
        let mut browser = match who {
            Some(who) => self.app.sign_in(&format!("{who}@example.org")).await,
            None => Browser::default(),
        };
        let with_form = if who.is_some() {
            "/account"
        } else {
            "/sign-in"
        };
        let token = csrf_token(&self.app.get(&mut browser, with_form).await.body);
        (browser, token)
    }

    /// A new API token for `who`.
    async fn token(&self, who: &str) -> String {
        support::api::token(&self.app, who).await
    }

    async fn api(&self, method: Method, path: &str, who: Option<&str>, body: Value) -> StatusCode {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(who) = who {
            let token = self.token(who).await;
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let response = self
            .app
            .app
            .clone()
            .oneshot(request.body(Body::from(body.to_string())).unwrap())
            .await
            .unwrap();
        response.status()
    }

    async fn page(&self, path: &str, who: Option<&str>, blank: bool) -> StatusCode {
        let (mut browser, token) = self.browser(who).await;
        let form = if blank {
            blank_form(&token)
        } else {
            full_form(&token)
        };
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.app.post(&mut browser, path, &pairs).await.status
    }
}

fn sign_up_body(blank: bool) -> Value {
    if blank {
        json!({"signed_on": "", "signed_by": "", "signer_role": "", "authority_confirmed": false,
               "champion": {"name": "", "role": "", "contact": ""}})
    } else {
        json!({"signed_on": "2026-01-05", "signed_by": "Sandra Bell", "signer_role": "Chair",
               "authority_confirmed": true,
               "champion": {"name": "Dev Patel", "role": "Coordinator", "contact": "dev@example.org"}})
    }
}

test_on_both_engines!(the_page_and_the_api_answer_each_refusal_alike);
async fn the_page_and_the_api_answer_each_refusal_alike(engine: Engine) {
    let s = setup(engine).await;
    let (charity, council, bystander) = (s.app.charity, s.app.council, s.app.bystander);
    let org =
        |slug: &str, id: i64, what: &str| format!("/compacts/{slug}/organisations/{id}/{what}");
    let champion_body = |blank: bool| {
        if blank {
            json!({"name": "", "role": "", "contact": ""})
        } else {
            json!({"name": "Dev Patel", "role": "Coordinator", "contact": "dev@example.org"})
        }
    };
    let withdrawal = json!({"withdrawn_on": "2026-02-01", "reason": "Merged"});
    let decision = json!({"decision": "approve", "note": ""});
    // (what, who, page address, blank form, API method and address, API
    // body, the status both must answer)
    type Case = (
        &'static str,
        Option<&'static str>,
        String,
        bool,
        Method,
        String,
        Value,
        StatusCode,
    );
    let cases: Vec<Case> = vec![
        (
            "the public signs an organisation up",
            None,
            org("blackpool", charity.0, "sign-up"),
            false,
            Method::POST,
            format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups"),
            sign_up_body(false),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "a member signs up an organisation not theirs",
            Some("bystander"),
            org("blackpool", charity.0, "sign-up"),
            false,
            Method::POST,
            format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups"),
            sign_up_body(false),
            StatusCode::FORBIDDEN,
        ),
        (
            "an organisation not in the register",
            Some("secretariat"),
            org("blackpool", 999_999, "sign-up"),
            false,
            Method::POST,
            "/api/v1/compacts/blackpool/organisations/999999/sign-ups".into(),
            sign_up_body(false),
            StatusCode::NOT_FOUND,
        ),
        (
            "a Compact that does not exist",
            Some("secretariat"),
            org("nowhere", charity.0, "sign-up"),
            false,
            Method::POST,
            format!("/api/v1/compacts/nowhere/organisations/{charity}/sign-ups"),
            sign_up_body(false),
            StatusCode::NOT_FOUND,
        ),
        (
            "a sign-up with every field empty",
            Some("secretariat"),
            org("blackpool", charity.0, "sign-up"),
            true,
            Method::POST,
            format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups"),
            sign_up_body(true),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "signing up a signatory again",
            Some("secretariat"),
            org("blackpool", council.0, "sign-up"),
            false,
            Method::POST,
            format!("/api/v1/compacts/blackpool/organisations/{council}/sign-ups"),
            sign_up_body(false),
            StatusCode::CONFLICT,
        ),
        (
            "a champion for a sign-up not in force",
            Some("secretariat"),
            org("blackpool", bystander.0, "champion"),
            false,
            Method::PUT,
            format!(
                "/api/v1/compacts/blackpool/sign-ups/{}/champion",
                s.withdrawn
            ),
            champion_body(false),
            StatusCode::CONFLICT,
        ),
        (
            "a champion with every field empty",
            Some("secretariat"),
            org("blackpool", council.0, "champion"),
            true,
            Method::PUT,
            format!(
                "/api/v1/compacts/blackpool/sign-ups/{}/champion",
                s.in_force
            ),
            champion_body(true),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a member changes another organisation's champion",
            Some("member"),
            org("blackpool", council.0, "champion"),
            false,
            Method::PUT,
            format!(
                "/api/v1/compacts/blackpool/sign-ups/{}/champion",
                s.in_force
            ),
            champion_body(false),
            StatusCode::FORBIDDEN,
        ),
        (
            "an officer records its own withdrawal",
            Some("officer"),
            org("blackpool", council.0, "withdraw"),
            false,
            Method::POST,
            format!(
                "/api/v1/compacts/blackpool/sign-ups/{}/withdrawal",
                s.in_force
            ),
            withdrawal.clone(),
            StatusCode::FORBIDDEN,
        ),
        (
            "a withdrawal from a sign-up already withdrawn",
            Some("secretariat"),
            org("blackpool", bystander.0, "withdraw"),
            false,
            Method::POST,
            format!(
                "/api/v1/compacts/blackpool/sign-ups/{}/withdrawal",
                s.withdrawn
            ),
            withdrawal.clone(),
            StatusCode::CONFLICT,
        ),
        (
            "deciding a request already decided",
            Some("secretariat"),
            format!("/compacts/blackpool/sign-up-requests/{}", s.decided),
            false,
            Method::POST,
            format!(
                "/api/v1/compacts/blackpool/sign-up-requests/{}/decision",
                s.decided
            ),
            decision.clone(),
            StatusCode::CONFLICT,
        ),
        (
            "deciding a request that does not exist",
            Some("secretariat"),
            "/compacts/blackpool/sign-up-requests/999999".into(),
            false,
            Method::POST,
            "/api/v1/compacts/blackpool/sign-up-requests/999999/decision".into(),
            decision.clone(),
            StatusCode::NOT_FOUND,
        ),
        (
            "a member decides a request",
            Some("member"),
            format!("/compacts/blackpool/sign-up-requests/{}", s.decided),
            false,
            Method::POST,
            format!(
                "/api/v1/compacts/blackpool/sign-up-requests/{}/decision",
                s.decided
            ),
            decision.clone(),
            StatusCode::FORBIDDEN,
        ),
    ];
    for (what, who, page, blank, method, api, body, expected) in cases {
        let by_page = s.page(&page, who, blank).await;
        let by_api = s.api(method, &api, who, body).await;
        assert_eq!(by_page, expected, "{what}: the page");
        assert_eq!(by_api, expected, "{what}: the API");
    }
}
