//! Hostile inputs (issue 12, SPEC §10): each case is an input an attacker or a careless
//! export can produce, with the exact message mailtrail prints for it and its exit code.
//! [`CASES`] reads as documentation (docs/hostile-inputs.md lists the same cases and the
//! limits behind them). Every case is built here, at test time, in a temp dir: the big
//! ones (10 MB field, 50 MB line, bombs) must never be committed, and the small ones are
//! clearer next to their expectation than as opaque bytes under fixtures/.

use std::io::Write;
use std::path::{MAIN_SEPARATOR, Path};

use mailtrail::app::{AnalyzeOptions, analyze};
use mailtrail::detect::Severity;

use crate::util::{csv_rows, mailtrail_in, read_json};

/// Size of the decompression bombs' output: about 1,000 times their size on disk and
/// more than the 64 MiB record cap (`json_stream::MAX_RECORD_BYTES`), which the endless
/// record must pass. Kept at 72 MiB so the debug build reads each bomb in about two
/// seconds; bigger bombs behave the same, only slower (docs/hostile-inputs.md).
pub const BOMB_BYTES: usize = 72 << 20;

/// What mailtrail must say about a case, exactly as printed.
pub enum Says {
    /// Every row read; no warning.
    Clean,
    /// The rows of rejects.csv, as `file:line: reason` (the CSV's first three columns).
    Rejects(&'static [&'static str]),
    /// One warning, as printed under the run summary and stored in summary.json.
    Warning(&'static str),
}

/// One hostile input and what becomes of it.
pub struct Case {
    /// File name (the messages quote it).
    pub name: &'static str,
    /// Its bytes.
    pub build: fn() -> Vec<u8>,
    /// Exit code of `analyze` on this file alone.
    pub exit: i32,
    /// Events it yields.
    pub events: u64,
    /// The message.
    pub says: Says,
}

/// The Purview audit search header (ual-purview-csv).
const PURVIEW: &str = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames";

/// A benign UAL record (a SharePoint file read: no detector fires on it), compact JSON,
/// with `extra` spliced in before the closing brace.
fn record(i: usize, extra: &str) -> String {
    format!(
        r#"{{"CreationTime":"2026-02-10T18:{i:02}:00","Id":"rec-{i:04}","Operation":"FileAccessed","RecordType":6,"Workload":"SharePoint","UserId":"alice@contoso.com","ClientIP":"192.0.2.{}"{extra}}}"#,
        i + 1
    )
}

/// `n` records as JSON lines.
fn lines(n: usize) -> String {
    (0..n).map(|i| record(i, "") + "\n").collect()
}

/// A Purview CSV row for record `i` with its AuditData cell and CreationDate text.
fn row(i: usize, audit_data: &str, date: &str) -> String {
    format!(
        "rec-{i:04},{date},SharePointFileOperation,FileAccessed,alice@contoso.com,\"{}\",,",
        audit_data.replace('"', "\"\"")
    )
}

/// A Purview CSV of `n` good rows (CRLF), row `i` swapped for `special(i)` where it
/// returns one.
fn purview(n: usize, special: impl Fn(usize) -> Option<String>) -> String {
    let mut s = format!("{PURVIEW}\r\n");
    for i in 0..n {
        let iso = format!("2026-02-10T18:{i:02}:00.0000000Z ");
        let r = special(i).unwrap_or_else(|| row(i, &record(i, ""), &iso));
        s.push_str(&r);
        s.push_str("\r\n");
    }
    s
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

/// Cut `n` bytes off the end.
fn cut(mut s: String, n: usize) -> Vec<u8> {
    s.truncate(s.len() - n);
    s.into_bytes()
}

fn iso(i: usize) -> String {
    format!("2026-02-10T18:{i:02}:00.0000000Z ")
}

/// 32,767 characters: the most an Excel cell holds; Excel cuts longer AuditData there.
const EXCEL_CELL_MAX: usize = 32_767;

/// Small cases: built in milliseconds, read in a fraction of a second each.
pub const CASES: &[Case] = &[
    Case {
        name: "truncated_mid_record.jsonl",
        build: || cut(lines(3), 40),
        exit: 3,
        events: 2,
        says: Says::Rejects(&[
            "truncated_mid_record.jsonl:3: truncated JSON: end of file inside a record",
        ]),
    },
    Case {
        name: "truncated_mid_row.csv",
        build: || cut(purview(3, |_| None), 60),
        exit: 3,
        events: 2,
        says: Says::Rejects(&["truncated_mid_row.csv:4: expected 8 fields, found 6"]),
    },
    Case {
        name: "truncated_gzip.jsonl.gz",
        build: || {
            let z = gzip(lines(60).as_bytes());
            z[..z.len() * 3 / 4].to_vec()
        },
        exit: 3,
        events: 42,
        says: Says::Warning("truncated_gzip.jsonl.gz:43: read error: incomplete deflate stream"),
    },
    Case {
        name: "ragged.csv",
        build: || {
            purview(4, |i| match i {
                1 => Some(row(1, &record(1, ""), &iso(1)) + ",extra"),
                2 => Some("a,b".into()),
                _ => None,
            })
            .into_bytes()
        },
        exit: 3,
        events: 2,
        says: Says::Rejects(&[
            "ragged.csv:3: expected 8 fields, found 9",
            "ragged.csv:4: expected 8 fields, found 2",
        ]),
    },
    Case {
        name: "audit_data_not_json.csv",
        build: || purview(2, |i| (i == 1).then(|| row(1, "not json at all", &iso(1)))).into_bytes(),
        exit: 3,
        events: 1,
        says: Says::Rejects(&[
            "audit_data_not_json.csv:3: AuditData is not valid JSON: expected ident at line 1 column 2",
        ]),
    },
    Case {
        name: "nul_bytes.jsonl",
        build: || {
            format!(
                "{}\0\0\0\n{}\n",
                lines(2),
                record(3, ",\"UserAgent\":\"a\0b\"")
            )
            .into_bytes()
        },
        exit: 3,
        events: 2,
        says: Says::Rejects(&[
            "nul_bytes.jsonl:3: unexpected character 0x00 between records",
            "nul_bytes.jsonl:4: invalid JSON: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 187",
        ]),
    },
    Case {
        name: "nul_in_csv_cell.csv",
        build: || {
            purview(2, |i| {
                (i == 1).then(|| {
                    row(1, &record(1, ""), &iso(1)).replacen("FileAccessed", "File\0Accessed", 1)
                })
            })
            .into_bytes()
        },
        exit: 0,
        events: 2,
        says: Says::Clean,
    },
    Case {
        name: "invalid_utf8.jsonl",
        build: || {
            let text = lines(1) + &record(1, ",\"ObjectId\":\"caf@@\"") + "\n";
            let (a, b) = text.split_once("@@").unwrap();
            [a.as_bytes(), b"\xe9 \xff\xfe\xc3(", b.as_bytes()].concat()
        },
        exit: 0,
        events: 2,
        says: Says::Clean,
    },
    Case {
        name: "utf16le_no_bom.csv",
        build: || utf16(&purview(2, |_| None), false),
        exit: 0,
        events: 2,
        says: Says::Clean,
    },
    Case {
        name: "utf16be_no_bom.csv",
        build: || utf16(&purview(2, |_| None), true),
        exit: 0,
        events: 2,
        says: Says::Clean,
    },
    Case {
        name: "utf16le_no_bom.jsonl",
        build: || utf16(&lines(2), false),
        exit: 0,
        events: 2,
        says: Says::Clean,
    },
    Case {
        name: "empty.jsonl",
        build: Vec::new,
        exit: 3,
        events: 0,
        says: Says::Warning("empty.jsonl: skipped: empty file"),
    },
    Case {
        name: "whitespace_only.csv",
        build: || b"  \r\n\r\n\t\n".to_vec(),
        exit: 3,
        events: 0,
        says: Says::Warning("whitespace_only.csv: skipped: empty file"),
    },
    Case {
        name: "header_only.csv",
        build: || format!("{PURVIEW}\r\n").into_bytes(),
        exit: 0,
        events: 0,
        says: Says::Clean,
    },
    Case {
        name: "header_only_no_newline.csv",
        build: || PURVIEW.as_bytes().to_vec(),
        exit: 0,
        events: 0,
        says: Says::Clean,
    },
    Case {
        name: "binary_junk.bin",
        build: || junk(4096),
        exit: 3,
        events: 0,
        says: Says::Warning("binary_junk.bin: skipped: binary data, not a text export"),
    },
    Case {
        name: "nested_100k.json",
        build: || {
            ["[".repeat(100_000), "]".repeat(100_000)]
                .concat()
                .into_bytes()
        },
        exit: 3,
        events: 0,
        says: Says::Warning(
            "nested_100k.json: skipped: JSON without a complete first record (line 1: nesting deeper than 512 levels)",
        ),
    },
    Case {
        name: "nested_100k_in_record.jsonl",
        build: || {
            let deep = ["[".repeat(100_000), "]".repeat(100_000)].concat();
            format!(
                "{}{}\n{}\n",
                lines(1),
                record(1, &format!(",\"Nest\":{deep}")),
                record(2, "")
            )
            .into_bytes()
        },
        exit: 3,
        events: 2,
        says: Says::Rejects(&["nested_100k_in_record.jsonl:2: nesting deeper than 512 levels"]),
    },
    Case {
        name: "excel_truncated_audit_data.csv",
        build: || {
            let long = record(1, &format!(",\"Blob\":\"{}\"", "z".repeat(40_000)));
            let cell: String = long.chars().take(EXCEL_CELL_MAX).collect();
            purview(3, |i| (i == 1).then(|| row(1, &cell, &iso(1)))).into_bytes()
        },
        exit: 3,
        events: 2,
        says: Says::Rejects(&[
            "excel_truncated_audit_data.csv:3: AuditData is not valid JSON: EOF while parsing a string at line 1 column 32767",
        ]),
    },
    Case {
        name: "excel_resaved_us.csv",
        build: || {
            purview(3, |i| {
                Some(row(i, &record(i, ""), &format!("2/10/2026 6:{i:02}:00 PM")))
            })
            .into_bytes()
        },
        exit: 0,
        events: 3,
        says: Says::Warning(
            "excel_resaved_us.csv: slashed dates never show a day above 12 in the first MB; reading month-first (set --date-order dmy if that is wrong)",
        ),
    },
    Case {
        name: "excel_resaved_day_first.csv",
        build: || {
            purview(3, |i| {
                Some(row(i, &record(i, ""), &format!("10/02/2026 18:{i:02}")))
            })
            .into_bytes()
        },
        exit: 0,
        events: 3,
        says: Says::Warning(
            "excel_resaved_day_first.csv: slashed dates never show a day above 12 in the first MB; reading month-first (set --date-order dmy if that is wrong)",
        ),
    },
];

/// Big cases, built at test time only (never committed).
pub const BIG_CASES: &[Case] = &[
    Case {
        name: "field_10mb.csv",
        build: || {
            purview(3, |i| {
                (i == 1).then(|| row(1, &record(1, &big_blob(10 << 20)), &iso(1)))
            })
            .into_bytes()
        },
        exit: 0,
        events: 3,
        says: Says::Clean,
    },
    Case {
        name: "field_10mb.jsonl",
        build: || {
            format!(
                "{}{}\n{}\n",
                lines(1),
                record(1, &big_blob(10 << 20)),
                record(2, "")
            )
            .into_bytes()
        },
        exit: 0,
        events: 3,
        says: Says::Clean,
    },
    Case {
        name: "line_50mb.jsonl",
        build: || {
            format!(
                "{}{}\n{}\n",
                lines(1),
                record(1, &big_blob(50 << 20)),
                record(2, "")
            )
            .into_bytes()
        },
        exit: 0,
        events: 3,
        says: Says::Clean,
    },
    Case {
        name: "line_over_64mib.jsonl",
        build: || {
            format!(
                "{}{}\n{}\n",
                lines(1),
                record(1, &big_blob(66 << 20)),
                record(2, "")
            )
            .into_bytes()
        },
        exit: 3,
        events: 2,
        says: Says::Rejects(&["line_over_64mib.jsonl:2: record larger than 64 MiB"]),
    },
];

/// Decompression bombs: about 1,000:1, built as many copies of one small gzip member
/// (a multi-member gzip is one stream to every reader) so building them costs nothing.
pub const BOMBS: &[Case] = &[
    Case {
        name: "gzip_bomb_zeros.gz",
        build: || gzip_bomb(b"", &[0; 1 << 20]),
        exit: 3,
        events: 0,
        says: Says::Warning("gzip_bomb_zeros.gz: skipped: binary data, not a text export"),
    },
    Case {
        name: "gzip_bomb_blank_lines.jsonl.gz",
        build: || gzip_bomb(lines(1).as_bytes(), &[b'\n'; 1 << 20]),
        exit: 0,
        events: 1,
        says: Says::Clean,
    },
    Case {
        name: "gzip_bomb_endless_record.jsonl.gz",
        build: || {
            gzip_bomb(
                format!("{}{{\"Blob\":\"", lines(1)).as_bytes(),
                &[b'y'; 1 << 20],
            )
        },
        exit: 3,
        events: 1,
        says: Says::Rejects(&["gzip_bomb_endless_record.jsonl.gz:2: record larger than 64 MiB"]),
    },
    Case {
        name: "gzip_bomb_endless_cell.csv.gz",
        build: || {
            gzip_bomb(
                (purview(1, |_| None) + "rec-0001,\"").as_bytes(),
                &[b'y'; 1 << 20],
            )
        },
        exit: 3,
        events: 1,
        says: Says::Warning(
            "gzip_bomb_endless_cell.csv.gz:3: read error: CSV row larger than 64 MiB",
        ),
    },
    Case {
        name: "zip_bomb.zip",
        build: zip_bomb,
        exit: 3,
        events: 0,
        says: Says::Warning("zip_bomb.zip/AuditLog.csv: skipped: binary data, not a text export"),
    },
    Case {
        name: "zip_declares_4_gib.zip",
        build: || {
            let mut zip = small_zip(lines(3).as_bytes(), zip::CompressionMethod::Deflated);
            set_declared_size(&mut zip, 0xFFFF_0000);
            zip
        },
        exit: 3,
        events: 0,
        says: Says::Warning(
            "zip_declares_4_gib.zip/AuditLog.jsonl: skipped: damaged zip member: expands past 1024 MiB (200 times its compressed size, at least 1024 MiB): refused as a likely decompression bomb; extract it yourself and give the file to read it",
        ),
    },
    Case {
        name: "zip_member_bad_crc.zip",
        build: || {
            let mut zip = small_zip(lines(3).as_bytes(), zip::CompressionMethod::Stored);
            let at = zip.windows(8).position(|w| w == b"rec-0002").unwrap();
            zip[at + 4] = b'9';
            zip
        },
        exit: 3,
        events: 0,
        says: Says::Warning(
            "zip_member_bad_crc.zip/AuditLog.jsonl: skipped: damaged input: Invalid checksum",
        ),
    },
];

/// A zip of one member, `AuditLog.jsonl`.
fn small_zip(body: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    zip.start_file("AuditLog.jsonl", options).unwrap();
    zip.write_all(body).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Makes the central directory claim `size` uncompressed bytes for the first member.
fn set_declared_size(zip: &mut [u8], size: u32) {
    let central = zip.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    zip[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
}

/// `,"Blob":"xxx…"` of `n` bytes.
fn big_blob(n: usize) -> String {
    format!(",\"Blob\":\"{}\"", "x".repeat(n))
}

/// Deterministic pseudo-random bytes (xorshift), NULs included.
fn junk(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x6d61_696c_7472_6169;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// `prefix` then `fill` repeated up to [`BOMB_BYTES`], gzip-compressed.
fn gzip_bomb(prefix: &[u8], fill: &[u8]) -> Vec<u8> {
    let mut out = gzip(prefix);
    let member = gzip(fill);
    for _ in 0..BOMB_BYTES / fill.len() {
        out.extend_from_slice(&member);
    }
    out
}

/// A zip whose one member inflates to [`BOMB_BYTES`] of zeros.
fn zip_bomb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(false);
    zip.start_file("AuditLog.csv", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..BOMB_BYTES >> 20 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Analyse `case` alone in its own folder: in-process through the library (the IP tables
/// load once, so a case costs milliseconds), or as the real process, whose exit code must
/// then match. Returns the folder and summary.json, with the folder's path taken off the
/// messages so that they quote the file name alone.
fn run_case(case: &Case, process: bool) -> (tempfile::TempDir, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(case.name), (case.build)()).unwrap();
    if process {
        let args = [
            "analyze",
            case.name,
            "-o",
            "out",
            "--quiet",
            "--fail-on",
            "critical",
        ];
        let run = mailtrail_in(dir.path(), &args);
        assert!(
            !run.stderr.contains("panicked"),
            "{}: {}",
            case.name,
            run.stderr
        );
        assert_eq!(
            run.code, case.exit,
            "{}: exit code; {}",
            case.name, run.stderr
        );
    } else {
        let opts = AnalyzeOptions {
            inputs: vec![dir.path().join(case.name)],
            out_dir: dir.path().join("out"),
            threads: Some(2),
            fail_on: Severity::Critical,
            ..AnalyzeOptions::default()
        };
        analyze(&opts).unwrap_or_else(|e| panic!("{}: {e}", case.name));
    }
    let s = read_json(&dir.path().join("out/summary.json"));
    (dir, s)
}

/// Check the exit code, the events, the message and the books of `case`.
fn check(case: &Case, process: bool) {
    let (dir, s) = run_case(case, process);
    let name = case.name;
    let local = |m: &str| m.replace(&format!("{}{}", dir.path().display(), MAIN_SEPARATOR), "");
    assert_eq!(s["exit_code"], case.exit, "{name}: exit code");
    let t = &s["totals"];
    let u = |k: &str| t[k].as_u64().unwrap();
    assert_eq!(u("events"), case.events, "{name}: events");
    assert_eq!(
        u("rows_read"),
        u("events") + u("rejected") + u("duplicates") + u("merged") + u("filtered"),
        "{name}: ledger"
    );
    let rejects: Vec<String> = csv_rows(&dir.path().join("out/rejects.csv"))
        .iter()
        .map(|r| local(&format!("{}:{}: {}", r["file"], r["line"], r["reason"])))
        .collect();
    assert_eq!(
        rejects.len() as u64,
        u("rejected"),
        "{name}: rejects.csv rows"
    );
    let warnings: Vec<String> = s["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| local(w.as_str().unwrap()))
        .collect();
    let (want_rejects, want_warnings): (&[&str], &[&str]) = match &case.says {
        Says::Clean => (&[], &[]),
        Says::Rejects(r) => (r, &[]),
        Says::Warning(w) => (&[], std::slice::from_ref(w)),
    };
    assert_eq!(rejects, want_rejects, "{name}: rejects.csv");
    assert_eq!(warnings, want_warnings, "{name}: warnings");
}

#[test]
fn small_hostile_inputs_say_exactly_what_they_are() {
    for case in CASES {
        check(case, false);
    }
}

#[test]
fn big_fields_and_lines_are_read_or_capped() {
    for case in BIG_CASES {
        check(case, false);
    }
}

#[test]
fn decompression_bombs_are_streamed_or_skipped() {
    for case in BOMBS {
        check(case, false);
    }
}

/// The process exits with the code summary.json states: one case of each kind, run as the
/// real binary (the others run in-process for speed).
#[test]
fn the_process_exit_code_is_the_one_in_the_table() {
    for name in [
        "header_only.csv",
        "ragged.csv",
        "binary_junk.bin",
        "truncated_gzip.jsonl.gz",
    ] {
        check(CASES.iter().find(|c| c.name == name).unwrap(), true);
    }
}

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

/// Invalid UTF-8 is replaced and counted, never a reject (docs/formats.md, decoding).
#[test]
fn invalid_utf8_is_counted_on_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let case = CASES
        .iter()
        .find(|c| c.name == "invalid_utf8.jsonl")
        .unwrap();
    std::fs::write(dir.path().join(case.name), (case.build)()).unwrap();
    let run = mailtrail_in(dir.path(), &["analyze", case.name, "-o", "out", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = read_json(&dir.path().join("out/summary.json"));
    assert_eq!(s["inputs"][0]["invalid_utf8_rows"], 1);
}

/// A Purview CSV re-saved by Excel: CreationDate rewritten in the locale's format, only the
/// cells that need quotes quoted. The time still comes from AuditData's ISO CreationTime,
/// so the day-first file lands on the right day even though its column is read month-first.
#[test]
fn excel_resaved_csv_keeps_the_audit_data_time() {
    for name in ["excel_resaved_us.csv", "excel_resaved_day_first.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let case = CASES.iter().find(|c| c.name == name).unwrap();
        std::fs::write(dir.path().join(name), (case.build)()).unwrap();
        let args = ["analyze", name, "-o", "out", "--quiet", "--timeline", "all"];
        let run = mailtrail_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let times: Vec<String> = csv_rows(&dir.path().join("out/timeline.csv"))
            .iter()
            .map(|r| r["datetime"].clone())
            .collect();
        assert_eq!(
            times,
            [
                "2026-02-10T18:00:00.000Z",
                "2026-02-10T18:01:00.000Z",
                "2026-02-10T18:02:00.000Z"
            ],
            "{name}"
        );
    }
}

/// Records of a JSON-lines export read through the library, after `change` is done to the
/// file between opening it (its 1 MiB head is read then) and reading the rest: (records,
/// malformed reasons).
fn read_after_change(records: usize, change: impl FnOnce(&Path)) -> (usize, Vec<String>) {
    use mailtrail::ingest::engine::{BATCH, RawItem, RecordReader};
    use mailtrail::ingest::{sniff, source};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.jsonl");
    std::fs::write(&path, lines(records)).unwrap();
    let found = source::discover(std::slice::from_ref(&path)).unwrap();
    let src = &found.sources[0];
    assert_eq!(src.size, Some(std::fs::metadata(&path).unwrap().len()));
    let opened = source::open(src, Default::default()).unwrap();
    change(&path);
    let head = sniff::sniff(&opened.head).head.unwrap();
    let mut reader = RecordReader::new(opened.reader, &head, &src.display).unwrap();
    let (mut good, mut bad) = (0, Vec::new());
    loop {
        let batch = reader.next_batch(BATCH).unwrap();
        if batch.is_empty() {
            return (good, bad);
        }
        for item in batch {
            match item {
                RawItem::Json { .. } => good += 1,
                RawItem::Malformed(e) => bad.push(format!("{}: {}", e.line, e.reason)),
                RawItem::Csv { .. } => unreachable!("a JSON export"),
            }
        }
    }
}

/// A file that changes while it is read (rewritten shorter, or appended to, after
/// discovery and after its head was read): the reader sees a shorter or longer file and
/// says so with one truncated record at most; never a panic, never an I/O error.
#[test]
fn file_changed_while_read_gives_a_consistent_count() {
    use std::fs::OpenOptions;
    let n = 8_000; // about 1.5 MiB: more than the 1 MiB head
    let head_lines = {
        let text = lines(n);
        text[..1 << 20].matches('\n').count()
    };
    let (good, bad) = read_after_change(n, |p| {
        let f = OpenOptions::new().write(true).open(p).unwrap();
        f.set_len(4096).unwrap();
    });
    assert_eq!(
        good, head_lines,
        "the records in the head, which was already read"
    );
    let cut_line = head_lines as u64 + 1;
    assert_eq!(
        bad,
        [format!(
            "{cut_line}: truncated JSON: end of file inside a record"
        )]
    );
    let (good, bad) = read_after_change(n, |p| {
        let mut f = OpenOptions::new().append(true).open(p).unwrap();
        f.write_all(lines(10).as_bytes()).unwrap();
    });
    assert_eq!(
        (good, bad.len()),
        (n + 10, 0),
        "appended records are read too"
    );
    let (good, bad) = read_after_change(3, |p| std::fs::remove_file(p).unwrap());
    assert_eq!(
        (good, bad.len()),
        (3, 0),
        "a small file was read whole at open"
    );
}

/// An input removed between discovery and reading is a clear open error.
#[test]
fn file_removed_after_discovery_cannot_be_opened() {
    use mailtrail::ingest::source;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.jsonl");
    std::fs::write(&path, lines(2)).unwrap();
    let found = source::discover(std::slice::from_ref(&path)).unwrap();
    std::fs::remove_file(&path).unwrap();
    let err = source::open(&found.sources[0], Default::default())
        .err()
        .expect("the file is gone");
    let want = format!("{}: cannot open: ", path.display());
    assert!(err.to_string().starts_with(&want), "{err}");
}
