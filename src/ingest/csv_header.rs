//! CSV header matching: names are compared after trimming, lower-casing, collapsing
//! inner whitespace and dropping Log Analytics' ` [UTC]` suffix, because portal headers
//! drift (trailing spaces, `Autonomous system  number` with two spaces, quoted names).

use std::collections::HashMap;

use super::formats::Cell;

/// A normalised header row with a name → column index map (first occurrence wins, so a
/// duplicated `Incoming token type` maps to its first column).
#[derive(Debug, Clone)]
pub struct CsvHeader {
    /// Original names, trimmed.
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

/// Normalise a header name for matching.
pub fn normalize_name(raw: &str) -> String {
    let t = raw.trim().trim_matches('"').trim();
    let t = t
        .strip_suffix("[UTC]")
        .or_else(|| t.strip_suffix("[utc]"))
        .unwrap_or(t);
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl CsvHeader {
    /// Build from a parsed header record (lossy UTF-8).
    pub fn from_byte_record(rec: &csv::ByteRecord) -> CsvHeader {
        let names: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        CsvHeader::from_names(names)
    }

    /// Build from names.
    pub fn from_names(names: Vec<String>) -> CsvHeader {
        let mut index = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            index.entry(normalize_name(n)).or_insert(i);
        }
        CsvHeader { names, index }
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when there are no columns.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// True when the (normalised) column exists.
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// Index of a normalised column name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The trimmed, non-empty cell of a column in a row.
    pub fn get<'r>(&self, row: &'r [Cell<'_>], name: &str) -> Option<&'r str> {
        let v = row.get(self.col(name)?)?.trim();
        (!v.is_empty()).then_some(v)
    }

    /// First few names, for messages. Each name is cut to [`NAME_SHOWN_MAX`] bytes: a hostile header cell may be megabytes.
    pub fn display_names(&self, n: usize) -> String {
        let mut s: Vec<String> = self.names.iter().take(n).map(|c| shown_name(c)).collect();
        if self.names.len() > n {
            s.push("…".into());
        }
        s.join(", ")
    }
}

/// Longest column name or JSON key quoted in a sniff reason, in bytes.
pub const NAME_SHOWN_MAX: usize = 64;

/// A column name or key as quoted in a reason: at most [`NAME_SHOWN_MAX`] bytes, `…` after
/// a cut.
pub fn shown_name(name: &str) -> String {
    let cut = crate::event::truncate_chars(name, NAME_SHOWN_MAX);
    if cut.len() < name.len() {
        format!("{cut}…")
    } else {
        cut.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drifting_headers_normalise() {
        assert_eq!(
            normalize_name("Autonomous system  number"),
            "autonomous system number"
        );
        assert_eq!(normalize_name(" Application ID "), "application id");
        assert_eq!(normalize_name("TimeGenerated [UTC]"), "timegenerated");
        let h = CsvHeader::from_names(vec![
            "Incoming token type".into(),
            "X".into(),
            "Incoming token type".into(),
        ]);
        assert_eq!(h.col("incoming token type"), Some(0));
    }
}
