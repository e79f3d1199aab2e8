//! The tenant generator (examples/gen, issue 9): same seed, same bytes; every row it
//! writes is read by analyze without a reject; and every address range it draws from has
//! the ASN and network class its table claims, so a data update that reclassifies a
//! range fails here rather than silently changing what scripts/eval measures.

use std::net::IpAddr;
use std::path::Path;

use mailtrail::enrich::{EnrichOptions, Enricher};

use crate::util::{mailtrail, read_json};

/// The generator, compiled here too (it is never part of the mailtrail binary).
#[path = "../examples/gen/synth/mod.rs"]
#[allow(dead_code)]
mod synth;

fn tiny() -> synth::Config {
    synth::Config {
        users: 20,
        days: 2,
        events: 3_000,
        seed: 7,
        start: synth::parse_date("2026-01-05").expect("a valid date"),
    }
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn tiny_tenant_is_byte_identical_per_seed_and_read_without_rejects() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    // Both runs at once: the test stays well under five seconds in a debug build.
    let report = std::thread::scope(|s| {
        let other = s.spawn(|| synth::generate(&tiny(), &b).unwrap());
        let report = synth::generate(&tiny(), &a).unwrap();
        other.join().unwrap();
        report
    });
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.len(), 4, "three exports and truth.json");
    for ((na, da), (nb, db)) in fa.iter().zip(&fb) {
        assert_eq!(na, nb);
        assert!(da == db, "{na} differs between two runs with the same seed");
    }
    let written: u64 = report.files.iter().map(|f| f.rows).sum();
    assert!(written > 1_000, "the tenant has rows: {written}");
    let mut args = vec!["analyze".to_string()];
    args.extend(
        report
            .files
            .iter()
            .map(|f| f.path.to_string_lossy().into_owned()),
    );
    let out = tmp.path().join("out");
    args.extend([
        "-o".into(),
        out.to_string_lossy().into_owned(),
        "--quiet".into(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = mailtrail(&args);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let totals = &read_json(&out.join("summary.json"))["totals"];
    assert_eq!(totals["rejected"], 0, "{totals}");
    assert_eq!(totals["files_skipped"], 0, "{totals}");
    assert_eq!(totals["rows_read"], written, "{totals}");
    let truth = read_json(&a.join("truth.json"));
    let users = truth["users"].as_array().unwrap();
    assert_eq!(users.len(), 20);
    let compromised = users.iter().filter(|u| u["compromised"] == true).count();
    assert!(
        compromised >= 3,
        "at least three compromised users: {compromised}"
    );
}

/// First and last host of every /24 of an IPv4 range (a few /48s of an IPv6 one).
fn samples(prefix: &str) -> Vec<IpAddr> {
    let (net, len) = prefix.split_once('/').unwrap();
    let len: u32 = len.parse().unwrap();
    match net.parse::<IpAddr>().unwrap() {
        IpAddr::V4(v4) => {
            let base = u32::from(v4);
            let blocks = 1u32 << (24 - len.min(24));
            (0..blocks)
                .flat_map(|k| [base + k * 256 + 1, base + k * 256 + 254])
                .map(|a| IpAddr::from(std::net::Ipv4Addr::from(a)))
                .collect()
        }
        IpAddr::V6(v6) => (0..16u128)
            .map(|k| IpAddr::from(std::net::Ipv6Addr::from(u128::from(v6) + (k << 80) + 1)))
            .collect(),
    }
}

#[test]
fn generator_ranges_have_the_asn_and_class_their_table_claims() {
    let enricher = Enricher::new(&EnrichOptions::default()).unwrap();
    for r in synth::RANGES {
        let printed = synth::address(r, 7); // the address `gen --ranges` prints
        for ip in samples(r.prefix).into_iter().chain([printed]) {
            let info = enricher.lookup(ip);
            assert_eq!(
                info.class.as_str(),
                r.class,
                "{} ({}) at {ip}",
                r.name,
                r.prefix
            );
            assert_eq!(
                info.asn.unwrap_or(0),
                r.asn,
                "{} ({}) at {ip}",
                r.name,
                r.prefix
            );
        }
    }
}

/// A tenant large enough for several batches per file, so the pipelined ingest (reader,
/// pool, taker) and the replays' batch-ahead decoding run for real: the output folder is
/// byte-identical with one thread and with two, for both timeline modes.
#[test]
fn many_batches_give_the_same_outputs_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = synth::Config {
        users: 30,
        days: 3,
        events: 12_000,
        ..tiny()
    };
    let report = synth::generate(&cfg, &tmp.path().join("tenant")).unwrap();
    let audit_rows: u64 = report.files.iter().map(|f| f.rows).max().unwrap_or(0);
    assert!(audit_rows > 8_192, "more than two batches: {audit_rows}");
    let inputs: Vec<String> = report
        .files
        .iter()
        .map(|f| f.path.to_string_lossy().into_owned())
        .collect();
    for timeline in ["relevant", "all"] {
        let outs: Vec<Vec<(String, Vec<u8>)>> = ["1", "2"]
            .iter()
            .map(|threads| {
                let out = tmp.path().join(format!("out-{timeline}-{threads}"));
                let o = out.to_string_lossy().into_owned();
                let mut args = vec!["analyze", "-o", &o, "--quiet", "--threads", threads];
                args.extend(["--timeline", timeline]);
                args.extend(inputs.iter().map(String::as_str));
                let run = mailtrail(&args);
                assert!(
                    matches!(run.code, 0 | 1),
                    "exit {}: {}",
                    run.code,
                    run.stderr
                );
                files(&out)
            })
            .collect();
        assert_eq!(outs[0].len(), outs[1].len());
        for ((name, one), (_, two)) in outs[0].iter().zip(&outs[1]) {
            assert!(
                one == two,
                "{name} differs between --threads 1 and 2 ({timeline})"
            );
        }
    }
}
