//! Ingest errors: file-level (fatal for that file) and row-level (counted, quarantined
//! to rejects.csv, the run goes on).

use serde::Serialize;

/// A file that could not be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path cannot be opened.
    #[error("{path}: cannot open: {cause}")]
    Open {
        /// Path as given.
        path: String,
        /// OS error.
        cause: std::io::Error,
    },
    /// Reading failed part-way.
    #[error("{path}:{line}: read error: {cause}")]
    Read {
        /// Path.
        path: String,
        /// Line reached when the error happened.
        line: u64,
        /// OS or decompression error.
        cause: std::io::Error,
    },
    /// The stream is damaged from its first bytes (corrupt gzip, undecodable text).
    #[error("{path}: damaged input: {message}")]
    Damaged {
        /// Path.
        path: String,
        /// What the decoder said.
        message: String,
    },
    /// A zip archive could not be read.
    #[error("{path}: cannot read zip archive: {message}")]
    Zip {
        /// Path.
        path: String,
        /// What the zip reader said.
        message: String,
    },
}

/// A row that could not become an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    /// 1-based physical line where the row starts.
    pub line: u64,
    /// Lower-case reason, no trailing period.
    pub reason: String,
    /// Bounded excerpt of the row.
    pub excerpt: String,
}

/// Longest excerpt kept for a rejected row.
pub const EXCERPT_MAX: usize = 200;

impl RowError {
    /// A row error with a bounded excerpt.
    pub fn new(line: u64, reason: impl Into<String>, excerpt: &str) -> RowError {
        RowError {
            line,
            reason: reason.into(),
            excerpt: crate::event::truncate_chars(excerpt, EXCERPT_MAX).to_string(),
        }
    }
}
