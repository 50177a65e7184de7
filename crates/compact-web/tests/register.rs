//! The register's pages, driven through the real router on SQLite and
//! PostgreSQL: the public register and its downloads, organisations' pages,
//! and the forms that sign organisations up, change their champions and
//! record their withdrawals, with who may use each.

use axum::http::StatusCode;
use chrono::NaiveDate as Date;
use compact_core::calendar::today_in_london;
use compact_core::definition::{shipped, OrganisationKind};
use compact_core::model::{Champion, Organisation, Records, Signatory};
use compact_core::register::SignUp;
use compact_core::rules::fixtures::{agreement, consultation, organisation, signatory};
use compact_core::{OrganisationId, SignatoryId};
use compact_store::audit::actions;
use compact_store::{test_on_both_engines, Engine};
use compact_store::{Actor, AuditEntry, AuditFilter, RequestStatus};
use serde_json::Value;

mod support;

use support::web::{csrf_token, Browser, TestApp};

const EDITION: &str = "Revised November 2009";
const REGISTER: &str = "/compacts/blackpool/register";

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

/// A date as people type it into the forms.
fn typed(date: Date) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn sign_up(signed_on: Date, champion: &str) -> SignUp {
    SignUp {
        signed_on,
        signed_by: "Mary Smith".into(),
        signer_role: "Chair".into(),
        champion: Champion {
            name: champion.into(),
            role: "Partnerships officer".into(),
            contact: format!(
                "{}@blackpool.example.org",
                champion.to_lowercase().replace(' ', ".")
            ),
            appointed_on: signed_on,
            trained_on: None,
        },
    }
}

/// Blackpool's scenario with a register: the council signed in January
/// 2025 (champion Carol Jones); the food bank signed in May 2024 and
/// withdrew in June 2025; the residents never signed; a community garden
/// with a postcode signed in September 2023.
struct Scenario {
    app: TestApp,
    garden: OrganisationId,
    council_signup: SignatoryId,
}

async fn scenario(engine: Engine) -> Scenario {
    let app = TestApp::start(engine).await;
    let system = Actor::system("test");
    let council_signup = app
        .store
        .add_signatory(
            app.compact,
            app.council,
            &sign_up(d(2025, 1, 10), "Carol Jones"),
            EDITION,
            &system,
        )
        .await
        .unwrap();
    let food_bank = app
        .store
        .add_signatory(
            app.compact,
            app.charity,
            &sign_up(d(2024, 5, 1), "Frank Ode"),
            EDITION,
            &system,
        )
        .await
        .unwrap();
    app.store
        .withdraw_signatory(
            app.compact,
            food_bank,
            d(2025, 6, 30),
            "Merged with another food bank",
            &system,
        )
        .await
        .unwrap();
    let garden = app
        .store
        .add_organisation(
            app.compact,
            &Organisation {
                postcode: Some("FY2 0HH".parse().unwrap()),
                ..organisation(
                    0,
                    "Bispham Community Garden",
                    OrganisationKind::CommunityGroup,
                )
            },
            &system,
        )
        .await
        .unwrap();
    app.store
        .add_signatory(
            app.compact,
            garden,
            &sign_up(d(2023, 9, 1), "Gina Park"),
            EDITION,
            &system,
        )
        .await
        .unwrap();
    Scenario {
        app,
        garden,
        council_signup,
    }
}

fn organisation_path(id: OrganisationId) -> String {
    format!("/compacts/blackpool/organisations/{id}")
}

/// The newest audit entry.
async fn last_entry(app: &TestApp) -> AuditEntry {
    let (entries, _) = app
        .store
        .audit_entries(&AuditFilter::default(), 1, 1)
        .await
        .unwrap();
    entries.into_iter().next().unwrap()
}

async fn entry_count(app: &TestApp) -> u64 {
    app.store
        .audit_entries(&AuditFilter::default(), 1, 1)
        .await
        .unwrap()
        .1
}

/// The sign-ups of `organisation` to Blackpool's Compact.
async fn signups(app: &TestApp, organisation: OrganisationId) -> Vec<Signatory> {
    app.store
        .load_register(app.compact)
        .await
        .unwrap()
        .signatories
        .into_iter()
        .filter(|s| s.organisation == organisation)
        .collect()
}

/// A form's CSRF token, read from the page at `path` as `browser` sees it.
async fn token_of(app: &TestApp, browser: &mut Browser, path: &str) -> String {
    let page = app.get(browser, path).await;
    assert_eq!(page.status, StatusCode::OK, "GET {path}");
    csrf_token(&page.body)
}

/// The visitor's own CSRF token, from whichever form it is shown.
async fn any_token(app: &TestApp, browser: &mut Browser) -> String {
    let page = app.get(browser, "/sign-in").await;
    if page.body.contains("name=\"csrf_token\"") {
        return csrf_token(&page.body);
    }
    csrf_token(&app.get(browser, "/account").await.body)
}

/// A complete sign-up form dated today.
fn sign_up_form(token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf_token", token.to_string()),
        ("signed_on", typed(today_in_london())),
        ("signed_by", "Sandra Bell".into()),
        ("signer_role", "Chair of Trustees".into()),
        ("authority", "yes".into()),
        ("champion_name", "Hassan Ali".into()),
        ("champion_role", "Volunteer coordinator".into()),
        ("champion_contact", "hassan@seaside.example.org".into()),
        ("champion_trained_on", String::new()),
    ]
}

fn pairs<'f>(form: &'f [(&'static str, String)]) -> Vec<(&'static str, &'f str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The page's HTML with `&` no longer escaped, to read links.
fn unescaped(body: &str) -> String {
    body.replace("&#38;", "&").replace("&amp;", "&")
}

/// The links of the page's error summary, as (href, text).
fn summary_links(body: &str) -> Vec<String> {
    let Some(start) = body.find("govuk-error-summary__list") else {
        return Vec::new();
    };
    let list = &body[start..];
    let list = &list[..list.find("</ul>").unwrap()];
    list.split("href=\"#")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

// ---- the register ----

test_on_both_engines!(the_register_lists_only_current_signatories_by_default);
async fn the_register_lists_only_current_signatories_by_default(engine: Engine) {
    let s = scenario(engine).await;
    let page = s.app.get(&mut Browser::default(), REGISTER).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Register of signatories"));
    assert!(page.body.contains("Blackpool Council"));
    assert!(page.body.contains("Bispham Community Garden"));
    assert!(page.body.contains("Carol Jones"), "the champion is named");
    assert!(!page.body.contains("Seaside Food Bank"), "withdrawn");
    assert!(!page.body.contains("Promenade Residents"), "never signed");
    assert!(page.body.contains("Showing 1 to 2 of 2 organisations"));
    assert!(
        page.body
            .contains(&format!("href=\"{}\"", organisation_path(s.garden))),
        "each organisation links to its page"
    );
    assert!(
        !page.body.contains("Sign-up requests waiting"),
        "the queue is the secretariat's"
    );
}

test_on_both_engines!(the_register_is_searched_by_name_and_by_postcode);
async fn the_register_is_searched_by_name_and_by_postcode(engine: Engine) {
    let s = scenario(engine).await;
    let mut public = Browser::default();
    let by_name = s
        .app
        .get(&mut public, &format!("{REGISTER}?q=COUNCIL"))
        .await;
    assert_eq!(by_name.status, StatusCode::OK);
    assert!(by_name.body.contains("Blackpool Council"));
    assert!(!by_name.body.contains("Bispham Community Garden"));
    assert!(by_name.body.contains("Showing 1 to 1 of 1 organisations"));
    assert!(
        by_name.body.contains("value=\"COUNCIL\""),
        "the search stays in the box"
    );

    let by_postcode = s
        .app
        .get(&mut public, &format!("{REGISTER}?q=fy2+0hh"))
        .await;
    assert!(by_postcode.body.contains("Bispham Community Garden"));
    assert!(!by_postcode.body.contains("Blackpool Council"));

    // Searching does not reach past the signatories unless asked to.
    let withdrawn = s
        .app
        .get(&mut public, &format!("{REGISTER}?q=seaside"))
        .await;
    assert!(withdrawn
        .body
        .contains("No organisations match your search."));
    let everyone = s
        .app
        .get(&mut public, &format!("{REGISTER}?q=seaside&standing=all"))
        .await;
    assert!(everyone.body.contains("Seaside Food Bank"));
}

test_on_both_engines!(including_every_standing_lists_the_withdrawn_and_those_never_signed);
async fn including_every_standing_lists_the_withdrawn_and_those_never_signed(engine: Engine) {
    let s = scenario(engine).await;
    let page = s
        .app
        .get(&mut Browser::default(), &format!("{REGISTER}?standing=all"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for name in [
        "Blackpool Council",
        "Bispham Community Garden",
        "Seaside Food Bank",
        "Promenade Residents",
    ] {
        assert!(page.body.contains(name), "{name}");
    }
    assert!(page.body.contains("Showing 1 to 4 of 4 organisations"));
    assert!(page.body.contains(">Withdrawn<"));
    assert!(page.body.contains(">Not signed up<"));
    assert!(
        page.body.contains("value=\"all\" checked"),
        "the box stays ticked"
    );
}

test_on_both_engines!(a_past_date_shows_the_register_as_it_stood_then);
async fn a_past_date_shows_the_register_as_it_stood_then(engine: Engine) {
    let s = scenario(engine).await;
    let mut public = Browser::default();
    // In June 2024 the food bank had signed and the council had not.
    let then = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=01/06/2024"))
        .await;
    assert_eq!(then.status, StatusCode::OK);
    assert!(then
        .body
        .contains("This is the register as it stood on 1 June 2024."));
    assert!(then.body.contains("Seaside Food Bank"));
    assert!(then.body.contains("Bispham Community Garden"));
    assert!(!then.body.contains("Blackpool Council"));
    assert!(then.body.contains("value=\"01/06/2024\""));

    // Dates may also be written as the API writes them.
    let iso = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=2025-03-01"))
        .await;
    assert!(iso.body.contains("Seaside Food Bank"));
    assert!(iso.body.contains("Blackpool Council"));

    // Before anyone signed, the register is empty.
    let before = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=2020-01-01"))
        .await;
    assert!(before.body.contains("No organisations match your search."));
}

test_on_both_engines!(a_date_that_is_not_a_date_is_a_400_with_the_error_summary);
async fn a_date_that_is_not_a_date_is_a_400_with_the_error_summary(engine: Engine) {
    let s = scenario(engine).await;
    let mut public = Browser::default();
    let page = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=31/02/2025"))
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(page.body.contains("<title>Error:"));
    assert_eq!(summary_links(&page.body), ["on"]);
    assert!(page
        .body
        .contains("Enter the date as day, month and year, for example 31/03/2025"));
    assert!(page.body.contains("id=\"on-error\""));
    assert!(page.body.contains("aria-describedby=\"on-hint on-error\""));
    // The list falls back to today's signatories.
    assert!(page.body.contains("Blackpool Council"));

    for (query, field) in [
        ("standing=everyone", "standing"),
        ("sector=charities", "sector"),
        ("kind=club", "kind"),
    ] {
        let page = s.app.get(&mut public, &format!("{REGISTER}?{query}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(summary_links(&page.body), [field], "{query}");
        assert!(
            page.body.contains(&format!("id=\"{field}\"")),
            "the summary links to a field on the page"
        );
    }
}

test_on_both_engines!(a_long_register_is_shown_fifty_to_a_page);
async fn a_long_register_is_shown_fifty_to_a_page(engine: Engine) {
    let s = scenario(engine).await;
    // 55 more signatories, all community groups named "Group NN".
    let records = Records {
        organisations: (1..=55)
            .map(|n| {
                organisation(
                    n,
                    &format!("Group {n:02}"),
                    OrganisationKind::CommunityGroup,
                )
            })
            .collect(),
        signatories: (1..=55).map(|n| signatory(n, n, d(2025, 2, 1))).collect(),
        ..Records::default()
    };
    s.app
        .store
        .save_records(s.app.compact, &records, &Actor::system("test"))
        .await
        .unwrap();
    let mut public = Browser::default();
    let first = s.app.get(&mut public, REGISTER).await;
    assert!(first.body.contains("Showing 1 to 50 of 57 organisations"));
    assert!(first.body.contains("govuk-pagination"));
    assert!(first.body.contains(&format!("href=\"{REGISTER}?page=2\"")));
    assert!(
        first.body.contains("Bispham Community Garden"),
        "sorted by name"
    );
    assert!(!first.body.contains("Group 55"));

    let second = s.app.get(&mut public, &format!("{REGISTER}?page=2")).await;
    assert!(second.body.contains("Showing 51 to 57 of 57 organisations"));
    assert!(second.body.contains("Group 55"));
    assert!(!second.body.contains("Bispham Community Garden"));

    // A page past the end shows the last; a search stays on every page's link.
    let past = s.app.get(&mut public, &format!("{REGISTER}?page=99")).await;
    assert!(past.body.contains("Showing 51 to 57 of 57 organisations"));
    let searched = s.app.get(&mut public, &format!("{REGISTER}?q=group")).await;
    assert!(searched
        .body
        .contains("Showing 1 to 50 of 55 organisations"));
    assert!(unescaped(&searched.body).contains(&format!("href=\"{REGISTER}?q=group&page=2\"")));
}

test_on_both_engines!(the_register_downloads_as_csv_and_json_with_the_same_search);
async fn the_register_downloads_as_csv_and_json_with_the_same_search(engine: Engine) {
    let s = scenario(engine).await;
    let mut public = Browser::default();
    let page = s
        .app
        .get(&mut public, &format!("{REGISTER}?q=council"))
        .await;
    assert!(page
        .body
        .contains("href=\"/compacts/blackpool/register.csv?q=council\""));
    assert!(page
        .body
        .contains("href=\"/compacts/blackpool/register.json?q=council\""));

    let csv = s
        .app
        .get(&mut public, "/compacts/blackpool/register.csv")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.content_type.as_deref(), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "id,name,kind,sector,charity_number,company_number,postcode,website,areas_of_work,standing,\
         signed_on,withdrawn_on,champion,champion_trained_on"
    );
    assert_eq!(lines.len(), 3, "the two current signatories: {lines:?}");
    assert!(lines[1].starts_with(&format!(
        "{},Bispham Community Garden,community_group,vcse,,,FY2 0HH,",
        s.garden
    )));
    assert!(lines[2].contains(",Blackpool Council,local_authority,public,"));
    assert!(lines[2].ends_with(",signatory,2025-01-10,,Carol Jones,"));

    let searched = s
        .app
        .get(&mut public, "/compacts/blackpool/register.csv?q=council")
        .await;
    assert_eq!(searched.body.lines().count(), 2);
    let past = s
        .app
        .get(
            &mut public,
            "/compacts/blackpool/register.csv?on=2024-06-01",
        )
        .await;
    assert!(past.body.contains("Seaside Food Bank"));
    assert!(!past.body.contains("Blackpool Council"));

    let json = s
        .app
        .get(
            &mut public,
            "/compacts/blackpool/register.json?standing=all",
        )
        .await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.content_type.as_deref(), Some("application/json"));
    let rows: Vec<Value> = serde_json::from_str(&json.body).unwrap();
    let standings: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["standing"].as_str().unwrap()))
        .collect();
    assert_eq!(
        standings,
        [
            ("Bispham Community Garden", "signatory"),
            ("Blackpool Council", "signatory"),
            ("Promenade Residents", "not_signed"),
            ("Seaside Food Bank", "withdrawn"),
        ]
    );
    let food_bank = &rows[3];
    assert_eq!(food_bank["withdrawn_on"], "2025-06-30");
    assert_eq!(food_bank["has_champion"], true);
    assert!(
        !json.body.contains("@blackpool.example.org"),
        "no champion's contact in a public download"
    );

    let bad = s
        .app
        .get(
            &mut public,
            "/compacts/blackpool/register.json?on=yesterday",
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let bad = s
        .app
        .get(
            &mut public,
            "/compacts/blackpool/register.csv?standing=some",
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

// ---- an organisation's page ----

test_on_both_engines!(an_organisation_page_shows_its_standing_champion_and_history);
async fn an_organisation_page_shows_its_standing_champion_and_history(engine: Engine) {
    let s = scenario(engine).await;
    let mut public = Browser::default();
    let council = s
        .app
        .get(&mut public, &organisation_path(s.app.council))
        .await;
    assert_eq!(council.status, StatusCode::OK);
    assert!(council
        .body
        .contains("<h1 class=\"govuk-heading-xl\">Blackpool Council</h1>"));
    assert!(council.body.contains(">Signatory<"));
    assert!(council.body.contains("A signatory since 10 January 2025."));
    assert!(council.body.contains("Carol Jones"));
    assert!(council.body.contains("Partnerships officer"));
    assert!(
        !council.body.contains("carol.jones@blackpool.example.org"),
        "the champion's contact is for partners, not the public"
    );
    assert!(council.body.contains("Sign-ups to this Compact"));
    assert!(council.body.contains("Mary Smith, Chair"));
    assert!(council.body.contains(EDITION));
    assert!(
        !council.body.contains("/withdraw\""),
        "the public is offered no forms"
    );
    assert!(!council.body.contains("/champion\""));

    let mut officer = s.app.sign_in("officer@example.org").await;
    let page = s
        .app
        .get(&mut officer, &organisation_path(s.app.council))
        .await;
    assert!(page.body.contains("carol.jones@blackpool.example.org"));
    assert!(page.body.contains("Change the Compact champion"));
    assert!(
        !page.body.contains("Record a withdrawal"),
        "the secretariat's"
    );

    let food_bank = s
        .app
        .get(&mut public, &organisation_path(s.app.charity))
        .await;
    assert!(food_bank.body.contains(">Withdrawn<"));
    assert!(food_bank
        .body
        .contains("Withdrew on 30 June 2025. Merged with another food bank"));
    assert!(food_bank
        .body
        .contains("30 June 2025 (Merged with another food bank)"));
    assert!(food_bank
        .body
        .contains("No Compact champion has been named."));

    let residents = s
        .app
        .get(&mut public, &organisation_path(s.app.bystander))
        .await;
    assert!(residents.body.contains("Not signed up to this Compact."));
    assert!(residents
        .body
        .contains("This organisation has never signed up to this Compact."));

    let missing = s
        .app
        .get(&mut public, "/compacts/blackpool/organisations/999999")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

test_on_both_engines!(an_organisation_page_shows_the_findings_consultations_and_funding_about_it);
/// Wiltshire's Compact asks every signatory for a champion: a charity
/// without one has a finding on its page, with the funding it receives;
/// the council's page lists its consultation and the funding it gives.
async fn an_organisation_page_shows_the_findings_consultations_and_funding_about_it(
    engine: Engine,
) {
    let s = scenario(engine).await;
    let store = &s.app.store;
    let system = Actor::system("test");
    let wiltshire = store
        .create_compact(
            "wiltshire",
            "Wiltshire Compact",
            shipped("wiltshire").unwrap(),
            &system,
        )
        .await
        .unwrap();
    let records = Records {
        organisations: vec![
            organisation(1, "Wiltshire Council", OrganisationKind::LocalAuthority),
            organisation(2, "Devizes Food Bank", OrganisationKind::Charity),
        ],
        signatories: vec![signatory(1, 2, d(2025, 4, 1))],
        consultations: vec![consultation(
            1,
            "Day services for older people",
            d(2026, 1, 5),
            d(2026, 4, 5),
        )],
        agreements: vec![agreement(1, d(2025, 4, 1), d(2027, 3, 31))],
        ..Records::default()
    };
    let saved = store
        .save_records(wiltshire, &records, &system)
        .await
        .unwrap();
    let council = saved.organisations[&OrganisationId(1)];
    let charity = saved.organisations[&OrganisationId(2)];
    let mut public = Browser::default();

    let page = s
        .app
        .get(
            &mut public,
            &format!("/compacts/wiltshire/organisations/{charity}"),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("What the checks found"));
    assert!(
        page.body.contains("Signatory without a Compact champion"),
        "the signatory.no_champion finding"
    );
    assert!(page.body.contains("No Compact champion has been named."));
    assert!(page.body.contains("Funding"));
    assert!(page.body.contains("Grant 1"));
    assert!(page.body.contains("Funded by"));
    assert!(page.body.contains("Wiltshire Council"));

    let page = s
        .app
        .get(
            &mut public,
            &format!("/compacts/wiltshire/organisations/{council}"),
        )
        .await;
    assert!(page.body.contains("Consultations it runs"));
    assert!(page.body.contains("Day services for older people"));
    assert!(page.body.contains("5 January 2026"));
    assert!(page.body.contains(">Funds<"));
    assert!(page.body.contains("Devizes Food Bank"));
    assert!(
        !page.body.contains("Signatory without a Compact champion"),
        "the charity's finding is not about the council"
    );

    // Blackpool's Compact sets no champion standard: no such finding there.
    let food_bank = s
        .app
        .get(&mut public, &organisation_path(s.app.charity))
        .await;
    assert!(!food_bank
        .body
        .contains("Signatory without a Compact champion"));
}

test_on_both_engines!(an_organisation_page_lists_the_other_compacts_it_has_signed);
/// An organisation signed up to a neighbouring Compact shows it, with a link.
async fn an_organisation_page_lists_the_other_compacts_it_has_signed(engine: Engine) {
    let s = scenario(engine).await;
    let system = Actor::system("test");
    let wiltshire = s
        .app
        .store
        .create_compact(
            "wiltshire",
            "Wiltshire Compact",
            shipped("wiltshire").unwrap(),
            &system,
        )
        .await
        .unwrap();
    s.app
        .store
        .add_signatory(
            wiltshire,
            s.garden,
            &sign_up(d(2025, 5, 5), "Gina Park"),
            "2015",
            &system,
        )
        .await
        .unwrap();
    let page = s
        .app
        .get(&mut Browser::default(), &organisation_path(s.garden))
        .await;
    assert!(page.body.contains("Other Compacts"));
    assert!(page.body.contains(&format!(
        "href=\"/compacts/wiltshire/organisations/{}\"",
        s.garden
    )));
    assert!(page.body.contains("A signatory since 5 May 2025"));
    let there = s
        .app
        .get(
            &mut Browser::default(),
            &format!("/compacts/wiltshire/organisations/{}", s.garden),
        )
        .await;
    assert_eq!(there.status, StatusCode::OK);
    assert!(
        there.body.contains("Compact for Blackpool"),
        "and back again"
    );
}

// ---- signing up ----

test_on_both_engines!(a_member_asks_to_sign_up_and_the_secretariat_approves);
async fn a_member_asks_to_sign_up_and_the_secretariat_approves(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let form_path = format!("{}/sign-up", organisation_path(app.charity));
    let mut member = app.sign_in("member@example.org").await;
    let org_page = app.get(&mut member, &organisation_path(app.charity)).await;
    assert!(org_page.body.contains(&format!("href=\"{form_path}\"")));
    assert!(org_page.body.contains("Ask to sign up to this Compact"));

    let form = app.get(&mut member, &form_path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Ask to sign up: Seaside Food Bank"));
    assert!(form.body.contains(EDITION));
    let token = csrf_token(&form.body);
    let sent = app
        .post(&mut member, &form_path, &pairs(&sign_up_form(&token)))
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let back = sent.location.unwrap();
    assert_eq!(
        back,
        format!("{}?done=requested", organisation_path(app.charity))
    );
    let notice = app.get(&mut member, &back).await;
    assert!(notice.body.contains("Your request has been sent"));
    assert!(
        notice.body.contains(">Withdrawn<"),
        "not a signatory until approved"
    );
    assert_eq!(last_entry(app).await.action, actions::SIGNUP_REQUEST);

    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let register = app.get(&mut secretariat, REGISTER).await;
    assert!(register
        .body
        .contains("Sign-up requests waiting for a decision: 1"));
    let queue = app
        .get(&mut secretariat, "/compacts/blackpool/sign-up-requests")
        .await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("Seaside Food Bank"));
    assert!(queue.body.contains("member@example.org"), "who asked");
    assert!(queue.body.contains(">Waiting<"));
    let request = app
        .store
        .signup_requests(app.compact, Some(RequestStatus::Pending))
        .await
        .unwrap()[0]
        .id;
    let request_path = format!("/compacts/blackpool/sign-up-requests/{request}");
    assert!(queue.body.contains(&format!("href=\"{request_path}\"")));

    let shown = app.get(&mut secretariat, &request_path).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("Sign-up request: Seaside Food Bank"));
    assert!(shown.body.contains("Sandra Bell, Chair of Trustees"));
    assert!(shown.body.contains("hassan@seaside.example.org"));
    let token = csrf_token(&shown.body);
    let decided = app
        .post(
            &mut secretariat,
            &request_path,
            &[
                ("csrf_token", &token),
                ("decision", "approve"),
                ("note", "Welcome back"),
            ],
        )
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER);
    assert_eq!(
        decided.location.as_deref(),
        Some("/compacts/blackpool/sign-up-requests")
    );

    let stored = signups(app, app.charity).await;
    assert_eq!(stored.len(), 2);
    assert!(stored
        .iter()
        .any(|s| s.signed_on == today_in_london() && s.withdrawn_on.is_none()));
    let entry = last_entry(app).await;
    assert_eq!(entry.action, actions::SIGNUP_APPROVE);
    assert_eq!(entry.after.unwrap()["note"], "Welcome back");

    let page = app
        .get(&mut Browser::default(), &organisation_path(app.charity))
        .await;
    assert!(page.body.contains(">Signatory<"));
    assert!(page.body.contains("Hassan Ali"));
    let public_register = app.get(&mut Browser::default(), REGISTER).await;
    assert!(public_register.body.contains("Seaside Food Bank"));
    let queue = app
        .get(&mut secretariat, "/compacts/blackpool/sign-up-requests")
        .await;
    assert!(queue.body.contains("No requests are waiting."));
    assert!(queue.body.contains(">Approved<"));

    // A decided request cannot be decided again.
    let again = app
        .post(
            &mut secretariat,
            &request_path,
            &[("csrf_token", &token), ("decision", "refuse")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("This request has already been decided"));
    assert_eq!(signups(app, app.charity).await.len(), 2);
}

test_on_both_engines!(a_refused_request_adds_no_one_and_a_decision_must_be_chosen);
async fn a_refused_request_adds_no_one_and_a_decision_must_be_chosen(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let system = Actor::system("test");
    let member = app
        .store
        .account_by_email("member@example.org")
        .await
        .unwrap()
        .unwrap()
        .0;
    let request = app
        .store
        .request_signup(
            app.compact,
            app.charity,
            &sign_up(today_in_london(), "Hassan Ali"),
            EDITION,
            member.id,
            &system,
        )
        .await
        .unwrap();
    let path = format!("/compacts/blackpool/sign-up-requests/{request}");
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let token = token_of(app, &mut secretariat, &path).await;

    let undecided = app
        .post(&mut secretariat, &path, &[("csrf_token", &token)])
        .await;
    assert_eq!(undecided.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(summary_links(&undecided.body), ["decision"]);
    assert!(undecided
        .body
        .contains("Choose whether to approve or refuse the request"));

    let refused = app
        .post(
            &mut secretariat,
            &path,
            &[
                ("csrf_token", &token),
                ("decision", "refuse"),
                ("note", "Ask the chair to sign"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert_eq!(
        signups(app, app.charity).await.len(),
        1,
        "only the old sign-up"
    );
    let shown = app.get(&mut secretariat, &path).await;
    assert!(shown.body.contains(">Refused<"));
    assert!(shown.body.contains("Ask the chair to sign"));
    assert!(
        !shown.body.contains("name=\"decision\""),
        "no form once decided"
    );
    assert_eq!(last_entry(app).await.action, actions::SIGNUP_REFUSE);

    let missing = app
        .get(
            &mut secretariat,
            "/compacts/blackpool/sign-up-requests/999999",
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

test_on_both_engines!(the_secretariat_records_a_sign_up_at_once);
async fn the_secretariat_records_a_sign_up_at_once(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let path = format!("{}/sign-up", organisation_path(app.bystander));
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let form = app.get(&mut secretariat, &path).await;
    assert!(form.body.contains("Record a sign-up: Promenade Residents"));
    let token = csrf_token(&form.body);
    let done = app
        .post(&mut secretariat, &path, &pairs(&sign_up_form(&token)))
        .await;
    assert_eq!(
        done.location,
        Some(format!(
            "{}?done=signed-up",
            organisation_path(app.bystander)
        ))
    );
    assert_eq!(signups(app, app.bystander).await.len(), 1);
    assert_eq!(last_entry(app).await.action, actions::SIGNATORY_CREATE);

    // The form of a current signatory leads back to its page; posting to it
    // anyway is refused with the reason.
    let again = app.get(&mut secretariat, &path).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let refused = app
        .post(&mut secretariat, &path, &pairs(&sign_up_form(&token)))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused
        .body
        .contains("This organisation is already a signatory, since"));
    assert_eq!(summary_links(&refused.body), ["signed_on"]);
    assert_eq!(signups(app, app.bystander).await.len(), 1);
}

test_on_both_engines!(every_problem_with_a_sign_up_shows_in_the_error_summary);
async fn every_problem_with_a_sign_up_shows_in_the_error_summary(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let path = format!("{}/sign-up", organisation_path(app.charity));
    let mut member = app.sign_in("member@example.org").await;
    let token = token_of(app, &mut member, &path).await;
    let entries = entry_count(app).await;

    let empty = app
        .post(&mut member, &path, &[("csrf_token", &token)])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("<title>Error:"));
    assert_eq!(
        summary_links(&empty.body),
        [
            "signed_on",
            "signed_by",
            "signer_role",
            "champion_name",
            "champion_role",
            "champion_contact",
            "authority"
        ]
    );
    for field in [
        "signed_on",
        "signed_by",
        "signer_role",
        "champion_name",
        "authority",
    ] {
        assert!(
            empty.body.contains(&format!("id=\"{field}-error\"")),
            "{field} shows its error by the field"
        );
    }
    assert!(empty.body.contains("Enter the date it was signed"));
    assert!(empty
        .body
        .contains("Confirm that the person signing has the authority to commit the organisation"));

    // Wrong rather than missing: a date in the future, a date that is not
    // one, a training date before the champion was named, and a name too
    // long; what was typed stays in the fields.
    let tomorrow = today_in_london() + chrono::Days::new(1);
    let mut form = sign_up_form(&token);
    form[1].1 = typed(tomorrow);
    form[2].1 = "x".repeat(501);
    form[8].1 = "31/02/2026".into();
    let wrong = app.post(&mut member, &path, &pairs(&form)).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        summary_links(&wrong.body),
        ["signed_on", "signed_by", "champion_trained_on"]
    );
    assert!(wrong
        .body
        .contains("Enter the date it was signed as today or an earlier date"));
    assert!(wrong.body.contains("in 500 characters or fewer"));
    assert!(wrong.body.contains("as a real date"));
    assert!(wrong.body.contains("value=\"Hassan Ali\""));

    let mut form = sign_up_form(&token);
    form[8].1 = typed(today_in_london() - chrono::Days::new(3));
    let early = app.post(&mut member, &path, &pairs(&form)).await;
    assert_eq!(summary_links(&early.body), ["champion_trained_on"]);
    assert!(early
        .body
        .contains("The training date must be on or after the date the champion was named"));

    // Before the food bank's withdrawal, a new sign-up would overlap: the
    // request is refused at once rather than left for the secretariat.
    let mut form = sign_up_form(&token);
    form[1].1 = "01/06/2025".into();
    let overlapping = app.post(&mut member, &path, &pairs(&form)).await;
    assert_eq!(overlapping.status, StatusCode::CONFLICT);
    assert_eq!(summary_links(&overlapping.body), ["signed_on"]);
    assert!(overlapping
        .body
        .contains("This organisation withdrew on 30 June 2025"));

    assert_eq!(entry_count(app).await, entries, "nothing was recorded");
    assert!(app
        .store
        .signup_requests(app.compact, None)
        .await
        .unwrap()
        .is_empty());
}

// ---- who may use the forms ----

test_on_both_engines!(a_member_of_another_organisation_may_not_use_its_forms);
async fn a_member_of_another_organisation_may_not_use_its_forms(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let charity = organisation_path(app.charity);
    let council = organisation_path(app.council);
    let mut bystander = app.sign_in("bystander@example.org").await;
    let page = app.get(&mut bystander, &charity).await;
    assert!(
        !page.body.contains("Ask to sign up"),
        "no link to a form it may not use"
    );
    for path in [
        format!("{charity}/sign-up"),
        format!("{council}/champion"),
        format!("{council}/withdraw"),
    ] {
        let got = app.get(&mut bystander, &path).await;
        assert_eq!(got.status, StatusCode::FORBIDDEN, "GET {path}");
    }
    // With a real token of its own session, posting is still refused.
    let token = csrf_token(&app.get(&mut bystander, "/account").await.body);
    let posted = app
        .post(
            &mut bystander,
            &format!("{charity}/sign-up"),
            &pairs(&sign_up_form(&token)),
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    let posted = app
        .post(
            &mut bystander,
            &format!("{council}/champion"),
            &[
                ("csrf_token", &token),
                ("champion_name", "Someone Else"),
                ("champion_role", "Taking over"),
                ("champion_contact", "x@example.org"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert!(app
        .store
        .signup_requests(app.compact, None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        signups(app, app.council).await[0]
            .champion
            .as_ref()
            .unwrap()
            .name,
        "Carol Jones"
    );

    // The council's officer may change its own champion, but withdrawing
    // is the secretariat's, and the queue too.
    let mut officer = app.sign_in("officer@example.org").await;
    assert_eq!(
        app.get(&mut officer, &format!("{council}/champion"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&mut officer, &format!("{council}/withdraw"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&mut officer, &format!("{charity}/sign-up"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    for who in [
        "officer@example.org",
        "member@example.org",
        "group@example.org",
    ] {
        let mut browser = app.sign_in(who).await;
        let queue = app
            .get(&mut browser, "/compacts/blackpool/sign-up-requests")
            .await;
        assert_eq!(queue.status, StatusCode::FORBIDDEN, "{who}");
    }
}

test_on_both_engines!(the_public_is_refused_every_form_and_the_request_queue);
async fn the_public_is_refused_every_form_and_the_request_queue(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let member = app
        .store
        .account_by_email("member@example.org")
        .await
        .unwrap()
        .unwrap()
        .0;
    let request = app
        .store
        .request_signup(
            app.compact,
            app.charity,
            &sign_up(today_in_london(), "Hassan Ali"),
            EDITION,
            member.id,
            &Actor::system("test"),
        )
        .await
        .unwrap();
    let entries = entry_count(app).await;
    let charity = organisation_path(app.charity);
    let council = organisation_path(app.council);
    let paths = [
        format!("{charity}/sign-up"),
        format!("{council}/champion"),
        format!("{council}/withdraw"),
        "/compacts/blackpool/sign-up-requests".to_string(),
        format!("/compacts/blackpool/sign-up-requests/{request}"),
    ];
    let mut nobody = app.sign_in("nobody@example.org").await;
    // The public is asked to sign in (401); an account without a role here
    // is refused (403): the statuses the API answers.
    for (browser, refused) in [
        (&mut Browser::default(), StatusCode::UNAUTHORIZED),
        (&mut nobody, StatusCode::FORBIDDEN),
    ] {
        for path in &paths {
            let got = app.get(browser, path).await;
            assert_eq!(got.status, refused, "GET {path}");
            assert!(got.body.contains("<html"), "a page, not a bare status");
        }
        // Each has a CSRF token of its own: the public on the sign-in form,
        // the account on its sign-out button.
        let token = any_token(app, browser).await;
        let form = [
            ("csrf_token", token.as_str()),
            ("signed_on", "01/11/2026"),
            ("signed_by", "A Person"),
            ("signer_role", "Chair"),
            ("authority", "yes"),
            ("champion_name", "A Champion"),
            ("champion_role", "Champion"),
            ("champion_contact", "c@example.org"),
            ("withdrawn_on", "01/11/2026"),
            ("reason", "Because"),
            ("decision", "approve"),
        ];
        for path in &paths[..3] {
            let posted = app.post(browser, path, &form).await;
            assert_eq!(posted.status, refused, "POST {path}");
        }
        let posted = app.post(browser, &paths[4], &form).await;
        assert_eq!(posted.status, refused, "POST {}", paths[4]);
    }
    assert_eq!(entry_count(app).await, entries, "nothing changed");
    let pending = app
        .store
        .signup_request(app.compact, request)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pending.status, RequestStatus::Pending);
    assert_eq!(signups(app, app.council).await[0].withdrawn_on, None);
}

test_on_both_engines!(a_form_without_its_csrf_token_changes_nothing);
async fn a_form_without_its_csrf_token_changes_nothing(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let charity = organisation_path(app.charity);
    let council = organisation_path(app.council);
    let member_account = app
        .store
        .account_by_email("member@example.org")
        .await
        .unwrap()
        .unwrap()
        .0;
    let request = app
        .store
        .request_signup(
            app.compact,
            app.bystander,
            &sign_up(today_in_london(), "Rita Moss"),
            EDITION,
            member_account.id,
            &Actor::system("test"),
        )
        .await
        .unwrap();
    let entries = entry_count(app).await;

    let mut member = app.sign_in("member@example.org").await;
    let form = sign_up_form("forged");
    let page = app
        .post(&mut member, &format!("{charity}/sign-up"), &pairs(&form))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This form has expired"));
    let without: Vec<_> = pairs(&form).into_iter().skip(1).collect();
    let page = app
        .post(&mut member, &format!("{charity}/sign-up"), &without)
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let page = app
        .post(
            &mut secretariat,
            &format!("{council}/champion"),
            &[
                ("csrf_token", "forged"),
                ("champion_name", "Someone Else"),
                ("champion_role", "Taking over"),
                ("champion_contact", "x@example.org"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This form has expired"));
    let page = app
        .post(
            &mut secretariat,
            &format!("{council}/withdraw"),
            &[
                ("withdrawn_on", &typed(today_in_london())),
                ("reason", "Closed"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = app
        .post(
            &mut secretariat,
            &format!("/compacts/blackpool/sign-up-requests/{request}"),
            &[("csrf_token", "forged"), ("decision", "approve")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This form has expired"));

    assert_eq!(entry_count(app).await, entries, "nothing changed");
    assert_eq!(
        app.store
            .signup_requests(app.compact, None)
            .await
            .unwrap()
            .len(),
        1
    );
    let council_signup = &signups(app, app.council).await[0];
    assert_eq!(council_signup.withdrawn_on, None);
    assert_eq!(
        council_signup.champion.as_ref().unwrap().name,
        "Carol Jones"
    );
    assert!(signups(app, app.bystander).await.is_empty());
}

// ---- champions and withdrawals ----

test_on_both_engines!(
    the_organisations_own_officer_changes_its_champion_and_the_old_one_stays_in_the_log
);
async fn the_organisations_own_officer_changes_its_champion_and_the_old_one_stays_in_the_log(
    engine: Engine,
) {
    let s = scenario(engine).await;
    let app = &s.app;
    let path = format!("{}/champion", organisation_path(app.council));
    let mut officer = app.sign_in("officer@example.org").await;
    let form = app.get(&mut officer, &path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("value=\"Carol Jones\""),
        "the current champion, to correct"
    );
    assert!(form.body.contains("value=\"10/01/2025\""));
    let token = csrf_token(&form.body);

    let empty = app
        .post(
            &mut officer,
            &path,
            &[
                ("csrf_token", &token),
                ("champion_appointed_on", "01/01/2025"),
                ("champion_trained_on", "not a date"),
            ],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        summary_links(&empty.body),
        [
            "champion_name",
            "champion_role",
            "champion_contact",
            "champion_appointed_on",
            "champion_trained_on"
        ]
    );
    assert!(empty
        .body
        .contains("The champion cannot be named before the organisation signed up"));

    let saved = app
        .post(
            &mut officer,
            &path,
            &[
                ("csrf_token", &token),
                ("champion_name", "Dev Patel"),
                ("champion_role", "Head of Communities"),
                ("champion_contact", "dev.patel@blackpool.example.org"),
                ("champion_appointed_on", "01/10/2026"),
                ("champion_trained_on", "15/10/2026"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let back = saved.location.unwrap();
    assert_eq!(
        back,
        format!("{}?done=champion", organisation_path(app.council))
    );
    let page = app.get(&mut officer, &back).await;
    assert!(page.body.contains("The Compact champion has been saved."));
    assert!(page.body.contains("Dev Patel"));
    assert!(page.body.contains("15 October 2026"));
    assert!(!page.body.contains("Carol Jones"));

    let entry = last_entry(app).await;
    assert_eq!(entry.action, actions::CHAMPION_SET);
    assert_eq!(entry.subject, format!("organisation:{}", app.council));
    assert_eq!(entry.before.as_ref().unwrap()["name"], "Carol Jones");
    assert_eq!(
        entry.before.as_ref().unwrap()["signatory"],
        s.council_signup.0
    );
    assert_eq!(
        entry.after.as_ref().unwrap()["champion"]["name"],
        "Dev Patel"
    );

    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let audit = app.get(&mut secretariat, "/compacts/blackpool/audit").await;
    assert!(audit.body.contains("champion.set"));
}

test_on_both_engines!(the_secretariat_records_a_withdrawal_and_it_lands_in_the_audit_log);
async fn the_secretariat_records_a_withdrawal_and_it_lands_in_the_audit_log(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let path = format!("{}/withdraw", organisation_path(app.council));
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let org_page = app
        .get(&mut secretariat, &organisation_path(app.council))
        .await;
    assert!(org_page.body.contains(&format!("href=\"{path}\"")));
    let form = app.get(&mut secretariat, &path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form
        .body
        .contains("Blackpool Council has been a signatory since 10 January 2025."));
    assert!(form.body.contains("govuk-warning-text"));
    let token = csrf_token(&form.body);

    let empty = app
        .post(&mut secretariat, &path, &[("csrf_token", &token)])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(summary_links(&empty.body), ["withdrawn_on", "reason"]);
    let early = app
        .post(
            &mut secretariat,
            &path,
            &[
                ("csrf_token", &token),
                ("withdrawn_on", "09/01/2025"),
                ("reason", "Closed"),
            ],
        )
        .await;
    assert_eq!(summary_links(&early.body), ["withdrawn_on"]);
    assert!(early
        .body
        .contains("The withdrawal cannot be before the date the organisation signed up"));
    assert_eq!(signups(app, app.council).await[0].withdrawn_on, None);

    let today = today_in_london();
    let done = app
        .post(
            &mut secretariat,
            &path,
            &[
                ("csrf_token", &token),
                ("withdrawn_on", &typed(today)),
                ("reason", "Services moved to the combined authority"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(
        done.location,
        Some(format!("{}?done=withdrawn", organisation_path(app.council)))
    );
    let stored = &signups(app, app.council).await[0];
    assert_eq!(stored.withdrawn_on, Some(today));
    assert_eq!(
        stored.withdrawal_reason.as_deref(),
        Some("Services moved to the combined authority")
    );
    let entry = last_entry(app).await;
    assert_eq!(entry.action, actions::SIGNATORY_WITHDRAW);
    assert_eq!(
        entry.after.as_ref().unwrap()["reason"],
        "Services moved to the combined authority"
    );
    let audit = app.get(&mut secretariat, "/compacts/blackpool/audit").await;
    assert!(audit.body.contains("signatory.withdraw"));

    let page = app
        .get(&mut Browser::default(), &organisation_path(app.council))
        .await;
    assert!(page.body.contains(">Withdrawn<"));
    assert!(page
        .body
        .contains("Services moved to the combined authority"));
    let register = app.get(&mut Browser::default(), REGISTER).await;
    assert!(!register.body.contains("Blackpool Council"));

    // There is nothing left to withdraw, nor a champion to change: the
    // records forbid it (409), as the API says.
    assert_eq!(
        app.get(&mut secretariat, &path).await.status,
        StatusCode::CONFLICT
    );
    let again = app
        .post(
            &mut secretariat,
            &path,
            &[
                ("csrf_token", &token),
                ("withdrawn_on", &typed(today)),
                ("reason", "Again"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("no sign-up in force today"));
    let champion = format!("{}/champion", organisation_path(app.council));
    assert_eq!(
        app.get(&mut secretariat, &champion).await.status,
        StatusCode::CONFLICT
    );
}

test_on_both_engines!(the_register_and_an_organisation_page_read_in_welsh);
async fn the_register_and_an_organisation_page_read_in_welsh(engine: Engine) {
    let s = scenario(engine).await;
    let mut public = Browser::default();
    let register = s.app.get(&mut public, &format!("{REGISTER}?lang=cy")).await;
    assert_eq!(register.status, StatusCode::OK);
    assert!(register.body.contains("<html lang=\"cy\""));
    assert!(!register.body.contains("Register of signatories"));
    let page = s
        .app
        .get(&mut public, &organisation_path(s.app.council))
        .await;
    assert!(page.body.contains("<html lang=\"cy\""));
    assert!(page.body.contains("10 Ionawr 2025"), "dates in Welsh");
    let bad = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=nonsense"))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("govuk-error-summary"));
}

// ---- entering an organisation and changing its details ----

fn organisation_form(token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf_token", token.to_string()),
        ("name", "Bispham Boxing Club".into()),
        ("kind", "community_group".into()),
        ("charity_number", String::new()),
        ("company_number", String::new()),
        ("address", "2 Red Bank Road, Bispham".into()),
        ("postcode", "fy2 9hx".into()),
        ("website", "www.bisphamboxing.example.org".into()),
        ("email", "coach@bisphamboxing.example.org".into()),
        ("areas_of_work", "sport, young people".into()),
    ]
}

test_on_both_engines!(the_secretariat_enters_a_new_organisation_and_it_lands_in_the_audit_log);
async fn the_secretariat_enters_a_new_organisation_and_it_lands_in_the_audit_log(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let path = "/compacts/blackpool/organisations/new";
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let register = app.get(&mut secretariat, REGISTER).await;
    assert!(
        register.body.contains(path),
        "the register links to the form"
    );
    let token = token_of(app, &mut secretariat, path).await;

    let mut bad = organisation_form(&token);
    bad[1].1 = String::new();
    bad[2].1 = "bank".into();
    bad[6].1 = "nowhere".into();
    bad[8].1 = "not an address".into();
    let refused = app.post(&mut secretariat, path, &pairs(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        summary_links(&refused.body),
        ["name", "kind", "postcode", "email"]
    );
    assert!(refused.body.contains("Enter a UK postcode, like SN15 1ER"));

    let before = entry_count(app).await;
    let done = app
        .post(&mut secretariat, path, &pairs(&organisation_form(&token)))
        .await;
    let location = done.location.expect("redirected to the new page");
    assert!(location.ends_with("?done=added"), "{location}");
    let page = app.get(&mut secretariat, &location).await;
    assert!(page.body.contains("Bispham Boxing Club"));
    assert!(page.body.contains("FY2 9HX"), "the postcode is normalised");
    assert!(page.body.contains("sport, young people"));
    assert_eq!(entry_count(app).await, before + 1);
    assert_eq!(last_entry(app).await.action, actions::ORGANISATION_CREATE);
}

test_on_both_engines!(an_organisations_own_member_changes_its_details_and_others_may_not);
async fn an_organisations_own_member_changes_its_details_and_others_may_not(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let path = format!("{}/details", organisation_path(app.charity));
    let mut public = Browser::default();
    assert_eq!(
        app.get(&mut public, &path).await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut stranger = app.sign_in("bystander@example.org").await;
    assert_eq!(
        app.get(&mut stranger, &path).await.status,
        StatusCode::FORBIDDEN
    );
    let new_path = "/compacts/blackpool/organisations/new";
    assert_eq!(
        app.get(&mut stranger, new_path).await.status,
        StatusCode::FORBIDDEN
    );

    let mut member = app.sign_in("member@example.org").await;
    let page = app.get(&mut member, &organisation_path(app.charity)).await;
    assert!(
        page.body.contains("Change the organisation&#39;s details"),
        "the page offers the form to the organisation's own people"
    );
    let form = app.get(&mut member, &path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("value=\"Seaside Food Bank\""),
        "filled in"
    );
    let token = csrf_token(&form.body);
    let changed = [
        ("csrf_token", token.as_str()),
        ("name", "Seaside Food Bank"),
        ("kind", "charity"),
        ("postcode", "FY1 1AA"),
        ("website", "https://seasidefoodbank.example.org"),
        ("areas_of_work", "food poverty"),
        ("closed", "yes"),
    ];
    let done = app.post(&mut member, &path, &changed).await;
    assert_eq!(
        done.location,
        Some(format!("{}?done=details", organisation_path(app.charity)))
    );
    let entry = last_entry(app).await;
    assert_eq!(entry.action, actions::ORGANISATION_UPDATE);
    assert_eq!(entry.before.as_ref().unwrap()["active"], Value::Bool(true));
    assert_eq!(entry.after.as_ref().unwrap()["active"], Value::Bool(false));
    let page = app.get(&mut public, &organisation_path(app.charity)).await;
    assert!(page.body.contains("FY1 1AA"));
    assert!(page.body.contains("Closed"));
}

// ---- importing from the page ----

/// A multipart form as a browser sends it, with one file field.
fn multipart(fields: &[(&str, &str)], file: &str) -> (String, String) {
    let boundary = "compact-test-boundary";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"organisations.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    ));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

test_on_both_engines!(the_secretariat_checks_then_imports_a_file_from_the_page);
async fn the_secretariat_checks_then_imports_a_file_from_the_page(engine: Engine) {
    let s = scenario(engine).await;
    let app = &s.app;
    let path = "/compacts/blackpool/organisations/import";
    let mut member = app.sign_in("member@example.org").await;
    assert_eq!(
        app.get(&mut member, path).await.status,
        StatusCode::FORBIDDEN
    );
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let token = token_of(app, &mut secretariat, path).await;
    let csv = "name,kind,postcode\nBispham Boxing Club,community_group,FY2 9HX\nNowhere,bank,\n";
    let cookies = secretariat.cookie_header();
    let send = |fields: Vec<(&'static str, String)>, file: &'static str| {
        let fields: Vec<(&str, String)> = fields;
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (content_type, body) = multipart(&refs, file);
        axum::http::Request::post(path)
            .header(axum::http::header::CONTENT_TYPE, content_type)
            .header(axum::http::header::COOKIE, cookies.clone())
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let before = entry_count(app).await;
    let checked = app
        .request(
            &mut Browser::default(),
            send(
                vec![("csrf_token", token.clone()), ("dry_run", "yes".into())],
                csv,
            ),
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(checked
        .body
        .contains("The file was checked: nothing was saved"));
    assert!(checked.body.contains("is not a kind of organisation"));
    assert_eq!(entry_count(app).await, before, "a check saves nothing");

    let done = app
        .request(
            &mut Browser::default(),
            send(vec![("csrf_token", token.clone())], csv),
        )
        .await;
    assert!(done.body.contains("The import is done"), "{}", done.body);
    assert_eq!(
        entry_count(app).await,
        before + 1,
        "one audit entry for the import"
    );
    let register = app
        .get(
            &mut secretariat,
            &format!("{REGISTER}?standing=all&q=boxing"),
        )
        .await;
    assert!(register.body.contains("Bispham Boxing Club"));

    let forged = app
        .request(
            &mut Browser::default(),
            send(vec![("csrf_token", "forged".into())], csv),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let unreadable = app
        .request(
            &mut Browser::default(),
            send(
                vec![("csrf_token", token.clone())],
                "colour,shape\nred,round\n",
            ),
        )
        .await;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unreadable.body.contains("The file cannot be read"));
}

// ---- dates no one could mean ----

test_on_both_engines!(a_register_date_after_today_is_refused_saying_the_range);
async fn a_register_date_after_today_is_refused_saying_the_range(engine: Engine) {
    let s = scenario(engine).await;
    let mut public = Browser::default();
    let far = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=9999-12-31"))
        .await;
    assert_eq!(far.status, StatusCode::BAD_REQUEST);
    assert_eq!(summary_links(&far.body), ["on"]);
    assert!(
        far.body.contains(
            "Enter a date from 1 January 1998 to today: the register cannot be shown on a date to come"
        ),
        "{}",
        far.body
    );
    assert!(far.body.contains("id=\"on-error\""));
    // The register falls back to today's, so the page stays its usual size.
    assert!(far.body.contains("Blackpool Council"));
    assert!(far.body.len() < 100_000, "{} bytes", far.body.len());

    let early = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=01/01/0001"))
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert!(early
        .body
        .contains("Enter a date from 1 January 1998 to today: there were no Compacts before 1998"));
    let first_day = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=1998-01-01"))
        .await;
    assert_eq!(first_day.status, StatusCode::OK);

    for download in ["register.csv", "register.json"] {
        let refused = s
            .app
            .get(
                &mut public,
                &format!("/compacts/blackpool/{download}?on=9999-12-31"),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{download}");
        assert!(
            refused.body.contains("is after today") && refused.body.contains("1 January 1998"),
            "{download}: {}",
            refused.body
        );
    }

    let welsh = s
        .app
        .get(&mut public, &format!("{REGISTER}?on=9999-12-31&lang=cy"))
        .await;
    assert_eq!(welsh.status, StatusCode::BAD_REQUEST);
    assert!(
        welsh
            .body
            .contains("Rhowch ddyddiad o 1 Ionawr 1998 hyd heddiw"),
        "{}",
        welsh.body
    );
}

test_on_both_engines!(
    a_sign_up_dated_before_the_compacts_edition_is_refused_and_nothing_is_written
);
async fn a_sign_up_dated_before_the_compacts_edition_is_refused_and_nothing_is_written(
    engine: Engine,
) {
    let s = scenario(engine).await;
    let app = &s.app;
    let path = format!("{}/sign-up", organisation_path(app.bystander));
    let mut secretariat = app.sign_in("secretariat@example.org").await;
    let token = token_of(app, &mut secretariat, &path).await;
    let entries = entry_count(app).await;
    for (signed_on, trained_on) in [("01/01/0001", ""), ("31/10/2009", "01/01/1000")] {
        let mut form = sign_up_form(&token);
        form[1].1 = signed_on.into();
        form[8].1 = trained_on.into();
        let refused = app.post(&mut secretariat, &path, &pairs(&form)).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{signed_on}"
        );
        assert_eq!(summary_links(&refused.body)[0], "signed_on");
        assert!(
            refused.body.contains(
                "Enter the date it was signed as a date from 1 November 2009, \
                 when this edition of the Compact began, to today"
            ),
            "{}",
            refused.body
        );
        assert!(refused.body.contains("id=\"signed_on-error\""));
    }
    assert!(signups(app, app.bystander).await.is_empty());
    assert_eq!(entry_count(app).await, entries, "nothing is written");
    // The edition's own day is the first a sign-up may have.
    let mut form = sign_up_form(&token);
    form[1].1 = "01/11/2009".into();
    let done = app.post(&mut secretariat, &path, &pairs(&form)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        signups(app, app.bystander).await[0].signed_on,
        d(2009, 11, 1)
    );
}

test_on_both_engines!(the_growth_chart_stays_small_whatever_is_stored);
async fn the_growth_chart_stays_small_whatever_is_stored(engine: Engine) {
    let s = scenario(engine).await;
    // A sign-up no form would take, stored as an older version of the
    // service or a database edit could have left it.
    s.app
        .store
        .add_signatory(
            s.app.compact,
            s.app.bystander,
            &sign_up(d(1000, 1, 1), "Ancient Champion"),
            EDITION,
            &Actor::system("test"),
        )
        .await
        .unwrap();
    let mut public = Browser::default();
    let page = s.app.get(&mut public, REGISTER).await;
    assert_eq!(page.status, StatusCode::OK);
    let bars = page.body.matches("<rect ").count();
    assert!((1..=120).contains(&bars), "{bars} bars");
    assert!(page.body.len() < 150_000, "{} bytes", page.body.len());
    assert!(page.body.contains("Promenade Residents"));
}
