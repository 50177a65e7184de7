//! The kitemark on the web: the badge a current signatory puts on its
//! website, the public page the badge links to, the published keys, and
//! the helper other pages use to offer the badge ([`links`]).
//!
//! The signature proves a badge was issued by this service; whether the
//! organisation is still a signatory is read from the register each time a
//! link is checked, so a badge of an organisation that has withdrawn shows
//! as revoked.

pub mod api;
mod badge;
pub mod pages;

use crate::AppState;
use askama::Template;
use compact_core::kitemark::{check_link, Claim, Forgery, PublicKeyList, Verdict};
use compact_core::model::{Organisation, Signatory};
use compact_core::{Date, OrganisationId};
use compact_store::StoredCompact;

/// What a page needs to offer an organisation its badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitemarkLinks {
    /// The badge image, an SVG.
    pub badge_url: String,
    /// The public page that checks the badge's signature and status.
    pub verify_url: String,
    /// HTML to paste into a website: the badge, linking to its check.
    /// Escaped already; show it in a `<pre>`/`<textarea>` through askama's
    /// normal escaping so the visitor sees the markup.
    pub embed_html: String,
}

#[derive(Template)]
#[template(path = "kitemark/embed.html")]
struct Embed<'a> {
    badge_url: &'a str,
    verify_url: &'a str,
    alt: &'a str,
}

/// The badge and verification links for `organisation`'s sign-up to
/// `compact`, signed with the current key, or `None` when the organisation
/// is not a current signatory today (withdrawn, or not yet signed up), when
/// no kitemark keys are set up, or when its name cannot be signed (empty,
/// or longer than the limit).
///
/// Links are absolute, from the server's public URL, because they are
/// pasted into other websites.
pub fn links(
    state: &AppState,
    compact: &StoredCompact,
    organisation: &Organisation,
    signatory: &Signatory,
) -> Option<KitemarkLinks> {
    let ring = state.kitemark.as_ref()?;
    if signatory.organisation != organisation.id || !signatory.is_current_on(state.today()) {
        return None;
    }
    let signed = match ring.issue(
        &compact.slug,
        organisation.id,
        &organisation.name,
        signatory.signed_on,
    ) {
        Ok(signed) => signed,
        Err(e) => {
            tracing::warn!(organisation = %organisation.id, error = %e, "no kitemark for this organisation");
            return None;
        }
    };
    let base = state.settings.public_url.trim_end_matches('/');
    let badge_url = format!("{base}{}", badge_path(&compact.slug, organisation.id));
    let verify_url = format!("{base}/kitemark/verify?{}", signed.query_string());
    let alt = badge::sentence(
        &crate::i18n::Tr::new(crate::i18n::Lang::En),
        &compact.name,
        signatory.signed_on,
    );
    let embed_html = Embed {
        badge_url: &badge_url,
        verify_url: &verify_url,
        alt: &alt,
    }
    .render()
    .ok()?;
    Some(KitemarkLinks {
        badge_url,
        verify_url,
        embed_html: embed_html.trim().to_string(),
    })
}

/// A Compact's name as it reads after "the" in our sentences: "The
/// Wiltshire Compact" becomes "Wiltshire Compact", so no sentence says
/// "signed up to the The ...".
pub(crate) fn after_the(name: &str) -> &str {
    let name = name.trim();
    match name.get(..4) {
        Some(article) if article.eq_ignore_ascii_case("the ") => name[4..].trim_start(),
        _ => name,
    }
}

/// Where an organisation's badge is served, relative to the site.
pub fn badge_path(compact_slug: &str, organisation: OrganisationId) -> String {
    crate::routes::kitemark_badge(compact_slug, organisation)
}

/// Where a badge stands, all things considered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Genuine, and the organisation is a signatory today.
    Valid,
    /// Genuine, but the sign-up it vouches for has ended: on the date, when
    /// the register records one, or removed from the register altogether.
    Revoked { withdrawn_on: Option<Date> },
    /// Not issued by this service.
    Forged(Forgery),
}

/// A verification link, checked against the keys and the register.
#[derive(Debug, Clone)]
pub struct Verification {
    /// What the link says, when it could be read. For a forged link this is
    /// only what someone wrote, not something this service vouches for.
    pub claim: Option<Claim>,
    /// The Compact's name as stored, when the claim names one that exists.
    pub compact_name: Option<String>,
    pub status: Status,
}

/// Check a verification link (a URL or query string): first its signature
/// offline, then, for a genuine one, whether the sign-up it names is still
/// current on today's register. A server without keys has published none,
/// so every link names a key it does not know.
pub async fn verify(
    state: &AppState,
    link: &str,
) -> Result<Verification, compact_store::StoreError> {
    let no_keys = PublicKeyList::default();
    let keys = state
        .kitemark
        .as_ref()
        .map_or(&no_keys, |ring| ring.public_keys());
    let checked = check_link(link, keys);
    let Some(claim) = checked.claim else {
        let Verdict::Forged(forgery) = checked.verdict else {
            unreachable!("a link that was not read cannot be valid")
        };
        return Ok(Verification {
            claim: None,
            compact_name: None,
            status: Status::Forged(forgery),
        });
    };
    let stored = state.app.store.find_compact(claim.compact()).await?;
    let compact_name = stored.as_ref().map(|c| c.name.clone());
    if let Verdict::Forged(forgery) = checked.verdict {
        return Ok(Verification {
            claim: Some(claim),
            compact_name,
            status: Status::Forged(forgery),
        });
    }
    let status = match &stored {
        Some(compact) => {
            // Only the sign-ups of the organisation the claim names.
            let signups = state
                .app
                .store
                .signups_here(compact.id, claim.organisation())
                .await?;
            standing(&signups, &claim, state.today())
        }
        None => Status::Revoked { withdrawn_on: None },
    };
    Ok(Verification {
        claim: Some(claim),
        compact_name,
        status,
    })
}

/// Whether the sign-up a genuine claim names is current on `today`. The
/// claim is tied to one sign-up by its date: an organisation that withdrew
/// and signed up again has a new badge, and the old one stays revoked.
fn standing(signups: &[Signatory], claim: &Claim, today: Date) -> Status {
    let sign_up = signups
        .iter()
        .find(|s| s.organisation == claim.organisation() && s.signed_on == claim.signed_on());
    match sign_up {
        Some(s) if s.is_current_on(today) => Status::Valid,
        Some(s) => Status::Revoked {
            withdrawn_on: s.withdrawn_on,
        },
        None => Status::Revoked { withdrawn_on: None },
    }
}

/// The sign-up of an organisation (of its `signups` to one Compact) that is
/// current today, for the badge. With more than one current sign-up (which
/// the register should not hold), the earliest, so the badge says "since"
/// the longest time.
pub(crate) fn current_sign_up(signups: &[Signatory], today: Date) -> Option<&Signatory> {
    signups
        .iter()
        .filter(|s| s.is_current_on(today))
        .min_by_key(|s| s.signed_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use compact_core::kitemark::{KeyId, KitemarkKey};
    use compact_core::SignatoryId;

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap()
    }

    fn sign_up(id: i64, signed_on: Date, withdrawn_on: Option<Date>) -> Signatory {
        Signatory {
            id: SignatoryId(id),
            organisation: OrganisationId(7),
            signed_on,
            signed_by: String::new(),
            edition: String::new(),
            withdrawn_on,
            withdrawal_reason: None,
            champion: None,
        }
    }

    #[test]
    fn a_claim_stands_only_while_its_own_sign_up_does() {
        let key = KitemarkKey::from_bytes(KeyId::parse("k").unwrap(), &[1; 32]);
        let claim = key
            .issue("w", OrganisationId(7), "Org", date(2024, 1, 1))
            .unwrap()
            .claim()
            .clone();
        let today = date(2026, 1, 1);
        let with = |signatories: Vec<Signatory>| signatories;
        assert_eq!(
            standing(
                &with(vec![sign_up(1, date(2024, 1, 1), None)]),
                &claim,
                today
            ),
            Status::Valid
        );
        // Notice of withdrawal in the future: still current today.
        assert_eq!(
            standing(
                &with(vec![sign_up(1, date(2024, 1, 1), Some(date(2026, 2, 1)))]),
                &claim,
                today
            ),
            Status::Valid
        );
        assert_eq!(
            standing(
                &with(vec![
                    sign_up(1, date(2024, 1, 1), Some(date(2025, 1, 1))),
                    sign_up(2, date(2025, 6, 1), None),
                ]),
                &claim,
                today
            ),
            Status::Revoked {
                withdrawn_on: Some(date(2025, 1, 1))
            }
        );
        assert_eq!(
            standing(&with(vec![]), &claim, today),
            Status::Revoked { withdrawn_on: None }
        );
    }
}
