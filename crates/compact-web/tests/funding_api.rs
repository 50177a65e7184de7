//! Funding agreements through the JSON API on both engines: the public
//! reads the list and one agreement, the funder's officer enters an
//! agreement, a payment and a change, and refusals carry the pages'
//! statuses.

mod support;

use axum::http::{Method, StatusCode};
use compact_store::{test_on_both_engines, Engine};
use serde_json::{json, Value};
use support::api::{call, day, has_fields, names_field, token};
use support::web::TestApp;

test_on_both_engines!(an_officer_enters_an_agreement_and_the_public_reads_it);

const API: &str = "/api/v1/compacts/blackpool/agreements";

async fn an_officer_enters_an_agreement_and_the_public_reads_it(engine: Engine) {
    let app = TestApp::start(engine).await;
    let officer = token(&app, "officer").await;
    let member = token(&app, "member").await;
    let agreement = json!({
        "title": "Lunch club grant",
        "funder": app.council.0.to_string(),
        "recipient": app.charity.0.to_string(),
        "kind": "grant",
        "purpose": "Hot lunches twice a week",
        "amount": "30,000",
        "starts_on": day(-365),
        "ends_on": day(730),
        "paid_in": "advance",
        "monitoring": "Numbers served, each quarter",
        "full_cost_recovery": "yes"
    });

    // Refusals in the use cases' order: 401, 403, 422.
    let body = Some(agreement.clone());
    assert_eq!(
        call(&app, Method::POST, API, None, body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&app, Method::POST, API, Some(&member), body.clone())
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, error) = call(
        &app,
        Method::POST,
        API,
        Some(&officer),
        Some(json!({"title": "", "amount": "lots"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(has_fields(&error), "{error}");
    assert_eq!(
        call(
            &app,
            Method::POST,
            API,
            Some(&officer),
            Some(json!("an agreement"))
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );

    let (status, created) = call(&app, Method::POST, API, Some(&officer), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    let one = format!("{API}/{id}");

    // A payment and a cut, with the same refusals.
    let payments = format!("{one}/payments");
    let payment = json!({"due_on": day(-300), "amount": "7,500", "paid_on": day(-299)});
    assert_eq!(
        call(&app, Method::POST, &payments, None, Some(payment.clone()))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(
            &app,
            Method::POST,
            &payments,
            Some(&member),
            Some(payment.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, error) = call(
        &app,
        Method::POST,
        &payments,
        Some(&officer),
        Some(json!({"due_on": "someday"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(has_fields(&error), "{error}");
    let (status, paid) = call(&app, Method::POST, &payments, Some(&officer), Some(payment)).await;
    assert_eq!(status, StatusCode::CREATED, "{paid}");

    let changes = format!("{one}/changes");
    let change = json!({
        "kind": "reduction",
        "decided_on": day(-10),
        "effective_on": day(120),
        "new_amount": "20,000"
    });
    assert_eq!(
        call(
            &app,
            Method::POST,
            &changes,
            Some(&member),
            Some(change.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, error) = call(
        &app,
        Method::POST,
        &changes,
        Some(&officer),
        Some(json!({"kind": "shrink"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(has_fields(&error), "{error}");
    let (status, cut) = call(&app, Method::POST, &changes, Some(&officer), Some(change)).await;
    assert_eq!(status, StatusCode::CREATED, "{cut}");

    // The public reads the list and the agreement with all it records.
    let (status, list) = call(&app, Method::GET, API, None, None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["id"], id, "{list}");
    assert_eq!(list["items"][0]["amount_pence"], 3_000_000, "{list}");
    assert_eq!(list["items"][0]["changes"], 1, "{list}");
    let (status, shown) = call(&app, Method::GET, &one, None, None).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["title"], "Lunch club grant", "{shown}");
    assert_eq!(shown["kind"], "grant", "{shown}");
    assert_eq!(shown["paid_in"], "advance", "{shown}");
    assert_eq!(shown["payments"][0]["amount_pence"], 750_000, "{shown}");
    assert_eq!(shown["changes"][0]["kind"], "reduction", "{shown}");
    assert_eq!(
        shown["changes"][0]["new_amount_pence"], 2_000_000,
        "{shown}"
    );
    assert!(shown["findings"].is_array(), "{shown}");
    assert_eq!(shown["may_record"], false, "{shown}");

    // Pages past the end are empty; out of range is refused.
    let (status, empty) = call(&app, Method::GET, &format!("{API}?page=2"), None, None).await;
    assert_eq!(status, StatusCode::OK, "{empty}");
    assert_eq!(empty["items"], json!([]), "{empty}");
    assert_eq!(
        call(&app, Method::GET, &format!("{API}?per_page=0"), None, None)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );

    // Unknown and malformed agreements.
    for path in [format!("{API}/999999"), format!("{API}/999999/payments")] {
        let method = if path.ends_with("payments") {
            Method::POST
        } else {
            Method::GET
        };
        let body = (method == Method::POST).then(|| json!({}));
        assert_eq!(
            call(&app, method, &path, Some(&officer), body).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let (status, error) = call(&app, Method::GET, &format!("{API}/nine"), None, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(
        call(
            &app,
            Method::GET,
            "/api/v1/compacts/nowhere/agreements",
            None,
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

/// The lunch club grant from `funder` to `recipient`, as the API takes it.
fn agreement_body(title: &str, funder: i64, recipient: i64) -> Value {
    json!({
        "title": title,
        "funder": funder.to_string(),
        "recipient": recipient.to_string(),
        "kind": "grant",
        "purpose": "Hot lunches twice a week",
        "amount": "30,000",
        "starts_on": day(-365),
        "ends_on": day(730),
        "paid_in": "advance",
        "monitoring": "Numbers served, each quarter",
        "full_cost_recovery": "yes"
    })
}

/// Enter `body` at `list` as the holder of `token`; its address.
async fn entered(app: &TestApp, list: &str, token: &str, body: Value) -> String {
    let (status, created) = call(app, Method::POST, list, Some(token), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    format!("{list}/{}", created["id"])
}

/// The statuses every call that records answers before it reads the body's
/// fields: 401 for the public, 403 for a member of another organisation,
/// 404 at `unknown` for `recorder` (who may record at `path`); then 422
/// naming `field` for `bad`; and at last `good` recorded (204).
async fn refused_then_recorded(
    app: &TestApp,
    (method, recorder): (Method, &str),
    (path, unknown): (&str, &str),
    (good, bad): (&Value, Value),
    field: &str,
) {
    let recorder = Some(token(app, recorder).await);
    let member = Some(token(app, "member").await);
    for (who, at, status) in [
        (&None, path, StatusCode::UNAUTHORIZED),
        (&member, path, StatusCode::FORBIDDEN),
        (&recorder, unknown, StatusCode::NOT_FOUND),
    ] {
        let (answered, error) =
            call(app, method.clone(), at, who.as_deref(), Some(good.clone())).await;
        assert_eq!(answered, status, "{method} {at}: {error}");
    }
    let (status, error) = call(app, method.clone(), path, recorder.as_deref(), Some(bad)).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{method} {path}: {error}"
    );
    assert!(names_field(&error, field), "{field}: {error}");
    let (status, answer) = call(app, method, path, recorder.as_deref(), Some(good.clone())).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{path}: {answer}");
}

test_on_both_engines!(an_officer_changes_an_agreement_and_marks_an_instalment_paid);
async fn an_officer_changes_an_agreement_and_marks_an_instalment_paid(engine: Engine) {
    let app = TestApp::start(engine).await;
    let officer = token(&app, "officer").await;
    let one = entered(
        &app,
        API,
        &officer,
        agreement_body("Lunch club grant", app.council.0, app.charity.0),
    )
    .await;

    let mut changed = agreement_body("Lunch and tea club grant", app.council.0, app.charity.0);
    changed["amount"] = json!("32,500");
    let mut bad = changed.clone();
    bad["amount"] = json!("lots");
    refused_then_recorded(
        &app,
        (Method::PUT, "officer"),
        (&one, &format!("{API}/999999")),
        (&changed, bad),
        "amount",
    )
    .await;
    let (_, shown) = call(&app, Method::GET, &one, None, None).await;
    assert_eq!(shown["title"], "Lunch and tea club grant", "{shown}");
    assert_eq!(shown["amount_pence"], 3_250_000, "{shown}");

    // An instalment scheduled unpaid, then paid.
    let payments = format!("{one}/payments");
    let (status, payment) = call(
        &app,
        Method::POST,
        &payments,
        Some(&officer),
        Some(json!({"due_on": day(-30), "amount": "7,500"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{payment}");
    let paid = format!("{payments}/{}/paid", payment["id"]);
    refused_then_recorded(
        &app,
        (Method::POST, "officer"),
        (&paid, &format!("{payments}/999999/paid")),
        (&json!({"paid_on": day(-1)}), json!({"paid_on": day(5)})),
        "paid_on",
    )
    .await;
    let (_, shown) = call(&app, Method::GET, &one, None, None).await;
    assert_eq!(shown["payments"][0]["paid_on"], day(-1), "{shown}");
}

test_on_both_engines!(the_agreements_are_filtered_by_funder_and_recipient_a_page_at_a_time);
async fn the_agreements_are_filtered_by_funder_and_recipient_a_page_at_a_time(engine: Engine) {
    let app = TestApp::start(engine).await;
    let officer = token(&app, "officer").await;
    for (title, recipient) in [
        ("Food bank grant", app.charity),
        ("Residents grant", app.bystander),
    ] {
        entered(
            &app,
            API,
            &officer,
            agreement_body(title, app.council.0, recipient.0),
        )
        .await;
    }
    let total = |query: String| {
        let app = &app;
        async move {
            let (status, list) =
                call(app, Method::GET, &format!("{API}?{query}"), None, None).await;
            assert_eq!(status, StatusCode::OK, "{query}: {list}");
            (
                list["total"].as_u64().unwrap(),
                list["items"].as_array().unwrap().len(),
            )
        }
    };
    assert_eq!(total(format!("funder={}", app.council.0)).await, (2, 2));
    assert_eq!(total(format!("recipient={}", app.charity.0)).await, (1, 1));
    assert_eq!(
        total(format!(
            "funder={}&recipient={}",
            app.council.0, app.bystander.0
        ))
        .await,
        (1, 1)
    );
    assert_eq!(total(format!("funder={}", app.charity.0)).await, (0, 0));
    assert_eq!(total("search=seaside%20food".into()).await, (1, 1));
    assert_eq!(total("search=promenade".into()).await, (1, 1));
    assert_eq!(total("search=lighthouse".into()).await, (0, 0));
    assert_eq!(total("per_page=1&page=2".into()).await, (2, 1));
    for bad in [
        "funder=council".to_string(),
        "recipient=0".into(),
        format!("search={}", "a".repeat(201)),
    ] {
        let (status, error) = call(&app, Method::GET, &format!("{API}?{bad}"), None, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {error}");
    }
    let (status, error) = call(&app, Method::GET, API, Some("not-a-token"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{error}");
}

/// All nine characteristics, each with `impact`; a negative one is
/// softened unless `mitigated` is false.
fn impact_body(participants: &[i64], impact: &str, mitigated: bool) -> Value {
    let entries: Vec<Value> = [
        "age",
        "disability",
        "gender_reassignment",
        "marriage_and_civil_partnership",
        "pregnancy_and_maternity",
        "race",
        "religion_or_belief",
        "sex",
        "sexual_orientation",
    ]
    .iter()
    .map(|c| {
        json!({
            "characteristic": c,
            "impact": impact,
            "evidence": "Attendance records",
            "mitigation": if mitigated { "Transport kept" } else { "" }
        })
    })
    .collect();
    json!({"completed_on": day(0), "participants": participants, "entries": entries})
}

test_on_both_engines!(a_cut_shows_its_task_list_and_takes_steps_and_an_impact_assessment);
async fn a_cut_shows_its_task_list_and_takes_steps_and_an_impact_assessment(engine: Engine) {
    let app = TestApp::start(engine).await;
    let (council, charity) = app.wiltshire().await;
    let wilts = token(&app, "wilts-officer").await;
    let list = "/api/v1/compacts/wiltshire/agreements";
    let one = entered(
        &app,
        list,
        &wilts,
        agreement_body("Lunch club grant", council, charity),
    )
    .await;
    let changes = format!("{one}/changes");
    // A cut decided in 100 days' time: the consultation is the next step.
    let (status, cut) = call(
        &app,
        Method::POST,
        &changes,
        Some(&wilts),
        Some(json!({
            "kind": "reduction",
            "decided_on": day(100),
            "effective_on": day(250),
            "new_amount": "20,000"
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{cut}");
    let change = format!("{changes}/{}", cut["id"]);

    let (status, shown) = call(&app, Method::GET, &change, None, None).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert_eq!(shown["change"]["kind"], "reduction", "{shown}");
    assert_eq!(shown["tasks"][0]["step"], "consultation", "{shown}");
    assert_eq!(shown["tasks"][0]["state"], "due", "{shown}");
    assert_eq!(shown["next_deadline"]["step"], "consultation", "{shown}");
    assert_eq!(
        shown["characteristics_considered"]
            .as_array()
            .unwrap()
            .len(),
        9
    );
    assert!(shown["findings"].is_array(), "{shown}");
    assert_eq!(shown["may_record"], false, "{shown}");
    for missing in [
        format!("{changes}/999999"),
        format!("{list}/999999/changes/1"),
    ] {
        let (status, error) = call(&app, Method::GET, &missing, None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}: {error}");
    }
    let (status, error) = call(&app, Method::GET, &change, Some("not-a-token"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{error}");

    // The consultation opens today, for twelve weeks. The member is
    // Blackpool's, so refused in Wiltshire; the officer checked is
    // Wiltshire's own.
    let steps = format!("{change}/steps");
    let consultation = json!({
        "step": "consultation",
        "done_on": day(0),
        "done_by": "Commissioning team",
        "closes_on": day(90)
    });
    let mut not_a_step = consultation.clone();
    not_a_step["step"] = json!("celebration");
    refused_then_recorded(
        &app,
        (Method::POST, "wilts-officer"),
        (&steps, &format!("{changes}/999999/steps")),
        (&consultation, not_a_step),
        "step",
    )
    .await;

    // The assessment, undertaken with the recipient: joint.
    let impact = format!("{change}/impact-assessment");
    let assessment = impact_body(&[council, charity], "negative", true);
    refused_then_recorded(
        &app,
        (Method::PUT, "wilts-officer"),
        (&impact, &format!("{changes}/999999/impact-assessment")),
        (
            &assessment,
            impact_body(&[council, charity], "negative", false),
        ),
        "entries.age.mitigation",
    )
    .await;

    let (_, shown) = call(&app, Method::GET, &change, Some(&wilts), None).await;
    assert_eq!(shown["may_record"], true, "{shown}");
    assert_eq!(shown["tasks"][0]["state"], "done", "{shown}");
    assert_eq!(
        shown["tasks"][0]["done_by"], "Commissioning team",
        "{shown}"
    );
    assert_eq!(
        shown["next_deadline"]["step"], "criteria_published",
        "{shown}"
    );
    let assessed = &shown["change"]["impact_assessment"];
    assert_eq!(assessed["joint"], true, "{shown}");
    assert_eq!(assessed["entries"][0]["impact"], "negative", "{shown}");
    assert_eq!(
        assessed["entries"][0]["mitigation"], "Transport kept",
        "{shown}"
    );
    let sectors: Vec<&str> = shown["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["sector"].as_str().unwrap())
        .collect();
    assert!(sectors.contains(&"vcse"), "{shown}");
}
