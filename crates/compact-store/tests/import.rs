//! Importing organisations into a register, on SQLite and on PostgreSQL.

use compact_core::import::{read_organisations, ImportFile};
use compact_core::model::Organisation;
use compact_core::CompactId;
use compact_store::testing::{actor, execute, sample_records};
use compact_store::{both_engines, AuditFilter, Engine, Store, StoreError, ORGANISATIONS_IMPORT};

const HEADER: &str =
    "name,kind,charity_number,company_number,address,postcode,website,email,areas_of_work,active";

fn file(rows: &[&str]) -> ImportFile {
    let text = std::iter::once(HEADER)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\n");
    read_organisations(text.as_bytes(), None).expect("a readable file")
}

/// `n` good rows, each its own charity, with `tag` in every name.
fn many(n: usize, tag: &str) -> ImportFile {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "Charity {i} {tag},charity,{},,\"{i} High Street, Devizes\",SN10 1AA,,,sport,yes",
                1_000_000 + i
            )
        })
        .collect();
    file(&rows.iter().map(String::as_str).collect::<Vec<_>>())
}

async fn compact(store: &Store) -> CompactId {
    store
        .create_compact("wiltshire", "Wiltshire", "", &actor())
        .await
        .unwrap()
}

async fn organisations(store: &Store, compact: CompactId) -> Vec<Organisation> {
    store.load_records(compact).await.unwrap().organisations
}

async fn import_entries(store: &Store, compact: CompactId) -> Vec<serde_json::Value> {
    let filter = AuditFilter {
        compact: Some(compact),
        action_prefix: Some(ORGANISATIONS_IMPORT.into()),
        ..AuditFilter::default()
    };
    let (entries, _) = store.audit_entries(&filter, 1, 100).await.unwrap();
    entries.into_iter().filter_map(|e| e.after).collect()
}

both_engines!(
    an_import_creates_the_organisations_and_importing_it_again_changes_nothing,
    |store: Store, _url: String| async move {
        let compact = compact(&store).await;
        let rows = file(&[
            "Age UK Wiltshire,charity,1012345,01234567,\"1 High Street, Devizes\",SN10 1AA,www.ageuk.example.org,info@ageuk.example.org,older people; care,yes",
            "Devizes Scouts,community_group,,,,SN10 2BB,,,young people,no",
            "Wiltshire Council,local_authority,,,,BA14 8JN,https://www.wiltshire.gov.uk,,,",
        ]);
        let first = store
            .import_organisations(compact, &rows, &actor(), false)
            .await
            .unwrap();
        assert_eq!(
            (
                first.created,
                first.updated,
                first.unchanged,
                first.rejected
            ),
            (3, 0, 0, 0)
        );
        assert!(!first.dry_run);
        let saved = organisations(&store, compact).await;
        assert_eq!(saved.len(), 3);
        let age_uk = &saved[0];
        assert_eq!(age_uk.name, "Age UK Wiltshire");
        assert_eq!(age_uk.charity_number.as_ref().unwrap().as_str(), "1012345");
        assert_eq!(age_uk.address.as_deref(), Some("1 High Street, Devizes"));
        assert_eq!(age_uk.areas_of_work, ["older people", "care"]);
        assert!(!saved[1].active);

        let again = store
            .import_organisations(compact, &rows, &actor(), false)
            .await
            .unwrap();
        assert_eq!(
            (
                again.created,
                again.updated,
                again.unchanged,
                again.rejected
            ),
            (0, 0, 3, 0)
        );
        assert_eq!(organisations(&store, compact).await, saved);
        let entries = import_entries(&store, compact).await;
        assert_eq!(
            entries.len(),
            1,
            "an import that changes nothing leaves no entry"
        );
        assert_eq!(
            entries[0],
            serde_json::json!({"format": "compact", "created": 3, "updated": 0, "unchanged": 0, "rejected": 0})
        );
        assert!(store.verify_audit().await.unwrap().is_intact());
    }
);

both_engines!(
    a_changed_row_updates_its_organisation_and_keeps_what_the_row_leaves_out,
    |store: Store, _url: String| async move {
        let compact = compact(&store).await;
        store
            .save_records(compact, &sample_records(), &actor())
            .await
            .unwrap();
        // The sample charity has charity number 1123456, an e-mail address
        // and areas of work; the row renames it and gives neither.
        let rows = file(&["Trowbridge Larder,charity,1123456,,,,,,,yes"]);
        let summary = store
            .import_organisations(compact, &rows, &actor(), false)
            .await
            .unwrap();
        assert_eq!(
            (summary.created, summary.updated, summary.unchanged),
            (0, 1, 0)
        );
        let saved = organisations(&store, compact).await;
        let larder = saved
            .iter()
            .find(|o| o.name == "Trowbridge Larder")
            .expect("renamed");
        assert_eq!(
            larder.email.as_deref(),
            Some("hello@trowbridgelarder.example.org")
        );
        assert_eq!(larder.areas_of_work, ["food poverty", "older people"]);
        assert_eq!(larder.company_number.as_ref().unwrap().as_str(), "07654321");
        assert!(larder.active, "the row says it is active again");
        let entries = import_entries(&store, compact).await;
        assert_eq!(entries[0]["updated"], 1);
    }
);

both_engines!(
    a_dry_run_reports_what_would_happen_and_keeps_nothing,
    |store: Store, _url: String| async move {
        let compact = compact(&store).await;
        let rows = many(3, "dry");
        let summary = store
            .import_organisations(compact, &rows, &actor(), true)
            .await
            .unwrap();
        assert!(summary.dry_run);
        assert_eq!(summary.created, 3);
        assert!(organisations(&store, compact).await.is_empty());
        assert!(import_entries(&store, compact).await.is_empty());
        assert!(store.verify_audit().await.unwrap().is_intact());
    }
);

both_engines!(
    bad_and_repeated_rows_are_reported_and_the_good_rows_saved,
    |store: Store, _url: String| async move {
        let compact = compact(&store).await;
        let rows = file(&[
            "Age UK Wiltshire,charity,1012345,,,,,,,",
            "Nameless,charities,,,,,,,,",
            "Age UK again,charity,1012345,,,,,,,",
            "Devizes Scouts,community_group,,,,SN10 2BB,,,,",
        ]);
        let summary = store
            .import_organisations(compact, &rows, &actor(), false)
            .await
            .unwrap();
        assert_eq!((summary.created, summary.rejected), (2, 2));
        let problems: Vec<(u64, &str)> = summary
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_str()))
            .collect();
        assert_eq!(problems, [(3, "kind"), (4, "charity_number")]);
        assert!(summary.problems[1]
            .problem
            .contains("row 2 already has this organisation"));
        assert_eq!(organisations(&store, compact).await.len(), 2);
        assert_eq!(import_entries(&store, compact).await[0]["rejected"], 2);
    }
);

both_engines!(
    a_large_import_spans_many_statements_and_updates_in_bulk,
    |store: Store, _url: String| async move {
        let compact = compact(&store).await;
        let first = store
            .import_organisations(compact, &many(1_234, "first"), &actor(), false)
            .await
            .unwrap();
        assert_eq!(first.created, 1_234);
        let renamed = store
            .import_organisations(compact, &many(1_300, "renamed"), &actor(), false)
            .await
            .unwrap();
        assert_eq!(
            (renamed.created, renamed.updated, renamed.unchanged),
            (66, 1_234, 0)
        );
        let saved = organisations(&store, compact).await;
        assert_eq!(saved.len(), 1_300);
        assert!(saved.iter().all(|o| o.name.ends_with("renamed")));
    }
);

both_engines!(
    an_error_part_way_through_keeps_nothing,
    |store: Store, _url: String| async move {
        let compact = compact(&store).await;
        // A trigger that refuses one name stands in for any failure after
        // the first batch has been written.
        let refuse = match store.engine() {
            Engine::Sqlite => vec![
                "CREATE TRIGGER refuse_one BEFORE INSERT ON organisations \
                 WHEN NEW.name = 'Charity 900 boom' BEGIN SELECT RAISE(ABORT, 'refused'); END",
            ],
            Engine::Postgres => vec![
                "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN \
                 IF NEW.name = 'Charity 900 boom' THEN RAISE EXCEPTION 'refused'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_one BEFORE INSERT ON organisations \
                 FOR EACH ROW EXECUTE FUNCTION refuse_one()",
            ],
        };
        for sql in refuse {
            execute(&store, sql).await.unwrap();
        }
        let result = store
            .import_organisations(compact, &many(1_000, "boom"), &actor(), false)
            .await;
        assert!(result.is_err());
        assert!(organisations(&store, compact).await.is_empty());
        assert!(import_entries(&store, compact).await.is_empty());
    }
);

both_engines!(
    importing_into_a_compact_that_does_not_exist_fails,
    |store: Store, _url: String| async move {
        let result = store
            .import_organisations(CompactId(999), &many(1, "x"), &actor(), false)
            .await;
        assert!(matches!(
            result,
            Err(StoreError::NoSuchCompactId(CompactId(999)))
        ));
    }
);
