//! The one CSV writer configuration for every output file: UTF-8 without BOM, LF line
//! endings, RFC 4180 quoting, and every cell through [`super::sanitize::for_csv`].

use std::io::Write;

use super::sanitize::for_csv;

/// A CSV writer that neutralises every cell.
pub struct CsvOut<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvOut<W> {
    /// Wrap a byte sink.
    pub fn new(w: W) -> Self {
        let inner = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(w);
        CsvOut { inner }
    }

    /// Write one row.
    pub fn row<I, S>(&mut self, cells: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cleaned: Vec<String> = cells
            .into_iter()
            .map(|c| for_csv(c.as_ref()).into_owned())
            .collect();
        self.inner
            .write_record(&cleaned)
            .map_err(std::io::Error::other)
    }

    /// Flush and return the sink.
    pub fn finish(self) -> std::io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// One CSV output file in the output directory: header first, rows counted, errors named
/// after the file.
pub struct CsvFile {
    csv: CsvOut<std::io::BufWriter<std::fs::File>>,
    dir: std::path::PathBuf,
    name: &'static str,
    rows: u64,
}

impl CsvFile {
    /// Create `dir/name` (through its temporary name) and write the header.
    pub fn create(
        dir: &std::path::Path,
        name: &'static str,
        columns: &[&str],
    ) -> Result<CsvFile, super::OutputError> {
        let mut csv = CsvOut::new(super::create(dir, name)?);
        csv.row(columns).map_err(super::io_err(dir, name))?;
        Ok(CsvFile {
            csv,
            dir: dir.to_path_buf(),
            name,
            rows: 0,
        })
    }

    /// Append one row.
    pub fn row<I, S>(&mut self, cells: I) -> Result<(), super::OutputError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.rows += 1;
        self.csv
            .row(cells)
            .map_err(super::io_err(&self.dir, self.name))
    }

    /// Flush; returns the number of rows written.
    pub fn finish(self) -> Result<u64, super::OutputError> {
        let err = super::io_err(&self.dir, self.name);
        let mut w = self.csv.finish().map_err(&err)?;
        w.flush().map_err(&err)?;
        Ok(self.rows)
    }
}
