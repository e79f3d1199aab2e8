//! The record engine: pulls raw records from an opened stream in batches (sequential,
//! cheap: record boundaries only), then maps each batch to events in parallel with rayon,
//! keeping input order (`par_iter().map().collect()`), so output never depends on the
//! thread count.

use std::io::BufRead;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::Value;

use super::csv_header::CsvHeader;
use super::csv_lines::{LineIndex, NewlineCounting};
use super::error::{IngestError, RowError};
use super::formats::{Cell, FileCtx, InputFormat, Mapped, Record};
use super::json_stream::{JsonItem, JsonStream};
use super::sniff::{Head, Layout};
use crate::event::{Event, FileId, RAW_EXCERPT_MAX, SourcePos, truncate_chars};

/// Records per batch handed to the parallel mapper.
pub const BATCH: usize = 4096;

/// Most bytes of records in one batch: a batch of 4,096 records near the 64 MiB record
/// cap would otherwise hold hundreds of GB, and the pipeline keeps a few batches in flight.
pub const BATCH_BYTES: usize = 64 * 1024 * 1024;

/// Largest buffer a row is given up front (a huge row does not make the next as large).
const ROW_HINT_MAX: usize = 64 * 1024;

/// Largest field count used to pre-size the next row.
const FIELDS_HINT_MAX: usize = 256;

/// One raw record, before mapping.
pub enum RawItem {
    /// A CSV data row.
    Csv {
        /// Line of its first byte.
        line: u64,
        /// Cells as read.
        record: csv::ByteRecord,
    },
    /// A JSON record.
    Json {
        /// Line of its first byte.
        line: u64,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// Something the reader could not split into a record.
    Malformed(RowError),
}

impl RawItem {
    /// Bytes the record holds (its cells or its JSON text).
    fn size(&self) -> usize {
        match self {
            RawItem::Csv { record, .. } => record.as_slice().len(),
            RawItem::Json { bytes, .. } => bytes.len(),
            RawItem::Malformed(e) => e.excerpt.len(),
        }
    }
}

/// The result of mapping one raw record.
pub enum Outcome {
    /// A normalized event (boxed: events are large).
    Event(Box<Event>),
    /// A deliberately skipped record.
    Filtered(&'static str),
    /// A bad row.
    Rejected(RowError),
}

/// A mapped record with its bookkeeping.
pub struct Mapped1 {
    /// What became of it.
    pub outcome: Outcome,
    /// Invalid UTF-8 was replaced in it.
    pub lossy: bool,
}

enum Inner {
    Csv {
        rdr: csv::Reader<NewlineCounting<Box<dyn BufRead + Send>>>,
        header: CsvHeader,
        preamble: u64,
        lines: Arc<Mutex<LineIndex>>,
        /// Bytes (with a quarter to spare) and fields of the last row, capped: the
        /// size of the next one.
        size: (usize, usize),
    },
    Json(JsonStream<Box<dyn BufRead + Send>>),
}

/// Streams raw records of one file.
pub struct RecordReader {
    inner: Inner,
    path: String,
    records: u64,
    /// A read error met after some records of a batch: the batch is handed out first,
    /// the error on the next call.
    failed: Option<IngestError>,
}

impl RecordReader {
    /// Set up a reader for a sniffed stream (the reader starts at the file's first byte).
    pub fn new(
        mut reader: Box<dyn BufRead + Send>,
        head: &Head,
        path: &str,
    ) -> Result<Self, IngestError> {
        let inner = match head.layout {
            Layout::Json => Inner::Json(JsonStream::new(reader)),
            Layout::Csv => {
                for _ in 0..head.preamble_lines {
                    let mut skipped = Vec::new();
                    reader
                        .read_until(b'\n', &mut skipped)
                        .map_err(|e| read_err(path, 0, e))?;
                }
                let (counting, lines) = NewlineCounting::new(reader);
                let mut rdr = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(counting);
                let mut rec = csv::ByteRecord::new();
                rdr.read_byte_record(&mut rec)
                    .map_err(|e| read_err(path, 0, csv_io(e)))?;
                Inner::Csv {
                    rdr,
                    header: CsvHeader::from_byte_record(&rec),
                    preamble: head.preamble_lines,
                    lines,
                    size: (256, 8),
                }
            }
        };
        Ok(RecordReader {
            inner,
            path: path.to_string(),
            records: 0,
            failed: None,
        })
    }

    /// Records handed out so far.
    pub fn records_read(&self) -> u64 {
        self.records
    }

    /// The CSV header, for CSV streams.
    pub fn header(&self) -> Option<&CsvHeader> {
        match &self.inner {
            Inner::Csv { header, .. } => Some(header),
            Inner::Json(_) => None,
        }
    }

    /// Up to `n` raw records, and no more than [`BATCH_BYTES`] of them; empty at the end of
    /// the stream. A read error (a cut gzip, an I/O error) comes after the records read
    /// before it: those are handed out first, and the error on the next call.
    pub fn next_batch(&mut self, n: usize) -> Result<Vec<RawItem>, IngestError> {
        self.next_batch_within(n, BATCH_BYTES)
    }

    /// [`Self::next_batch`] with a byte budget: the batch ends after the record that
    /// reaches `max_bytes`. Batches hold whole records in input order, so where they end
    /// never changes the output.
    fn next_batch_within(
        &mut self,
        n: usize,
        max_bytes: usize,
    ) -> Result<Vec<RawItem>, IngestError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let mut out = Vec::with_capacity(n.min(BATCH));
        let mut bytes = 0;
        while out.len() < n && bytes < max_bytes {
            match self.next_item() {
                Ok(Some(item)) => {
                    bytes += item.size();
                    out.push(item);
                }
                Ok(None) => break,
                Err(e) if out.is_empty() => return Err(e),
                Err(e) => {
                    self.failed = Some(e);
                    break;
                }
            }
        }
        self.records += out.len() as u64;
        Ok(out)
    }

    fn next_item(&mut self) -> Result<Option<RawItem>, IngestError> {
        match &mut self.inner {
            Inner::Csv {
                rdr,
                preamble,
                lines,
                size,
                ..
            } => {
                let size = (&mut size.0, &mut size.1);
                // Sized like the rows so far: a record grown from empty is reallocated
                // and zero-filled a dozen times (the reader thread's largest cost).
                let mut record = csv::ByteRecord::with_capacity(*size.0, *size.1);
                let result = rdr.read_byte_record(&mut record);
                let bytes = record.as_slice().len();
                *size.0 = (bytes + bytes / 4).min(ROW_HINT_MAX);
                *size.1 = record.len().min(FIELDS_HINT_MAX);
                let byte = match &result {
                    Ok(_) => record.position().map_or(0, csv::Position::byte),
                    Err(e) => e.position().map_or(0, csv::Position::byte),
                };
                let line = lines.lock().map_or(0, |mut l| l.line_of(byte)) + *preamble;
                match result {
                    Ok(false) => Ok(None),
                    Ok(true) => Ok(Some(RawItem::Csv { line, record })),
                    Err(e) => match e.into_kind() {
                        csv::ErrorKind::Io(io) => {
                            // The line the reader had reached: the row it was reading.
                            let reached = lines.lock().map_or(0, |l| l.reached()) + *preamble;
                            Err(read_err(&self.path, reached, io))
                        }
                        other => Ok(Some(RawItem::Malformed(RowError::new(
                            line,
                            format!("unreadable CSV row: {other:?}"),
                            "",
                        )))),
                    },
                }
            }
            Inner::Json(stream) => match stream.next() {
                None => Ok(None),
                Some(Err(e)) => Err(read_err(&self.path, stream.line(), e)),
                Some(Ok(JsonItem::Record(r))) => Ok(Some(RawItem::Json {
                    line: r.line,
                    bytes: r.bytes,
                })),
                Some(Ok(JsonItem::Malformed {
                    line,
                    reason,
                    excerpt,
                })) => Ok(Some(RawItem::Malformed(RowError::new(
                    line, reason, &excerpt,
                )))),
            },
        }
    }
}

fn read_err(path: &str, line: u64, source: std::io::Error) -> IngestError {
    IngestError::Read {
        path: path.to_string(),
        line,
        cause: source,
    }
}

fn csv_io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Map a batch in parallel, in order. `first_record` numbers the batch's records.
pub fn map_batch(
    format: &dyn InputFormat,
    header: Option<&CsvHeader>,
    items: Vec<RawItem>,
    file: FileId,
    first_record: u64,
    ctx: &FileCtx,
) -> Vec<Mapped1> {
    items
        .into_par_iter()
        .enumerate()
        .map(|(i, item)| map_one(format, header, item, file, first_record + i as u64, ctx))
        .collect()
}

pub(crate) fn map_one(
    format: &dyn InputFormat,
    header: Option<&CsvHeader>,
    item: RawItem,
    file: FileId,
    record: u64,
    ctx: &FileCtx,
) -> Mapped1 {
    match item {
        RawItem::Malformed(e) => Mapped1 {
            outcome: Outcome::Rejected(e),
            lossy: false,
        },
        RawItem::Csv { line, record: rec } => {
            let pos = SourcePos { file, line, record };
            match header {
                Some(h) => map_csv(format, h, &rec, pos, ctx),
                None => Mapped1 {
                    outcome: Outcome::Rejected(RowError::new(line, "CSV row without a header", "")),
                    lossy: false,
                },
            }
        }
        RawItem::Json { line, bytes } => {
            map_json(format, &bytes, SourcePos { file, line, record }, ctx)
        }
    }
}

fn map_csv(
    format: &dyn InputFormat,
    h: &CsvHeader,
    rec: &csv::ByteRecord,
    pos: SourcePos,
    ctx: &FileCtx,
) -> Mapped1 {
    let mut any_lossy = false;
    let mut cells: Vec<Cell<'_>> = rec
        .iter()
        .map(|f| match std::str::from_utf8(f) {
            Ok(s) => Cell::Borrowed(s),
            Err(_) => {
                any_lossy = true;
                String::from_utf8_lossy(f)
            }
        })
        .collect();
    // Extra trailing cells that are all empty (a trailing comma) are harmless.
    let mut n = cells.len();
    while n > h.len() && cells[n - 1].trim().is_empty() {
        n -= 1;
    }
    if n != h.len() {
        let reason = format!("expected {} fields, found {}", h.len(), rec.len());
        return Mapped1 {
            outcome: Outcome::Rejected(RowError::new(pos.line, reason, &excerpt_of_cells(&cells))),
            lossy: any_lossy,
        };
    }
    cells.truncate(n);
    let outcome = finish(
        format.map(
            Record::Csv {
                header: h,
                cells: &cells,
            },
            pos,
            ctx,
        ),
        pos,
        || excerpt_of_cells(&cells),
    );
    Mapped1 {
        outcome,
        lossy: any_lossy,
    }
}

fn map_json(format: &dyn InputFormat, bytes: &[u8], pos: SourcePos, ctx: &FileCtx) -> Mapped1 {
    let (text, any_lossy) = match std::str::from_utf8(bytes) {
        Ok(s) => (Cell::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    let outcome = match format.map_json_text(&text, pos, ctx) {
        Some(r) => finish(r, pos, || text.to_string()),
        None => match serde_json::from_str::<Value>(&text) {
            Err(e) => {
                Outcome::Rejected(RowError::new(pos.line, format!("invalid JSON: {e}"), &text))
            }
            Ok(v) => finish(format.map(Record::Json(&v), pos, ctx), pos, || {
                text.to_string()
            }),
        },
    };
    Mapped1 {
        outcome,
        lossy: any_lossy,
    }
}

/// The outcome of mapping; `raw` gives the record's text, built only when needed (a
/// rejected row's excerpt, or an event that keeps one).
fn finish(
    r: Result<Mapped, crate::event::MapError>,
    pos: SourcePos,
    raw: impl FnOnce() -> String,
) -> Outcome {
    match r {
        Ok(Mapped::Event(mut ev)) => {
            if ev.raw_excerpt.is_empty() && ev.wants_raw_excerpt() {
                ev.set_raw_excerpt(&raw());
            }
            Outcome::Event(ev)
        }
        Ok(Mapped::Filtered(why)) => Outcome::Filtered(why),
        Err(e) => Outcome::Rejected(RowError::new(pos.line, e.to_string(), &raw())),
    }
}

fn excerpt_of_cells(cells: &[Cell<'_>]) -> String {
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(c);
        if s.len() > RAW_EXCERPT_MAX {
            break;
        }
    }
    truncate_chars(&s, RAW_EXCERPT_MAX).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{self, BufReader, Cursor, Read};

    /// Fails every read, as a cut gzip stream does once its data runs out.
    struct CutStream;

    impl Read for CutStream {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("incomplete deflate stream"))
        }
    }

    /// A reader over three JSON lines and then a read error.
    fn cut_reader() -> RecordReader {
        let line =
            r#"{"CreationTime":"2026-02-10T18:00:00","Operation":"FileAccessed","RecordType":6}"#;
        let text = format!("{line}\n{line}\n{line}\n");
        let head = crate::ingest::sniff::sniff(text.as_bytes())
            .head
            .expect("a JSON head");
        let stream = BufReader::new(Cursor::new(text.into_bytes()).chain(CutStream));
        RecordReader::new(Box::new(stream), &head, "cut.jsonl.gz").expect("a reader")
    }

    /// Regression (issue 12): a batch took 4,096 records whatever their size, so big
    /// records (each up to the 64 MiB cap) could fill memory many times over.
    #[test]
    fn a_batch_ends_at_its_byte_budget() {
        let mut reader = cut_reader();
        let record = 80; // bytes of each of the three lines
        assert_eq!(
            reader.next_batch_within(BATCH, 2 * record).unwrap().len(),
            2
        );
        assert_eq!(reader.next_batch_within(BATCH, 1).unwrap().len(), 1);
        assert_eq!(reader.records_read(), 3);
    }

    /// Regression (issue 12): the records read before a read error in the same batch were
    /// dropped, uncounted (a cut .gz kept only whole batches of 4,096 records).
    #[test]
    fn records_before_a_read_error_are_handed_out_first() {
        let mut reader = cut_reader();
        let batch = reader.next_batch(BATCH).expect("the records first");
        assert_eq!(batch.len(), 3);
        assert_eq!(reader.records_read(), 3);
        let err = reader.next_batch(BATCH).err().expect("then the error");
        // Regression (issue 12): a JSON stream's read error said line 0.
        assert_eq!(
            err.to_string(),
            "cut.jsonl.gz:4: read error: incomplete deflate stream"
        );
    }
}
