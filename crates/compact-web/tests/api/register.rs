//! The register through the API: sign-ups, champions, withdrawals, imports
//! of files and councils' spreadsheets, and the ranges dates must fall in.

use super::app::{assert_error, TestApp};
use axum::http::{Method, StatusCode};
use compact_store::{test_on_both_engines, Actor, Engine};
use serde_json::Value;

fn sign_up_body(signed_on: &str) -> Value {
    serde_json::json!({
        "signed_on": signed_on,
        "signed_by": "Amira Khan",
        "signer_role": "Chair of Trustees",
        "authority_confirmed": true,
        "champion": {"name": "Tom Price", "role": "Manager", "contact": "tom@example.org"}
    })
}

/// The id of the charity of the Blackpool scenario (the member's).
pub async fn charity_id(app: &TestApp) -> i64 {
    let register = app
        .get(
            "/api/v1/compacts/blackpool/register?standing=all&q=food",
            None,
        )
        .await;
    register.json["items"][0]["id"].as_i64().unwrap()
}

test_on_both_engines!(the_secretariat_records_a_sign_up_and_the_register_shows_it);
async fn the_secretariat_records_a_sign_up_and_the_register_shows_it(engine: Engine) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let empty = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(empty.json["total"], 0, "{}", empty.json);
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    let done = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            sign_up_body("2026-01-05"),
        )
        .await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.json);
    assert_eq!(done.json["outcome"], "recorded");
    let register = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(register.json["total"], 1);
    assert_eq!(register.json["signatories_by_sector"]["vcse"], 1);
    assert_eq!(register.json["items"][0]["standing"], "signatory");
    assert_eq!(register.json["items"][0]["champion"], "Tom Price");
    let before = app
        .get("/api/v1/compacts/blackpool/register?on=2026-01-04", None)
        .await;
    assert_eq!(before.json["total"], 0, "not yet signed on the day before");
    let organisation = format!("/api/v1/compacts/blackpool/organisations/{charity}");
    let public = app.get(&organisation, None).await;
    assert_eq!(
        public.json["sign_ups"][0]["champion"]["contact"],
        Value::Null
    );
    let partner = app.get(&organisation, Some("bystander")).await;
    assert_eq!(
        partner.json["sign_ups"][0]["champion"]["contact"],
        "tom@example.org"
    );
    let again = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            sign_up_body("2026-02-05"),
        )
        .await;
    assert_error(&again, StatusCode::CONFLICT, "conflict");
    let growth = app
        .get("/api/v1/compacts/blackpool/register/growth", None)
        .await;
    assert_eq!(
        growth.json.as_array().unwrap().last().unwrap()["signatories"],
        1
    );
}

test_on_both_engines!(a_member_asks_to_sign_up_and_the_secretariat_decides);
async fn a_member_asks_to_sign_up_and_the_secretariat_decides(engine: Engine) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    let public = app
        .send_json(Method::POST, &path, None, sign_up_body("2026-01-05"))
        .await;
    assert_error(&public, StatusCode::UNAUTHORIZED, "unauthorised");
    let stranger = app
        .send_json(
            Method::POST,
            &path,
            Some("bystander"),
            sign_up_body("2026-01-05"),
        )
        .await;
    assert_error(&stranger, StatusCode::FORBIDDEN, "forbidden");
    let asked = app
        .send_json(
            Method::POST,
            &path,
            Some("member"),
            sign_up_body("2026-01-05"),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{}", asked.json);
    let request = asked.json["request"].as_i64().unwrap();
    let queue = "/api/v1/compacts/blackpool/sign-up-requests";
    assert_error(
        &app.get(queue, Some("member")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    let listed = app.get(queue, Some("secretariat")).await;
    assert_eq!(listed.json[0]["status"], "pending", "{}", listed.json);
    let decision = format!("{queue}/{request}/decision");
    let body = serde_json::json!({"decision": "approve", "note": "Welcome"});
    let by_member = app
        .send_json(Method::POST, &decision, Some("member"), body.clone())
        .await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let approved = app
        .send_json(Method::POST, &decision, Some("secretariat"), body.clone())
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.json);
    assert_eq!(approved.json["status"], "approved");
    assert!(approved.json["sign_up"].is_i64());
    let twice = app
        .send_json(Method::POST, &decision, Some("secretariat"), body)
        .await;
    assert_error(&twice, StatusCode::CONFLICT, "conflict");
    let register = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(register.json["items"][0]["id"], charity);
}

test_on_both_engines!(bad_sign_ups_name_each_field_and_change_nothing);
async fn bad_sign_ups_name_each_field_and_change_nothing(engine: Engine) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    let mut body = sign_up_body("31/02/2026");
    body["authority_confirmed"] = Value::Bool(false);
    body["champion"]["name"] = Value::String(" ".into());
    let invalid = app
        .send_json(Method::POST, &path, Some("secretariat"), body)
        .await;
    assert_error(&invalid, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let message = invalid.json["error"]["message"].as_str().unwrap();
    for field in [
        "signed_on: not a date",
        "champion_name: missing",
        "authority: missing",
    ] {
        assert!(message.contains(field), "{message}");
    }
    let malformed = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            serde_json::json!({"signed_on": 5}),
        )
        .await;
    assert_error(&malformed, StatusCode::BAD_REQUEST, "bad_request");
    let register = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(register.json["total"], 0);
    let bad_filter = app
        .get("/api/v1/compacts/blackpool/register?sector=nowhere", None)
        .await;
    assert_error(&bad_filter, StatusCode::BAD_REQUEST, "bad_request");
}

test_on_both_engines!(
    champions_are_changed_by_their_organisation_and_withdrawals_by_the_secretariat
);
async fn champions_are_changed_by_their_organisation_and_withdrawals_by_the_secretariat(
    engine: Engine,
) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    let done = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            sign_up_body("2026-01-05"),
        )
        .await;
    let sign_up = done.json["sign_up"].as_i64().unwrap();
    let champion = format!("/api/v1/compacts/blackpool/sign-ups/{sign_up}/champion");
    let new_champion = serde_json::json!({
        "name": "Jo Bloggs", "role": "Volunteer lead", "contact": "01253 000000",
        "appointed_on": "2026-03-01", "trained_on": "2026-03-10"
    });
    let stranger = app
        .send_json(
            Method::PUT,
            &champion,
            Some("bystander"),
            new_champion.clone(),
        )
        .await;
    assert_error(&stranger, StatusCode::FORBIDDEN, "forbidden");
    let own = app
        .send_json(Method::PUT, &champion, Some("member"), new_champion)
        .await;
    assert_eq!(own.status, StatusCode::NO_CONTENT, "{}", own.json);
    let organisation = app
        .get(
            &format!("/api/v1/compacts/blackpool/organisations/{charity}"),
            None,
        )
        .await;
    assert_eq!(
        organisation.json["sign_ups"][0]["champion"]["name"],
        "Jo Bloggs"
    );
    assert_eq!(
        organisation.json["sign_ups"][0]["champion"]["trained_on"],
        "2026-03-10"
    );

    let withdrawal = format!("/api/v1/compacts/blackpool/sign-ups/{sign_up}/withdrawal");
    let body = serde_json::json!({"withdrawn_on": "2026-04-01", "reason": "Merged"});
    let by_member = app
        .send_json(Method::POST, &withdrawal, Some("member"), body.clone())
        .await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let early = app
        .send_json(
            Method::POST,
            &withdrawal,
            Some("secretariat"),
            serde_json::json!({"withdrawn_on": "2025-12-31", "reason": "Merged"}),
        )
        .await;
    assert_error(&early, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let done = app
        .send_json(Method::POST, &withdrawal, Some("secretariat"), body.clone())
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.json);
    let again = app
        .send_json(Method::POST, &withdrawal, Some("secretariat"), body)
        .await;
    assert_error(&again, StatusCode::CONFLICT, "conflict");
    let register = app.get("/api/v1/compacts/blackpool/register", None).await;
    assert_eq!(register.json["total"], 0);
    let history = app
        .get("/api/v1/compacts/blackpool/register?on=2026-03-31", None)
        .await;
    assert_eq!(
        history.json["total"], 1,
        "still a signatory before withdrawing"
    );
    let audit = app
        .get(
            "/api/v1/compacts/blackpool/audit?per_page=200",
            Some("secretariat"),
        )
        .await;
    let actions: Vec<&str> = audit.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in ["signatory.create", "champion.set", "signatory.withdraw"] {
        assert!(actions.contains(&action), "{actions:?}");
    }
}

test_on_both_engines!(the_secretariat_imports_a_file_and_importing_it_again_changes_nothing);
async fn the_secretariat_imports_a_file_and_importing_it_again_changes_nothing(engine: Engine) {
    let app = TestApp::start(engine).await;
    let path = "/api/v1/compacts/blackpool/organisations/import";
    let csv = "name,kind,charity_number,postcode\n\
               Bispham Boxing Club,community_group,,FY2 9HX\n\
               Layton Larder,charity,1123456,\n\
               ,charity,12,nowhere\n";
    let by_member = app.post_csv(path, "member", csv).await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let dry = app
        .post_csv(&format!("{path}?dry_run=true"), "secretariat", csv)
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.json);
    assert_eq!(dry.json["dry_run"], true);
    assert_eq!(dry.json["created"], 2);
    let all = "/api/v1/compacts/blackpool/register?standing=all";
    assert_eq!(
        app.get(all, None).await.json["total"],
        3,
        "a dry run keeps nothing"
    );
    let done = app.post_csv(path, "secretariat", csv).await;
    assert_eq!(done.json["created"], 2, "{}", done.json);
    assert_eq!(done.json["rejected"], 1);
    let columns: Vec<&str> = done.json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["row"], 4);
            p["column"].as_str().unwrap()
        })
        .collect();
    assert!(
        columns.contains(&"name") && columns.contains(&"postcode"),
        "{columns:?}"
    );
    assert_eq!(app.get(all, None).await.json["total"], 5);
    let again = app.post_csv(path, "secretariat", csv).await;
    assert_eq!(again.json["created"], 0);
    assert_eq!(again.json["unchanged"], 2);
    let unreadable = app
        .post_csv(path, "secretariat", "colour,shape\nred,round\n")
        .await;
    assert_error(&unreadable, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let bad_format = app
        .post_csv(&format!("{path}?format=excel"), "secretariat", csv)
        .await;
    assert_error(&bad_format, StatusCode::BAD_REQUEST, "bad_request");
}

test_on_both_engines!(a_councils_spreadsheet_is_imported_once_through_the_api);
async fn a_councils_spreadsheet_is_imported_once_through_the_api(engine: Engine) {
    let app = TestApp::start(engine).await;
    let path = "/api/v1/compacts/blackpool/records/import";
    let csv = "reference,title,funder,recipient,kind,amount,starts_on,ends_on\n\
               BC-1,Food parcels,Blackpool Council,Seaside Food Bank,grant,\"£12,500\",2025-04-01,2027-03-31\n\
               BC-2,Advice,Blackpool Council,Nobody,grant,5000,2025-04-01,2026-03-31\n";
    let by_member = app.post_csv(path, "member", csv).await;
    assert_error(&by_member, StatusCode::FORBIDDEN, "forbidden");
    let dry = app
        .post_csv(&format!("{path}?dry_run=true"), "secretariat", csv)
        .await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.json);
    assert_eq!(
        (dry.json["dry_run"].clone(), dry.json["created"].clone()),
        (Value::from(true), Value::from(1))
    );
    let done = app
        .post_csv(&format!("{path}?kind=agreements"), "secretariat", csv)
        .await;
    assert_eq!(done.json["created"], 1, "{}", done.json);
    assert_eq!(done.json["rejected"], 1);
    assert_eq!(done.json["problems"][0]["row"], 3);
    assert_eq!(done.json["problems"][0]["column"], "recipient");
    let again = app.post_csv(path, "secretariat", csv).await;
    assert_eq!(
        (
            again.json["created"].clone(),
            again.json["unchanged"].clone()
        ),
        (Value::from(0), Value::from(1))
    );
    let bad_kind = app
        .post_csv(&format!("{path}?kind=grants"), "secretariat", csv)
        .await;
    assert_error(&bad_kind, StatusCode::BAD_REQUEST, "bad_request");
    let unreadable = app
        .post_csv(path, "secretariat", "colour,shape\nred,round\n")
        .await;
    assert_error(&unreadable, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
}

test_on_both_engines!(dates_no_one_could_mean_are_refused_naming_the_field_and_the_range);
async fn dates_no_one_could_mean_are_refused_naming_the_field_and_the_range(engine: Engine) {
    let app = TestApp::start(engine).await;
    for path in [
        "/api/v1/compacts/blackpool/register?on=9999-12-31",
        "/api/v1/compacts/blackpool/register/growth?on=9999-12-31",
    ] {
        let far = app.get(path, None).await;
        assert_error(&far, StatusCode::BAD_REQUEST, "bad_request");
        let message = far.json["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("\"9999-12-31\" is after today: the register can be shown on any date from 1 January 1998 to today"),
            "{message}"
        );
    }
    let early = app
        .get("/api/v1/compacts/blackpool/register?on=1997-12-31", None)
        .await;
    assert_error(&early, StatusCode::BAD_REQUEST, "bad_request");
    assert!(early.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("is too early"));

    let charity = charity_id(&app).await;
    let path = format!("/api/v1/compacts/blackpool/organisations/{charity}/sign-ups");
    for signed_on in ["1000-01-01", "0001-01-01", "2009-10-31"] {
        let refused = app
            .send_json(
                Method::POST,
                &path,
                Some("secretariat"),
                sign_up_body(signed_on),
            )
            .await;
        assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        let fields = &refused.json["error"]["fields"];
        assert_eq!(fields.as_array().unwrap().len(), 1, "{fields}");
        assert_eq!(fields[0]["field"], "signed_on");
        assert_eq!(fields[0]["problem"], "too_early");
        // Blackpool's Compact is the edition of November 2009.
        assert_eq!(fields[0]["earliest"], "2009-11-01");
        let message = refused.json["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("signed_on: too early, use a date from 1 November 2009 to today ("),
            "{message}"
        );
    }
    let register = app
        .get("/api/v1/compacts/blackpool/register?standing=all", None)
        .await;
    assert!(
        register.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["signed_on"].is_null()),
        "nothing was signed: {}",
        register.json
    );
    let edition_day = app
        .send_json(
            Method::POST,
            &path,
            Some("secretariat"),
            sign_up_body("2009-11-01"),
        )
        .await;
    assert_eq!(
        edition_day.status,
        StatusCode::CREATED,
        "{}",
        edition_day.json
    );
}

test_on_both_engines!(the_growth_series_stays_short_whatever_is_stored);
async fn the_growth_series_stays_short_whatever_is_stored(engine: Engine) {
    let app = TestApp::start(engine).await;
    let charity = charity_id(&app).await;
    let store = &app.db.store;
    let compact = store.compact("blackpool").await.unwrap().id;
    let signed_on = chrono::NaiveDate::from_ymd_opt(1000, 1, 1).unwrap();
    store
        .add_signatory(
            compact,
            compact_core::OrganisationId(charity),
            &compact_core::register::SignUp {
                signed_on,
                signed_by: "A".into(),
                signer_role: "Chair".into(),
                champion: compact_core::model::Champion {
                    name: "B".into(),
                    role: "C".into(),
                    contact: "b@example.org".into(),
                    appointed_on: signed_on,
                    trained_on: None,
                },
            },
            "Revised November 2009",
            &Actor::system("test"),
        )
        .await
        .unwrap();
    let growth = app
        .get("/api/v1/compacts/blackpool/register/growth", None)
        .await;
    assert_eq!(growth.status, StatusCode::OK);
    let points = growth.json.as_array().unwrap();
    assert!((1..=120).contains(&points.len()), "{} points", points.len());
    assert_eq!(
        points
            .iter()
            .map(|p| p["joined"].as_u64().unwrap())
            .sum::<u64>(),
        1
    );
}

/// A CSV header of `columns` columns, each named `c` and its number.
fn wide_header(columns: usize, separator: &str) -> String {
    (0..columns)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(separator)
}

test_on_both_engines!(import_files_with_too_many_columns_or_too_long_rows_are_refused_clearly);
async fn import_files_with_too_many_columns_or_too_long_rows_are_refused_clearly(engine: Engine) {
    let app = TestApp::start(engine).await;
    let path = "/api/v1/compacts/blackpool/organisations/import";
    let wide = format!(
        "{}\nBispham Boxing Club,community_group\n",
        wide_header(100_000, ",")
    );
    let refused = app.post_csv(path, "secretariat", &wide).await;
    assert_error(&refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let message = refused.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("header row has 100000 columns; a file may have at most 200"),
        "{message}"
    );

    let long = format!(
        "name,kind,address\nBispham Boxing Club,community_group,\nLong Row,charity,{}\n",
        "x".repeat(70_000)
    );
    let done = app.post_csv(path, "secretariat", &long).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    assert_eq!(done.json["created"], 1);
    assert_eq!(done.json["rejected"], 1);
    let problem = &done.json["problems"][0];
    assert_eq!(problem["row"], 3);
    assert!(
        problem["problem"].as_str().unwrap().starts_with(
            "this row is 70,018 bytes long; a row may be at most 65,536 bytes (64 KiB) long"
        ),
        "{problem}"
    );
}
