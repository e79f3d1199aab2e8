//! Stand-in for the Parquet writer in a binary built without the `parquet` feature: the
//! same API, refusing to start with [`UNSUPPORTED`](super::UNSUPPORTED), so callers need
//! no feature gates of their own.

use std::marker::PhantomData;

use super::Table;
use crate::output::OutputError;
use crate::output::dir::OutputDir;
use crate::output::table::RowWriter;

/// Never constructed: [`ParquetWriter::begin`] always fails.
pub struct ParquetWriter<R: 'static> {
    never: std::convert::Infallible,
    rows: PhantomData<R>,
}

impl<R> ParquetWriter<R> {
    /// Refuse: this binary has no Parquet support.
    pub fn begin(out: &OutputDir, table: &'static Table<R>) -> Result<Self, OutputError> {
        Err(OutputError {
            path: out.path().join(table.name).display().to_string(),
            cause: std::io::Error::new(std::io::ErrorKind::Unsupported, super::UNSUPPORTED),
        })
    }
}

impl<R> RowWriter<R> for ParquetWriter<R> {
    fn row(&mut self, _row: &R) -> Result<(), OutputError> {
        match self.never {}
    }

    fn finish(self) -> Result<u64, OutputError> {
        let _ = self.rows;
        match self.never {}
    }
}
