//! Definitions read once. Every page of a Compact needs its definition,
//! and reading the TOML again on each request was most of a page's cost;
//! a parsed definition is kept for as long as the stored source is the same
//! text, so a Compact whose definition is replaced is read afresh.

use compact_core::definition::{self, Definition, DefinitionError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// A definition with the source it was read from.
type Entry = (Arc<str>, Arc<Definition>);

#[derive(Default)]
pub struct DefinitionCache {
    by_slug: Mutex<HashMap<String, Entry>>,
}

impl DefinitionCache {
    /// The definition read from `source`, from the cache when the same
    /// source was read before.
    pub fn get(&self, slug: &str, source: &str) -> Result<Arc<Definition>, DefinitionError> {
        if let Some((cached, definition)) = self.lock().get(slug) {
            if **cached == *source {
                return Ok(definition.clone());
            }
        }
        // Read outside the lock: other Compacts' pages need not wait.
        let definition = Arc::new(definition::parse(&format!("{slug}.toml"), source)?);
        self.lock()
            .insert(slug.to_string(), (Arc::from(source), definition.clone()));
        Ok(definition)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock leaves the map as it was: a plain
        // cache, still correct to use.
        self.by_slug.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_source_is_read_once_and_a_new_one_again() {
        let cache = DefinitionCache::default();
        let source = definition::shipped("blackpool").unwrap();
        let first = cache.get("blackpool", source).unwrap();
        let again = cache.get("blackpool", source).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let other = definition::shipped("wigan").unwrap();
        let replaced = cache.get("blackpool", other).unwrap();
        assert!(!Arc::ptr_eq(&first, &replaced));
        assert!(cache.get("broken", "format = ").is_err());
    }
}
