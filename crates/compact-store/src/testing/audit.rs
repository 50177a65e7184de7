//! Tampering with the audit log as someone with direct access to the
//! database could, so tests can show the log and its checkpoints catch it.

use super::execute;
use crate::Store;

/// The append-only triggers of the log, per engine.
const LOG_TRIGGERS: Triggers = Triggers {
    sqlite: &[
        "DROP TRIGGER IF EXISTS audit_log_no_update",
        "DROP TRIGGER IF EXISTS audit_log_no_delete",
        "DROP TRIGGER IF EXISTS audit_log_no_replace",
    ],
    postgres: &[
        "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
        "DROP TRIGGER IF EXISTS audit_log_no_replace ON audit_log",
    ],
};

/// The trigger that keeps checkpoints from being deleted, per engine.
const CHECKPOINT_TRIGGERS: Triggers = Triggers {
    sqlite: &["DROP TRIGGER IF EXISTS audit_checkpoints_no_delete"],
    postgres: &["DROP TRIGGER IF EXISTS audit_checkpoints_append_only ON audit_checkpoints"],
};

struct Triggers {
    sqlite: &'static [&'static str],
    postgres: &'static [&'static str],
}

/// Drop `triggers` on the store's engine; they stay dropped.
async fn drop_triggers(store: &Store, triggers: &Triggers) {
    let drops = match store.engine() {
        crate::Engine::Sqlite => triggers.sqlite,
        crate::Engine::Postgres => triggers.postgres,
    };
    for sql in drops {
        execute(store, sql)
            .await
            .expect("drop an append-only trigger");
    }
}

/// Change audit entry `seq`'s action behind the store's back, as someone
/// with direct access to the database could: drop the append-only triggers
/// (they stay dropped) and rewrite the row.
pub async fn tamper_with_audit_entry(store: &Store, seq: i64, action: &str) {
    drop_triggers(store, &LOG_TRIGGERS).await;
    let action = action.replace('\'', "''");
    let changed = execute(
        store,
        &format!("UPDATE audit_log SET action = '{action}' WHERE seq = {seq}"),
    )
    .await
    .expect("rewrite the audit entry");
    assert_eq!(changed, 1, "there is no audit entry {seq} to tamper with");
}

/// What someone who can write the database could do to hide a change:
/// drop the append-only triggers, change entry `seq`'s action, and compute
/// every hash from there on again, so the chain alone still verifies.
pub async fn rewrite_audit_chain_from(store: &Store, seq: i64, action: &str) {
    drop_triggers(store, &LOG_TRIGGERS).await;
    let rows: Vec<crate::audit::AuditRow> = crate::with_pool!(store, pool => {
        sqlx::query_as(
            "SELECT seq, compact_id, at, actor, action, subject, before, after, prev_hash, hash \
             FROM audit_log WHERE seq >= $1 ORDER BY seq",
        )
        .bind(seq)
        .fetch_all(pool)
        .await
        .unwrap()
    });
    let mut prev = rows.first().expect("an entry to rewrite").prev_hash.clone();
    for mut row in rows {
        if row.seq == seq {
            row.action = action.to_string();
        }
        let hash = row.hashed().hash(&prev);
        crate::with_pool!(store, pool => {
            sqlx::query("UPDATE audit_log SET action = $2, prev_hash = $3, hash = $4 WHERE seq = $1")
                .bind(row.seq).bind(&row.action).bind(&prev).bind(&hash)
                .execute(pool).await.unwrap();
        });
        prev = hash;
    }
}

/// Remove audit checkpoints from the database, as someone hiding a
/// rewritten log would.
pub async fn remove_audit_checkpoints(store: &Store) {
    drop_triggers(store, &CHECKPOINT_TRIGGERS).await;
    execute(store, "DELETE FROM audit_checkpoints")
        .await
        .unwrap();
}
