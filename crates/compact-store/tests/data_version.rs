//! Every write about a Compact raises its data version in the write's own
//! transaction; a change to an organisation's details raises the version of
//! every Compact it may show in; reads of the register see the new search
//! keys at once. On SQLite and on PostgreSQL.

mod common;

use chrono::NaiveDate as Date;
use common::compact_with_organisations;
use compact_core::model::Champion;
use compact_core::register::{Filter, SignUp};
use compact_core::*;
use compact_store::testing::actor;
use compact_store::{both_engines, RegisterQuery, Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

fn sign_up(signed_on: Date) -> SignUp {
    SignUp {
        signed_on,
        signed_by: "Ruth Adams".into(),
        signer_role: "Chief Executive".into(),
        champion: Champion {
            name: "Omar Hussain".into(),
            role: "Lead".into(),
            contact: "omar@example.org".into(),
            appointed_on: signed_on,
            trained_on: None,
        },
    }
}

async fn search(store: &Store, compact: CompactId, text: &str) -> Vec<OrganisationId> {
    let query = RegisterQuery::new(
        d(2026, 3, 31),
        Filter {
            text: text.into(),
            ..Filter::default()
        },
    );
    store.register_ids(compact, &query).await.unwrap()
}

both_engines!(
    every_write_about_a_compact_raises_its_version_and_only_its,
    |store: Store, _url| async move {
        let (wiltshire, ..) = compact_with_organisations(&store, "wiltshire").await;
        let (swindon, ..) = compact_with_organisations(&store, "swindon").await;
        assert!(store.data_version(wiltshire).await.unwrap() >= 1);
        assert_eq!(store.data_version(CompactId(9999)).await.unwrap(), 0);

        let before = store.data_version(wiltshire).await.unwrap();
        let other = store.data_version(swindon).await.unwrap();
        let mut added = store.load_records(wiltshire).await.unwrap().organisations[0].clone();
        added.name = "Melksham Larder".into();
        let larder = store
            .add_organisation(wiltshire, &added, &actor())
            .await
            .unwrap();
        assert_eq!(store.data_version(wiltshire).await.unwrap(), before + 1);
        assert_eq!(store.data_version(swindon).await.unwrap(), other);

        // Accounts belong to no Compact: nothing a Compact shows changed.
        store
            .create_account("ruth@example.org", "Ruth", "x", &actor())
            .await
            .unwrap();
        assert_eq!(store.data_version(wiltshire).await.unwrap(), before + 1);

        // The larder signs up to Swindon: Swindon's version moves.
        store
            .add_signatory(swindon, larder, &sign_up(d(2026, 2, 1)), "", &actor())
            .await
            .unwrap();
        assert_eq!(store.data_version(swindon).await.unwrap(), other + 1);

        // A refused write is rolled back with its version.
        let refused = store
            .add_signatory(swindon, larder, &sign_up(d(2026, 3, 1)), "", &actor())
            .await;
        assert!(
            matches!(refused, Err(StoreError::Refused(_))),
            "{refused:?}"
        );
        assert_eq!(store.data_version(swindon).await.unwrap(), other + 1);

        // Its details change in its home register: both Compacts show them.
        let wiltshire_before = store.data_version(wiltshire).await.unwrap();
        let mut renamed = added.clone();
        renamed.id = larder;
        renamed.name = "Ŵyl Larder".into();
        let mut stored = added.clone();
        stored.id = larder;
        store
            .update_organisation(wiltshire, &renamed, &stored, &actor())
            .await
            .unwrap();
        assert_eq!(
            store.data_version(wiltshire).await.unwrap(),
            wiltshire_before + 1
        );
        assert_eq!(store.data_version(swindon).await.unwrap(), other + 2);

        // The register's search reads the new name at once, in both.
        assert_eq!(search(&store, wiltshire, "ŵYL").await, vec![larder]);
        assert_eq!(search(&store, swindon, "ŵyl").await, vec![larder]);
        assert!(search(&store, wiltshire, "melksham").await.is_empty());
    }
);
