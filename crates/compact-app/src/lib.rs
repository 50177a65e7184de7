//! Compact's use cases.
//!
//! Each thing a user does (enter an organisation, sign it up, decide a
//! request, name a champion, record a withdrawal, import a file) is one
//! method of [`App`]. It takes the acting account and the input, reads
//! today's date from the application's [`Clock`], loads only what the
//! decision needs, asks the core to decide (access in
//! `compact_core::access`, the rules of the register in
//! `compact_core::register`), and writes the change with its audit entry
//! and a new data version in one transaction. It answers with the outcome or
//! a typed [`Refusal`].
//!
//! The pages, the JSON API and the `compact` command only translate: they
//! read a request into the input, call the use case, and render what comes
//! back. So a refusal is decided once, and answered the same way by each.

pub mod accounts;
mod acting;
pub mod audit;
mod clock;
pub mod consultations;
pub mod definitions;
mod error;
pub mod findings;
pub mod funding;
pub mod grants;
pub mod register;
pub mod register_reads;
pub mod spreadsheets;
mod versions;

pub use acting::Acting;
pub use clock::Clock;
pub use definitions::DefinitionCache;
pub use error::{error_chain, Error, Result};
pub use findings::{CompactFindings, FindingsCache, FindingsError};
pub use register_reads::{OrganisationReads, RegisterCache, RegisterReads};

use compact_store::Store;
use std::sync::Arc;

/// What every use case reaches: the database, the clock, the parsed
/// definitions, and the findings and register reads kept per data version.
/// Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub definitions: Arc<DefinitionCache>,
    pub findings: Arc<FindingsCache>,
    pub register: Arc<RegisterCache>,
    /// The Compacts read so far, by slug (see [`App::compact`]).
    compacts: Arc<KnownCompacts>,
    /// Reads of each Compact's data version, shared by requests that
    /// arrive together (see `versions.rs`).
    versions: Arc<versions::Versions>,
    /// The last check of the audit log, and the key that signs checkpoints.
    audit: Arc<audit::AuditWatch>,
}

/// Compacts never change once created, so each is read once.
#[derive(Default)]
struct KnownCompacts {
    by_slug: std::sync::RwLock<std::collections::HashMap<String, register::Loaded>>,
}

impl KnownCompacts {
    fn get(&self, slug: &str) -> Option<register::Loaded> {
        let known = self.by_slug.read().unwrap_or_else(|e| e.into_inner());
        known.get(slug).cloned()
    }

    fn keep(&self, slug: &str, loaded: &register::Loaded) {
        let mut known = self.by_slug.write().unwrap_or_else(|e| e.into_inner());
        known.insert(slug.to_string(), loaded.clone());
    }
}

impl App {
    /// The data version of `compact`, as of a moment after this call began:
    /// whatever was committed before it is counted.
    pub async fn data_version(
        &self,
        compact: compact_core::CompactId,
    ) -> compact_store::Result<i64> {
        self.versions.current(&self.store, compact).await
    }

    pub fn new(store: Store, clock: Clock) -> App {
        App {
            store,
            clock,
            definitions: Arc::default(),
            findings: Arc::default(),
            register: Arc::default(),
            compacts: Arc::default(),
            versions: Arc::default(),
            audit: Arc::default(),
        }
    }
}
