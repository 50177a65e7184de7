//! Each refusal of the funding use cases, asked for through a page and
//! through the API: both answer with the same status, because both only
//! translate the one use case's answer.

mod support;

use axum::http::{Method, StatusCode};
use compact_store::{test_on_both_engines, Engine};
use serde_json::{json, Value};
use support::api::{api_status, call, day, page_status, token};
use support::web::TestApp;

/// An agreement from `funder` to `recipient` in the Compact at `slug`,
/// with an unpaid instalment and a cut, entered through the API by `who`:
/// the agreement's, instalment's and cut's numbers.
async fn agreement_with_a_cut(
    app: &TestApp,
    slug: &str,
    who: &str,
    (funder, recipient): (i64, i64),
) -> (i64, i64, i64) {
    let token = token(app, who).await;
    let list = format!("/api/v1/compacts/{slug}/agreements");
    let recorded = |path: String, body: Value| {
        let token = token.clone();
        async move {
            let (status, created) = call(app, Method::POST, &path, Some(&token), Some(body)).await;
            assert_eq!(status, StatusCode::CREATED, "{path}: {created}");
            created["id"].as_i64().unwrap()
        }
    };
    let id = recorded(
        list.clone(),
        json!({
            "title": "Lunch club grant",
            "funder": funder.to_string(),
            "recipient": recipient.to_string(),
            "kind": "grant",
            "purpose": "Hot lunches",
            "amount": "30,000",
            "starts_on": day(-365),
            "ends_on": day(730)
        }),
    )
    .await;
    let payment = recorded(
        format!("{list}/{id}/payments"),
        json!({"due_on": day(-30), "amount": "7,500"}),
    )
    .await;
    let change = recorded(
        format!("{list}/{id}/changes"),
        json!({
            "kind": "reduction",
            "decided_on": day(100),
            "effective_on": day(250),
            "new_amount": "20,000"
        }),
    )
    .await;
    (id, payment, change)
}

/// One refusal: what it is, the path under `/compacts/SLUG/` of the page's
/// form, the API's method and path under `/api/v1/compacts/SLUG/`, who
/// asks, and the status both answer.
struct Case {
    what: &'static str,
    slug: &'static str,
    page: String,
    method: Method,
    api: String,
    who: Option<&'static str>,
    status: StatusCode,
}

fn case(
    what: &'static str,
    (slug, who): (&'static str, Option<&'static str>),
    page: String,
    (method, api): (Method, String),
    status: StatusCode,
) -> Case {
    Case {
        what,
        slug,
        page,
        method,
        api,
        who,
        status,
    }
}

test_on_both_engines!(the_page_and_the_api_answer_each_funding_refusal_alike);
async fn the_page_and_the_api_answer_each_funding_refusal_alike(engine: Engine) {
    let app = TestApp::start(engine).await;
    let (id, payment, change) =
        agreement_with_a_cut(&app, "blackpool", "officer", (app.council.0, app.charity.0)).await;
    let wiltshire = app.wiltshire().await;
    let (w_id, _, w_change) =
        agreement_with_a_cut(&app, "wiltshire", "wilts-officer", wiltshire).await;

    let (public, member, officer) = (
        ("blackpool", None),
        ("blackpool", Some("member")),
        ("blackpool", Some("officer")),
    );
    let (post, put) = (Method::POST, Method::PUT);
    let a = |rest: &str| format!("funding/{id}{rest}");
    let api = |rest: &str| format!("agreements/{id}{rest}");
    let paid = format!("/payments/{payment}/paid");
    let step = format!("/changes/{change}/steps");
    let impact = format!("/changes/{change}/impact-assessment");
    use StatusCode as S;
    let cases = vec![
        // Entering an agreement.
        case(
            "the public enters an agreement",
            public,
            "funding/new".into(),
            (post.clone(), "agreements".into()),
            S::UNAUTHORIZED,
        ),
        case(
            "a member enters an agreement",
            member,
            "funding/new".into(),
            (post.clone(), "agreements".into()),
            S::FORBIDDEN,
        ),
        case(
            "an empty agreement",
            officer,
            "funding/new".into(),
            (post.clone(), "agreements".into()),
            S::UNPROCESSABLE_ENTITY,
        ),
        case(
            "an agreement in no Compact",
            ("nowhere", Some("officer")),
            "funding/new".into(),
            (post.clone(), "agreements".into()),
            S::NOT_FOUND,
        ),
        // Changing it.
        case(
            "the public changes it",
            public,
            a("/edit"),
            (put.clone(), api("")),
            S::UNAUTHORIZED,
        ),
        case(
            "a member changes it",
            member,
            a("/edit"),
            (put.clone(), api("")),
            S::FORBIDDEN,
        ),
        case(
            "an unknown agreement changed",
            officer,
            "funding/999999/edit".into(),
            (put.clone(), "agreements/999999".into()),
            S::NOT_FOUND,
        ),
        case(
            "it is emptied",
            officer,
            a("/edit"),
            (put.clone(), api("")),
            S::UNPROCESSABLE_ENTITY,
        ),
        // An instalment.
        case(
            "the public schedules an instalment",
            public,
            a("/payments/new"),
            (post.clone(), api("/payments")),
            S::UNAUTHORIZED,
        ),
        case(
            "a member schedules one",
            member,
            a("/payments/new"),
            (post.clone(), api("/payments")),
            S::FORBIDDEN,
        ),
        case(
            "an instalment of no agreement",
            officer,
            "funding/999999/payments/new".into(),
            (post.clone(), "agreements/999999/payments".into()),
            S::NOT_FOUND,
        ),
        case(
            "an empty instalment",
            officer,
            a("/payments/new"),
            (post.clone(), api("/payments")),
            S::UNPROCESSABLE_ENTITY,
        ),
        // Marking it paid.
        case(
            "the public marks it paid",
            public,
            a(&paid),
            (post.clone(), api(&paid)),
            S::UNAUTHORIZED,
        ),
        case(
            "a member marks it paid",
            member,
            a(&paid),
            (post.clone(), api(&paid)),
            S::FORBIDDEN,
        ),
        case(
            "an unknown instalment paid",
            officer,
            a("/payments/999999/paid"),
            (post.clone(), api("/payments/999999/paid")),
            S::NOT_FOUND,
        ),
        case(
            "paid on no date",
            officer,
            a(&paid),
            (post.clone(), api(&paid)),
            S::UNPROCESSABLE_ENTITY,
        ),
        // A change.
        case(
            "the public records a change",
            public,
            a("/changes/new"),
            (post.clone(), api("/changes")),
            S::UNAUTHORIZED,
        ),
        case(
            "a member records one",
            member,
            a("/changes/new"),
            (post.clone(), api("/changes")),
            S::FORBIDDEN,
        ),
        case(
            "a change of no agreement",
            officer,
            "funding/999999/changes/new".into(),
            (post.clone(), "agreements/999999/changes".into()),
            S::NOT_FOUND,
        ),
        case(
            "an empty change",
            officer,
            a("/changes/new"),
            (post.clone(), api("/changes")),
            S::UNPROCESSABLE_ENTITY,
        ),
        // A step of the reduction procedure.
        case(
            "the public records a step",
            public,
            a(&format!("/changes/{change}/steps/new")),
            (post.clone(), api(&step)),
            S::UNAUTHORIZED,
        ),
        case(
            "a member records one",
            member,
            a(&format!("/changes/{change}/steps/new")),
            (post.clone(), api(&step)),
            S::FORBIDDEN,
        ),
        case(
            "a step of no change",
            officer,
            a("/changes/999999/steps/new"),
            (post.clone(), api("/changes/999999/steps")),
            S::NOT_FOUND,
        ),
        case(
            "a step where the Compact sets no procedure",
            officer,
            a(&format!("/changes/{change}/steps/new")),
            (post.clone(), api(&step)),
            S::CONFLICT,
        ),
        case(
            "an empty step",
            ("wiltshire", Some("wilts-officer")),
            format!("funding/{w_id}/changes/{w_change}/steps/new"),
            (
                post.clone(),
                format!("agreements/{w_id}/changes/{w_change}/steps"),
            ),
            S::UNPROCESSABLE_ENTITY,
        ),
        // The impact assessment.
        case(
            "the public records an assessment",
            public,
            a(&impact),
            (put.clone(), api(&impact)),
            S::UNAUTHORIZED,
        ),
        case(
            "a member records one",
            member,
            a(&impact),
            (put.clone(), api(&impact)),
            S::FORBIDDEN,
        ),
        case(
            "an assessment of no change",
            officer,
            a("/changes/999999/impact-assessment"),
            (put.clone(), api("/changes/999999/impact-assessment")),
            S::NOT_FOUND,
        ),
        case(
            "an empty assessment",
            officer,
            a(&impact),
            (put.clone(), api(&impact)),
            S::UNPROCESSABLE_ENTITY,
        ),
    ];
    for c in cases {
        let page_path = format!("/compacts/{}/{}", c.slug, c.page);
        let api_path = format!("/api/v1/compacts/{}/{}", c.slug, c.api);
        assert_eq!(
            page_status(&app, &page_path, c.who).await,
            c.status,
            "page: {}",
            c.what
        );
        assert_eq!(
            api_status(&app, c.method, &api_path, c.who, json!({})).await,
            c.status,
            "API: {}",
            c.what
        );
    }
}
