//! Password hashing with argon2id.
//!
//! Every function here is deliberately slow (tens of milliseconds of CPU and
//! ~19 MiB of memory per call), and blocking: async callers must run them
//! with `tokio::task::spawn_blocking`, or one sign-in stalls every request on
//! that executor thread.

use crate::error::{Result, StoreError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use std::sync::OnceLock;

/// The fewest characters a password may have. Length is what makes a
/// password hard to guess; composition rules mostly make it hard to remember.
pub const MIN_LENGTH: usize = 12;

/// Hash `password` with argon2id and its default parameters (the OWASP
/// recommendation: 19 MiB, 2 passes, 1 lane) and a random salt, as a PHC
/// string (`$argon2id$v=19$m=19456,t=2,p=1$...`), which records the
/// parameters so they can be raised later without breaking old hashes.
/// Blocking: see the module documentation.
pub fn hash(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| StoreError::PasswordHashing(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::PasswordHashing(e.to_string()))
}

/// Whether `password` matches `hash` (a PHC string from [`hash`]). A hash
/// that cannot be read never matches. Blocking: see the module
/// documentation.
pub fn verify(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spend as long as [`verify`] would, and answer `false`. Call it when no
/// account has the e-mail address given, so that the time a failed sign-in
/// takes does not tell whether the address has an account. Blocking.
pub fn verify_absent(password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("no account has this password").unwrap_or_default());
    let _ = verify(password, dummy);
    false
}

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeakPassword {
    /// Fewer than [`MIN_LENGTH`] characters.
    TooShort,
    /// One of the commonest passwords, or very like one.
    Common,
    /// Long enough, but quick to guess (a keyboard pattern, a repeat, a
    /// single word, a date).
    Guessable,
}

impl WeakPassword {
    /// In a sentence fit to show the person choosing it.
    pub fn reason(self) -> &'static str {
        match self {
            WeakPassword::TooShort => {
                "the password is too short: use at least 12 characters (a few unrelated words make a good one)"
            }
            WeakPassword::Common => {
                "the password is one of the most common, which are tried first: use a few unrelated words instead"
            }
            WeakPassword::Guessable => {
                "the password would be quick to guess (a pattern, a repeat, a single word or a date): add more unrelated words"
            }
        }
    }
}

/// How hard a password must be to guess, on zxcvbn's scale of 0 to 4: 3
/// means "safely unguessable" for a service that throttles sign-ins.
const MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;

/// Whether `password` is acceptable as a new password, or why not. Its
/// guessability is estimated by zxcvbn, which knows the commonest
/// passwords, names, words and keyboard patterns; `about` are words the
/// person's own details give away (their name, their address).
pub fn check_strength(password: &str, about: &[&str]) -> std::result::Result<(), WeakPassword> {
    if password.chars().count() < MIN_LENGTH {
        return Err(WeakPassword::TooShort);
    }
    let estimate = zxcvbn::zxcvbn(password, about);
    if estimate.score() >= MIN_SCORE {
        return Ok(());
    }
    use zxcvbn::feedback::Warning;
    let common = estimate
        .feedback()
        .and_then(|f| f.warning())
        .is_some_and(|w| {
            matches!(
                w,
                Warning::ThisIsATop10Password
                    | Warning::ThisIsATop100Password
                    | Warning::ThisIsACommonPassword
                    | Warning::ThisIsSimilarToACommonlyUsedPassword
            )
        });
    Err(if common {
        WeakPassword::Common
    } else {
        WeakPassword::Guessable
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterY", &h));
        assert!(!verify("correct horse battery", "not a hash"));
        assert_ne!(h, hash("correct horse battery").unwrap(), "salts differ");
        assert!(!verify_absent("correct horse battery"));
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        use WeakPassword::*;
        for (password, refused) in [
            ("short", Some(TooShort)),
            ("ééééééé", Some(TooShort)), // characters, not bytes
            ("password1234", Some(Common)),
            ("Password123!", Some(Common)),
            ("qwertyuiop123", Some(Common)),
            ("aaaaaaaaaaaaaaaa", Some(Guessable)),
            ("abcabcabcabcabc", Some(Guessable)),
            ("correct horse battery", None),
            ("a long enough password", None),
            ("tidal lantern quince 47", None),
        ] {
            let got = check_strength(password, &[]).err();
            assert_eq!(got, refused, "{password}");
        }
        assert!(TooShort.reason().contains("at least 12"));
        // The person's own details are easy to guess for them.
        assert!(check_strength("jobloggs1985", &["jobloggs"]).is_err());
    }
}
