//! Accounts and the roles they hold, on SQLite and on PostgreSQL.

mod common;

use common::*;
use compact_core::access::{Grant, GrantError, Role};
use compact_core::*;
use compact_store::testing::actor;
use compact_store::{both_engines, password, Actor, Store, StoreError};

both_engines!(
    an_account_is_created_with_a_normalised_address_and_found_again,
    |store: Store, _url: String| async move {
        let hash = password::hash("correct horse battery").unwrap();
        let account = store
            .create_account("  Jo.Bloggs@Example.ORG ", " Jo Bloggs ", &hash, &actor())
            .await
            .unwrap();
        assert_eq!(account.email, "jo.bloggs@example.org");
        assert_eq!(account.name, "Jo Bloggs");
        assert!(!account.is_disabled());
        assert_eq!(
            store.account(account.id).await.unwrap(),
            Some(account.clone())
        );
        let (found, stored_hash) = store
            .account_by_email("JO.BLOGGS@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found, account);
        assert!(password::verify("correct horse battery", &stored_hash));
        assert_eq!(
            store.account_by_email("nobody@example.org").await.unwrap(),
            None
        );
        assert_eq!(store.account(AccountId(999)).await.unwrap(), None);
    }
);

both_engines!(
    a_second_account_with_the_same_address_is_refused_by_name,
    |store: Store, _url: String| async move {
        store
            .create_account("jo@example.org", "Jo", "h", &actor())
            .await
            .unwrap();
        let err = store
            .create_account("JO@example.org ", "Another Jo", "h", &actor())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::AccountExists(e) if e == "jo@example.org"),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "an account with the e-mail address jo@example.org already exists"
        );
        for bad in ["", "jo", "jo@", "@example.org", "jo @example.org", "a@b@c"] {
            assert!(
                matches!(
                    store.create_account(bad, "Jo", "h", &actor()).await,
                    Err(StoreError::InvalidEmail(_))
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            store
                .create_account("sam@example.org", "  ", "h", &actor())
                .await,
            Err(StoreError::AccountNameMissing)
        ));
    }
);

both_engines!(
    grants_round_trip_and_are_listed_per_compact,
    |store: Store, _url: String| async move {
        let (wiltshire, council, charity) = compact_with_organisations(&store, "wiltshire").await;
        let (blackpool, _, _) = compact_with_organisations(&store, "blackpool").await;
        let jo = store
            .create_account("jo@example.org", "Jo", "h", &actor())
            .await
            .unwrap();
        let sam = store
            .create_account("sam@example.org", "Sam", "h", &actor())
            .await
            .unwrap();
        let officer = Grant::new(wiltshire, Role::Officer, Some(council)).unwrap();
        let member = Grant::new(wiltshire, Role::Member, Some(charity)).unwrap();
        let group = Grant::new(blackpool, Role::Group, None).unwrap();
        let secretariat = Grant::new(wiltshire, Role::Secretariat, None).unwrap();
        for g in [&officer, &member, &group] {
            assert!(store.grant(jo.id, g, &actor()).await.unwrap());
        }
        assert!(store.grant(sam.id, &secretariat, &actor()).await.unwrap());
        // Granting again changes nothing, with or without an organisation.
        assert!(!store.grant(jo.id, &officer, &actor()).await.unwrap());
        assert!(!store.grant(sam.id, &secretariat, &actor()).await.unwrap());

        let mut all = store.grants(jo.id).await.unwrap();
        all.sort_by_key(|g| (g.compact, g.role, g.organisation));
        let mut expected = vec![officer.clone(), member.clone(), group.clone()];
        expected.sort_by_key(|g| (g.compact, g.role, g.organisation));
        assert_eq!(all, expected);

        let listed = store.accounts_in(wiltshire).await.unwrap();
        let names: Vec<&str> = listed.iter().map(|(a, _)| a.name.as_str()).collect();
        assert_eq!(names, ["Jo", "Sam"]);
        assert_eq!(
            listed[0].1.len(),
            2,
            "only Jo's roles in Wiltshire: {:?}",
            listed[0].1
        );
        assert_eq!(listed[1].1, vec![secretariat.clone()]);

        assert!(store.revoke_grant(jo.id, &member, &actor()).await.unwrap());
        assert!(!store.revoke_grant(jo.id, &member, &actor()).await.unwrap());
        assert!(store
            .revoke_grant(sam.id, &secretariat, &actor())
            .await
            .unwrap());
        assert_eq!(store.grants(jo.id).await.unwrap().len(), 2);
        assert!(store.grants(sam.id).await.unwrap().is_empty());
    }
);

both_engines!(
    grants_that_cannot_hold_are_refused,
    |store: Store, _url: String| async move {
        let (wiltshire, council, _) = compact_with_organisations(&store, "wiltshire").await;
        let (_, blackpool_council, _) = compact_with_organisations(&store, "blackpool").await;
        let jo = store
            .create_account("jo@example.org", "Jo", "h", &actor())
            .await
            .unwrap();
        // The fields are public, so a grant can be built without Grant::new.
        let unchecked = |role, organisation| Grant {
            compact: wiltshire,
            role,
            organisation,
        };
        assert!(matches!(
            store
                .grant(jo.id, &unchecked(Role::Officer, None), &actor())
                .await,
            Err(StoreError::InvalidGrant(GrantError::OrganisationMissing(
                Role::Officer
            )))
        ));
        assert!(matches!(
            store
                .grant(
                    jo.id,
                    &unchecked(Role::Secretariat, Some(council)),
                    &actor()
                )
                .await,
            Err(StoreError::InvalidGrant(
                GrantError::OrganisationNotExpected(_)
            ))
        ));
        let err = store
            .grant(
                jo.id,
                &unchecked(Role::Member, Some(blackpool_council)),
                &actor(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::OrganisationNotInCompact { .. }),
            "{err}"
        );
        assert!(matches!(
            store
                .grant(AccountId(999), &unchecked(Role::Group, None), &actor())
                .await,
            Err(StoreError::NoSuchAccount(AccountId(999)))
        ));
        let elsewhere = Grant {
            compact: CompactId(999),
            role: Role::Group,
            organisation: None,
        };
        assert!(matches!(
            store.grant(jo.id, &elsewhere, &actor()).await,
            Err(StoreError::NoSuchCompactId(CompactId(999)))
        ));
        assert!(store.grants(jo.id).await.unwrap().is_empty());
    }
);

both_engines!(
    a_new_password_or_disabling_ends_every_session,
    |store: Store, _url: String| async move {
        let jo = store
            .create_account("jo@example.org", "Jo", "old", &actor())
            .await
            .unwrap();
        store
            .create_session(jo.id, "s1", "c", at(23, 0))
            .await
            .unwrap();
        store
            .create_session(jo.id, "s2", "c", at(23, 0))
            .await
            .unwrap();
        store
            .set_password(jo.id, "new", &Actor::Account(jo.id))
            .await
            .unwrap();
        assert!(store.session("s1", at(9, 0)).await.unwrap().is_none());
        assert_eq!(
            store
                .account_by_email("jo@example.org")
                .await
                .unwrap()
                .unwrap()
                .1,
            "new"
        );

        store
            .create_session(jo.id, "s3", "c", at(23, 0))
            .await
            .unwrap();
        store
            .create_api_token(jo.id, "script", "t1", &actor())
            .await
            .unwrap();
        store.disable_account(jo.id, &actor()).await.unwrap();
        store.disable_account(jo.id, &actor()).await.unwrap();
        assert!(store.account(jo.id).await.unwrap().unwrap().is_disabled());
        assert!(store.session("s3", at(9, 0)).await.unwrap().is_none());
        assert!(store
            .account_for_token("t1", at(9, 0))
            .await
            .unwrap()
            .is_none());
        // A session made for a disabled account does not work either.
        store
            .create_session(jo.id, "s4", "c", at(23, 0))
            .await
            .unwrap();
        assert!(store.session("s4", at(9, 0)).await.unwrap().is_none());
        assert!(matches!(
            store.set_password(AccountId(999), "x", &actor()).await,
            Err(StoreError::NoSuchAccount(_))
        ));
        assert!(matches!(
            store.disable_account(AccountId(999), &actor()).await,
            Err(StoreError::NoSuchAccount(_))
        ));
    }
);
