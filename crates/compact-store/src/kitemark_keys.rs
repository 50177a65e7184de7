//! The kitemark's signing keys, kept in a directory of their own and never
//! in the database: a copy of the database (a backup, a dump handed to a
//! developer) must not be enough to forge badges, and the keys must outlive
//! a database that is restored or moved.
//!
//! The directory holds one private key per file, `KEY_ID.key` (32 secret
//! bytes in base64url, readable by the owner only), and the public list
//! `keys.json`, which the web service publishes for offline checks. The
//! newest key that is not retired signs new badges; retired keys stay
//! listed, so the badges they signed still verify.

use compact_core::calendar::{today_in_london, Date};
use compact_core::kitemark::{KeyId, KitemarkKey, PublicKey, PublicKeyList};
use compact_core::OrganisationId;
use rand::RngCore;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::url::DatabaseUrl;

/// The public list's file name inside the key directory.
pub const PUBLIC_LIST_FILE: &str = "keys.json";

/// Where the keys live when no directory is given: beside an SQLite
/// database (`FILE.kitemark/`), or `compact-kitemark/` in the working
/// directory for PostgreSQL, whose data is not on this computer.
pub fn default_dir(database_url: &str) -> crate::Result<PathBuf> {
    Ok(match DatabaseUrl::parse(database_url)? {
        DatabaseUrl::Sqlite(file) => {
            let mut name = file.clone().into_os_string();
            name.push(".kitemark");
            PathBuf::from(name)
        }
        DatabaseUrl::Postgres(_) => PathBuf::from("compact-kitemark"),
    })
}

/// Why the keys could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum KeyRingError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {reason}", path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("there are no kitemark keys in {} (set them up with `compact init`)", .0.display())]
    Missing(PathBuf),
    #[error("every kitemark key in {} is retired; make a new one with `compact kitemark rotate`", .0.display())]
    NoCurrentKey(PathBuf),
}

type Result<T> = std::result::Result<T, KeyRingError>;

pub(crate) fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> KeyRingError {
    let path = path.to_path_buf();
    move |source| KeyRingError::Io {
        action,
        path,
        source,
    }
}

/// The keys of one installation: the public list and the private key that
/// signs now.
#[derive(Debug)]
pub struct KeyRing {
    dir: PathBuf,
    public: PublicKeyList,
    current: KitemarkKey,
    created_now: bool,
}

impl KeyRing {
    /// Open the keys in `dir`, making the directory and a first key when
    /// there are none yet.
    pub fn open_or_create(dir: &Path) -> Result<KeyRing> {
        if dir.join(PUBLIC_LIST_FILE).exists() {
            return KeyRing::open(dir);
        }
        create_private_dir(dir)?;
        let key = new_key(dir, today_in_london())?;
        let public = PublicKeyList::new(vec![published(&key, today_in_london())]);
        write_public_list(dir, &public)?;
        tracing::info!(dir = %dir.display(), key = %key.id(), "made a kitemark signing key");
        Ok(KeyRing {
            dir: dir.to_path_buf(),
            public,
            current: key,
            created_now: true,
        })
    }

    /// Open the keys in `dir`, which must have been set up.
    pub fn open(dir: &Path) -> Result<KeyRing> {
        let public = read_public_keys(dir)?;
        let Some(entry) = current_entry(&public) else {
            return Err(KeyRingError::NoCurrentKey(dir.to_path_buf()));
        };
        let current = read_private_key(dir, entry)?;
        Ok(KeyRing {
            dir: dir.to_path_buf(),
            public,
            current,
            created_now: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether opening it made the first key (so `compact init` can say so).
    pub fn created_now(&self) -> bool {
        self.created_now
    }

    /// The key that signs new badges.
    pub fn current(&self) -> &KitemarkKey {
        &self.current
    }

    /// Every key that ever signed, for verification and publication.
    pub fn public_keys(&self) -> &PublicKeyList {
        &self.public
    }

    /// Sign a kitemark for an organisation with the current key.
    pub fn issue(
        &self,
        compact: &str,
        organisation: OrganisationId,
        organisation_name: &str,
        signed_on: Date,
    ) -> std::result::Result<compact_core::kitemark::SignedClaim, compact_core::kitemark::ClaimError>
    {
        self.current
            .issue(compact, organisation, organisation_name, signed_on)
    }

    /// Make a new key and let it sign from now on. The keys before it are
    /// marked retired today but stay listed, so the badges they signed
    /// still verify. A server that is running keeps signing with the key it
    /// read at start until it is restarted; both verify.
    pub fn rotate(&mut self) -> Result<&KitemarkKey> {
        let today = today_in_london();
        let key = new_key(&self.dir, today)?;
        let mut public = self.public.clone();
        for entry in &mut public.keys {
            entry.retired.get_or_insert(today);
        }
        public.keys.push(published(&key, today));
        write_public_list(&self.dir, &public)?;
        tracing::info!(dir = %self.dir.display(), key = %key.id(), "rotated the kitemark signing key");
        self.public = public;
        self.current = key;
        Ok(&self.current)
    }
}

/// Read only the public list in `dir`: what offline verification needs.
pub fn read_public_keys(dir: &Path) -> Result<PublicKeyList> {
    let path = dir.join(PUBLIC_LIST_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(KeyRingError::Missing(dir.to_path_buf()))
        }
        Err(e) => return Err(io("read", &path)(e)),
    };
    PublicKeyList::from_json(&text).map_err(|e| KeyRingError::Corrupt {
        path,
        reason: e.to_string(),
    })
}

/// The newest key that is not retired.
fn current_entry(public: &PublicKeyList) -> Option<&PublicKey> {
    public.keys.iter().rev().find(|k| k.retired.is_none())
}

fn published(key: &KitemarkKey, created: Date) -> PublicKey {
    PublicKey {
        id: key.id().clone(),
        algorithm: "ed25519".into(),
        public_key: key.public_key_bytes(),
        created,
        retired: None,
    }
}

fn private_key_path(dir: &Path, id: &KeyId) -> PathBuf {
    dir.join(format!("{id}.key"))
}

/// A fresh key from the operating system's randomness (`OsRng`), written to its own file before it is published, so a
/// listed key always has its secret on disk.
fn new_key(dir: &Path, today: Date) -> Result<KitemarkKey> {
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let mut suffix = [0u8; 3];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let id_text = format!(
        "{}-{:02x}{:02x}{:02x}",
        today.format("%Y-%m-%d"),
        suffix[0],
        suffix[1],
        suffix[2]
    );
    let id = KeyId::parse(&id_text).map_err(|e| KeyRingError::Corrupt {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    })?;
    let key = KitemarkKey::from_bytes(id, &secret);
    let path = private_key_path(dir, key.id());
    let encoded = {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        format!("{}\n", URL_SAFE_NO_PAD.encode(key.secret_bytes()))
    };
    let mut file = owner_only_new_file(&path).map_err(io("create", &path))?;
    file.write_all(encoded.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io("write", &path))?;
    Ok(key)
}

fn read_private_key(dir: &Path, entry: &PublicKey) -> Result<KitemarkKey> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let path = private_key_path(dir, &entry.id);
    warn_if_others_can_read(&path);
    let text = fs::read_to_string(&path).map_err(io("read the private key", &path))?;
    let corrupt = |reason: &str| KeyRingError::Corrupt {
        path: path.clone(),
        reason: reason.to_string(),
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim())
        .map_err(|_| corrupt("not a private key (32 bytes in base64url)"))?;
    let secret: [u8; 32] = bytes
        .try_into()
        .map_err(|_| corrupt("not a private key (32 bytes in base64url)"))?;
    let key = KitemarkKey::from_bytes(entry.id.clone(), &secret);
    if key.public_key_bytes() != entry.public_key {
        return Err(corrupt(
            "this private key does not match the public key keys.json lists for it",
        ));
    }
    Ok(key)
}

/// Write the public list to a temporary file and rename it over the old
/// one, so a reader (or a crash) never sees half a list.
fn write_public_list(dir: &Path, public: &PublicKeyList) -> Result<()> {
    replace_file(dir, PUBLIC_LIST_FILE, &format!("{}\n", public.to_json()))
}

/// Write `text` to `name` in `dir` through a temporary file renamed over
/// the old one, so a reader (or a crash) never sees half a file.
pub(crate) fn replace_file(dir: &Path, name: &str, text: &str) -> Result<()> {
    let path = dir.join(name);
    let temporary = dir.join(format!(".{name}.{}", std::process::id()));
    let mut file = fs::File::create(&temporary).map_err(io("create", &temporary))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io("write", &temporary))?;
    fs::rename(&temporary, &path).map_err(io("replace", &path))?;
    Ok(())
}

#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io("create the key directory", dir))
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(io("create the key directory", dir))
}

/// A new file only its owner may read (mode 0600 from the start, not
/// changed after writing), refusing to replace an existing one.
#[cfg(unix)]
pub(crate) fn owner_only_new_file(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
pub(crate) fn owner_only_new_file(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn warn_if_others_can_read(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(
                path = %path.display(),
                "the kitemark private key can be read by other users; make it private with chmod 600"
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_others_can_read(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;
    use compact_core::kitemark::{verify, Verdict};

    #[test]
    fn a_first_key_is_made_once_with_private_files() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("compact.db.kitemark");
        let ring = KeyRing::open_or_create(&dir).unwrap();
        assert!(ring.created_now());
        assert_eq!(ring.public_keys().keys.len(), 1);
        let again = KeyRing::open_or_create(&dir).unwrap();
        assert!(!again.created_now());
        assert_eq!(again.current().id(), ring.current().id());
        assert_eq!(again.public_keys(), ring.public_keys());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&private_key_path(&dir, ring.current().id())), 0o600);
            assert_eq!(mode(&dir), 0o700);
        }
    }

    #[test]
    fn rotation_retires_the_old_key_which_still_verifies() {
        let temp = tempfile::tempdir().unwrap();
        let mut ring = KeyRing::open_or_create(temp.path()).unwrap();
        let old = ring.current().id().clone();
        let before = ring
            .issue("wiltshire", OrganisationId(1), "A", today_in_london())
            .unwrap();
        let new = ring.rotate().unwrap().id().clone();
        assert_ne!(old, new);
        let reopened = KeyRing::open(temp.path()).unwrap();
        assert_eq!(reopened.current().id(), &new);
        let keys = reopened.public_keys();
        assert_eq!(keys.find(&old).unwrap().retired, Some(today_in_london()));
        assert_eq!(keys.find(&new).unwrap().retired, None);
        assert_eq!(verify(&before, keys), Verdict::Valid);
        assert_eq!(read_public_keys(temp.path()).unwrap(), *keys);
    }

    #[test]
    fn a_private_key_that_does_not_match_its_listing_is_refused() {
        let temp = tempfile::tempdir().unwrap();
        let ring = KeyRing::open_or_create(temp.path()).unwrap();
        let path = private_key_path(temp.path(), ring.current().id());
        fs::write(&path, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n").unwrap();
        let err = KeyRing::open(temp.path()).unwrap_err().to_string();
        assert!(err.contains("does not match"), "{err}");
        fs::write(&path, "not a key").unwrap();
        let err = KeyRing::open(temp.path()).unwrap_err().to_string();
        assert!(err.contains("not a private key"), "{err}");
    }

    #[test]
    fn a_missing_directory_is_named_in_the_error() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("nowhere");
        let err = KeyRing::open(&dir).unwrap_err();
        assert!(matches!(err, KeyRingError::Missing(_)));
        assert!(err.to_string().contains("nowhere"));
    }

    #[test]
    fn keys_default_to_beside_an_sqlite_file_or_the_working_directory() {
        assert_eq!(
            default_dir("sqlite://data/compact.db").unwrap(),
            PathBuf::from("data/compact.db.kitemark")
        );
        assert_eq!(
            default_dir("postgres://postgres@127.0.0.1:5432/compact").unwrap(),
            PathBuf::from("compact-kitemark")
        );
        assert!(default_dir("mysql://x").is_err());
    }
}
