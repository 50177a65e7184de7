//! How hard guessing and flooding are made: the decisions, from counts the
//! store keeps. Pure, so the rules have tests of their own; the store asks
//! them inside the transaction that notes the attempt, so a burst of
//! simultaneous requests cannot all pass the same count.
//!
//! **Signing in.** Each client (a network address, or a browser that has
//! signed in to that account before) gets a few wrong passwords for an
//! address; then that client is locked out of that address for a while.
//! Someone guessing from many addresses cannot lock the owner out: wrong
//! passwords from browsers the account has not seen make every such browser
//! wait a little longer for each one (an increasing delay, with a ceiling),
//! while the owner's own browser, known by its cookie, is never held up by
//! other people's guesses. The owner can also always reset the password by
//! e-mail.
//!
//! **Forgotten passwords.** A few links an hour per address (more requests
//! get the same answer but no e-mail, so the answer says nothing about the
//! account), and a ceiling per client, which is told to wait.

use chrono::{DateTime, Duration, Utc};

/// The limits on signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInPolicy {
    /// Wrong passwords one client may give for an address in the window.
    pub per_client: u32,
    /// Wrong passwords from unknown browsers, across all clients, before
    /// each further one adds a delay.
    pub free_per_address: u32,
    /// How far back attempts count.
    pub window: Duration,
    /// The longest delay an unknown browser is asked to wait.
    pub max_delay: Duration,
}

impl SignInPolicy {
    pub const STANDARD: SignInPolicy = SignInPolicy {
        per_client: 5,
        free_per_address: 5,
        window: Duration::minutes(15),
        max_delay: Duration::minutes(15),
    };

    /// How long an unknown browser waits after the last wrong password,
    /// when `failures` wrong passwords from unknown browsers are counted:
    /// nothing up to the free allowance, then 1, 2, 4, 8 ... seconds, never
    /// more than `max_delay`.
    pub fn delay(&self, failures: u32) -> Duration {
        let Some(over) = failures.checked_sub(self.free_per_address + 1) else {
            return Duration::zero();
        };
        let seconds = 1i64.checked_shl(over.min(40)).unwrap_or(i64::MAX);
        Duration::seconds(seconds).min(self.max_delay)
    }
}

/// What the store counted for one attempt, within the policy's window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignInCounts {
    /// Wrong passwords from this client for this address since its last
    /// right one.
    pub client_failures: u32,
    /// The oldest of those: the lock-out ends when it leaves the window.
    pub oldest_client_failure: Option<DateTime<Utc>>,
    /// Wrong passwords from unknown browsers for this address since its
    /// last right one.
    pub address_failures: u32,
    /// The newest of those: the delay runs from it.
    pub newest_address_failure: Option<DateTime<Utc>>,
    /// Whether this client is a browser that signed in to this address.
    pub known_device: bool,
}

/// Why an attempt may not go on to have its password checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInHold {
    /// This client gave too many wrong passwords for this address.
    LockedOut { until: DateTime<Utc> },
    /// Others' wrong passwords make unknown browsers wait.
    SlowedDown { until: DateTime<Utc> },
}

/// Decide an attempt at `now`: `None` lets it go on.
pub fn sign_in_hold(
    counts: &SignInCounts,
    policy: &SignInPolicy,
    now: DateTime<Utc>,
) -> Option<SignInHold> {
    if counts.client_failures >= policy.per_client {
        let until = counts.oldest_client_failure.unwrap_or(now) + policy.window;
        if until > now {
            return Some(SignInHold::LockedOut { until });
        }
    }
    if !counts.known_device {
        let delay = policy.delay(counts.address_failures);
        let until = counts.newest_address_failure.unwrap_or(now) + delay;
        if until > now {
            return Some(SignInHold::SlowedDown { until });
        }
    }
    None
}

/// The limits on asking for password-reset links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetPolicy {
    /// Links sent to one address in the window.
    pub per_address: u32,
    /// Requests one client may make in the window, whatever the address.
    pub per_client: u32,
    pub window: Duration,
}

impl ResetPolicy {
    pub const STANDARD: ResetPolicy = ResetPolicy {
        per_address: 3,
        per_client: 10,
        window: Duration::hours(1),
    };
}

/// What the store counted for one request, within the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResetCounts {
    /// Links sent to this address.
    pub sent_to_address: u32,
    /// Requests from this client.
    pub from_client: u32,
    /// The oldest of those: the client may ask again when it leaves the
    /// window.
    pub oldest_from_client: Option<DateTime<Utc>>,
}

/// What to do with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetGate {
    /// Send a link (when the address has an account).
    Send,
    /// Answer as usual but send nothing: the address has had its links.
    Quiet,
    /// This client asked too often; it is told when to try again.
    TooMany { until: DateTime<Utc> },
}

pub fn reset_gate(counts: &ResetCounts, policy: &ResetPolicy, now: DateTime<Utc>) -> ResetGate {
    if counts.from_client >= policy.per_client {
        return ResetGate::TooMany {
            until: counts.oldest_from_client.unwrap_or(now) + policy.window,
        };
    }
    if counts.sent_to_address >= policy.per_address {
        return ResetGate::Quiet;
    }
    ResetGate::Send
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(minute: i64, second: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minute * 60 + second, 0).unwrap()
    }

    const P: SignInPolicy = SignInPolicy::STANDARD;

    #[test]
    fn the_delay_starts_after_the_free_allowance_and_doubles_to_a_ceiling() {
        let table = [
            (0, 0),
            (4, 0),
            (5, 0),
            (6, 1),
            (7, 2),
            (8, 4),
            (10, 16),
            (15, 512),
            (16, 900),
            (1000, 900),
            (u32::MAX, 900),
        ];
        for (failures, seconds) in table {
            assert_eq!(P.delay(failures), Duration::seconds(seconds), "{failures}");
        }
    }

    #[test]
    fn sign_in_gates() {
        let now = at(10, 0);
        let counts = |client: u32, address: u32, known: bool| SignInCounts {
            client_failures: client,
            oldest_client_failure: Some(at(0, 0)),
            address_failures: address,
            newest_address_failure: Some(at(9, 58)),
            known_device: known,
        };
        let table = [
            ("first try", SignInCounts::default(), None),
            ("four wrong from here", counts(4, 4, false), None),
            (
                "five wrong from here",
                counts(5, 5, false),
                Some(SignInHold::LockedOut { until: at(15, 0) }),
            ),
            (
                "five wrong from here, on the owner's browser",
                counts(5, 5, true),
                Some(SignInHold::LockedOut { until: at(15, 0) }),
            ),
            ("five wrong elsewhere", counts(0, 5, false), None),
            ("seven wrong elsewhere, 2 s ago", counts(0, 7, false), None),
            (
                "eight wrong elsewhere, 2 s ago",
                counts(0, 8, false),
                Some(SignInHold::SlowedDown { until: at(10, 2) }),
            ),
            (
                "a hundred wrong elsewhere, on the owner's browser",
                counts(0, 100, true),
                None,
            ),
        ];
        for (what, counts, gate) in table {
            assert_eq!(sign_in_hold(&counts, &P, now), gate, "{what}");
        }
        let expired = SignInCounts {
            client_failures: 5,
            oldest_client_failure: Some(at(-6, 0)),
            ..SignInCounts::default()
        };
        assert_eq!(sign_in_hold(&expired, &P, now), None);
    }

    #[test]
    fn reset_gates() {
        let p = ResetPolicy::STANDARD;
        let now = at(30, 0);
        let c = |sent, from| ResetCounts {
            sent_to_address: sent,
            from_client: from,
            oldest_from_client: Some(at(0, 0)),
        };
        assert_eq!(reset_gate(&c(0, 0), &p, now), ResetGate::Send);
        assert_eq!(reset_gate(&c(2, 9), &p, now), ResetGate::Send);
        assert_eq!(reset_gate(&c(3, 3), &p, now), ResetGate::Quiet);
        assert_eq!(
            reset_gate(&c(0, 10), &p, now),
            ResetGate::TooMany { until: at(60, 0) }
        );
    }

    proptest! {
        #[test]
        fn the_delay_never_shrinks_as_failures_grow(a in 0u32..200, b in 0u32..200) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(P.delay(low) <= P.delay(high));
            prop_assert!(P.delay(high) <= P.max_delay);
        }

        #[test]
        fn a_known_browser_under_the_client_limit_is_never_held(
            address in 0u32..10_000, client in 0u32..5, ago in 0i64..1000
        ) {
            let now = at(100, 0);
            let counts = SignInCounts {
                client_failures: client,
                oldest_client_failure: Some(now - Duration::seconds(ago)),
                address_failures: address,
                newest_address_failure: Some(now - Duration::seconds(ago)),
                known_device: true,
            };
            prop_assert_eq!(sign_in_hold(&counts, &P, now), None);
        }

        #[test]
        fn no_one_waits_longer_than_the_window_or_the_ceiling(
            address in 0u32..10_000, client in 0u32..50, ago in 0i64..2000, known: bool
        ) {
            let now = at(100, 0);
            let counts = SignInCounts {
                client_failures: client,
                oldest_client_failure: Some(now - Duration::seconds(ago)),
                address_failures: address,
                newest_address_failure: Some(now - Duration::seconds(ago)),
                known_device: known,
            };
            match sign_in_hold(&counts, &P, now) {
                None => {}
                Some(SignInHold::LockedOut { until }) => prop_assert!(until <= now + P.window),
                Some(SignInHold::SlowedDown { until }) => prop_assert!(until <= now + P.max_delay),
            }
        }
    }
}
