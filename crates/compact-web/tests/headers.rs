//! Every page carries the headers that hold a browser to the service's own
//! scripts and frames, over HTTPS says to keep to HTTPS, and signed in says
//! to keep nothing in a cache.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use base64::Engine as _;
use compact_store::{test_on_both_engines, Engine};
use sha2::{Digest, Sha256};
use support::web::{Browser, TestApp};
use tower::ServiceExt;

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn get(app: &TestApp, browser: &Browser, path: &str, https: bool) -> Answer {
    let mut request = Request::get(path).header(header::COOKIE, browser.cookie_header());
    if https {
        request = request.header("x-forwarded-proto", "https");
    }
    let response = app
        .app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The text of every inline script of a page.
fn inline_scripts(html: &str) -> Vec<String> {
    html.split("<script")
        .skip(1)
        .filter_map(|rest| {
            let (tag, body) = rest.split_once('>')?;
            (!tag.contains("src="))
                .then(|| body.split("</script>").next().unwrap_or("").to_string())
        })
        .collect()
}

test_on_both_engines!(every_page_sends_the_security_headers);
async fn every_page_sends_the_security_headers(engine: Engine) {
    let app = TestApp::start(engine).await;
    let signed_in = app.sign_in("secretariat@example.org").await;
    // A published consultation, so its pages and forms are shown in full.
    let today = compact_core::calendar::today_in_london();
    let details = compact_core::consultation::Details {
        title: "Parks".into(),
        summary: "Summer hours.".into(),
        proposal: "Later closing.".into(),
        opened_on: today - chrono::Duration::days(7),
        closes_on: today + chrono::Duration::days(90),
        how_to_respond: "Online.".into(),
        contact_name: "Ana Jones".into(),
        contact_email: "ana@example.org".into(),
        ..Default::default()
    };
    let system = compact_store::Actor::System("test".into());
    let consultation = app
        .store
        .create_consultation(app.compact, app.council, &details, &system)
        .await
        .unwrap();
    app.store
        .publish_consultation(app.compact, consultation, &system)
        .await
        .unwrap();
    // An agreement with a payment and a cut, so the funding pages are shown
    // in full.
    let agreement: compact_core::model::FundingAgreement =
        serde_json::from_value(serde_json::json!({
            "id": 0, "title": "Lunch club", "funder": app.council.0, "recipient": app.charity.0,
            "kind": "grant", "amount": 1_000_000, "starts_on": today.to_string(),
            "ends_on": (today + chrono::Duration::days(700)).to_string()
        }))
        .unwrap();
    let agreement_id = app
        .store
        .add_agreement(app.compact, &agreement, &system)
        .await
        .unwrap();
    let payment: compact_core::model::Payment = serde_json::from_value(serde_json::json!({
        "id": 0, "due_on": today.to_string(), "amount": 500_000
    }))
    .unwrap();
    let payment_id = app
        .store
        .add_payment(app.compact, agreement_id, &payment, &system)
        .await
        .unwrap();
    let change: compact_core::model::FundingChange = serde_json::from_value(serde_json::json!({
        "id": 0, "kind": "reduction", "new_amount": 800_000, "decided_on": today.to_string(),
        "effective_on": (today + chrono::Duration::days(100)).to_string()
    }))
    .unwrap();
    let change_id = app
        .store
        .add_funding_change(app.compact, agreement_id, &change, &system)
        .await
        .unwrap();
    let paths: Vec<String> = compact_web::page_routes()
        .iter()
        .map(|r| {
            let id = if r.path.contains("/consultations/") {
                consultation.0
            } else if r.path.contains("/funding/") {
                agreement_id.0
            } else {
                app.charity.0
            };
            r.path
                .replace("{slug}", "blackpool")
                .replace("{id}", &id.to_string())
                .replace("{payment}", &payment_id.0.to_string())
                .replace("{change}", &change_id.0.to_string())
                .replace("{token}", "not-a-real-link")
        })
        .collect();
    let mut scripts_checked = 0;
    // Pages about records the test has not made (an agreement, a change)
    // answer an error page, which has scripts of its own but is not
    // checked below.
    let mut shown = 0;
    for path in &paths {
        for (browser, who) in [
            (&Browser::default(), "the public"),
            (&signed_in, "signed in"),
        ] {
            let answer = get(&app, browser, path, false).await;
            let h = &answer.headers;
            let csp = h
                .get(header::CONTENT_SECURITY_POLICY)
                .unwrap_or_else(|| panic!("{path} ({who}): no CSP"))
                .to_str()
                .unwrap()
                .to_string();
            assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
            assert_eq!(h.get(header::X_FRAME_OPTIONS).unwrap(), "DENY", "{path}");
            assert!(h.contains_key("permissions-policy"), "{path}");
            assert_eq!(
                h.get("cross-origin-opener-policy").unwrap(),
                "same-origin",
                "{path}"
            );
            assert!(
                !h.contains_key(header::STRICT_TRANSPORT_SECURITY),
                "{path}: HSTS over HTTP"
            );
            if browser.cookies.iter().any(|(n, _)| n == "compact_session") {
                assert_eq!(
                    h.get(header::CACHE_CONTROL).unwrap(),
                    "no-store",
                    "{path} ({who})"
                );
            }
            // Each inline script the page has is one the policy allows.
            if answer.status == StatusCode::OK {
                shown += 1;
                for script in inline_scripts(&answer.body) {
                    let hash = base64::engine::general_purpose::STANDARD
                        .encode(Sha256::digest(script.as_bytes()));
                    assert!(
                        csp.contains(&format!("'sha256-{hash}'")),
                        "{path}: {script:?} is blocked"
                    );
                    scripts_checked += 1;
                }
            }
        }
        let over_https = get(&app, &Browser::default(), path, true).await;
        assert!(
            over_https
                .headers
                .contains_key(header::STRICT_TRANSPORT_SECURITY),
            "{path}: HSTS behind an HTTPS proxy"
        );
    }
    assert!(
        shown >= paths.len() && scripts_checked >= 2 * shown,
        "the pages' inline scripts were checked: {scripts_checked} on {shown} pages"
    );
}
