//! rejects.csv: every row that could not be read, with file, line, reason and an excerpt.

use std::io::Write;
use std::path::Path;

use super::csv_out::CsvOut;
use super::{OutputError, create, io_err};

/// Column names of rejects.csv.
pub const COLUMNS: [&str; 4] = ["file", "line", "reason", "excerpt"];

/// Streams rejected rows to rejects.csv.
pub struct RejectsWriter {
    csv: CsvOut<std::io::BufWriter<std::fs::File>>,
    dir: std::path::PathBuf,
}

impl RejectsWriter {
    /// Create rejects.csv with its header.
    pub fn create(dir: &Path) -> Result<Self, OutputError> {
        let mut csv = CsvOut::new(create(dir, "rejects.csv")?);
        csv.row(COLUMNS).map_err(io_err(dir, "rejects.csv"))?;
        Ok(RejectsWriter {
            csv,
            dir: dir.to_path_buf(),
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
        let line = line.to_string();
        self.csv
            .row([file, &line, reason, excerpt])
            .map_err(io_err(&self.dir, "rejects.csv"))
    }

    /// Flush.
    pub fn finish(self) -> Result<(), OutputError> {
        let mut w = self
            .csv
            .finish()
            .map_err(io_err(&self.dir, "rejects.csv"))?;
        w.flush().map_err(io_err(&self.dir, "rejects.csv"))
    }
}
