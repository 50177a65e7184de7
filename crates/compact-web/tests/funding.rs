//! The funding pages, driven through the real router on SQLite and
//! PostgreSQL: the public reads a Compact's agreements, an agreement and a
//! change; an officer of the funder records an agreement, a payment, a cut
//! and the steps of the reduction procedure, and sees the task list move;
//! others may not write; bad input comes back beside its fields.

use axum::http::StatusCode;
use compact_core::calendar::{days_after, days_before, today_in_london};
use compact_core::Date;
use compact_store::{test_on_both_engines, Engine};

mod support;

use support::web::{csrf_token, Browser, TestApp};

/// A date as people type it into the forms.
fn typed(date: Date) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Post `form` to `path` from the page at `path`, with its token.
async fn send(
    app: &TestApp,
    browser: &mut Browser,
    path: &str,
    form: &[(&str, &str)],
) -> support::web::Page {
    let page = app.get(browser, path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    let token = csrf_token(&page.body);
    let mut fields = form.to_vec();
    fields.push(("csrf_token", &token));
    app.post(browser, path, &fields).await
}

/// The number at the end of a redirect's path, before its query.
fn number_in(location: &str, after: &str) -> i64 {
    let rest = &location[location.find(after).unwrap() + after.len()..];
    rest.split(['?', '/']).next().unwrap().parse().unwrap()
}

fn agreement_form<'a>(
    funder: &'a str,
    recipient: &'a str,
    starts: &'a str,
    ends: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "Lunch club grant"),
        ("funder", funder),
        ("recipient", recipient),
        ("agreement_kind", "grant"),
        ("purpose", "Hot lunches twice a week"),
        ("amount", "30,000"),
        ("starts_on", starts),
        ("ends_on", ends),
        ("paid_in", "advance"),
        ("monitoring", "Numbers served, each quarter"),
        ("full_cost_recovery", "yes"),
    ]
}

test_on_both_engines!(an_officer_records_an_agreement_and_a_cut_and_the_task_list_moves);
async fn an_officer_records_an_agreement_and_a_cut_and_the_task_list_moves(engine: Engine) {
    let app = TestApp::start(engine).await;
    let (council, charity) = app.wiltshire().await;
    let today = today_in_london();
    let (council, charity) = (council.to_string(), charity.to_string());
    let starts = typed(days_before(today, 365));
    let ends = typed(days_after(days_before(today, 365), 3 * 365));
    let mut officer = app.sign_in("wilts-officer@example.org").await;

    // The recipient is typed by name, not chosen from every organisation
    // of the register; the funder is chosen from the officer's own bodies.
    let form = app
        .get(&mut officer, "/compacts/wiltshire/funding/new")
        .await;
    assert!(form
        .body
        .contains("<input class=\"govuk-input\" id=\"recipient\""));
    assert!(!form.body.contains(">Downs Lunch Club</option>"));
    assert!(form.body.contains(">Wiltshire Council</option>"));
    let done = send(
        &app,
        &mut officer,
        "/compacts/wiltshire/funding/new",
        &agreement_form(&council, "downs lunch club", &starts, &ends),
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let location = done.location.unwrap();
    assert!(location.ends_with("?done=added"), "{location}");
    let id = number_in(&location, "/funding/");
    let agreement = format!("/compacts/wiltshire/funding/{id}");

    // The public reads the list and the agreement.
    let mut public = Browser::default();
    let list = app.get(&mut public, "/compacts/wiltshire/funding").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Lunch club grant"));
    assert!(list.body.contains("£30,000.00"));
    assert!(list.body.contains("360giving.json"));
    let filtered = app
        .get(
            &mut public,
            &format!("/compacts/wiltshire/funding?recipient={council}"),
        )
        .await;
    assert!(
        !filtered.body.contains("Lunch club grant"),
        "the council receives nothing"
    );
    for (search, found) in [("lunch+DOWNS", true), ("carers", false)] {
        let searched = app
            .get(
                &mut public,
                &format!("/compacts/wiltshire/funding?search={search}"),
            )
            .await;
        assert_eq!(searched.status, StatusCode::OK);
        assert_eq!(
            searched.body.contains("Lunch club grant"),
            found,
            "{search}"
        );
    }
    let page = app.get(&mut public, &agreement).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Hot lunches twice a week"));
    assert!(page.body.contains("Downs Lunch Club"));
    assert!(
        !page.body.contains("/payments/new"),
        "the public may not record"
    );
    let organisation = app
        .get(
            &mut public,
            &format!("/compacts/wiltshire/organisations/{charity}"),
        )
        .await;
    assert!(
        organisation.body.contains(&agreement),
        "the recipient's page links to it"
    );

    // A payment, paid late; then in Welsh.
    let due = typed(days_before(today, 300));
    let paid = typed(days_before(today, 250));
    let done = send(
        &app,
        &mut officer,
        &format!("{agreement}/payments/new"),
        &[("due_on", &due), ("amount", "7,500"), ("paid_on", &paid)],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = app
        .get(&mut officer, &format!("{agreement}?done=payment"))
        .await;
    assert!(page.body.contains("£7,500.00"));
    assert!(page.body.contains("The payment was added to the schedule."));
    let welsh = app
        .get(&mut Browser::default(), &format!("{agreement}?lang=cy"))
        .await;
    assert!(welsh.body.contains("Taliadau"));

    // A cut decided in 100 days' time: the consultation is the next step.
    let decided = typed(days_after(today, 100));
    let effective = typed(days_after(today, 250));
    let done = send(
        &app,
        &mut officer,
        &format!("{agreement}/changes/new"),
        &[
            ("change_kind", "reduction"),
            ("decided_on", &decided),
            ("effective_on", &effective),
            ("new_amount", "20,000"),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let change = done.location.unwrap();
    let change = change.split('?').next().unwrap().to_string();
    let page = app.get(&mut public, &change).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Consultation of the set length"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Next: Consultation of the set length"));
    assert!(!page.body.contains(">Done<"), "nothing is done yet");

    // The consultation opens today, for twelve weeks.
    let opened = typed(today);
    let closes = typed(days_after(today, 90));
    let done = send(
        &app,
        &mut officer,
        &format!("{change}/steps/new"),
        &[
            ("step", "consultation"),
            ("done_on", &opened),
            ("done_by", "Commissioning team"),
            ("closes_on", &closes),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = app.get(&mut public, &change).await;
    assert!(page.body.contains("Commissioning team"));
    assert!(page.body.contains("Done"));
    assert!(
        page.body
            .contains("Next: Decision criteria published at the start"),
        "the criteria are next: {}",
        page.body
    );

    // The Compact's findings lead to the late payment's row on the
    // agreement's page.
    let findings = app
        .get(&mut public, "/compacts/wiltshire/findings")
        .await
        .body;
    assert!(
        findings.contains(&format!("href=\"{agreement}#payment-")),
        "{findings}"
    );

    // A step the records do not allow yet comes back as the reason (409).
    let refused = send(
        &app,
        &mut officer,
        &format!("{change}/steps/new"),
        &[
            ("step", "feedback_reviewed"),
            ("done_on", "not a date"),
            ("done_by", "Team"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"done_on-error\""));
}

test_on_both_engines!(only_the_funders_people_and_the_secretariat_may_record);
async fn only_the_funders_people_and_the_secretariat_may_record(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut public = Browser::default();
    let list = app.get(&mut public, "/compacts/blackpool/funding").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        !list.body.contains("/funding/new"),
        "no link for the public"
    );
    let page = app
        .get(&mut public, "/compacts/blackpool/funding/new")
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);

    let mut member = app.sign_in("member@example.org").await;
    let page = app
        .get(&mut member, "/compacts/blackpool/funding/new")
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // The member's form, sent with a token from a page they may see.
    let list = app.get(&mut member, "/compacts/blackpool/funding").await;
    let token = csrf_token(&list.body);
    let (council, charity) = (app.council.0.to_string(), app.charity.0.to_string());
    let mut form = agreement_form(&council, &charity, "1/4/2024", "31/3/2027");
    form.push(("csrf_token", &token));
    let sent = app
        .post(&mut member, "/compacts/blackpool/funding/new", &form)
        .await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
    let list = app.get(&mut public, "/compacts/blackpool/funding").await;
    assert!(
        !list.body.contains("Lunch club grant"),
        "nothing was written"
    );

    let mut officer = app.sign_in("officer@example.org").await;
    let list = app.get(&mut officer, "/compacts/blackpool/funding").await;
    assert!(list.body.contains("/compacts/blackpool/funding/new"));
    let missing = app
        .get(&mut public, "/compacts/blackpool/funding/999")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

test_on_both_engines!(bad_input_is_shown_beside_its_fields_and_nothing_is_written);
async fn bad_input_is_shown_beside_its_fields_and_nothing_is_written(engine: Engine) {
    let app = TestApp::start(engine).await;
    let mut officer = app.sign_in("officer@example.org").await;
    let (council, charity) = (app.council.0.to_string(), app.charity.0.to_string());
    // The funder and recipient swapped, no title, an amount of words.
    let mut form = agreement_form(&charity, &council, "1/4/2024", "31/3/2023");
    form.retain(|(k, _)| *k != "title" && *k != "amount");
    form.push(("amount", "lots"));
    let page = send(&app, &mut officer, "/compacts/blackpool/funding/new", &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["title", "funder", "recipient", "amount", "ends_on"] {
        assert!(
            page.body.contains(&format!("id=\"{field}-error\"")),
            "{field} has its error beside it"
        );
    }
    assert!(page.body.contains("Choose a public body as the funder"));
    assert!(page.body.contains("Enter an amount in pounds"));
    assert!(
        page.body.contains("value=\"Hot lunches twice a week\""),
        "what was typed stays"
    );
    let list = app
        .get(&mut Browser::default(), "/compacts/blackpool/funding")
        .await;
    assert!(
        list.body.contains("No agreements match."),
        "nothing was written"
    );
}
