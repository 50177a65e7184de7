//! The published list of kitemark keys (`keys.json`): every public key that
//! ever signed a kitemark, with when it was made and when it was retired.
//! Anyone may download it and check links offline.
//!
//! ```json
//! {
//!   "format": "compact-kitemark-keys/1",
//!   "keys": [
//!     { "id": "2026-03-03-4f9a2c", "algorithm": "ed25519",
//!       "public_key": "BASE64URL", "created": "2026-03-03", "retired": null }
//!   ]
//! }
//! ```

use super::KeyId;
use crate::calendar::Date;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// The `format` of the key list this version writes and reads.
pub const KEY_LIST_FORMAT: &str = "compact-kitemark-keys/1";

/// One published key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicKey {
    pub id: KeyId,
    /// Always `ed25519`; written so a reader need not guess.
    #[serde(default = "ed25519")]
    pub algorithm: String,
    #[serde(with = "base64url_32")]
    pub public_key: [u8; 32],
    pub created: Date,
    /// When another key took over signing. A retired key still verifies the
    /// badges it signed.
    #[serde(default)]
    pub retired: Option<Date>,
}

fn ed25519() -> String {
    "ed25519".into()
}

/// Every published key, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicKeyList {
    pub format: String,
    pub keys: Vec<PublicKey>,
}

/// Why a key list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KeyListError {
    #[error("not a kitemark key list: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the key list's format is {0:?}; this version of Compact reads {KEY_LIST_FORMAT:?}")]
    Format(String),
    #[error("the key list names the key {0} twice")]
    Duplicate(KeyId),
    #[error("the key {0} uses {1:?}; only ed25519 is used")]
    Algorithm(KeyId, String),
}

impl PublicKeyList {
    pub fn new(keys: Vec<PublicKey>) -> PublicKeyList {
        PublicKeyList {
            format: KEY_LIST_FORMAT.into(),
            keys,
        }
    }

    /// Read `keys.json`, checking its format and that no id repeats.
    pub fn from_json(text: &str) -> Result<PublicKeyList, KeyListError> {
        let list: PublicKeyList = serde_json::from_str(text)?;
        if list.format != KEY_LIST_FORMAT {
            return Err(KeyListError::Format(list.format));
        }
        for (i, key) in list.keys.iter().enumerate() {
            if key.algorithm != "ed25519" {
                return Err(KeyListError::Algorithm(
                    key.id.clone(),
                    key.algorithm.clone(),
                ));
            }
            if list.keys[..i].iter().any(|k| k.id == key.id) {
                return Err(KeyListError::Duplicate(key.id.clone()));
            }
        }
        Ok(list)
    }

    pub fn to_json(&self) -> String {
        // A struct of strings, dates and byte arrays always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn find(&self, id: &KeyId) -> Option<&PublicKey> {
        self.keys.iter().find(|k| &k.id == id)
    }
}

impl Serialize for KeyId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyId, D::Error> {
        let text = String::deserialize(d)?;
        KeyId::parse(&text).map_err(de::Error::custom)
    }
}

mod base64url_32 {
    use super::*;

    pub fn serialize<S: Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(d)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(&text)
            .map_err(|_| de::Error::custom("a public key is 32 bytes in base64url"))?;
        bytes
            .try_into()
            .map_err(|_| de::Error::custom("a public key is 32 bytes in base64url"))
    }
}
