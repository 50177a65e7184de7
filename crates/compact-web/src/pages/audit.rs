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
use compact_app::audit::ChainStatus;
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
    /// What the newest signed checkpoint vouches for, or that none does.
    signed: String,
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
    let chain = state
        .app
        .audit_chain_status(&visit.acting(), &slug)
        .await
        .map_err(|e| PageError::from_app(&visit, e))?;
    let (status, intact, signed) = chain_status(&t, &chain);
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
        signed,
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

/// What the check of the log found for this Compact, whether it is
/// intact, and what a signed checkpoint vouches for.
fn chain_status(t: &Tr, chain: &ChainStatus) -> (String, bool, String) {
    match chain {
        ChainStatus::Intact {
            entries,
            signed_up_to,
            ..
        } => (
            t.with("audit-intact", &[("count", Arg::Number(*entries as i64))]),
            true,
            match signed_up_to {
                Some(c) => t.with(
                    "audit-signed",
                    &[
                        ("seq", c.seq.into()),
                        ("date", t.date(&calendar::london_date(c.at)).into()),
                    ],
                ),
                None => t.get("audit-unsigned"),
            },
        ),
        ChainStatus::Broken {
            from, to, reason, ..
        } => (
            t.with(
                "audit-broken",
                &[
                    ("from", (*from).into()),
                    ("to", (*to).into()),
                    ("reason", reason.clone().into()),
                ],
            ),
            false,
            String::new(),
        ),
    }
}

/// `GET /audit/checkpoint.json`: the newest signed checkpoint of the audit
/// log and the key that signs them. Anyone may keep a copy; `compact audit
/// verify --checkpoint FILE` later shows whether the log still holds it.
pub async fn published_checkpoint(State(state): State<AppState>) -> Response {
    use axum::http::{header, HeaderValue, StatusCode};
    let checkpoint = match state.app.latest_audit_checkpoint().await {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %compact_app::error_chain(&e), "cannot read the audit checkpoint");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let body = serde_json::json!({
        "public_key": state.app.audit_public_key(),
        "checkpoint": checkpoint,
    });
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        body.to_string(),
    )
        .into_response()
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
