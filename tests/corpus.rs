//! Conformance over ../shared/corpus (real-format public samples): every sample is
//! recognised as the right format and read with zero rejects, except the justified
//! exceptions listed here. Skipped with a message when the folder is absent.

use crate::util::{mailtrail, read_json, root};

/// Files that are not logs at all, ignored (listed once, never read): the corpus's own
/// documentation.
const IGNORED: &[&str] = &["PROVENANCE.md"];

/// Files that are logs mailtrail does not read (skipped), and why: none today (the Graph
/// activity sample is read as `graph-activity`).
const EXCEPTIONS: &[(&str, &str)] = &[];

/// Expected format per folder prefix.
const EXPECTED: &[(&str, &str)] = &[
    ("ms-extractor-suite/", "signin-graph-json"),
    ("o365-mgmt-api-docs/", "ual-json"),
    (
        "panther/microsoft365_brute_force_login_by_user/",
        "ual-json",
    ),
    ("panther/", "signin-diagnostic-json"),
    ("sekoia/azure-ad/graph_activity.json", "graph-activity"),
    ("sekoia/azure-ad/", "signin-diagnostic-json"),
    ("sekoia/entraid-graphapi/", "signin-graph-json"),
    ("sekoia/o365/", "ual-json"),
    (
        "sentinel-training-lab/office_activity.csv",
        "ual-loganalytics",
    ),
    (
        "sentinel-training-lab/sign-in_adelete.csv",
        "signin-loganalytics",
    ),
];

#[test]
fn shared_corpus_is_recognised_and_read_without_rejects() {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let corpus_s = corpus.to_string_lossy().to_string();
    let run = mailtrail(&[
        "analyze",
        &corpus_s,
        "-o",
        &out.path().to_string_lossy(),
        "--quiet",
    ]);
    assert!(
        matches!(run.code, 0 | 1 | 3),
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let summary = read_json(&out.path().join("summary.json"));
    let inputs = summary["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 42);
    let ignored: Vec<&str> = summary["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .map(|p| p.strip_prefix(&corpus_s).unwrap().trim_start_matches('/'))
        .collect();
    assert_eq!(ignored, IGNORED);
    for input in inputs {
        let path = input["path"].as_str().unwrap();
        let rel = path
            .strip_prefix(&corpus_s)
            .unwrap()
            .trim_start_matches('/');
        if let Some((_, why)) = EXCEPTIONS.iter().find(|(p, _)| *p == rel) {
            assert_eq!(
                input["format"], "unknown",
                "{rel} was expected to be skipped: {why}"
            );
            continue;
        }
        let want = EXPECTED
            .iter()
            .find(|(p, _)| rel.starts_with(p))
            .map(|(_, f)| *f);
        assert_eq!(input["format"].as_str(), want, "{rel}");
        assert_eq!(input["rejected"], 0, "{rel} has rejects");
        let l = |k: &str| input[k].as_u64().unwrap();
        assert_eq!(
            l("rows_read"),
            l("events") + l("rejected") + l("duplicates") + l("merged") + l("filtered"),
            "{rel}"
        );
        assert!(l("rows_read") >= 1, "{rel}");
    }
    let totals = &summary["totals"];
    assert_eq!(totals["rows_read"], 391);
    assert_eq!(totals["rejected"], 0);
}
