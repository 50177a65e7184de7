//! Sending the e-mail in the outbox.
//!
//! Messages are queued in the database in the same transaction as the
//! change that calls for them (a password reset, say), so a message is
//! never lost and never sent for a change that did not happen. This sender
//! takes them from the outbox and hands them to an SMTP server; a failure is
//! recorded and retried later, waiting longer after each failure.

use chrono::{DateTime, Duration, Utc};
use compact_store::{OutboxEmail, Store};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::future::Future;
use std::time::Duration as StdDuration;

/// How often the outbox is looked at.
const POLL: StdDuration = StdDuration::from_secs(5);
/// Messages sent per look.
const BATCH: u32 = 20;
/// After this many failed tries a message is left in the outbox, with its
/// last error, for the secretariat to look at.
pub const MAX_ATTEMPTS: u32 = 12;

/// Where mail goes: an SMTP server and the sender's address.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://HOST:PORT` (plain, for a relay on the same network),
    /// `smtp://USER:PASSWORD@HOST:587?tls=required` (STARTTLS) or
    /// `smtps://USER:PASSWORD@HOST:465`, as lettre reads them.
    pub smtp_url: String,
    pub from: String,
}

/// Why the sender could not start.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("the SMTP address {0:?} is not valid: {1}")]
    Url(String, String),
    #[error("the sender address {0:?} is not a valid e-mail address: {1}")]
    From(String, String),
}

pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Sender {
    pub fn new(settings: &MailSettings) -> Result<Sender, MailSetupError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| MailSetupError::Url(redact(&settings.smtp_url), e.to_string()))?
            .timeout(Some(StdDuration::from_secs(30)))
            .build();
        let from = settings
            .from
            .parse()
            .map_err(|e: lettre::address::AddressError| {
                MailSetupError::From(settings.from.clone(), e.to_string())
            })?;
        Ok(Sender { transport, from })
    }

    /// Send every message that is due now; returns how many were sent.
    pub async fn send_due(
        &self,
        store: &Store,
        now: DateTime<Utc>,
    ) -> compact_store::Result<usize> {
        let mut sent = 0;
        for email in store.due_emails(now, BATCH).await? {
            if email.attempts >= MAX_ATTEMPTS {
                continue;
            }
            match self.send(&email).await {
                Ok(()) => {
                    store.mark_email_sent(email.id, Utc::now()).await?;
                    sent += 1;
                }
                Err(error) => {
                    let retry = now + backoff(email.attempts + 1);
                    tracing::warn!(email = email.id.0, %error, next_attempt = %retry, "sending mail failed");
                    store.mark_email_failed(email.id, &error, retry).await?;
                }
            }
        }
        Ok(sent)
    }

    async fn send(&self, email: &OutboxEmail) -> Result<(), String> {
        let to: Mailbox = email
            .recipient
            .parse()
            .map_err(|e| format!("the recipient {:?} is not valid: {e}", email.recipient))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject)
            .body(email.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Keep sending until `shutdown` completes.
    pub async fn run(self, store: Store, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut tick = tokio::time::interval(POLL);
        loop {
            tokio::select! {
                _ = &mut shutdown => return,
                _ = tick.tick() => {
                    if let Err(e) = self.send_due(&store, Utc::now()).await {
                        tracing::error!(error = %e, "cannot read the outbox");
                    }
                }
            }
        }
    }
}

/// How long to wait before try number `attempt` (1 is the first retry):
/// one minute, doubling each time, never more than six hours.
pub fn backoff(attempt: u32) -> Duration {
    let minutes = 1i64 << attempt.saturating_sub(1).min(9);
    Duration::minutes(minutes.min(6 * 60))
}

/// The SMTP address without its password, for error messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &url[..scheme], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_six_hours() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(10), Duration::minutes(360));
        assert_eq!(backoff(40), Duration::minutes(360));
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redact("smtp://user:secret@mail.example.org:587"),
            "smtp://…@mail.example.org:587"
        );
        assert_eq!(redact("smtp://localhost:25"), "smtp://localhost:25");
    }
}
