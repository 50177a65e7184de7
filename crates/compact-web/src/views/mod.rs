//! What the pages and the JSON API both show, worked out once, so the API
//! never shows more (or other) than the page does.

pub mod register;

use compact_app::CompactFindings;
use compact_core::access::Viewer;
use compact_core::rules::{Finding, Severity};
use compact_core::{AccountId, Date};
use compact_store::{Account, Actor, AuditEntry, Store};
use std::collections::HashMap;

/// A Compact's findings today, as one viewer may see them.
pub struct FindingsView<'f> {
    pub as_of: Date,
    /// Every finding counted by severity, confidential ones included:
    /// breach, advisory, due.
    pub counts: [usize; 3],
    /// The findings this viewer may read, in report order.
    pub visible: Vec<&'f Finding>,
    /// How many confidential findings were counted but left out.
    pub hidden: usize,
}

impl<'f> FindingsView<'f> {
    /// What `viewer` may read of the Compact's findings (worked out once by
    /// [`compact_app::App::findings`]; who may read what is decided by
    /// `compact_core::access::may_see_finding`).
    pub fn of(findings: &'f CompactFindings, viewer: &Viewer) -> FindingsView<'f> {
        let visible: Vec<&Finding> = findings
            .all
            .iter()
            .filter(|f| findings.may_see(viewer, f))
            .collect();
        FindingsView {
            as_of: findings.as_of,
            counts: findings.counts,
            hidden: findings.all.len() - visible.len(),
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
