//! Bounded-memory external merge sort for events. Items are held serialized (compact
//! binary, `postcard`), so the memory budget counts real bytes; past the budget a sorted run is spilled to an
//! anonymous temporary file, and runs are merged at the end. At most [`MAX_RUNS`] files are
//! open: beyond that the runs are merged into one first. The sorted result can be read
//! more than once (detection, then the timeline), without holding it in memory.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

use super::timeline::SortKey;

/// In-memory budget before spilling: bytes of serialized rows plus per-row overhead.
pub const DEFAULT_BUDGET: usize = 48 * 1024 * 1024;

/// Most spilled runs kept before they are merged into one.
pub const MAX_RUNS: usize = 64;

/// Per-row bookkeeping beyond the text (key, vector slot, allocation headers).
const ROW_OVERHEAD: usize = 96;

type Item = (SortKey, Vec<u8>);

/// Collects items in any order and yields them (serialized) sorted by key.
pub struct ExternalSorter {
    buf: Vec<Item>,
    bytes: usize,
    budget: usize,
    runs: Vec<File>,
}

impl ExternalSorter {
    /// A sorter that spills after `budget` bytes.
    pub fn new(budget: usize) -> Self {
        ExternalSorter {
            buf: Vec::new(),
            bytes: 0,
            budget,
            runs: Vec::new(),
        }
    }

    /// Add an item, already serialized (the ingest phase serializes events in parallel,
    /// before they reach the single-threaded sorter; see `correlate::stored`).
    pub fn push(&mut self, key: SortKey, bytes: Vec<u8>) -> io::Result<()> {
        self.bytes += bytes.len() + key.1.len() + ROW_OVERHEAD;
        self.buf.push((key, bytes));
        if self.bytes >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// Number of spilled runs so far.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    fn spill(&mut self) -> io::Result<()> {
        sort_run(&mut self.buf);
        // Drained, not taken: the buffer keeps its capacity for the next run.
        let run = write_run(self.buf.drain(..).map(Ok))?;
        self.runs.push(run);
        self.bytes = 0;
        if self.runs.len() >= MAX_RUNS {
            let runs = std::mem::take(&mut self.runs);
            let merged = write_run(MergeIter::new(runs)?)?;
            self.runs.push(merged);
        }
        Ok(())
    }

    /// Sort what is left and hand over the replayable result.
    pub fn finish(mut self) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            sort_run(&mut self.buf);
            return Ok(Sorted {
                mem: self.buf,
                runs: Vec::new(),
            });
        }
        if !self.buf.is_empty() {
            self.spill()?;
        }
        Ok(Sorted {
            mem: Vec::new(),
            runs: self.runs,
        })
    }
}

/// Sorted items, readable any number of times in key order.
pub struct Sorted {
    mem: Vec<Item>,
    runs: Vec<File>,
}

impl Sorted {
    /// Call `f` with the items' bytes in key order, `n` at a time (the last batch may
    /// be shorter), so a caller can decode a batch in parallel.
    pub fn for_each_batch(
        &mut self,
        n: usize,
        mut f: impl FnMut(&[&[u8]]) -> io::Result<()>,
    ) -> io::Result<()> {
        let n = n.max(1);
        if self.runs.is_empty() {
            for chunk in self.mem.chunks(n) {
                let refs: Vec<&[u8]> = chunk.iter().map(|(_, b)| b.as_slice()).collect();
                f(&refs)?;
            }
            return Ok(());
        }
        let mut copies = Vec::with_capacity(self.runs.len());
        for run in &mut self.runs {
            run.rewind()?;
            copies.push(run.try_clone()?);
        }
        let mut owned: Vec<Vec<u8>> = Vec::with_capacity(n);
        let mut give = |owned: &mut Vec<Vec<u8>>| {
            let refs: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
            let r = f(&refs);
            owned.clear();
            r
        };
        for item in MergeIter::new(copies)? {
            owned.push(item?.1);
            if owned.len() >= n {
                give(&mut owned)?;
            }
        }
        if !owned.is_empty() {
            give(&mut owned)?;
        }
        Ok(())
    }
}

/// Decode a key of a spilled run.
fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> io::Result<T> {
    postcard::from_bytes(bytes).map_err(io::Error::other)
}

/// Sort one run by key. Exports are usually in time order per file (Purview newest
/// first), so the run is checked for ascending and descending order first: an ordered run
/// costs one comparison per item and no sort.
fn sort_run(buf: &mut [Item]) {
    if buf.is_sorted_by(|a, b| a.0 <= b.0) {
        return;
    }
    if buf.is_sorted_by(|a, b| a.0 >= b.0) {
        // Keys are unique (file, line and record are part of them), so reversing a
        // descending run gives exactly the ascending order.
        buf.reverse();
        return;
    }
    buf.sort_unstable_by(|a, b| a.0.cmp(&b.0));
}

/// Write sorted items to a fresh anonymous temporary file, rewound for reading. Each item
/// is two little-endian `u32` lengths, the postcard bytes of its key and its payload as
/// is (the payload is already serialized; encoding it again as a byte sequence would cost
/// a call per byte).
fn write_run(items: impl Iterator<Item = io::Result<Item>>) -> io::Result<File> {
    let mut file = tempfile::tempfile()?;
    {
        let mut w = BufWriter::with_capacity(1 << 20, &mut file);
        let mut key_bytes = Vec::new();
        for item in items {
            let (key, payload) = item?;
            key_bytes.clear();
            key_bytes = postcard::to_extend(&key, key_bytes).map_err(io::Error::other)?;
            let klen = u32::try_from(key_bytes.len()).map_err(io::Error::other)?;
            let plen = u32::try_from(payload.len()).map_err(io::Error::other)?;
            w.write_all(&klen.to_le_bytes())?;
            w.write_all(&plen.to_le_bytes())?;
            w.write_all(&key_bytes)?;
            w.write_all(&payload)?;
        }
        w.flush()?;
    }
    file.rewind()?;
    Ok(file)
}

/// The next item of a run, or `None` at its end.
fn read_item(r: &mut BufReader<File>) -> io::Result<Option<Item>> {
    let mut lens = [0u8; 8];
    match r.read_exact(&mut lens) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let (klen, plen) = lens.split_at(4);
    let klen = u32::from_le_bytes(klen.try_into().map_err(io::Error::other)?) as usize;
    let plen = u32::from_le_bytes(plen.try_into().map_err(io::Error::other)?) as usize;
    let mut key = vec![0u8; klen];
    r.read_exact(&mut key)?;
    let mut payload = vec![0u8; plen];
    r.read_exact(&mut payload)?;
    Ok(Some((decode(&key)?, payload)))
}

/// K-way merge over sorted runs.
struct MergeIter {
    readers: Vec<BufReader<File>>,
    heap: BinaryHeap<Reverse<(SortKey, usize)>>,
    current: Vec<Option<Vec<u8>>>,
}

impl MergeIter {
    fn new(runs: Vec<File>) -> io::Result<Self> {
        let mut readers: Vec<_> = runs
            .into_iter()
            .map(|f| BufReader::with_capacity(1 << 18, f))
            .collect();
        let mut heap = BinaryHeap::new();
        let mut current = vec![None; readers.len()];
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some((key, bytes)) = read_item(r)? {
                current[i] = Some(bytes);
                heap.push(Reverse((key, i)));
            }
        }
        Ok(MergeIter {
            readers,
            heap,
            current,
        })
    }

    fn advance(&mut self, i: usize) -> io::Result<()> {
        if let Some((key, bytes)) = read_item(&mut self.readers[i])? {
            self.current[i] = Some(bytes);
            self.heap.push(Reverse((key, i)));
        }
        Ok(())
    }
}

impl Iterator for MergeIter {
    type Item = io::Result<Item>;

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((key, i)) = self.heap.pop()?;
        let bytes = self.current[i].take().unwrap_or_default();
        if let Err(e) = self.advance(i) {
            return Some(Err(e));
        }
        Some(Ok((key, bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_lines(budget: usize, n: u64) -> (usize, Vec<u64>) {
        let mut s = ExternalSorter::new(budget);
        for k in (0..n).rev() {
            s.push(
                ((k % 50) as i64, String::new(), 0, k, 0),
                postcard::to_allocvec(&k).unwrap(),
            )
            .unwrap();
        }
        let runs = s.runs();
        let mut sorted = s.finish().unwrap();
        let mut out = Vec::new();
        sorted
            .for_each_batch(7, |batch| {
                out.extend(batch.iter().map(|b| decode::<u64>(b).unwrap()));
                Ok(())
            })
            .unwrap();
        let mut again = Vec::new();
        sorted
            .for_each_batch(7, |batch| {
                again.extend(batch.iter().map(|b| decode::<u64>(b).unwrap()));
                Ok(())
            })
            .unwrap();
        assert_eq!(out, again, "a second pass sees the same items");
        (runs, out)
    }

    #[test]
    fn spilled_runs_merge_in_order() {
        let (runs, out) = sorted_lines(1500, 500);
        assert!(runs > 1);
        let mut want: Vec<u64> = (0..500).collect();
        want.sort_by_key(|n| (n % 50, *n));
        assert_eq!(out, want);
    }

    #[test]
    fn many_runs_are_folded_below_the_file_limit() {
        let (runs, out) = sorted_lines(300, 400);
        assert!(runs < MAX_RUNS);
        assert_eq!(out.len(), 400);
        let (_, in_memory) = sorted_lines(usize::MAX, 400);
        assert_eq!(out, in_memory);
    }
}
