//! Keeps `docs/definition-format.md` honest: its complete examples parse, its
//! fragments are valid TOML, and it describes every key and value the shipped
//! definitions use.

use compact_core::definition::{parse, OrganisationKind, ProtectedCharacteristic, SHIPPED};

fn docs() -> String {
    let path = format!(
        "{}/../../docs/definition-format.md",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fenced blocks whose info string is exactly `info`.
fn blocks(markdown: &str, info: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut current {
            None => {
                if let Some(rest) = trimmed.strip_prefix("```") {
                    if rest.trim() == info {
                        current = Some((n + 1, String::new()));
                    }
                }
            }
            Some((_, body)) => {
                if trimmed.starts_with("```") {
                    out.extend(current.take());
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    out
}

#[test]
fn every_complete_example_in_the_docs_parses() {
    let examples = blocks(&docs(), "toml");
    assert!(
        !examples.is_empty(),
        "the docs have no complete ```toml example"
    );
    for (line, example) in examples {
        parse(
            &format!("docs/definition-format.md (example at line {line})"),
            &example,
        )
        .unwrap_or_else(|e| panic!("\n{e}"));
    }
}

#[test]
fn every_fragment_in_the_docs_is_valid_toml() {
    let fragments = blocks(&docs(), "toml fragment");
    assert!(!fragments.is_empty());
    for (line, fragment) in fragments {
        if let Err(e) = fragment.parse::<toml::Table>() {
            panic!("fragment at line {line} of docs/definition-format.md: {e}");
        }
    }
}

fn collect_keys(table: &toml::Table, keys: &mut Vec<String>) {
    for (key, value) in table {
        keys.push(key.clone());
        match value {
            toml::Value::Table(t) => collect_keys(t, keys),
            toml::Value::Array(items) => {
                for item in items {
                    if let toml::Value::Table(t) = item {
                        collect_keys(t, keys);
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn the_docs_describe_every_key_the_shipped_definitions_use() {
    let docs = docs();
    let mut keys = Vec::new();
    for (slug, source) in SHIPPED {
        let table: toml::Table = source.parse().unwrap_or_else(|e| panic!("{slug}: {e}"));
        collect_keys(&table, &mut keys);
    }
    keys.sort();
    keys.dedup();
    let missing: Vec<&String> = keys
        .iter()
        .filter(|k| {
            !docs.contains(&format!("`{k}`"))
                && !docs.contains(&format!("[[{k}]]"))
                && !docs.contains(&format!("`[{k}]`"))
                && !docs.contains(&format!(".{k}]"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "keys not described in the docs: {missing:?}"
    );
}

#[test]
fn the_docs_list_every_organisation_kind_and_protected_characteristic() {
    let docs = docs();
    for kind in OrganisationKind::ALL {
        assert!(
            docs.contains(&format!("`{}`", kind.as_str())),
            "{}",
            kind.as_str()
        );
    }
    for c in ProtectedCharacteristic::ALL {
        let name = serde_json::to_value(c)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        let name = name.unwrap_or_default();
        assert!(docs.contains(&format!("`{name}`")), "{name}");
    }
}
