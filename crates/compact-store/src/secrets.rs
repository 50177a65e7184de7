//! Random tokens and their hashes.
//!
//! Session cookies, API tokens and password-reset links are random tokens
//! handed to a person once; the database keeps only their SHA-256, so a copy
//! of the database (a backup, a leaked dump) cannot be used to sign in. A
//! plain hash is enough here, unlike for passwords: the tokens carry 256
//! bits of randomness, so there is nothing to guess.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new secret token: 32 bytes straight from the operating system's CSPRNG
/// (`OsRng`), as 64 lower-case hex characters, safe in URLs and cookies.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The SHA-256 of `token` as 64 lower-case hex characters: what the
/// database stores and looks tokens up by.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_characters_and_differ() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 64);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }

    #[test]
    fn token_hashes_are_sha256() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(token_hash("abc"), token_hash("abd"));
    }
}
