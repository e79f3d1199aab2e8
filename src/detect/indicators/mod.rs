//! Indicators of compromise given with `--ioc FILE` (SPEC §11): addresses, networks, AS
//! numbers, domains, e-mail addresses, user agents, application ids and device names
//! that threat intelligence or an earlier case names. Detection input, like the
//! configuration: loaded once before any log is read (a bad file stops the run with
//! `file:line` before any work), then shared read-only through `Context::indicators`.
//!
//! Two file shapes, told apart by content: CSV with a `type,value,label` header
//! ([`csv`]) and STIX 2.1 JSON — a bundle, an array of objects or one indicator
//! ([`stix`]). Values are normalised here, once, so the [`matcher`] compares like with
//! like. Detect stage: reads files given by the user, never the logs.

mod csv;
pub mod matcher;
mod pattern;
mod stix;
mod value;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub use matcher::{Field, Hit, Matcher};
pub use value::Kind;
use value::Parsed;

/// An indicator file that cannot be used. The run stops before reading any log.
#[derive(Debug, thiserror::Error)]
pub enum IocError {
    /// The file cannot be read.
    #[error("{path}: cannot read the indicator file: {cause}")]
    Read {
        /// The path as given.
        path: String,
        /// Why.
        cause: std::io::Error,
    },
    /// A bad line, value or pattern.
    #[error("{path}:{line}: {message}")]
    At {
        /// The path as given.
        path: String,
        /// 1-based line.
        line: u64,
        /// What is wrong and what to do.
        message: String,
    },
    /// The file holds no indicator mailtrail can use.
    #[error("{path}: no indicators: {message}")]
    Empty {
        /// The path as given.
        path: String,
        /// What the file held and what it must hold.
        message: String,
    },
}

/// Where an indicator was read: file name and line, and its STIX id when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file's name (without its folders: summaries stay short).
    pub file: String,
    /// 1-based line (for STIX, where the indicator's id is written).
    pub line: u64,
    /// The STIX indicator id (`indicator--…`).
    pub stix_id: Option<String>,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(id) = &self.stix_id {
            write!(f, " {id}")?;
        }
        Ok(())
    }
}

/// One indicator: what it names, its label and where it came from.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// What kind of value.
    pub kind: Kind,
    /// The normalised value (`203.0.113.0/24`, `14061`, `evil.example`, lower-case
    /// addresses and ids; user agents and device names as written, trimmed).
    pub value: String,
    /// The label the file gives (CSV `label`, STIX `name`, else its id); may be empty.
    pub label: String,
    /// Where it was read.
    pub source: Source,
    parsed: Parsed,
}

impl Indicator {
    /// `ip:203.0.113.7 (RedVDS host)`: the indicator as the timeline's `ioc` column shows it.
    pub fn tag(&self) -> String {
        if self.label.is_empty() {
            format!("{}:{}", self.kind.as_str(), self.value)
        } else {
            format!("{}:{} ({})", self.kind.as_str(), self.value, self.label)
        }
    }
}

/// The indicators of a run and the matcher built from them; empty without `--ioc`.
#[derive(Debug, Default)]
pub struct Indicators {
    list: Vec<Indicator>,
    matcher: Matcher,
    warnings: Vec<String>,
}

impl Indicators {
    /// Read every file, in the order given. A value listed twice (in one file or in
    /// several) is kept once, with the first label. Any bad file is an error.
    pub fn load(paths: &[PathBuf]) -> Result<Indicators, IocError> {
        let mut list = Vec::new();
        let mut warnings = Vec::new();
        for path in paths {
            let read = read_file(path)?;
            list.extend(read.indicators);
            warnings.extend(read.warning);
        }
        Ok(Indicators::from_list(list, warnings))
    }

    /// Indicators from CSV text (`name` stands for the file in sources and errors).
    pub fn from_csv(text: &str, name: &str) -> Result<Indicators, IocError> {
        let file = FileRef { shown: name, name };
        let read = csv::read(text, &file)?;
        Ok(Indicators::from_list(read.indicators, Vec::new()))
    }

    /// Indicators from the bytes of a file named `name`, read as [`Indicators::load`]
    /// reads each file (CSV or STIX by content, UTF-8 or UTF-16).
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Indicators, IocError> {
        let read = read_bytes(bytes, name.to_string(), name)?;
        Ok(Indicators::from_list(
            read.indicators,
            read.warning.into_iter().collect(),
        ))
    }

    /// Indicators from a list (first of each kind and value kept).
    fn from_list(list: Vec<Indicator>, warnings: Vec<String>) -> Indicators {
        let mut seen = HashSet::new();
        let list: Vec<Indicator> = list
            .into_iter()
            .filter(|i| seen.insert((i.kind, i.value.clone())))
            .collect();
        let matcher = Matcher::new(&list);
        Indicators {
            list,
            matcher,
            warnings,
        }
    }

    /// True without indicators (the detectors then do nothing).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Number of indicators (after duplicates are dropped).
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The indicator a [`Hit`] names.
    pub fn get(&self, index: u32) -> &Indicator {
        &self.list[index as usize]
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// One warning per STIX file that had indicators it could not use.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

/// What one file gave.
struct FileIndicators {
    indicators: Vec<Indicator>,
    warning: Option<String>,
}

/// Read one file: STIX when its first character opens JSON, else CSV.
fn read_file(path: &Path) -> Result<FileIndicators, IocError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|cause| IocError::Read {
        path: shown.clone(),
        cause,
    })?;
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    read_bytes(&bytes, shown, &name)
}

/// Read the bytes of one file (`shown`: its path as given; `name`: its base name).
fn read_bytes(bytes: &[u8], shown: String, name: &str) -> Result<FileIndicators, IocError> {
    let text = decode(bytes);
    let file = FileRef {
        shown: &shown,
        name,
    };
    let read = match text.trim_start().chars().next() {
        Some('{' | '[') => stix::read(&text, &file)?,
        _ => csv::read(&text, &file)?,
    };
    if read.indicators.is_empty() {
        return Err(IocError::Empty {
            path: shown,
            message: read.warning.unwrap_or_else(|| {
                "the file holds none: give a CSV file with a type,value,label header \
                 and one indicator per row, or a STIX 2.1 bundle of indicators"
                    .into()
            }),
        });
    }
    Ok(FileIndicators {
        warning: read.warning.map(|w| format!("{shown}: {w}")),
        ..read
    })
}

/// The file being read: its path as given (for errors) and its name (for sources).
struct FileRef<'a> {
    shown: &'a str,
    name: &'a str,
}

impl FileRef<'_> {
    fn error(&self, line: u64, message: impl Into<String>) -> IocError {
        IocError::At {
            path: self.shown.to_string(),
            line,
            message: message.into(),
        }
    }

    fn source(&self, line: u64, stix_id: Option<String>) -> Source {
        Source {
            file: self.name.to_string(),
            line,
            stix_id,
        }
    }
}

/// Text of a file: UTF-8 (BOM removed) or UTF-16 with a BOM; invalid bytes replaced.
fn decode(bytes: &[u8]) -> String {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, bom)) => enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn files_are_told_apart_by_content_and_duplicates_keep_the_first_label() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(
            dir.path(),
            "a.txt",
            b"\xEF\xBB\xBFtype,value,label\nip,203.0.113.7,RedVDS host\n",
        );
        let b = write(
            dir.path(),
            "b.txt",
            br#"[{"type":"indicator","id":"indicator--1","name":"again",
                 "pattern":"[ipv4-addr:value = '203.0.113.7']"}]"#,
        );
        let set = Indicators::load(&[a, b]).unwrap();
        assert_eq!(set.len(), 1);
        assert_eq!(set.get(0).label, "RedVDS host");
        assert_eq!(set.get(0).source.to_string(), "a.txt:2");
    }

    #[test]
    fn utf16_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0xFF, 0xFE];
        for u in "type,value\r\ndomain,Evil.Example\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let p = write(dir.path(), "u16.csv", &bytes);
        let set = Indicators::load(&[p]).unwrap();
        assert_eq!(set.get(0).value, "evil.example");
    }

    #[test]
    fn empty_and_unreadable_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let empty = write(dir.path(), "empty.csv", b"");
        let e = Indicators::load(std::slice::from_ref(&empty))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(&format!("{}: no indicators: ", empty.display())),
            "{e}"
        );
        let header_only = write(dir.path(), "h.csv", b"type,value,label\n");
        let e = Indicators::load(&[header_only]).unwrap_err().to_string();
        assert!(e.contains(": no indicators: "), "{e}");
        let missing = dir.path().join("missing.csv");
        let e = Indicators::load(&[missing]).unwrap_err().to_string();
        assert!(e.contains("cannot read the indicator file"), "{e}");
    }
}
