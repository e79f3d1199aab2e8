//! End-to-end stories (fixtures/stories/): (a) a BEC takeover must produce the expected
//! findings for the victim, tied to the attacker's IP; (b) a busy benign tenant must
//! produce no high or critical finding.

use crate::scenarios::{fired, fired_with_summary};
use crate::util::fixture;

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(fixture(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            !(n.ends_with(".toml") || n.ends_with(".md"))
        })
        .collect();
    v.sort();
    v
}

fn expected(dir: &str) -> toml::Table {
    let text = std::fs::read_to_string(fixture(dir).join("expected.toml")).unwrap();
    text.parse().unwrap()
}

#[test]
fn bec_takeover_is_found_with_high_findings_tied_to_the_attacker() {
    let exp = expected("stories/bec_takeover");
    let user = exp["user"].as_str().unwrap();
    let (found, summary) = fired_with_summary(files("stories/bec_takeover"), None);
    let mut missing = Vec::new();
    for id in exp["must_fire"].as_array().unwrap() {
        let id = id.as_str().unwrap();
        if !found.iter().any(|(d, _, u)| d == id && u == user) {
            missing.push(id);
        }
    }
    assert!(
        missing.is_empty(),
        "expected detectors did not fire for {user}: {missing:?}\nfound: {found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(_, sev, u)| u == user && (sev == "high" || sev == "critical"))
    );
    for id in exp["must_not_fire"].as_array().unwrap() {
        let id = id.as_str().unwrap();
        assert!(
            !found.iter().any(|(d, _, u)| d == id && u == user),
            "{id} fired for {user}"
        );
    }
    let attacker_ips = summary["attacker_ips"].as_array().unwrap();
    for ip in exp["attacker_ips"].as_array().unwrap() {
        let ip = serde_json::Value::String(ip.as_str().unwrap().to_string());
        assert!(
            attacker_ips.contains(&ip),
            "attacker IP {ip} not named: {attacker_ips:?}"
        );
    }
}

#[test]
fn benign_tenant_has_no_high_findings() {
    let exp = expected("stories/benign_tenant");
    let config = fixture("stories/benign_tenant").join(exp["config"].as_str().unwrap());
    let found = fired(files("stories/benign_tenant"), Some(config));
    let bad: Vec<_> = found
        .iter()
        .filter(|(_, sev, _)| sev == "high" || sev == "critical")
        .collect();
    assert!(
        bad.is_empty(),
        "benign tenant produced high findings: {bad:#?}"
    );
}
