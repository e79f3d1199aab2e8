//! Streaming splitter for JSON exports (ingest stage).
//!
//! Turns any JSON export into a sequence of top-level *records*: the raw bytes of one JSON
//! value each, with the physical line where the value starts. One implementation covers every
//! shape the exporters write, without being told which one it is reading:
//!
//! - a JSON array of records, compact or pretty-printed (PowerShell `ConvertTo-Json` included);
//! - JSON lines, blank lines allowed;
//! - several arrays back to back (`[..][..]`, `[..]\n[..]`, `[..],[..]`) and objects separated
//!   by commas after the outer brackets were stripped (`{..},\r\n{..}`);
//! - a single object;
//! - envelopes: a top-level object with a `value` (Graph pages) or `records` (Azure diagnostic
//!   archives) key whose value is an array; its elements are the records and its other keys are
//!   ignored. The key is matched case-insensitively and must come before the array it names.
//!
//! The splitter only finds record boundaries. It tracks strings, escapes and nesting, and checks
//! the punctuation between tokens so that a broken record is noticed close to where it breaks,
//! but it does not validate scalars: the caller parses each record with `serde_json`.
//!
//! It must not hold more than one record (plus the reader's buffer) in memory, must not read a
//! whole file, must not recurse (depth is capped at [`MAX_DEPTH`]) and must not panic on any
//! input. Structural problems become [`JsonItem::Malformed`]; the stream then resynchronises on
//! the next line that starts a record (column 0, or the indentation of the array's elements) and
//! goes on. Bytes of a broken record after its first line break are scanned again for that
//! purpose, so one cut line in JSON lines never hides the lines after it. Those second looks
//! are budgeted ([`RESCAN_BUDGET_FACTOR`]) so that a crafted file cannot make the splitter read
//! the same bytes hundreds of times.

use std::io::{self, BufRead};

/// Deepest nesting accepted inside one record before it is reported as malformed.
pub const MAX_DEPTH: usize = 512;

/// Largest record, in bytes: a longer one is reported as malformed and skipped, so that a
/// record that never ends (a gzip bomb of one endless string) cannot take all memory.
/// Real records are kilobytes (an Excel cell holds 32,767 characters). Checked each time
/// the reader's buffer is used up, so a record may pass the cap by less than one buffer.
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// Bytes queued for a second look may total at most this many times the bytes read from the
/// file, plus [`RESCAN_SLACK_BYTES`]. Real damage (a cut line, a stray byte) re-scans about
/// one line per break, far inside the budget; a crafted file whose every line opens a
/// never-closed record would otherwise be re-scanned up to [`MAX_DEPTH`] times per byte.
/// Past the budget a broken record's bytes are not looked at again, and its report says so.
pub const RESCAN_BUDGET_FACTOR: u64 = 2;

/// Re-scan allowance before any file bytes count: one reader buffer's worth, so that the
/// first broken record of a file always gets its second look.
const RESCAN_SLACK_BYTES: u64 = 1 << 20;

/// Added to a malformed record's reason when its bytes were not scanned again.
const NOT_RESCANNED: &str = "; the lines inside it were not re-read (re-scan budget used up)";

/// Longest excerpt, in characters, attached to a malformed item.
const EXCERPT_CHARS: usize = 200;

const TRUNCATED_RECORD: &str = "truncated JSON: end of file inside a record";
const TRUNCATED_ARRAY: &str = "truncated JSON: end of file inside an array";
const TRUNCATED_ENVELOPE: &str = "truncated JSON: end of file inside an envelope object";
const UNTERMINATED_STRING: &str = "unterminated string: line break inside a string";
const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// One top-level record: its bytes and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonRecord {
    /// 1-based physical line of the record's first byte (`\n` counted; CRLF counts once).
    pub line: u64,
    /// The raw bytes of one JSON value, from its first to its last byte.
    pub bytes: Vec<u8>,
}

/// What the stream yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonItem {
    /// A complete top-level value, ready for `serde_json`.
    Record(JsonRecord),
    /// Bytes that cannot be a record; the stream has skipped them and goes on.
    Malformed {
        /// 1-based line where the bad bytes start.
        line: u64,
        /// Short lower-case reason, e.g. `truncated JSON: end of file inside a record`.
        reason: String,
        /// The first (at most 200) characters of the bad bytes, lossy UTF-8.
        excerpt: String,
    },
}

/// Iterator over the records of one JSON export, read incrementally from `reader`.
pub struct JsonStream<R: BufRead> {
    src: Source<R>,
    scan: Scanner,
}

impl<R: BufRead> JsonStream<R> {
    /// Starts splitting `reader`; nothing is read until the first call to `next`.
    pub fn new(reader: R) -> Self {
        JsonStream {
            src: Source {
                reader,
                replay: Vec::new(),
                replay_pos: 0,
                consumed: 0,
            },
            scan: Scanner::new(),
        }
    }

    /// The 1-based line the stream has reached: where a read error happened.
    pub fn line(&self) -> u64 {
        self.scan.line
    }

    /// Bytes taken from the reader so far (equals the input length once the stream has ended).
    pub fn bytes_consumed(&self) -> u64 {
        self.src.consumed
    }

    /// Bytes of broken records queued so far for a second look (see [`RESCAN_BUDGET_FACTOR`]).
    pub fn bytes_rescanned(&self) -> u64 {
        self.scan.rescanned
    }
}

impl<R: BufRead> Iterator for JsonStream<R> {
    type Item = io::Result<JsonItem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (replaying, consumed) = (self.src.replaying(), self.src.consumed);
            let chunk = match self.src.chunk() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            // What the file has given so far, counting a fresh chunk about to be scanned.
            let fresh = if replaying { 0 } else { chunk.len() };
            self.scan.read_so_far = consumed + fresh as u64;
            let step = if chunk.is_empty() {
                self.scan.finish()?
            } else {
                self.scan.feed(chunk)
            };
            self.src.consume(step.consumed);
            if let Some((bytes, start)) = step.replay {
                self.src.push_replay(bytes, start);
            }
            if let Some(item) = step.item {
                return Some(Ok(item));
            }
        }
    }
}

/// Runs the splitter over the head of a file (possibly cut mid-record) and returns up to `max`
/// complete records; malformed bytes and the trailing incomplete record are ignored. Used for
/// format sniffing.
pub fn first_records(head: &[u8], max: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if max == 0 {
        return out;
    }
    for item in JsonStream::new(head) {
        match item {
            Ok(JsonItem::Record(record)) => {
                out.push(record.bytes);
                if out.len() >= max {
                    break;
                }
            }
            // Everything after a cut at the end of the head is a re-scan of the cut record.
            Ok(JsonItem::Malformed { reason, .. }) if reason.starts_with("truncated") => break,
            Ok(JsonItem::Malformed { .. }) => {}
            Err(_) => break,
        }
    }
    out
}

/// The first structural problem in the head of a file other than the cut at its end, as
/// `(line, reason)`: what sniffing quotes when the head holds no complete record, so that
/// a file nested 100,000 deep says so instead of only "no complete record".
pub fn first_problem(head: &[u8]) -> Option<(u64, String)> {
    for item in JsonStream::new(head) {
        match item {
            Ok(JsonItem::Malformed { reason, .. }) if reason.starts_with("truncated") => break,
            Ok(JsonItem::Malformed { line, reason, .. }) => return Some((line, reason)),
            Ok(JsonItem::Record(_)) => {}
            Err(_) => break,
        }
    }
    None
}

/// Where the bytes come from: bytes of a broken record queued for a second look, then the
/// reader.
struct Source<R> {
    reader: R,
    replay: Vec<u8>,
    replay_pos: usize,
    consumed: u64,
}

impl<R: BufRead> Source<R> {
    fn chunk(&mut self) -> io::Result<&[u8]> {
        if self.replay_pos < self.replay.len() {
            Ok(&self.replay[self.replay_pos..])
        } else {
            self.reader.fill_buf()
        }
    }

    /// True while queued bytes, not the reader, feed the scanner.
    fn replaying(&self) -> bool {
        self.replay_pos < self.replay.len()
    }

    fn consume(&mut self, n: usize) {
        if self.replay_pos < self.replay.len() {
            self.replay_pos += n;
            if self.replay_pos >= self.replay.len() {
                self.replay = Vec::new();
                self.replay_pos = 0;
            }
        } else {
            self.reader.consume(n);
            self.consumed += n as u64;
        }
    }

    /// Queues `bytes[start..]` ahead of whatever is still queued, which comes later in the file.
    fn push_replay(&mut self, mut bytes: Vec<u8>, start: usize) {
        if let Some(rest) = self.replay.get(self.replay_pos..) {
            bytes.extend_from_slice(rest);
        }
        self.replay = bytes;
        self.replay_pos = start;
        if self.replay_pos >= self.replay.len() {
            self.replay = Vec::new();
            self.replay_pos = 0;
        }
    }
}

/// Result of feeding one chunk: how much of it was used, what to yield, what to re-scan.
#[derive(Default)]
struct Step {
    consumed: usize,
    item: Option<JsonItem>,
    replay: Option<(Vec<u8>, usize)>,
}

/// An array whose elements are records (a top-level array or an envelope's array).
#[derive(Debug, Clone, Copy)]
struct ArrayCtx {
    /// The array sits in an envelope object whose tail must be skipped after `]`.
    envelope: bool,
    /// Indentation of the last element that started a line, to resynchronise on its siblings.
    indent: Option<usize>,
    /// Line of the opening `[`.
    line: u64,
}

/// Where a record was found, and so where the stream goes back to after it.
#[derive(Debug, Clone, Copy)]
enum Ctx {
    Top,
    Element(ArrayCtx),
}

/// What the stream is doing between records.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Top level, before or between records and arrays.
    Between,
    /// Inside a UTF-8 byte-order mark; the number is how many of its bytes were seen.
    Bom(usize),
    /// Inside an array of records, between elements.
    Array(ArrayCtx),
    /// Inside a record.
    Record(Ctx),
    /// Inside an envelope object after its array: skipped up to the closing brace.
    Tail(Tail),
    /// Skipping bad bytes up to a line that starts a record.
    Resync(Ctx),
}

/// State of the skip over an envelope's remaining keys.
#[derive(Debug, Clone, Copy)]
struct Tail {
    depth: u32,
    in_string: bool,
    escape: bool,
}

/// Control returned by the between-record handlers.
enum Flow {
    /// Go on at this index.
    Next(usize),
    /// A record starts at the current index.
    Start(Ctx),
    /// Yield this item; the chunk is used up to the index.
    Emit(JsonItem, usize),
}

/// The state machine; it owns no input, `feed` is handed one chunk at a time.
struct Scanner {
    mode: Mode,
    /// 1-based line of the next byte.
    line: u64,
    /// Whitespace bytes since the last line break, or `None` once the line has other bytes.
    lead: Option<usize>,
    rec: RecordScan,
    rec_line: u64,
    /// Bytes of the current record taken from earlier chunks.
    buf: Vec<u8>,
    /// Junk found between records, reported once the rest of its line is in the excerpt.
    junk: Option<Junk>,
    /// Bytes read from the file up to the end of the chunk being scanned (an upper bound).
    read_so_far: u64,
    /// Bytes queued for a second look so far.
    rescanned: u64,
}

/// A report of unexpected bytes outside records, waiting for its excerpt.
struct Junk {
    line: u64,
    reason: String,
    excerpt: Vec<u8>,
}

impl Scanner {
    fn new() -> Self {
        Scanner {
            mode: Mode::Between,
            line: 1,
            lead: Some(0),
            rec: RecordScan::new(false),
            rec_line: 1,
            buf: Vec::new(),
            junk: None,
            read_so_far: 0,
            rescanned: 0,
        }
    }

    /// Scans `chunk` until a record or problem is complete or the chunk is used up.
    fn feed(&mut self, chunk: &[u8]) -> Step {
        let mut i = 0;
        while i < chunk.len() {
            let flow = match self.mode {
                Mode::Record(ctx) => return self.feed_record(chunk, i, ctx),
                Mode::Between => self.between(chunk, i),
                Mode::Bom(seen) => self.bom(chunk, i, seen),
                Mode::Array(array) => self.array(chunk, i, array),
                Mode::Tail(tail) => self.tail(chunk, i, tail),
                Mode::Resync(ctx) => self.resync(chunk, i, ctx),
            };
            match flow {
                Flow::Next(next) => i = next,
                Flow::Start(ctx) => {
                    self.rec = RecordScan::new(matches!(ctx, Ctx::Top));
                    self.rec_line = self.line;
                    self.lead = None;
                    self.mode = Mode::Record(ctx);
                    return self.feed_record(chunk, i, ctx);
                }
                Flow::Emit(item, next) => {
                    return Step {
                        consumed: next,
                        item: Some(item),
                        replay: None,
                    };
                }
            }
        }
        Step {
            consumed: i,
            ..Step::default()
        }
    }

    /// Called at the end of input; `None` when nothing is left to say.
    fn finish(&mut self) -> Option<Step> {
        let (line, reason, excerpt): (u64, &str, &[u8]) = match self.mode {
            Mode::Record(ctx) => return Some(self.end_record(&[], 0, ctx)),
            Mode::Array(array) => (array.line, TRUNCATED_ARRAY, b"["),
            Mode::Tail(_) => (self.line, TRUNCATED_ENVELOPE, b""),
            Mode::Resync(_) => {
                let junk = self.junk.take()?;
                return Some(Step {
                    item: Some(malformed(junk.line, junk.reason, &junk.excerpt)),
                    ..Step::default()
                });
            }
            Mode::Between | Mode::Bom(_) => return None,
        };
        self.mode = Mode::Between;
        Some(Step {
            item: Some(malformed(line, reason.to_owned(), excerpt)),
            ..Step::default()
        })
    }

    /// Continues the current record, which starts at `start` or began in an earlier chunk.
    fn feed_record(&mut self, chunk: &[u8], start: usize, ctx: Ctx) -> Step {
        let view = View {
            buf: &self.buf,
            chunk,
            seg: start,
        };
        match self.rec.scan(&view, start, &mut self.line) {
            Outcome::NeedMore => {
                if self.buf.len() + (chunk.len() - start) > MAX_RECORD_BYTES {
                    let reason = format!("record larger than {} MiB", MAX_RECORD_BYTES >> 20);
                    return self.fail(chunk, start, chunk.len(), reason, ctx);
                }
                self.buf.extend_from_slice(&chunk[start..]);
                Step {
                    consumed: chunk.len(),
                    ..Step::default()
                }
            }
            Outcome::Complete(end) => self.complete(chunk, start, end, ctx),
            Outcome::Envelope(next) => {
                self.buf.clear();
                self.mode = Mode::Array(ArrayCtx {
                    envelope: true,
                    indent: None,
                    line: self.line,
                });
                Step {
                    consumed: next,
                    ..Step::default()
                }
            }
            Outcome::Error(at, reason) => self.fail(chunk, start, at, reason, ctx),
        }
    }

    /// Hands out the finished record `buf + chunk[start..end]`.
    fn complete(&mut self, chunk: &[u8], start: usize, end: usize, ctx: Ctx) -> Step {
        let mut bytes = std::mem::take(&mut self.buf);
        bytes.extend_from_slice(&chunk[start..end]);
        self.mode = match ctx {
            Ctx::Top => Mode::Between,
            Ctx::Element(array) => Mode::Array(array),
        };
        Step {
            consumed: end,
            item: Some(JsonItem::Record(JsonRecord {
                line: self.rec_line,
                bytes,
            })),
            replay: None,
        }
    }

    /// The end of input inside a record: a value still open, or a bare scalar that ends here.
    fn end_record(&mut self, chunk: &[u8], start: usize, ctx: Ctx) -> Step {
        if self.rec.nest.depth == 0 && self.rec.expect == Expect::Scalar {
            return self.complete(chunk, start, start, ctx);
        }
        self.fail(chunk, start, start, TRUNCATED_RECORD.to_owned(), ctx)
    }

    /// Reports the record `buf + chunk[start..at]` as malformed and queues the bytes after its
    /// first line break for a second look, so that good lines it swallowed are still found.
    /// Past the re-scan budget, the bytes are dropped and the stream goes on after them.
    fn fail(&mut self, chunk: &[u8], start: usize, at: usize, reason: String, ctx: Ctx) -> Step {
        let mut bytes = std::mem::take(&mut self.buf);
        bytes.extend_from_slice(&chunk[start..at]);
        self.mode = Mode::Resync(resync_target(ctx));
        let newline = find_byte(b'\n', &bytes);
        let budget = self
            .read_so_far
            .saturating_mul(RESCAN_BUDGET_FACTOR)
            .saturating_add(RESCAN_SLACK_BYTES);
        let again = newline.map_or(0, |nl| (bytes.len() - nl - 1) as u64);
        let over_budget = newline.is_some() && self.rescanned.saturating_add(again) > budget;
        let item = if over_budget {
            malformed(self.rec_line, reason + NOT_RESCANNED, &bytes)
        } else {
            malformed(self.rec_line, reason, &bytes)
        };
        let replay = match newline.filter(|_| !over_budget) {
            Some(nl) => {
                self.rescanned += again;
                // The line counter goes back to the line after the record's first line.
                self.line = self.rec_line + 1;
                self.lead = Some(0);
                Some((bytes, nl + 1))
            }
            None => {
                self.lead = None;
                None
            }
        };
        Step {
            consumed: at,
            item: Some(item),
            replay,
        }
    }

    /// Top level: whitespace, stray commas, a BOM, a record, or the start of an array.
    fn between(&mut self, chunk: &[u8], i: usize) -> Flow {
        match chunk[i] {
            b'\n' | b' ' | b'\t' | b'\r' | b',' => Flow::Next(self.blank(chunk[i], i)),
            0xEF => {
                self.mode = Mode::Bom(1);
                Flow::Next(i + 1)
            }
            b'{' => Flow::Start(Ctx::Top),
            b'[' => {
                self.lead = None;
                self.mode = Mode::Array(ArrayCtx {
                    envelope: false,
                    indent: None,
                    line: self.line,
                });
                Flow::Next(i + 1)
            }
            _ => self.junk(chunk, i, "between records", Ctx::Top),
        }
    }

    /// The rest of a UTF-8 byte-order mark (at the start of the file or of a line).
    fn bom(&mut self, chunk: &[u8], i: usize, seen: usize) -> Flow {
        self.mode = Mode::Between;
        if UTF8_BOM.get(seen) != Some(&chunk[i]) {
            return self.junk(chunk, i, "between records", Ctx::Top);
        }
        if seen + 1 < UTF8_BOM.len() {
            self.mode = Mode::Bom(seen + 1);
        }
        Flow::Next(i + 1)
    }

    /// Between the elements of an array of records. Commas are not checked: exporters that
    /// merge files leave missing, doubled and trailing commas behind.
    fn array(&mut self, chunk: &[u8], i: usize, array: ArrayCtx) -> Flow {
        match chunk[i] {
            b'\n' | b' ' | b'\t' | b'\r' | b',' => Flow::Next(self.blank(chunk[i], i)),
            b']' => {
                self.lead = None;
                self.mode = if array.envelope {
                    Mode::Tail(Tail {
                        depth: 1,
                        in_string: false,
                        escape: false,
                    })
                } else {
                    Mode::Between
                };
                Flow::Next(i + 1)
            }
            b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                Flow::Start(Ctx::Element(ArrayCtx {
                    indent: self.lead,
                    ..array
                }))
            }
            _ => self.junk(chunk, i, "in array", Ctx::Element(array)),
        }
    }

    /// Skips what follows an envelope's array up to the envelope's closing brace.
    fn tail(&mut self, chunk: &[u8], mut i: usize, mut tail: Tail) -> Flow {
        while i < chunk.len() {
            let b = chunk[i];
            i += 1;
            if b == b'\n' {
                self.line += 1;
            }
            if tail.in_string {
                match b {
                    _ if tail.escape => tail.escape = false,
                    b'\\' => tail.escape = true,
                    b'"' => tail.in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => tail.in_string = true,
                b'{' | b'[' => tail.depth = tail.depth.saturating_add(1),
                b'}' | b']' => tail.depth -= 1,
                _ => {}
            }
            if tail.depth == 0 {
                self.lead = None;
                self.mode = Mode::Between;
                return Flow::Next(i);
            }
        }
        self.mode = Mode::Tail(tail);
        Flow::Next(i)
    }

    /// Skips to a line whose first non-blank byte starts a record: `{` or `[` in column 0, or
    /// `{` at the indentation of the broken array's elements (then the array goes on).
    fn resync(&mut self, chunk: &[u8], i: usize, ctx: Ctx) -> Flow {
        let Some(col) = self.lead else {
            let newline = find_byte(b'\n', &chunk[i..]);
            if self.junk.is_some() {
                return self.junk_excerpt(chunk, i, newline);
            }
            return match newline {
                Some(k) => Flow::Next(self.blank(b'\n', i + k)),
                None => Flow::Next(chunk.len()),
            };
        };
        match (chunk[i], ctx) {
            (b'\n' | b' ' | b'\t', _) => Flow::Next(self.blank(chunk[i], i)),
            (b'{', Ctx::Element(array)) if array.indent == Some(col) => {
                self.mode = Mode::Array(array);
                Flow::Next(i)
            }
            (b'{' | b'[', _) if col == 0 => {
                self.mode = Mode::Between;
                Flow::Next(i)
            }
            _ => {
                self.lead = None;
                Flow::Next(i + 1)
            }
        }
    }

    /// Steps over one blank byte (or separator) at `i`, keeping line and indentation counts.
    fn blank(&mut self, b: u8, i: usize) -> usize {
        self.lead = match (b, self.lead) {
            (b'\n', _) => {
                self.line += 1;
                Some(0)
            }
            (b' ' | b'\t', Some(n)) => Some(n + 1),
            _ => None,
        };
        i + 1
    }

    /// Notes an unexpected byte outside any record and starts skipping to the next record;
    /// the report goes out once the rest of the line is in its excerpt.
    fn junk(&mut self, chunk: &[u8], i: usize, place: &str, ctx: Ctx) -> Flow {
        self.junk = Some(Junk {
            line: self.line,
            reason: format!("unexpected character {} {place}", show_byte(chunk[i])),
            excerpt: vec![chunk[i]],
        });
        self.lead = None;
        self.mode = Mode::Resync(resync_target(ctx));
        Flow::Next(i + 1)
    }

    /// Adds `chunk[i..]` up to the line break at `i + newline` to the pending junk excerpt and
    /// reports the junk once the line ends or the excerpt is full.
    fn junk_excerpt(&mut self, chunk: &[u8], i: usize, newline: Option<usize>) -> Flow {
        let Some(mut junk) = self.junk.take() else {
            return Flow::Next(i);
        };
        let room = (EXCERPT_CHARS * 4).saturating_sub(junk.excerpt.len());
        let end = newline.unwrap_or(chunk.len() - i);
        let take = end.min(room);
        junk.excerpt.extend_from_slice(&chunk[i..i + take]);
        if newline.is_none() && take < room {
            self.junk = Some(junk);
            return Flow::Next(i + take);
        }
        let item = malformed(junk.line, junk.reason, &junk.excerpt);
        Flow::Emit(item, i + take)
    }
}

/// Where to look for the next record after a broken one: the siblings of an array element
/// that started its own line, else a record in column 0.
fn resync_target(ctx: Ctx) -> Ctx {
    match ctx {
        Ctx::Element(array) if array.indent.is_some() => ctx,
        _ => Ctx::Top,
    }
}

/// The bytes of the record seen so far: `buf` from earlier chunks, then `chunk[seg..]`.
struct View<'a> {
    buf: &'a [u8],
    chunk: &'a [u8],
    seg: usize,
}

impl View<'_> {
    /// Offset in the record of `chunk[i]`.
    fn abs(&self, i: usize) -> usize {
        self.buf.len() + i - self.seg
    }

    /// Whether the record bytes `start..end` equal `word`, ignoring ASCII case.
    fn eq_ignore_case(&self, start: usize, end: usize, word: &[u8]) -> bool {
        if end.saturating_sub(start) != word.len() {
            return false;
        }
        let head = self.buf.get(start..).unwrap_or_default();
        let from = self.seg + start.saturating_sub(self.buf.len());
        let to = self.seg + end.saturating_sub(self.buf.len());
        let tail = self.chunk.get(from..to).unwrap_or_default();
        head.iter()
            .chain(tail)
            .zip(word)
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
    }
}

/// What the record scanner expects next outside strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Value,
    ValueOrClose,
    Key,
    KeyOrClose,
    Colon,
    CommaOrClose,
    /// Inside a number or literal.
    Scalar,
}

/// How a scan of one chunk ended.
enum Outcome {
    NeedMore,
    /// The record ends before this index.
    Complete(usize),
    /// The top-level object is an envelope; its array's elements start after this index.
    Envelope(usize),
    /// The record is broken at this index (which is not consumed).
    Error(usize, String),
}

/// Open containers of one record as a bit stack (1 = object), so depth costs no allocation.
struct Nest {
    bits: [u64; MAX_DEPTH / 64],
    depth: usize,
}

impl Nest {
    fn push(&mut self, object: bool) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        let (word, bit) = (self.depth / 64, self.depth % 64);
        if object {
            self.bits[word] |= 1 << bit;
        } else {
            self.bits[word] &= !(1 << bit);
        }
        self.depth += 1;
        true
    }

    /// Whether the innermost open container is an object (`None` at depth 0).
    fn top_is_object(&self) -> Option<bool> {
        let d = self.depth.checked_sub(1)?;
        Some(self.bits[d / 64] & (1 << (d % 64)) != 0)
    }
}

/// Boundary finder for one record: string and escape state, nesting, expected token, and the
/// envelope watch on the keys of a top-level object.
struct RecordScan {
    nest: Nest,
    expect: Expect,
    in_string: bool,
    escape: bool,
    string_is_key: bool,
    /// Top-level object: its keys are watched for `value` / `records`.
    candidate: bool,
    /// Record offset of the first byte of the depth-1 key being read.
    key_start: usize,
    /// The last depth-1 key was an envelope key and its value has not started yet.
    envelope_key: bool,
}

impl RecordScan {
    fn new(candidate: bool) -> Self {
        RecordScan {
            nest: Nest {
                bits: [0; MAX_DEPTH / 64],
                depth: 0,
            },
            expect: Expect::Value,
            in_string: false,
            escape: false,
            string_is_key: false,
            candidate,
            key_start: 0,
            envelope_key: false,
        }
    }

    /// Scans `view.chunk[i..]`, counting line breaks into `line`.
    fn scan(&mut self, view: &View, mut i: usize, line: &mut u64) -> Outcome {
        let chunk = view.chunk;
        while i < chunk.len() {
            if self.in_string {
                if self.escape {
                    if chunk[i] == b'\n' {
                        return Outcome::Error(i, UNTERMINATED_STRING.to_owned());
                    }
                    self.escape = false;
                    i += 1;
                }
                i += find_string_stop(&chunk[i..]).unwrap_or(chunk.len() - i);
                match chunk.get(i) {
                    None => break,
                    Some(b'"') => {
                        if let Some(done) = self.close_string(view, i) {
                            return done;
                        }
                    }
                    Some(b'\\') => self.escape = true,
                    Some(_) => return Outcome::Error(i, UNTERMINATED_STRING.to_owned()),
                }
                i += 1;
                continue;
            }
            match self.token(view, i, line) {
                Ok(next) => i = next,
                Err(done) => return done,
            }
        }
        Outcome::NeedMore
    }

    /// Handles the closing quote at `i`; `Some` when that ends the record.
    fn close_string(&mut self, view: &View, i: usize) -> Option<Outcome> {
        self.in_string = false;
        if self.string_is_key {
            if self.candidate && self.nest.depth == 1 {
                let (start, end) = (self.key_start, view.abs(i));
                self.envelope_key = view.eq_ignore_case(start, end, b"value")
                    || view.eq_ignore_case(start, end, b"records");
            }
            self.expect = Expect::Colon;
            return None;
        }
        self.after_value(i + 1)
    }

    /// A value ended just before `end`: either the record is complete or a comma may follow.
    fn after_value(&mut self, end: usize) -> Option<Outcome> {
        if self.nest.depth == 0 {
            return Some(Outcome::Complete(end));
        }
        self.expect = Expect::CommaOrClose;
        None
    }

    /// One byte outside strings; `Ok(next index)` or `Err(outcome)` when the scan stops.
    fn token(&mut self, view: &View, i: usize, line: &mut u64) -> Result<usize, Outcome> {
        let b = view.chunk[i];
        if self.expect == Expect::Scalar {
            if is_scalar_byte(b) {
                return Ok(i + 1);
            }
            if let Some(done) = self.after_value(i) {
                return Err(done);
            }
        }
        let top = self.nest.top_is_object();
        match (b, self.expect) {
            (b' ' | b'\t' | b'\r', _) => {}
            (b'\n', _) => *line += 1,
            (_, Expect::Value | Expect::ValueOrClose) if b != b']' => return self.value(view, i),
            (b'"', Expect::Key | Expect::KeyOrClose) => {
                self.in_string = true;
                self.string_is_key = true;
                self.key_start = view.abs(i + 1);
            }
            (b':', Expect::Colon) => self.expect = Expect::Value,
            (b',', Expect::CommaOrClose) if top == Some(true) => self.expect = Expect::Key,
            (b',', Expect::CommaOrClose) => self.expect = Expect::Value,
            (b'}', Expect::KeyOrClose | Expect::CommaOrClose) if top == Some(true) => {
                return self.close(i);
            }
            (b']', Expect::ValueOrClose | Expect::CommaOrClose) if top == Some(false) => {
                return self.close(i);
            }
            _ => return Err(Outcome::Error(i, unexpected(b, self.expect))),
        }
        Ok(i + 1)
    }

    /// Closes the innermost container at `i`.
    fn close(&mut self, i: usize) -> Result<usize, Outcome> {
        self.nest.depth -= 1;
        match self.after_value(i + 1) {
            Some(done) => Err(done),
            None => Ok(i + 1),
        }
    }

    /// The first byte of a value at `i`.
    fn value(&mut self, view: &View, i: usize) -> Result<usize, Outcome> {
        let b = view.chunk[i];
        let watched = self.envelope_key && self.nest.depth == 1;
        self.envelope_key = false;
        match b {
            b'[' if watched => return Err(Outcome::Envelope(i + 1)),
            b'{' | b'[' => {
                if !self.nest.push(b == b'{') {
                    let reason = format!("nesting deeper than {MAX_DEPTH} levels");
                    return Err(Outcome::Error(i, reason));
                }
                self.expect = if b == b'{' {
                    Expect::KeyOrClose
                } else {
                    Expect::ValueOrClose
                };
            }
            b'"' => {
                self.in_string = true;
                self.string_is_key = false;
            }
            _ if is_scalar_byte(b) => self.expect = Expect::Scalar,
            _ => return Err(Outcome::Error(i, unexpected(b, self.expect))),
        }
        Ok(i + 1)
    }
}

/// Bytes that may appear in a number or a `true` / `false` / `null` literal.
fn is_scalar_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')
}

/// Reason for a byte that does not fit where it was found inside a record.
fn unexpected(b: u8, expect: Expect) -> String {
    let wanted = match expect {
        Expect::Value | Expect::Scalar => "a value",
        Expect::ValueOrClose => "a value or ']'",
        Expect::Key => "a key",
        Expect::KeyOrClose => "a key or '}'",
        Expect::Colon => "':'",
        Expect::CommaOrClose => "',' or a closing bracket",
    };
    format!(
        "unexpected character {} inside a record, expected {wanted}",
        show_byte(b)
    )
}

/// A byte for a message: `'x'` when printable ASCII, else its hex value.
fn show_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("0x{b:02x}")
    }
}

/// A malformed item whose excerpt is the first characters of `bytes`.
fn malformed(line: u64, reason: String, bytes: &[u8]) -> JsonItem {
    let head = &bytes[..bytes.len().min(EXCERPT_CHARS * 4)];
    let excerpt = String::from_utf8_lossy(head)
        .chars()
        .take(EXCERPT_CHARS)
        .collect();
    JsonItem::Malformed {
        line,
        reason,
        excerpt,
    }
}

/// Index of the first `needle` in `hay`.
fn find_byte(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// Index of the first `"`, `\` or line feed: the bytes that matter inside a string. Scans a
/// word at a time; strings are most of the bytes of an export.
fn find_string_stop(hay: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(LO) & !v & HI;
    let mut words = hay.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(word);
        let v = u64::from_le_bytes(raw);
        let hit = has_zero(v ^ (LO * u64::from(b'"')))
            | has_zero(v ^ (LO * u64::from(b'\\')))
            | has_zero(v ^ (LO * u64::from(b'\n')));
        if hit != 0 {
            break;
        }
        base += 8;
    }
    hay[base..]
        .iter()
        .position(|&b| matches!(b, b'"' | b'\\' | b'\n'))
        .map(|k| base + k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    /// Runs the stream with several buffer sizes (1 byte upwards, to cross every chunk
    /// boundary) and checks that they agree and that every input byte is consumed.
    fn run(input: &[u8]) -> Vec<JsonItem> {
        let reference = run_with(input, 8192);
        for capacity in [1, 2, 3, 5, 64] {
            assert_eq!(run_with(input, capacity), reference, "capacity {capacity}");
        }
        reference
    }

    fn run_with(input: &[u8], capacity: usize) -> Vec<JsonItem> {
        let mut stream = JsonStream::new(BufReader::with_capacity(capacity, input));
        let items = stream
            .by_ref()
            .collect::<io::Result<Vec<_>>>()
            .expect("reading a slice cannot fail");
        assert_eq!(stream.bytes_consumed(), input.len() as u64);
        items
    }

    /// (line, text) of every record.
    fn records(items: &[JsonItem]) -> Vec<(u64, String)> {
        items
            .iter()
            .filter_map(|item| match item {
                JsonItem::Record(r) => Some((r.line, String::from_utf8_lossy(&r.bytes).into())),
                JsonItem::Malformed { .. } => None,
            })
            .collect()
    }

    /// (line, reason) of every malformed item.
    fn bad(items: &[JsonItem]) -> Vec<(u64, String)> {
        items
            .iter()
            .filter_map(|item| match item {
                JsonItem::Malformed { line, reason, .. } => Some((*line, reason.clone())),
                JsonItem::Record(_) => None,
            })
            .collect()
    }

    fn texts(items: &[JsonItem]) -> Vec<String> {
        records(items).into_iter().map(|(_, t)| t).collect()
    }

    fn lines(items: &[JsonItem]) -> Vec<u64> {
        records(items).into_iter().map(|(l, _)| l).collect()
    }

    /// Every record parses with serde_json and is an object.
    fn assert_objects(items: &[JsonItem]) {
        for (line, text) in records(items) {
            let value: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("record at line {line} does not parse: {e}: {text}"));
            assert!(value.is_object(), "line {line}: {text}");
        }
    }

    #[test]
    fn empty_and_blank_inputs_yield_nothing() {
        assert!(run(b"").is_empty());
        assert!(run(b"  \r\n\n\t \n").is_empty());
        assert!(run(b"\xEF\xBB\xBF").is_empty());
        assert!(run(b"[]").is_empty());
        assert!(run(b"[ ]\r\n[]").is_empty());
    }

    #[test]
    fn compact_array() {
        let items = run(br#"[{"a":1},{"b":[1,2,{"c":null}]},{"d":"x"}]"#);
        assert_eq!(
            texts(&items),
            [r#"{"a":1}"#, r#"{"b":[1,2,{"c":null}]}"#, r#"{"d":"x"}"#]
        );
        assert_eq!(lines(&items), [1, 1, 1]);
        assert!(bad(&items).is_empty());
    }

    #[test]
    fn pretty_array_powershell_crlf_lines() {
        let input = "[\r\n    {\r\n        \"id\":  \"1\",\r\n        \"tags\":  [\r\n\r\n                 ]\r\n    },\r\n    {\r\n        \"id\":  \"2\"\r\n    },\r\n    {\r\n        \"id\":  \"3\",\r\n        \"n\":  {\r\n                  \"x\":  true\r\n              }\r\n    }\r\n]\r\n";
        let items = run(input.as_bytes());
        assert_eq!(lines(&items), [2, 8, 11]);
        assert!(bad(&items).is_empty());
        assert_objects(&items);
        assert!(texts(&items)[2].ends_with("}\r\n    }"));
    }

    #[test]
    fn json_lines_with_blank_lines() {
        let items = run(b"{\"a\":1}\n\n{\"b\":2}\r\n   \r\n{\"c\":3}");
        assert_eq!(
            records(&items),
            [
                (1, r#"{"a":1}"#.to_owned()),
                (3, r#"{"b":2}"#.to_owned()),
                (5, r#"{"c":3}"#.to_owned())
            ]
        );
        assert!(bad(&items).is_empty());
    }

    #[test]
    fn json_lines_bad_middle_line_does_not_swallow_the_rest() {
        // An unclosed value: the next line is taken as its value, the one after breaks it.
        let items = run(b"{\"a\":1}\n{\"b\":\n{\"c\":3}\n{\"d\":4}\n");
        assert_eq!(texts(&items), [r#"{"a":1}"#, r#"{"c":3}"#, r#"{"d":4}"#]);
        assert_eq!(lines(&items), [1, 3, 4]);
        assert_eq!(bad(&items).len(), 1);
        assert_eq!(bad(&items)[0].0, 2);

        // A line cut inside a string.
        let items = run(b"{\"a\":1}\n{\"b\":\"cut\n{\"c\":3}\n");
        assert_eq!(lines(&items), [1, 3]);
        assert_eq!(bad(&items), [(2, UNTERMINATED_STRING.to_owned())]);

        // A line cut inside a nested array, then junk, then a good line.
        let items = run(b"{\"a\":[1,2\n{\"c\":3}\nnot json\n{\"d\":4}\n");
        assert_eq!(lines(&items), [2, 4]);
        let reasons = bad(&items);
        assert_eq!(reasons.len(), 2);
        assert_eq!(reasons[0].0, 1);
        assert_eq!(
            reasons[1],
            (3, "unexpected character 'n' between records".to_owned())
        );
    }

    #[test]
    fn json_lines_truncated_last_line() {
        let items = run(b"{\"a\":1}\n{\"b\":2}\n{\"c\":[1,{\"d\"");
        assert_eq!(lines(&items), [1, 2]);
        assert_eq!(bad(&items), [(3, TRUNCATED_RECORD.to_owned())]);
        match &items[2] {
            JsonItem::Malformed { excerpt, .. } => assert_eq!(excerpt, "{\"c\":[1,{\"d\""),
            JsonItem::Record(_) => panic!("expected malformed"),
        }
    }

    #[test]
    fn truncated_pretty_array_yields_complete_elements_then_one_malformed() {
        let input = b"[\n  {\n    \"a\": 1,\n    \"n\": [\n      {\n        \"x\": 1\n      },\n      {\n        \"y\": 2\n      }\n    ]\n  },\n  {\n    \"b\": 2\n  },\n  {\n    \"c\": [\n      {\n        \"z\": 1";
        let items = run(input);
        assert_eq!(lines(&items), [2, 13]);
        assert_eq!(bad(&items), [(16, TRUNCATED_RECORD.to_owned())]);
        assert_objects(&items);

        let items = run(b"[{\"a\":1},{\"b\":2},");
        assert_eq!(lines(&items), [1, 1]);
        assert_eq!(bad(&items), [(1, TRUNCATED_ARRAY.to_owned())]);

        let items = run(b"{\"x\":0}\n[\n{\"a\":1}\n");
        assert_eq!(bad(&items), [(2, TRUNCATED_ARRAY.to_owned())]);
    }

    #[test]
    fn broken_element_in_pretty_array_resyncs_on_its_siblings() {
        let input = b"[\n  {\n    \"a\": 1\n    \"oops\": 2\n  },\n  {\n    \"b\": {\n      \"c\": 1\n    }\n  },\n  {\"d\": 4}\n]\n{\"e\":5}\n";
        let items = run(input);
        assert_eq!(lines(&items), [6, 11, 13]);
        let reasons = bad(&items);
        assert_eq!(reasons.len(), 1);
        assert_eq!(reasons[0].0, 2);
        assert!(
            reasons[0]
                .1
                .starts_with("unexpected character '\"' inside a record"),
            "{reasons:?}"
        );
    }

    #[test]
    fn concatenated_arrays_with_and_without_commas() {
        for input in [
            &b"[{\"a\":1},{\"b\":2}][{\"c\":3}]"[..],
            b"[{\"a\":1},{\"b\":2}]\n[{\"c\":3}]\n",
            b"[{\"a\":1},{\"b\":2}],[{\"c\":3}]",
            b"[\r\n{\"a\":1},\r\n{\"b\":2}\r\n],\r\n[\r\n{\"c\":3}\r\n]\r\n",
            b"{\"a\":1},\r\n{\"b\":2},\r\n{\"c\":3}\r\n",
            b"{\"a\":1}{\"b\":2} {\"c\":3}",
        ] {
            let items = run(input);
            assert_eq!(
                texts(&items),
                [r#"{"a":1}"#, r#"{"b":2}"#, r#"{"c":3}"#],
                "{}",
                String::from_utf8_lossy(input)
            );
            assert!(bad(&items).is_empty());
        }
        let items = run(b"[\n{\"a\":1}\n]\n[\n{\"c\":3}\n]\n");
        assert_eq!(lines(&items), [2, 5]);
    }

    #[test]
    fn single_object_is_one_record() {
        let input =
            b"{\n  \"time\": \"2025-01-15\",\n  \"properties\": {\n    \"value\": [1, 2]\n  }\n}\n";
        let items = run(input);
        assert_eq!(records(&items).len(), 1);
        assert_eq!(lines(&items), [1]);
        assert_eq!(
            texts(&items)[0].as_bytes(),
            &input[..input.len() - 1],
            "the record ends at its closing brace"
        );
    }

    #[test]
    fn graph_value_envelope() {
        let input = br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns","value":[{"id":"1"},{"id":"2","x":[{"value":[3]}]}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=a}]b"}"#;
        let items = run(input);
        assert_eq!(
            texts(&items),
            [r#"{"id":"1"}"#, r#"{"id":"2","x":[{"value":[3]}]}"#]
        );
        assert!(bad(&items).is_empty());
    }

    #[test]
    fn diagnostic_records_envelope_and_case_variants() {
        let items = run(b"{\"records\": [\n  {\"time\": \"t1\"},\n  {\"time\": \"t2\"}\n]}\n");
        assert_eq!(
            records(&items),
            [
                (2, r#"{"time": "t1"}"#.to_owned()),
                (3, r#"{"time": "t2"}"#.to_owned())
            ]
        );
        for key in ["VALUE", "Value", "Records", "RECORDS"] {
            let input = format!("{{\"{key}\" : [ {{\"a\":1}} , {{\"b\":2}} ] }}");
            let items = run(input.as_bytes());
            assert_eq!(texts(&items), [r#"{"a":1}"#, r#"{"b":2}"#], "{key}");
        }
        assert!(run(b"{\"value\":[]}").is_empty());
    }

    #[test]
    fn several_envelope_pages() {
        let page1 =
            r#"{"@odata.context":"c","value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":"n"}"#;
        let page2 = r#"{"@odata.context":"c","value":[{"id":"3"}]}"#;
        for sep in ["", "\n", "\r\n", ",\n"] {
            let input = format!("{page1}{sep}{page2}{sep}");
            let items = run(input.as_bytes());
            assert_eq!(
                texts(&items),
                [r#"{"id":"1"}"#, r#"{"id":"2"}"#, r#"{"id":"3"}"#],
                "separator {sep:?}"
            );
            assert!(bad(&items).is_empty());
        }
        let input = format!("{page1}\n{page2}\n");
        assert_eq!(lines(&run(input.as_bytes())), [1, 1, 2]);
    }

    #[test]
    fn envelope_truncated_inside_array_and_after_it() {
        let items = run(b"{\"value\":[{\"id\":\"1\"},{\"id\":");
        assert_eq!(texts(&items), [r#"{"id":"1"}"#]);
        assert_eq!(bad(&items), [(1, TRUNCATED_RECORD.to_owned())]);

        let items = run(b"{\"value\":[{\"id\":\"1\"}],\"@odata.nextLink\":\"x");
        assert_eq!(texts(&items), [r#"{"id":"1"}"#]);
        assert_eq!(bad(&items), [(1, TRUNCATED_ENVELOPE.to_owned())]);
    }

    #[test]
    fn look_alike_keys_are_not_envelopes() {
        for input in [
            &br#"{"values":[{"a":1}],"x":1}"#[..],
            br#"{"record":[{"a":1}]}"#,
            br#"{"value":"text","records":5}"#,
            br#"{"Name":"x","value":{"a":[1]}}"#,
            br#"{"props":{"value":[{"a":1}]}}"#,
            br#"{"valu":[1],"recordsx":[2]}"#,
            br#"{"k":"value","v":[{"a":1}]}"#,
        ] {
            let items = run(input);
            assert_eq!(
                texts(&items),
                [String::from_utf8_lossy(input).into_owned()],
                "{}",
                String::from_utf8_lossy(input)
            );
        }
        // An array of records: elements are never envelopes.
        let items = run(br#"[{"value":[1,2]},{"records":[3]}]"#);
        assert_eq!(texts(&items), [r#"{"value":[1,2]}"#, r#"{"records":[3]}"#]);
    }

    #[test]
    fn record_with_many_keys_and_nested_arrays() {
        let mut text = String::from("{");
        for k in 0..75 {
            if k > 0 {
                text.push_str(",\r\n    ");
            }
            text.push_str(&format!(
                "\"key{k}\":  [\r\n {{\"v\": [{k}, \"s]}}\"]}}\r\n ]"
            ));
        }
        text.push('}');
        let input = format!("[{text},{text}]");
        let items = run(input.as_bytes());
        assert_eq!(texts(&items), [text.clone(), text]);
        assert_objects(&items);
    }

    #[test]
    fn strings_with_brackets_quotes_backslashes_and_unicode() {
        let record = r#"{"a":"]}[{,:","b":"say \"hi\" \\","c":"\\","d":"\u00e9\u20ac\ud83d\ude00","e":"héllo 日本 😀","f":"\\\"]"}"#;
        let input = format!("[{record},\n{record}]\n{record}");
        let items = run(input.as_bytes());
        assert_eq!(texts(&items), [record; 3]);
        assert_eq!(lines(&items), [1, 2, 3]);
        assert_objects(&items);
        let value: serde_json::Value = serde_json::from_str(record).expect("valid");
        assert_eq!(value["f"], "\\\"]");
    }

    #[test]
    fn leading_bom_is_skipped() {
        let items = run(b"\xEF\xBB\xBF[\r\n    {\r\n        \"id\":  \"1\"\r\n    }\r\n]");
        assert_eq!(lines(&items), [2]);
        assert!(bad(&items).is_empty());
        let items = run(b"\xEF\xBB\xBF{\"a\":1}\n\xEF\xBB\xBF{\"b\":2}\n");
        assert_eq!(texts(&items), [r#"{"a":1}"#, r#"{"b":2}"#]);
        let items = run(b"\xEF\xBB{\"a\":1}\n{\"b\":2}\n");
        assert_eq!(lines(&items), [2]);
        assert_eq!(bad(&items).len(), 1);
    }

    #[test]
    fn nul_bytes_and_binary_junk() {
        let items = run(b"{\"a\":1}\n\0\0\0\0\n{\"b\":2}\n\0\0\0");
        assert_eq!(texts(&items), [r#"{"a":1}"#, r#"{"b":2}"#]);
        assert_eq!(
            bad(&items),
            [
                (2, "unexpected character 0x00 between records".to_owned()),
                (4, "unexpected character 0x00 between records".to_owned())
            ]
        );
        let items = run(b"{\"a\":\"x\0y\xff\"}\n\xff\xfe junk\n{\"b\":2}");
        assert_eq!(texts(&items).len(), 2);
        assert_eq!(
            bad(&items),
            [(2, "unexpected character 0xff between records".to_owned())]
        );
        let items = run(b"[{\"a\":1}, @@, {\"b\":2}]\n{\"c\":3}");
        assert_eq!(texts(&items), [r#"{"a":1}"#, r#"{"c":3}"#]);
        assert_eq!(
            bad(&items),
            [(1, "unexpected character '@' in array".to_owned())]
        );
    }

    #[test]
    fn mismatched_brackets_are_malformed() {
        let items = run(b"{\"a\":[1}\n{\"b\":2}\n[{\"c\":3]]\n");
        assert_eq!(lines(&items), [2]);
        let reasons = bad(&items);
        assert_eq!(reasons.len(), 2);
        assert_eq!(reasons[0].0, 1);
        assert_eq!(reasons[1].0, 3);
        assert!(
            reasons[0]
                .1
                .starts_with("unexpected character '}' inside a record")
        );
    }

    #[test]
    fn deep_nesting_is_capped_without_overflow() {
        let mut input = vec![b'['; 100_000];
        input.extend_from_slice(b"\n{\"ok\":1}\n");
        let items = run_with(&input, 8192);
        assert_eq!(records(&items), [(2, r#"{"ok":1}"#.to_owned())]);
        assert_eq!(
            bad(&items),
            [(1, format!("nesting deeper than {MAX_DEPTH} levels"))]
        );

        let mut input = b"{\"a\":".to_vec();
        input.extend(std::iter::repeat_n(b'{', 100_000));
        let items = run_with(&input, 8192);
        assert_eq!(bad(&items).len(), 1);

        let deep = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        let input = format!("{{\"a\":{deep}}}");
        assert_eq!(texts(&run(input.as_bytes())), [input]);
    }

    #[test]
    fn ten_megabyte_string_field() {
        let big = "x\\\"y".repeat(10 * 1024 * 1024 / 4);
        let input = format!("[{{\"a\":1}},{{\"blob\":\"{big}\",\"b\":[1]}},{{\"c\":2}}]");
        for capacity in [8192, 1 << 20] {
            let items = run_with(input.as_bytes(), capacity);
            assert_eq!(records(&items).len(), 3);
            assert!(bad(&items).is_empty());
            assert_eq!(texts(&items)[1].len(), big.len() + 19);
        }
    }

    /// Regression (issue 12): a gzip bomb that expands into one endless record took as
    /// much memory as it expanded to; the record is now cut off at the cap.
    #[test]
    fn record_over_the_size_cap_is_malformed_and_the_next_line_is_read() {
        let mut input = b"{\"a\":1}\n{\"blob\":\"".to_vec();
        input.resize(input.len() + MAX_RECORD_BYTES + (2 << 20), b'y');
        input.extend_from_slice(b"\"}\n{\"b\":2}\n");
        let items = run_with(&input, 1 << 20);
        assert_eq!(texts(&items), [r#"{"a":1}"#, r#"{"b":2}"#]);
        assert_eq!(bad(&items), [(2, "record larger than 64 MiB".to_owned())]);
    }

    #[test]
    fn scalar_and_nested_array_elements_are_records() {
        let items = run(b"[1, -2.5e3, \"s]\", true, null, [1,[2]], {}]");
        assert_eq!(
            texts(&items),
            ["1", "-2.5e3", "\"s]\"", "true", "null", "[1,[2]]", "{}"]
        );
        let items = run(b"[1");
        assert_eq!(texts(&items), ["1"]);
        assert_eq!(bad(&items), [(1, TRUNCATED_ARRAY.to_owned())]);
    }

    #[test]
    fn line_numbers_stay_right_after_a_rescan() {
        let input = b"{\"a\":\n\n{\"b\":1}\n\n{\"c\":2}\n{\"d\":\"\nx\n{\"e\":3}\n";
        let items = run(input);
        assert_eq!(lines(&items), [3, 5, 8]);
        assert_eq!(bad(&items).iter().map(|b| b.0).collect::<Vec<_>>(), [1, 6]);
    }

    /// Regression (issue 12): a file whose every line opens a record that is never closed
    /// made the splitter re-scan each line up to `MAX_DEPTH` times (CPU, not memory): a
    /// 1 MB file read half a gigabyte. Second looks are now budgeted.
    #[test]
    fn rescanning_is_budgeted_on_lines_that_each_open_a_record() {
        let line = format!("{{\"k\":\"{}\",\"n\":\n", "x".repeat(200));
        let input = line.repeat(5_000);
        let mut stream = JsonStream::new(BufReader::with_capacity(8192, input.as_bytes()));
        let items = stream
            .by_ref()
            .collect::<io::Result<Vec<_>>>()
            .expect("reading a slice cannot fail");
        let budget = input.len() as u64 * RESCAN_BUDGET_FACTOR + RESCAN_SLACK_BYTES;
        assert!(
            stream.bytes_rescanned() <= budget,
            "{}",
            stream.bytes_rescanned()
        );
        assert!(records(&items).is_empty());
        let reasons = bad(&items);
        assert!(reasons.iter().any(|(_, r)| r.ends_with(NOT_RESCANNED)));
        // Line numbers stay true when the bytes are not looked at again.
        let lines: Vec<u64> = reasons.iter().map(|(l, _)| *l).collect();
        assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
        assert!(lines.iter().all(|&l| l <= 5_000));
        assert!(reasons.len() < 5_000);
    }

    #[test]
    fn a_damaged_real_shape_stays_inside_the_rescan_budget() {
        // Every other JSON line cut short: each break re-scans about one line.
        let mut input = String::new();
        for k in 0..2_000 {
            if k % 2 == 0 {
                input.push_str(&format!("{{\"id\":\"{k}\",\"v\":\n"));
            } else {
                input.push_str(&format!("{{\"id\":\"{k}\"}}\n"));
            }
        }
        let items = run_with(input.as_bytes(), 8192);
        assert!(bad(&items).iter().all(|(_, r)| !r.ends_with(NOT_RESCANNED)));
        assert_eq!(records(&items).len(), 1_000);
    }

    #[test]
    fn excerpt_is_capped() {
        let input = format!("{{\"a\":\"{}", "é".repeat(1000));
        match &run(input.as_bytes())[..] {
            [JsonItem::Malformed { excerpt, .. }] => {
                assert_eq!(excerpt.chars().count(), EXCERPT_CHARS);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn first_records_ignores_the_cut_record() {
        let head = b"\xEF\xBB\xBF[\n  {\"a\":1},\n  {\"b\":\n    [2,\n      {\"c\":3}";
        assert_eq!(first_records(head, 10), [b"{\"a\":1}".to_vec()]);
        let head = b"{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n{\"d\"";
        assert_eq!(first_records(head, 2).len(), 2);
        assert_eq!(first_records(head, 10).len(), 3);
        assert!(first_records(b"", 5).is_empty());
        assert!(first_records(b"{\"a\":1}", 0).is_empty());
    }

    #[test]
    fn first_problem_names_what_broke_the_head_but_not_its_cut_end() {
        let nested = ["[".repeat(100_000), "]".repeat(100_000)].concat();
        assert_eq!(
            first_problem(nested.as_bytes()),
            Some((1, format!("nesting deeper than {MAX_DEPTH} levels")))
        );
        assert_eq!(first_problem(b"{\"a\":1}\n{\"b\":"), None);
        assert_eq!(first_problem(b"{\"a\":1}\n"), None);
    }

    /// A small deterministic generator for the no-panic checks.
    fn next_random(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn random_bytes_and_every_truncation_never_panic() {
        let alphabet = b"{}[]\":,\\ \n\r\tau0\xEF\xBB\xBF\0";
        let mut state = 0x9E37_79B9_7F4A_7C15;
        for len in 0..400 {
            let input: Vec<u8> = (0..len)
                .map(|_| alphabet[(next_random(&mut state) % alphabet.len() as u64) as usize])
                .collect();
            run_with(&input, 3);
            run_with(&input, 8192);
        }
        let sample = b"\xEF\xBB\xBF{\"value\":[{\"a\":\"x\\\"]\",\"b\":[1,{}]},{\"c\":null}],\"n\":\"}\"}\n[{\"d\":1}],{\"e\":2}\n";
        for cut in 0..sample.len() {
            run(&sample[..cut]);
        }
    }

    /// A random JSON value with awkward strings; objects never use the envelope keys.
    fn random_value(state: &mut u64, depth: u32) -> serde_json::Value {
        use serde_json::Value;
        const STRINGS: [&str; 6] = [
            "plain",
            "q\"uo]te}",
            "back\\slash\\",
            "é日😀",
            "[{,:}]",
            "\u{1}\t",
        ];
        const KEYS: [&str; 5] = ["Id", "values", "record", "Operation", "ClientIP"];
        let pick = next_random(state) % if depth >= 4 { 4 } else { 6 };
        match pick {
            0 => Value::from(next_random(state) % 1000),
            1 => Value::from(STRINGS[(next_random(state) % 6) as usize]),
            2 => Value::Null,
            3 => Value::from(-1.5e-3),
            4 => (0..next_random(state) % 4)
                .map(|_| random_value(state, depth + 1))
                .collect(),
            _ => random_object(state, depth + 1, &KEYS),
        }
    }

    fn random_object(state: &mut u64, depth: u32, keys: &[&str]) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for k in 0..next_random(state) % 5 {
            let key = format!(
                "{}{k}",
                keys[(next_random(state) % keys.len() as u64) as usize]
            );
            map.insert(key, random_value(state, depth));
        }
        serde_json::Value::Object(map)
    }

    #[test]
    fn random_records_round_trip_in_every_shape() {
        let mut state = 0x2545_F491_4F6C_DD1D;
        for _ in 0..40 {
            let values: Vec<serde_json::Value> = (0..1 + next_random(&mut state) % 6)
                .map(|_| random_object(&mut state, 0, &["Id", "value", "records", "x"]))
                .map(|v| serde_json::json!({ "CreationTime": "t", "Data": v }))
                .collect();
            let compact: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            let pretty = serde_json::to_string_pretty(&values).expect("serialises");
            let shapes = [
                format!("[{}]", compact.join(",")),
                pretty.replace('\n', "\r\n"),
                compact.join("\n"),
                compact.join(",\r\n"),
                format!("{{\"@odata.context\":\"c\",\"value\":{pretty},\"n\":[]}}"),
                format!("\u{feff}{{\"records\":[{}]}}\n", compact.join(",")),
                format!("[{}]\n[{}]", compact[..1].join(","), compact[1..].join(",")),
            ];
            for shape in shapes {
                let items = run(shape.as_bytes());
                assert!(bad(&items).is_empty(), "{shape}");
                let got: Vec<serde_json::Value> = records(&items)
                    .iter()
                    .map(|(_, t)| serde_json::from_str(t).expect("record parses"))
                    .collect();
                assert_eq!(got, values, "{shape}");
            }
        }
    }

    /// A stray byte inside the fifth element of the Extractor-Suite export loses that element
    /// only: the stream resynchronises on the next element at the same indentation.
    fn broken_powershell_element_costs_one_record(bytes: &[u8]) {
        let needle = b"\"id\":  \"";
        let fifth = (0..bytes.len())
            .filter(|&k| bytes[k..].starts_with(needle))
            .nth(4)
            .expect("28 ids");
        let mut broken = bytes.to_vec();
        broken.insert(fifth, b'x');
        let items = run_with(&broken, 8192);
        assert_eq!(records(&items).len(), 27);
        assert_eq!(bad(&items).len(), 1);
        assert_objects(&items);
    }

    #[test]
    fn corpus_files_split_cleanly() {
        // The shared corpus sits beside the repository; the test is skipped where it is absent.
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
        if !root.is_dir() {
            return;
        }
        let mut stack = vec![root.to_path_buf()];
        let mut files = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable corpus") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let bytes = std::fs::read(&path).expect("readable file");
                let items = run_with(&bytes, 8192);
                assert!(
                    bad(&items).is_empty(),
                    "{}: {:?}",
                    path.display(),
                    bad(&items)
                );
                assert_objects(&items);
                let name = path.to_string_lossy();
                let expected = if name.contains("ms-extractor-suite") {
                    28
                } else if name.contains("o365-mgmt-api-docs") {
                    3
                } else {
                    1
                };
                assert_eq!(records(&items).len(), expected, "{name}");
                if expected == 28 {
                    // Elements open with a line holding `    {` (ConvertTo-Json, CRLF).
                    let starts: Vec<u64> = (1..)
                        .zip(bytes.split(|&b| b == b'\n'))
                        .filter(|(_, l)| *l == b"    {\r" || *l == b"    {")
                        .map(|(n, _)| n)
                        .collect();
                    assert_eq!(lines(&items), starts);
                    broken_powershell_element_costs_one_record(&bytes);
                }
                files += 1;
            }
        }
        assert!(files > 30);
    }
}
