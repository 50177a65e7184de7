//! Signing in through the use case, on both engines.

use compact_app::accounts::{SignInInput, SignInRefusal};
use compact_app::{App, Clock};
use compact_store::testing::{actor, TestDatabase};
use compact_store::{password, test_on_both_engines, Engine};

const PASSWORD: &str = "a long enough password";

fn input(email: &str, password: &str) -> SignInInput {
    SignInInput {
        email: email.into(),
        password: password.into(),
    }
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
    use compact_app::accounts::MAX_FAILED_SIGN_INS;
    let db = TestDatabase::new(engine).await;
    let store = db.store.clone();
    let hash = password::hash(PASSWORD).unwrap();
    store
        .create_account("jo@example.org", "Jo", &hash, &actor())
        .await
        .unwrap();
    let app = App::new(store.clone(), Clock::System);
    // Fifty wrong guesses, all at once.
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
            Err(SignInRefusal::Throttled) => {}
            Err(SignInRefusal::WrongDetails) => checked += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        checked, MAX_FAILED_SIGN_INS as usize,
        "passwords checked in the burst"
    );
    // The limit holds for the right password too, until the window passes.
    let right = app
        .sign_in(&input("jo@example.org", PASSWORD))
        .await
        .unwrap();
    assert_eq!(right.unwrap_err(), SignInRefusal::Throttled);
    db.finish().await;
}
