//! Same input, same output, byte for byte: whatever the thread count and whatever the
//! order the inputs are given in (SPEC §10). The whole output folder is compared — every
//! file name and every byte, report.html and the Parquet files (when built with them)
//! included — so a new output file is covered without being listed here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{fixture, mailtrail};

/// `--parquet` when the binary can write Parquet.
const PARQUET: &[&str] = if cfg!(feature = "parquet") {
    &["--parquet"]
} else {
    &[]
};

/// Every file below `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The output folder of `analyze` with `args`, as a tree.
fn run(args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_string_lossy().to_string();
    let mut all: Vec<&str> = vec!["analyze", "-o", &o, "--quiet"];
    all.extend_from_slice(PARQUET);
    all.extend_from_slice(args);
    let r = mailtrail(&all);
    assert!(matches!(r.code, 0 | 1 | 3), "exit {}: {}", r.code, r.stderr);
    let t = tree(out.path());
    for must in ["timeline.csv", "summary.json", "report.html", "rejects.csv"] {
        assert!(t.contains_key(must), "{must} is written");
    }
    if !PARQUET.is_empty() {
        assert!(t.contains_key("timeline.parquet") && t.contains_key("findings.parquet"));
    }
    t
}

/// Both trees hold the same file names and the same bytes in each.
fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(a), names(b), "{what}: file names differ");
    for (name, bytes) in a {
        assert!(bytes == &b[name], "{name} differs: {what}");
    }
}

#[test]
fn thread_count_does_not_change_output() {
    let dir = fixture("").to_string_lossy().to_string();
    let one = run(&["--threads", "1", &dir]);
    let eight = run(&["--threads", "8", &dir]);
    assert_same(&one, &eight, "--threads 1 and --threads 8");
}

/// Every input file of the fixture folders that make one case: the BEC chain across UAL,
/// sign-in, Entra, Graph, trace and inventory exports, bad rows, a story.
fn case_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in [
        "ual",
        "signin",
        "entra",
        "graph",
        "trace",
        "rules",
        "bad",
        "stories/bec_takeover",
    ] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        here.sort();
        files.extend(here.iter().map(|p| p.to_string_lossy().to_string()));
    }
    files
}

/// A deterministic shuffle (xorshift, Fisher–Yates): the same seed, the same order.
fn shuffled(items: &[String], mut seed: u64) -> Vec<String> {
    let mut v = items.to_vec();
    for i in (1..v.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        v.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    v
}

#[test]
fn input_order_does_not_change_output() {
    let files = case_files();
    // The permutations alternate between one and eight threads against a one-thread base.
    let args = |order: &[String], threads: &str| -> Vec<String> {
        let mut a = vec!["--threads".to_string(), threads.to_string()];
        a.extend_from_slice(order);
        a
    };
    let base_args = args(&files, "1");
    let base = run(&base_args.iter().map(String::as_str).collect::<Vec<_>>());
    let mut reversed = files.clone();
    reversed.reverse();
    let mut orders = vec![reversed];
    orders.extend([0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03, 42].map(|s| shuffled(&files, s)));
    for (k, order) in orders.iter().enumerate() {
        assert_ne!(order, &files, "permutation {k} changes the order");
        let a = args(order, ["8", "1"][k % 2]);
        let got = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
        assert_same(&base, &got, &format!("input order permutation {k}"));
    }
}

#[test]
fn folders_in_either_order_give_the_same_output() {
    let (a, b) = (
        fixture("ual").to_string_lossy().to_string(),
        fixture("signin").to_string_lossy().to_string(),
    );
    assert_same(&run(&[&a, &b]), &run(&[&b, &a]), "ual and signin swapped");
}
