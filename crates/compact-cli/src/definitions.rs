//! Finding a definition by shipped name or file path.

use anyhow::{anyhow, Context, Result};
use compact_core::definition::{self, Definition};
use std::path::Path;

/// A definition and the text it was read from.
pub struct Loaded {
    pub definition: Definition,
    pub source: String,
}

/// `name_or_path` is a shipped Compact's name (e.g. `wiltshire`) or the path
/// of a definition file.
pub fn load(name_or_path: &str) -> Result<Loaded> {
    if let Some(source) = definition::shipped(name_or_path) {
        let definition = definition::parse(&format!("compacts/{name_or_path}.toml"), source)
            .map_err(|e| anyhow!("{e}"))?;
        return Ok(Loaded {
            definition,
            source: source.to_string(),
        });
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        let names: Vec<&str> = definition::SHIPPED.iter().map(|(name, _)| *name).collect();
        return Err(anyhow!(
            "{name_or_path:?} is neither a shipped Compact ({}) nor a definition file",
            names.join(", ")
        ));
    }
    let source =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let definition =
        definition::parse(&path.display().to_string(), &source).map_err(|e| anyhow!("{e}"))?;
    Ok(Loaded { definition, source })
}
