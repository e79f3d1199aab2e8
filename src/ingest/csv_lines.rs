//! Physical line numbers for CSV records. The csv crate's own line counter is one short
//! on CRLF files (it stamps a record's position before consuming the `\n` of the
//! previous record's CRLF), and Windows exports are CRLF. So the stream is wrapped in a
//! reader that notes where each `\n` is, and a record's line is `1 +` the newlines at or
//! before its start byte. Only newlines not yet passed are kept (the csv read-ahead window
//! plus one record), so memory stays bounded.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// Largest CSV row, in bytes: the csv reader holds a row whole, so a row that never ends
/// (an endless quoted cell, a gzip bomb) would otherwise take all memory. Past it the
/// file stops with a read error. Measured from the start of the row before, so a row
/// may pass it by the length of that row; real rows are kilobytes.
pub const MAX_ROW_BYTES: u64 = super::json_stream::MAX_RECORD_BYTES as u64;

/// Byte offsets of newlines not yet passed, and how many were passed.
#[derive(Debug, Default)]
pub struct LineIndex {
    pending: VecDeque<u64>,
    passed: u64,
    /// Start of the last row asked about: the size cap counts from there.
    last_start: u64,
}

impl LineIndex {
    /// 1-based line of the last byte read so far (where a read error happened).
    pub fn reached(&self) -> u64 {
        self.passed + self.pending.len() as u64 + 1
    }

    /// 1-based line of a record starting at `byte` (offsets must not go backwards).
    pub fn line_of(&mut self, byte: u64) -> u64 {
        self.last_start = self.last_start.max(byte);
        while self.pending.front().is_some_and(|&nl| nl <= byte) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// A reader that records newline offsets into a shared [`LineIndex`].
pub struct NewlineCounting<R> {
    inner: R,
    pos: u64,
    index: Arc<Mutex<LineIndex>>,
}

impl<R> NewlineCounting<R> {
    /// Wrap `inner`; returns the reader and the index it fills.
    pub fn new(inner: R) -> (Self, Arc<Mutex<LineIndex>>) {
        let index = Arc::new(Mutex::new(LineIndex::default()));
        (
            NewlineCounting {
                inner,
                pos: 0,
                index: index.clone(),
            },
            index,
        )
    }
}

impl<R: Read> Read for NewlineCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut idx) = self.index.lock() {
            let base = self.pos;
            idx.pending
                .extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| base + i as u64));
            if base + n as u64 - idx.last_start > MAX_ROW_BYTES {
                let mib = MAX_ROW_BYTES >> 20;
                return Err(io::Error::other(format!("CSV row larger than {mib} MiB")));
            }
        }
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(data: &[u8]) -> Vec<u64> {
        let (r, idx) = NewlineCounting::new(data);
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(r);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let byte = rec.position().unwrap().byte();
            out.push(idx.lock().unwrap().line_of(byte));
        }
        out
    }

    /// Regression (issue 12): an endless quoted cell (a gzip bomb) was held in memory
    /// whole; the reader now fails once a row passes the cap.
    #[test]
    fn row_over_the_size_cap_is_a_read_error() {
        let mut data = b"h1,h2\na,b\nc,\"".to_vec();
        data.resize(data.len() + MAX_ROW_BYTES as usize + (1 << 20), b'y');
        let (r, idx) = NewlineCounting::new(&data[..]);
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(r);
        let mut rec = csv::ByteRecord::new();
        for _ in 0..2 {
            assert!(rdr.read_byte_record(&mut rec).unwrap());
            let byte = rec.position().unwrap().byte();
            idx.lock().unwrap().line_of(byte);
        }
        let err = rdr.read_byte_record(&mut rec).unwrap_err();
        assert!(
            err.to_string().contains("CSV row larger than 64 MiB"),
            "{err}"
        );
    }

    #[test]
    fn crlf_lf_and_embedded_newlines() {
        assert_eq!(lines_of(b"h1,h2\r\na,b\r\nc,d\r\n"), vec![1, 2, 3]);
        assert_eq!(lines_of(b"h1,h2\na,b\nc,d\n"), vec![1, 2, 3]);
        assert_eq!(lines_of(b"h1,h2\r\n\"a\r\nx\",b\r\nc,d\r\n"), vec![1, 2, 4]);
    }
}
