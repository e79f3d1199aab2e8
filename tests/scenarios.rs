//! Per-detector scenarios (fixtures/scenarios/<id>/): the `fires*` inputs must make the
//! detector fire, the `benign*` look-alikes must not. Every registered detector has one.

use std::path::{Path, PathBuf};

use mailtrail::app::{AnalyzeOptions, analyze};
use mailtrail::detect::detectors;

use crate::util::fixture;

/// (detector id, severity, user) of every finding after analysing `inputs`.
pub fn fired(inputs: Vec<PathBuf>, config: Option<PathBuf>) -> Vec<(String, String, String)> {
    fired_with_summary(inputs, config).0
}

/// Findings as in [`fired`], and summary.json.
pub fn fired_with_summary(
    inputs: Vec<PathBuf>,
    config: Option<PathBuf>,
) -> (Vec<(String, String, String)>, serde_json::Value) {
    fired_with_iocs(inputs, config, Vec::new())
}

/// As [`fired_with_summary`], with indicator files (`--ioc`).
pub fn fired_with_iocs(
    inputs: Vec<PathBuf>,
    config: Option<PathBuf>,
    ioc_files: Vec<PathBuf>,
) -> (Vec<(String, String, String)>, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    let opts = AnalyzeOptions {
        inputs,
        out_dir: out.path().to_path_buf(),
        threads: Some(2),
        config,
        ioc_files,
        ..AnalyzeOptions::default()
    };
    analyze(&opts).unwrap();
    let text = std::fs::read_to_string(out.path().join("findings.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let found = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[3].to_string(), r[6].to_string())
        })
        .collect();
    (
        found,
        crate::util::read_json(&out.path().join("summary.json")),
    )
}

fn inputs(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    v.sort();
    v
}

#[test]
fn every_detector_fires_on_its_scenario_and_not_on_the_look_alike() {
    let mut failures = Vec::new();
    for meta in detectors::metas() {
        let dir = fixture("scenarios").join(meta.id.to_ascii_lowercase());
        let (fires, benign) = (
            inputs_or_empty(&dir, "fires"),
            inputs_or_empty(&dir, "benign"),
        );
        if fires.is_empty() || benign.is_empty() {
            failures.push(format!(
                "{}: missing fixtures/scenarios/{}/fires* or benign*",
                meta.id,
                meta.id.to_ascii_lowercase()
            ));
            continue;
        }
        // Indicator detectors need their indicator file (`ioc*`).
        let iocs = inputs_or_empty(&dir, "ioc");
        let fired = |inputs| fired_with_iocs(inputs, None, iocs.clone()).0;
        if !fired(fires).iter().any(|(id, _, _)| id == meta.id) {
            failures.push(format!("{}: did not fire on its scenario", meta.id));
        }
        let benign_hits: Vec<_> = fired(benign)
            .into_iter()
            .filter(|(id, _, _)| id == meta.id)
            .collect();
        if !benign_hits.is_empty() {
            failures.push(format!(
                "{}: fired on the benign look-alike: {benign_hits:?}",
                meta.id
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn inputs_or_empty(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    if dir.is_dir() {
        inputs(dir, prefix)
    } else {
        Vec::new()
    }
}
