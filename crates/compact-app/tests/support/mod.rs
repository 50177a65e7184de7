//! Helpers the use-case tests share. Each test file uses some of them.
#![allow(dead_code)]

use compact_app::Acting;
use compact_core::access::{Grant, Role, Viewer};
use compact_core::definition::shipped;
use compact_core::{AccountId, CompactId, OrganisationId};
use compact_store::testing::actor;
use compact_store::{AuditFilter, Store};

/// A signed-in account holding one role in `compact`.
pub fn account(id: i64, compact: CompactId, role: Role, org: Option<OrganisationId>) -> Acting {
    Acting::account(
        AccountId(id),
        Viewer::account(vec![Grant::new(compact, role, org).unwrap()]),
    )
}

/// How many audit entries have an action starting with `prefix`.
pub async fn audited(store: &Store, prefix: &str) -> u64 {
    let filter = AuditFilter {
        action_prefix: Some(prefix.into()),
        ..AuditFilter::default()
    };
    store.audit_entries(&filter, 1, 1).await.unwrap().1
}

/// The Wiltshire Compact, created in `store` from its shipped definition.
pub async fn wiltshire(store: &Store) -> CompactId {
    store
        .create_compact(
            "wiltshire",
            "Wiltshire Compact",
            shipped("wiltshire").unwrap(),
            &actor(),
        )
        .await
        .unwrap()
}
