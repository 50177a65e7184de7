//! The kitemark through the real router on SQLite and PostgreSQL: the
//! badge of a current signatory, the verification page and API for genuine,
//! revoked and forged links, and keys rotated while old badges stay good.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use compact_core::kitemark::{PublicKeyList, SignedClaim};
use compact_core::model::{Organisation, Records, Signatory};
use compact_store::testing::TestDatabase;
use compact_store::{test_on_both_engines, Engine};
use compact_store::{Actor, KeyRing, StoredCompact};
use compact_web::kitemark::{links, KitemarkLinks};
use compact_web::{router, AppState, Settings};
use http_body_util::BodyExt;
use tower::ServiceExt;

const PUBLIC_URL: &str = "https://compact.example.org";

/// Blackpool's Compact with a food bank that is a signatory today and a
/// residents' association that signed up and later withdrew.
struct TestApp {
    state: AppState,
    compact: StoredCompact,
    records: Records,
    _db: TestDatabase,
    _keys: tempfile::TempDir,
}

impl TestApp {
    /// The app with a fresh key ring, which `prepare` may change (rotate)
    /// before the server takes it.
    async fn start_with(engine: Engine, prepare: impl FnOnce(&mut KeyRing)) -> TestApp {
        let db = TestDatabase::new(engine).await;
        let store = db.store.clone();
        let system = Actor::system("test");
        let id = store
            .create_compact(
                "blackpool",
                "Compact for Blackpool",
                compact_core::definition::shipped("blackpool").unwrap(),
                &system,
            )
            .await
            .unwrap();
        let records: Records = serde_json::from_value(serde_json::json!({
            "organisations": [
                { "id": 1, "name": "Seaside Food Bank", "kind": "charity" },
                { "id": 2, "name": "Promenade Residents", "kind": "residents_association" },
                { "id": 3, "name": "Never Signed Trust", "kind": "charity" },
            ],
            "signatories": [
                { "id": 1, "organisation": 1, "signed_on": "2024-05-01" },
                { "id": 2, "organisation": 2, "signed_on": "2023-02-01",
                  "withdrawn_on": "2025-06-30", "withdrawal_reason": "wound up" },
            ],
        }))
        .unwrap();
        store.save_records(id, &records, &system).await.unwrap();
        let keys = tempfile::tempdir().unwrap();
        let mut ring = KeyRing::open_or_create(&keys.path().join("keys")).unwrap();
        prepare(&mut ring);
        let mut settings = Settings::local(([127, 0, 0, 1], 8080).into());
        settings.public_url = PUBLIC_URL.into();
        let state = AppState::new(store.clone(), settings).with_kitemark(ring);
        TestApp {
            compact: store.compact("blackpool").await.unwrap(),
            records: store.load_records(id).await.unwrap(),
            state,
            _db: db,
            _keys: keys,
        }
    }

    async fn start(engine: Engine) -> TestApp {
        TestApp::start_with(engine, |_| {}).await
    }

    fn app(&self) -> Router {
        router(self.state.clone())
    }

    fn organisation(&self, name: &str) -> (&Organisation, &Signatory) {
        let org = self
            .records
            .organisations
            .iter()
            .find(|o| o.name == name)
            .unwrap();
        let sign_up = self
            .records
            .signatories
            .iter()
            .find(|s| s.organisation == org.id)
            .unwrap();
        (org, sign_up)
    }

    fn links_for(&self, name: &str) -> Option<KitemarkLinks> {
        let (org, sign_up) = self.organisation(name);
        links(&self.state, &self.compact, org, sign_up)
    }

    /// A link for a sign-up as the ring would have issued it at the time,
    /// whether or not it is current now.
    fn issued(&self, name: &str) -> SignedClaim {
        let (org, sign_up) = self.organisation(name);
        self.state
            .kitemark
            .as_ref()
            .unwrap()
            .issue("blackpool", org.id, &org.name, sign_up.signed_on)
            .unwrap()
    }

    async fn get(&self, path: &str) -> (StatusCode, String, String) {
        let response = self
            .app()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            content_type,
            String::from_utf8_lossy(&body).into_owned(),
        )
    }

    /// The page and the API's answer for a query string.
    async fn check(&self, query: &str) -> (String, serde_json::Value) {
        let (status, _, page) = self.get(&format!("/kitemark/verify?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let (status, _, json) = self.get(&format!("/api/v1/kitemark/verify?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        (page, serde_json::from_str(&json).unwrap())
    }
}

/// Text as the templates escape it.
fn html(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('\'', "&#39;")
        .replace('"', "&#34;")
}

fn query_of(url: &str) -> &str {
    url.split_once('?').unwrap().1
}

/// The query with one parameter's value replaced.
fn with_param(query: &str, name: &str, value: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((n, _)) if n == name => format!("{n}={value}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn param<'a>(query: &'a str, name: &str) -> &'a str {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .unwrap()
}

test_on_both_engines!(a_current_signatory_gets_a_badge_that_verifies);
async fn a_current_signatory_gets_a_badge_that_verifies(engine: Engine) {
    let app = TestApp::start(engine).await;
    let links = app
        .links_for("Seaside Food Bank")
        .expect("links for a signatory");
    let (org, _) = app.organisation("Seaside Food Bank");
    assert_eq!(
        links.badge_url,
        format!(
            "{PUBLIC_URL}/compacts/blackpool/organisations/{}/kitemark.svg",
            org.id
        )
    );
    assert!(links
        .verify_url
        .starts_with(&format!("{PUBLIC_URL}/kitemark/verify?compact=blackpool&")));
    assert!(
        links
            .embed_html
            .contains(&format!(r#"href="{}""#, html(&links.verify_url)))
            && links
                .embed_html
                .contains(r#"alt="Signed up to the Compact for Blackpool since 1 May 2024""#),
        "{}",
        links.embed_html
    );

    let (page, json) = app.check(query_of(&links.verify_url)).await;
    assert!(page.contains("govuk-panel--confirmation"), "{page}");
    assert!(page.contains("Verified"));
    assert!(page.contains("Seaside Food Bank has signed up to the Compact for Blackpool."));
    assert!(page.contains("1 May 2024"));
    assert_eq!(json["status"], "valid");
    assert_eq!(json["organisation_name"], "Seaside Food Bank");
    assert_eq!(json["signed_on"], "2024-05-01");
    assert_eq!(json["compact_name"], "Compact for Blackpool");

    let (status, content_type, svg) = app
        .get(links.badge_url.strip_prefix(PUBLIC_URL).unwrap())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("image/svg+xml"), "{content_type}");
    assert!(svg.contains(r#"role="img""#), "{svg}");
    assert!(
        svg.contains("<title id=\"kitemark-title\">Signed up to the Compact for Blackpool since 1 May 2024</title>"),
        "{svg}"
    );
}

test_on_both_engines!(the_verification_page_speaks_welsh_and_keeps_the_link_when_switching);
async fn the_verification_page_speaks_welsh_and_keeps_the_link_when_switching(engine: Engine) {
    let app = TestApp::start(engine).await;
    let links = app.links_for("Seaside Food Bank").unwrap();
    let query = query_of(&links.verify_url);
    let (status, _, page) = app.get(&format!("/kitemark/verify?{query}&lang=cy")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&html("Wedi'i wirio")), "{page}");
    assert!(page.contains("1 Mai 2024"), "{page}");
    // The switch back to English carries the whole link.
    assert!(page.contains(&html(&format!("?{query}&lang=en"))), "{page}");
    let (_, _, svg) = app
        .get(&format!(
            "{}?lang=cy",
            links.badge_url.strip_prefix(PUBLIC_URL).unwrap()
        ))
        .await;
    assert!(
        svg.contains("Wedi ymuno â Compact for Blackpool ers 1 Mai 2024"),
        "{svg}"
    );
}

test_on_both_engines!(a_badge_of_an_organisation_that_withdrew_is_revoked_with_the_date);
async fn a_badge_of_an_organisation_that_withdrew_is_revoked_with_the_date(engine: Engine) {
    let app = TestApp::start(engine).await;
    assert_eq!(app.links_for("Promenade Residents"), None, "no new badge");
    let (org, _) = app.organisation("Promenade Residents");
    let (status, _, _) = app
        .get(&format!(
            "/compacts/blackpool/organisations/{}/kitemark.svg",
            org.id
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let earlier = app.issued("Promenade Residents");
    let (page, json) = app.check(&earlier.query_string()).await;
    assert!(page.contains("Revoked"), "{page}");
    assert!(
        page.contains(
            "Promenade Residents withdrew from the Compact for Blackpool on 30 June 2025."
        ),
        "{page}"
    );
    assert!(!page.contains("govuk-panel--confirmation"));
    assert_eq!(json["status"], "revoked");
    assert_eq!(json["withdrawn_on"], "2025-06-30");
    assert_eq!(json["reason"], serde_json::Value::Null);
}

test_on_both_engines!(tampered_links_are_forged_and_say_so_plainly);
async fn tampered_links_are_forged_and_say_so_plainly(engine: Engine) {
    let app = TestApp::start(engine).await;
    let links = app.links_for("Seaside Food Bank").unwrap();
    let good = query_of(&links.verify_url);
    let signature = param(good, "sig");
    let flipped = {
        let mut chars: Vec<char> = signature.chars().collect();
        chars[10] = if chars[10] == 'A' { 'B' } else { 'A' };
        chars.into_iter().collect::<String>()
    };
    let cases = [
        // Another organisation's name on this organisation's badge.
        with_param(good, "name", "UHJvbWVuYWRlIFJlc2lkZW50cw"),
        with_param(good, "signed", "2020-01-01"),
        with_param(good, "org", "999"),
        with_param(good, "sig", &flipped),
    ];
    for query in &cases {
        let (page, json) = app.check(query).await;
        assert!(
            page.contains("This badge is not genuine"),
            "{query}: {page}"
        );
        assert!(page.contains("govuk-error-summary"));
        assert!(!page.contains("govuk-panel--confirmation"));
        assert_eq!(json["status"], "forged", "{query}");
        assert_eq!(json["reason"], "bad_signature", "{query}");
    }
    // What a forged badge claims is shown as a claim, escaped.
    let (page, _) = app
        .check(&with_param(good, "name", "PGI-Qm9sZDwvYj4"))
        .await;
    assert!(page.contains("What the badge claims"));
    assert!(page.contains(&html("<b>Bold</b>")), "{page}");
    assert!(!page.contains("<b>Bold"));
}

test_on_both_engines!(malformed_links_are_a_clear_page_never_an_error);
async fn malformed_links_are_a_clear_page_never_an_error(engine: Engine) {
    let app = TestApp::start(engine).await;
    let links = app.links_for("Seaside Food Bank").unwrap();
    let good = query_of(&links.verify_url);
    let cases = [
        String::new(),
        "compact=blackpool".to_string(),
        with_param(good, "sig", "too-short"),
        with_param(good, "signed", "yesterday"),
        with_param(good, "name", "%FF%FE"),
        format!("{good}&sig=again"),
        "x=".repeat(3000),
    ];
    for query in &cases {
        let (page, json) = app.check(query).await;
        assert!(
            page.contains("The link is incomplete or damaged"),
            "{query}: {page}"
        );
        assert_eq!(json["status"], "forged");
        assert_eq!(json["reason"], "malformed");
    }
}

test_on_both_engines!(after_rotation_old_badges_verify_and_unknown_keys_do_not);
async fn after_rotation_old_badges_verify_and_unknown_keys_do_not(engine: Engine) {
    let mut before = None;
    let app = TestApp::start_with(engine, |ring| {
        before = Some(ring.current().id().clone());
        ring.rotate().unwrap();
    })
    .await;
    let old_key = before.unwrap();
    let ring = app.state.kitemark.clone().unwrap();
    assert_ne!(ring.current().id(), &old_key);

    let (org, sign_up) = app.organisation("Seaside Food Bank");
    let keys_json = app.get("/kitemark/keys.json").await;
    assert_eq!(keys_json.0, StatusCode::OK);
    assert_eq!(keys_json.1, "application/json");
    let published = PublicKeyList::from_json(&keys_json.2).unwrap();
    assert_eq!(published.keys.len(), 2);
    assert!(published.find(&old_key).unwrap().retired.is_some());
    assert!(published
        .find(ring.current().id())
        .unwrap()
        .retired
        .is_none());

    let new_badge = app.links_for("Seaside Food Bank").unwrap();
    assert!(new_badge
        .verify_url
        .contains(&format!("key={}", ring.current().id())));
    let (_, json) = app.check(query_of(&new_badge.verify_url)).await;
    assert_eq!(json["status"], "valid");

    // A badge signed before the rotation, with the old key (read from its
    // file, as the server had it before): still genuine.
    let old_signed = {
        let dir = ring.dir().to_path_buf();
        let old_secret = std::fs::read_to_string(dir.join(format!("{old_key}.key"))).unwrap();
        let bytes: [u8; 32] = URL_SAFE_NO_PAD
            .decode(old_secret.trim())
            .unwrap()
            .try_into()
            .unwrap();
        compact_core::kitemark::KitemarkKey::from_bytes(old_key.clone(), &bytes)
            .issue("blackpool", org.id, &org.name, sign_up.signed_on)
            .unwrap()
    };
    let (page, json) = app.check(&old_signed.query_string()).await;
    assert_eq!(json["status"], "valid", "{json}");
    assert!(page.contains("Verified"));

    // A key from another installation was never published here.
    let stranger_dir = tempfile::tempdir().unwrap();
    let stranger = KeyRing::open_or_create(stranger_dir.path()).unwrap();
    let foreign = stranger
        .issue("blackpool", org.id, &org.name, sign_up.signed_on)
        .unwrap();
    let (page, json) = app.check(&foreign.query_string()).await;
    assert_eq!(json["status"], "forged");
    assert_eq!(json["reason"], "unknown_key");
    assert!(page.contains("It names a signing key that this service never published."));
}

test_on_both_engines!(no_badge_for_organisations_that_are_not_signatories);
async fn no_badge_for_organisations_that_are_not_signatories(engine: Engine) {
    let app = TestApp::start(engine).await;
    let org = app
        .records
        .organisations
        .iter()
        .find(|o| o.name == "Never Signed Trust")
        .unwrap();
    for path in [
        format!("/compacts/blackpool/organisations/{}/kitemark.svg", org.id),
        "/compacts/blackpool/organisations/not-a-number/kitemark.svg".to_string(),
        "/compacts/nowhere/organisations/1/kitemark.svg".to_string(),
    ] {
        let (status, _, _) = app.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

test_on_both_engines!(without_keys_no_badges_are_offered_and_none_verify);
async fn without_keys_no_badges_are_offered_and_none_verify(engine: Engine) {
    let app = TestApp::start(engine).await;
    let links_with_keys = app.links_for("Seaside Food Bank").unwrap();
    let mut state = app.state.clone();
    state.kitemark = None;
    let (org, sign_up) = app.organisation("Seaside Food Bank");
    assert_eq!(links(&state, &app.compact, org, sign_up), None);
    let get = |path: String| {
        router(state.clone()).oneshot(Request::get(path).body(Body::empty()).unwrap())
    };
    let response = get("/kitemark/keys.json".into()).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = get(format!(
        "/api/v1/kitemark/verify?{}",
        query_of(&links_with_keys.verify_url)
    ))
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["status"], "forged");
    assert_eq!(json["reason"], "unknown_key");
}
