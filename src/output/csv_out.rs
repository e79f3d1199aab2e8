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
