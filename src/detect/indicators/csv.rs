//! Indicator CSV: a header naming `type` and `value` columns (and, optionally, `label`;
//! other columns are ignored, header names are case-insensitive), then one indicator per
//! row. Lines starting with `#` are comments; blank lines and rows with neither type nor
//! value are skipped. Any bad row stops the run with its `file:line`.

use super::value::{self, Kind};
use super::{FileIndicators, FileRef, Indicator, IocError};

/// The columns of the header.
struct Header {
    kind: usize,
    value: usize,
    label: Option<usize>,
}

impl Header {
    fn find(record: &::csv::StringRecord) -> Option<Header> {
        let at = |name: &str| {
            record
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        Some(Header {
            kind: at("type")?,
            value: at("value")?,
            label: at("label"),
        })
    }
}

/// Read an indicator CSV.
pub(super) fn read(text: &str, file: &FileRef) -> Result<FileIndicators, IocError> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::default();
    let mut record = ::csv::StringRecord::new();
    let mut header: Option<Header> = None;
    let mut indicators = Vec::new();
    loop {
        let more = rdr.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(1, |p| lines.at(text, p.byte()));
            file.error(line, format!("not readable as CSV: {e}"))
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(1, |p| lines.at(text, p.byte()));
        let Some(h) = &header else {
            header = Some(Header::find(&record).ok_or_else(|| {
                file.error(
                    line,
                    "no header with 'type' and 'value' columns: make the first line \
                     type,value,label",
                )
            })?);
            continue;
        };
        if let Some(ind) = row(&record, h, line, file)? {
            indicators.push(ind);
        }
    }
    Ok(FileIndicators {
        indicators,
        warning: None,
    })
}

/// 1-based line of a record from the reader's byte offset, for offsets that only grow.
/// The reader's own line numbers leave out blank and comment lines, and its offset is
/// where it began looking — before the blank and comment lines it skipped — so those
/// are stepped over first.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u64,
}

impl LineCounter {
    fn at(&mut self, text: &str, byte: u64) -> u64 {
        let mut to = (byte as usize).clamp(self.byte, text.len());
        while let Some(rest) = text.get(to..) {
            let len = rest.find('\n').map_or(rest.len(), |e| e + 1);
            let line = &rest[..len];
            if len == rest.len() || !(line.trim().is_empty() || line.starts_with('#')) {
                break;
            }
            to += len;
        }
        self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.byte..to]).count() as u64;
        self.byte = to;
        self.line + 1
    }
}

/// One data row: an indicator, nothing (an empty row), or the error of a bad one.
fn row(
    record: &::csv::StringRecord,
    h: &Header,
    line: u64,
    file: &FileRef,
) -> Result<Option<Indicator>, IocError> {
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    let (kind_text, raw) = (cell(h.kind), cell(h.value));
    if kind_text.is_empty() && raw.is_empty() {
        return Ok(None);
    }
    let kind = Kind::parse(kind_text).ok_or_else(|| {
        file.error(
            line,
            format!(
                "unknown indicator type '{kind_text}': use one of {}",
                Kind::names()
            ),
        )
    })?;
    let (value, parsed) =
        value::normalise(kind, raw).map_err(|m| file.error(line, format!("{kind_text}: {m}")))?;
    Ok(Some(Indicator {
        kind,
        value,
        label: h.label.map(cell).unwrap_or_default().to_string(),
        source: file.source(line, None),
        parsed,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Indicator>, String> {
        let file = FileRef {
            shown: "dir/iocs.csv",
            name: "iocs.csv",
        };
        read(text, &file)
            .map(|r| r.indicators)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_good_file() {
        let text = "# from the RedVDS report\n\
                    Type,Value,Label,confidence\n\
                    ip,203.0.113.7,RedVDS host,high\n\
                    cidr,198.51.100.0/24,,\n\
                    \n\
                    asn,AS14061\n\
                    domain,Evil.Example,lookalike domain\n\
                    email,Boss@Evil.Example,\n\
                    user_agent,  python-requests/2.31.0 ,tool\n\
                    app_id,E9A7FEA1-1CC0-4CD9-A31B-9137CA5DEEDD,PERFECTDATA\n\
                    device_name,win-buns25td77j,RedVDS image\n\
                    ,,\n";
        let got = parse(text).unwrap();
        let shown: Vec<(String, String, String)> = got
            .iter()
            .map(|i| (i.tag(), i.label.clone(), i.source.to_string()))
            .collect();
        assert_eq!(shown.len(), 8);
        assert_eq!(
            shown[0],
            (
                "ip:203.0.113.7 (RedVDS host)".into(),
                "RedVDS host".into(),
                "iocs.csv:3".into()
            )
        );
        assert_eq!(shown[1].0, "cidr:198.51.100.0/24");
        assert_eq!(shown[2].0, "asn:14061");
        assert_eq!(shown[2].2, "iocs.csv:6");
        assert_eq!(shown[3].0, "domain:evil.example (lookalike domain)");
        assert_eq!(shown[4].0, "email:boss@evil.example");
        assert_eq!(shown[5].0, "user_agent:python-requests/2.31.0 (tool)");
        assert_eq!(shown[7].0, "device_name:win-buns25td77j (RedVDS image)");
        assert_eq!(shown[7].2, "iocs.csv:11");
    }

    #[test]
    fn bad_files_name_the_line_and_the_remedy() {
        let cases = [
            (
                "ip,203.0.113.7\n",
                "dir/iocs.csv:1: no header with 'type' and 'value' columns: make the first \
                 line type,value,label",
            ),
            (
                "type,value\nhash,abc\n",
                "dir/iocs.csv:2: unknown indicator type 'hash': use one of ip, cidr, asn, \
                 domain, email, user_agent, app_id, device_name",
            ),
            (
                "type,value\nip,1.2.3.4\nip,1.2.3.999\n",
                "dir/iocs.csv:3: ip: '1.2.3.999' is not an IP address: write it as \
                 203.0.113.7 or 2001:db8::7",
            ),
            (
                "type,value\ncidr,10.0.0.0/40\n",
                "dir/iocs.csv:2: cidr: '10.0.0.0/40' is not an IP network: write it as \
                 203.0.113.0/24 or 2001:db8::/32 (a plain address is a /32 or /128)",
            ),
            (
                "type,value\nasn,ASX\n",
                "dir/iocs.csv:2: asn: 'ASX' is not an AS number: write it as AS14061 or 14061",
            ),
            (
                "type,value\n# comment\nemail,\n",
                "dir/iocs.csv:3: email: empty value: give the indicator's value, or delete \
                 the line",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).err().as_deref(), Some(want), "{text}");
        }
    }
}
