//! The consultation feeds, for anyone and any feed reader: an Atom feed of
//! consultations published and feedback given, and an iCalendar file of
//! closing dates and feedback due dates, for a Compact or one lead.
//!
//! What a feed holds is decided in `compact_app::consultations`; here it
//! is only written out, by `atom_syndication` and `icalendar`, so the
//! escaping, dates and line folding are theirs. Links are absolute (from
//! the public address in the settings): a feed is read away from the site.

use crate::i18n::{Arg, Lang, Tr};
use crate::{routes, AppState};
use atom_syndication::{Entry, Feed, Link, Person, Text};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use compact_app::consultations::{ConsultationFeed, Deadline, News};
use compact_core::OrganisationId;
use icalendar::{Calendar, Component, EventLike};
use serde::Deserialize;

const ATOM: &str = "application/atom+xml";
const ICS: &str = "text/calendar; charset=utf-8";

/// A feed's words are English unless `?lang=cy` asks for Welsh: a feed
/// reader sends no cookie to carry the visitor's choice.
#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    lang: Option<String>,
}

impl FeedQuery {
    fn tr(&self) -> Tr {
        Tr::new(
            self.lang
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or(Lang::En),
        )
    }
}

pub async fn compact_atom(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<FeedQuery>,
) -> Response {
    respond(&state, &slug, None, ATOM, |f| atom(&state, &q.tr(), f)).await
}

pub async fn compact_ics(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<FeedQuery>,
) -> Response {
    respond(&state, &slug, None, ICS, |f| ics(&state, &q.tr(), f)).await
}

pub async fn lead_atom(
    State(state): State<AppState>,
    Path((slug, lead)): Path<(String, i64)>,
    Query(q): Query<FeedQuery>,
) -> Response {
    let lead = Some(OrganisationId(lead));
    respond(&state, &slug, lead, ATOM, |f| atom(&state, &q.tr(), f)).await
}

pub async fn lead_ics(
    State(state): State<AppState>,
    Path((slug, lead)): Path<(String, i64)>,
    Query(q): Query<FeedQuery>,
) -> Response {
    let lead = Some(OrganisationId(lead));
    respond(&state, &slug, lead, ICS, |f| ics(&state, &q.tr(), f)).await
}

/// Read the feed and answer with it written by `write`, or with the
/// refusal's status (404 for an unknown Compact or lead).
async fn respond(
    state: &AppState,
    slug: &str,
    lead: Option<OrganisationId>,
    content_type: &'static str,
    write: impl FnOnce(&ConsultationFeed) -> Result<Vec<u8>, String>,
) -> Response {
    let feed = match state.app.consultation_feed(slug, lead).await {
        Ok(feed) => feed,
        Err(e) => {
            let Some(refusal) = e.refusal() else {
                tracing::error!(error = %compact_app::error_chain(&e), "cannot read a consultation feed");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The feed cannot be read now.\n",
                )
                    .into_response();
            };
            let status =
                StatusCode::from_u16(refusal.kind().http_status()).unwrap_or(StatusCode::NOT_FOUND);
            return (status, "There is no such feed.\n").into_response();
        }
    };
    let body = match write(&feed) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "cannot write a consultation feed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The feed cannot be written now.\n",
            )
                .into_response();
        }
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Calendar and feed readers on other sites may fetch it.
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// The public address of `path`.
fn absolute(state: &AppState, path: &str) -> String {
    let mut url = state.settings.public_url.trim_end_matches('/').to_string();
    url.push_str(path);
    url
}

fn link(href: String, rel: &str, mime_type: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(mime_type.map(str::to_string));
    link
}

fn person(name: &str) -> Person {
    let mut person = Person::default();
    person.set_name(name);
    person
}

/// The feed's title and the page it stands for.
fn heading(state: &AppState, t: &Tr, feed: &ConsultationFeed) -> (String, String) {
    let slug = &feed.compact.stored.slug;
    let compact = Arg::Text(feed.compact.stored.name.clone());
    match &feed.lead {
        Some((id, name)) => (
            t.with(
                "consultations-feed-lead-title",
                &[("lead", Arg::Text(name.clone())), ("compact", compact)],
            ),
            absolute(state, &routes::organisation(slug, *id)),
        ),
        None => (
            t.with("consultations-feed-title", &[("compact", compact)]),
            absolute(state, &routes::consultations(slug)),
        ),
    }
}

fn atom(state: &AppState, t: &Tr, feed: &ConsultationFeed) -> Result<Vec<u8>, String> {
    let slug = &feed.compact.stored.slug;
    let (title, page) = heading(state, t, feed);
    let this = match &feed.lead {
        Some((id, _)) => routes::lead_consultations_atom(slug, *id),
        None => routes::consultations_atom(slug),
    };
    let mut entries = Vec::with_capacity(feed.news.len());
    for news in &feed.news {
        let c = &feed.consultations[news.consultation];
        let url = absolute(state, &routes::consultation(slug, c.id));
        let title = Arg::Text(c.details.title.clone());
        let mut entry = Entry::default();
        match news.news {
            News::Published => {
                // The page itself names the consultation for ever.
                entry.set_id(url.clone());
                entry.set_title(t.with("consultations-feed-published", &[("title", title)]));
                entry.set_summary(Some(Text::plain(c.details.summary.clone())));
            }
            News::Feedback => {
                entry.set_id(format!("{url}#feedback"));
                entry.set_title(t.with("consultations-feed-feedback", &[("title", title)]));
                let decision = c.feedback.as_ref().map(|f| f.decision.clone());
                entry.set_summary(decision.map(Text::plain));
            }
        }
        entry.set_updated(news.at);
        entry.set_published(Some(news.at.fixed_offset()));
        entry.set_authors(vec![person(&c.lead_name)]);
        entry.set_links(vec![link(url, "alternate", Some("text/html"))]);
        entries.push(entry);
    }
    let mut out = Feed::default();
    out.set_id(page.clone());
    out.set_title(title);
    out.set_lang(Some(t.lang.code().to_string()));
    out.set_updated(feed.updated().unwrap_or_else(|| start_of_today(state)));
    out.set_authors(vec![person(&feed.compact.stored.name)]);
    out.set_links(vec![
        link(absolute(state, &this), "self", Some(ATOM)),
        link(page, "alternate", Some("text/html")),
    ]);
    out.set_entries(entries);
    out.write_to(Vec::new()).map_err(|e| e.to_string())
}

/// An empty feed still has an `updated`: today's date by the app's clock,
/// so tests that fix the date get the same bytes.
fn start_of_today(state: &AppState) -> DateTime<Utc> {
    state.today().and_time(chrono::NaiveTime::MIN).and_utc()
}

fn ics(state: &AppState, t: &Tr, feed: &ConsultationFeed) -> Result<Vec<u8>, String> {
    let slug = &feed.compact.stored.slug;
    let (title, _) = heading(state, t, feed);
    // UIDs name the consultation and the date's meaning, under the
    // service's address, so a calendar updates an event rather than
    // adding another when a date moves.
    let host = state
        .settings
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or(&state.settings.public_url)
        .trim_end_matches('/')
        .to_string();
    let mut calendar = Calendar::new();
    calendar.name(&title);
    for date in &feed.dates {
        let c = &feed.consultations[date.consultation];
        let url = absolute(state, &routes::consultation(slug, c.id));
        let title = Arg::Text(c.details.title.clone());
        let (key, what) = match date.deadline {
            Deadline::Closes => ("consultations-feed-closes", "closes"),
            Deadline::FeedbackDue => ("consultations-feed-feedback-due", "feedback-due"),
        };
        // The last change to the consultation the date comes from.
        let stamp = c
            .feedback_published_on
            .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
            .into_iter()
            .chain(c.published_at)
            .max()
            .unwrap_or_else(|| start_of_today(state));
        let event = icalendar::Event::new()
            .uid(&format!("consultation-{}-{what}@{host}", c.id))
            .timestamp(stamp)
            .summary(&t.with(key, &[("title", title)]))
            .description(&c.details.summary)
            .url(&url)
            // An all-day event: DTEND is the day after, as RFC 5545 counts
            // it (exclusive).
            .starts(date.on)
            .ends(date.on.succ_opt().unwrap_or(date.on))
            .done();
        calendar.push(event);
    }
    Ok(calendar.done().to_string().into_bytes())
}
