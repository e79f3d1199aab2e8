//! The small commands (lookup, detectors, init-config, completions), the command line
//! itself (help, man pages, option values), and the errors and warnings users see.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::util::{Run, mailtrail, read_json, root};

/// The man page generator, compiled here too so the committed pages can be checked.
#[path = "../examples/gen-man.rs"]
#[allow(dead_code)]
mod gen_man;

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

/// The BEC story's exports (not its expected.toml), as arguments.
fn story_csvs() -> Vec<String> {
    let dir = root().join("fixtures/stories/bec_takeover");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    files
}

/// `analyze` over the story with extra options, outputs in a temp dir; also returns the
/// summary's warnings and its totals.
fn analyze_story(extra: &[&str]) -> (Run, Vec<String>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out").to_string_lossy().into_owned();
    let mut args: Vec<&str> = vec!["analyze", "-o", &out, "--no-progress"];
    let files = story_csvs();
    args.extend(files.iter().map(String::as_str));
    args.extend(extra);
    let run = mailtrail(&args);
    let summary = read_json(&PathBuf::from(&out).join("summary.json"));
    let warnings = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    (run, warnings, summary["totals"].clone())
}

#[test]
fn a_user_filter_that_matches_nothing_says_what_the_data_holds() {
    let (run, warnings, totals) = analyze_story(&["--user", "nobody@contoso.com"]);
    assert_eq!(run.code, 0, "nothing was read wrongly: {}", run.stderr);
    let want = "--user nobody@contoso.com matched no event; the data has 6 users \
                (e.g. adele.vance@contoso.com, alex.wilber@contoso.com, diego.siciliani@contoso.com, …)";
    assert_eq!(warnings, [want]);
    // The terminal may wrap long warnings: compare with runs of white space as one space.
    let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squash(&run.stderr).contains(&format!("warning: {want}")),
        "{}",
        run.stderr
    );
    assert_eq!(totals["filtered"], 144, "filtered rows stay filtered");
    assert_eq!(totals["events"], 0);
}

#[test]
fn a_time_filter_outside_the_data_gives_its_range() {
    let (run, warnings, _) = analyze_story(&["--since", "2027-01-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        warnings,
        [
            "--since 2027-01-01T00:00:00Z leaves no event; the data covers \
          2026-02-02T15:29:37Z .. 2026-02-14T17:48:02Z"
        ]
    );
}

#[test]
fn only_the_user_that_matched_nothing_is_named() {
    let (run, warnings, _) = analyze_story(&[
        "--user",
        "Megan.Bowen@contoso.com",
        "--user",
        "nobody@contoso.com",
        "-q",
    ]);
    assert_eq!(
        run.code, 1,
        "megan's incident is still found: {}",
        run.stderr
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("--user nobody@contoso.com matched no event;"),
        "{warnings:?}"
    );
}

#[test]
fn users_and_a_window_that_never_meet_are_named() {
    let (_, warnings, _) = analyze_story(&[
        "--user",
        "megan.bowen@contoso.com",
        "--until",
        "2026-02-02T15:30",
        "-q",
    ]);
    assert_eq!(
        warnings,
        [
            "--user megan.bowen@contoso.com with --until 2026-02-02T15:30:00Z leaves no event; \
          their events cover 2026-02-02T15:58:13Z .. 2026-02-14T17:48:02Z"
        ]
    );
}

#[test]
fn since_accepts_iso_forms_and_refuses_others_with_an_example() {
    for since in [
        "2026-02-01",
        "2026-02-01T00:00",
        "2026-02-01 00:00:00",
        "2026-02-01T00:00:00.000",
        "2026-02-01T01:00:00+01:00",
        "2026-02-01T00:00:00Z",
    ] {
        let (run, warnings, _) = analyze_story(&["--since", since, "-q"]);
        assert_eq!(run.code, 1, "{since}: {}", run.stderr);
        assert!(warnings.is_empty(), "{since}: {warnings:?}");
    }
    let run = mailtrail(&["analyze", "x.csv", "--since", "2026-13-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "'2026-13-01' is not a time: use 2026-02-10, 2026-02-10T18:00:00 (UTC) or 2026-02-10T18:00:00+01:00"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn sniff_on_an_empty_folder_says_so_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".DS_Store"),
        "hidden files are never exports",
    )
    .unwrap();
    let path = dir.path().to_string_lossy().into_owned();
    let run = mailtrail(&["sniff", &path]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr.trim_end(),
        format!(
            "mailtrail: no input files found in {path}: give export files or folders that contain them"
        )
    );
}

#[test]
fn out_naming_a_file_is_refused_before_any_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("case.csv"), "not a folder").unwrap();
    // The input does not exist: the -o error must come first.
    let run =
        crate::util::mailtrail_in(dir.path(), &["analyze", "no/such/input", "-o", "case.csv"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        "mailtrail: -o case.csv: is a file, not a directory; give a folder for the outputs"
    );
}

#[test]
fn completions_print_a_script() {
    let run = mailtrail(&["completions", "bash"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("mailtrail"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let run = mailtrail(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("analyze"), "{shell}");
    }
}

#[test]
fn help_shows_examples_and_the_exit_codes() {
    let run = mailtrail(&["analyze", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Examples:"), "{}", run.stdout);
    let top = mailtrail(&["--help"]).stdout;
    assert!(top.contains("Exit codes:"), "{top}");
    assert!(
        top.contains("1  findings or incidents at or above --fail-on"),
        "{top}"
    );
    let version = mailtrail(&["--version"]).stdout;
    assert!(
        version.contains("IP-to-ASN data"),
        "the data is credited: {version}"
    );
}

#[test]
fn committed_man_pages_match_the_clap_definitions() {
    let dir = root().join("docs/man");
    let pages = gen_man::pages().unwrap();
    for (name, text) in &pages {
        let committed = std::fs::read(dir.join(name)).unwrap_or_default();
        assert!(
            committed == *text,
            "docs/man/{name} differs from the clap definitions: run scripts/gen-man"
        );
    }
    let made: BTreeSet<String> = pages.into_iter().map(|(n, _)| n).collect();
    let committed: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".1"))
        .collect();
    assert_eq!(
        committed, made,
        "stale pages in docs/man: run scripts/gen-man"
    );
    assert!(made.contains("mailtrail.1"));
}

#[test]
fn a_closed_stdout_exits_0_silently_for_json_output_too() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailtrail"))
        .args(["detectors", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, as `| head -1` does
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
