//! Storage tests, each run on SQLite and on PostgreSQL.

use compact_core::model::Records;
use compact_core::*;
use compact_store::testing::{actor, sample_records};
use compact_store::{both_engines, MigrationState, Store, StoreError};

/// `records` with the ids the store gave them, for comparison after a load.
fn renumbered(records: &Records, saved: &compact_store::SavedIds) -> Records {
    let mut r = records.clone();
    let org = |id: &mut OrganisationId| *id = saved.organisations[id];
    for o in &mut r.organisations {
        org(&mut o.id);
    }
    for s in &mut r.signatories {
        org(&mut s.organisation);
    }
    for k in &mut r.consultations {
        k.id = saved.consultations[&k.id];
        org(&mut k.lead);
    }
    for a in &mut r.agreements {
        a.id = saved.agreements[&a.id];
        org(&mut a.funder);
        org(&mut a.recipient);
        for ch in &mut a.changes {
            ch.consultation = ch.consultation.map(|k| saved.consultations[&k]);
        }
    }
    for d in &mut r.disputes {
        d.id = saved.disputes[&d.id];
        org(&mut d.raised_by);
        org(&mut d.against);
    }
    for s in &mut r.seats {
        s.organisation = s.organisation.map(|o| saved.organisations[&o]);
    }
    for v in &mut r.reviews {
        v.id = saved.reviews[&v.id];
    }
    for m in &mut r.milestones {
        m.review = m.review.map(|v| saved.reviews[&v]);
    }
    r
}

/// Ids of nested and unreferenced records are the database's own; blank
/// them so two loads can be compared field by field.
fn without_row_ids(mut r: Records) -> Records {
    for s in &mut r.signatories {
        s.id = SignatoryId(0);
    }
    for a in &mut r.agreements {
        a.payments.iter_mut().for_each(|p| p.id = PaymentId(0));
        a.changes.iter_mut().for_each(|c| c.id = FundingChangeId(0));
    }
    for d in &mut r.disputes {
        d.events.iter_mut().for_each(|e| e.id = DisputeEventId(0));
    }
    r.seats.iter_mut().for_each(|s| s.id = SeatId(0));
    r.milestones.iter_mut().for_each(|m| m.id = MilestoneId(0));
    r
}

both_engines!(
    migrations_are_all_applied_on_open,
    |store: Store, _url: String| async move {
        let status = store.migration_status().await.unwrap();
        assert!(!status.is_empty());
        assert!(
            status.iter().all(|m| m.state == MigrationState::Applied),
            "{status:?}"
        );
        // Running them again changes nothing.
        assert_eq!(store.migrate().await.unwrap(), 0);
    }
);

both_engines!(
    a_compact_is_stored_and_found_by_slug,
    |store: Store, _url: String| async move {
        let id = store
            .create_compact(
                "wiltshire",
                "The Wiltshire Compact",
                "format = 1\n",
                &actor(),
            )
            .await
            .unwrap();
        let found = store.compact("wiltshire").await.unwrap();
        assert_eq!(found.id, id);
        assert_eq!(found.name, "The Wiltshire Compact");
        assert_eq!(found.definition, "format = 1\n");
        assert!(matches!(
            store.compact("nowhere").await,
            Err(StoreError::NoSuchCompact(_))
        ));
        assert!(matches!(
            store
                .create_compact("wiltshire", "Again", "", &actor())
                .await,
            Err(StoreError::CompactExists(_))
        ));
    }
);

both_engines!(
    every_record_field_survives_a_round_trip,
    |store: Store, _url: String| async move {
        let compact = store
            .create_compact("wiltshire", "Wiltshire", "", &actor())
            .await
            .unwrap();
        let records = sample_records();
        let saved = store
            .save_records(compact, &records, &actor())
            .await
            .unwrap();
        let loaded = store.load_records(compact).await.unwrap();
        assert_eq!(
            without_row_ids(loaded),
            without_row_ids(renumbered(&records, &saved))
        );
        // Money keeps every penny, negative amounts included.
        let loaded = store.load_records(compact).await.unwrap();
        assert_eq!(loaded.agreements[0].amount, Pence(450_000_001));
        assert_eq!(loaded.agreements[0].changes[0].new_amount, Some(Pence(-1)));
    }
);

both_engines!(
    records_of_one_compact_are_invisible_to_another,
    |store: Store, _url: String| async move {
        let wiltshire = store
            .create_compact("wiltshire", "Wiltshire", "", &actor())
            .await
            .unwrap();
        let blackpool = store
            .create_compact("blackpool", "Blackpool", "", &actor())
            .await
            .unwrap();
        store
            .save_records(wiltshire, &sample_records(), &actor())
            .await
            .unwrap();
        let empty = store.load_records(blackpool).await.unwrap();
        assert_eq!(empty, Records::default());
        let listed: Vec<String> = store
            .list_compacts()
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.slug)
            .collect();
        assert_eq!(listed, ["blackpool", "wiltshire"]);
    }
);

both_engines!(
    a_save_with_a_bad_reference_writes_nothing,
    |store: Store, _url: String| async move {
        let compact = store
            .create_compact("wiltshire", "Wiltshire", "", &actor())
            .await
            .unwrap();
        let mut records = sample_records();
        // The milestone points at a review that is not being saved.
        records.milestones[0].review = Some(ReviewId(999));
        let err = store
            .save_records(compact, &records, &actor())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("review 999"), "{err}");
        assert_eq!(
            store.load_records(compact).await.unwrap(),
            Records::default()
        );
    }
);

both_engines!(
    the_store_answers_a_ping,
    |store: Store, url: String| async move {
        store.ping().await.unwrap();
        assert!(store
            .describe()
            .starts_with(url.split("://").next().unwrap()));
    }
);
