//! Ingestion end to end over fixtures/: every fixture sniffs to its format, is read into
//! the expected number of events, and bad rows come out with exact `file:line: reason`
//! messages. The table is fixtures/expected.tsv (written by scripts/gen-fixtures.py).

use std::collections::BTreeMap;

use crate::util::{fixture, mailtrail, read_json, root};

struct Expected {
    format: String,
    rows: u64,
    events: u64,
    rejected: u64,
    duplicates: u64,
    merged: u64,
}

fn expected() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(fixture("expected.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let n = |i: usize| f[i].parse::<u64>().unwrap();
            let e = Expected {
                format: f[1].into(),
                rows: n(2),
                events: n(3),
                rejected: n(4),
                duplicates: n(5),
                merged: n(6),
            };
            (format!("fixtures/{}", f[0]), e)
        })
        .collect()
}

/// Folders of ingestion fixtures (listed in fixtures/expected.tsv).
const INGEST_DIRS: [&str; 7] = [
    "fixtures/bad",
    "fixtures/entra",
    "fixtures/graph",
    "fixtures/rules",
    "fixtures/signin",
    "fixtures/trace",
    "fixtures/ual",
];

fn analyze_fixtures() -> (tempfile::TempDir, serde_json::Value, i32) {
    let out = tempfile::tempdir().unwrap();
    // The ingestion fixtures (scenarios and stories have their own tests); --fail-on
    // critical keeps findings from masking the rejected-rows exit code under test.
    let o = out.path().to_string_lossy().to_string();
    let mut args = vec![
        "analyze",
        "-o",
        &o,
        "--quiet",
        "--fail-on",
        "critical",
        "--timeline",
        "all",
    ];
    args.extend(INGEST_DIRS);
    let run = mailtrail(&args);
    let summary = read_json(&out.path().join("summary.json"));
    (out, summary, run.code)
}

#[test]
fn every_fixture_has_its_format_counts_and_balanced_ledger() {
    let want = expected();
    let (_out, summary, code) = analyze_fixtures();
    // The fixtures hold a full BEC chain: a critical incident outranks the rejected rows
    // (exit 3 alone is checked by `rejected_input_alone_exits_3`).
    assert_eq!(code, 1, "a critical incident makes the run exit 1");
    assert_eq!(
        summary["totals"]["rejected"].as_u64().map(|n| n > 0),
        Some(true)
    );
    let inputs = summary["inputs"].as_array().unwrap();
    let mut seen = 0;
    for input in inputs {
        let path = input["path"].as_str().unwrap();
        let u = |k: &str| input[k].as_u64().unwrap();
        assert_eq!(
            u("rows_read"),
            u("events") + u("rejected") + u("duplicates") + u("merged") + u("filtered"),
            "{path}"
        );
        let Some(e) = want.get(path) else {
            assert!(
                path.ends_with("README.md") || path.ends_with("expected.tsv"),
                "no expectation for {path}"
            );
            assert_eq!(input["format"], "unknown");
            continue;
        };
        seen += 1;
        let got = (
            input["format"].as_str().unwrap(),
            u("rows_read"),
            u("events"),
            u("rejected"),
            u("duplicates"),
            u("merged"),
        );
        assert_eq!(
            got,
            (
                e.format.as_str(),
                e.rows,
                e.events,
                e.rejected,
                e.duplicates,
                e.merged
            ),
            "{path}"
        );
    }
    assert_eq!(seen, want.len(), "every expected fixture was read");
    assert_eq!(
        summary["totals"]["merged"], 1,
        "the mirrored UAL sign-in is merged"
    );
    assert_eq!(
        summary["totals"]["duplicates"], 2,
        "only the overlapping pages repeat records"
    );
}

#[test]
fn timeline_holds_every_event_in_time_order() {
    let (out, summary, _) = analyze_fixtures();
    // `--timeline all`: every event with a time; inventory rules (no time) are left out,
    // never shown at 1970.
    let untimed = summary["timeline"]["events_without_time"].as_u64().unwrap();
    assert!(untimed > 0, "the rules inventory has no times");
    let events = summary["totals"]["events"].as_u64().unwrap() - untimed;
    assert_eq!(summary["timeline"]["rows"].as_u64().unwrap(), events);
    let csv = std::fs::read_to_string(out.path().join("timeline.csv")).unwrap();
    let jsonl = std::fs::read_to_string(out.path().join("timeline.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count() as u64, events);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let times: Vec<String> = rdr.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(times.len() as u64, events);
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "timeline is sorted by time"
    );
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["datetime"].as_str().unwrap().ends_with('Z'));
        assert!(!v["datetime"].as_str().unwrap().starts_with("1970"));
    }
}

#[test]
fn sniff_names_every_fixture_format() {
    let run = mailtrail(&["sniff", "--json", "fixtures"]);
    assert_eq!(run.code, 3, "unknown files make sniff exit 3");
    let reports: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let want = expected();
    for r in reports.as_array().unwrap() {
        let path = r["path"].as_str().unwrap();
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["path", "format", "reason", "rows"],
            "sniff --json keys (SPEC §7b)"
        );
        if let Some(e) = want.get(path) {
            assert_eq!(r["format"], e.format.as_str(), "{path}");
            assert_eq!(r["rows"], e.rows, "{path}");
        }
    }
}

/// Exact reject messages, one per bad row (regression: fixtures/bad).
const BAD_ROWS: &[&str] = &[
    "fixtures/bad/audit_data_not_json.csv:3: AuditData is not valid JSON: key must be a string at line 1 column 2",
    "fixtures/bad/bad_timestamp.jsonl:4: unreadable timestamp 'yesterday'",
    "fixtures/bad/excel_truncated.csv:3: AuditData is not valid JSON: EOF while parsing a string at line 1 column 32767",
    "fixtures/bad/missing_operation.jsonl:3: no operation field",
    "fixtures/bad/nul_bytes.jsonl:2: unexpected character 0x00 inside a record, expected a key",
    "fixtures/bad/ragged.csv:4: expected 8 fields, found 10",
    "fixtures/bad/ragged.csv:6: expected 8 fields, found 4",
    "fixtures/bad/truncated.json:157: truncated JSON: end of file inside a record",
    "fixtures/bad/truncated.jsonl:5: truncated JSON: end of file inside a record",
];

#[test]
fn bad_rows_have_exact_file_line_reason() {
    let (out, _, _) = analyze_fixtures();
    let text = std::fs::read_to_string(out.path().join("rejects.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        ["file", "line", "reason", "excerpt"]
    );
    let got: Vec<String> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            format!("{}:{}: {}", &r[0], &r[1], &r[2])
        })
        .collect();
    assert_eq!(got, BAD_ROWS);
}

#[test]
fn every_bad_file_alone_exits_cleanly_without_panic() {
    for entry in std::fs::read_dir(fixture("bad")).unwrap() {
        let path = entry.unwrap().path();
        let out = tempfile::tempdir().unwrap();
        let run = mailtrail(&[
            "analyze",
            &path.to_string_lossy(),
            "-o",
            &out.path().to_string_lossy(),
            "--quiet",
        ]);
        assert!(
            matches!(run.code, 0 | 1 | 3),
            "{}: exit {} {}",
            path.display(),
            run.code,
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", path.display());
        let s = read_json(&out.path().join("summary.json"));
        let t = &s["totals"];
        let u = |k: &str| t[k].as_u64().unwrap();
        assert_eq!(
            u("rows_read"),
            u("events") + u("rejected") + u("duplicates") + u("merged") + u("filtered")
        );
    }
}

#[test]
fn invalid_utf8_is_replaced_and_counted_not_rejected() {
    let out = tempfile::tempdir().unwrap();
    let run = mailtrail(&[
        "analyze",
        "fixtures/bad/invalid_utf8.csv",
        "-o",
        &out.path().to_string_lossy(),
        "--quiet",
        "--fail-on",
        "critical",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = read_json(&out.path().join("summary.json"));
    assert_eq!(s["inputs"][0]["invalid_utf8_rows"], 1);
    assert_eq!(s["inputs"][0]["rejected"], 0);
}

#[test]
fn strict_stops_at_the_first_bad_row_with_its_location() {
    let out = tempfile::tempdir().unwrap();
    let run = mailtrail(&[
        "analyze",
        "fixtures/bad/ragged.csv",
        "--strict",
        "-o",
        &out.path().to_string_lossy(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "mailtrail: fixtures/bad/ragged.csv:4: expected 8 fields, found 10 (stopped by --strict"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_input_and_empty_folder_are_fatal() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_string_lossy().to_string();
    let run = mailtrail(&["analyze", "no/such/file.csv", "-o", &o]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no/such/file.csv: cannot open"),
        "{}",
        run.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let run = mailtrail(&["analyze", &empty.path().to_string_lossy(), "-o", &o]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no input files found"),
        "{}",
        run.stderr
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let out = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailtrail"))
        .args([
            "analyze",
            "-",
            "-o",
            &out.path().to_string_lossy(),
            "--quiet",
            "--fail-on",
            "critical",
        ])
        .current_dir(root())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let data = std::fs::read(fixture("signin/graph_signins.jsonl")).unwrap();
    child.stdin.take().unwrap().write_all(&data).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let s = read_json(&out.path().join("summary.json"));
    assert_eq!(s["inputs"][0]["path"], "-");
    assert_eq!(s["inputs"][0]["format"], "signin-graph-json");
    assert_eq!(s["inputs"][0]["events"], 7);
}

#[test]
fn summary_json_has_the_contract_keys() {
    let (_out, s, _) = analyze_fixtures();
    for key in [
        "version",
        "inputs",
        "totals",
        "findings",
        "incidents",
        "exit_code",
    ] {
        assert!(s.get(key).is_some(), "summary.json lacks {key}");
    }
    for key in [
        "path",
        "format",
        "rows_read",
        "events",
        "rejected",
        "duplicates",
        "merged",
        "filtered",
    ] {
        assert!(s["inputs"][0].get(key).is_some(), "inputs[] lacks {key}");
        if key != "path" && key != "format" {
            assert!(s["totals"].get(key).is_some(), "totals lacks {key}");
        }
    }
    assert_eq!(s["exit_code"], 1);
}

#[test]
fn rejected_input_alone_exits_3() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path().to_string_lossy().to_string();
    let run = mailtrail(&[
        "analyze",
        "-o",
        &o,
        "--quiet",
        "fixtures/bad/empty.csv",
        "fixtures/bad/unknown_format.csv",
        "fixtures/bad/binary_junk.bin",
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(read_json(&out.path().join("summary.json"))["exit_code"], 3);
}
