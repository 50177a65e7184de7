//! The e-mail outbox: mail is queued in the database, in the same
//! transaction as whatever it announces, and a sender sends it later and
//! records the outcome. A message is never lost because the mail server was
//! down, and never sent for a change that was rolled back.
//!
//! Delivery is at least once: a sender that crashes between sending and
//! [`Store::mark_email_sent`] sends that message again. Run one sender per
//! database; the store does not lease messages to competing senders.

use crate::error::{Result, StoreError};
use crate::migrate::now;
use crate::write::instant;
use crate::{with_pool, Store};
use chrono::{DateTime, Utc};
use std::fmt;

/// What a sent message's body becomes.
pub const SENT_BODY: &str = "(sent; the text is not kept once a message has gone)";

/// A message in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EmailId(pub i64);

impl fmt::Display for EmailId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A message to queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewEmail<'a> {
    pub recipient: &'a str,
    pub subject: &'a str,
    /// Plain text.
    pub body: &'a str,
}

/// A queued message waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxEmail {
    #[sqlx(try_from = "i64")]
    pub id: EmailId,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// How many times sending it has been tried.
    #[sqlx(try_from = "i32")]
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last try failed.
    pub last_error: Option<String>,
}

impl From<i64> for EmailId {
    fn from(id: i64) -> EmailId {
        EmailId(id)
    }
}

/// A connection (inside a transaction) that can queue mail, so any store
/// operation can queue its message atomically with its change.
pub(crate) trait OutboxConnection {
    async fn enqueue_email(&mut self, email: &NewEmail<'_>) -> Result<EmailId>;
}

macro_rules! outbox_connection {
    ($conn:ty) => {
        impl OutboxConnection for $conn {
            async fn enqueue_email(&mut self, email: &NewEmail<'_>) -> Result<EmailId> {
                let at = now();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO email_outbox (recipient, subject, body, created_at, attempts, next_attempt_at) \
                     VALUES ($1, $2, $3, $4, 0, $4) RETURNING id",
                )
                .bind(email.recipient)
                .bind(email.subject)
                .bind(email.body)
                .bind(at)
                .fetch_one(&mut *self)
                .await?;
                Ok(EmailId(id))
            }
        }
    };
}

outbox_connection!(sqlx::SqliteConnection);
outbox_connection!(sqlx::PgConnection);

impl Store {
    /// Queue a message, to be sent as soon as the sender next looks.
    pub async fn enqueue_email(
        &self,
        recipient: &str,
        subject: &str,
        body: &str,
    ) -> Result<EmailId> {
        let email = NewEmail {
            recipient,
            subject,
            body,
        };
        Ok(with_pool!(self, pool => {
            let mut conn = pool.acquire().await?;
            conn.enqueue_email(&email).await?
        }))
    }

    /// Up to `limit` unsent messages whose next try is due at `now`, the
    /// longest-waiting first.
    pub async fn due_emails(&self, now: DateTime<Utc>, limit: u32) -> Result<Vec<OutboxEmail>> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT id, recipient, subject, body, created_at, attempts, next_attempt_at, last_error \
                 FROM email_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 \
                 ORDER BY next_attempt_at, id LIMIT $2",
            )
            .bind(now).bind(i64::from(limit))
            .fetch_all(pool).await?
        }))
    }

    /// Record that a message was sent at `at`; it is never offered again.
    /// Its body is not kept: a message may carry a one-time link (a password
    /// reset), and a copy of the database must not be a way in. The
    /// recipient, subject and times stay, as the record of what was sent.
    pub async fn mark_email_sent(&self, id: EmailId, at: DateTime<Utc>) -> Result<()> {
        let updated = with_pool!(self, pool => {
            sqlx::query(
                "UPDATE email_outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL, body = $3 \
                 WHERE id = $1",
            )
            .bind(id.0).bind(instant(at)).bind(SENT_BODY)
            .execute(pool).await?.rows_affected()
        });
        if updated == 0 {
            return Err(StoreError::NoSuchEmail(id));
        }
        Ok(())
    }

    /// Record that sending a message failed with `error`, and when to try
    /// again (the sender chooses the back-off, and when to give up).
    pub async fn mark_email_failed(
        &self,
        id: EmailId,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<()> {
        let updated = with_pool!(self, pool => {
            sqlx::query(
                "UPDATE email_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 \
                 WHERE id = $1 AND sent_at IS NULL",
            )
            .bind(id.0).bind(error).bind(instant(next_attempt_at))
            .execute(pool).await?.rows_affected()
        });
        if updated == 0 {
            return Err(StoreError::NoSuchEmail(id));
        }
        Ok(())
    }
}
