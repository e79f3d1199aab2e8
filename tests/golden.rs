//! Golden outputs: the story fixtures and a compact Graph page give exactly the files
//! checked in under tests/golden/<case>/. A deliberate change is reviewed like code:
//! `MAILTRAIL_BLESS=1 cargo test golden` rewrites them, and the diff shows what changed.

use std::path::Path;

use crate::util::{mailtrail, root};

/// The files compared for each case.
const FILES: [&str; 4] = [
    "timeline.csv",
    "findings.csv",
    "incidents.csv",
    "summary.json",
];

/// (case, arguments after `analyze -o DIR`), paths relative to the project root so that
/// `source_file` values are the same on every machine.
const CASES: &[(&str, &[&str])] = &[
    (
        "bec_takeover",
        &[
            "fixtures/stories/bec_takeover/AuditLog_20260216_090000.csv",
            "fixtures/stories/bec_takeover/InteractiveSignIns_2026-02-02_2026-02-16.csv",
            "fixtures/stories/bec_takeover/NonInteractiveSignIns_2026-02-02_2026-02-16.csv",
        ],
    ),
    (
        "benign_tenant",
        &[
            "--config",
            "fixtures/stories/benign_tenant/mailtrail.toml",
            "fixtures/stories/benign_tenant/AuditLog_20260216_091500.csv",
            "fixtures/stories/benign_tenant/InteractiveSignIns_2026-02-02_2026-02-16.csv",
            "fixtures/stories/benign_tenant/NonInteractiveSignIns_2026-02-02_2026-02-16.csv",
        ],
    ),
    ("compact_json", &["fixtures/ual/graph_audit_compact.json"]),
];

fn run_case(args: &[&str], out: &Path) {
    let o = out.to_string_lossy().to_string();
    let mut all = vec!["analyze", "-o", &o, "--quiet"];
    all.extend_from_slice(args);
    let run = mailtrail(&all);
    assert!(
        matches!(run.code, 0 | 1),
        "exit {}: {}",
        run.code,
        run.stderr
    );
}

#[test]
fn golden_outputs_match() {
    let bless = std::env::var_os("MAILTRAIL_BLESS").is_some();
    let mut differ = Vec::new();
    for (case, args) in CASES {
        let tmp = tempfile::tempdir().unwrap();
        run_case(args, tmp.path());
        let golden = root().join("tests/golden").join(case);
        for file in FILES {
            let got = std::fs::read(tmp.path().join(file)).unwrap();
            let path = golden.join(file);
            if bless {
                std::fs::create_dir_all(&golden).unwrap();
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            let want = std::fs::read(&path).unwrap_or_default();
            if got != want {
                differ.push(format!("{case}/{file}"));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "outputs differ from tests/golden: {differ:?}; if the change is deliberate, rerun \
         with MAILTRAIL_BLESS=1 and review the diff"
    );
}
