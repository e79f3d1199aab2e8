//! timeline.csv and timeline.jsonl: the same rows, in the same order (SPEC §7a).

use std::io::Write;
use std::path::Path;

use super::csv_out::CsvOut;
use super::{OutputError, create, io_err};
use crate::correlate::timeline::{COLUMNS, TimelineRow};

/// Writes both timeline files row by row.
pub struct TimelineWriter {
    csv: CsvOut<std::io::BufWriter<std::fs::File>>,
    jsonl: std::io::BufWriter<std::fs::File>,
    dir: std::path::PathBuf,
    rows: u64,
}

impl TimelineWriter {
    /// Create both files in `dir` and write the CSV header.
    pub fn create(dir: &Path) -> Result<Self, OutputError> {
        let mut csv = CsvOut::new(create(dir, "timeline.csv")?);
        csv.row(COLUMNS.iter())
            .map_err(io_err(dir, "timeline.csv"))?;
        let jsonl = create(dir, "timeline.jsonl")?;
        Ok(TimelineWriter {
            csv,
            jsonl,
            dir: dir.to_path_buf(),
            rows: 0,
        })
    }

    /// Append one row to both files.
    pub fn write(&mut self, row: &TimelineRow) -> std::io::Result<()> {
        self.csv.row(row.cells())?;
        serde_json::to_writer(&mut self.jsonl, row)?;
        self.jsonl.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }

    /// Flush both files; returns the number of rows written.
    pub fn finish(self) -> Result<u64, OutputError> {
        let mut w = self
            .csv
            .finish()
            .map_err(io_err(&self.dir, "timeline.csv"))?;
        w.flush().map_err(io_err(&self.dir, "timeline.csv"))?;
        let mut j = self.jsonl;
        j.flush().map_err(io_err(&self.dir, "timeline.jsonl"))?;
        Ok(self.rows)
    }
}
