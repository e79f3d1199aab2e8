//! Bounded-memory external merge sort for events. Items are held serialized (JSON text),
//! so the memory budget counts real bytes; past the budget a sorted run is spilled to an
//! anonymous temporary file, and runs are merged at the end. At most [`MAX_RUNS`] files are
//! open: beyond that the runs are merged into one first. The sorted result can be read
//! more than once (detection, then the timeline), without holding it in memory.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

use super::timeline::SortKey;

/// In-memory budget before spilling: bytes of serialized rows plus per-row overhead.
pub const DEFAULT_BUDGET: usize = 48 * 1024 * 1024;

/// Most spilled runs kept before they are merged into one.
pub const MAX_RUNS: usize = 64;

/// Per-row bookkeeping beyond the text (key, vector slot, allocation headers).
const ROW_OVERHEAD: usize = 96;

type Item = (SortKey, String);

/// Collects items in any order and yields them (as JSON text) sorted by key.
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

    /// Add an item (serialized with serde_json).
    pub fn push<T: serde::Serialize>(&mut self, key: SortKey, item: &T) -> io::Result<()> {
        let json = serde_json::to_string(item)?;
        self.bytes += json.len() + key.1.len() + ROW_OVERHEAD;
        self.buf.push((key, json));
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
        self.buf.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let items = std::mem::take(&mut self.buf);
        let run = write_run(items.into_iter().map(Ok))?;
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
            self.buf.sort_unstable_by(|a, b| a.0.cmp(&b.0));
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
    /// Call `f` with every item's JSON text, in key order.
    pub fn for_each(&mut self, mut f: impl FnMut(&str) -> io::Result<()>) -> io::Result<()> {
        if self.runs.is_empty() {
            for (_, json) in &self.mem {
                f(json)?;
            }
            return Ok(());
        }
        let mut copies = Vec::with_capacity(self.runs.len());
        for run in &mut self.runs {
            run.rewind()?;
            copies.push(run.try_clone()?);
        }
        for item in MergeIter::new(copies)? {
            f(&item?.1)?;
        }
        Ok(())
    }
}

/// Write sorted items to a fresh anonymous temporary file, rewound for reading.
fn write_run(items: impl Iterator<Item = io::Result<Item>>) -> io::Result<File> {
    let mut file = tempfile::tempfile()?;
    {
        let mut w = BufWriter::new(&mut file);
        for item in items {
            let ((t, user, f, line, rec), json) = item?;
            let user = serde_json::to_string(&user)?;
            writeln!(w, "{t}\t{f}\t{line}\t{rec}\t{user}\t{json}")?;
        }
        w.flush()?;
    }
    file.rewind()?;
    Ok(file)
}

fn read_item(line: &str) -> io::Result<Item> {
    let bad = || io::Error::other("damaged temporary sort file");
    let mut parts = line.splitn(6, '\t');
    let mut num = || {
        parts
            .next()
            .and_then(|p| p.parse::<i64>().ok())
            .ok_or_else(bad)
    };
    let (t, f, l, r) = (num()?, num()?, num()?, num()?);
    let user: String = serde_json::from_str(parts.next().ok_or_else(bad)?)?;
    let json = parts.next().ok_or_else(bad)?.to_string();
    Ok(((t, user, f as u32, l as u64, r as u64), json))
}

/// K-way merge over sorted runs.
struct MergeIter {
    readers: Vec<io::Lines<BufReader<File>>>,
    heap: BinaryHeap<Reverse<(SortKey, usize)>>,
    current: Vec<Option<String>>,
}

impl MergeIter {
    fn new(runs: Vec<File>) -> io::Result<Self> {
        let mut readers: Vec<_> = runs
            .into_iter()
            .map(|f| BufReader::new(f).lines())
            .collect();
        let mut heap = BinaryHeap::new();
        let mut current = vec![None; readers.len()];
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(line) = r.next() {
                let (key, json) = read_item(&line?)?;
                current[i] = Some(json);
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
        if let Some(line) = self.readers[i].next() {
            let (key, json) = read_item(&line?)?;
            self.current[i] = Some(json);
            self.heap.push(Reverse((key, i)));
        }
        Ok(())
    }
}

impl Iterator for MergeIter {
    type Item = io::Result<Item>;

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((key, i)) = self.heap.pop()?;
        let json = self.current[i].take().unwrap_or_default();
        if let Err(e) = self.advance(i) {
            return Some(Err(e));
        }
        Some(Ok((key, json)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted_lines(budget: usize, n: u64) -> (usize, Vec<u64>) {
        let mut s = ExternalSorter::new(budget);
        for k in (0..n).rev() {
            s.push(((k % 50) as i64, String::new(), 0, k, 0), &k)
                .unwrap();
        }
        let runs = s.runs();
        let mut sorted = s.finish().unwrap();
        let mut out = Vec::new();
        sorted
            .for_each(|json| {
                out.push(json.parse::<u64>().unwrap());
                Ok(())
            })
            .unwrap();
        let mut again = Vec::new();
        sorted
            .for_each(|json| {
                again.push(json.parse::<u64>().unwrap());
                Ok(())
            })
            .unwrap();
        assert_eq!(out, again, "a second pass sees the same items");
        (runs, out)
    }

    #[test]
    fn spilled_runs_merge_in_order() {
        let (runs, out) = sorted_lines(400, 500);
        assert!(runs > 1);
        let mut want: Vec<u64> = (0..500).collect();
        want.sort_by_key(|n| (n % 50, *n));
        assert_eq!(out, want);
    }

    #[test]
    fn many_runs_are_folded_below_the_file_limit() {
        let (runs, out) = sorted_lines(150, 400);
        assert!(runs < MAX_RUNS);
        assert_eq!(out.len(), 400);
        let (_, in_memory) = sorted_lines(usize::MAX, 400);
        assert_eq!(out, in_memory);
    }
}
