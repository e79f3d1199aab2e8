//! `cargo run --release --example ceiling -- FILE [--threads N] [--format purview-csv|jsonl]`:
//! the parse-only throughput ceiling of SPEC §9, which `analyze`'s end-to-end throughput is
//! measured against (scripts/bench, docs/performance.md).
//!
//! It is the fastest plain parse of a Unified Audit Log export into the fields the tool
//! needs, with no detection, no enrichment and no output: read the whole file (in parallel,
//! one slice per thread), cut it into ~8 MB chunks at record boundaries (quote-aware for
//! CSV, since a quoted field may hold newlines; at newlines for JSON lines), then on a rayon
//! pool of N threads parse every chunk — for a Purview CSV each row with the `csv` crate
//! (`ByteRecord`s) and its `AuditData` cell with `serde_json` into a struct of borrowed
//! fields; for JSON lines each line into the same struct — and turn `CreationTime` into
//! epoch seconds. It counts records, errors and a checksum of the times (so nothing is
//! optimised away) and prints one line of JSON:
//! `{"bytes":..,"records":..,"seconds":..,"mb_per_s":..,"threads":N,...}` (MB = 1e6 bytes;
//! `seconds` covers reading, splitting and parsing).
//!
//! Tooling: never linked into the mailtrail binary; uses only the crate's dependencies.

// The allocator the mailtrail binary uses, so the comparison is like for like.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::borrow::Cow;
use std::fs::File;
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use serde::Deserialize;

const USAGE: &str = "usage: ceiling FILE [--threads N] [--format purview-csv|jsonl]";

/// Target chunk size: each chunk ends at the first record boundary after this many bytes.
const CHUNK: usize = 8 << 20;

/// Block size for the parallel read of the file.
const READ_BLOCK: usize = 4 << 20;

/// The two input shapes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Format {
    /// Purview audit search CSV download: one record per row, `AuditData` holds the JSON.
    PurviewCsv,
    /// One `AuditData` object per line (Management Activity API / JSON lines).
    Jsonl,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Self::PurviewCsv => "purview-csv",
            Self::Jsonl => "jsonl",
        }
    }
}

/// The `AuditData` fields the tool reads, borrowed from the input where no escape forces a copy.
#[derive(Deserialize)]
#[allow(dead_code)] // fields are parsed to measure the cost, not read
struct Audit<'a> {
    #[serde(rename = "CreationTime", borrow)]
    creation_time: Option<Cow<'a, str>>,
    #[serde(rename = "Id", borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(rename = "Operation", borrow)]
    operation: Option<Cow<'a, str>>,
    #[serde(rename = "RecordType", default)]
    record_type: Option<Num>,
    #[serde(rename = "UserId", borrow)]
    user_id: Option<Cow<'a, str>>,
    #[serde(rename = "UserKey", borrow)]
    user_key: Option<Cow<'a, str>>,
    #[serde(rename = "UserType", default)]
    user_type: Option<Num>,
    #[serde(rename = "Workload", borrow)]
    workload: Option<Cow<'a, str>>,
    #[serde(rename = "ResultStatus", borrow)]
    result_status: Option<Cow<'a, str>>,
    #[serde(rename = "ClientIP", borrow)]
    client_ip: Option<Cow<'a, str>>,
    #[serde(rename = "ClientIPAddress", borrow)]
    client_ip_address: Option<Cow<'a, str>>,
    #[serde(rename = "ActorIpAddress", borrow)]
    actor_ip_address: Option<Cow<'a, str>>,
    #[serde(rename = "UserAgent", borrow)]
    user_agent: Option<Cow<'a, str>>,
    #[serde(rename = "ClientInfoString", borrow)]
    client_info_string: Option<Cow<'a, str>>,
    #[serde(rename = "SessionId", borrow)]
    session_id: Option<Cow<'a, str>>,
    #[serde(rename = "MailboxOwnerUPN", borrow)]
    mailbox_owner_upn: Option<Cow<'a, str>>,
    #[serde(rename = "ObjectId", borrow)]
    object_id: Option<Cow<'a, str>>,
    #[serde(rename = "AppId", borrow)]
    app_id: Option<Cow<'a, str>>,
    #[serde(rename = "ClientAppId", borrow)]
    client_app_id: Option<Cow<'a, str>>,
    #[serde(rename = "OrganizationName", borrow)]
    organization_name: Option<Cow<'a, str>>,
    #[serde(rename = "AppAccessContext", borrow)]
    app_access_context: Option<AppAccessContext<'a>>,
}

/// The nested `AppAccessContext` (session and token ids).
#[derive(Deserialize)]
#[allow(dead_code)] // fields are parsed to measure the cost, not read
struct AppAccessContext<'a> {
    #[serde(rename = "AADSessionId", borrow)]
    aad_session_id: Option<Cow<'a, str>>,
    #[serde(rename = "UniqueTokenId", borrow)]
    unique_token_id: Option<Cow<'a, str>>,
    #[serde(rename = "ClientAppName", borrow)]
    client_app_name: Option<Cow<'a, str>>,
}

/// A JSON number or a string holding one (`RecordType` is either, depending on the export).
struct Num(#[allow(dead_code)] i64);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Num, E> {
                Ok(Num(v as i64))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Num, E> {
                Ok(Num(v.trim().parse().unwrap_or(0)))
            }
        }
        d.deserialize_any(V)
    }
}

/// Per-chunk (and total) counts.
#[derive(Default, Clone, Copy)]
struct Tally {
    records: u64,
    errors: u64,
    checksum: i64,
}

impl Tally {
    fn add(self, o: Self) -> Self {
        Self {
            records: self.records + o.records,
            errors: self.errors + o.errors,
            checksum: self.checksum.wrapping_add(o.checksum),
        }
    }

    /// Count one `AuditData` object: a record when it parses and has a valid time.
    fn audit(&mut self, json: &[u8]) {
        let time = serde_json::from_slice::<Audit>(json)
            .ok()
            .and_then(|a| a.creation_time.as_deref().and_then(epoch_seconds));
        match time {
            Some(t) => {
                self.records += 1;
                self.checksum = self.checksum.wrapping_add(t);
            }
            None => self.errors += 1,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DDTHH:MM:SS[.fff][Z]` (UTC) as seconds since the epoch.
fn epoch_seconds(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec)
}

/// Read the whole file, `threads` blocks at a time (page faults and copies in parallel).
fn read_file(path: &str) -> std::io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let len = usize::try_from(file.metadata()?.len()).map_err(std::io::Error::other)?;
    let mut data = vec![0u8; len];
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        data.par_chunks_mut(READ_BLOCK)
            .enumerate()
            .try_for_each(|(i, block)| file.read_exact_at(block, (i * READ_BLOCK) as u64))?;
    }
    #[cfg(not(unix))]
    {
        use std::io::Read;
        let mut file = file;
        file.read_exact(&mut data)?;
    }
    Ok(data)
}

/// Where each chunk starts: the byte after the first record-ending newline at or after every
/// multiple of `CHUNK`. For CSV a newline ends a record only outside double quotes, so the
/// quote parity at each multiple is known from the quotes before it (counted per block in
/// parallel, then summed in file order: the same as one sequential scan from the start).
fn chunk_starts(data: &[u8], start: usize, quoted: bool) -> Vec<usize> {
    let body = data.get(start..).unwrap_or_default();
    let blocks: Vec<&[u8]> = body.chunks(CHUNK).collect();
    let quotes: Vec<usize> = if quoted {
        blocks
            .par_iter()
            .map(|b| b.iter().filter(|&&c| c == b'"').count())
            .collect()
    } else {
        vec![0; blocks.len()]
    };
    let mut inside = false;
    let mut starts = vec![start];
    for (i, q) in quotes
        .iter()
        .enumerate()
        .take(quotes.len().saturating_sub(1))
    {
        inside ^= q % 2 == 1;
        let from = start + (i + 1) * CHUNK;
        if from < starts.last().copied().unwrap_or(start) {
            continue; // a record spanned the whole previous block
        }
        let mut open = inside;
        let cut = data[from..].iter().position(|&c| {
            if quoted && c == b'"' {
                open = !open;
            }
            c == b'\n' && !open
        });
        match cut {
            Some(p) if from + p + 1 < data.len() => starts.push(from + p + 1),
            _ => break,
        }
    }
    starts.push(data.len());
    starts.dedup();
    starts
}

/// Parse one chunk of Purview CSV rows; `audit` is the `AuditData` column.
fn parse_csv(chunk: &[u8], audit: usize) -> Tally {
    let mut t = Tally::default();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(chunk);
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => match rec.get(audit) {
                Some(json) => t.audit(json),
                None => t.errors += 1,
            },
            Ok(false) => break,
            Err(e) => {
                t.errors += 1;
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    t
}

/// Parse one chunk of JSON lines.
fn parse_jsonl(chunk: &[u8]) -> Tally {
    let mut t = Tally::default();
    for line in chunk.split(|&c| c == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        t.audit(line);
    }
    t
}

/// Where the records start (after a BOM and, for CSV, the header) and the `AuditData` column.
fn body_start(data: &[u8], format: Format) -> Result<(usize, usize), String> {
    let bom = if data.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    if format == Format::Jsonl {
        return Ok((bom, 0));
    }
    let rest = &data[bom..];
    let end = rest
        .iter()
        .position(|&c| c == b'\n')
        .map_or(rest.len(), |p| p + 1);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&rest[..end]);
    let mut header = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut header) {
        Ok(true) => {}
        _ => return Err("no CSV header".into()),
    }
    let audit = header
        .iter()
        .position(|h| h.trim_ascii().eq_ignore_ascii_case(b"AuditData"))
        .ok_or("the CSV header has no AuditData column")?;
    Ok((bom + end, audit))
}

/// Options from the command line.
struct Opts {
    file: String,
    threads: usize,
    format: Option<Format>,
}

fn parse_args(args: &[String]) -> Result<Opts, String> {
    let mut o = Opts {
        file: String::new(),
        threads: std::thread::available_parallelism().map_or(1, usize::from),
        format: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--threads" => {
                let v = it.next().ok_or("--threads needs a value")?;
                o.threads = v
                    .parse::<usize>()
                    .map_err(|_| format!("--threads: '{v}' is not a number"))?
                    .max(1);
            }
            "--format" => {
                o.format = match it.next().map(String::as_str) {
                    Some("purview-csv" | "csv") => Some(Format::PurviewCsv),
                    Some("jsonl" | "json") => Some(Format::Jsonl),
                    other => return Err(format!("--format: unknown format {other:?}")),
                }
            }
            f if f.starts_with('-') => return Err(format!("unknown option {f}")),
            f if o.file.is_empty() => o.file = f.to_string(),
            f => return Err(format!("one FILE only, not also {f}")),
        }
    }
    if o.file.is_empty() {
        return Err("FILE is required".into());
    }
    Ok(o)
}

/// Guess the format from the first byte after a BOM and whitespace: `{` is JSON lines.
fn sniff(data: &[u8]) -> Format {
    let rest = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match rest.iter().find(|c| !c.is_ascii_whitespace()) {
        Some(b'{') => Format::Jsonl,
        _ => Format::PurviewCsv,
    }
}

fn run(o: &Opts) -> Result<String, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(o.threads)
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let data = pool
        .install(|| read_file(&o.file))
        .map_err(|e| format!("{}: {e}", o.file))?;
    let read_seconds = started.elapsed().as_secs_f64();
    let format = o.format.unwrap_or_else(|| sniff(&data));
    let (start, audit) = body_start(&data, format)?;
    let tally = pool.install(|| {
        let starts = chunk_starts(&data, start, format == Format::PurviewCsv);
        starts
            .par_windows(2)
            .map(|w| {
                let chunk = &data[w[0]..w[1]];
                match format {
                    Format::PurviewCsv => parse_csv(chunk, audit),
                    Format::Jsonl => parse_jsonl(chunk),
                }
            })
            .reduce(Tally::default, Tally::add)
    });
    let seconds = started.elapsed().as_secs_f64();
    let bytes = data.len();
    let mb_per_s = bytes as f64 / 1e6 / seconds.max(1e-9);
    Ok(format!(
        "{{\"bytes\":{bytes},\"records\":{},\"seconds\":{seconds:.3},\"mb_per_s\":{mb_per_s:.1},\
         \"threads\":{},\"format\":\"{}\",\"errors\":{},\"checksum\":{},\"read_seconds\":{read_seconds:.3}}}",
        tally.records,
        o.threads,
        format.name(),
        tally.errors,
        tally.checksum
    ))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let opts = match parse_args(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ceiling: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ceiling: {e}");
            ExitCode::FAILURE
        }
    }
}
