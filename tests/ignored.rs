//! Files that are not logs (SPEC §3): documents, notes, configuration and mailtrail's own
//! output folders beside the exports are listed once as ignored, never read, never
//! counted as skipped or rejected, and do not change the exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::util::{fixture, mailtrail, read_json};

/// The export copied into each case folder: it has no finding at `--fail-on critical`.
const EXPORT: &str = "signin/graph_signins.jsonl";

/// A case folder as a client sends it: one export, notes, a configuration file, a
/// screenshot and a Word document; `case/out` is added by the test that needs it.
fn case_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    std::fs::create_dir(&case).unwrap();
    std::fs::copy(fixture(EXPORT), case.join("signins.jsonl")).unwrap();
    std::fs::write(
        case.join("README.md"),
        "# Case 0142\n\nExports from Monday.\n",
    )
    .unwrap();
    let config = "[tenant]\ndomains = [\"contoso.com\", \"contoso.net\"]\n";
    std::fs::write(case.join("mailtrail.toml"), config).unwrap();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01";
    std::fs::write(case.join("screenshot.png"), png).unwrap();
    write_docx(&case.join("letter.docx"));
    dir
}

/// A minimal Office Open XML document: a zip with `[Content_Types].xml` and `word/`.
fn write_docx(path: &Path) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for (name, body) in [
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", "<w:document/>"),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn analyze(inputs: &[&Path], out: &Path) -> crate::util::Run {
    let out = out.to_string_lossy().into_owned();
    let mut args = vec![
        "analyze",
        "-o",
        &out,
        "--no-progress",
        "--fail-on",
        "critical",
    ];
    let inputs: Vec<String> = inputs
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    args.extend(inputs.iter().map(String::as_str));
    mailtrail(&args)
}

fn paths(list: &serde_json::Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_string())
        .collect()
}

fn shown(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

#[test]
fn a_case_folder_reads_only_its_export_and_lists_the_rest_once() {
    let tmp = case_folder();
    let case = tmp.path().join("case");
    let out = case.join("out");
    // A first run writes its outputs into the case folder; the second must not read them.
    let first = analyze(&[&case], &out);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let run = analyze(&[&case], &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = read_json(&out.join("summary.json"));
    assert_eq!(paths(&s["inputs"], "path"), [shown(&case, "signins.jsonl")]);
    assert_eq!(s["inputs"][0]["format"], "signin-graph-json");
    let ignored = paths(&s["ignored"], "path");
    let want: Vec<String> = [
        "README.md",
        "letter.docx",
        "mailtrail.toml",
        "out",
        "screenshot.png",
    ]
    .iter()
    .map(|n| shown(&case, n))
    .collect();
    assert_eq!(ignored, want, "each ignored once, in path order");
    let reasons = paths(&s["ignored"], "reason");
    assert!(reasons[1].starts_with("Word document"), "{reasons:?}");
    assert!(
        reasons[3].starts_with("output folder of an earlier mailtrail run"),
        "{reasons:?}"
    );
    assert!(reasons[4].starts_with("PNG image"), "{reasons:?}");
    let t = &s["totals"];
    assert_eq!(
        (t["files"].as_u64(), t["files_skipped"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(s["warnings"], serde_json::json!([]));
    // The terminal names each ignored file once, after the ledger.
    assert_eq!(
        run.stderr.matches("screenshot.png").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Ignored 5 file(s) or folder(s), not logs:")
    );
}

#[test]
fn sniff_shows_ignored_files_and_exits_0() {
    let tmp = case_folder();
    let case = tmp.path().join("case");
    let run = mailtrail(&["sniff", "--json", &case.to_string_lossy()]);
    assert_eq!(
        run.code, 0,
        "ignored files do not make sniff exit 3: {}",
        run.stdout
    );
    let reports: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let formats: Vec<(String, String)> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let name = Path::new(r["path"].as_str().unwrap()).file_name().unwrap();
            let name = name.to_string_lossy().into_owned();
            (name, r["format"].as_str().unwrap().to_string())
        })
        .collect();
    let want = [
        ("README.md", "ignored"),
        ("letter.docx", "ignored"),
        ("mailtrail.toml", "ignored"),
        ("screenshot.png", "ignored"),
        ("signins.jsonl", "signin-graph-json"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(formats, want);
    let text = mailtrail(&["sniff", &case.to_string_lossy()]);
    let line = text
        .stdout
        .lines()
        .find(|l| l.contains("README.md"))
        .unwrap();
    assert!(
        line.ends_with("\tignored\t0\tdocument by its name (.md), not a log"),
        "{line}"
    );
}

#[test]
fn an_output_folder_alone_is_nothing_to_read() {
    let tmp = case_folder();
    let case = tmp.path().join("case");
    let out = case.join("out");
    assert_eq!(analyze(&[&case], &out).code, 0);
    let again = tmp.path().join("again");
    let run = analyze(&[&out], &again);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing to read in")
            && run
                .stderr
                .contains("output folder of an earlier mailtrail run"),
        "{}",
        run.stderr
    );
    // A file named on the command line inside an output folder is ignored too.
    let timeline = out.join("timeline.csv");
    let export = case.join("signins.jsonl");
    let run = analyze(&[&timeline, &export], &again);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = read_json(&again.join("summary.json"));
    assert_eq!(paths(&s["ignored"], "path"), [timeline.to_string_lossy()]);
}

#[test]
fn a_story_folder_is_read_whole_and_its_toml_files_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let story = PathBuf::from("fixtures/stories/bec_takeover");
    let run = mailtrail(&[
        "analyze",
        &story.to_string_lossy(),
        "-o",
        &tmp.path().to_string_lossy(),
        "--quiet",
    ]);
    assert_eq!(run.code, 1, "findings, not unknown files: {}", run.stderr);
    let s = read_json(&tmp.path().join("summary.json"));
    assert_eq!(s["inputs"].as_array().unwrap().len(), 3);
    assert_eq!(s["totals"]["files_skipped"], 0);
    assert_eq!(
        paths(&s["ignored"], "path"),
        ["fixtures/stories/bec_takeover/expected.toml"]
    );
}

#[test]
fn files_that_may_be_exports_stay_skipped() {
    // An export saved with another delimiter, or an error page saved as the export.
    let tmp = tempfile::tempdir().unwrap();
    let semicolons = tmp.path().join("AuditLog.txt");
    std::fs::write(&semicolons, "CreationDate;UserIds;Operations;AuditData\n").unwrap();
    let error_page = tmp.path().join("signins.csv");
    std::fs::write(&error_page, "The export failed, try again later\n").unwrap();
    let out = tmp.path().join("out");
    let run = analyze(&[&semicolons, &error_page], &out);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let s = read_json(&out.join("summary.json"));
    assert_eq!(s["totals"]["files_skipped"], 2);
    assert_eq!(s["ignored"], serde_json::json!([]));
}
