//! Text encodings of the exports: JSON objects as the Management Activity API writes
//! AuditData (compact, keys in insertion order, non-ASCII kept), and CSV cells as Python's
//! `csv` module and the portals write them (quoted only when needed, quotes doubled, CRLF
//! rows). Hand-written because every row of a 1.5 GB run goes through here.

/// Append `s` as a JSON string literal. Runs of plain text are copied whole; only the
/// bytes JSON must escape (all ASCII, so always on character boundaries) are rewritten.
pub fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escaped.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escaped);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// A JSON object being written, keys in the order they are added.
#[derive(Debug)]
pub struct Obj {
    buf: String,
}

impl Default for Obj {
    fn default() -> Self {
        Obj::new()
    }
}

impl Obj {
    /// An empty object.
    pub fn new() -> Obj {
        let mut buf = String::with_capacity(1024);
        buf.push('{');
        Obj { buf }
    }

    fn key(&mut self, k: &str) {
        if self.buf.len() > 1 {
            self.buf.push(',');
        }
        push_json_str(&mut self.buf, k);
        self.buf.push(':');
    }

    /// `"k":"v"`.
    pub fn s(&mut self, k: &str, v: &str) -> &mut Obj {
        self.key(k);
        push_json_str(&mut self.buf, v);
        self
    }

    /// `"k":n`.
    pub fn n(&mut self, k: &str, v: i64) -> &mut Obj {
        self.key(k);
        self.buf.push_str(&v.to_string());
        self
    }

    /// `"k":true|false`.
    pub fn b(&mut self, k: &str, v: bool) -> &mut Obj {
        self.key(k);
        self.buf.push_str(if v { "true" } else { "false" });
        self
    }

    /// `"k":<json>` with `json` already encoded (a nested object or array).
    pub fn raw(&mut self, k: &str, json: &str) -> &mut Obj {
        self.key(k);
        self.buf.push_str(json);
        self
    }

    /// The finished object text.
    pub fn done(&mut self) -> String {
        let mut s = std::mem::take(&mut self.buf);
        s.push('}');
        s
    }
}

/// `[{"Name":"n","Value":"v"},…]`: Exchange's name–value lists.
pub fn name_values(pairs: &[(&str, &str)]) -> String {
    let mut out = String::from("[");
    for (i, (n, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Obj::new().s("Name", n).s("Value", v).done());
    }
    out.push(']');
    out
}

/// A JSON array of already-encoded items.
pub fn array(items: &[String]) -> String {
    let mut out = String::from("[");
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(it);
    }
    out.push(']');
    out
}

/// Append one CSV cell, quoted only when it holds a comma, a quote or a line break.
pub fn push_cell(out: &mut String, cell: &str) {
    if !cell
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.push_str(cell);
        return;
    }
    out.push('"');
    for (i, part) in cell.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// One CSV row with its CRLF.
pub fn csv_row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = String::with_capacity(cells.iter().map(|c| c.as_ref().len() + 3).sum());
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(&mut out, c.as_ref());
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_csv_escaping() {
        let j = Obj::new().s("a", "x\"y\r\n").n("b", 2).b("c", false).done();
        assert_eq!(j, r#"{"a":"x\"y\r\n","b":2,"c":false}"#);
        assert_eq!(csv_row(&["a,b", "c\"d", "e"]), "\"a,b\",\"c\"\"d\",e\r\n");
    }
}
