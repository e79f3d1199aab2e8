//! `cargo run --release --example gen -- --users 300 --days 30 --events 150000 --seed 1
//! --out DIR`: writes one synthetic Microsoft 365 tenant (a Purview audit export, the
//! Entra interactive and non-interactive sign-in downloads, and truth.json) for measuring
//! detection quality (scripts/eval, docs/detection-quality.md) and for benchmarks.
//!
//! Tooling: the generator lives in examples/gen/synth/ and is never linked into the
//! mailtrail binary. The same arguments always write the same bytes. truth.json is not an
//! export: give analyze the three CSVs (`mailtrail analyze DIR/*.csv`), not the folder.

mod synth;

// The allocator the mailtrail binary uses: the generator makes millions of small strings.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen [--users N] [--days N] [--events N] [--seed N] [--start YYYY-MM-DD] --out DIR\n       gen --ranges   (the address table: name, prefix, ASN, class, role, place, a sample address)";

/// Print the range table, one sample address per range in the last column, so the classes
/// can be checked with `gen --ranges | cut -f7 | mailtrail lookup -`.
fn print_ranges() {
    for r in synth::RANGES {
        let sample = synth::address(r, 7);
        println!(
            "{}\t{}\tAS{}\t{}\t{:?}\t{}\t{sample}",
            r.name, r.prefix, r.asn, r.class, r.role, r.place
        );
    }
}

fn parse(args: &[String]) -> Result<(synth::Config, PathBuf), String> {
    let mut cfg = synth::Config {
        users: 300,
        days: 30,
        events: 150_000,
        seed: 1,
        start: synth::parse_date("2026-01-05").ok_or("bad default date")?,
    };
    let mut out = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let num = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: '{value}' is not a number"))
        };
        match flag.as_str() {
            "--users" => cfg.users = num()?.max(4) as usize,
            "--days" => cfg.days = num()?.max(2) as i64,
            "--events" => cfg.events = num()?,
            "--seed" => cfg.seed = num()?,
            "--start" => {
                cfg.start = synth::parse_date(value)
                    .ok_or_else(|| format!("--start: '{value}' is not YYYY-MM-DD"))?
            }
            "--out" => out = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok((cfg, out.ok_or("--out DIR is required")?))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--ranges") {
        print_ranges();
        return ExitCode::SUCCESS;
    }
    let (cfg, dir) = match parse(&args) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("gen: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let report = match synth::generate(&cfg, &dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gen: {}: {e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let secs = started.elapsed().as_secs_f64();
    let (mut rows, mut bytes) = (0, 0);
    for f in &report.files {
        eprintln!("{}\t{} rows\t{} bytes", f.path.display(), f.rows, f.bytes);
        rows += f.rows;
        bytes += f.bytes;
    }
    eprintln!(
        "gen: {rows} rows, {:.1} MB in {secs:.2} s ({:.0} MB/s); at most {} rows held; truth in {} (not an export: analyze the CSVs)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs.max(1e-9),
        report.max_pending,
        report.truth.display()
    );
    ExitCode::SUCCESS
}
