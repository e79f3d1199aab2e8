//! Benchmarks for the IP-intelligence layer (SPEC §9: embedded table ready in < 50 ms,
//! ≥ 5 M lookups/s): table decode time, raw table lookups/s and `Enricher::lookup`.
//! Run with `cargo bench --bench enrich`; figures are recorded in docs/ip-intelligence.md.

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mailtrail::enrich::asn_table::{AsnTable, CountryTable, EMBEDDED_ASN_GZ, EMBEDDED_COUNTRY_GZ};
use mailtrail::enrich::{EnrichOptions, Enricher};

/// Deterministic xorshift addresses: random IPv4, and IPv6 inside 2000::/4.
fn addresses(n: usize) -> (Vec<IpAddr>, Vec<IpAddr>) {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let v4 = (0..n)
        .map(|_| IpAddr::V4(Ipv4Addr::from(next() as u32)))
        .collect();
    let v6 = (0..n)
        .map(|_| {
            let hi = (0x2u128 << 124) | (u128::from(next()) << 60);
            IpAddr::V6(Ipv6Addr::from(hi | u128::from(next() >> 4)))
        })
        .collect();
    (v4, v6)
}

/// One plain-timer pass printed once, so the figures are visible without criterion's
/// statistics (criterion's own lines follow).
fn print_figures() {
    let start = Instant::now();
    let asn = AsnTable::decode(EMBEDDED_ASN_GZ).expect("embedded table is valid");
    let asn_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let country = CountryTable::decode(EMBEDDED_COUNTRY_GZ).expect("embedded table is valid");
    let country_ms = start.elapsed().as_secs_f64() * 1e3;
    let (v4, v6) = addresses(1 << 20);
    let rate = |ips: &[IpAddr]| {
        let start = Instant::now();
        for _ in 0..10 {
            for &ip in ips {
                black_box(asn.asn(black_box(ip)));
            }
        }
        10.0 * ips.len() as f64 / start.elapsed().as_secs_f64() / 1e6
    };
    let (rows4, rows6, asns) = asn.stats();
    println!(
        "enrich figures: asn table {} B gz ({rows4} v4 rows, {rows6} v6 rows, {asns} ASNs) \
         decode {asn_ms:.1} ms; country table {} B gz decode {country_ms:.1} ms; \
         lookups v4 {:.1} M/s, v6 {:.1} M/s (one core)",
        EMBEDDED_ASN_GZ.len(),
        EMBEDDED_COUNTRY_GZ.len(),
        rate(&v4),
        rate(&v6),
    );
    black_box(country);
}

fn bench_decode(c: &mut Criterion) {
    print_figures();
    let mut g = c.benchmark_group("decode");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("asn_table", |b| {
        b.iter(|| AsnTable::decode(black_box(EMBEDDED_ASN_GZ)))
    });
    g.bench_function("country_table", |b| {
        b.iter(|| CountryTable::decode(black_box(EMBEDDED_COUNTRY_GZ)))
    });
    g.bench_function("enricher_new_both_tables", |b| {
        // After the first iteration the OnceLocks are warm; this measures the rest.
        b.iter(|| Enricher::new(&EnrichOptions::default()))
    });
    g.finish();
}

fn bench_lookup(c: &mut Criterion) {
    let table = AsnTable::embedded();
    let enricher = Enricher::new(&EnrichOptions::default()).expect("no override files");
    let (v4, v6) = addresses(1 << 16);
    let mut g = c.benchmark_group("lookup");
    g.throughput(Throughput::Elements(v4.len() as u64));
    g.bench_function("asn_table_v4", |b| {
        b.iter(|| v4.iter().filter_map(|&ip| table.asn(black_box(ip))).count())
    });
    g.bench_function("asn_table_v6", |b| {
        b.iter(|| v6.iter().filter_map(|&ip| table.asn(black_box(ip))).count())
    });
    g.bench_function("enricher_compute_uncached_v4", |b| {
        b.iter(|| {
            v4.iter().for_each(|&ip| {
                black_box(enricher.compute(black_box(ip)));
            })
        })
    });
    g.bench_function("enricher_lookup_cached_v4", |b| {
        b.iter(|| {
            v4.iter().for_each(|&ip| {
                black_box(enricher.lookup(black_box(ip)));
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench_decode, bench_lookup);
criterion_main!(benches);
