//! Signing in, throttled by address and client (see
//! `compact_core::throttle`), and asking for a password-reset link.

use crate::{App, Result};
use chrono::{DateTime, Duration, Utc};
use compact_core::throttle::{ResetGate, ResetPolicy, SignInHold, SignInPolicy};
use compact_core::AccountId;
use compact_store::{password, secrets, NewEmail, ResetLink, SignInClient};

/// How long a session lasts without signing in again.
pub const SESSION_HOURS: i64 = 12;
/// How long a reset link works.
pub const RESET_LINK_HOURS: i64 = 1;

/// What was typed into the sign-in form, and who typed it.
#[derive(Debug, Clone, Default)]
pub struct SignInInput {
    pub email: String,
    pub password: String,
    /// The network address the request came from.
    pub client_address: String,
    /// The token of the browser's sign-in cookie, when it has one: a
    /// browser that signed in to this address before is not held up by
    /// other people's wrong guesses.
    pub device: Option<String>,
}

/// Why a sign-in did not open a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInRefusal {
    /// A field is empty or the address is not one; every problem at once.
    Invalid {
        email: Option<EmailProblem>,
        password_missing: bool,
    },
    /// The same answer for an unknown address and a wrong password, so the
    /// form does not tell which addresses have accounts.
    WrongDetails,
    /// Too many wrong passwords for this address from this client lately.
    LockedOut { until: DateTime<Utc> },
    /// Many wrong passwords for this address from elsewhere: this browser
    /// waits a little before trying.
    SlowedDown { until: DateTime<Utc> },
}

/// What is wrong with the address typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailProblem {
    Missing,
    Format,
}

/// A session opened: its token goes in the visitor's cookie (the database
/// keeps only its hash).
#[derive(Debug, Clone)]
pub struct Session {
    pub account: AccountId,
    pub token: String,
    pub expires: DateTime<Utc>,
    /// The token for the browser's sign-in cookie, which marks it as one
    /// the account signed in from.
    pub device: String,
}

/// A light check: something@something.something, no spaces. Whether the
/// address exists is for the e-mail to find out.
pub fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

impl App {
    /// Check the address and password and open a session. Every attempt is
    /// recorded for the throttle; the password is checked off the async
    /// executor, and an unknown address costs the same as a known one.
    pub async fn sign_in(
        &self,
        input: &SignInInput,
    ) -> Result<std::result::Result<Session, SignInRefusal>> {
        let email = input.email.trim().to_lowercase();
        let email_problem = if email.is_empty() {
            Some(EmailProblem::Missing)
        } else if !looks_like_email(&email) {
            Some(EmailProblem::Format)
        } else {
            None
        };
        let password_missing = input.password.is_empty();
        if email_problem.is_some() || password_missing {
            return Ok(Err(SignInRefusal::Invalid {
                email: email_problem,
                password_missing,
            }));
        }
        let now = Utc::now();
        let device_hash = input.device.as_deref().map(secrets::token_hash);
        let client = match &device_hash {
            Some(hash) if self.store.is_sign_in_device(hash, &email).await? => {
                SignInClient::device(hash)
            }
            _ => SignInClient::address(&input.client_address),
        };
        // Counted and noted in one step, before the password is checked.
        let attempt = match self
            .store
            .begin_sign_in_attempt(&email, &client, &SignInPolicy::STANDARD, now)
            .await?
        {
            Ok(attempt) => attempt,
            Err(SignInHold::LockedOut { until }) => {
                return Ok(Err(SignInRefusal::LockedOut { until }))
            }
            Err(SignInHold::SlowedDown { until }) => {
                tracing::info!(email = %email, %until, "sign-in slowed down");
                return Ok(Err(SignInRefusal::SlowedDown { until }));
            }
        };
        let found = self.store.account_by_email(&email).await?;
        let typed = input.password.clone();
        let (account, verified) = match found {
            Some((account, hash)) => {
                let ok = tokio::task::spawn_blocking(move || password::verify(&typed, &hash))
                    .await
                    .unwrap_or(false);
                (Some(account), ok)
            }
            None => {
                let _ = tokio::task::spawn_blocking(move || password::verify_absent(&typed)).await;
                (None, false)
            }
        };
        if verified {
            self.store.sign_in_succeeded(attempt).await?;
        }
        // A disabled account gets the answer a wrong password gets, so the
        // form confirms nothing about its password, and no session.
        let Some(account) = account.filter(|a| verified && !a.is_disabled()) else {
            return Ok(Err(SignInRefusal::WrongDetails));
        };
        let device = input.device.clone().unwrap_or_else(secrets::new_token);
        self.store
            .remember_sign_in_device(&secrets::token_hash(&device), &email, now)
            .await?;
        let token = secrets::new_token();
        let expires = now + Duration::hours(SESSION_HOURS);
        self.store
            .create_session(
                account.id,
                &secrets::token_hash(&token),
                &secrets::new_token(),
                expires,
            )
            .await?;
        tracing::info!(account = %account.id, "signed in");
        Ok(Ok(Session {
            account: account.id,
            token,
            expires,
            device,
        }))
    }

    /// Ask for a password-reset link for the address typed. The answer is
    /// the same whether or not the address has an account, and both take
    /// the same work: a read, a token, an e-mail composed, one write. A few
    /// links an hour go to one address (more are answered the same, with
    /// no e-mail); a client that asks too often is told to wait.
    pub async fn request_password_reset(
        &self,
        input: &ResetRequest<'_>,
    ) -> Result<std::result::Result<(), ResetRefusal>> {
        let email = input.email.trim();
        if email.is_empty() {
            return Ok(Err(ResetRefusal::Invalid(EmailProblem::Missing)));
        }
        if compact_store::normalise_email(email).is_err() {
            return Ok(Err(ResetRefusal::Invalid(EmailProblem::Format)));
        }
        let now = Utc::now();
        let account = self
            .store
            .account_by_email(email)
            .await?
            .map(|(account, _)| account)
            .filter(|a| !a.is_disabled());
        let token = secrets::new_token();
        let token_hash = secrets::token_hash(&token);
        let link = format!(
            "{}/reset-password/{token}",
            input.public_url.trim_end_matches('/')
        );
        let name = account.as_ref().map_or("", |a| a.name.as_str());
        let (subject, body) = (input.compose)(name, &link);
        let recipient = account.as_ref().map_or(email, |a| a.email.as_str());
        let link = account.as_ref().map(|a| ResetLink {
            account: a.id,
            token_hash: &token_hash,
            expires: now + Duration::hours(RESET_LINK_HOURS),
            email: NewEmail {
                recipient,
                subject: &subject,
                body: &body,
            },
        });
        let known = link.is_some();
        let gate = self
            .store
            .request_password_reset(
                email,
                input.client_address,
                &ResetPolicy::STANDARD,
                now,
                link,
            )
            .await?;
        match gate {
            ResetGate::TooMany { until } => {
                tracing::warn!(client = %input.client_address, %until, "password-reset requests refused");
                Ok(Err(ResetRefusal::TooMany { until }))
            }
            ResetGate::Send if known => {
                tracing::info!("password reset link queued");
                Ok(Ok(()))
            }
            _ => Ok(Ok(())),
        }
    }
}

/// A request for a password-reset link.
pub struct ResetRequest<'a> {
    pub email: &'a str,
    /// The network address the request came from.
    pub client_address: &'a str,
    /// The service's address, which the link starts with.
    pub public_url: &'a str,
    /// The e-mail's subject and body, in the asker's language, for the
    /// account holder's name and the link.
    pub compose: &'a (dyn Fn(&str, &str) -> (String, String) + Send + Sync),
}

/// Why a reset request sent nothing and says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetRefusal {
    Invalid(EmailProblem),
    /// This client asked too often lately.
    TooMany {
        until: DateTime<Utc>,
    },
}

#[cfg(test)]
mod tests {
    use super::looks_like_email;

    #[test]
    fn addresses_need_an_at_and_a_dotted_domain() {
        for ok in ["jo@example.org", "a.b@c.co.uk"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in [
            "",
            "jo",
            "jo@",
            "@example.org",
            "jo@example",
            "jo@.org",
            "jo @example.org",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
