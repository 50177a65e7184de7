//! The rules engine's findings, worked out once per Compact, data version
//! and date, and shared by every page and API call that shows them.
//!
//! Findings are derived data: the same records on the same date give the
//! same findings. Every write raises the Compact's data version in its own
//! transaction (see `compact_store`'s audit log), so a cached answer is good
//! for as long as the version it was computed at is the current one. Each
//! request reads the version (one indexed row), which is how a server sees
//! another server's write on the same database. Only the answer last worked
//! out per Compact is kept, so the cache holds at most one set of findings
//! per Compact; the records themselves are dropped once the findings are
//! made.

use crate::App;
use compact_core::access::{may_see_finding, Viewer};
use compact_core::definition::DefinitionError;
use compact_core::register::FindingParties;
use compact_core::rules::{self, Finding, Severity};
use compact_core::{CompactId, Date, OrganisationId};
use compact_store::{StoreError, StoredCompact};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Why the findings could not be worked out.
#[derive(Debug, thiserror::Error)]
pub enum FindingsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Definition(#[from] DefinitionError),
}

/// Every finding of one Compact on one date, with what deciding who may see
/// each, and whom each is about, needs.
#[derive(Debug)]
pub struct CompactFindings {
    pub compact: CompactId,
    /// The data version the findings were worked out at.
    pub version: i64,
    pub as_of: Date,
    /// Every finding, confidential ones included, in report order.
    pub all: Vec<Finding>,
    /// Every finding counted by severity: breach, advisory, due.
    pub counts: [usize; 3],
    /// For each finding of `all`, the organisations it is about.
    about: Vec<Vec<OrganisationId>>,
    parties: FindingParties,
}

impl CompactFindings {
    /// Work out the findings of `records` (pure: the cache calls this).
    pub fn compute(
        compact: CompactId,
        version: i64,
        as_of: Date,
        definition: &compact_core::definition::Definition,
        records: &compact_core::model::Records,
    ) -> CompactFindings {
        let all = rules::check(definition, records, as_of);
        let parties = FindingParties::new(records);
        let mut counts = [0usize; 3];
        for f in &all {
            counts[severity_index(f.severity)] += 1;
        }
        CompactFindings {
            compact,
            version,
            as_of,
            about: all.iter().map(|f| parties.of(f)).collect(),
            all,
            counts,
            parties,
        }
    }

    /// Whether `viewer` may read `finding` (one of these).
    pub fn may_see(&self, viewer: &Viewer, finding: &Finding) -> bool {
        may_see_finding(viewer, self.compact, finding, |d| self.parties.dispute(d))
    }

    /// The findings `viewer` may read, in report order.
    pub fn visible<'a>(&'a self, viewer: &'a Viewer) -> impl Iterator<Item = &'a Finding> + 'a {
        self.all.iter().filter(move |f| self.may_see(viewer, f))
    }

    /// The findings about `organisation` that `viewer` may read.
    pub fn about<'a>(
        &'a self,
        organisation: OrganisationId,
        viewer: &'a Viewer,
    ) -> impl Iterator<Item = &'a Finding> + 'a {
        self.all
            .iter()
            .zip(&self.about)
            .filter(move |(_, about)| about.contains(&organisation))
            .map(|(f, _)| f)
            .filter(move |f| self.may_see(viewer, f))
    }
}

pub fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Breach => 0,
        Severity::Advisory => 1,
        Severity::Due => 2,
    }
}

/// The findings of each Compact last worked out.
#[derive(Default)]
pub struct FindingsCache {
    latest: Mutex<HashMap<CompactId, Arc<CompactFindings>>>,
    /// One lock per Compact, held while its findings are worked out, so a
    /// burst of requests after a write loads the records once rather than
    /// once per request (which would also multiply the memory it takes).
    working: Mutex<HashMap<CompactId, Arc<tokio::sync::Mutex<()>>>>,
}

impl FindingsCache {
    fn cached(
        &self,
        compact: CompactId,
        version: i64,
        as_of: Date,
    ) -> Option<Arc<CompactFindings>> {
        lock(&self.latest)
            .get(&compact)
            .filter(|f| f.version == version && f.as_of == as_of)
            .cloned()
    }

    fn keep(&self, findings: Arc<CompactFindings>) {
        // The last worked out wins, even if a slower request had read an
        // older version: the next request then works them out once more.
        // Versions only grow, except when a backup is restored under a
        // running server; keeping "the newest" would then keep findings no
        // request can use.
        lock(&self.latest).insert(findings.compact, findings);
    }

    fn working_lock(&self, compact: CompactId) -> Arc<tokio::sync::Mutex<()>> {
        lock(&self.working).entry(compact).or_default().clone()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves a plain cache, still correct.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl App {
    /// The findings of `compact` today, from the cache when nothing was
    /// written to it since they were worked out.
    pub async fn findings(
        &self,
        compact: &StoredCompact,
    ) -> Result<Arc<CompactFindings>, FindingsError> {
        let as_of = self.clock.today();
        let version = self.data_version(compact.id).await?;
        if let Some(found) = self.findings.cached(compact.id, version, as_of) {
            return Ok(found);
        }
        let working = self.findings.working_lock(compact.id);
        let _turn = working.lock().await;
        // Someone else may have worked them out while this request waited.
        if let Some(found) = self.findings.cached(compact.id, version, as_of) {
            return Ok(found);
        }
        let definition = self.definitions.get(&compact.slug, &compact.definition)?;
        // Records written after the version was read only make these
        // findings newer than their version says; the next request reads
        // the new version and works them out again.
        let records = self.store.load_records(compact.id).await?;
        let findings = Arc::new(CompactFindings::compute(
            compact.id,
            version,
            as_of,
            &definition,
            &records,
        ));
        drop(records);
        self.findings.keep(findings.clone());
        Ok(findings)
    }
}
