//! Where rendered rows go: `Out` collects one part's rows with its own id counter, and
//! `Sinks` writes the three export files newest first, as the portals do, holding only
//! the rows that a later (older) day could still precede. Memory is a few days of rows,
//! whatever the length of the period.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::clock::DAY;
use super::rng;

/// Which export a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Log {
    /// The Purview audit search CSV.
    Audit,
    /// The Entra interactive sign-ins download.
    Interactive,
    /// The Entra non-interactive sign-ins download.
    NonInteractive,
}

/// One rendered row of an export.
#[derive(Debug)]
pub struct Row {
    /// Event time, seconds since the epoch (UTC).
    pub time: i64,
    /// Tie-break among rows of the same second (a hash of the record id), so the order is
    /// total and does not depend on the order rows were made in.
    pub tie: u64,
    /// Which file.
    pub log: Log,
    /// The CSV line, CRLF included.
    pub line: String,
}

/// Rows made by one part of the generator (a user's day, an attack), with the record-id
/// counter of that part: ids never depend on what other parts made.
#[derive(Debug)]
pub struct Out {
    /// Tenant seed.
    pub seed: u64,
    /// Name of the part (`d12/u42`), the namespace of its ids.
    pub part: String,
    /// Rows so far.
    pub rows: Vec<Row>,
    n: u64,
}

impl Out {
    /// A new part.
    pub fn new(seed: u64, part: String) -> Out {
        Out {
            seed,
            part,
            rows: Vec::new(),
            n: 0,
        }
    }

    /// The next record id of this part (uuid-shaped).
    pub fn next_id(&mut self) -> String {
        self.n += 1;
        rng::uuid(self.seed, &["rec", &self.part, &self.n.to_string()])
    }

    /// Add a row.
    pub fn push(&mut self, log: Log, time: i64, id: &str, line: String) {
        let tie = rng::hash(0, &[id]);
        self.rows.push(Row {
            time,
            tie,
            log,
            line,
        });
    }
}

/// One output file with its row count.
struct FileOut {
    path: PathBuf,
    w: BufWriter<File>,
    rows: u64,
    bytes: u64,
}

impl FileOut {
    fn create(path: PathBuf, header: &str) -> io::Result<FileOut> {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&path)?);
        let head = format!("\u{feff}{header}\r\n");
        w.write_all(head.as_bytes())?;
        Ok(FileOut {
            path,
            w,
            rows: 0,
            bytes: head.len() as u64,
        })
    }
}

/// What was written to one file.
#[derive(Debug, Clone)]
pub struct Written {
    /// File path.
    pub path: PathBuf,
    /// Data rows (header excluded).
    pub rows: u64,
    /// Bytes.
    pub bytes: u64,
}

/// The three export files, written newest first.
pub struct Sinks {
    files: [FileOut; 3],
    pending: Vec<Row>,
    start: i64,
    end: i64,
}

/// Names and headers of the three files.
pub struct FileSpec<'a> {
    /// Folder.
    pub dir: &'a Path,
    /// (file name, header line) for the audit, interactive and non-interactive files.
    pub files: [(String, String); 3],
    /// First second of the data.
    pub start: i64,
    /// First second after the data.
    pub end: i64,
}

impl Sinks {
    /// Create the files and write their BOM and header.
    pub fn create(spec: FileSpec<'_>) -> io::Result<Sinks> {
        let [a, i, n] = spec.files;
        Ok(Sinks {
            files: [
                FileOut::create(spec.dir.join(&a.0), &a.1)?,
                FileOut::create(spec.dir.join(&i.0), &i.1)?,
                FileOut::create(spec.dir.join(&n.0), &n.1)?,
            ],
            pending: Vec::new(),
            start: spec.start,
            end: spec.end,
        })
    }

    /// Take rows; rows outside the data's period are dropped (an export covers a period).
    pub fn add(&mut self, rows: Vec<Row>) {
        let (start, end) = (self.start, self.end);
        self.pending
            .extend(rows.into_iter().filter(|r| r.time >= start && r.time < end));
    }

    /// Write every pending row at or after `from` (newest first): no row still to come is
    /// that new.
    pub fn flush_from(&mut self, from: i64) -> io::Result<()> {
        self.pending
            .sort_unstable_by_key(|r| std::cmp::Reverse((r.time, r.tie, r.log)));
        let keep = self.pending.partition_point(|r| r.time >= from);
        for row in self.pending.drain(..keep) {
            let f = &mut self.files[row.log as usize];
            f.w.write_all(row.line.as_bytes())?;
            f.rows += 1;
            f.bytes += row.line.len() as u64;
        }
        Ok(())
    }

    /// Rows waiting (for the memory figure of the report).
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Write the rest and close the files.
    pub fn finish(mut self) -> io::Result<Vec<Written>> {
        self.flush_from(i64::MIN)?;
        let mut out = Vec::new();
        for mut f in self.files {
            f.w.flush()?;
            out.push(Written {
                path: f.path,
                rows: f.rows,
                bytes: f.bytes,
            });
        }
        Ok(out)
    }
}

/// The day number a time falls in.
pub fn day_of(t: i64) -> i64 {
    t.div_euclid(DAY)
}
