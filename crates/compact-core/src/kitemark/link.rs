//! A signed claim as the query string of a verification link:
//! `compact=SLUG&org=ID&name=NAME&signed=YYYY-MM-DD&key=KEY&sig=SIGNATURE`.
//!
//! The name and the signature are base64url without padding, so the whole
//! query needs no percent-encoding and survives being copied, pasted and
//! e-mailed. The other fields are plain by construction.

use super::{Claim, ClaimError, KeyId};
use crate::calendar::Date;
use crate::ids::OrganisationId;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// A link longer than this is refused before it is read: a genuine one is
/// well under 1 KB even with the longest name.
const MAX_LINK_BYTES: usize = 4096;

/// The parameters of a link, in the order they are written.
const PARAMETERS: [&str; 6] = ["compact", "org", "name", "signed", "key", "sig"];

/// A claim with its ed25519 signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedClaim {
    pub(super) claim: Claim,
    pub(super) signature: [u8; 64],
}

/// Why a link could not be read. Each names the parameter at fault, so a
/// person can see whether the link was cut short or altered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is longer than {MAX_LINK_BYTES} characters")]
    TooLong,
    #[error("the link has no `{0}` parameter (was it cut short?)")]
    Missing(&'static str),
    #[error("the link gives `{0}` more than once")]
    Repeated(&'static str),
    #[error("the `{0}` parameter is not base64url text")]
    NotBase64(&'static str),
    #[error("the organisation's name is not UTF-8 text")]
    NameNotText,
    #[error("{0:?} is not an organisation number")]
    Organisation(String),
    #[error("{0:?} is not a date in the form YYYY-MM-DD")]
    Date(String),
    #[error("the signature is {0} bytes long; an ed25519 signature is 64")]
    SignatureLength(usize),
    #[error(transparent)]
    Claim(#[from] ClaimError),
}

impl SignedClaim {
    pub fn claim(&self) -> &Claim {
        &self.claim
    }

    pub fn signature(&self) -> &[u8; 64] {
        &self.signature
    }

    /// The query string of the verification link, without the `?`.
    pub fn query_string(&self) -> String {
        let c = &self.claim;
        format!(
            "compact={}&org={}&name={}&signed={}&key={}&sig={}",
            c.compact,
            c.organisation.0,
            URL_SAFE_NO_PAD.encode(c.organisation_name.as_bytes()),
            c.signed_on.format("%Y-%m-%d"),
            c.key,
            URL_SAFE_NO_PAD.encode(self.signature),
        )
    }

    /// Read a link: a full URL (`https://.../kitemark/verify?...`), or its
    /// query string with or without the `?`. Parameters it does not know
    /// (such as `lang`) are passed over; a known one given twice is refused,
    /// so a link cannot say one thing to one reader and another to another.
    pub fn parse_link(link: &str) -> Result<SignedClaim, LinkError> {
        let link = link.trim();
        if link.len() > MAX_LINK_BYTES {
            return Err(LinkError::TooLong);
        }
        let link = link.split('#').next().unwrap_or_default();
        let query = match link.split_once('?') {
            Some((_, query)) => query,
            None => link,
        };
        let mut values: [Option<&str>; 6] = [None; 6];
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if let Some(i) = PARAMETERS.iter().position(|p| *p == name) {
                if values[i].replace(value).is_some() {
                    return Err(LinkError::Repeated(PARAMETERS[i]));
                }
            }
        }
        let get = |i: usize| values[i].ok_or(LinkError::Missing(PARAMETERS[i]));
        let compact = get(0)?;
        let organisation = parse_organisation(get(1)?)?;
        let name_bytes = URL_SAFE_NO_PAD
            .decode(get(2)?)
            .map_err(|_| LinkError::NotBase64("name"))?;
        let name = String::from_utf8(name_bytes).map_err(|_| LinkError::NameNotText)?;
        let signed_on = parse_date(get(3)?)?;
        let key = KeyId::parse(get(4)?)?;
        let signature_bytes = URL_SAFE_NO_PAD
            .decode(get(5)?)
            .map_err(|_| LinkError::NotBase64("sig"))?;
        let signature: [u8; 64] = signature_bytes
            .as_slice()
            .try_into()
            .map_err(|_| LinkError::SignatureLength(signature_bytes.len()))?;
        let claim = Claim::new(compact, organisation, &name, signed_on, key)?;
        Ok(SignedClaim { claim, signature })
    }
}

/// Digits only: `+7` or ` 7` would be read as 7 by `str::parse`, and then
/// two different links would carry one claim.
fn parse_organisation(text: &str) -> Result<OrganisationId, LinkError> {
    let digits = !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit());
    let canonical = digits && (text == "0" || !text.starts_with('0'));
    match text.parse::<i64>() {
        Ok(n) if canonical => Ok(OrganisationId(n)),
        _ => Err(LinkError::Organisation(super::shown(text))),
    }
}

/// Exactly `YYYY-MM-DD`, for the same reason.
fn parse_date(text: &str) -> Result<Date, LinkError> {
    match Date::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) if date.format("%Y-%m-%d").to_string() == text => Ok(date),
        _ => Err(LinkError::Date(super::shown(text))),
    }
}
