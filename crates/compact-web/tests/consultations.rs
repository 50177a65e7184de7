//! Consultations through the pages, on both engines: a draft is private
//! until published, VCSE members respond (in confidence if they ask),
//! the public sees only how many responded, feedback follows the close,
//! and a consultation's page shows its standing under the Compact.

use axum::http::StatusCode;
use compact_store::{test_on_both_engines, Engine};

mod support;

use support::web::{csrf_token, Browser, TestApp};

test_on_both_engines!(a_draft_is_private_until_published_and_responses_stay_with_the_lead);
test_on_both_engines!(refusals_and_mistakes_are_answered_on_the_form);
test_on_both_engines!(feedback_follows_the_close);
test_on_both_engines!(the_page_shows_the_standing_under_the_compact);

const LIST: &str = "/compacts/blackpool/consultations";

/// Post the consultation form of `path` as `browser`.
async fn send_draft(
    app: &TestApp,
    browser: &mut Browser,
    path: &str,
    title: &str,
    opens: &str,
    closes: &str,
) -> support::web::Page {
    let form = app.get(browser, path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = csrf_token(&form.body);
    // Blackpool's Compact lists no protected characteristics; Wiltshire's does.
    let characteristic = if path.contains("wiltshire") {
        "age"
    } else {
        ""
    };
    app.post(
        browser,
        path,
        &[
            ("csrf_token", &token),
            ("title", title),
            ("summary", "Shorter evening hours at the central library."),
            ("proposal", "Close at 6pm on weekdays."),
            ("sectors", "vcse"),
            ("sectors", "public"),
            ("areas_of_work", "older people, carers"),
            ("characteristics", characteristic),
            ("opened_on", opens),
            ("closes_on", closes),
            ("shorter_period_reason", ""),
            ("documents", "Draft plan https://example.org/plan.pdf"),
            ("how_to_respond", "Online here, or by letter."),
            ("resources", ""),
            ("contact_name", "Ana Jones"),
            ("contact_email", "ana@example.org"),
        ],
    )
    .await
}

/// The consultation a redirect leads to.
fn consultation_path(location: &Option<String>) -> String {
    location
        .as_deref()
        .expect("a redirect")
        .split('?')
        .next()
        .unwrap()
        .to_string()
}

async fn post_form(
    app: &TestApp,
    browser: &mut Browser,
    path: &str,
    fields: &[(&str, &str)],
) -> support::web::Page {
    let form = app.get(browser, path).await;
    assert_eq!(form.status, StatusCode::OK, "{path}: {}", form.body);
    let token = csrf_token(&form.body);
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    app.post(browser, path, &all).await
}

fn day(offset: i64) -> String {
    (compact_core::calendar::today_in_london() + chrono::Duration::days(offset))
        .format("%d/%m/%Y")
        .to_string()
}

async fn a_draft_is_private_until_published_and_responses_stay_with_the_lead(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut officer = app.sign_in("officer@example.org").await;
    let sent = send_draft(
        &app,
        &mut officer,
        &format!("{LIST}/new"),
        "Library opening hours",
        &day(-7),
        &day(80),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let path = consultation_path(&sent.location);

    let mut public = Browser::default();
    assert_eq!(
        app.get(&mut public, &path).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app
        .get(&mut public, LIST)
        .await
        .body
        .contains("Library opening hours"));
    let mut member = app.sign_in("member@example.org").await;
    assert_eq!(
        app.get(&mut member, &path).await.status,
        StatusCode::NOT_FOUND
    );
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    assert!(app
        .get(&mut secretariat, LIST)
        .await
        .body
        .contains("Library opening hours"));
    let page = app
        .get(&mut officer, sent.location.as_deref().unwrap())
        .await;
    assert!(page.body.contains("The draft was saved."), "{}", page.body);
    assert!(page.body.contains("https://example.org/plan.pdf"));

    let published = post_form(&app, &mut officer, &format!("{path}/publish"), &[]).await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let seen = app.get(&mut public, &path).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("No responses received yet."));
    assert!(app
        .get(&mut public, LIST)
        .await
        .body
        .contains("Library opening hours"));

    // The charity's member responds in confidence.
    let sent = post_form(
        &app,
        &mut member,
        &format!("{path}/respond"),
        &[
            ("body", "Carers rely on evening opening."),
            ("confidential", "yes"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let seen = app.get(&mut public, &path).await.body;
    assert!(seen.contains("1 response received."), "{seen}");
    assert!(!seen.contains("Carers rely on evening opening."));
    for (browser, sees) in [
        (&mut member, true),
        (&mut officer, true),
        (&mut secretariat, true),
        (&mut app.sign_in("bystander@example.org").await, false),
        (&mut app.sign_in("group@example.org").await, false),
    ] {
        let body = app.get(browser, &path).await.body;
        assert_eq!(body.contains("Carers rely on evening opening."), sees);
    }
    // Published: no more changes, and the officer does not respond online.
    let again = app.get(&mut officer, &format!("{path}/edit")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let own = app.get(&mut officer, &format!("{path}/respond")).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
}

async fn refusals_and_mistakes_are_answered_on_the_form(engine: Engine) {
    let app = TestApp::start(engine).await;
    let new = format!("{LIST}/new");
    let mut public = Browser::default();
    assert_eq!(
        app.get(&mut public, &new).await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut member = app.sign_in("member@example.org").await;
    assert_eq!(
        app.get(&mut member, &new).await.status,
        StatusCode::FORBIDDEN
    );
    let mut officer = app.sign_in("officer@example.org").await;
    // Closing before opening: the range is in the message.
    let sent = send_draft(&app, &mut officer, &new, "Parks", &day(0), &day(-1)).await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        sent.body
            .contains("The closing date must be after the opening date"),
        "{}",
        sent.body
    );
    let sent = send_draft(&app, &mut officer, &new, "", &day(0), &day(500)).await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sent.body.contains("Enter a title"));
    assert!(sent.body.contains("A consultation runs for a year at most"));
}

async fn feedback_follows_the_close(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut officer = app.sign_in("officer@example.org").await;
    let sent = send_draft(
        &app,
        &mut officer,
        &format!("{LIST}/new"),
        "Parks",
        &day(-120),
        &day(-30),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let path = consultation_path(&sent.location);
    // Not before publishing; then closed, so no online responses.
    let early = app.get(&mut officer, &format!("{path}/feedback")).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    post_form(&app, &mut officer, &format!("{path}/publish"), &[]).await;
    let mut member = app.sign_in("member@example.org").await;
    assert_eq!(
        app.get(&mut member, &format!("{path}/respond"))
            .await
            .status,
        StatusCode::CONFLICT
    );
    // A letter recorded by the officer.
    let recorded = post_form(
        &app,
        &mut officer,
        &format!("{path}/record-response"),
        &[
            ("respondent_name", "Friends of the Park"),
            ("channel", "letter"),
            ("received_on", &day(-60)),
            ("body", "Keep the gates open in summer."),
        ],
    )
    .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let sent = post_form(
        &app,
        &mut officer,
        &format!("{path}/feedback"),
        &[
            ("heard", "Summer evenings matter."),
            ("changed", "Gates close at 9pm from May to August."),
            ("decision", "Adopted with summer hours."),
            ("decided_on", &day(-2)),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let mut public = Browser::default();
    let page = app.get(&mut public, &path).await.body;
    assert!(page.contains("You said, we did"));
    assert!(page.contains("Adopted with summer hours."));
    assert!(page.contains("1 response received."));
    assert!(
        !page.contains("Keep the gates open"),
        "the public reads no responses"
    );
    let twice = app.get(&mut officer, &format!("{path}/feedback")).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
}

async fn the_page_shows_the_standing_under_the_compact(engine: Engine) {
    let app = TestApp::start(engine).await;
    // Wiltshire's standard is 12 weeks, with a reason for a shorter one.
    let (council, _) = app.wiltshire().await;
    let mut officer = app.sign_in("wilts-officer@example.org").await;
    let list = "/compacts/wiltshire/consultations";
    let sent = send_draft(
        &app,
        &mut officer,
        &format!("{list}/new"),
        "Bus routes",
        &day(-3),
        &day(25),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let path = consultation_path(&sent.location);
    let draft = app.get(&mut officer, &path).await.body;
    assert!(
        draft.contains("Wiltshire Compact&#39;s standard is 12 weeks: close on or after")
            || draft.contains("Wiltshire Compact's standard is 12 weeks: close on or after"),
        "{draft}"
    );
    assert!(draft.contains("no reason is given"));
    let publish = app.get(&mut officer, &format!("{path}/publish")).await.body;
    assert!(
        publish.contains("govuk-warning-text"),
        "the publish page warns"
    );
    post_form(&app, &mut officer, &format!("{path}/publish"), &[]).await;
    let mut public = Browser::default();
    let page = app.get(&mut public, &path).await.body;
    assert!(
        page.contains("Consultation shorter than the standard, with no reason given"),
        "{page}"
    );
    assert!(page.contains("govuk-tag--red"));
    // The lead's page links it.
    let lead = app
        .get(
            &mut public,
            &format!("/compacts/wiltshire/organisations/{council}"),
        )
        .await
        .body;
    assert!(lead.contains(&path), "{lead}");
    // The Compact's findings lead to the consultation's page.
    let findings = app
        .get(&mut public, "/compacts/wiltshire/findings")
        .await
        .body;
    assert!(
        findings.contains(&format!("<a class=\"govuk-link\" href=\"{path}\"")),
        "{findings}"
    );
}
