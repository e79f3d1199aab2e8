//! rejects.csv: every row that could not be read, with file, line, reason and an excerpt.

use super::OutputError;
use super::dir::OutputDir;
use super::table::{Column, CsvWriter, RowWriter};

/// One rejected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Input path as shown.
    pub file: String,
    /// Line where the bad row or record starts.
    pub line: u64,
    /// Why it was rejected.
    pub reason: String,
    /// A bounded excerpt of the row.
    pub excerpt: String,
}

/// The columns, in order.
pub static COLUMNS: &[Column<Reject>] = &[
    Column {
        name: "file",
        cell: |r| r.file.clone(),
    },
    Column {
        name: "line",
        cell: |r| r.line.to_string(),
    },
    Column {
        name: "reason",
        cell: |r| r.reason.clone(),
    },
    Column {
        name: "excerpt",
        cell: |r| r.excerpt.clone(),
    },
];

/// Streams rejected rows to rejects.csv (the header is always written).
pub struct RejectsWriter {
    csv: CsvWriter<Reject>,
}

impl RejectsWriter {
    /// Create rejects.csv with its header.
    pub fn begin(out: &OutputDir) -> Result<Self, OutputError> {
        Ok(RejectsWriter {
            csv: CsvWriter::begin(out, "rejects.csv", COLUMNS)?,
        })
    }

    /// Append one rejected row.
    pub fn write(
        &mut self,
        file: &str,
        line: u64,
        reason: &str,
        excerpt: &str,
    ) -> Result<(), OutputError> {
        self.csv.row(&Reject {
            file: file.to_string(),
            line,
            reason: reason.to_string(),
            excerpt: excerpt.to_string(),
        })
    }

    /// Flush; returns the number of rows.
    pub fn finish(self) -> Result<u64, OutputError> {
        self.csv.finish()
    }
}
