//! Content-based format detection (SPEC §3): never by extension. Looks at the decoded
//! head of a stream (CSV header row or first JSON record's keys) and asks each registered
//! format in turn; the first that recognises it wins, with a human-readable reason.

use serde_json::Value;

use super::csv_header::{CsvHeader, shown_name};
use super::formats::{FORMATS, InputFormat};
use super::json_stream;
use crate::event::time::DateOrder;

/// Physical shape of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Delimited text with a header row.
    Csv,
    /// JSON (array, lines, envelopes, concatenations).
    Json,
}

/// What sniffing learned from the head of a stream.
#[derive(Debug, Clone)]
pub struct Head {
    /// CSV or JSON.
    pub layout: Layout,
    /// CSV header (after any `#TYPE` line).
    pub csv_header: Option<CsvHeader>,
    /// Number of lines before the header row (`#TYPE …`).
    pub preamble_lines: u64,
    /// First JSON record, parsed.
    pub json_first: Option<Value>,
    /// Day/month order evidence from slashed dates in the head.
    pub date_order: Option<DateOrder>,
    /// True when the head showed both day-first and month-first dates.
    pub date_order_conflict: bool,
    /// True when the head holds slashed dates at all (`9/10/2023`).
    pub slashed_dates: bool,
}

impl Head {
    /// Lower-cased, trimmed top-level keys of the first JSON record.
    pub fn json_keys(&self) -> Vec<String> {
        match &self.json_first {
            Some(Value::Object(m)) => m.keys().map(|k| k.trim().to_ascii_lowercase()).collect(),
            _ => Vec::new(),
        }
    }

    /// True when the first JSON record has every key (case-insensitive).
    pub fn has_keys(&self, keys: &[&str]) -> bool {
        let have = self.json_keys();
        keys.iter().all(|k| have.iter().any(|h| h == k))
    }

    /// True when the CSV header has every (normalised) column.
    pub fn has_columns(&self, cols: &[&str]) -> bool {
        self.csv_header
            .as_ref()
            .is_some_and(|h| cols.iter().all(|c| h.has(c)))
    }
}

/// Outcome of sniffing one stream.
pub struct Sniffed {
    /// The recognised format, if any.
    pub format: Option<&'static dyn InputFormat>,
    /// Why it matched, or why nothing did.
    pub reason: String,
    /// The head analysis (absent for empty or binary input).
    pub head: Option<Head>,
}

/// Sniff a decoded head.
pub fn sniff(head_bytes: &[u8]) -> Sniffed {
    let unknown = |reason: String| Sniffed {
        format: None,
        reason,
        head: None,
    };
    let Some(first) = head_bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return unknown("empty file".into());
    };
    if looks_binary(head_bytes) {
        return unknown("binary data, not a text export".into());
    }
    let head = match head_bytes[first] {
        b'[' | b'{' => json_head(head_bytes),
        _ => csv_head(head_bytes),
    };
    let head = match head {
        Ok(h) => h,
        Err(reason) => return unknown(reason),
    };
    for format in FORMATS {
        if let Some(reason) = format.sniff(&head) {
            return Sniffed {
                format: Some(*format),
                reason,
                head: Some(head),
            };
        }
    }
    let reason = no_match_reason(&head);
    Sniffed {
        format: None,
        reason,
        head: Some(head),
    }
}

fn no_match_reason(head: &Head) -> String {
    match head.layout {
        Layout::Csv => {
            let cols = head
                .csv_header
                .as_ref()
                .map(|h| h.display_names(8))
                .unwrap_or_default();
            format!("CSV header [{cols}] matches no known export")
        }
        Layout::Json => {
            let mut keys: Vec<String> = head.json_keys().iter().map(|k| shown_name(k)).collect();
            keys.truncate(8);
            if let Some(cat) = head
                .json_first
                .as_ref()
                .and_then(|v| crate::event::fields::get_str(v, "category"))
            {
                let cat = shown_name(&cat);
                return format!("Azure Monitor record of category '{cat}' is not a supported log");
            }
            format!("JSON keys [{}] match no known export", keys.join(", "))
        }
    }
}

/// NUL bytes or many control characters in the first KB mean binary data.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(4096)];
    let control = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    sample.contains(&0) && control * 20 > sample.len() || control * 10 > sample.len()
}

fn json_head(bytes: &[u8]) -> Result<Head, String> {
    let records = json_stream::first_records(bytes, 1);
    let first = records
        .first()
        .ok_or_else(|| match json_stream::first_problem(bytes) {
            Some((line, problem)) => {
                format!("JSON without a complete first record (line {line}: {problem})")
            }
            None => "JSON without a complete first record".to_string(),
        })?;
    let text = String::from_utf8_lossy(first);
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| format!("first JSON record is not valid JSON: {e}"))?;
    let (date_order, date_order_conflict, slashed_dates) = date_order_of(bytes);
    Ok(Head {
        layout: Layout::Json,
        csv_header: None,
        preamble_lines: 0,
        json_first: Some(value),
        date_order,
        date_order_conflict,
        slashed_dates,
    })
}

fn csv_head(bytes: &[u8]) -> Result<Head, String> {
    let mut preamble_lines = 0;
    let mut rest = bytes;
    if rest.starts_with(b"#TYPE") {
        let nl = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("a comment line and nothing else")?;
        rest = &rest[nl + 1..];
        preamble_lines = 1;
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(rest);
    let mut rec = csv::ByteRecord::new();
    let ok = rdr
        .read_byte_record(&mut rec)
        .map_err(|e| format!("unreadable CSV header: {e}"))?;
    if !ok || rec.len() < 2 {
        return Err("not a CSV export: the first line has fewer than two columns".into());
    }
    let header = CsvHeader::from_byte_record(&rec);
    let (date_order, date_order_conflict, slashed_dates) = date_order_of(bytes);
    Ok(Head {
        layout: Layout::Csv,
        csv_header: Some(header),
        preamble_lines,
        json_first: None,
        date_order,
        date_order_conflict,
        slashed_dates,
    })
}

/// Scan the head for slashed dates (`20/09/2023`); any first field > 12 settles day-first,
/// any second field > 12 settles month-first. Returns (order, conflict, any slashed date).
fn date_order_of(bytes: &[u8]) -> (Option<DateOrder>, bool, bool) {
    let (mut dmy, mut mdy, mut any) = (false, false, false);
    let mut i = 0;
    while i < bytes.len() {
        match slashed_date_at(bytes, i) {
            Some((a, b, len)) => {
                any = true;
                if a > 12 && b <= 12 {
                    dmy = true;
                } else if b > 12 && a <= 12 {
                    mdy = true;
                }
                i += len;
            }
            None => i += 1,
        }
    }
    match (dmy, mdy) {
        (true, false) => (Some(DateOrder::Dmy), false, any),
        (false, true) => (Some(DateOrder::Mdy), false, any),
        (true, true) => (None, true, any),
        (false, false) => (None, false, any),
    }
}

/// `D{1,2}/D{1,2}/DDDD` starting exactly at `i`, not preceded by a digit, letter or
/// separator (so URLs and paths do not count): the two first fields and the length.
fn slashed_date_at(b: &[u8], i: usize) -> Option<(u32, u32, usize)> {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'/' | b'.' | b'-')) {
        return None;
    }
    let digits = |from: usize, min: usize, max: usize| -> Option<(u32, usize)> {
        let n = b[from.min(b.len())..]
            .iter()
            .take(max + 1)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if n < min || n > max {
            return None;
        }
        let v = std::str::from_utf8(&b[from..from + n]).ok()?.parse().ok()?;
        Some((v, n))
    };
    let (a, la) = digits(i, 1, 2)?;
    let mut j = i + la;
    (b.get(j) == Some(&b'/')).then_some(())?;
    let (m, lb) = digits(j + 1, 1, 2)?;
    j += 1 + lb;
    (b.get(j) == Some(&b'/')).then_some(())?;
    let (_, ly) = digits(j + 1, 4, 4)?;
    j += 1 + ly;
    Some((a, m, j - i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_order_from_head() {
        assert_eq!(
            date_order_of(b"a,\"20/09/2023 16:05:03\"\n").0,
            Some(DateOrder::Dmy)
        );
        assert_eq!(
            date_order_of(b"a,9/20/2023 4:05:03 AM\n").0,
            Some(DateOrder::Mdy)
        );
        assert_eq!(date_order_of(b"a,9/10/2023 4:05:03 AM\n").0, None);
        assert_eq!(date_order_of(b"http://x/20/09/2023").0, None);
        assert!(date_order_of(b"20/09/2023 9/20/2023").1);
    }

    #[test]
    fn empty_and_binary_are_unknown() {
        assert_eq!(sniff(b"  \n").reason, "empty file");
        assert_eq!(
            sniff(b"\x00\x01\x02\x03\x00\x00garbage").reason,
            "binary data, not a text export"
        );
    }
}
