//! Benchmark for the detector pass (SPEC §9): every enabled detector over time-ordered,
//! enriched events, as the detection replay runs them (batches of `BATCH`, detectors in
//! parallel across the batch). The events are the two story tenants' exports, each
//! repeated until there are about 50,000, so windowed and per-user state is exercised.
//! Run with `cargo bench --bench detect`; figures are in docs/performance.md.

use std::hint::black_box;
use std::io::Cursor;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mailtrail::correlate::timeline::sort_key;
use mailtrail::detect::Engine;
use mailtrail::detect::config::Config;
use mailtrail::enrich::{EnrichOptions, Enricher};
use mailtrail::event::Event;
use mailtrail::event::time::DateOrder;
use mailtrail::ingest::engine::{BATCH, Outcome, RecordReader, map_batch};
use mailtrail::ingest::formats::FileCtx;
use mailtrail::ingest::sniff::sniff;

const STORY_FILES: &[&str] = &[
    "stories/bec_takeover/AuditLog_20260216_090000.csv",
    "stories/bec_takeover/InteractiveSignIns_2026-02-02_2026-02-16.csv",
    "stories/bec_takeover/NonInteractiveSignIns_2026-02-02_2026-02-16.csv",
    "stories/benign_tenant/AuditLog_20260216_091500.csv",
    "stories/benign_tenant/InteractiveSignIns_2026-02-02_2026-02-16.csv",
    "stories/benign_tenant/NonInteractiveSignIns_2026-02-02_2026-02-16.csv",
];

/// About this many events go through the detectors.
const EVENTS: usize = 50_000;

/// Every event of one fixture file, enriched.
fn events_of(rel: &str, enricher: &Enricher) -> Vec<Event> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sniffed = sniff(&bytes[..bytes.len().min(1 << 20)]);
    let (Some(format), Some(head)) = (sniffed.format, sniffed.head) else {
        panic!("{rel}: not recognised");
    };
    let mut records =
        RecordReader::new(Box::new(Cursor::new(bytes)), &head, rel).expect("readable");
    let ctx = FileCtx {
        date_order: head.date_order.unwrap_or(DateOrder::Mdy),
        name: rel.rsplit('/').next().unwrap_or(rel).to_string(),
    };
    let mut out = Vec::new();
    loop {
        let first = records.records_read() + 1;
        let batch = records.next_batch(BATCH).expect("reads to the end");
        if batch.is_empty() {
            return out;
        }
        for m in map_batch(format, records.header(), batch, 0, first, &ctx) {
            if let Outcome::Event(mut ev) = m.outcome {
                enricher.enrich_event(&mut ev);
                out.push(*ev);
            }
        }
    }
}

/// The stories' events, repeated to about [`EVENTS`] and put in time order.
fn events() -> Vec<Event> {
    let enricher = Enricher::new(&EnrichOptions::default()).expect("embedded tables");
    let once: Vec<Event> = STORY_FILES
        .iter()
        .flat_map(|f| events_of(f, &enricher))
        .collect();
    let mut all: Vec<Event> = once.iter().cycle().take(EVENTS).cloned().collect();
    for (i, ev) in all.iter_mut().enumerate() {
        ev.pos.record = i as u64;
    }
    all.sort_by_key(sort_key);
    all
}

/// One detection pass: every enabled detector over every event, then `finish`.
fn detect(events: &[Event]) -> usize {
    let ctx = Config::default().context(["contoso.com".to_string()]);
    let mut engine = Engine::new(ctx);
    for batch in events.chunks(BATCH) {
        engine.observe_batch(batch);
    }
    engine.finish().len()
}

fn detectors(c: &mut Criterion) {
    let events = events();
    let mut group = c.benchmark_group("detect");
    group.sample_size(10);
    group.throughput(Throughput::Elements(events.len() as u64));
    group.bench_function("all-detectors", |b| {
        b.iter(|| black_box(detect(black_box(&events))))
    });
    group.finish();
}

criterion_group!(benches, detectors);
criterion_main!(benches);
