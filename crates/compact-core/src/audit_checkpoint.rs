//! Signed checkpoints of the audit log.
//!
//! The audit log is a hash chain, and a chain alone only shows tampering by
//! someone who cannot write the database: whoever can may change an entry
//! and compute every hash after it again. A checkpoint closes that gap. It
//! says "the entry numbered `seq` had the hash `hash`", signed with an
//! ed25519 key that is kept outside the database (like the kitemark's keys).
//! Once signed, rewriting any entry up to `seq` changes the hash at `seq`,
//! and no one without the key can sign a checkpoint for the new hash.
//!
//! The message signed is plain text, one field per line, so anyone can
//! check a published checkpoint with any ed25519 library:
//!
//! ```text
//! compact audit checkpoint 1
//! seq 42
//! hash 9f86d0...
//! at 2026-12-01T09:30:00Z
//! ```

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The first line of every signed message: names what is signed and the
/// layout's version, so a signature over something else never passes.
const HEADER: &str = "compact audit checkpoint 1";

/// One signed checkpoint, as stored and as published (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The audit entry it vouches for.
    pub seq: i64,
    /// That entry's hash (64 hex digits).
    pub hash: String,
    /// When it was signed (whole seconds, UTC).
    pub at: DateTime<Utc>,
    /// The public key that signed it, 32 bytes in base64url.
    pub key: String,
    /// The ed25519 signature of [`Checkpoint::message`], in base64url.
    pub signature: String,
}

/// Why a checkpoint cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("it was signed by a key this service does not use ({0})")]
    OtherKey(String),
    #[error("its signature is not valid: it was changed after it was signed, or forged")]
    BadSignature,
    #[error("it is not a checkpoint: {0}")]
    Malformed(String),
}

/// The key that signs checkpoints. Made from 32 secret bytes by whoever
/// keeps them.
pub struct CheckpointKey {
    signing: SigningKey,
}

impl CheckpointKey {
    pub fn from_bytes(secret: &[u8; 32]) -> CheckpointKey {
        CheckpointKey {
            signing: SigningKey::from_bytes(secret),
        }
    }

    pub fn secret_bytes(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    /// The public key as checkpoints name it (base64url).
    pub fn public_key(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.verifying_key().to_bytes())
    }

    /// Sign "entry `seq` has hash `hash`" as of `at` (kept to the second).
    pub fn sign(&self, seq: i64, hash: &str, at: DateTime<Utc>) -> Checkpoint {
        let at = whole_seconds(at);
        let signature = self.signing.sign(message(seq, hash, at).as_bytes());
        Checkpoint {
            seq,
            hash: hash.to_string(),
            at,
            key: self.public_key(),
            signature: URL_SAFE_NO_PAD.encode(signature.to_bytes()),
        }
    }
}

impl fmt::Debug for CheckpointKey {
    // Never print the secret, even in a debug log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckpointKey")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

fn whole_seconds(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(at.timestamp(), 0).unwrap_or(at)
}

fn message(seq: i64, hash: &str, at: DateTime<Utc>) -> String {
    format!(
        "{HEADER}\nseq {seq}\nhash {hash}\nat {}\n",
        at.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

impl Checkpoint {
    /// The text the signature covers.
    pub fn message(&self) -> String {
        message(self.seq, &self.hash, self.at)
    }

    /// Check the signature, and that `trusted` (base64url) signed it.
    pub fn verify(&self, trusted: &str) -> Result<(), CheckpointError> {
        if self.key != trusted {
            return Err(CheckpointError::OtherKey(self.key.clone()));
        }
        let key: [u8; 32] = decode(&self.key, "key")?;
        let signature: [u8; 64] = decode(&self.signature, "signature")?;
        let key = VerifyingKey::from_bytes(&key)
            .map_err(|_| CheckpointError::Malformed("the key is not an ed25519 key".into()))?;
        key.verify(
            self.message().as_bytes(),
            &Signature::from_bytes(&signature),
        )
        .map_err(|_| CheckpointError::BadSignature)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Checkpoint, CheckpointError> {
        serde_json::from_str(text).map_err(|e| CheckpointError::Malformed(e.to_string()))
    }
}

fn decode<const N: usize>(text: &str, what: &str) -> Result<[u8; N], CheckpointError> {
    URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| {
            CheckpointError::Malformed(format!("the {what} is not {N} bytes in base64url"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(byte: u8) -> CheckpointKey {
        CheckpointKey::from_bytes(&[byte; 32])
    }

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T09:30:00.750Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_checkpoint_verifies_with_its_key_and_reads_back_from_json() {
        let k = key(7);
        let c = k.sign(42, &"ab".repeat(32), at());
        assert_eq!(c.verify(&k.public_key()), Ok(()));
        assert_eq!(c.at.timestamp_subsec_nanos(), 0, "kept to the second");
        assert!(c
            .message()
            .starts_with("compact audit checkpoint 1\nseq 42\n"));
        assert_eq!(Checkpoint::from_json(&c.to_json()), Ok(c));
    }

    #[test]
    fn changing_any_field_or_using_another_key_fails() {
        let k = key(7);
        let c = k.sign(42, &"ab".repeat(32), at());
        let trusted = k.public_key();
        let changed = [
            Checkpoint {
                seq: 43,
                ..c.clone()
            },
            Checkpoint {
                hash: "cd".repeat(32),
                ..c.clone()
            },
            Checkpoint {
                at: c.at + chrono::Duration::seconds(1),
                ..c.clone()
            },
        ];
        for other in changed {
            assert_eq!(other.verify(&trusted), Err(CheckpointError::BadSignature));
        }
        let forged = key(8).sign(42, &"ab".repeat(32), at());
        assert!(matches!(
            forged.verify(&trusted),
            Err(CheckpointError::OtherKey(_))
        ));
        // The forger names the trusted key but signs with their own.
        let lying = Checkpoint {
            key: trusted.clone(),
            ..forged
        };
        assert_eq!(lying.verify(&trusted), Err(CheckpointError::BadSignature));
        let garbled = Checkpoint {
            signature: "not base64!".into(),
            ..c
        };
        assert!(matches!(
            garbled.verify(&trusted),
            Err(CheckpointError::Malformed(_))
        ));
        assert!(Checkpoint::from_json("{}").is_err());
    }

    proptest! {
        #[test]
        fn every_signed_checkpoint_verifies(seq in 1i64..i64::MAX, hash in "[0-9a-f]{64}", secs in 0i64..4_000_000_000) {
            let k = key(3);
            let at = DateTime::from_timestamp(secs, 0).unwrap();
            let c = k.sign(seq, &hash, at);
            prop_assert_eq!(c.verify(&k.public_key()), Ok(()));
            let other = Checkpoint { seq: seq - 1, ..c };
            prop_assert_eq!(other.verify(&k.public_key()), Err(CheckpointError::BadSignature));
        }
    }
}
