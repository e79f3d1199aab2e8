//! The small commands: lookup, detectors, init-config, and the config errors users see.

use crate::util::{mailtrail, root};

#[test]
fn lookup_answers_offline_and_reports_bad_ips_without_stopping() {
    let run = mailtrail(&["lookup", "--json", "159.203.1.1", "bogus", "10.1.2.3"]);
    assert_eq!(run.code, 2, "a bad IP is an error");
    assert!(
        run.stderr.contains("not an IP address: 'bogus'"),
        "{}",
        run.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2, "the others still print");
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["ip", "asn", "as_org", "network_class", "reason", "country"]
    );
    assert_eq!(rows[0]["asn"], 14061);
    assert_eq!(rows[0]["network_class"], "hosting");
    assert_eq!(rows[1]["network_class"], "private");
    assert!(rows[1]["asn"].is_null());
}

#[test]
fn detectors_json_lists_the_catalogue_with_contract_keys() {
    let run = mailtrail(&["detectors", "--json"]);
    assert_eq!(run.code, 0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert!(all.len() >= 28);
    for d in all {
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            &keys[..6],
            [
                "id",
                "title",
                "severity",
                "techniques",
                "status",
                "description"
            ]
        );
    }
}

#[test]
fn init_config_output_is_accepted_by_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("mailtrail.toml");
    std::fs::write(&cfg, mailtrail(&["init-config"]).stdout).unwrap();
    let out = dir.path().join("out");
    let input = root().join("fixtures/signin/graph_signins.jsonl");
    let run = mailtrail(&[
        "analyze",
        &input.to_string_lossy(),
        "--config",
        &cfg.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--quiet",
    ]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
}

#[test]
fn a_bad_config_is_a_located_error_before_any_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(&cfg, "[allow]\nips = [\"203.0.113.0/24\", \"nonsense\"]\n").unwrap();
    let run = mailtrail(&[
        "analyze",
        "no/such/input",
        "--config",
        &cfg.to_string_lossy(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bad.toml:2: 'nonsense' is not an IP address or CIDR network"),
        "{}",
        run.stderr
    );
}

#[test]
fn fail_on_and_min_severity_change_exit_code_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    // A lone hiding rule: high findings, a high (not critical) incident.
    let rule = root().join("fixtures/scenarios/mt-r02/fires.jsonl");
    let s = rule.to_string_lossy().to_string();
    let o = dir.path().join("a").to_string_lossy().to_string();
    assert_eq!(mailtrail(&["analyze", &s, "-o", &o, "--quiet"]).code, 1);
    let o2 = dir.path().join("b").to_string_lossy().to_string();
    let run = mailtrail(&[
        "analyze",
        &s,
        "-o",
        &o2,
        "--quiet",
        "--fail-on",
        "critical",
        "--min-severity",
        "high",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("b/findings.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert!(
        rdr.records()
            .all(|r| matches!(&r.unwrap()[3], "high" | "critical"))
    );
    // The BEC story's full chain is a critical incident: --fail-on critical trips on it.
    let story = root().join("fixtures/stories/bec_takeover/AuditLog_20260216_090000.csv");
    let o3 = dir.path().join("c").to_string_lossy().to_string();
    let run = mailtrail(&[
        "analyze",
        &story.to_string_lossy(),
        "-o",
        &o3,
        "--quiet",
        "--fail-on",
        "critical",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}
