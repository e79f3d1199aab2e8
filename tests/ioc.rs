//! `--ioc` end to end: indicators from a CSV file and a STIX bundle (fixtures/ioc/) named
//! the attacker's addresses and forwarding domain of the BEC story; the run must give
//! MT-I01/MT-I02 findings naming label and source, tag every matching timeline row
//! (beyond the findings' capped evidence), and warn about the skipped STIX indicator. A
//! bad indicator file stops the run before any work, with `file:line`.

use crate::util::{csv_rows, mailtrail, read_json};

const STORY: [&str; 3] = [
    "fixtures/stories/bec_takeover/AuditLog_20260216_090000.csv",
    "fixtures/stories/bec_takeover/InteractiveSignIns_2026-02-02_2026-02-16.csv",
    "fixtures/stories/bec_takeover/NonInteractiveSignIns_2026-02-02_2026-02-16.csv",
];

#[test]
fn indicators_give_findings_and_tag_every_matching_event() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_string_lossy().to_string();
    let mut args = vec![
        "analyze",
        "-o",
        &o,
        "--quiet",
        "--ioc",
        "fixtures/ioc/crew.csv",
        "--ioc",
        "fixtures/ioc/crew-stix.json",
    ];
    args.extend(STORY);
    let run = mailtrail(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    findings_name_label_and_source(out.path());
    every_matching_row_is_tagged(out.path());
    let summary = read_json(&out.path().join("summary.json"));
    let warnings = summary["warnings"].to_string();
    assert!(
        warnings.contains("crew-stix.json: skipped 1 of 2 STIX indicators"),
        "{warnings}"
    );
    let ips = summary["attacker_ips"].to_string();
    assert!(ips.contains("159.203.120.77") && ips.contains("91.92.240.10"));
}

const MEGAN: &str = "megan.bowen@contoso.com";

fn findings_name_label_and_source(out: &std::path::Path) {
    let findings = csv_rows(&out.join("findings.csv"));
    let find = |id: &str, user: &str, text: &str| {
        findings
            .iter()
            .find(|f| f["detector_id"] == id && f["user"] == user && f["summary"].contains(text))
            .unwrap_or_else(|| panic!("no {id} for {user} with {text}"))
    };
    let megan = MEGAN;
    let f = find(
        "MT-I01",
        megan,
        "IP 159.203.120.77 matches indicator \"RedVDS host\" (crew.csv:3)",
    );
    assert_eq!(f["severity"], "high");
    assert_eq!(f["ip"], "159.203.120.77");
    let evidence = f["evidence_record_ids"].split(';').count();
    let count: usize = f["evidence_count"].parse().unwrap();
    assert!(evidence <= 25 && count >= evidence, "{evidence} of {count}");
    find(
        "MT-I01",
        megan,
        "IP 91.92.240.10 matches indicator \"Storm crew VPS\" (crew-stix.json:17 \
         indicator--3f8e2a9c-5d41-4c1b-8e0a-9b7c6d5e4f31)",
    );
    let alex = find("MT-I01", "alex.wilber@contoso.com", "159.203.120.77");
    assert_eq!(alex["severity"], "low", "failed sign-ins only");
    let fwd = find(
        "MT-I02",
        megan,
        "forwarding address megan.bowen.finance@evil.example matches indicator evil.example \
         \"crew mailbox domain\" (crew.csv:4)",
    );
    assert!(["medium", "high"].contains(&fwd["severity"].as_str()));
}

fn every_matching_row_is_tagged(out: &std::path::Path) {
    let megan = MEGAN;
    let timeline = csv_rows(&out.join("timeline.csv"));
    let from_ip: Vec<_> = timeline
        .iter()
        .filter(|r| r["ip"] == "159.203.120.77" && r["user"] == megan)
        .collect();
    assert!(from_ip.len() > 1);
    for r in &from_ip {
        assert!(
            r["detector_ids"].split(';').any(|d| d == "MT-I01"),
            "untagged row {}:{}",
            r["source_file"],
            r["source_line"]
        );
        assert!(
            r["ioc"].contains("ip:159.203.120.77 (RedVDS host)"),
            "{}",
            r["ioc"]
        );
    }
    assert!(
        timeline
            .iter()
            .all(|r| r["ioc"].is_empty() || !r["detector_ids"].is_empty()),
        "an ioc cell without a detector id"
    );
}

#[test]
fn a_bad_indicator_file_stops_the_run_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "type,value,label\nip,203.0.113.7,ok\nip,300.1.1.1,typo\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (b, o) = (bad.to_string_lossy(), out.to_string_lossy());
    let run = mailtrail(&["analyze", "-o", &o, "--ioc", &b, STORY[0]]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{b}:3: ip: '300.1.1.1' is not an IP address: write it as 203.0.113.7 or \
             2001:db8::7"
        )),
        "{}",
        run.stderr
    );
    assert!(!out.join("summary.json").exists());
}
