//! The kitemark: a signed statement that an organisation has signed up to a
//! Compact since a date.
//!
//! A current signatory shows a badge on its website that links to a public
//! verification page. The link carries a [`Claim`] (which Compact, which
//! organisation, its name, the date it signed up and which key signed) and
//! an ed25519 signature over the claim's canonical [`Claim::message`], so
//! anyone holding the public keys can check the link offline. Whether the
//! organisation has since withdrawn can only be known from the register, so
//! "revoked" is decided where the register is read, not here.
//!
//! Everything here is pure: keys arrive as bytes (the store makes and keeps
//! them) and links arrive as text.

mod keys;
mod link;
#[cfg(test)]
mod tests;

pub use keys::{KeyListError, PublicKey, PublicKeyList, KEY_LIST_FORMAT};
pub use link::{LinkError, SignedClaim};

use crate::calendar::Date;
use crate::ids::OrganisationId;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use std::fmt;

/// The first line of every signed message. A later format gets a new
/// version, so a signature made for one can never be read as the other.
pub const MESSAGE_VERSION: &str = "compact-kitemark/1";

/// The longest organisation name a kitemark carries, in bytes. Names are
/// signed as they are, so a limit keeps links a sensible length.
pub const MAX_NAME_BYTES: usize = 300;

/// The name of a signing key, e.g. `2026-03-03-4f9a2c`: lowercase letters,
/// digits and `-`, at most 64 characters, so it sits in a URL and a file
/// name as it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(String);

impl KeyId {
    pub fn parse(text: &str) -> Result<KeyId, ClaimError> {
        let plain = !text.is_empty()
            && text.len() <= 64
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if plain {
            Ok(KeyId(text.to_string()))
        } else {
            Err(ClaimError::KeyId(shown(text)))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why the fields of a claim cannot be signed or were not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    #[error("{0:?} is not a Compact's short name (lowercase letters, digits, - and _)")]
    CompactSlug(String),
    #[error("{0:?} is not a key id (lowercase letters, digits and -)")]
    KeyId(String),
    #[error("the organisation's name is empty")]
    EmptyName,
    #[error("the organisation's name is longer than {MAX_NAME_BYTES} bytes")]
    NameTooLong,
}

/// What a kitemark vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    compact: String,
    organisation: OrganisationId,
    organisation_name: String,
    signed_on: Date,
    key: KeyId,
}

impl Claim {
    /// A claim, with its fields checked: the Compact's slug must be a plain
    /// id (as definitions require) and the name must be 1 to
    /// [`MAX_NAME_BYTES`] bytes.
    pub fn new(
        compact: &str,
        organisation: OrganisationId,
        organisation_name: &str,
        signed_on: Date,
        key: KeyId,
    ) -> Result<Claim, ClaimError> {
        let plain_slug = !compact.is_empty()
            && compact.len() <= 64
            && compact.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && compact
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !plain_slug {
            return Err(ClaimError::CompactSlug(shown(compact)));
        }
        if organisation_name.is_empty() {
            return Err(ClaimError::EmptyName);
        }
        if organisation_name.len() > MAX_NAME_BYTES {
            return Err(ClaimError::NameTooLong);
        }
        Ok(Claim {
            compact: compact.to_string(),
            organisation,
            organisation_name: organisation_name.to_string(),
            signed_on,
            key,
        })
    }

    /// The Compact's slug.
    pub fn compact(&self) -> &str {
        &self.compact
    }

    pub fn organisation(&self) -> OrganisationId {
        self.organisation
    }

    pub fn organisation_name(&self) -> &str {
        &self.organisation_name
    }

    pub fn signed_on(&self) -> Date {
        self.signed_on
    }

    pub fn key(&self) -> &KeyId {
        &self.key
    }

    /// The exact bytes that are signed. One field a line, after the version
    /// line; the name, the only field that may hold a newline, is prefixed
    /// with its length in bytes, so no two claims share a message.
    pub fn message(&self) -> Vec<u8> {
        format!(
            "{MESSAGE_VERSION}\ncompact={}\norganisation={}\nname={}:{}\nsigned_on={}\nkey={}\n",
            self.compact,
            self.organisation.0,
            self.organisation_name.len(),
            self.organisation_name,
            self.signed_on.format("%Y-%m-%d"),
            self.key,
        )
        .into_bytes()
    }
}

/// A private signing key with its id. Made from 32 random bytes by whoever
/// keeps the keys.
pub struct KitemarkKey {
    id: KeyId,
    signing: SigningKey,
}

impl KitemarkKey {
    pub fn from_bytes(id: KeyId, secret: &[u8; 32]) -> KitemarkKey {
        KitemarkKey {
            id,
            signing: SigningKey::from_bytes(secret),
        }
    }

    pub fn id(&self) -> &KeyId {
        &self.id
    }

    /// The 32 secret bytes, for whoever stores the key.
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    /// Sign a claim about `organisation` with this key.
    pub fn issue(
        &self,
        compact: &str,
        organisation: OrganisationId,
        organisation_name: &str,
        signed_on: Date,
    ) -> Result<SignedClaim, ClaimError> {
        let claim = Claim::new(
            compact,
            organisation,
            organisation_name,
            signed_on,
            self.id.clone(),
        )?;
        let signature = self.signing.sign(&claim.message()).to_bytes();
        Ok(SignedClaim { claim, signature })
    }
}

impl fmt::Debug for KitemarkKey {
    // Never print the secret, even in a debug log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KitemarkKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Why a kitemark link is not genuine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forgery {
    /// The link could not be read at all.
    Malformed(LinkError),
    /// No key of that id was ever published.
    UnknownKey(KeyId),
    /// The signature does not match the claim: a field was altered, or it
    /// was never signed by the key it names.
    BadSignature,
}

impl fmt::Display for Forgery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Forgery::Malformed(e) => write!(f, "the link is malformed: {e}"),
            Forgery::UnknownKey(id) => write!(f, "it names a key ({id}) that was never published"),
            Forgery::BadSignature => f.write_str(
                "its signature does not match what it says (a detail was changed, or it was never signed)",
            ),
        }
    }
}

/// The answer to "is this kitemark genuine?", as far as signatures go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Forged(Forgery),
}

/// A link checked: what it claims (when it could be read) and whether its
/// signature holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedLink {
    pub claim: Option<Claim>,
    pub verdict: Verdict,
}

/// Check the signature of a claim against the published keys. Retired keys
/// still count: a badge signed before a rotation stays genuine.
pub fn verify(signed: &SignedClaim, keys: &PublicKeyList) -> Verdict {
    let Some(public) = keys.find(signed.claim.key()) else {
        return Verdict::Forged(Forgery::UnknownKey(signed.claim.key().clone()));
    };
    let Ok(verifying) = VerifyingKey::from_bytes(&public.public_key) else {
        // A listed key that is not a curve point verifies nothing.
        return Verdict::Forged(Forgery::BadSignature);
    };
    let signature = Signature::from_bytes(&signed.signature);
    // verify_strict refuses weak keys and malleable signatures, which a
    // plain verify would let through.
    match verifying.verify_strict(&signed.claim.message(), &signature) {
        Ok(()) => Verdict::Valid,
        Err(_) => Verdict::Forged(Forgery::BadSignature),
    }
}

/// Read a verification link (a full URL or its query string) and check it.
pub fn check_link(link: &str, keys: &PublicKeyList) -> CheckedLink {
    match SignedClaim::parse_link(link) {
        Ok(signed) => CheckedLink {
            verdict: verify(&signed, keys),
            claim: Some(signed.claim),
        },
        Err(e) => CheckedLink {
            claim: None,
            verdict: Verdict::Forged(Forgery::Malformed(e)),
        },
    }
}

/// A value as an error message shows it: cut short, so a pasted paragraph
/// does not become a paragraph-long message.
fn shown(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        text.chars().take(MAX).chain(['…']).collect()
    }
}
