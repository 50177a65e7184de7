//! `compact kitemark ...`, and the key directory the other commands share.

use crate::cli::KitemarkCommand;
use crate::commands::say;
use anyhow::{bail, Context, Result};
use compact_core::calendar;
use compact_core::kitemark::{check_link, Forgery, PublicKeyList, Verdict};
use compact_store::kitemark_keys::{default_dir, read_public_keys};
use compact_store::{Actor, KeyRing, Store};
use std::path::{Path, PathBuf};

/// The key directory: `--kitemark-keys`, or the default for the database.
pub fn keys_dir(given: Option<&Path>, database: &str) -> Result<PathBuf> {
    match given {
        Some(dir) => Ok(dir.to_path_buf()),
        None => Ok(default_dir(database)?),
    }
}

/// Open the keys in `dir`, making the first one if there is none, and say
/// so when one was made: it must be backed up, and not with the database.
/// A new key is recorded in the audit log of `store`.
pub async fn ensure_keys(dir: &Path, store: &Store, actor: &Actor) -> Result<KeyRing> {
    let ring = KeyRing::open_or_create(dir)?;
    if ring.created_now() {
        store
            .record_kitemark_key(&ring.current().id().to_string(), &[], actor)
            .await?;
        say!(
            "Made the kitemark signing key {} in {} (back this directory up, separately from the database)",
            ring.current().id(),
            dir.display()
        );
    }
    Ok(ring)
}

pub async fn run(
    keys_option: Option<&Path>,
    database: &str,
    command: &KitemarkCommand,
) -> Result<()> {
    let dir = keys_dir(keys_option, database)?;
    match command {
        KitemarkCommand::Verify { link, keys } => {
            let keys = match keys {
                Some(file) => read_key_file(file)?,
                None => read_public_keys(&dir).with_context(|| {
                    "give a copy of the public keys with --keys keys.json".to_string()
                })?,
            };
            verify(link, &keys)
        }
        KitemarkCommand::Rotate => {
            let mut ring = KeyRing::open(&dir)?;
            // The database before the new key: a rotation the audit log
            // cannot record does not happen.
            let store = Store::open(database).await?;
            let retired: Vec<String> = ring
                .public_keys()
                .keys
                .iter()
                .filter(|k| k.retired.is_none())
                .map(|k| k.id.to_string())
                .collect();
            let new = ring.rotate()?.id().clone();
            store
                .record_kitemark_key(
                    &new.to_string(),
                    &retired,
                    &Actor::system("compact kitemark rotate"),
                )
                .await?;
            store.close().await;
            say!("New signing key {new} in {}", dir.display());
            say!(
                "Retired {}; badges they signed stay genuine.",
                retired.join(", ")
            );
            say!("Restart `compact serve` so new badges are signed with the new key, and back up the directory.");
            Ok(())
        }
        KitemarkCommand::Keys => {
            say!("{}", read_public_keys(&dir)?.to_json());
            Ok(())
        }
    }
}

fn read_key_file(file: &Path) -> Result<PublicKeyList> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    PublicKeyList::from_json(&text).with_context(|| format!("{}", file.display()))
}

fn verify(link: &str, keys: &PublicKeyList) -> Result<()> {
    let checked = check_link(link, keys);
    if let Some(claim) = &checked.claim {
        let heading = match checked.verdict {
            Verdict::Valid => "Genuine: signed by this Compact service's key",
            Verdict::Forged(_) => "NOT GENUINE. The link claims",
        };
        say!("{heading} {}", claim.key());
        say!(
            "  Organisation: {} (number {})",
            claim.organisation_name(),
            claim.organisation()
        );
        say!("  Compact:      {}", claim.compact());
        say!(
            "  Signed up on: {}",
            calendar::format_long(claim.signed_on())
        );
    }
    match checked.verdict {
        Verdict::Valid => {
            say!("Whether the organisation has withdrawn since can only be seen online:");
            say!("  {}", page_url(link));
            Ok(())
        }
        Verdict::Forged(forgery) => {
            let why = match &forgery {
                Forgery::UnknownKey(_) => format!(
                    "{forgery} (if the key is newer than your copy of keys.json, download it again)"
                ),
                _ => forgery.to_string(),
            };
            bail!("the badge is not genuine: {why}")
        }
    }
}

/// The verification page for a link: the link itself when it is a URL, or
/// where it would be on the Compact's website when only the query was given.
fn page_url(link: &str) -> String {
    let link = link.trim();
    if link.starts_with("http://") || link.starts_with("https://") {
        link.to_string()
    } else {
        format!(
            "/kitemark/verify?{} on the Compact's website",
            link.trim_start_matches('?')
        )
    }
}
