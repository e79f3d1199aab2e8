//! Files that are not logs at all (SPEC §3): images, PDFs, Office documents, notes and
//! configuration beside the exports, and mailtrail's own output folders. They are listed
//! once as *ignored* with the reason, never read as logs, never counted as rejected, and
//! do not change the exit code.
//!
//! What stays *skipped* (exit 3) is anything that may be an export mailtrail cannot read:
//! a table or JSON of unknown shape, damaged data, binary junk, an empty file. The line
//! between the two is drawn conservatively, because ignoring an export by mistake would
//! hide evidence without a word, while skipping a note costs one warning.
//!
//! The decision for one file, made only when no format recognised it (a recognised export
//! is always read, whatever its name):
//! 1. its first bytes are an image, PDF, RTF or OLE2 document ([`DOCUMENT_MAGIC`]), or it
//!    is an Office/OpenDocument zip ([`office_zip`], at discovery): ignored;
//! 2. empty: skipped;
//! 3. its name ends in a document extension ([`DOCUMENT_NAMES`]): ignored;
//! 4. its name ends in an export extension ([`EXPORT_NAMES`]): skipped;
//! 5. its head reads as prose ([`reads_as_prose`]): ignored; else skipped.
//!
//! Names are used only for these obvious documents and to keep a would-be export from
//! being taken for prose; a format is never chosen by name.

use std::io::BufReader;
use std::path::Path;

use serde::Serialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use super::sniff::looks_binary;

/// One file or folder that is not a log, listed once in `summary.json` and by `sniff`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Ignored {
    /// Path as shown (a folder for mailtrail's output folders).
    pub path: String,
    /// Why it is not a log.
    pub reason: String,
}

/// Leading bytes of documents that are never logs. Checked on the decoded head, which is
/// the file's own bytes unless it had a BOM or was UTF-16 (none of these has either).
/// OLE2 is the container of Office 97–2003 files and of Outlook `.msg` messages, which
/// BEC case folders often hold.
pub const DOCUMENT_MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"%PDF-", "PDF document"),
    (b"{\\rtf", "RTF document"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "Office 97-2003 document or Outlook message (OLE2)",
    ),
];

/// File-name endings of notes, documentation and configuration: a file so named that no
/// format recognises is a document, whatever its first line looks like (a TOML `key =
/// [1, 2]` line has a comma; a Markdown title may too). `.eml` is a saved e-mail.
pub const DOCUMENT_NAMES: &[&str] = &[
    ".md",
    ".markdown",
    ".rst",
    ".toml",
    ".ini",
    ".cfg",
    ".conf",
    ".yaml",
    ".yml",
    ".html",
    ".htm",
    ".eml",
];

/// File-name endings that say "this was meant to be an export": such a file is never
/// taken for prose, so an export saved as an error page or with another delimiter is
/// skipped with a warning (exit 3) rather than ignored. `.txt` is not here: Excel saves
/// tab-delimited tables as `.txt`, which stay skipped because they read as tables.
pub const EXPORT_NAMES: &[&str] = &[".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".log"];

/// Field separators of tables: a first line split into two or more fields by any of them
/// is a header, not prose (exports saved by Excel in many locales use `;`).
const TABLE_SEPARATORS: [char; 4] = [',', ';', '\t', '|'];

/// Keys every mailtrail `summary.json` has at its top level (docs/output.md).
const SUMMARY_KEYS: [&str; 4] = ["version", "inputs", "totals", "exit_code"];

/// Why a file no format recognised is not a log, or `None` when it must stay skipped.
/// `head` is the decoded head used for sniffing, `name` the file's base name.
pub fn not_a_log(head: &[u8], name: &str) -> Option<String> {
    if let Some(kind) = document_magic(head) {
        return Some(format!("{kind}, not a log"));
    }
    if head.iter().all(u8::is_ascii_whitespace) {
        return None; // empty: an export that came out empty is worth a warning
    }
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if let Some(ext) = DOCUMENT_NAMES.iter().find(|e| name.ends_with(**e)) {
        return Some(format!("document by its name ({ext}), not a log"));
    }
    if let Some(kind) = indicator_file(head) {
        return Some(format!("{kind} (give it with --ioc), not a log"));
    }
    if EXPORT_NAMES.iter().any(|e| name.ends_with(e)) {
        return None;
    }
    reads_as_prose(head)
        .then(|| "plain text, neither a table nor JSON (notes, Markdown, configuration)".into())
}

/// Indicator lists kept beside the exports (`--ioc` files): a CSV whose header names
/// `type` and `value`, or STIX 2.1 JSON (a bundle or an indicator). No Microsoft 365
/// export has either shape; read as logs they would be skipped and turn the run's exit
/// code to 3.
fn indicator_file(head: &[u8]) -> Option<&'static str> {
    if looks_binary(head) {
        return None;
    }
    let sample = String::from_utf8_lossy(&head[..head.len().min(64 * 1024)]);
    let sample = sample.trim_start_matches('\u{feff}');
    let compact: String = sample
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if compact.starts_with('{') || compact.starts_with('[') {
        let stix = (compact.contains("\"type\":\"bundle\"") && compact.contains("\"objects\":"))
            || (compact.contains("\"type\":\"indicator\"") && compact.contains("\"pattern\":"));
        return stix.then_some("STIX indicator file");
    }
    let header = sample
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let columns: Vec<String> = header
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let names = |n: &str| columns.iter().any(|c| c == n);
    (columns.len() <= 6 && names("type") && names("value")).then_some("indicator list")
}

fn document_magic(head: &[u8]) -> Option<&'static str> {
    DOCUMENT_MAGIC
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// True when the head is text whose first line is neither a table header, JSON, markup
/// nor a data line: a Markdown title, a comment, a `[section]`, `key = value` or
/// `key: value`, a sentence. The first line is what sniffing reads, so this is exactly
/// "not a CSV header with two or more columns, and not JSON" — made stricter so that
/// exports of another shape stay skipped: other separators (`;`, tab, `|`), a `#TYPE`
/// line, XML (`<`), and lines that start with a digit or a quote (a timestamp, a value,
/// a quoted one-column header).
pub fn reads_as_prose(head: &[u8]) -> bool {
    if looks_binary(head) {
        return false;
    }
    let sample = &head[..head.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(sample);
    let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return false;
    };
    let Some(first) = line.chars().next() else {
        return false;
    };
    let data_like = line.starts_with("#TYPE")
        || matches!(first, '{' | '<' | '"')
        || first.is_ascii_digit()
        || (first == '[' && !is_section_header(line));
    let table = TABLE_SEPARATORS
        .iter()
        .any(|sep| line.split(*sep).count() >= 2);
    !data_like && !table
}

/// `[tenant]`, `[allow.ips]`, `[Section Name]`: an INI/TOML section, which a JSON array
/// never is (its first element is a value, not a bare word).
fn is_section_header(line: &str) -> bool {
    let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
        return false;
    };
    let inner = inner.trim_matches(['[', ']']);
    inner.starts_with(|c: char| c.is_ascii_alphabetic())
        && inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        && !matches!(inner, "true" | "false" | "null")
}

/// Why a zip archive is an Office or OpenDocument file rather than an archive of
/// exports, from its member names: OOXML has `[Content_Types].xml` and a `word/`, `xl/`
/// or `ppt/` folder; OpenDocument has `mimetype` and `META-INF/manifest.xml`. A workbook
/// may be an export the client opened in Excel, so its reason says how to have it read.
pub fn office_zip<S: AsRef<str>>(members: &[S]) -> Option<String> {
    let has = |name: &str| members.iter().any(|m| m.as_ref() == name);
    let under = |dir: &str| members.iter().any(|m| m.as_ref().starts_with(dir));
    if has("[Content_Types].xml") {
        let kind = if under("xl/") {
            "Excel workbook; if it holds an export, save it as CSV to have it read"
        } else if under("word/") {
            "Word document"
        } else if under("ppt/") {
            "PowerPoint presentation"
        } else {
            "Office Open XML document"
        };
        return Some(format!("{kind} (zip with [Content_Types].xml), not a log"));
    }
    (has("mimetype") && has("META-INF/manifest.xml")).then(|| {
        "OpenDocument file (zip with mimetype and META-INF/manifest.xml), not a log".into()
    })
}

/// Why `dir` is one of mailtrail's own output folders (it holds a `summary.json` with
/// mailtrail's top-level keys), so that `analyze case/ -o case/out` run twice never reads
/// its own timeline back. `None` for any other folder, including one whose
/// `summary.json` is some other tool's or cannot be read.
pub fn output_folder(dir: &Path) -> Option<String> {
    let file = std::fs::File::open(dir.join("summary.json")).ok()?;
    let keys = top_level_keys(BufReader::new(file))?;
    SUMMARY_KEYS
        .iter()
        .all(|k| keys.iter().any(|have| have == k))
        .then(|| "output folder of an earlier mailtrail run (summary.json)".to_string())
}

/// The keys of a JSON object, read as a stream (values are skipped, never held), so a
/// large file costs one pass and no memory. `None` when it is not a JSON object.
fn top_level_keys(reader: impl std::io::Read) -> Option<Vec<String>> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(key);
            }
            Ok(keys)
        }
    }
    let mut de = serde_json::Deserializer::from_reader(reader);
    de.deserialize_map(Keys).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_known_by_their_first_bytes_whatever_their_name() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
        assert_eq!(
            not_a_log(png, "AuditLog.csv").as_deref(),
            Some("PNG image, not a log")
        );
        assert!(not_a_log(b"%PDF-1.7\n", "x").is_some());
        assert!(not_a_log(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", "mail.msg").is_some());
    }

    #[test]
    fn notes_and_configuration_are_ignored() {
        let prose: &[&[u8]] = &[
            b"# Case 0142\n\nClient sent these exports on Monday.\n",
            b"[tenant]\ndomains = [\"contoso.com\"]\n",
            b"# comment\n[allow]\nips = [\"1.2.3.4\"]\n",
            b"---\ntitle: notes\n",
            b"tenant: contoso\n",
            b"Notes from the client call\n",
        ];
        for head in prose {
            assert!(reads_as_prose(head), "{}", String::from_utf8_lossy(head));
            assert!(not_a_log(head, "NOTES").is_some());
        }
        // By name, even when the first line has a comma.
        let toml = b"domains = [\"a.com\", \"b.com\"]\n";
        assert!(!reads_as_prose(toml));
        assert!(not_a_log(toml, "mailtrail.toml").is_some());
        assert!(not_a_log(b"# Title, with a comma\n", "README.md").is_some());
    }

    #[test]
    fn what_may_be_an_export_stays_skipped() {
        let data: &[(&[u8], &str)] = &[
            (b"Name,Age,City\nA,1,B\n", "unknown_format.csv"),
            (b"", "empty.csv"),
            (b" \n", "notes"),
            (
                b"CreationDate;UserIds;Operations;AuditData\n",
                "AuditLog.txt",
            ),
            (b"path\tformat\trows\n", "expected.tsv"),
            (b"#TYPE Deserialized.AuditRecord\nRecordType\n", "x"),
            (b"[{\"a\":1}\n", "x"),
            (b"[\n  {\"CreationTime\": \"2026", "x"),
            (b"{not json", "x"),
            (b"<?xml version=\"1.0\"?>\n<Objs>", "audit.xml"),
            (b"2026-02-10 18:20:05 sign-in from 1.2.3.4\n", "syslog"),
            (b"\"RecordId\"\n", "x"),
            (b"The export failed, please retry\n", "AuditLog.csv"),
            (b"The export failed\n", "signins.json"),
            (b"\x00\x01\x02\x03\x00\x00garbage", "binary_junk.bin"),
        ];
        for (head, name) in data {
            assert_eq!(not_a_log(head, name), None, "{name}");
        }
    }

    #[test]
    fn section_headers_are_not_json_arrays() {
        assert!(is_section_header("[tenant]"));
        assert!(is_section_header("[[detectors]]"));
        assert!(is_section_header("[allow.ips]"));
        assert!(!is_section_header("[true]"));
        assert!(!is_section_header("[1, 2]"));
        assert!(!is_section_header("[\"a\"]"));
        assert!(!is_section_header("["));
    }

    #[test]
    fn indicator_files_are_not_logs() {
        let csv = b"# from the ISAC\ntype,value,label\nip,203.0.113.7,crew\n";
        assert_eq!(
            not_a_log(csv, "crew.csv").as_deref(),
            Some("indicator list (give it with --ioc), not a log")
        );
        let stix = br#"{ "type": "bundle", "id": "bundle--1", "objects": [] }"#;
        assert_eq!(
            not_a_log(stix, "intel.json").as_deref(),
            Some("STIX indicator file (give it with --ioc), not a log")
        );
        let ual = b"RecordId,CreationDate,RecordType,Operation,UserId,AuditData\n";
        assert_eq!(not_a_log(ual, "AuditLog.csv"), None);
        let records = br#"[{"type":"signIn","value":1}]"#;
        assert_eq!(not_a_log(records, "x.json"), None);
    }

    #[test]
    fn office_zips_are_documents_export_zips_are_not() {
        let xlsx = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"];
        let reason = office_zip(&xlsx).unwrap();
        assert!(reason.starts_with("Excel workbook; if it holds an export, save it as CSV"));
        let docx = ["[Content_Types].xml", "word/document.xml"];
        assert!(office_zip(&docx).unwrap().starts_with("Word"));
        let odt = ["mimetype", "content.xml", "META-INF/manifest.xml"];
        assert!(office_zip(&odt).is_some());
        let exports = ["AuditLog_20260124_065424.csv", "signins.json"];
        assert_eq!(office_zip(&exports), None);
    }

    #[test]
    fn output_folders_are_known_by_their_summary_keys() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(output_folder(dir.path()), None);
        let summary = dir.path().join("summary.json");
        std::fs::write(&summary, r#"{"version":"x","inputs":[],"ok":1}"#).expect("write");
        assert_eq!(output_folder(dir.path()), None, "another tool's summary");
        let ours = r#"{"version":"0.1.0","incidents":[{"a":[1,{"b":2}]}],"inputs":[],
            "totals":{},"warnings":[],"exit_code":0,"exit_reason":"ok"}"#;
        std::fs::write(&summary, ours).expect("write");
        assert!(output_folder(dir.path()).is_some());
        std::fs::write(&summary, "[1,2]").expect("write");
        assert_eq!(output_folder(dir.path()), None, "not an object");
    }
}
