//! The findings are worked out once per Compact, data version and date, and
//! worked out again after any write or on a new day. On both engines.

use compact_app::{App, Clock};
use compact_core::definition;
use compact_store::testing::{actor, sample_records};
use compact_store::{both_engines, Store};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

both_engines!(
    findings_are_kept_until_a_write_or_a_new_day,
    |store: Store, _url| async move {
        let source = definition::shipped("wiltshire").unwrap();
        let id = store
            .create_compact("wiltshire", "Wiltshire", source, &actor())
            .await
            .unwrap();
        store
            .save_records(id, &sample_records(), &actor())
            .await
            .unwrap();
        let compact = store.compact("wiltshire").await.unwrap();
        // A clock whose day the test moves on.
        let day = Arc::new(AtomicI64::new(0));
        let clock_day = day.clone();
        let start: chrono::DateTime<chrono::Utc> = "2026-03-31T12:00:00Z".parse().unwrap();
        let app = App::new(
            store.clone(),
            Clock::Custom(Arc::new(move || {
                start + chrono::Duration::days(clock_day.load(Ordering::SeqCst))
            })),
        );

        let first = app.findings(&compact).await.unwrap();
        assert!(!first.all.is_empty());
        let records = store.load_records(id).await.unwrap();
        let today = app.clock.today();
        let definition = definition::parse("wiltshire.toml", source).unwrap();
        assert_eq!(
            first.all,
            compact_core::rules::check(&definition, &records, today)
        );
        let again = app.findings(&compact).await.unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same version and day reuse them"
        );

        // A write raises the version: worked out again, and right.
        let mut larder = records.organisations[0].clone();
        larder.name = "Melksham Larder".into();
        store.add_organisation(id, &larder, &actor()).await.unwrap();
        let after_write = app.findings(&compact).await.unwrap();
        assert!(!Arc::ptr_eq(&first, &after_write));
        assert!(after_write.version > first.version);

        // A new day: worked out again for that day.
        day.store(1, Ordering::SeqCst);
        let tomorrow = app.findings(&compact).await.unwrap();
        assert!(!Arc::ptr_eq(&after_write, &tomorrow));
        assert_eq!(tomorrow.as_of, today.succ_opt().unwrap());

        // Many requests at once after a write share one computation.
        store.add_organisation(id, &larder, &actor()).await.unwrap();
        let burst = futures_join(&app, &compact).await;
        assert!(burst.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])));
    }
);

async fn futures_join(
    app: &App,
    compact: &compact_store::StoredCompact,
) -> Vec<Arc<compact_app::CompactFindings>> {
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let app = app.clone();
        let compact = compact.clone();
        tasks.push(tokio::spawn(async move {
            app.findings(&compact).await.unwrap()
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}
