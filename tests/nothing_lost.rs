//! Nothing is lost (SPEC §3 ledger, issue 12): for every fixture folder and the hostile
//! set, each input's books balance (`rows_read = events + rejected + duplicates + merged
//! + filtered`), `totals` is the sum of `inputs[]`, and every rejected row is in
//! rejects.csv with its file and line (rejects.csv rows per file == that input's
//! `rejected`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mailtrail::app::{AnalyzeOptions, analyze};

use crate::hostile::CASES;
use crate::util::{csv_rows, fixture, read_json};

/// The ledger counters of summary.json (`inputs[]` and `totals`).
const COUNTERS: [&str; 6] = [
    "rows_read",
    "events",
    "rejected",
    "duplicates",
    "merged",
    "filtered",
];

/// Analyse `inputs` in-process and check the books; returns how many inputs were read.
fn books_balance(inputs: Vec<PathBuf>, label: &str) -> usize {
    let out = tempfile::tempdir().unwrap();
    let opts = AnalyzeOptions {
        inputs,
        out_dir: out.path().to_path_buf(),
        threads: Some(2),
        ..AnalyzeOptions::default()
    };
    analyze(&opts).unwrap_or_else(|e| panic!("{label}: {e}"));
    let s = read_json(&out.path().join("summary.json"));
    let inputs = s["inputs"].as_array().unwrap();
    let mut sums = [0u64; 6];
    let mut rejected_per_file = BTreeMap::new();
    for input in inputs {
        let path = input["path"].as_str().unwrap();
        let n: Vec<u64> = COUNTERS
            .iter()
            .map(|k| input[*k].as_u64().unwrap())
            .collect();
        assert_eq!(n[0], n[1..].iter().sum::<u64>(), "{label}: {path} ledger");
        for (sum, v) in sums.iter_mut().zip(&n) {
            *sum += v;
        }
        if n[2] > 0 {
            rejected_per_file.insert(path.to_string(), n[2]);
        }
    }
    for (k, sum) in COUNTERS.iter().zip(sums) {
        assert_eq!(
            s["totals"][*k], sum,
            "{label}: totals.{k} is the sum of inputs[]"
        );
    }
    assert_rejects_listed(&out.path().join("rejects.csv"), &rejected_per_file, label);
    inputs.len()
}

/// rejects.csv has one row per rejected row, each with its file and a line number.
fn assert_rejects_listed(rejects: &Path, want: &BTreeMap<String, u64>, label: &str) {
    let mut got: BTreeMap<String, u64> = BTreeMap::new();
    for row in csv_rows(rejects) {
        let line: u64 = row["line"].parse().unwrap_or(0);
        assert!(line > 0, "{label}: {} has no line: {row:?}", row["file"]);
        assert!(!row["reason"].is_empty(), "{label}: {row:?}");
        *got.entry(row["file"].clone()).or_default() += 1;
    }
    assert_eq!(&got, want, "{label}: rejects.csv rows per file");
}

fn subfolders(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

#[test]
fn every_ingest_fixture_folder_balances() {
    for dir in ["ual", "signin", "graph", "entra", "trace", "bad", "rules"] {
        assert!(books_balance(vec![fixture(dir)], dir) > 0, "{dir} is read");
    }
}

#[test]
fn every_scenario_balances() {
    for dir in subfolders("scenarios") {
        let label = dir.display().to_string();
        assert!(books_balance(vec![dir], &label) > 0, "{label} is read");
    }
}

#[test]
fn every_story_and_all_fixtures_together_balance() {
    for dir in subfolders("stories") {
        let label = dir.display().to_string();
        assert!(books_balance(vec![dir], &label) > 0, "{label} is read");
    }
    // Everything at once: duplicates and merges across folders keep the books too.
    books_balance(vec![fixture("")], "fixtures/");
}

#[test]
fn the_hostile_set_balances() {
    let dir = tempfile::tempdir().unwrap();
    for case in CASES {
        std::fs::write(dir.path().join(case.name), (case.build)()).unwrap();
    }
    assert_eq!(
        books_balance(vec![dir.path().to_path_buf()], "hostile"),
        CASES.len()
    );
}
