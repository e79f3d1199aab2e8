//! Benchmarks for the parsers (SPEC §9): each export shape, from bytes in memory to
//! normalized events — sniff, record splitting, parallel mapping — without enrichment,
//! detection or output. Line-based samples (CSV rows, JSON lines) are repeated to about
//! 2 MB so per-file set-up does not dominate; array and envelope shapes are read as they
//! are. Run with `cargo bench --bench ingest`; figures are in docs/performance.md.

use std::hint::black_box;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mailtrail::event::time::DateOrder;
use mailtrail::ingest::engine::{BATCH, Outcome, RecordReader, map_batch};
use mailtrail::ingest::formats::FileCtx;
use mailtrail::ingest::sniff::sniff;
use mailtrail::ingest::source;

/// One sample per export shape: (bench name, fixture path, repeat its records).
const SAMPLES: &[(&str, &str, bool)] = &[
    ("ual-purview-csv", "ual/purview_audit_search.csv", true),
    ("ual-classic-csv", "ual/classic_compliance.csv", true),
    ("ual-powershell-csv", "ual/powershell_export.csv", true),
    ("ual-json-lines", "ual/mgmt_api.jsonl", true),
    ("ual-json-array", "ual/mgmt_api_array.json", false),
    ("ual-graph", "ual/graph_audit_records.json", false),
    ("ual-loganalytics", "ual/officeactivity_la.csv", true),
    (
        "signin-entra-csv",
        "signin/InteractiveSignIns_2026-01-01_2026-01-08.csv",
        true,
    ),
    ("signin-graph-json", "signin/graph_signins.jsonl", true),
    (
        "signin-diagnostic-json",
        "signin/diagnostic_signins.jsonl",
        true,
    ),
    ("signin-loganalytics", "signin/signinlogs_la.csv", true),
    ("entra-audit", "entra/directory_audits.json", false),
    ("graph-activity", "graph/graph_activity_la.csv", true),
    ("message-trace", "trace/MessageTrace_megan.bowen.csv", true),
    ("rules-inventory-csv", "rules/MailboxRules.csv", true),
];

/// About this many bytes per repeated sample.
const TARGET_BYTES: usize = 2 << 20;

/// The sample as benchmarked: CSV header once and its rows repeated, or JSON lines
/// repeated; other shapes as they are.
pub fn sample_bytes(rel: &str, repeat: bool) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    let bytes = decoded(&path);
    if !repeat {
        return bytes;
    }
    // A CSV keeps its header (and a `#TYPE` preamble line before it) once.
    let mut split = 0;
    if rel.ends_with(".csv") {
        while let Some(nl) = bytes[split..].iter().position(|&b| b == b'\n') {
            let preamble = bytes[split..].starts_with(b"#");
            split += nl + 1;
            if !preamble {
                break;
            }
        }
    }
    let (head, body) = bytes.split_at(split);
    let mut out = head.to_vec();
    while out.len() < TARGET_BYTES && !body.is_empty() {
        out.extend_from_slice(body);
        if !body.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

/// The file as the engine sees it: decoded to UTF-8 (UTF-16 exports, BOMs, gzip).
fn decoded(path: &Path) -> Vec<u8> {
    let found = source::discover(&[path.to_path_buf()]).expect("fixture exists");
    let src = found.sources.first().expect("one source");
    let mut opened = source::open(src, Arc::new(AtomicU64::new(0))).expect("opens");
    let mut out = Vec::new();
    opened.reader.read_to_end(&mut out).expect("reads");
    out
}

/// Sniff and map every record of `bytes`; returns the number of events.
pub fn parse(bytes: &[u8]) -> usize {
    let sniffed = sniff(&bytes[..bytes.len().min(1 << 20)]);
    let (Some(format), Some(head)) = (sniffed.format, sniffed.head) else {
        panic!("sample not recognised: {}", sniffed.reason);
    };
    let reader = Box::new(Cursor::new(bytes.to_vec()));
    let mut records = RecordReader::new(reader, &head, "bench").expect("readable sample");
    let ctx = FileCtx {
        date_order: head.date_order.unwrap_or(DateOrder::Mdy),
        name: "bench".into(),
    };
    let mut events = 0;
    loop {
        let first = records.records_read() + 1;
        let batch = records.next_batch(BATCH).expect("sample reads to the end");
        if batch.is_empty() {
            return events;
        }
        let mapped = map_batch(format, records.header(), batch, 0, first, &ctx);
        events += mapped
            .iter()
            .filter(|m| matches!(m.outcome, Outcome::Event(_)))
            .count();
    }
}

fn parsers(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for &(name, rel, repeat) in SAMPLES {
        let bytes = sample_bytes(rel, repeat);
        let events = parse(&bytes);
        assert!(events > 0, "{name}: no events");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| b.iter(|| black_box(parse(black_box(&bytes)))));
    }
    group.finish();
}

criterion_group!(benches, parsers);
criterion_main!(benches);
