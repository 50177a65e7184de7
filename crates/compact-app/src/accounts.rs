//! Signing in: checking an e-mail address and password, throttled, and
//! opening a session.

use crate::{App, Result};
use chrono::{DateTime, Duration, Utc};
use compact_core::AccountId;
use compact_store::{password, secrets};

/// How many wrong passwords for one address in [`THROTTLE_MINUTES`] stop
/// further attempts for a while.
pub const MAX_FAILED_SIGN_INS: u32 = 5;
/// How far back failures count.
pub const THROTTLE_MINUTES: i64 = 15;
/// How long a session lasts without signing in again.
pub const SESSION_HOURS: i64 = 12;

/// What was typed into the sign-in form.
#[derive(Debug, Clone, Default)]
pub struct SignInInput {
    pub email: String,
    pub password: String,
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
    /// Too many wrong passwords for this address lately.
    Throttled,
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
        let since = now - Duration::minutes(THROTTLE_MINUTES);
        // Counted and noted in one step, before the password is checked.
        let Some(attempt) = self
            .store
            .begin_sign_in_attempt(&email, since, MAX_FAILED_SIGN_INS, now)
            .await?
        else {
            tracing::warn!(email = %email, "sign-in throttled");
            return Ok(Err(SignInRefusal::Throttled));
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
        }))
    }
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
