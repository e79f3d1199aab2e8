//! accessed_messages.csv (SPEC §7, §7b): every message attacker IPs and sessions bound and
//! every folder they synced, streamed in time order as the events are replayed.

use std::path::Path;

use super::OutputError;
use super::csv_out::CsvFile;
use crate::correlate::accessed::{AccessedMessage, COLUMNS};

/// File name.
pub const NAME: &str = "accessed_messages.csv";

/// Streams accessed-message rows.
pub struct AccessedWriter {
    file: CsvFile,
}

impl AccessedWriter {
    /// Create the file with its header.
    pub fn create(dir: &Path) -> Result<Self, OutputError> {
        Ok(AccessedWriter {
            file: CsvFile::create(dir, NAME, COLUMNS)?,
        })
    }

    /// Append one row.
    pub fn write(&mut self, row: &AccessedMessage) -> Result<(), OutputError> {
        self.file.row(row.cells())
    }

    /// Flush; returns the number of rows.
    pub fn finish(self) -> Result<u64, OutputError> {
        self.file.finish()
    }
}
