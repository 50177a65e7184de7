//! Signing in through the use case, on both engines.

use chrono::{Duration, Utc};
use compact_app::accounts::{SignInInput, SignInRefusal};
use compact_app::{App, Clock};
use compact_core::throttle::SignInPolicy;
use compact_store::testing::{actor, TestDatabase};
use compact_store::{password, test_on_both_engines, Engine};

const PASSWORD: &str = "a long enough password";

fn input(email: &str, password: &str) -> SignInInput {
    from(email, password, "192.0.2.1", None)
}

fn from(email: &str, password: &str, address: &str, device: Option<&str>) -> SignInInput {
    SignInInput {
        email: email.into(),
        password: password.into(),
        client_address: address.into(),
        device: device.map(Into::into),
    }
}

async fn app_with_jo(engine: Engine) -> (TestDatabase, App) {
    let db = TestDatabase::new(engine).await;
    let hash = password::hash(PASSWORD).unwrap();
    db.store
        .create_account("jo@example.org", "Jo", &hash, &actor())
        .await
        .unwrap();
    let app = App::new(db.store.clone(), Clock::System);
    (db, app)
}

test_on_both_engines!(a_disabled_account_is_answered_as_a_wrong_password_with_no_session);
async fn a_disabled_account_is_answered_as_a_wrong_password_with_no_session(engine: Engine) {
    let db = TestDatabase::new(engine).await;
    let store = db.store.clone();
    let hash = password::hash(PASSWORD).unwrap();
    let account = store
        .create_account("jo@example.org", "Jo", &hash, &actor())
        .await
        .unwrap();
    let app = App::new(store.clone(), Clock::System);
    let opened = app
        .sign_in(&input(" Jo@Example.org ", PASSWORD))
        .await
        .unwrap();
    assert!(opened.is_ok(), "{opened:?}");
    store.disable_account(account.id, &actor()).await.unwrap();
    let right = app
        .sign_in(&input("jo@example.org", PASSWORD))
        .await
        .unwrap();
    let wrong = app
        .sign_in(&input("jo@example.org", "not the password"))
        .await
        .unwrap();
    assert_eq!(right.unwrap_err(), SignInRefusal::WrongDetails);
    assert_eq!(wrong.unwrap_err(), SignInRefusal::WrongDetails);
    db.finish().await;
}

test_on_both_engines!(a_burst_of_guesses_gets_no_more_checks_than_the_limit);
async fn a_burst_of_guesses_gets_no_more_checks_than_the_limit(engine: Engine) {
    let limit = SignInPolicy::STANDARD.per_client as usize;
    let (db, app) = app_with_jo(engine).await;
    // Fifty wrong guesses from one client, all at once.
    let mut tasks = Vec::new();
    for n in 0..50 {
        let app = app.clone();
        let typed = format!("wrong guess {n}");
        tasks.push(tokio::spawn(async move {
            app.sign_in(&input("jo@example.org", &typed)).await.unwrap()
        }));
    }
    let mut checked = 0;
    for task in tasks {
        match task.await.unwrap() {
            Err(SignInRefusal::LockedOut { .. } | SignInRefusal::SlowedDown { .. }) => {}
            Err(SignInRefusal::WrongDetails) => checked += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(checked, limit, "passwords checked in the burst");
    // The limit holds for the right password too from that client, until
    // the window passes, whatever the address's case and spaces.
    let right = app
        .sign_in(&input(" JO@example.org ", PASSWORD))
        .await
        .unwrap();
    assert!(
        matches!(right, Err(SignInRefusal::LockedOut { .. })),
        "{right:?}"
    );
    // The lock-out is recorded once, for that client.
    let lockouts = db
        .store
        .sign_in_lockouts("jo@example.org", Utc::now() - Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(lockouts.len(), 1, "{lockouts:?}");
    assert_eq!(lockouts[0].1, "address:192.0.2.1");
    db.finish().await;
}

test_on_both_engines!(guesses_from_one_client_do_not_lock_the_owner_out_elsewhere);
async fn guesses_from_one_client_do_not_lock_the_owner_out_elsewhere(engine: Engine) {
    let (db, app) = app_with_jo(engine).await;
    for n in 0..5 {
        let typed = format!("wrong guess {n}");
        let answer = app
            .sign_in(&from("JO@example.org ", &typed, "198.51.100.9", None))
            .await
            .unwrap();
        assert_eq!(answer.unwrap_err(), SignInRefusal::WrongDetails);
    }
    let owner = app
        .sign_in(&from("jo@example.org", PASSWORD, "203.0.113.5", None))
        .await
        .unwrap();
    assert!(owner.is_ok(), "{owner:?}");
    db.finish().await;
}

test_on_both_engines!(guessing_from_many_clients_slows_new_browsers_but_not_the_owners);
async fn guessing_from_many_clients_slows_new_browsers_but_not_the_owners(engine: Engine) {
    let (db, app) = app_with_jo(engine).await;
    let owner = app
        .sign_in(&from("jo@example.org", PASSWORD, "203.0.113.5", None))
        .await
        .unwrap()
        .unwrap();
    // One wrong guess each from many addresses: no client reaches its
    // limit, but the address's count passes the free allowance.
    let free = SignInPolicy::STANDARD.free_per_address;
    for n in 0..=free {
        let answer = app
            .sign_in(&from(
                "jo@example.org",
                "guess",
                &format!("198.51.100.{n}"),
                None,
            ))
            .await
            .unwrap();
        assert_eq!(
            answer.unwrap_err(),
            SignInRefusal::WrongDetails,
            "guess {n}"
        );
    }
    let stranger = app
        .sign_in(&from("jo@example.org", "guess", "192.0.2.200", None))
        .await
        .unwrap();
    assert!(
        matches!(stranger, Err(SignInRefusal::SlowedDown { .. })),
        "{stranger:?}"
    );
    // The owner's browser, known by its cookie, is not held up, even from
    // an address it never used.
    let again = app
        .sign_in(&from(
            "jo@example.org",
            PASSWORD,
            "192.0.2.201",
            Some(&owner.device),
        ))
        .await
        .unwrap();
    assert!(again.is_ok(), "{again:?}");
    // A cookie the account never signed in with counts for nothing.
    let made_up = app
        .sign_in(&from(
            "jo@example.org",
            "guess",
            "192.0.2.202",
            Some("made-up"),
        ))
        .await
        .unwrap();
    assert!(made_up.is_err());
    db.finish().await;
}
