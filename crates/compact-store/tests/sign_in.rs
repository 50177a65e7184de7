//! Signing in and what goes with it: sessions, throttling, API tokens,
//! reset links and the e-mail outbox, on SQLite and on PostgreSQL.

mod common;

use chrono::{Duration, Utc};
use common::*;
use compact_core::access::{Grant, Role};
use compact_core::throttle::{ResetGate, ResetPolicy, SignInHold, SignInPolicy};
use compact_core::*;
use compact_store::testing::actor;
use compact_store::{
    both_engines, secrets, Actor, NewEmail, ResetLink, SignInClient, Store, StoreError,
};

both_engines!(
    sessions_last_until_they_expire_or_are_ended,
    |store: Store, _url: String| async move {
        let (wiltshire, _, _) = compact_with_organisations(&store, "wiltshire").await;
        let jo = store
            .create_account("jo@example.org", "Jo", "h", &actor())
            .await
            .unwrap();
        let group = Grant::new(wiltshire, Role::Group, None).unwrap();
        store.grant(jo.id, &group, &actor()).await.unwrap();
        let token = secrets::new_token();
        let hash = secrets::token_hash(&token);
        store
            .create_session(jo.id, &hash, "csrf-1", at(21, 0))
            .await
            .unwrap();

        let session = store.session(&hash, at(9, 0)).await.unwrap().unwrap();
        assert_eq!(session.account, jo);
        assert_eq!(session.grants, vec![group]);
        assert_eq!(session.csrf_token, "csrf-1");
        assert_eq!(session.expires_at, at(21, 0));
        assert!(store
            .session(&secrets::token_hash("guess"), at(9, 0))
            .await
            .unwrap()
            .is_none());
        assert!(
            store.session(&hash, at(21, 0)).await.unwrap().is_none(),
            "expired at 21:00"
        );

        // Expired sessions are swept; live ones stay.
        let live = secrets::token_hash("live");
        store
            .create_session(jo.id, &live, "csrf-2", at(23, 0))
            .await
            .unwrap();
        assert_eq!(store.delete_expired_sessions(at(22, 0)).await.unwrap(), 1);
        assert!(store.session(&live, at(22, 0)).await.unwrap().is_some());
        store.delete_session(&live).await.unwrap();
        assert!(store.session(&live, at(22, 0)).await.unwrap().is_none());
        store.delete_session(&live).await.unwrap();

        assert!(matches!(
            store
                .create_session(AccountId(999), "x", "y", at(23, 0))
                .await,
            Err(StoreError::NoSuchAccount(_))
        ));
    }
);

both_engines!(
    failed_sign_ins_are_counted_by_client_since_its_last_success,
    |store: Store, _url: String| async move {
        let policy = SignInPolicy::STANDARD;
        let email = "jo@example.org";
        let here = SignInClient::address("192.0.2.1");
        let there = SignInClient::address("192.0.2.2");
        let begin = |client: SignInClient, minute: u32, second: u32| {
            let store = store.clone();
            async move {
                store
                    .begin_sign_in_attempt(
                        " JO@example.org",
                        &client,
                        &policy,
                        at(9, minute) + Duration::seconds(second.into()),
                    )
                    .await
                    .unwrap()
            }
        };
        // Four wrong, one right, then five wrong: the right one starts the
        // count again, so the client is stopped only at the sixth.
        for minute in 0..4 {
            begin(here.clone(), minute, 0).await.unwrap();
        }
        let right = begin(here.clone(), 4, 0).await.unwrap();
        store.sign_in_succeeded(right).await.unwrap();
        for second in 0..5 {
            begin(here.clone(), 5, second).await.unwrap();
        }
        let held = begin(here.clone(), 5, 10).await.unwrap_err();
        assert_eq!(held, SignInHold::LockedOut { until: at(9, 20) });
        // Recorded once, however often the client tries while it lasts.
        begin(here.clone(), 6, 0).await.unwrap_err();
        let lockouts = store.sign_in_lockouts(email, at(0, 0)).await.unwrap();
        assert_eq!(lockouts.len(), 1);
        assert_eq!(
            (lockouts[0].1.as_str(), lockouts[0].2),
            ("address:192.0.2.1", at(9, 20))
        );
        // Another client may try, after the short wait five failures
        // elsewhere cost an unknown browser... none yet: five is free.
        assert!(begin(there.clone(), 6, 0).await.is_ok());
        // ... but the sixth failure makes the next unknown browser wait.
        let slowed = begin(SignInClient::address("192.0.2.3"), 6, 0)
            .await
            .unwrap_err();
        assert_eq!(
            slowed,
            SignInHold::SlowedDown {
                until: at(9, 6) + Duration::seconds(1)
            }
        );
        // A browser that signed in before is not held by others' guesses.
        assert!(begin(SignInClient::device("hash"), 6, 0).await.is_ok());
        // Once the window has passed, the first client may try again.
        assert!(begin(here, 21, 0).await.is_ok());
        assert_eq!(
            store.delete_login_attempts_before(at(9, 5)).await.unwrap(),
            5
        );
    }
);

both_engines!(
    browsers_that_signed_in_are_remembered_per_address,
    |store: Store, _url: String| async move {
        assert!(!store
            .is_sign_in_device("hash", "jo@example.org")
            .await
            .unwrap());
        store
            .remember_sign_in_device("hash", " Jo@example.org", at(9, 0))
            .await
            .unwrap();
        store
            .remember_sign_in_device("hash", "jo@example.org", at(9, 5))
            .await
            .unwrap();
        assert!(store
            .is_sign_in_device("hash", "jo@example.org")
            .await
            .unwrap());
        assert!(!store
            .is_sign_in_device("hash", "sam@example.org")
            .await
            .unwrap());
        assert!(!store
            .is_sign_in_device("other", "jo@example.org")
            .await
            .unwrap());
    }
);

both_engines!(
    reset_requests_are_limited_by_address_and_by_client,
    |store: Store, _url: String| async move {
        let jo = store
            .create_account("jo@example.org", "Jo", "h", &actor())
            .await
            .unwrap();
        let policy = ResetPolicy::STANDARD;
        let link = |n: &str| ResetLink {
            account: jo.id,
            token_hash: Box::leak(n.to_string().into_boxed_str()),
            expires: at(11, 0),
            email: NewEmail {
                recipient: "jo@example.org",
                subject: "Reset",
                body: "Follow the link",
            },
        };
        let mut gates = Vec::new();
        for n in 0..5 {
            let client = format!("192.0.2.{n}");
            gates.push(
                store
                    .request_password_reset(
                        "JO@example.org",
                        &client,
                        &policy,
                        at(9, n),
                        Some(link(&n.to_string())),
                    )
                    .await
                    .unwrap(),
            );
        }
        use ResetGate::*;
        assert_eq!(gates, [Send, Send, Send, Quiet, Quiet]);
        assert_eq!(
            store
                .due_emails(Utc::now() + Duration::hours(1), 100)
                .await
                .unwrap()
                .len(),
            3
        );
        // An unknown address is noted as well, with nothing sent.
        let client = "198.51.100.1";
        for n in 0..10 {
            let gate = store
                .request_password_reset(
                    &format!("nobody{n}@example.org"),
                    client,
                    &policy,
                    at(9, 10 + n),
                    None,
                )
                .await
                .unwrap();
            assert_eq!(gate, Send, "{n}");
        }
        let gate = store
            .request_password_reset("jo@example.org", client, &policy, at(9, 30), None)
            .await
            .unwrap();
        assert_eq!(gate, TooMany { until: at(10, 10) });
        assert_eq!(
            store
                .due_emails(Utc::now() + Duration::hours(1), 100)
                .await
                .unwrap()
                .len(),
            3
        );
    }
);

both_engines!(
    api_tokens_find_their_account_until_revoked,
    |store: Store, _url: String| async move {
        let (wiltshire, _, _) = compact_with_organisations(&store, "wiltshire").await;
        let jo = store
            .create_account("jo@example.org", "Jo", "h", &actor())
            .await
            .unwrap();
        let role = Grant::new(wiltshire, Role::Secretariat, None).unwrap();
        store.grant(jo.id, &role, &actor()).await.unwrap();
        let token = secrets::new_token();
        let id = store
            .create_api_token(
                jo.id,
                " Monthly report ",
                &secrets::token_hash(&token),
                &actor(),
            )
            .await
            .unwrap();
        let (account, grants) = store
            .account_for_token(&secrets::token_hash(&token), at(9, 0))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((account.id, grants), (jo.id, vec![role]));
        let tokens = store.api_tokens(jo.id).await.unwrap();
        assert_eq!(tokens.len(), 1);
        assert_eq!(
            (tokens[0].id, tokens[0].name.as_str()),
            (id, "Monthly report")
        );
        assert_eq!(tokens[0].last_used_at, Some(at(9, 0)));
        assert!(
            store
                .account_for_token(&token, at(9, 0))
                .await
                .unwrap()
                .is_none(),
            "the secret itself is not a key"
        );

        store
            .revoke_api_token(id, &Actor::Account(jo.id))
            .await
            .unwrap();
        store
            .revoke_api_token(id, &Actor::Account(jo.id))
            .await
            .unwrap();
        assert!(store
            .account_for_token(&secrets::token_hash(&token), at(9, 1))
            .await
            .unwrap()
            .is_none());
        assert!(store.api_tokens(jo.id).await.unwrap()[0]
            .revoked_at
            .is_some());
        assert!(matches!(
            store.revoke_api_token(ApiTokenId(999), &actor()).await,
            Err(StoreError::NoSuchApiToken(_))
        ));
        assert!(matches!(
            store.create_api_token(jo.id, " ", "t2", &actor()).await,
            Err(StoreError::ApiTokenNameMissing)
        ));
        assert!(matches!(
            store
                .create_api_token(AccountId(999), "x", "t3", &actor())
                .await,
            Err(StoreError::NoSuchAccount(_))
        ));
    }
);

both_engines!(
    a_reset_link_works_once_and_not_after_it_expires,
    |store: Store, _url: String| async move {
        let jo = store
            .create_account("jo@example.org", "Jo", "h", &actor())
            .await
            .unwrap();
        store
            .create_password_reset(jo.id, "r1", at(10, 0))
            .await
            .unwrap();
        assert_eq!(
            store.use_password_reset("r1", at(9, 0)).await.unwrap(),
            Some(jo.id)
        );
        assert_eq!(
            store.use_password_reset("r1", at(9, 1)).await.unwrap(),
            None,
            "used"
        );
        store
            .create_password_reset(jo.id, "r2", at(10, 0))
            .await
            .unwrap();
        assert_eq!(
            store.use_password_reset("r2", at(10, 0)).await.unwrap(),
            None,
            "expired"
        );
        assert_eq!(
            store.use_password_reset("nope", at(9, 0)).await.unwrap(),
            None
        );

        // Two requests racing with one link: exactly one wins.
        store
            .create_password_reset(jo.id, "r3", at(10, 0))
            .await
            .unwrap();
        let (a, b) = tokio::join!(
            store.use_password_reset("r3", at(9, 0)),
            store.use_password_reset("r3", at(9, 0))
        );
        assert_eq!([a.unwrap(), b.unwrap()].iter().flatten().count(), 1);

        // Completing a reset sets the password, ends sessions and kills the
        // account's other links.
        store
            .create_password_reset(jo.id, "r4", at(10, 0))
            .await
            .unwrap();
        store
            .create_password_reset(jo.id, "r5", at(10, 0))
            .await
            .unwrap();
        store
            .create_session(jo.id, "s1", "c", at(23, 0))
            .await
            .unwrap();
        store
            .create_api_token(jo.id, "script", "t1", &actor())
            .await
            .unwrap();
        assert!(store
            .account_for_token("t1", at(9, 0))
            .await
            .unwrap()
            .is_some());
        assert_eq!(
            store
                .complete_password_reset("r4", "new", at(9, 0))
                .await
                .unwrap(),
            Some(jo.id)
        );
        assert_eq!(
            store
                .account_by_email("jo@example.org")
                .await
                .unwrap()
                .unwrap()
                .1,
            "new"
        );
        assert!(store.session("s1", at(9, 0)).await.unwrap().is_none());
        // API tokens made before the reset end with it too.
        assert!(store
            .account_for_token("t1", at(9, 0))
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            store
                .complete_password_reset("r5", "newer", at(9, 0))
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .account_by_email("jo@example.org")
                .await
                .unwrap()
                .unwrap()
                .1,
            "new"
        );
        assert!(matches!(
            store
                .create_password_reset(AccountId(999), "r6", at(10, 0))
                .await,
            Err(StoreError::NoSuchAccount(_))
        ));
    }
);

both_engines!(
    queued_mail_is_retried_until_sent,
    |store: Store, _url: String| async move {
        let start = Utc::now();
        let id = store
            .enqueue_email("jo@example.org", "Your sign-in link", "Follow this link")
            .await
            .unwrap();
        let due = store
            .due_emails(start + Duration::seconds(1), 10)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].id, due[0].attempts), (id, 0));
        assert_eq!(due[0].subject, "Your sign-in link");

        let retry = start + Duration::minutes(5);
        store
            .mark_email_failed(id, "connection refused", retry)
            .await
            .unwrap();
        assert!(store
            .due_emails(start + Duration::minutes(1), 10)
            .await
            .unwrap()
            .is_empty());
        let due = store.due_emails(retry, 10).await.unwrap();
        assert_eq!(due[0].attempts, 1);
        assert_eq!(due[0].last_error.as_deref(), Some("connection refused"));

        assert_eq!(
            compact_store::testing::email_body(&store, id).await,
            "Follow this link"
        );
        store.mark_email_sent(id, retry).await.unwrap();
        // Once sent, the text (which may hold a one-time link) is gone.
        let kept = compact_store::testing::email_body(&store, id).await;
        assert!(!kept.contains("Follow this link"), "{kept}");
        assert!(store
            .due_emails(retry + Duration::days(1), 10)
            .await
            .unwrap()
            .is_empty());
        assert!(matches!(
            store.mark_email_failed(id, "late", retry).await,
            Err(StoreError::NoSuchEmail(_))
        ));
        assert!(matches!(
            store
                .mark_email_sent(compact_store::EmailId(999), retry)
                .await,
            Err(StoreError::NoSuchEmail(_))
        ));

        // A reset link and its e-mail are queued together.
        let jo = store
            .create_account("jo@example.org", "Jo", "h", &actor())
            .await
            .unwrap();
        let email = compact_store::NewEmail {
            recipient: &jo.email,
            subject: "Reset",
            body: "link",
        };
        store
            .create_password_reset_with_email(jo.id, "r1", retry, &email)
            .await
            .unwrap();
        let due = store
            .due_emails(Utc::now() + Duration::seconds(1), 10)
            .await
            .unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].subject, "Reset");
        // ... and neither is, when the link cannot be made.
        assert!(store
            .create_password_reset_with_email(AccountId(999), "r2", retry, &email)
            .await
            .is_err());
        assert_eq!(
            store
                .due_emails(Utc::now() + Duration::seconds(1), 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            store
                .due_emails(Utc::now() + Duration::seconds(1), 0)
                .await
                .unwrap()
                .len(),
            0
        );
    }
);
