//! The Parquet writer: rows are buffered column by column and written out as one row
//! group every [`ROW_GROUP_ROWS`] rows (or sooner, at [`ROW_GROUP_BYTES`] of text), so
//! memory stays bounded however long the timeline. Uses parquet's low-level column
//! writers (no arrow: a smaller binary), snappy compression, and the library's default
//! `created_by` (`parquet-rs version X`): nothing in a file depends on the clock, the
//! thread count or a random seed, so the same rows give the same bytes.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::{Kind, Table};
use crate::output::dir::OutputDir;
use crate::output::table::RowWriter;
use crate::output::{OutputError, io_err};

/// Rows per row group (the last one holds the rest). Fixed, so files are reproducible.
pub const ROW_GROUP_ROWS: usize = 64 * 1024;

/// A row group is also closed once its buffered text reaches this many bytes: this bounds
/// memory when rows are unusually wide. Depends only on the rows, so still reproducible.
pub const ROW_GROUP_BYTES: usize = 32 * 1024 * 1024;

/// A Parquet file of rows rendered through a [`Table`].
pub struct ParquetWriter<R: 'static> {
    file: SerializedFileWriter<BufWriter<File>>,
    table: &'static Table<R>,
    columns: Vec<Buffer>,
    limits: (usize, usize),
    buffered: usize,
    text_bytes: usize,
    rows: u64,
    out: PathBuf,
}

impl<R> ParquetWriter<R> {
    /// Create the table's file in the output directory.
    pub fn begin(out: &OutputDir, table: &'static Table<R>) -> Result<Self, OutputError> {
        Self::with_limits(out, table, (ROW_GROUP_ROWS, ROW_GROUP_BYTES))
    }

    fn with_limits(
        out: &OutputDir,
        table: &'static Table<R>,
        limits: (usize, usize),
    ) -> Result<Self, OutputError> {
        let kinds: Vec<Kind> = table.schema().into_iter().map(|(_, k)| k).collect();
        let schema = schema(table).map_err(parquet_err(out, table.name))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let file = SerializedFileWriter::new(out.create(table.name)?, schema, Arc::new(props))
            .map_err(parquet_err(out, table.name))?;
        Ok(ParquetWriter {
            file,
            table,
            columns: kinds.into_iter().map(Buffer::new).collect(),
            limits,
            buffered: 0,
            text_bytes: 0,
            rows: 0,
            out: out.path().to_path_buf(),
        })
    }

    /// Write the buffered rows as one row group.
    fn flush_group(&mut self) -> Result<(), OutputError> {
        let err = |e| OutputError {
            path: self.out.join(self.table.name).display().to_string(),
            cause: std::io::Error::other(e),
        };
        let mut group = self.file.next_row_group().map_err(err)?;
        for buffer in &mut self.columns {
            let Some(mut column) = group.next_column().map_err(err)? else {
                return Err(err(ParquetError::General(
                    "fewer columns than buffers".into(),
                )));
            };
            buffer.write(column.untyped()).map_err(err)?;
            column.close().map_err(err)?;
        }
        group.close().map_err(err)?;
        self.buffered = 0;
        self.text_bytes = 0;
        Ok(())
    }
}

impl<R> RowWriter<R> for ParquetWriter<R> {
    fn row(&mut self, row: &R) -> Result<(), OutputError> {
        for (column, buffer) in self.table.columns.iter().zip(&mut self.columns) {
            let cell = (column.cell)(row);
            self.text_bytes += buffer.push(&cell).map_err(|reason| OutputError {
                path: self.out.join(self.table.name).display().to_string(),
                cause: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("column {}: {reason}", column.name),
                ),
            })?;
        }
        self.rows += 1;
        self.buffered += 1;
        if self.buffered >= self.limits.0 || self.text_bytes >= self.limits.1 {
            self.flush_group()?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<u64, OutputError> {
        if self.buffered > 0 {
            self.flush_group()?;
        }
        let name = self.table.name;
        self.file
            .close()
            .map_err(|e| io_err(&self.out, name)(std::io::Error::other(e)))?;
        Ok(self.rows)
    }
}

fn parquet_err(out: &OutputDir, name: &str) -> impl Fn(ParquetError) -> OutputError {
    let to_output = io_err(out.path(), name);
    move |e| to_output(std::io::Error::other(e))
}

/// The file schema: one flat column per CSV column, in order.
fn schema<R>(table: &Table<R>) -> Result<Arc<Type>, ParquetError> {
    let fields = table
        .schema()
        .into_iter()
        .map(|(name, kind)| field(name, kind).map(Arc::new))
        .collect::<Result<Vec<_>, _>>()?;
    let root = Type::group_type_builder("schema")
        .with_fields(fields)
        .build()?;
    Ok(Arc::new(root))
}

fn field(name: &str, kind: Kind) -> Result<Type, ParquetError> {
    let (physical, logical) = match kind {
        Kind::Text | Kind::OptText => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
        Kind::Time | Kind::OptTime => (
            Physical::INT64,
            Some(LogicalType::timestamp(true, TimeUnit::MILLIS)),
        ),
        Kind::Int | Kind::OptInt => (Physical::INT64, None),
        Kind::Bool | Kind::OptBool => (Physical::BOOLEAN, None),
    };
    let repetition = if kind.nullable() {
        Repetition::OPTIONAL
    } else {
        Repetition::REQUIRED
    };
    Type::primitive_type_builder(name, physical)
        .with_repetition(repetition)
        .with_logical_type(logical)
        .build()
}

/// One column's buffered values: the definition levels (1 present, 0 null) of a nullable
/// column and the values of the present cells. Text lives in one arena per column, not a
/// string per cell, so a buffered row costs little more than its text.
struct Buffer {
    kind: Kind,
    defs: Vec<i16>,
    values: Values,
}

enum Values {
    Text { arena: Vec<u8>, ends: Vec<usize> },
    Int(Vec<i64>),
    Bool(Vec<bool>),
}

impl Buffer {
    fn new(kind: Kind) -> Buffer {
        let values = match kind {
            Kind::Text | Kind::OptText => Values::Text {
                arena: Vec::new(),
                ends: Vec::new(),
            },
            Kind::Time | Kind::OptTime | Kind::Int | Kind::OptInt => Values::Int(Vec::new()),
            Kind::Bool | Kind::OptBool => Values::Bool(Vec::new()),
        };
        Buffer {
            kind,
            defs: Vec::new(),
            values,
        }
    }

    /// Add one cell; returns the text bytes buffered, or why the cell does not fit the
    /// column's type (a bug: typed cells are rendered by mailtrail, not copied from input).
    fn push(&mut self, cell: &str) -> Result<usize, String> {
        if self.kind.nullable() {
            let present = !cell.is_empty();
            self.defs.push(i16::from(present));
            if !present {
                return Ok(0);
            }
        }
        match (&mut self.values, self.kind) {
            (Values::Text { arena, ends }, _) => {
                arena.extend_from_slice(cell.as_bytes());
                ends.push(arena.len());
                return Ok(cell.len());
            }
            (Values::Int(v), Kind::Time | Kind::OptTime) => v.push(millis(cell)?),
            (Values::Int(v), _) => v.push(cell.parse().map_err(|_| not_a("an integer", cell))?),
            (Values::Bool(v), _) => v.push(cell.parse().map_err(|_| not_a("true/false", cell))?),
        }
        Ok(0)
    }

    /// Write the buffered values to the column's writer and empty the buffer.
    fn write(&mut self, writer: &mut ColumnWriter<'_>) -> Result<(), ParquetError> {
        let defs = self.kind.nullable().then_some(self.defs.as_slice());
        match (&mut self.values, writer) {
            (Values::Text { arena, ends }, ColumnWriter::ByteArrayColumnWriter(w)) => {
                let arena = Bytes::from(std::mem::take(arena));
                let mut start = 0;
                let values: Vec<ByteArray> = ends
                    .drain(..)
                    .map(|end| {
                        ByteArray::from(arena.slice(std::mem::replace(&mut start, end)..end))
                    })
                    .collect();
                w.write_batch(&values, defs, None)?;
            }
            (Values::Int(v), ColumnWriter::Int64ColumnWriter(w)) => {
                w.write_batch(v, defs, None)?;
                v.clear();
            }
            (Values::Bool(v), ColumnWriter::BoolColumnWriter(w)) => {
                w.write_batch(v, defs, None)?;
                v.clear();
            }
            _ => {
                return Err(ParquetError::General(
                    "column type differs from schema".into(),
                ));
            }
        }
        self.defs.clear();
        Ok(())
    }
}

fn not_a(what: &str, cell: &str) -> String {
    format!("`{cell}` is not {what}")
}

/// Milliseconds since the epoch of an RFC 3339 time.
fn millis(cell: &str) -> Result<i64, String> {
    chrono::DateTime::parse_from_rfc3339(cell)
        .map(|t| t.timestamp_millis())
        .map_err(|_| not_a("an RFC 3339 time", cell))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::Column;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    struct Row(&'static str, &'static str, &'static str, &'static str);

    static TABLE: Table<Row> = Table {
        name: "t.parquet",
        columns: &[
            Column {
                name: "time",
                cell: |r| r.0.to_string(),
            },
            Column {
                name: "user",
                cell: |r| r.1.to_string(),
            },
            Column {
                name: "asn",
                cell: |r| r.2.to_string(),
            },
            Column {
                name: "flag",
                cell: |r| r.3.to_string(),
            },
        ],
        kinds: &[
            ("time", Kind::OptTime),
            ("asn", Kind::OptInt),
            ("flag", Kind::Bool),
        ],
    };

    const ROWS: [Row; 3] = [
        Row("2026-02-02T15:29:37.250Z", "=cmd|x", "14061", "true"),
        Row("", "", "", "false"),
        Row("1970-01-01T00:00:00.000Z", "b@x", "7", "false"),
    ];

    fn write(rows: &[Row], limits: (usize, usize)) -> (tempfile::TempDir, std::path::PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::open(tmp.path()).unwrap();
        let mut w = ParquetWriter::with_limits(&out, &TABLE, limits).unwrap();
        for r in rows {
            w.row(r).unwrap();
        }
        assert_eq!(w.finish().unwrap(), rows.len() as u64);
        out.commit().unwrap();
        let path = tmp.path().join("t.parquet");
        (tmp, path)
    }

    fn read(path: &std::path::Path) -> (SerializedFileReader<File>, Vec<Vec<Field>>) {
        let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
        let rows = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| {
                r.unwrap()
                    .into_columns()
                    .into_iter()
                    .map(|(_, f)| f)
                    .collect()
            })
            .collect();
        (reader, rows)
    }

    #[test]
    fn cells_round_trip_typed_and_null_where_empty() {
        let (_tmp, path) = write(&ROWS, (ROW_GROUP_ROWS, ROW_GROUP_BYTES));
        let (_, rows) = read(&path);
        assert_eq!(
            rows[0],
            [
                Field::TimestampMillis(1_770_046_177_250),
                Field::Str("=cmd|x".into()),
                Field::Long(14061),
                Field::Bool(true)
            ],
            "text kept as is: no CSV neutralisation"
        );
        assert_eq!(
            rows[1],
            [Field::Null, Field::Null, Field::Null, Field::Bool(false)]
        );
        assert_eq!(rows[2][0], Field::TimestampMillis(0));
    }

    #[test]
    fn row_groups_close_at_the_row_limit() {
        let (_tmp, path) = write(&ROWS, (2, ROW_GROUP_BYTES));
        let (reader, rows) = read(&path);
        let meta = reader.metadata();
        assert_eq!(meta.num_row_groups(), 2);
        assert_eq!(meta.row_group(0).num_rows(), 2);
        assert_eq!(rows.len(), 3);
        assert!(
            meta.file_metadata()
                .created_by()
                .is_some_and(|c| c.starts_with("parquet-rs version "))
        );
    }

    #[test]
    fn row_groups_close_at_the_text_limit() {
        let (_tmp, path) = write(&ROWS, (ROW_GROUP_ROWS, 1));
        let (reader, _) = read(&path);
        assert_eq!(
            reader.metadata().num_row_groups(),
            2,
            "the empty row adds no text"
        );
    }

    #[test]
    fn same_rows_same_bytes() {
        let (_a, a) = write(&ROWS, (2, ROW_GROUP_BYTES));
        let (_b, b) = write(&ROWS, (2, ROW_GROUP_BYTES));
        assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    }

    #[test]
    fn a_cell_that_does_not_fit_its_type_names_the_column() {
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::open(tmp.path()).unwrap();
        let mut w = ParquetWriter::begin(&out, &TABLE).unwrap();
        let e = w.row(&Row("", "", "AS14061", "true")).err().unwrap();
        assert!(
            e.to_string()
                .contains("column asn: `AS14061` is not an integer"),
            "{e}"
        );
        out.discard();
    }
}
