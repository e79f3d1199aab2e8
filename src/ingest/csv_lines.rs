//! Physical line numbers for CSV records. The csv crate's own line counter is one short
//! on CRLF files (it stamps a record's position before consuming the `\n` of the
//! previous record's CRLF), and Windows exports are CRLF. So the stream is wrapped in a
//! reader that notes where each `\n` is, and a record's line is `1 +` the newlines at or
//! before its start byte. Only newlines not yet passed are kept (the csv read-ahead window
//! plus one record), so memory stays bounded.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// Byte offsets of newlines not yet passed, and how many were passed.
#[derive(Debug, Default)]
pub struct LineIndex {
    pending: VecDeque<u64>,
    passed: u64,
}

impl LineIndex {
    /// 1-based line of a record starting at `byte` (offsets must not go backwards).
    pub fn line_of(&mut self, byte: u64) -> u64 {
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

    #[test]
    fn crlf_lf_and_embedded_newlines() {
        assert_eq!(lines_of(b"h1,h2\r\na,b\r\nc,d\r\n"), vec![1, 2, 3]);
        assert_eq!(lines_of(b"h1,h2\na,b\nc,d\n"), vec![1, 2, 3]);
        assert_eq!(lines_of(b"h1,h2\r\n\"a\r\nx\",b\r\nc,d\r\n"), vec![1, 2, 4]);
    }
}
