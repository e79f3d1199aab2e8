//! STIX 2.1 indicators: a bundle (`{"type": "bundle", "objects": [...]}`), a JSON array
//! of objects, or one indicator object. Objects other than `indicator` are ignored.
//! An indicator is used when its `pattern_type` is `stix` (or absent) and its pattern is
//! equality comparisons joined by `OR` on the object paths in [`kind_of`]; comparisons on
//! other paths inside such an `OR` are dropped (the others still match). Other
//! indicators — `AND`, `FOLLOWEDBY`, `MATCHES`, qualifiers, other pattern languages,
//! other object types, revoked ones — are skipped and counted in one warning per file.
//! Invalid JSON, malformed patterns and bad values are errors with `file:line`.

use std::collections::HashMap;

use serde_json::Value;

use super::pattern::{self, Literal, Pattern};
use super::value::{self, Kind};
use super::{FileIndicators, FileRef, Indicator, IocError};

/// The indicator kind an object path names, for the paths mailtrail can match.
fn kind_of(path: &str, literal: &str) -> Option<Kind> {
    let p = path.to_ascii_lowercase();
    let ip = || {
        Some(if literal.contains('/') {
            Kind::Cidr
        } else {
            Kind::Ip
        })
    };
    match p.as_str() {
        "ipv4-addr:value"
        | "ipv6-addr:value"
        | "network-traffic:src_ref.value"
        | "network-traffic:dst_ref.value" => ip(),
        "domain-name:value" => Some(Kind::Domain),
        "email-addr:value" => Some(Kind::Email),
        "autonomous-system:number" => Some(Kind::Asn),
        "network-traffic:extensions.'http-request-ext'.request_header.'user-agent'" => {
            Some(Kind::UserAgent)
        }
        _ => None,
    }
}

/// Read a STIX file.
pub(super) fn read(text: &str, file: &FileRef) -> Result<FileIndicators, IocError> {
    let json: Value = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        file.error(
            e.line().max(1) as u64,
            format!(
                "not valid JSON ({msg} at column {}): fix the file or export the STIX \
                 bundle again",
                e.column()
            ),
        )
    })?;
    let objects: Vec<&Value> = match &json {
        Value::Object(o) if o.get("type").and_then(Value::as_str) == Some("bundle") => o
            .get("objects")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        Value::Object(_) => vec![&json],
        Value::Array(a) => a.iter().collect(),
        _ => {
            return Err(file.error(
                1,
                "not a STIX 2.1 bundle: give {\"type\": \"bundle\", \"objects\": [...]}, an \
                 array of indicator objects or one indicator object",
            ));
        }
    };
    let lines = id_lines(text);
    let mut reader = Reader {
        file,
        text,
        lines: &lines,
        indicators: Vec::new(),
        seen: 0,
        skipped: Vec::new(),
    };
    for obj in objects {
        if obj.get("type").and_then(Value::as_str) == Some("indicator") {
            reader.indicator(obj)?;
        }
    }
    let warning = reader.warning();
    Ok(FileIndicators {
        indicators: reader.indicators,
        warning,
    })
}

/// The line of each `indicator--…` id's first appearance (where the object names
/// itself, in the usual layout), found in one pass.
fn id_lines(text: &str) -> HashMap<&str, u64> {
    let mut out = HashMap::new();
    let (mut line, mut from) = (1u64, 0usize);
    for (at, _) in text.match_indices("indicator--") {
        line += text[from..at].bytes().filter(|&b| b == b'\n').count() as u64;
        from = at;
        let end = text[at..].find(['"', '\n']).map_or(text.len(), |e| at + e);
        out.entry(&text[at..end]).or_insert(line);
    }
    out
}

struct Reader<'a> {
    file: &'a FileRef<'a>,
    text: &'a str,
    lines: &'a HashMap<&'a str, u64>,
    indicators: Vec<Indicator>,
    seen: usize,
    /// `(id, why)` of each skipped indicator.
    skipped: Vec<(String, String)>,
}

impl Reader<'_> {
    fn indicator(&mut self, obj: &Value) -> Result<(), IocError> {
        self.seen += 1;
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::trim);
        let id = text("id").unwrap_or("").to_string();
        let pattern = text("pattern").unwrap_or("");
        let line = self.line_of(&id, pattern);
        let shown = if id.is_empty() { "(no id)" } else { &id };
        let ptype = text("pattern_type").unwrap_or("stix");
        if !ptype.eq_ignore_ascii_case("stix") {
            self.skip(&id, format!("pattern_type {ptype}"));
            return Ok(());
        }
        if obj.get("revoked").and_then(Value::as_bool) == Some(true) {
            self.skip(&id, "revoked".into());
            return Ok(());
        }
        let malformed = |why: String| {
            self.file.error(
                line,
                format!(
                    "indicator {shown}: malformed STIX pattern ({why}): {pattern:?}; fix \
                     the pattern or remove the indicator"
                ),
            )
        };
        let terms = match pattern::parse(pattern).map_err(malformed)? {
            Pattern::AnyOf(terms) => terms,
            Pattern::Unsupported(why) => {
                self.skip(&id, why);
                return Ok(());
            }
        };
        let label = text("name")
            .filter(|n| !n.is_empty())
            .unwrap_or(&id)
            .to_string();
        let before = self.indicators.len();
        for (path, lit) in terms {
            self.term(&path, &lit, &id, &label, line)?;
        }
        if self.indicators.len() == before {
            self.skip(&id, "no object type mailtrail can match".into());
        }
        Ok(())
    }

    /// One `path = literal` comparison: an indicator when the path is one mailtrail
    /// matches, nothing otherwise.
    fn term(
        &mut self,
        path: &str,
        lit: &Literal,
        id: &str,
        label: &str,
        line: u64,
    ) -> Result<(), IocError> {
        let raw = match lit {
            Literal::Str(s) | Literal::Num(s) => s.as_str(),
            Literal::Other => return Ok(()),
        };
        let Some(kind) = kind_of(path, raw) else {
            return Ok(());
        };
        let (value, parsed) = value::normalise(kind, raw).map_err(|m| {
            let who = if id.is_empty() { "(no id)" } else { id };
            self.file
                .error(line, format!("indicator {who}: {path}: {m}"))
        })?;
        let stix_id = (!id.is_empty()).then(|| id.to_string());
        self.indicators.push(Indicator {
            kind,
            value,
            label: label.to_string(),
            source: self.file.source(line, stix_id),
            parsed,
        });
        Ok(())
    }

    fn skip(&mut self, id: &str, why: String) {
        self.skipped.push((id.to_string(), why));
    }

    /// The line of an indicator: where its id is written, else its pattern, else 1.
    fn line_of(&self, id: &str, pattern: &str) -> u64 {
        if let Some(l) = self.lines.get(id) {
            return *l;
        }
        let quoted = serde_json::to_string(pattern).unwrap_or_default();
        match self.text.find(&quoted).filter(|_| !pattern.is_empty()) {
            Some(at) => 1 + self.text[..at].bytes().filter(|&b| b == b'\n').count() as u64,
            None => 1,
        }
    }

    /// `skipped 2 of 5 STIX indicators …` when any were skipped (the caller puts the
    /// path in front); for a file with no indicator object, that.
    fn warning(&self) -> Option<String> {
        if self.seen == 0 {
            return Some(
                "the file holds no STIX indicator object (\"type\": \"indicator\")".into(),
            );
        }
        let (id, why) = self.skipped.first()?;
        Some(format!(
            "skipped {} of {} STIX indicators whose patterns mailtrail cannot match (it \
             matches equality comparisons joined by OR on IP, domain, e-mail, AS and \
             user-agent values); first: {} ({why})",
            self.skipped.len(),
            self.seen,
            if id.is_empty() { "(no id)" } else { id },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: FileRef = FileRef {
        shown: "intel/bundle.json",
        name: "bundle.json",
    };

    fn bundle(objects: &str) -> String {
        format!(
            "{{\n  \"type\": \"bundle\",\n  \"id\": \"bundle--1\",\n  \"objects\": [\n{objects}\n  ]\n}}\n"
        )
    }

    fn ind(id: &str, name: &str, pattern: &str) -> String {
        format!(
            "    {{\n      \"type\": \"indicator\",\n      \"spec_version\": \"2.1\",\n      \
             \"id\": \"indicator--{id}\",\n      \"name\": \"{name}\",\n      \
             \"pattern_type\": \"stix\",\n      \"pattern\": \"{pattern}\"\n    }}"
        )
    }

    #[test]
    fn equality_or_and_cidr_patterns_become_indicators() {
        let text = bundle(&[
            ind("a", "RedVDS host", "[ipv4-addr:value = '203.0.113.7']"),
            ind("b", "", "[ipv4-addr:value = '198.51.100.0/24'] OR [ipv6-addr:value = '2001:db8::/32']"),
            ind("c", "crew", "[domain-name:value = 'evil.example' OR email-addr:value = 'Boss@Evil.Example' OR url:value = 'http://x']"),
            ind("d", "bulletproof", "[autonomous-system:number = 14061]"),
            "    {\"type\": \"malware\", \"id\": \"malware--1\", \"name\": \"x\"}".into(),
        ].join(",\n"));
        let read = read(&text, &FILE).unwrap();
        assert_eq!(read.warning, None);
        let got: Vec<(String, String, String)> = read
            .indicators
            .iter()
            .map(|i| (i.tag(), i.label.clone(), i.source.to_string()))
            .collect();
        assert_eq!(
            got[0],
            (
                "ip:203.0.113.7 (RedVDS host)".into(),
                "RedVDS host".into(),
                "bundle.json:8 indicator--a".into()
            )
        );
        assert_eq!(got[1].0, "cidr:198.51.100.0/24 (indicator--b)");
        assert_eq!(got[2].0, "cidr:2001:db8::/32 (indicator--b)");
        assert_eq!(got[3].0, "domain:evil.example (crew)");
        assert_eq!(got[4].0, "email:boss@evil.example (crew)");
        assert_eq!(got[5].0, "asn:14061 (bulletproof)");
        assert_eq!(got.len(), 6, "the url comparison is dropped");
    }

    #[test]
    fn unsupported_patterns_are_skipped_with_one_warning() {
        let text = bundle(&[
            ind("a", "ok", "[ipv4-addr:value = '203.0.113.7']"),
            ind("b", "both", "[ipv4-addr:value = '203.0.113.8' AND network-traffic:dst_port = 443]"),
            ind("c", "hash", "[file:hashes.'SHA-256' = 'abc']"),
            "    {\"type\": \"indicator\", \"id\": \"indicator--d\", \"pattern_type\": \"sigma\", \"pattern\": \"title: x\"}".into(),
        ].join(",\n"));
        let read = read(&text, &FILE).unwrap();
        assert_eq!(read.indicators.len(), 1);
        assert_eq!(
            read.warning.as_deref(),
            Some(
                "skipped 3 of 4 STIX indicators whose patterns mailtrail \
                 cannot match (it matches equality comparisons joined by OR on IP, domain, \
                 e-mail, AS and user-agent values); first: indicator--b (AND)"
            )
        );
    }

    #[test]
    fn bad_bundles_are_errors_with_their_line() {
        let err = |t: &str| {
            read(t, &FILE)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            err(&bundle(&ind("a", "x", "[ipv4-addr:value = '203.0.113.7'"))),
            "intel/bundle.json:8: indicator indicator--a: malformed STIX pattern (the \
             pattern ends where ']' was expected): \"[ipv4-addr:value = '203.0.113.7'\"; fix \
             the pattern or remove the indicator"
        );
        assert_eq!(
            err(&bundle(&ind(
                "a",
                "x",
                "[ipv4-addr:value = '203.0.113.700']"
            ))),
            "intel/bundle.json:8: indicator indicator--a: ipv4-addr:value: '203.0.113.700' \
             is not an IP address: write it as 203.0.113.7 or 2001:db8::7"
        );
        assert_eq!(
            err("{\"type\": \"bundle\",\n \"objects\": [\n {\"type\": \"indicator\",}\n]}"),
            "intel/bundle.json:3: not valid JSON (trailing comma at column 23): fix the \
             file or export the STIX bundle again"
        );
        assert!(err("42").contains(":1: not a STIX 2.1 bundle"));
    }

    #[test]
    fn a_single_indicator_or_an_array_is_read_too() {
        let one = "{\"type\": \"indicator\", \"id\": \"indicator--z\", \
                   \"pattern\": \"[domain-name:value = 'evil.example']\"}";
        let read1 = read(one, &FILE).unwrap();
        assert_eq!(read1.indicators[0].label, "indicator--z");
        let arr = format!("[{one}]");
        assert_eq!(read(&arr, &FILE).unwrap().indicators.len(), 1);
        let none = read("{\"type\": \"bundle\", \"objects\": []}", &FILE).unwrap();
        assert!(none.indicators.is_empty());
        assert!(none.warning.unwrap().contains("no STIX indicator object"));
    }
}
