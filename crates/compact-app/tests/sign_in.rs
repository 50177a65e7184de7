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
