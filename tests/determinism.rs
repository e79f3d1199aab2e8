//! Same input, same output, byte for byte: whatever the thread count and whatever the
//! order the inputs are given in (SPEC §10); the Parquet files too, when built with them.

use crate::util::{fixture, mailtrail};

const FILES: [&str; 8] = [
    "timeline.csv",
    "timeline.jsonl",
    "findings.csv",
    "incidents.csv",
    "accessed_messages.csv",
    "rejects.csv",
    "summary.json",
    "report.html",
];

/// The Parquet outputs, compared too when the binary can write them (`--parquet`).
const PARQUET: &[&str] = if cfg!(feature = "parquet") {
    &["timeline.parquet", "findings.parquet"]
} else {
    &[]
};

fn files() -> impl Iterator<Item = &'static str> {
    FILES.iter().chain(PARQUET).copied()
}

fn run(args: &[&str]) -> Vec<Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_string_lossy().to_string();
    let mut all: Vec<&str> = vec!["analyze", "-o", &o, "--quiet"];
    if !PARQUET.is_empty() {
        all.push("--parquet");
    }
    all.extend_from_slice(args);
    let r = mailtrail(&all);
    assert!(matches!(r.code, 0 | 1 | 3), "exit {}: {}", r.code, r.stderr);
    files()
        .map(|f| std::fs::read(out.path().join(f)).unwrap())
        .collect()
}

#[test]
fn thread_count_does_not_change_output() {
    let dir = fixture("").to_string_lossy().to_string();
    let one = run(&["--threads", "1", &dir]);
    let eight = run(&["--threads", "8", &dir]);
    for (i, f) in files().enumerate() {
        assert!(one[i] == eight[i], "{f} differs between --threads 1 and 8");
    }
}

#[test]
fn input_order_does_not_change_output() {
    let (a, b) = (
        fixture("ual").to_string_lossy().to_string(),
        fixture("signin").to_string_lossy().to_string(),
    );
    let ab = run(&[&a, &b]);
    let ba = run(&[&b, &a]);
    for (i, f) in files().enumerate() {
        assert!(ab[i] == ba[i], "{f} depends on the input order");
    }
}
