//! The commands about people and accountability: `user`, `token` and
//! `audit`, and the demo's sign-ins.

use crate::commands::say;
use anyhow::{anyhow, bail, Context, Result};
use compact_core::access::{Grant, GrantError, Role};
use compact_core::audit_checkpoint::Checkpoint;
use compact_core::definition::{OrganisationKind, Sector};
use compact_core::model::{Organisation, Records};
use compact_core::{CompactId, OrganisationId};
use compact_store::{
    normalise_email, password, secrets, Actor, AuditKeys, CheckpointOutcome, SavedIds, Store,
    StoredCompact,
};
use std::path::Path;

/// The variable `compact user add` reads a new password from.
pub const PASSWORD_VAR: &str = "COMPACT_PASSWORD";

/// The password of every demo account. The demo database is thrown away
/// each time the demo runs, so a well-known password is harmless there.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

pub async fn user_add(
    store: &Store,
    slug: &str,
    email: &str,
    name: &str,
    role: Role,
    organisation: Option<&str>,
) -> Result<()> {
    let compact = store.compact(slug).await?;
    let email = normalise_email(email)?;
    // Whether an organisation is needed is checked before looking it up, so
    // a mistake in the role is reported as such.
    match (role.acts_for_an_organisation(), organisation.is_some()) {
        (true, false) => bail!(
            "{} with --organisation NUMBER or --organisation \"EXACT NAME\"",
            GrantError::OrganisationMissing(role)
        ),
        (false, true) => bail!(
            "{}: leave out --organisation",
            GrantError::OrganisationNotExpected(role)
        ),
        _ => {}
    }
    let organisation = match organisation {
        Some(text) => Some(find_organisation(store, &compact, text).await?),
        None => None,
    };
    let grant = Grant::new(compact.id, role, organisation.as_ref().map(|o| o.id))?;
    let actor = Actor::system("compact user add");
    let what = describe_role(role, organisation.as_ref().map(|o| o.name.as_str()));
    if let Some((account, _)) = store.account_by_email(&email).await? {
        // The same person can act in several roles; they keep their password.
        if store.grant(account.id, &grant, &actor).await? {
            say!(
                "{} <{}> already had an account: added the role {what} in {}",
                account.name,
                account.email,
                compact.name
            );
        } else {
            say!(
                "{} <{}> already holds the role {what} in {}: nothing changed",
                account.name,
                account.email,
                compact.name
            );
        }
        if account.is_disabled() {
            say!("Note: this account is disabled, so they cannot sign in.");
        }
        return Ok(());
    }
    let typed = read_new_password()?;
    let hash = hash_password(typed).await?;
    let account = store.create_account(&email, name, &hash, &actor).await?;
    store.grant(account.id, &grant, &actor).await?;
    say!(
        "Added {} <{}> to {} as {what}. They can sign in with this e-mail address and the password given.",
        account.name,
        account.email,
        compact.name
    );
    Ok(())
}

pub async fn user_list(store: &Store, slug: &str) -> Result<()> {
    let compact = store.compact(slug).await?;
    let people = store.accounts_in(compact.id).await?;
    let organisations = store.load_records(compact.id).await?.organisations;
    let org_name = |id: OrganisationId| {
        organisations
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| format!("organisation {id}"), |o| o.name.clone())
    };
    say!("{}: {} people", compact.name, people.len());
    for (account, grants) in &people {
        let roles: Vec<String> = grants
            .iter()
            .map(|g| describe_role(g.role, g.organisation.map(&org_name).as_deref()))
            .collect();
        let disabled = if account.is_disabled() {
            "  (disabled)"
        } else {
            ""
        };
        say!(
            "  {:<32} {:<24} {}{disabled}",
            account.email,
            account.name,
            roles.join("; ")
        );
    }
    Ok(())
}

pub async fn token_create(store: &Store, email: &str, name: &str) -> Result<()> {
    let Some((account, _)) = store.account_by_email(email).await? else {
        bail!(
            "there is no account with the e-mail address {}; add one with `compact user add`",
            email.trim()
        );
    };
    if account.is_disabled() {
        bail!(
            "the account {} is disabled, so a token for it would not work",
            account.email
        );
    }
    let token = secrets::new_token();
    let id = store
        .create_api_token(
            account.id,
            name,
            &secrets::token_hash(&token),
            &Actor::system("compact token create"),
        )
        .await?;
    say!(
        "Created API token {id} ({}) for {} <{}>:",
        name.trim(),
        account.name,
        account.email
    );
    say!("");
    say!("    {token}");
    say!("");
    say!("Keep it: it is not shown again. Send it as the header \"Authorization: Bearer TOKEN\".");
    Ok(())
}

/// `compact audit verify`: the chain, the checkpoints (their signatures
/// when the key is in `dir`), and a published checkpoint given as a file.
pub async fn audit_verify(store: &Store, dir: &Path, saved: Option<&Path>) -> Result<()> {
    let keys = AuditKeys::open_existing(dir)?;
    let check = store.verify_audit_with(keys.as_ref()).await?;
    if let Some((seq, reason)) = &check.first_broken {
        bail!("the audit log is broken at entry {seq}: {reason}");
    }
    if let Some(problem) = &check.checkpoint_broken {
        bail!(
            "the audit log does not match its signed checkpoints (entries {} to {}): {}",
            problem.from,
            problem.to,
            problem.reason
        );
    }
    say!("audit log intact: {} entries", check.entries_checked);
    match (&check.signed_up_to, &keys) {
        (Some(c), Some(_)) => say!(
            "signed checkpoint: entry {} vouched for on {} (signature checked with the key in {})",
            c.seq,
            c.at.format("%Y-%m-%d %H:%M:%S UTC"),
            dir.display()
        ),
        (Some(c), None) => say!(
            "signed checkpoint: entry {} on {} (signature not checked: no checkpoint key in {})",
            c.seq,
            c.at.format("%Y-%m-%d %H:%M:%S UTC"),
            dir.display()
        ),
        (None, _) => say!("no signed checkpoint yet (`compact audit checkpoint` signs one)"),
    }
    if let Some(hash) = &check.last_hash {
        say!("latest entry's hash: {hash}");
    }
    if let Some(file) = saved {
        check_saved_checkpoint(store, keys.as_ref(), file).await?;
    }
    Ok(())
}

/// Check a checkpoint saved from `/audit/checkpoint.json` (or a bare
/// checkpoint) against the log.
async fn check_saved_checkpoint(
    store: &Store,
    keys: Option<&AuditKeys>,
    file: &Path,
) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", file.display()))?;
    let inner = value.get("checkpoint").cloned().unwrap_or(value);
    let checkpoint = Checkpoint::from_json(&inner.to_string())
        .map_err(|e| anyhow!("{}: {e}", file.display()))?;
    let trusted = keys.map_or_else(|| checkpoint.key.clone(), AuditKeys::public_key);
    checkpoint
        .verify(&trusted)
        .map_err(|e| anyhow!("the checkpoint in {}: {e}", file.display()))?;
    match store.audit_hash_at(checkpoint.seq).await? {
        Some(hash) if hash == checkpoint.hash => {
            say!(
                "the log still holds the checkpoint in {} (entry {})",
                file.display(),
                checkpoint.seq
            );
            Ok(())
        }
        Some(_) => bail!(
            "entry {} no longer has the hash the checkpoint in {} vouches for: the log was changed",
            checkpoint.seq,
            file.display()
        ),
        None => bail!(
            "the log has no entry {}, which the checkpoint in {} vouches for: entries were removed",
            checkpoint.seq,
            file.display()
        ),
    }
}

/// `compact audit checkpoint`: sign one now.
pub async fn audit_checkpoint(store: &Store, dir: &Path) -> Result<()> {
    let keys = AuditKeys::open_or_create(dir)?;
    match store.checkpoint_audit(&keys, chrono::Utc::now()).await? {
        CheckpointOutcome::Signed(c) => {
            say!("signed a checkpoint for entry {} ({})", c.seq, c.hash);
            Ok(())
        }
        CheckpointOutcome::UpToDate(Some(c)) => {
            say!("nothing new since the checkpoint for entry {}", c.seq);
            Ok(())
        }
        CheckpointOutcome::UpToDate(None) => {
            say!("the audit log is empty: nothing to sign");
            Ok(())
        }
        CheckpointOutcome::Refused(reason) => {
            bail!("no checkpoint signed, because the log does not verify: {reason}")
        }
    }
}

/// A demo sign-in, to print.
pub struct DemoLogin {
    pub email: &'static str,
    pub what: String,
}

/// Create the demo's four accounts, one per role, in `compact`. The officer
/// acts for a council and the member for a charity from `records`.
pub async fn demo_accounts(
    store: &Store,
    compact: CompactId,
    records: &Records,
    saved: &SavedIds,
    edition: &str,
) -> Result<Vec<DemoLogin>> {
    let pick = |kind: OrganisationKind, sector: Sector| -> Result<&Organisation> {
        records
            .organisations
            .iter()
            .find(|o| o.kind == kind)
            .or_else(|| {
                records
                    .organisations
                    .iter()
                    .find(|o| o.kind.sector() == sector)
            })
            .ok_or_else(|| anyhow!("the demo records hold no {} organisation", sector.label()))
    };
    let council = pick(OrganisationKind::LocalAuthority, Sector::Public)?;
    // The member's charity has not signed up yet, so the demo shows a
    // request to sign up waiting for the secretariat.
    let today = compact_core::calendar::today_in_london();
    let signed: std::collections::HashSet<_> = records
        .signatories
        .iter()
        .filter(|s| s.is_current_on(today))
        .map(|s| s.organisation)
        .collect();
    let charity = records
        .organisations
        .iter()
        .find(|o| o.kind == OrganisationKind::Charity && !signed.contains(&o.id))
        .map_or_else(|| pick(OrganisationKind::Charity, Sector::Vcse), Ok)?;
    let people = [
        (
            "secretariat@example.org",
            "Priya Shah",
            Role::Secretariat,
            None,
        ),
        (
            "officer@example.org",
            "Tom Evans",
            Role::Officer,
            Some(council),
        ),
        (
            "member@example.org",
            "Grace Okafor",
            Role::Member,
            Some(charity),
        ),
        ("group@example.org", "David Lewis", Role::Group, None),
    ];
    // A hash (and so a salt) of its own for each, as for any account: a
    // shared salt would show in the database that they share a password.
    // The four are made side by side, since hashing is slow on purpose.
    let hashes = demo_hashes(people.len()).await?;
    let actor = Actor::system("compact demo");
    let mut logins = Vec::new();
    for ((email, name, role, organisation), hash) in people.into_iter().zip(hashes) {
        let organisation_id = organisation
            .map(|o| {
                saved
                    .organisations
                    .get(&o.id)
                    .copied()
                    .ok_or_else(|| anyhow!("the demo organisation {} was not saved", o.name))
            })
            .transpose()?;
        let account = store.create_account(email, name, &hash, &actor).await?;
        store
            .grant(
                account.id,
                &Grant::new(compact, role, organisation_id)?,
                &actor,
            )
            .await?;
        logins.push(DemoLogin {
            email,
            what: describe_role(role, organisation.map(|o| o.name.as_str())),
        });
        if let (Role::Member, Some(organisation)) = (role, organisation_id) {
            if !signed.contains(&charity.id) {
                request_demo_signup(store, compact, organisation, account.id, today, edition)
                    .await?;
            }
        }
    }
    Ok(logins)
}

/// The demo member's request that their charity sign up, dated a week ago.
async fn request_demo_signup(
    store: &Store,
    compact: CompactId,
    organisation: OrganisationId,
    account: compact_core::AccountId,
    today: chrono::NaiveDate,
    edition: &str,
) -> Result<()> {
    let signed_on = compact_core::calendar::days_before(today, 7);
    let sign_up = compact_core::register::SignUp {
        signed_on,
        signed_by: "Grace Okafor".into(),
        signer_role: "Chair of Trustees".into(),
        champion: compact_core::model::Champion {
            name: "Sam Hughes".into(),
            role: "Volunteer coordinator".into(),
            contact: "sam.hughes@example.org".into(),
            appointed_on: signed_on,
            trained_on: None,
        },
    };
    store
        .request_signup(
            compact,
            organisation,
            &sign_up,
            edition,
            account,
            &Actor::Account(account),
        )
        .await?;
    Ok(())
}

pub fn print_demo_logins(logins: &[DemoLogin]) {
    say!("Sign in as any of these, with the password {DEMO_PASSWORD}:");
    for login in logins {
        say!("  {:<26} {}", login.email, login.what);
    }
}

/// A role as a sentence fragment: "officer for Wiltshire Council".
fn describe_role(role: Role, organisation: Option<&str>) -> String {
    match (role, organisation) {
        (_, Some(name)) => format!("{role} for {name}"),
        (Role::Group, None) => "group (Compact Group or Board)".into(),
        (_, None) => role.to_string(),
    }
}

/// The organisation of `compact` that `text` names: its number, or its
/// exact name in any case.
async fn find_organisation(
    store: &Store,
    compact: &StoredCompact,
    text: &str,
) -> Result<Organisation> {
    let text = text.trim();
    let organisations = store.load_records(compact.id).await?.organisations;
    if let Ok(number) = text.parse::<i64>() {
        return organisations
            .into_iter()
            .find(|o| o.id == OrganisationId(number))
            .ok_or_else(|| {
                anyhow!(
                    "there is no organisation number {number} in {}",
                    compact.name
                )
            });
    }
    let lower = text.to_lowercase();
    let exact: Vec<&Organisation> = organisations
        .iter()
        .filter(|o| o.name.to_lowercase() == lower)
        .collect();
    match exact.as_slice() {
        [one] => return Ok((*one).clone()),
        [] => {}
        many => {
            bail!(
            "several organisations of {} are called {text:?} (numbers {}): give the number instead",
            compact.name,
            many.iter().map(|o| o.id.to_string()).collect::<Vec<_>>().join(", ")
        )
        }
    }
    let similar: Vec<String> = organisations
        .iter()
        .filter(|o| o.name.to_lowercase().contains(&lower))
        .take(5)
        .map(|o| format!("{} ({})", o.name, o.id))
        .collect();
    if similar.is_empty() {
        bail!("no organisation of {} is called {text:?}", compact.name);
    }
    bail!(
        "no organisation of {} is called exactly {text:?}; did you mean: {}",
        compact.name,
        similar.join(", ")
    )
}

/// The new password: from COMPACT_PASSWORD, or typed twice on the terminal
/// without echo. Checked for strength before it is confirmed.
fn read_new_password() -> Result<String> {
    let typed = match std::env::var(PASSWORD_VAR) {
        Ok(password) => password,
        Err(std::env::VarError::NotUnicode(_)) => bail!("{PASSWORD_VAR} is not valid text"),
        Err(std::env::VarError::NotPresent) => {
            let first = rpassword::prompt_password(
                "Password for the new account (not shown as you type): ",
            )
            .with_context(|| {
                format!("cannot ask for a password here (no terminal): set {PASSWORD_VAR} instead")
            })?;
            password::check_strength(&first, &[]).map_err(|weak| anyhow!("{}", weak.reason()))?;
            let again =
                rpassword::prompt_password("The same password again: ").with_context(|| {
                    format!(
                        "cannot ask for a password here (no terminal): set {PASSWORD_VAR} instead"
                    )
                })?;
            if again != first {
                bail!("the two passwords differ; nothing was changed");
            }
            first
        }
    };
    password::check_strength(&typed, &[])
        .map_err(|weak| anyhow!("{} (nothing was changed)", weak.reason()))?;
    Ok(typed)
}

/// `count` hashes of the demo password, each with its own salt, made at
/// the same time.
async fn demo_hashes(count: usize) -> Result<Vec<String>> {
    let tasks: Vec<_> = (0..count)
        .map(|_| tokio::spawn(hash_password(DEMO_PASSWORD.to_string())))
        .collect();
    let mut hashes = Vec::with_capacity(count);
    for task in tasks {
        hashes.push(
            task.await
                .context("hashing the password stopped unexpectedly")??,
        );
    }
    Ok(hashes)
}

/// Hash off the async threads: argon2 is slow on purpose.
async fn hash_password(typed: String) -> Result<String> {
    Ok(tokio::task::spawn_blocking(move || password::hash(&typed))
        .await
        .context("hashing the password stopped unexpectedly")??)
}
