//! Reading a definition file: TOML syntax, then structure (serde), then
//! meaning (the validators in `validate*.rs`).
//!
//! Every problem carries a 1-based line and column so an officer editing the
//! file by hand can go straight to it. Syntax errors and semantic problems are
//! all reported together; a structural error (an unknown key, a missing key, a
//! value of the wrong type) stops serde, so it is reported on its own.

use super::raw::RawFile;
use super::Definition;
use std::fmt;
use std::ops::Range;

/// One thing wrong with a definition file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong and what was expected, as a sentence.
    pub message: String,
}

/// Why a definition file was rejected: one or more problems, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    file: String,
    /// Never empty (see [`DefinitionError::new`]).
    problems: Vec<Problem>,
}

impl DefinitionError {
    /// An error with at least one problem; an empty list becomes a generic
    /// problem at 1:1 so the error is never silent.
    fn new(file: &str, mut problems: Vec<Problem>) -> DefinitionError {
        if problems.is_empty() {
            problems.push(Problem {
                line: 1,
                column: 1,
                message: "the file could not be read as a Compact definition".into(),
            });
        }
        problems.sort_by_key(|p| (p.line, p.column));
        problems.dedup();
        DefinitionError {
            file: file.to_string(),
            problems,
        }
    }

    /// The file name given to [`parse`].
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Every problem found, in file order. Never empty.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn first(&self) -> Option<&Problem> {
        self.problems.first()
    }

    /// Line of the first problem.
    pub fn line(&self) -> usize {
        self.first().map_or(1, |p| p.line)
    }

    /// Column of the first problem.
    pub fn column(&self) -> usize {
        self.first().map_or(1, |p| p.column)
    }

    /// Message of the first problem.
    pub fn message(&self) -> &str {
        self.first().map_or("", |p| p.message.as_str())
    }
}

/// One line per problem: `FILE:LINE:COLUMN: message`.
impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.file, p.line, p.column, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for DefinitionError {}

/// Collects problems while validating, turning byte spans into positions.
pub(super) struct Problems<'s> {
    source: &'s str,
    list: Vec<Problem>,
}

impl<'s> Problems<'s> {
    pub(super) fn new(source: &'s str) -> Problems<'s> {
        Problems {
            source,
            list: Vec::new(),
        }
    }

    /// Record a problem at the start of `span`.
    pub(super) fn at(&mut self, span: Range<usize>, message: impl Into<String>) {
        let (line, column) = position(self.source, span.start);
        self.list.push(Problem {
            line,
            column,
            message: message.into(),
        });
    }

    /// The 1-based line on which `span` starts, for "first defined on line N".
    pub(super) fn line_of(&self, span: &Range<usize>) -> usize {
        position(self.source, span.start).0
    }

    pub(super) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn into_vec(self) -> Vec<Problem> {
        self.list
    }
}

/// 1-based line and column (in characters) of a byte offset. Offsets past
/// the end, or inside a multi-byte character, are clamped rather than
/// trusted, because they come from another crate's error.
pub(super) fn position(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Parse and validate a definition from TOML source. `file` names the file
/// in messages.
pub fn parse(file: &str, source: &str) -> Result<Definition, DefinitionError> {
    let raw = read_raw(source).map_err(|problems| DefinitionError::new(file, problems))?;
    let mut problems = Problems::new(source);
    let definition = super::validate::definition(raw, &mut problems);
    if problems.is_empty() {
        Ok(definition)
    } else {
        Err(DefinitionError::new(file, problems.into_vec()))
    }
}

/// TOML syntax and structure. Syntax errors are collected with the parser's
/// recovery, so a file with three typos reports three problems.
fn read_raw(source: &str) -> Result<RawFile, Vec<Problem>> {
    use serde::Deserialize;

    let (table, errors) = toml::de::DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| toml_problem(source, e, true))
            .collect());
    }
    RawFile::deserialize(toml::de::Deserializer::from(table))
        .map_err(|e| vec![toml_problem(source, &e, false)])
}

fn toml_problem(source: &str, error: &toml::de::Error, syntax: bool) -> Problem {
    let (line, column) = position(source, error.span().map_or(0, |s| s.start));
    let message = if syntax {
        format!("this is not valid TOML: {}", error.message().trim())
    } else {
        humanise(error.message().trim())
    };
    Problem {
        line,
        column,
        message,
    }
}

/// Serde's messages speak of fields, variants and Rust types; a council
/// officer editing a file thinks in keys, values and plain words.
pub(super) fn humanise(message: &str) -> String {
    let mut m = message
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing required key")
        .replace("unknown variant", "unknown value")
        .replace("invalid type:", "wrong kind of value:")
        .replace(
            "as i128, expected i64",
            "is too large; expected a whole number",
        )
        .replace("expected i64", "expected a whole number")
        .replace(
            "expected a sequence",
            "expected an array, e.g. [\"a\", \"b\"]",
        )
        .replace("expected a string", "expected a quoted string")
        .replace("expected a boolean", "expected true or false")
        .replace("there are no fields", "this table takes no keys");
    // "expected struct RawBody" (or `RawBody`) names our Rust type; say "table".
    if let Some(at) = m.find("expected struct ") {
        m.truncate(at);
        m.push_str("expected a table");
    }
    if m.starts_with("missing required key") {
        m.push_str("; add it to the table that starts here");
    }
    if let Some(rest) = m.strip_prefix("unknown key") {
        m = format!("unknown key{rest}; check the spelling against docs/definition-format.md");
    }
    m
}
