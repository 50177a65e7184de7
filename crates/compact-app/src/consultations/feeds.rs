//! What a Compact's consultation feeds say, for anyone: the news (each
//! consultation published, each feedback published), newest first, and
//! the dates to put in a calendar (each close, and each day feedback is
//! due by the Compact's standard).
//!
//! Drafts never appear: the store reads published consultations only, and
//! a bounded number of them.

use crate::register::Loaded;
use crate::{App, Result};
use chrono::{DateTime, Utc};
use compact_core::consultation::period;
use compact_core::{Date, OrganisationId};
use compact_store::StoredConsultation;

/// How many consultations a feed reads, and how many news entries it
/// shows.
pub const FEED_LIMIT: u32 = 100;

/// What a news entry announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum News {
    Published,
    Feedback,
}

/// One news entry: what happened to `consultations[consultation]`, when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewsEntry {
    pub consultation: usize,
    pub news: News,
    pub at: DateTime<Utc>,
}

/// What a calendar date marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// The last day responses are taken.
    Closes,
    /// The day feedback is due by the Compact's standard.
    FeedbackDue,
}

/// One calendar date of `consultations[consultation]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarDate {
    pub consultation: usize,
    pub deadline: Deadline,
    pub on: Date,
}

/// A feed of a Compact's consultations, or of one lead's.
#[derive(Debug, Clone)]
pub struct ConsultationFeed {
    pub compact: Loaded,
    /// The lead whose feed it is, with its name; `None` for the Compact's.
    pub lead: Option<(OrganisationId, String)>,
    pub consultations: Vec<StoredConsultation>,
    /// Newest first, at most [`FEED_LIMIT`].
    pub news: Vec<NewsEntry>,
    /// Every consultation's close and feedback due date.
    pub dates: Vec<CalendarDate>,
}

impl ConsultationFeed {
    /// When the feed last changed: its newest entry, or none.
    pub fn updated(&self) -> Option<DateTime<Utc>> {
        self.news.first().map(|n| n.at)
    }
}

/// The instant a day's news is dated with when only the day is known
/// (imported consultations, feedback): the start of that day, UTC.
fn start_of(day: Date) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

impl App {
    /// The feed of the published consultations of `slug`, or of those
    /// `lead` runs (404 when it is not in the Compact's register).
    pub async fn consultation_feed(
        &self,
        slug: &str,
        lead: Option<OrganisationId>,
    ) -> Result<ConsultationFeed> {
        let compact = self.compact(slug).await?;
        let lead = match lead {
            Some(id) => Some((
                id,
                self.register_entry(&compact, id).await?.organisation.name,
            )),
            None => None,
        };
        let consultations = self
            .store
            .consultation_feed(compact.id(), lead.as_ref().map(|l| l.0), FEED_LIMIT)
            .await?;
        let standard = compact.definition.standards.consultation.as_ref();
        let mut news = Vec::new();
        let mut dates = Vec::new();
        for (i, c) in consultations.iter().enumerate() {
            let d = &c.details;
            news.push(NewsEntry {
                consultation: i,
                news: News::Published,
                at: c.published_at.unwrap_or_else(|| start_of(d.opened_on)),
            });
            if let Some(on) = c.feedback_published_on {
                news.push(NewsEntry {
                    consultation: i,
                    news: News::Feedback,
                    at: start_of(on),
                });
            }
            dates.push(CalendarDate {
                consultation: i,
                deadline: Deadline::Closes,
                on: d.closes_on,
            });
            // The same day the rules engine judges feedback against.
            if let Some(on) = standard.and_then(|s| period::feedback_due(s, d.closes_on)) {
                dates.push(CalendarDate {
                    consultation: i,
                    deadline: Deadline::FeedbackDue,
                    on,
                });
            }
        }
        // Newest first; on the same instant, feedback after the publishing
        // it follows, and later consultations first, so the order is stable.
        news.sort_by(|a, b| {
            (b.at, b.news, consultations[b.consultation].id).cmp(&(
                a.at,
                a.news,
                consultations[a.consultation].id,
            ))
        });
        news.truncate(FEED_LIMIT as usize);
        Ok(ConsultationFeed {
            compact,
            lead,
            consultations,
            news,
            dates,
        })
    }
}
