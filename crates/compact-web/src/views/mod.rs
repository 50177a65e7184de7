//! What the pages and the JSON API both show, worked out once, so the API
//! never shows more (or other) than the page does.

pub mod register;

use compact_core::access::{Action, Viewer};
use compact_core::definition::Definition;
use compact_core::model::Records;
use compact_core::rules::{self, Finding, RecordRef, Severity};
use compact_core::{AccountId, CompactId, Date};
use compact_store::{Account, Actor, AuditEntry, Store};
use std::collections::HashMap;

/// A Compact's findings today, as one viewer may see them.
pub struct FindingsView {
    pub as_of: Date,
    /// Every finding counted by severity, confidential ones included:
    /// breach, advisory, due.
    pub counts: [usize; 3],
    /// The findings this viewer may read, in report order.
    pub visible: Vec<Finding>,
    /// How many confidential findings were counted but left out.
    pub hidden: usize,
}

impl FindingsView {
    pub fn on(
        as_of: Date,
        definition: &Definition,
        records: &Records,
        compact: CompactId,
        viewer: &Viewer,
    ) -> FindingsView {
        let all = rules::check(definition, records, as_of);
        let mut counts = [0usize; 3];
        for f in &all {
            counts[severity_index(f.severity)] += 1;
        }
        let total = all.len();
        let visible: Vec<Finding> = all
            .into_iter()
            .filter(|f| may_see(viewer, compact, records, f))
            .collect();
        FindingsView {
            as_of,
            counts,
            hidden: total - visible.len(),
            visible,
        }
    }

    /// Breaches among the findings this viewer may read.
    pub fn visible_breaches(&self) -> usize {
        self.visible
            .iter()
            .filter(|f| f.severity == Severity::Breach)
            .count()
    }
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Breach => 0,
        Severity::Advisory => 1,
        Severity::Due => 2,
    }
}

/// Whether `viewer` may see this finding: public ones are for everyone;
/// a confidential one (about a dispute) only for those who oversee every
/// finding and for the two parties to the dispute.
pub fn may_see(viewer: &Viewer, compact: CompactId, records: &Records, finding: &Finding) -> bool {
    if !finding.confidential {
        return true;
    }
    if viewer.may(compact, Action::ReadAllFindings) {
        return true;
    }
    let RecordRef::Dispute(id) = finding.subject.record else {
        return false;
    };
    records
        .disputes
        .iter()
        .find(|d| d.id == id)
        .is_some_and(|d| {
            viewer.may(compact, Action::ReadOrganisationFindings(d.raised_by))
                || viewer.may(compact, Action::ReadOrganisationFindings(d.against))
        })
}

/// The accounts behind a page of audit entries, each read once.
pub async fn audit_accounts(
    store: &Store,
    entries: &[AuditEntry],
) -> compact_store::Result<HashMap<AccountId, Account>> {
    let mut accounts = HashMap::new();
    for entry in entries {
        if let Actor::Account(id) = entry.actor {
            if accounts.contains_key(&id) {
                continue;
            }
            if let Some(account) = store.account(id).await? {
                accounts.insert(id, account);
            }
        }
    }
    Ok(accounts)
}
