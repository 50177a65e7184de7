//! The consultation feeds on both engines, read back with real parsers:
//! the Atom feed by `atom_syndication`'s reader and the calendar by
//! `icalendar`'s parser. Only published consultations appear, news comes
//! newest first, dates and links are the consultation's, and a lead's feed
//! holds only what it runs.

use axum::http::StatusCode;
use compact_app::{Acting, App, Clock};
use compact_core::access::{Grant, Role, Viewer};
use compact_core::calendar::{today_in_london, within_days};
use compact_core::consultation::{ConsultationInput, DocumentInput, FeedbackInput};
use compact_core::definition::{shipped, OrganisationKind};
use compact_core::rules::fixtures::organisation;
use compact_core::{CompactId, ConsultationId, Date, OrganisationId};
use compact_store::{test_on_both_engines, Actor, Engine};
use icalendar::{Calendar, Component, DatePerhapsTime};
use std::str::FromStr;

mod support;

use support::web::{Browser, TestApp};

test_on_both_engines!(the_feeds_hold_published_consultations_and_their_feedback);
test_on_both_engines!(a_leads_feeds_hold_only_what_it_runs);
test_on_both_engines!(the_pages_link_the_feeds);

const BASE: &str = "http://127.0.0.1:8080";
/// Days after the close by which the test Compact asks for feedback.
const FEEDBACK_DAYS: u32 = 30;
/// Long, with the characters iCalendar escapes, so folding and escaping
/// are read back through the parser.
const LONG_TITLE: &str = "Parks, libraries; and leisure centres: opening hours across the borough \
                          for the next three years, with a new booking system";

struct Wiltshire {
    compact: CompactId,
    council: OrganisationId,
    charity: OrganisationId,
    app: App,
    secretariat: Acting,
}

/// Wiltshire's Compact with a feedback deadline added (no shipped Compact
/// sets one), its council and a charity, and the use cases acting for its
/// secretariat.
async fn wiltshire(test: &TestApp) -> Wiltshire {
    let source = shipped("wiltshire").unwrap().replace(
        "weeks = 12\nshorter_needs_reason = true\n",
        &format!(
            "weeks = 12\nshorter_needs_reason = true\nfeedback_within_days = {FEEDBACK_DAYS}\n"
        ),
    );
    assert!(source.contains("feedback_within_days"));
    let system = Actor::system("test");
    let store = &test.store;
    let compact = store
        .create_compact("wiltshire", "Wiltshire Compact", &source, &system)
        .await
        .unwrap();
    let council = store
        .add_organisation(
            compact,
            &organisation(11, "Wiltshire Council", OrganisationKind::LocalAuthority),
            &system,
        )
        .await
        .unwrap();
    let charity = store
        .add_organisation(
            compact,
            &organisation(12, "Downs Food Bank", OrganisationKind::Charity),
            &system,
        )
        .await
        .unwrap();
    let (account, _) = store
        .account_by_email("secretariat@example.org")
        .await
        .unwrap()
        .unwrap();
    let grant = Grant::new(compact, Role::Secretariat, None).unwrap();
    Wiltshire {
        compact,
        council,
        charity,
        app: App::new(store.clone(), Clock::System),
        secretariat: Acting::account(account.id, Viewer::account(vec![grant])),
    }
}

fn iso(offset: i64) -> String {
    day(offset).format("%Y-%m-%d").to_string()
}

fn day(offset: i64) -> Date {
    today_in_london() + chrono::Duration::days(offset)
}

fn input(title: &str, opens: i64, closes: i64) -> ConsultationInput {
    ConsultationInput {
        title: title.into(),
        summary: format!("What {title} proposes, in brief."),
        proposal: "Change the hours.".into(),
        sectors: vec!["vcse".into()],
        areas_of_work: vec!["older people".into()],
        characteristics: vec!["age".into()],
        opened_on: iso(opens),
        closes_on: iso(closes),
        shorter_period_reason: String::new(),
        documents: DocumentInput::from_lines("Plan https://example.org/plan.pdf"),
        how_to_respond: "Online.".into(),
        resources: String::new(),
        contact_name: "Ana Jones".into(),
        contact_email: "ana@example.org".into(),
    }
}

/// A consultation published by the secretariat for `lead`.
async fn published(
    w: &Wiltshire,
    lead: OrganisationId,
    title: &str,
    opens: i64,
    closes: i64,
) -> ConsultationId {
    let s = &w.secretariat;
    let id = w
        .app
        .draft_consultation(s, "wiltshire", Some(lead), &input(title, opens, closes))
        .await
        .unwrap();
    w.app
        .publish_consultation(s, "wiltshire", id)
        .await
        .unwrap();
    id
}

fn page(id: ConsultationId) -> String {
    format!("{BASE}/compacts/wiltshire/consultations/{id}")
}

async fn read(app: &TestApp, path: &str, content_type: &str) -> String {
    let answer = app.get(&mut Browser::default(), path).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
    assert_eq!(answer.content_type.as_deref(), Some(content_type), "{path}");
    answer.body
}

async fn atom(app: &TestApp, path: &str) -> atom_syndication::Feed {
    let body = read(app, path, "application/atom+xml").await;
    atom_syndication::Feed::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn calendar(app: &TestApp, path: &str) -> Calendar {
    let body = read(app, path, "text/calendar; charset=utf-8").await;
    // RFC 5545: lines end CRLF and none is longer than 75 octets.
    assert!(body.lines().all(|l| l.len() <= 76), "{body}");
    assert!(body.contains("\r\n"));
    Calendar::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn date_of(start: Option<DatePerhapsTime>) -> Date {
    match start {
        Some(DatePerhapsTime::Date(d)) => d,
        other => panic!("an all-day date, not {other:?}"),
    }
}

async fn the_feeds_hold_published_consultations_and_their_feedback(engine: Engine) {
    let test = TestApp::start(engine).await;
    let w = wiltshire(&test).await;
    let past = published(&w, w.council, LONG_TITLE, -120, -20).await;
    let feedback = FeedbackInput {
        heard: "Evenings matter to carers.".into(),
        changed: "Two late nights kept.".into(),
        decision: "Close at 7pm except Thursdays.".into(),
        decided_on: iso(-5),
    };
    w.app
        .publish_consultation_feedback(&w.secretariat, "wiltshire", past, &feedback)
        .await
        .unwrap();
    let open = published(&w, w.council, "Library hours", -1, 90).await;
    let draft = w
        .app
        .draft_consultation(
            &w.secretariat,
            "wiltshire",
            Some(w.council),
            &input("Secret plan", 1, 100),
        )
        .await
        .unwrap();

    let feed = atom(&test, "/compacts/wiltshire/consultations.atom").await;
    assert_eq!(
        feed.id(),
        format!("{BASE}/compacts/wiltshire/consultations")
    );
    assert!(feed.title().as_str().contains("Wiltshire Compact"));
    assert!(feed.links().iter().any(|l| l.rel() == "self"
        && l.href() == format!("{BASE}/compacts/wiltshire/consultations.atom")));
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    let mut expected = vec![page(open), page(past), format!("{}#feedback", page(past))];
    let mut sorted: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected, "the draft {draft} is never in a feed");
    // Newest first, and the feed is as new as its newest entry.
    let updated: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
    assert!(updated.windows(2).all(|p| p[0] >= p[1]), "{updated:?}");
    assert_eq!(*feed.updated(), updated[0]);
    for entry in feed.entries() {
        let link = &entry.links()[0];
        assert_eq!(link.href(), entry.id().trim_end_matches("#feedback"));
        assert_eq!(entry.authors()[0].name(), "Wiltshire Council");
        assert!(entry.summary().is_some());
    }
    let fed_back = feed
        .entries()
        .iter()
        .find(|e| e.id().ends_with("#feedback"))
        .unwrap();
    assert_eq!(
        fed_back.summary().unwrap().as_str(),
        "Close at 7pm except Thursdays."
    );
    assert_eq!(fed_back.updated().date_naive(), today_in_london());
    assert!(fed_back.title().as_str().contains(LONG_TITLE));

    let cal = calendar(&test, "/compacts/wiltshire/consultations.ics").await;
    let events: Vec<_> = cal.events().collect();
    assert_eq!(events.len(), 4, "a close and a feedback due date each");
    let mut uids: Vec<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), 4, "{uids:?}");
    for (id, closes) in [(past, -20), (open, 90)] {
        let of: Vec<_> = events
            .iter()
            .filter(|e| e.get_url() == Some(page(id).as_str()))
            .collect();
        assert_eq!(of.len(), 2);
        let close = of
            .iter()
            .find(|e| {
                e.get_uid()
                    .unwrap()
                    .starts_with(&format!("consultation-{id}-closes@"))
            })
            .unwrap();
        assert_eq!(date_of(close.get_start()), day(closes));
        assert_eq!(date_of(close.get_end()), day(closes + 1));
        let due = of
            .iter()
            .find(|e| {
                e.get_uid()
                    .unwrap()
                    .starts_with(&format!("consultation-{id}-feedback-due@"))
            })
            .unwrap();
        assert_eq!(
            date_of(due.get_start()),
            within_days(day(closes), FEEDBACK_DAYS)
        );
        assert!(close.get_timestamp().is_some());
    }
    let long = events
        .iter()
        .find(|e| e.get_url() == Some(page(past).as_str()))
        .unwrap();
    assert!(
        long.get_summary().unwrap().ends_with(LONG_TITLE),
        "{:?}",
        long.get_summary()
    );

    // The same calendar twice is the same calendar: a reader sees no change.
    let again = read(
        &test,
        "/compacts/wiltshire/consultations.ics",
        "text/calendar; charset=utf-8",
    )
    .await;
    let first = read(
        &test,
        "/compacts/wiltshire/consultations.ics",
        "text/calendar; charset=utf-8",
    )
    .await;
    assert_eq!(again, first);

    // Welsh on asking.
    let cy = atom(&test, "/compacts/wiltshire/consultations.atom?lang=cy").await;
    assert!(cy.title().as_str().starts_with("Ymgynghoriadau"));
}

async fn a_leads_feeds_hold_only_what_it_runs(engine: Engine) {
    let test = TestApp::start(engine).await;
    let w = wiltshire(&test).await;
    let police = test
        .store
        .add_organisation(
            w.compact,
            &organisation(13, "Wiltshire Police", OrganisationKind::Police),
            &Actor::system("test"),
        )
        .await
        .unwrap();
    let council_one = published(&w, w.council, "Library hours", -1, 90).await;
    published(&w, police, "Neighbourhood policing", -1, 90).await;

    let lead = format!("/compacts/wiltshire/organisations/{}", w.council);
    let feed = atom(&test, &format!("{lead}/consultations.atom")).await;
    assert_eq!(feed.id(), format!("{BASE}{lead}"));
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids, vec![page(council_one)]);
    let cal = calendar(&test, &format!("{lead}/consultations.ics")).await;
    assert!(cal
        .events()
        .all(|e| e.get_url() == Some(page(council_one).as_str())));
    assert_eq!(cal.events().count(), 2);

    // An organisation that runs none has empty feeds; unknown ones have none.
    let none = atom(
        &test,
        &format!(
            "/compacts/wiltshire/organisations/{}/consultations.atom",
            w.charity
        ),
    )
    .await;
    assert!(none.entries().is_empty());
    let mut public = Browser::default();
    for path in [
        "/compacts/wiltshire/organisations/999999/consultations.atom".to_string(),
        "/compacts/wiltshire/organisations/999999/consultations.ics".to_string(),
        "/compacts/nowhere/consultations.atom".to_string(),
        "/compacts/nowhere/consultations.ics".to_string(),
    ] {
        assert_eq!(
            test.get(&mut public, &path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

async fn the_pages_link_the_feeds(engine: Engine) {
    let test = TestApp::start(engine).await;
    let mut public = Browser::default();
    let list = test
        .get(&mut public, "/compacts/blackpool/consultations")
        .await;
    assert!(list
        .body
        .contains("href=\"/compacts/blackpool/consultations.atom\""));
    assert!(list
        .body
        .contains("href=\"/compacts/blackpool/consultations.ics\""));
    let council = format!("/compacts/blackpool/organisations/{}", test.council);
    let page = test.get(&mut public, &council).await;
    assert!(page
        .body
        .contains(&format!("href=\"{council}/consultations.atom\"")));
    assert!(page
        .body
        .contains(&format!("href=\"{council}/consultations.ics\"")));
    // A charity runs no consultations, so its page offers no feed.
    let charity = format!("/compacts/blackpool/organisations/{}", test.charity);
    let page = test.get(&mut public, &charity).await;
    assert!(!page.body.contains("consultations.atom"));
    // Blackpool's feeds are served, empty, to anyone.
    assert!(atom(&test, "/compacts/blackpool/consultations.atom")
        .await
        .entries()
        .is_empty());
    assert_eq!(
        calendar(&test, "/compacts/blackpool/consultations.ics")
            .await
            .events()
            .count(),
        0
    );
}
