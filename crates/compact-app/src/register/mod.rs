//! The register's use cases: entering an organisation and changing its
//! details, signing it up (recorded by the secretariat, or asked for by its
//! own people), deciding a request, naming the Compact champion, recording
//! a withdrawal, and importing a file of organisations.
//!
//! Each reads only the organisation it is about (never the whole
//! register), decides with the core, and writes through the store, which
//! checks again under the write lock what another writer could have
//! changed meanwhile.

mod changes;
mod import;

pub use changes::{Decision, InForce, SignUpRef, SignUpTarget, SignedUp};
pub use import::read_import;

use crate::{App, Error, Result};
use compact_core::definition::Definition;
use compact_core::model::{Organisation, Records, Signatory};
use compact_core::refusal::{Missing, Refusal};
use compact_core::{CompactId, Date, OrganisationId};
use compact_store::StoredCompact;
use std::sync::Arc;

/// A stored Compact with its definition read back. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub stored: Arc<StoredCompact>,
    pub definition: Arc<Definition>,
}

impl Loaded {
    pub fn id(&self) -> CompactId {
        self.stored.id
    }

    /// The edition of the Compact that a sign-up today agrees to.
    pub fn edition(&self) -> &str {
        &self.definition.identity.edition
    }
}

/// One organisation of a register, with its sign-ups to that Compact.
#[derive(Debug, Clone)]
pub struct RegisterEntry {
    pub organisation: Organisation,
    /// The Compact whose register it was entered in.
    pub home: CompactId,
    /// Its sign-ups to this Compact, oldest first.
    pub sign_ups: Vec<Signatory>,
}

impl RegisterEntry {
    /// The sign-up in force on `on`, if any.
    pub fn in_force(&self, on: Date) -> Option<&Signatory> {
        self.sign_ups.iter().find(|s| s.is_current_on(on))
    }

    fn from_records(mut records: Records, home: CompactId) -> Option<RegisterEntry> {
        let organisation = records.organisations.pop()?;
        Some(RegisterEntry {
            organisation,
            home,
            sign_ups: records.signatories,
        })
    }
}

impl App {
    /// The Compact at `slug`, with its definition. A Compact, once
    /// created, is never changed or removed (a new edition is a new
    /// Compact), so it is read from the database once and kept.
    pub async fn compact(&self, slug: &str) -> Result<Loaded> {
        if let Some(loaded) = self.compacts.get(slug) {
            return Ok(loaded);
        }
        let stored = self
            .store
            .find_compact(slug)
            .await?
            .ok_or(Refusal::NotFound(Missing::Compact))?;
        let definition = self
            .definitions
            .get(slug, &stored.definition)
            .map_err(|source| Error::Definition {
                slug: slug.to_string(),
                source,
            })?;
        let loaded = Loaded {
            stored: Arc::new(stored),
            definition,
        };
        self.compacts.keep(slug, &loaded);
        Ok(loaded)
    }

    /// The organisation `id` of the register of `compact`: those entered
    /// in it and those signed up to it from elsewhere.
    pub async fn register_entry(
        &self,
        compact: &Loaded,
        id: OrganisationId,
    ) -> Result<RegisterEntry> {
        self.store
            .organisation_in_register(compact.id(), id)
            .await?
            .and_then(|(records, home)| RegisterEntry::from_records(records, home))
            .ok_or(Error::Refused(Refusal::NotFound(Missing::Organisation)))
    }
}
