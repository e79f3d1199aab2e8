//! Hostile inputs (issue 12, SPEC §10): each case is an input an attacker or a careless
//! export can produce, with the exact message mailtrail prints for it and its exit code.
//! The table reads as documentation (docs/hostile-inputs.md lists the same cases and the
//! limits behind them). Small cases are built here or committed under fixtures/bad/; big
//! ones (10 MB field, 50 MB line, bombs) are built at test time in a temp dir.

use crate::util::{mailtrail_in, read_json};

/// Regression: a pipe (`mailtrail analyze <(zcat x.gz)`, a FIFO) lost its first bytes to
/// the zip-magic peek at discovery, and its 1 MiB head to sniffing (the file was opened
/// again to be read). It is now opened once, like stdin.
#[cfg(unix)]
#[test]
fn fifo_and_process_substitution_keep_their_first_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("signins.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this system
    }
    let data = std::fs::read(crate::util::fixture("signin/graph_signins.jsonl")).unwrap();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, data).unwrap())
    };
    let run = mailtrail_in(
        dir.path(),
        &[
            "analyze",
            "signins.fifo",
            "-o",
            "out",
            "--quiet",
            "--fail-on",
            "critical",
        ],
    );
    writer.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = read_json(&dir.path().join("out/summary.json"));
    assert_eq!(s["inputs"][0]["format"], "signin-graph-json");
    assert_eq!(s["inputs"][0]["events"], 7);
    assert_eq!(s["inputs"][0]["rows_read"], 7);
}

/// Regression: the skip reason of an unknown CSV quoted its first eight header cells
/// whole, so a 512 KiB junk "header" became a 512 KiB warning on the terminal and in
/// summary.json. Each name is now cut to 64 bytes.
#[test]
fn huge_header_cell_gives_a_bounded_skip_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cell = "A".repeat(512 * 1024);
    std::fs::write(dir.path().join("wide.csv"), format!("{cell},b\n1,2\n")).unwrap();
    let run = mailtrail_in(dir.path(), &["analyze", "wide.csv", "-o", "out", "--quiet"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let s = read_json(&dir.path().join("out/summary.json"));
    let want = format!(
        "wide.csv: skipped: CSV header [{}…, b] matches no known export",
        "A".repeat(64)
    );
    assert_eq!(s["warnings"][0], want.as_str());
}
