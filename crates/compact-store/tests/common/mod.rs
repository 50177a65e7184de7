//! Helpers shared by the storage tests.

#![allow(dead_code)] // each test file uses its own part of this

use chrono::{DateTime, TimeZone, Utc};
use compact_core::*;
use compact_store::testing::{actor, sample_records};
use compact_store::Store;

/// A Compact with the sample records: (its id, the council, the charity).
pub async fn compact_with_organisations(
    store: &Store,
    slug: &str,
) -> (CompactId, OrganisationId, OrganisationId) {
    let compact = store
        .create_compact(slug, slug, "", &actor())
        .await
        .unwrap();
    let saved = store
        .save_records(compact, &sample_records(), &actor())
        .await
        .unwrap();
    (
        compact,
        saved.organisations[&OrganisationId(1)],
        saved.organisations[&OrganisationId(2)],
    )
}

pub fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, hour, minute, 0).unwrap()
}
