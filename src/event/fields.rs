//! Case-insensitive access to JSON records and the name–value lists inside them
//! (`Parameters`, `OperationProperties`, `ExtendedProperties`, `DeviceProperties`,
//! `ModifiedProperties`). Keys are matched exactly first, then case-insensitively after
//! trimming, because some pipelines lower-case keys and portal headers carry stray spaces.

use std::borrow::Cow;

use serde_json::{Map, Value};

/// Field access on a JSON record, whether it was parsed into a `Value` or is read lazily
/// (`event::lazy`): the one interface the UAL mapping reads records through.
pub trait Fields {
    /// A field's value, matched as [`get`] does (owned when it had to be parsed).
    fn field(&self, key: &str) -> Option<Cow<'_, Value>>;

    /// A scalar field as trimmed text, as [`get_str`] gives it.
    fn text(&self, key: &str) -> Option<String>;

    /// Whether the record is a JSON object.
    fn is_object(&self) -> bool;
}

impl Fields for Value {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>> {
        get(self, key).map(Cow::Borrowed)
    }

    fn text(&self, key: &str) -> Option<String> {
        get_str(self, key)
    }

    fn is_object(&self) -> bool {
        Value::is_object(self)
    }
}

/// A field of a JSON object, matched case-insensitively after trimming.
pub fn get<'a>(obj: &'a Value, key: &str) -> Option<&'a Value> {
    get_in(obj.as_object()?, key)
}

/// Same as [`get`] on a map.
pub fn get_in<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if let Some(v) = map.get(key) {
        return Some(v);
    }
    // Most keys are clean, so the comparison that needs no trimming comes first.
    map.iter()
        .find(|(k, _)| {
            k.eq_ignore_ascii_case(key)
                || (k.len() > key.len() && k.trim().eq_ignore_ascii_case(key))
        })
        .map(|(_, v)| v)
}

/// A scalar field as trimmed text; numbers and booleans are rendered; empty → `None`.
pub fn get_str(obj: &Value, key: &str) -> Option<String> {
    get(obj, key).and_then(scalar_text)
}

/// The first of several keys that has a non-empty scalar value (of a parsed `Value` or
/// a lazily read record).
pub fn first_str<F: Fields + ?Sized>(obj: &F, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| obj.text(k))
}

/// Text of a scalar value (string trimmed, number or bool rendered); empty → `None`.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => super::non_empty(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A nested object or array, also when it is JSON text inside a string (Log Analytics
/// exports, `AuditData` as an escaped string). Returns an owned value.
pub fn get_nested(obj: &Value, key: &str) -> Option<Value> {
    let v = get(obj, key)?;
    nested_value(v)
}

/// Parse JSON text inside a string value; objects and arrays pass through.
pub fn nested_value(v: &Value) -> Option<Value> {
    match v {
        Value::Object(_) | Value::Array(_) => Some(v.clone()),
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with('{') || t.starts_with('[') {
                serde_json::from_str(t).ok()
            } else {
                None
            }
        }
        _ => None,
    }
}

/// [`nested_value`] of a field that may already be owned (a lazily read record parses
/// the field for the caller): an owned object or array is handed over, not copied.
pub fn nested_owned(v: Cow<'_, Value>) -> Option<Value> {
    match v {
        Cow::Owned(v @ (Value::Object(_) | Value::Array(_))) => Some(v),
        v => nested_value(&v),
    }
}

/// Parse a boolean as exports write it (`True`, `false`, `1`, `$true`).
pub fn parse_bool(s: &str) -> Option<bool> {
    match s
        .trim()
        .trim_start_matches('$')
        .to_ascii_lowercase()
        .as_str()
    {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// An ordered list of name → value pairs, looked up case-insensitively.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameValues(pub Vec<(String, String)>);

impl NameValues {
    /// Read `[{"Name": …, "Value": …}]` (also `key`/`value`), tolerating JSON-in-string.
    /// Non-string values are rendered as compact JSON.
    pub fn from_value(v: Option<&Value>) -> NameValues {
        let Some(v) = v else {
            return NameValues::default();
        };
        let owned;
        let arr = match v {
            Value::Array(a) => a,
            Value::String(_) => match nested_value(v) {
                Some(Value::Array(a)) => {
                    owned = a;
                    &owned
                }
                _ => return NameValues::default(),
            },
            _ => return NameValues::default(),
        };
        let pairs = arr
            .iter()
            .filter_map(|item| {
                let name = first_str(item, &["Name", "key"])?;
                let value = get(item, "Value").map(render_value).unwrap_or_default();
                Some((name, value))
            })
            .collect();
        NameValues(pairs)
    }

    /// Value of `name` (case-insensitive), trimmed and non-empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// True when `name` is present (even with an empty value).
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// Boolean value of `name`; a switch parameter present without a value counts as true.
    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            Some(v) => parse_bool(v),
            None if self.has(name) => Some(true),
            None => None,
        }
    }

    /// True when there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Render a JSON value as text: strings as they are, others as compact JSON.
pub fn render_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Split a multi-valued cmdlet parameter (`a@x.com;b@y.com`, `"a","b"`, `a, b`) into items.
pub fn split_multi(s: &str) -> Vec<String> {
    s.split([';', ',', '\n'])
        .map(|p| {
            p.trim()
                .trim_matches(|c| c == '"' || c == '\'' || c == '[' || c == ']')
                .trim()
        })
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Split a recipient list (`"Doe, Jane" [SMTP:jane@x.com], smtp:a@b.com; c@d.com`) into
/// addresses: separators inside quotes or brackets do not split, and display names are
/// dropped when an address is present.
pub fn split_recipients(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let (mut cur, mut in_quote, mut depth) = (String::new(), false, 0i32);
    for c in s.chars() {
        match c {
            '"' => in_quote = !in_quote,
            '[' | '<' | '(' if !in_quote => depth += 1,
            ']' | '>' | ')' if !in_quote => depth -= 1,
            ';' | ',' | '\n' if !in_quote && depth <= 0 => {
                items.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    items.push(cur);
    items.iter().filter_map(|i| recipient_address(i)).collect()
}

/// The address inside one recipient item, or the trimmed item when it has none.
fn recipient_address(item: &str) -> Option<String> {
    let t = item.trim();
    let lower = t.to_ascii_lowercase();
    let inner = if let Some(i) = lower.find("[ex:") {
        // A legacy Exchange DN names an internal recipient: keep its display name.
        &t[..i]
    } else if let Some(i) = lower.find("smtp:") {
        let rest = &t[i + 5..];
        rest.split([']', '>', ' ', '"']).next().unwrap_or(rest)
    } else if let (Some(a), Some(b)) = (t.find('<'), t.rfind('>')) {
        if a < b { &t[a + 1..b] } else { t }
    } else {
        t
    };
    let cleaned = inner
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '[' || c == ']')
        .trim();
    (!cleaned.is_empty()).then(|| cleaned.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_match_case_insensitively_after_trim() {
        let v = json!({"ClientIP": "1.2.3.4", " Operation ": "Send", "recordtype": 2});
        assert_eq!(get_str(&v, "clientip").as_deref(), Some("1.2.3.4"));
        assert_eq!(get_str(&v, "Operation").as_deref(), Some("Send"));
        assert_eq!(get_str(&v, "RecordType").as_deref(), Some("2"));
    }

    #[test]
    fn name_values_from_array_and_string() {
        let v = json!([{"Name": "MoveToFolder", "Value": "RSS Feeds"}, {"Name": "StopProcessingRules", "Value": "True"}]);
        let nv = NameValues::from_value(Some(&v));
        assert_eq!(nv.get("movetofolder"), Some("RSS Feeds"));
        assert_eq!(nv.flag("StopProcessingRules"), Some(true));
        let s = Value::String(v.to_string());
        assert_eq!(
            NameValues::from_value(Some(&s)).get("MoveToFolder"),
            Some("RSS Feeds")
        );
    }

    #[test]
    fn recipients_split_outside_quotes() {
        assert_eq!(
            split_recipients("\"Doe, Jane\" [SMTP:jane@x.com], smtp:a@b.com; c@d.com"),
            vec!["jane@x.com", "a@b.com", "c@d.com"]
        );
        assert_eq!(split_recipients("Bob <bob@y.com>"), vec!["bob@y.com"]);
        assert_eq!(
            split_recipients("Executive Assistant"),
            vec!["Executive Assistant"]
        );
    }

    #[test]
    fn multi_values_split() {
        assert_eq!(split_multi("a@x.com; b@y.com"), vec!["a@x.com", "b@y.com"]);
        assert_eq!(split_multi("[\"a\",\"b\"]"), vec!["a", "b"]);
    }
}
