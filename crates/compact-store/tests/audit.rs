//! The audit log: every change leaves an entry, the chain verifies, and
//! tampering is found. On SQLite and on PostgreSQL.

use chrono::{Duration, Utc};
use compact_core::access::{Grant, Role};
use compact_core::model::Records;
use compact_core::*;
use compact_store::audit::actions;
use compact_store::testing::{
    actor, execute, remove_audit_checkpoints, rewrite_audit_chain_from, sample_records,
    tamper_with_audit_entry,
};
use compact_store::{
    both_engines, secrets, Actor, AuditFilter, AuditKeys, CheckpointOutcome, Store,
};

/// Every entry, oldest first.
async fn all_entries(store: &Store) -> Vec<compact_store::AuditEntry> {
    let (mut entries, total) = store
        .audit_entries(&AuditFilter::default(), 1, 500)
        .await
        .unwrap();
    assert_eq!(total as usize, entries.len());
    entries.reverse();
    entries
}

both_engines!(
    every_change_leaves_one_entry_and_the_chain_verifies,
    |store: Store, _url: String| async move {
        let init = Actor::system("compact init");
        let compact = store
            .create_compact("wiltshire", "Wiltshire", "format = 1", &init)
            .await
            .unwrap();
        let saved = store
            .save_records(compact, &sample_records(), &init)
            .await
            .unwrap();
        let council = saved.organisations[&OrganisationId(1)];
        let password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$notarealhash";
        let jo = store
            .create_account("jo@example.org", "Jo", password_hash, &init)
            .await
            .unwrap();
        let by_jo = Actor::Account(jo.id);
        let officer = Grant::new(compact, Role::Officer, Some(council)).unwrap();
        store.grant(jo.id, &officer, &by_jo).await.unwrap();
        store.grant(jo.id, &officer, &by_jo).await.unwrap(); // no change, no entry
        store.revoke_grant(jo.id, &officer, &by_jo).await.unwrap();
        store
            .set_password(jo.id, password_hash, &by_jo)
            .await
            .unwrap();
        let token_hash = secrets::token_hash("secret-token");
        let token = store
            .create_api_token(jo.id, "script", &token_hash, &by_jo)
            .await
            .unwrap();
        store.revoke_api_token(token, &by_jo).await.unwrap();
        store
            .create_password_reset(jo.id, "reset-hash", Utc::now() + Duration::hours(1))
            .await
            .unwrap();
        store
            .complete_password_reset("reset-hash", password_hash, Utc::now())
            .await
            .unwrap()
            .unwrap();
        store.disable_account(jo.id, &init).await.unwrap();

        let entries = all_entries(&store).await;
        let got: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            got,
            [
                actions::COMPACT_CREATE,
                actions::RECORDS_IMPORT,
                actions::ACCOUNT_CREATE,
                actions::ACCOUNT_GRANT,
                actions::ACCOUNT_REVOKE,
                actions::ACCOUNT_PASSWORD,
                actions::TOKEN_CREATE,
                actions::TOKEN_REVOKE,
                actions::ACCOUNT_PASSWORD,
                actions::ACCOUNT_DISABLE,
            ]
        );
        let seqs: Vec<i64> = entries.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=10).collect::<Vec<_>>());
        assert_eq!(entries[0].actor, init);
        assert_eq!(entries[0].compact, Some(compact));
        assert_eq!(entries[0].subject, "compact:wiltshire");
        assert_eq!(entries[1].after.as_ref().unwrap()["organisations"], 2);
        assert_eq!(entries[1].after.as_ref().unwrap()["payments"], 2);
        assert_eq!(entries[2].subject, format!("account:{}", jo.id));
        assert_eq!(entries[2].compact, None);
        assert_eq!(
            entries[3].after,
            Some(serde_json::json!({"role": "officer", "organisation": council.0}))
        );
        assert_eq!(entries[3].actor, by_jo);
        assert_eq!(
            entries[8].actor, by_jo,
            "a reset is done by the account itself"
        );
        for pair in entries.windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash);
        }
        assert_eq!(entries[0].prev_hash, compact_store::audit::GENESIS);
        // No secret is ever written into the log.
        for e in &entries {
            let text = format!("{:?} {:?}", e.before, e.after);
            for secret in [password_hash, token_hash.as_str(), "reset-hash"] {
                assert!(
                    !text.contains(secret),
                    "entry {} holds a secret: {text}",
                    e.seq
                );
            }
        }

        let check = store.verify_audit().await.unwrap();
        assert!(check.is_intact(), "{check:?}");
        assert_eq!(check.entries_checked, 10);
        assert_eq!(check.last_hash.as_deref(), Some(entries[9].hash.as_str()));
    }
);

both_engines!(
    a_change_that_fails_leaves_no_entry,
    |store: Store, _url: String| async move {
        let compact = store
            .create_compact("wiltshire", "Wiltshire", "", &actor())
            .await
            .unwrap();
        // A milestone that refers to a review not being saved.
        let records = Records {
            milestones: sample_records().milestones,
            ..Records::default()
        };
        assert!(store
            .save_records(compact, &records, &actor())
            .await
            .is_err());
        assert!(store
            .create_compact("wiltshire", "Again", "", &actor())
            .await
            .is_err());
        assert_eq!(all_entries(&store).await.len(), 1);
        assert!(store.verify_audit().await.unwrap().is_intact());
    }
);

both_engines!(
    an_empty_log_is_intact,
    |store: Store, _url: String| async move {
        let check = store.verify_audit().await.unwrap();
        assert!(check.is_intact());
        assert_eq!((check.entries_checked, check.last_hash), (0, None));
    }
);

both_engines!(
    entries_are_filtered_and_paged_newest_first,
    |store: Store, _url: String| async move {
        let wiltshire = store
            .create_compact("wiltshire", "Wiltshire", "", &actor())
            .await
            .unwrap();
        let blackpool = store
            .create_compact("blackpool", "Blackpool", "", &actor())
            .await
            .unwrap();
        let start = Utc::now();
        let mut accounts = Vec::new();
        for n in 0..5 {
            let a = store
                .create_account(&format!("person{n}@example.org"), "P", "h", &actor())
                .await
                .unwrap();
            accounts.push(a);
        }
        let by_first = Actor::Account(accounts[0].id);
        for a in &accounts[1..] {
            let g = Grant::new(blackpool, Role::Group, None).unwrap();
            store.grant(a.id, &g, &by_first).await.unwrap();
        }
        // 2 compacts + 5 accounts + 4 grants.
        let (page, total) = store
            .audit_entries(&AuditFilter::default(), 1, 4)
            .await
            .unwrap();
        assert_eq!(total, 11);
        assert_eq!(
            page.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [11, 10, 9, 8]
        );
        let (page, _) = store
            .audit_entries(&AuditFilter::default(), 3, 4)
            .await
            .unwrap();
        assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 2, 1]);
        let (page, _) = store
            .audit_entries(&AuditFilter::default(), 9, 4)
            .await
            .unwrap();
        assert!(page.is_empty());
        // Page 0 and a page size of 0 are read as the first page of one.
        let (page, _) = store
            .audit_entries(&AuditFilter::default(), 0, 0)
            .await
            .unwrap();
        assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [11]);

        let count = |filter: AuditFilter| {
            let store = store.clone();
            async move { store.audit_entries(&filter, 1, 100).await.unwrap().1 }
        };
        assert_eq!(
            count(AuditFilter {
                compact: Some(blackpool),
                ..Default::default()
            })
            .await,
            5
        );
        assert_eq!(
            count(AuditFilter {
                compact: Some(wiltshire),
                ..Default::default()
            })
            .await,
            1
        );
        assert_eq!(
            count(AuditFilter {
                actor: Some(by_first.clone()),
                ..Default::default()
            })
            .await,
            4
        );
        assert_eq!(
            count(AuditFilter {
                action_prefix: Some("account.".into()),
                ..Default::default()
            })
            .await,
            9
        );
        assert_eq!(
            count(AuditFilter {
                action_prefix: Some("account.grant".into()),
                ..Default::default()
            })
            .await,
            4
        );
        assert_eq!(
            count(AuditFilter {
                action_prefix: Some("ACCOUNT.".into()),
                ..Default::default()
            })
            .await,
            0
        );
        let subject = format!("ACCOUNT:{}", accounts[1].id);
        assert_eq!(
            count(AuditFilter {
                subject_contains: Some(subject),
                ..Default::default()
            })
            .await,
            2
        );
        assert_eq!(
            count(AuditFilter {
                subject_contains: Some("%".into()),
                ..Default::default()
            })
            .await,
            0
        );
        assert_eq!(
            count(AuditFilter {
                from: Some(start),
                ..Default::default()
            })
            .await,
            9
        );
        assert_eq!(
            count(AuditFilter {
                to: Some(start),
                ..Default::default()
            })
            .await,
            2
        );
        let both = AuditFilter {
            compact: Some(blackpool),
            actor: Some(by_first),
            action_prefix: Some("account.grant".into()),
            from: Some(start),
            to: Some(Utc::now() + Duration::seconds(1)),
            ..Default::default()
        };
        assert_eq!(count(both).await, 4);
    }
);

both_engines!(
    the_database_refuses_to_change_or_delete_entries,
    |store: Store, _url: String| async move {
        store
            .create_compact("wiltshire", "Wiltshire", "", &actor())
            .await
            .unwrap();
        for sql in [
            "UPDATE audit_log SET action = 'nothing.happened' WHERE seq = 1",
            "DELETE FROM audit_log WHERE seq = 1",
        ] {
            let err = execute(&store, sql).await.unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        if store.engine() == compact_store::Engine::Postgres {
            let err = execute(&store, "TRUNCATE audit_log").await.unwrap_err();
            assert!(err.to_string().contains("append-only"), "{err}");
        }
        assert_eq!(all_entries(&store).await[0].action, actions::COMPACT_CREATE);
    }
);

both_engines!(
    a_changed_entry_is_found_by_its_number,
    |store: Store, _url: String| async move {
        for n in 0..5 {
            store
                .create_account(&format!("p{n}@example.org"), "P", "h", &actor())
                .await
                .unwrap();
        }
        tamper_with_audit_entry(&store, 3, "account.nothing").await;
        let check = store.verify_audit().await.unwrap();
        let (seq, reason) = check.first_broken.clone().expect("the change is found");
        assert_eq!(seq, 3, "{reason}");
        assert!(reason.contains("changed"), "{reason}");
        assert_eq!(check.entries_checked, 3);
        assert_eq!(check.last_hash, None);
    }
);

both_engines!(
    a_removed_entry_is_found_where_the_gap_is,
    |store: Store, _url: String| async move {
        for n in 0..5 {
            store
                .create_account(&format!("p{n}@example.org"), "P", "h", &actor())
                .await
                .unwrap();
        }
        tamper_with_audit_entry(&store, 1, "account.create").await; // drops the triggers
        execute(&store, "DELETE FROM audit_log WHERE seq = 2")
            .await
            .unwrap();
        let (seq, reason) = store.verify_audit().await.unwrap().first_broken.unwrap();
        assert_eq!(seq, 3, "{reason}");
        assert!(reason.contains("entry 2 is missing"), "{reason}");
    }
);

both_engines!(
    concurrent_writers_keep_one_unbroken_chain,
    |store: Store, _url: String| async move {
        const TASKS: usize = 8;
        const WRITES: usize = 20;
        let mut handles = Vec::new();
        for t in 0..TASKS {
            let store = store.clone();
            handles.push(tokio::spawn(async move {
                for w in 0..WRITES {
                    store
                        .create_account(&format!("t{t}w{w}@example.org"), "P", "h", &actor())
                        .await
                        .unwrap();
                }
            }));
        }
        for h in handles {
            h.await.unwrap();
        }
        let check = store.verify_audit().await.unwrap();
        assert!(check.is_intact(), "{check:?}");
        assert_eq!(check.entries_checked, (TASKS * WRITES) as u64);
    }
);

both_engines!(
    the_database_refuses_to_replace_entries,
    |store: Store, _url: String| async move {
        store
            .create_compact("wiltshire", "Wiltshire", "", &actor())
            .await
            .unwrap();
        let columns = "seq, compact_id, at, actor, action, subject, before, after, prev_hash, hash";
        let copy =
            "SELECT seq, compact_id, at, actor, 'nothing.happened', subject, before, after, \
             prev_hash, hash FROM audit_log WHERE seq = 1";
        let sql = match store.engine() {
            compact_store::Engine::Sqlite => {
                format!("INSERT OR REPLACE INTO audit_log ({columns}) {copy}")
            }
            compact_store::Engine::Postgres => format!(
                "INSERT INTO audit_log ({columns}) {copy} \
                 ON CONFLICT (seq) DO UPDATE SET action = 'nothing.happened'"
            ),
        };
        let err = execute(&store, &sql).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
        assert_eq!(all_entries(&store).await[0].action, actions::COMPACT_CREATE);
        assert!(store.verify_audit().await.unwrap().is_intact());
    }
);

/// Five accounts made: five entries.
async fn five_entries(store: &Store) {
    for n in 0..5 {
        store
            .create_account(&format!("p{n}@example.org"), "P", "h", &actor())
            .await
            .unwrap();
    }
}

both_engines!(
    a_chain_computed_again_is_caught_by_the_signed_checkpoint,
    |store: Store, _url: String| async move {
        let dir = tempfile::tempdir().unwrap();
        let keys = AuditKeys::open_or_create(dir.path()).unwrap();
        five_entries(&store).await;
        let signed = match store.checkpoint_audit(&keys, Utc::now()).await.unwrap() {
            CheckpointOutcome::Signed(c) => c,
            other => panic!("{other:?}"),
        };
        assert_eq!(signed.seq, 5);
        assert_eq!(
            store.checkpoint_audit(&keys, Utc::now()).await.unwrap(),
            CheckpointOutcome::UpToDate(Some(signed.clone()))
        );
        store
            .create_account("later@example.org", "P", "h", &actor())
            .await
            .unwrap();
        let check = store.verify_audit_with(Some(&keys)).await.unwrap();
        assert!(check.is_intact(), "{:?}", check.problem());
        assert_eq!(check.signed_up_to, Some(signed));

        rewrite_audit_chain_from(&store, 3, "account.nothing").await;
        // The chain alone is fooled ...
        let check = store.verify_audit_with(Some(&keys)).await.unwrap();
        assert_eq!(check.first_broken, None);
        // ... the checkpoint is not, and names the entries concerned.
        let problem = check.checkpoint_broken.expect("the rewrite is found");
        assert_eq!((problem.from, problem.to, problem.removed), (1, 5, false));
        assert!(problem.reason.contains("entry 5"), "{}", problem.reason);
        // Even without the key at hand, the stored checkpoint disagrees.
        assert!(!store.verify_audit().await.unwrap().is_intact());
        // And no checkpoint is signed over the changed log.
        assert!(matches!(
            store.checkpoint_audit(&keys, Utc::now()).await.unwrap(),
            CheckpointOutcome::Refused(_)
        ));
    }
);

both_engines!(
    removing_checkpoints_or_entries_is_caught_by_the_one_beside_the_key,
    |store: Store, _url: String| async move {
        let dir = tempfile::tempdir().unwrap();
        let keys = AuditKeys::open_or_create(dir.path()).unwrap();
        five_entries(&store).await;
        store.checkpoint_audit(&keys, Utc::now()).await.unwrap();
        remove_audit_checkpoints(&store).await;
        rewrite_audit_chain_from(&store, 2, "account.nothing").await;
        let check = store.verify_audit_with(Some(&keys)).await.unwrap();
        let problem = check.checkpoint_broken.expect("found");
        assert!(problem.reason.contains("entry 5"), "{}", problem.reason);
    }
);

both_engines!(
    entries_cut_off_the_end_are_caught,
    |store: Store, _url: String| async move {
        let dir = tempfile::tempdir().unwrap();
        let keys = AuditKeys::open_or_create(dir.path()).unwrap();
        five_entries(&store).await;
        store.checkpoint_audit(&keys, Utc::now()).await.unwrap();
        // Drops the triggers and leaves entry 5 as it was.
        rewrite_audit_chain_from(&store, 5, actions::ACCOUNT_CREATE).await;
        execute(&store, "DELETE FROM audit_log WHERE seq >= 4")
            .await
            .unwrap();
        let check = store.verify_audit_with(Some(&keys)).await.unwrap();
        let problem = check.checkpoint_broken.expect("found");
        assert_eq!((problem.from, problem.to, problem.removed), (4, 5, true));
        assert!(problem.reason.contains("removed"), "{}", problem.reason);
    }
);

both_engines!(
    a_checkpoint_signed_with_another_key_is_not_genuine,
    |store: Store, _url: String| async move {
        let ours = tempfile::tempdir().unwrap();
        let theirs = tempfile::tempdir().unwrap();
        let keys = AuditKeys::open_or_create(ours.path()).unwrap();
        let forger = AuditKeys::open_or_create(theirs.path()).unwrap();
        five_entries(&store).await;
        store.checkpoint_audit(&forger, Utc::now()).await.unwrap();
        let check = store.verify_audit_with(Some(&keys)).await.unwrap();
        let problem = check.checkpoint_broken.expect("found");
        assert!(problem.reason.contains("not genuine"), "{}", problem.reason);
    }
);
