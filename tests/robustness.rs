//! No input makes mailtrail panic (SPEC §10): every fixture cut at many points and with
//! bytes flipped is analysed in-process; the run must finish and its books balance.

use std::path::{Path, PathBuf};

use mailtrail::app::{AnalyzeOptions, analyze};

use crate::util::fixture;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out)
        } else {
            out.push(p)
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Analyse `bytes` as the only input; true when the run found nothing to read (the input
/// was ignored as not a log).
fn check(bytes: &[u8], tmp: &Path, label: &str) -> bool {
    let input = tmp.join("input");
    std::fs::write(&input, bytes).unwrap();
    let opts = AnalyzeOptions {
        inputs: vec![input],
        out_dir: tmp.join("out"),
        threads: Some(1),
        ..AnalyzeOptions::default()
    };
    let result = std::panic::catch_unwind(|| analyze(&opts));
    let summary = match result {
        Err(_) => panic!("panic on {label}"),
        // A cut or corrupted document (a fixture's README.md or .toml) is ignored as not
        // a log, and a run with nothing else to read says so: a documented answer.
        Ok(Err(mailtrail::error::Error::NothingToRead { .. })) => return true,
        Ok(Err(e)) => panic!("fatal error on {label}: {e}"),
        Ok(Ok(s)) => s,
    };
    assert!(
        summary.totals.ledger.balances(),
        "ledger does not balance on {label}"
    );
    false
}

#[test]
fn truncated_and_corrupted_fixtures_never_panic() {
    let mut all = Vec::new();
    files(&fixture(""), &mut all);
    all.sort();
    let tmp = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for path in all {
        let data = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        // Only documents may be ignored: a damaged export must still be read or skipped.
        // Indicator files (`--ioc`: fixtures/ioc/, scenarios' ioc.csv) are not exports
        // either; a cut one may read as prose.
        let file_name = path.file_name().unwrap_or_default().to_string_lossy();
        let document = name.ends_with(".md")
            || name.ends_with(".toml")
            || file_name.starts_with("ioc")
            || path.parent().is_some_and(|p| p.ends_with("ioc"));
        let run = |bytes: &[u8], label: String| {
            let ignored = check(bytes, tmp.path(), &label);
            assert!(
                document || !ignored,
                "{label}: an export was ignored as not a log"
            );
        };
        for k in 1..8u64 {
            let cut = (data.len() as u64 * k / 8) as usize;
            run(&data[..cut], format!("{name} cut at {cut}"));
        }
        for round in 0..8 {
            let mut d = data.clone();
            for _ in 0..4 {
                if d.is_empty() {
                    break;
                }
                let i = (rng.next() % d.len() as u64) as usize;
                d[i] = (rng.next() & 0xff) as u8;
            }
            run(&d, format!("{name} flip round {round}"));
        }
    }
}
