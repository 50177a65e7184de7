//! The register's reads, kept per Compact and data version.
//!
//! A page of the register is a few indexed queries, but counting a search
//! over a register of 200,000 organisations still reads every one of them.
//! The same pages are asked for again and again (the register as it is
//! today, its first pages, the counts by sector), and their answers only
//! change when the Compact's data version does; so each answer is kept
//! under the version it was read at, and dropped as soon as the version
//! moves on. How many searches are kept per Compact is bounded.

use crate::App;
use compact_core::definition::Sector;
use compact_core::register::{growth, GrowthPoint};
use compact_core::{CompactId, Date, OrganisationId};
use compact_store::{
    FundingOf, LedConsultation, RegisterEntry, RegisterPage, RegisterQuery, Result, Store,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// How many different searches (with their page) are kept per Compact;
/// past that, the kept ones are forgotten and kept again as asked.
const MAX_PAGES: usize = 256;

/// How many organisations' pages are kept per Compact (a few kilobytes
/// each).
const MAX_ORGANISATIONS: usize = 4096;

/// What is kept for one Compact at one data version.
#[derive(Default)]
struct Kept {
    version: i64,
    /// By search and page (their `Debug` text: every field, in order).
    pages: HashMap<String, Arc<RegisterPage>>,
    by_sector: HashMap<Date, [(Sector, usize); 3]>,
    areas: Option<Arc<Vec<String>>>,
    growth: HashMap<Date, Arc<Vec<GrowthPoint>>>,
    /// By organisation and date.
    organisations: HashMap<(OrganisationId, Date), Arc<Option<OrganisationReads>>>,
}

/// What an organisation's page reads about it in one Compact, apart from
/// its sign-ups to other Compacts (those change with the other Compacts'
/// versions, so they are read on every request).
#[derive(Debug)]
pub struct OrganisationReads {
    pub entry: RegisterEntry,
    /// The Compact whose register it was entered in.
    pub home: Option<CompactId>,
    pub consultations: Vec<LedConsultation>,
    pub funding: Vec<FundingOf>,
}

/// The register's answers of each Compact at the version last read.
#[derive(Default)]
pub struct RegisterCache {
    kept: Mutex<HashMap<CompactId, Kept>>,
}

impl RegisterCache {
    fn lock(&self) -> MutexGuard<'_, HashMap<CompactId, Kept>> {
        // A panic while holding the lock leaves a plain cache, still correct.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Read from what is kept for `compact` at `version`, if that is what
    /// is kept.
    fn read<T>(
        &self,
        compact: CompactId,
        version: i64,
        f: impl FnOnce(&Kept) -> Option<T>,
    ) -> Option<T> {
        self.lock()
            .get(&compact)
            .filter(|k| k.version == version)
            .and_then(f)
    }

    /// Keep something read at `version`, forgetting what was kept at any
    /// other version (as the findings do: see `FindingsCache::keep`).
    fn keep(&self, compact: CompactId, version: i64, f: impl FnOnce(&mut Kept)) {
        let mut kept = self.lock();
        let entry = kept.entry(compact).or_default();
        if entry.version != version {
            *entry = Kept {
                version,
                ..Kept::default()
            };
        }
        f(entry);
    }
}

/// The register of one Compact as of one data version: each read comes
/// from the cache when it was read at this version before.
pub struct RegisterReads<'a> {
    store: &'a Store,
    cache: &'a RegisterCache,
    compact: CompactId,
    version: i64,
}

impl App {
    /// The register of `compact`, read at its current data version.
    pub async fn register(&self, compact: CompactId) -> Result<RegisterReads<'_>> {
        Ok(RegisterReads {
            store: &self.store,
            cache: &self.register,
            compact,
            version: self.data_version(compact).await?,
        })
    }
}

impl RegisterReads<'_> {
    /// See [`Store::register_page`].
    pub async fn page(
        &self,
        query: &RegisterQuery,
        offset: u64,
        limit: u64,
    ) -> Result<Arc<RegisterPage>> {
        let key = format!("{query:?} {offset} {limit}");
        if let Some(page) = self
            .cache
            .read(self.compact, self.version, |k| k.pages.get(&key).cloned())
        {
            return Ok(page);
        }
        let page = Arc::new(
            self.store
                .register_page(self.compact, query, offset, limit)
                .await?,
        );
        self.cache.keep(self.compact, self.version, |k| {
            if k.pages.len() >= MAX_PAGES {
                k.pages.clear();
            }
            k.pages.insert(key, page.clone());
        });
        Ok(page)
    }

    /// See [`Store::signatories_by_sector`].
    pub async fn signatories_by_sector(&self, on: Date) -> Result<[(Sector, usize); 3]> {
        if let Some(counts) = self.cache.read(self.compact, self.version, |k| {
            k.by_sector.get(&on).copied()
        }) {
            return Ok(counts);
        }
        let counts = self.store.signatories_by_sector(self.compact, on).await?;
        self.cache.keep(self.compact, self.version, |k| {
            if k.by_sector.len() >= MAX_PAGES {
                k.by_sector.clear();
            }
            k.by_sector.insert(on, counts);
        });
        Ok(counts)
    }

    /// See [`Store::areas_of_work`].
    pub async fn areas_of_work(&self) -> Result<Arc<Vec<String>>> {
        if let Some(areas) = self
            .cache
            .read(self.compact, self.version, |k| k.areas.clone())
        {
            return Ok(areas);
        }
        let areas = Arc::new(self.store.areas_of_work(self.compact).await?);
        self.cache.keep(self.compact, self.version, |k| {
            k.areas = Some(areas.clone())
        });
        Ok(areas)
    }

    /// Organisation `id` of this register on `on` with what its page shows
    /// of this Compact; `None` when it is not in the register. Its details
    /// are kept under this Compact's version even though its home may be
    /// another Compact: a change to an organisation's details raises every
    /// Compact's version.
    pub async fn organisation(
        &self,
        id: OrganisationId,
        on: Date,
    ) -> Result<Arc<Option<OrganisationReads>>> {
        let key = (id, on);
        if let Some(found) = self.cache.read(self.compact, self.version, |k| {
            k.organisations.get(&key).cloned()
        }) {
            return Ok(found);
        }
        let found = match self.store.register_entry(self.compact, id, on).await? {
            None => None,
            Some(entry) => Some(OrganisationReads {
                entry,
                home: self.store.organisation_home(id).await?,
                consultations: self.store.consultations_led_by(self.compact, id).await?,
                funding: self.store.funding_of(self.compact, id).await?,
            }),
        };
        let found = Arc::new(found);
        self.cache.keep(self.compact, self.version, |k| {
            if k.organisations.len() >= MAX_ORGANISATIONS {
                k.organisations.clear();
            }
            k.organisations.insert(key, found.clone());
        });
        Ok(found)
    }

    /// How the register grew up to `on` (the core's `growth` of the
    /// Compact's sign-ups, read with [`Store::signup_dates`]).
    pub async fn growth(&self, on: Date) -> Result<Arc<Vec<GrowthPoint>>> {
        if let Some(points) = self
            .cache
            .read(self.compact, self.version, |k| k.growth.get(&on).cloned())
        {
            return Ok(points);
        }
        let signups = self.store.signup_dates(self.compact).await?;
        let points = Arc::new(growth(&signups, on));
        self.cache.keep(self.compact, self.version, |k| {
            if k.growth.len() >= MAX_PAGES {
                k.growth.clear();
            }
            k.growth.insert(on, points.clone());
        });
        Ok(points)
    }
}
