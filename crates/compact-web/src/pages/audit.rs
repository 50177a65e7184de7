//! The audit log page, for the secretariat: every change to the Compact's
//! records, newest first, with filters, and whether the chain of
//! fingerprints is intact.

use super::{forms, load_compact, render, OrInternal, PageError};
use crate::frame::{Frame, InCompact, Section};
use crate::i18n::{Arg, Tr};
use crate::routes;
use crate::session::Visit;
use crate::views::audit_accounts;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use compact_core::access::Action;
use compact_core::calendar;
use compact_store::{Actor, AuditFilter};
use serde::Deserialize;

const PER_PAGE: u32 = 50;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    who: String,
    #[serde(default)]
    what: String,
    page: Option<u32>,
}

pub struct EntryRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub subject: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    frame: Frame,
    status: String,
    intact: bool,
    who: String,
    what: String,
    rows: Vec<EntryRow>,
    pagination: Option<crate::components::Pagination>,
}

pub async fn audit(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    if visit.signed_in.is_none() {
        return Ok(Redirect::to(&routes::sign_in()).into_response());
    }
    let loaded = load_compact(&state, &visit, &slug).await?;
    if !visit.viewer().may(loaded.stored.id, Action::ReadAuditLog) {
        return Err(PageError::forbidden(&visit));
    }
    let t = Tr::new(visit.lang);
    // "Who" is an email address: people know each other by it, not by
    // account numbers. An address with no account matches nothing.
    let actor = match non_empty(&query.who) {
        None => None,
        Some(email) => Some(
            state
                .app
                .store
                .account_by_email(&email)
                .await
                .or_internal(&visit)?
                .map(|(account, _)| Actor::Account(account.id)),
        ),
    };
    let filter = AuditFilter {
        compact: Some(loaded.stored.id),
        actor: actor.clone().flatten(),
        action_prefix: non_empty(&query.what),
        ..AuditFilter::default()
    };
    let page = query.page.unwrap_or(1).max(1);
    let (entries, total) = match actor {
        Some(None) => (Vec::new(), 0),
        _ => state
            .app
            .store
            .audit_entries(&filter, page, PER_PAGE)
            .await
            .or_internal(&visit)?,
    };
    let accounts = audit_accounts(&state.app.store, &entries)
        .await
        .or_internal(&visit)?;
    let verification = state.app.store.verify_audit().await.or_internal(&visit)?;
    let (status, intact) = chain_status(&t, &verification);
    let rows = entries
        .into_iter()
        .map(|e| entry_row(&t, &accounts, e))
        .collect();
    let pages = (total as u32).div_ceil(PER_PAGE).max(1);
    let pagination = forms::pagination(&t, page, pages, |n| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("who", &query.who)
            .append_pair("what", &query.what)
            .append_pair("page", &n.to_string());
        routes::audit_with(&slug, &q.finish())
    });
    let frame = Frame::new(
        &visit,
        t.get("audit-title"),
        Some(InCompact {
            slug: &slug,
            name: &loaded.stored.name,
        }),
        Section::Audit,
    );
    Ok(render(&AuditPage {
        frame,
        status,
        intact,
        who: query.who,
        what: query.what,
        rows,
        pagination,
    }))
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// What the check of the chain found, and whether it is intact.
fn chain_status(t: &Tr, verification: &compact_store::AuditVerification) -> (String, bool) {
    match &verification.first_broken {
        None => (
            t.with(
                "audit-intact",
                &[("count", Arg::Number(verification.entries_checked as i64))],
            ),
            true,
        ),
        Some((seq, reason)) => (
            t.with(
                "audit-broken",
                &[("seq", (*seq).into()), ("reason", reason.clone().into())],
            ),
            false,
        ),
    }
}

/// One entry as the table shows it: when (London time), who (by name and
/// address when an account), what and about what.
fn entry_row(
    t: &Tr,
    accounts: &std::collections::HashMap<compact_core::AccountId, compact_store::Account>,
    e: compact_store::AuditEntry,
) -> EntryRow {
    EntryRow {
        when: format!(
            "{} {}",
            t.date(&calendar::london_date(e.at)),
            e.at.with_timezone(&chrono_tz::Europe::London)
                .format("%H:%M:%S")
        ),
        who: match &e.actor {
            Actor::Account(id) => accounts
                .get(id)
                .map(|a| format!("{} ({})", a.name, a.email)),
            Actor::System(_) => None,
        }
        .unwrap_or_else(|| e.actor.to_string()),
        what: e.action,
        subject: e.subject,
    }
}
