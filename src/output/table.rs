//! The one writer seam of the output stage: every file of rows has a table of column
//! definitions (name and how a row renders it, in contract order), and writers render rows
//! through it — CSV with every cell sanitised, JSON lines through serde. A test holds each
//! table against docs/output.md, so the code and the documented columns cannot drift.

use std::fs::File;
use std::io::{BufWriter, Write};

use serde::Serialize;

use super::csv_out::CsvOut;
use super::dir::OutputDir;
use super::{OutputError, io_err};

/// One column: its contract name and how a row renders it (plain text; the CSV writer
/// neutralises it).
pub struct Column<R> {
    /// Column name (SPEC §7b: extend at the end, never rename).
    pub name: &'static str,
    /// The cell of a row.
    pub cell: fn(&R) -> String,
}

/// The names of a table's columns, in order.
pub fn names<R>(columns: &[Column<R>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

/// A writer of the rows of one output file: created with its header (begin), fed rows in
/// the order they are given (row), flushed (finish). Writers never sort, filter or decide.
pub trait RowWriter<R> {
    /// Write one row.
    fn row(&mut self, row: &R) -> Result<(), OutputError>;
    /// Flush; returns the number of rows written.
    fn finish(self) -> Result<u64, OutputError>;
}

/// A CSV file rendered through a column table.
pub struct CsvWriter<R: 'static> {
    csv: CsvOut<BufWriter<File>>,
    columns: &'static [Column<R>],
    out: std::path::PathBuf,
    name: &'static str,
    rows: u64,
}

impl<R> CsvWriter<R> {
    /// Create `name` in the output directory and write its header.
    pub fn begin(
        out: &OutputDir,
        name: &'static str,
        columns: &'static [Column<R>],
    ) -> Result<Self, OutputError> {
        let mut csv = CsvOut::new(out.create(name)?);
        csv.row(columns.iter().map(|c| c.name))
            .map_err(io_err(out.path(), name))?;
        Ok(CsvWriter {
            csv,
            columns,
            out: out.path().to_path_buf(),
            name,
            rows: 0,
        })
    }
}

impl<R> RowWriter<R> for CsvWriter<R> {
    fn row(&mut self, row: &R) -> Result<(), OutputError> {
        self.rows += 1;
        self.csv
            .row(self.columns.iter().map(|c| (c.cell)(row)))
            .map_err(io_err(&self.out, self.name))
    }

    fn finish(self) -> Result<u64, OutputError> {
        let err = io_err(&self.out, self.name);
        let mut w = self.csv.finish().map_err(&err)?;
        w.flush().map_err(&err)?;
        Ok(self.rows)
    }
}

/// A JSON-lines file: one object per row, keys in the row type's field order.
pub struct JsonlWriter {
    w: BufWriter<File>,
    out: std::path::PathBuf,
    name: &'static str,
    rows: u64,
}

impl JsonlWriter {
    /// Create `name` in the output directory.
    pub fn begin(out: &OutputDir, name: &'static str) -> Result<Self, OutputError> {
        Ok(JsonlWriter {
            w: out.create(name)?,
            out: out.path().to_path_buf(),
            name,
            rows: 0,
        })
    }
}

impl<R: Serialize> RowWriter<R> for JsonlWriter {
    fn row(&mut self, row: &R) -> Result<(), OutputError> {
        self.rows += 1;
        let err = io_err(&self.out, self.name);
        serde_json::to_writer(&mut self.w, row).map_err(|e| err(std::io::Error::other(e)))?;
        self.w.write_all(b"\n").map_err(&err)
    }

    fn finish(mut self) -> Result<u64, OutputError> {
        self.w.flush().map_err(io_err(&self.out, self.name))?;
        Ok(self.rows)
    }
}

/// Write a whole table of rows to one CSV file; returns the number of rows.
pub fn write_csv<'a, R: 'a>(
    out: &OutputDir,
    name: &'static str,
    columns: &'static [Column<R>],
    rows: impl IntoIterator<Item = &'a R>,
) -> Result<u64, OutputError> {
    let mut w = CsvWriter::begin(out, name, columns)?;
    for r in rows {
        w.row(r)?;
    }
    w.finish()
}
