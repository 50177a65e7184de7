//! Documents uploaded to a consultation, checked before they are kept:
//! the kinds a consultation's readers can open safely, a size a page can
//! serve, a file name safe to send back, and no more documents (links and
//! uploads together) than [`MAX_DOCUMENTS`].
//!
//! The kind is decided from the file's own bytes and its extension
//! together, never from the browser's word for it: a program renamed
//! `.pdf` does not start as a PDF does, and is refused.

use super::input::MAX_DOCUMENTS;
use crate::register::{Checker, FieldProblem, Problem};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The largest file kept: 10 MiB, enough for a consultation paper with
/// pictures; larger belongs on the lead's own site, as a link.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// The longest file name kept, in characters, before its extension.
const MAX_STEM: usize = 100;

/// The kinds of document a consultation may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pdf,
    /// Word, `.docx`.
    Docx,
    /// OpenDocument text, `.odt`.
    Odt,
    /// OpenDocument spreadsheet, `.ods`.
    Ods,
    /// Excel, `.xlsx`.
    Xlsx,
    Csv,
    /// Plain text, `.txt`.
    Text,
}

/// What a file's bytes must look like for its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Pdf,
    /// A ZIP archive: the Office and OpenDocument formats are ZIP files.
    Zip,
    /// UTF-8 text without control characters other than tabs and line
    /// ends.
    Text,
}

impl FileType {
    pub const ALL: [FileType; 7] = [
        FileType::Pdf,
        FileType::Docx,
        FileType::Odt,
        FileType::Ods,
        FileType::Xlsx,
        FileType::Csv,
        FileType::Text,
    ];

    /// The extension a kept file's name ends with, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Docx => "docx",
            FileType::Odt => "odt",
            FileType::Ods => "ods",
            FileType::Xlsx => "xlsx",
            FileType::Csv => "csv",
            FileType::Text => "txt",
        }
    }

    /// The media type the file is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Odt => "application/vnd.oasis.opendocument.text",
            FileType::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileType::Csv => "text/csv; charset=utf-8",
            FileType::Text => "text/plain; charset=utf-8",
        }
    }

    /// The kind whose media type is `media_type` (as stored).
    pub fn from_media_type(media_type: &str) -> Option<FileType> {
        FileType::ALL
            .into_iter()
            .find(|t| t.media_type() == media_type)
    }

    /// The kind a file name's extension says, in any case.
    pub fn from_extension(extension: &str) -> Option<FileType> {
        let extension = extension.to_ascii_lowercase();
        FileType::ALL
            .into_iter()
            .find(|t| t.extension() == extension)
    }

    fn content(self) -> Content {
        match self {
            FileType::Pdf => Content::Pdf,
            FileType::Docx | FileType::Odt | FileType::Ods | FileType::Xlsx => Content::Zip,
            FileType::Csv | FileType::Text => Content::Text,
        }
    }
}

/// Whether `bytes` look like `content`, from their first bytes (and, for
/// text, all of them).
fn looks_like(content: Content, bytes: &[u8]) -> bool {
    match content {
        Content::Pdf => bytes.starts_with(b"%PDF-"),
        // A local file header; an empty archive (PK\x05\x06) holds no
        // document.
        Content::Zip => bytes.starts_with(b"PK\x03\x04"),
        Content::Text => {
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(text).is_ok_and(|text| {
                !text
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
            })
        }
    }
}

/// A file name safe to store and send back: the last part of any path,
/// letters, digits, `-`, `_` and `.` kept and every run of anything else
/// made one `-`, no leading dot, at most [`MAX_STEM`] characters, and the
/// extension of its kind in lower case. A name with nothing left is
/// "document".
pub fn clean_file_name(name: &str, kind: FileType) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => base,
    };
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let stem: String = out
        .trim_matches(|c| matches!(c, '-' | '.' | '_'))
        .chars()
        .take(MAX_STEM)
        .collect();
    let stem = stem.trim_end_matches(['-', '.', '_']);
    let stem = if stem.is_empty() { "document" } else { stem };
    format!("{stem}.{}", kind.extension())
}

/// A document as uploaded: its title as typed, the file's name as the
/// browser sent it, and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct UploadInput<'a> {
    pub title: &'a str,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// An uploaded document, checked: what is kept beside its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUpload {
    pub title: String,
    /// Cleaned by [`clean_file_name`].
    pub file_name: String,
    pub file_type: FileType,
    pub size: u64,
    /// SHA-256 of the bytes, in lower-case hexadecimal.
    pub sha256: String,
}

/// The SHA-256 of `bytes` in lower-case hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl UploadInput<'_> {
    /// Check an upload to a consultation that already has `documents`
    /// documents (links and uploads). Problems name the field: `title`, or
    /// `file` (none chosen, empty, too large, a kind not taken, or one
    /// document too many).
    pub fn check(&self, documents: usize) -> Result<NewUpload, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let title = c.text("title", self.title);
        let file_type = self.file_type(&mut c);
        if documents >= MAX_DOCUMENTS {
            c.flag("file", Problem::TooMany);
        }
        c.finish(|| {
            let file_type = file_type?;
            Some(NewUpload {
                title,
                file_name: clean_file_name(self.file_name, file_type),
                file_type,
                size: self.bytes.len() as u64,
                sha256: sha256_hex(self.bytes),
            })
        })
    }

    fn file_type(&self, c: &mut Checker) -> Option<FileType> {
        let name = self.file_name.trim();
        if name.is_empty() && self.bytes.is_empty() {
            c.flag("file", Problem::Missing);
            return None;
        }
        if self.bytes.is_empty() {
            c.flag("file", Problem::Empty);
            return None;
        }
        if self.bytes.len() > MAX_UPLOAD_BYTES {
            c.flag("file", Problem::TooLarge);
            return None;
        }
        let kind = name
            .rsplit_once('.')
            .and_then(|(_, extension)| FileType::from_extension(extension))
            .filter(|kind| looks_like(kind.content(), self.bytes));
        if kind.is_none() {
            c.flag("file", Problem::WrongFormat);
        }
        kind
    }
}

#[cfg(test)]
#[path = "upload_tests.rs"]
mod tests;
