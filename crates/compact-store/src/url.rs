//! Database addresses: `sqlite://PATH` or `postgres://...`.

use crate::error::{Result, StoreError};
use std::path::PathBuf;

/// The default address: an SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://compact.db";

/// Where the data lives, parsed from an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// Parse `sqlite://PATH`, `sqlite:PATH`, `postgres://...` or
    /// `postgresql://...`. `sqlite:///abs/path` and `sqlite://rel/path` both
    /// work: everything after `sqlite://` is the path.
    pub fn parse(url: &str) -> Result<DatabaseUrl> {
        let url = url.trim();
        if let Some(rest) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            // Options after '?' are ours to set, not the user's.
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(StoreError::MalformedUrl {
                    url: url.to_string(),
                    reason: "no file path after sqlite:// (for example sqlite://compact.db)".into(),
                });
            }
            if path == ":memory:" {
                return Err(StoreError::MalformedUrl {
                    url: url.to_string(),
                    reason: "an in-memory database would lose every record when Compact stops; give a file path".into(),
                });
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let rest = url.split_once("://").map(|(_, r)| r).unwrap_or_default();
            if rest.is_empty() || rest.starts_with('/') && rest.len() == 1 {
                return Err(StoreError::MalformedUrl {
                    url: url.to_string(),
                    reason: "no server after postgres:// (for example postgres://postgres@127.0.0.1:5432/compact)".into(),
                });
            }
            return Ok(DatabaseUrl::Postgres(url.to_string()));
        }
        Err(StoreError::UnsupportedUrl {
            url: url.to_string(),
        })
    }

    /// The address with any password hidden, for messages and logs.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => redact_password(url),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_or_say_what_is_wrong() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://compact.db").unwrap(),
            DatabaseUrl::Sqlite("compact.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/compact/data.db").unwrap(),
            DatabaseUrl::Sqlite("/var/lib/compact/data.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:data.db?mode=ro").unwrap(),
            DatabaseUrl::Sqlite("data.db".into())
        );
        assert!(matches!(
            DatabaseUrl::parse("postgresql://u@h/db").unwrap(),
            DatabaseUrl::Postgres(_)
        ));
        for bad in ["mysql://root@localhost/x", "compact.db", "", "http://x"] {
            let err = DatabaseUrl::parse(bad).unwrap_err().to_string();
            assert!(err.contains("sqlite://PATH"), "{bad}: {err}");
            assert!(!err.contains('\n'));
        }
        for bad in ["sqlite://", "sqlite::memory:", "postgres://"] {
            let err = DatabaseUrl::parse(bad).unwrap_err();
            assert!(
                matches!(err, StoreError::MalformedUrl { .. }),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn passwords_are_hidden_in_messages() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db.example:5432/compact").unwrap();
        assert_eq!(url.redacted(), "postgres://app:***@db.example:5432/compact");
        let url = DatabaseUrl::parse("postgres://app@db/compact").unwrap();
        assert_eq!(url.redacted(), "postgres://app@db/compact");
    }
}
