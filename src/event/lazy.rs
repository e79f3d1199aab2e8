//! `AuditData` read lazily. A UAL record is a flat object of forty-odd fields, most of
//! which a mapper never reads; building a `serde_json::Value` tree for each (a hash map,
//! a string per key and per value) was the largest single cost of reading a Purview CSV.
//! [`LazyObject`] splits the top level into keys and raw JSON values in one pass,
//! borrowed from the record's text; a scalar is decoded when a mapper asks for it and a
//! nested object or array is parsed only then. It answers through [`Fields`], the same
//! interface a parsed `Value` has, so the mapping code is one and the same for both.

use std::borrow::Cow;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::fields::Fields;

/// A JSON object's top level: keys and raw values, in document order.
#[derive(Debug)]
pub struct LazyObject<'a> {
    fields: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> LazyObject<'a> {
    /// Parse a JSON object (anything else is an error).
    pub fn parse(text: &'a str) -> serde_json::Result<LazyObject<'a>> {
        serde_json::from_str(text)
    }

    /// The raw value of `key` as a parsed object answers it (`fields::get_in` over
    /// serde_json's insertion-ordered map, which keeps a duplicate key at its first place
    /// with its last value): an exact match, else the first key matching ignoring case and
    /// surrounding space — either way the *last* value written under that key.
    fn raw(&self, key: &str) -> Option<&'a RawValue> {
        let found = match self.fields.iter().find(|(k, _)| k == key) {
            Some((k, _)) => k,
            None => {
                &self
                    .fields
                    .iter()
                    .find(|(k, _)| {
                        k.eq_ignore_ascii_case(key)
                            || (k.len() > key.len() && k.trim().eq_ignore_ascii_case(key))
                    })?
                    .0
            }
        };
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == found)
            .map(|(_, v)| *v)
    }
}

impl Fields for LazyObject<'_> {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>> {
        let raw = self.raw(key)?;
        serde_json::from_str(raw.get()).ok().map(Cow::Owned)
    }

    fn text(&self, key: &str) -> Option<String> {
        let raw = self.raw(key)?.get();
        match raw.as_bytes().first()? {
            // A string without escapes is its own text between the quotes.
            b'"' if !raw.contains('\\') => super::non_empty(&raw[1..raw.len() - 1]),
            b'"' => serde_json::from_str::<String>(raw)
                .ok()
                .and_then(|s| super::non_empty(&s)),
            b'{' | b'[' | b'n' => None,
            _ => serde_json::from_str::<Value>(raw)
                .ok()
                .and_then(|v| super::fields::scalar_text(&v)),
        }
    }

    fn is_object(&self) -> bool {
        true
    }
}

impl<'de> Deserialize<'de> for LazyObject<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = LazyObject<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(48));
        while let Some(Key(k)) = map.next_key()? {
            fields.push((k, map.next_value()?));
        }
        Ok(LazyObject { fields })
    }
}

/// A key, borrowed from the text unless it holds escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_string())))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{"CreationTime":"2026-01-04T09:40:00","Id":"a\"b","RecordType":50,
        "ResultStatus":" Succeeded ","ExternalAccess":false,"ClientIP":"",
        "AppAccessContext":{"AADSessionId":"s1"},"Folders":[{"Path":"\\Inbox"}],
        " operation ":"MailItemsAccessed","Dup":"first","Dup":"last","Nothing":null}"#;

    #[test]
    fn answers_like_a_parsed_value() {
        let lazy = LazyObject::parse(RECORD).unwrap();
        let value: Value = serde_json::from_str(RECORD).unwrap();
        for key in [
            "CreationTime",
            "Id",
            "RecordType",
            "ResultStatus",
            "ExternalAccess",
            "ClientIP",
            "AppAccessContext",
            "Folders",
            "Operation",
            "operation",
            "Dup",
            "Nothing",
            "Missing",
        ] {
            assert_eq!(lazy.text(key), value.text(key), "text of {key}");
            assert_eq!(lazy.field(key), value.field(key), "field {key}");
        }
    }

    /// Regression (issue 12, found by the `lazy_vs_parsed` fuzz target): a key written
    /// twice and looked up ignoring case (`MaIlboxOwnerUPN` for `MailboxOwnerUPN`) gave its
    /// first value on the direct path and its last on the parsed path, so the same record
    /// made a different event in `ual-json` than in the shapes that parse it.
    #[test]
    fn fuzz_lazy_vs_parsed_duplicate_key_matched_ignoring_case() {
        let text = r#"{"MaIlboxOwnerUPN":"first","x":1,"mailboxownerupn":"other","MaIlboxOwnerUPN":"last"}"#;
        let lazy = LazyObject::parse(text).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        for key in ["MailboxOwnerUPN", "MaIlboxOwnerUPN", "mailboxownerupn", "X"] {
            assert_eq!(lazy.text(key), value.text(key), "text of {key}");
        }
        assert_eq!(lazy.text("MailboxOwnerUPN").as_deref(), Some("last"));
    }

    #[test]
    fn only_objects_parse() {
        assert!(LazyObject::parse("[1]").is_err());
        assert!(LazyObject::parse("\"x\"").is_err());
        assert!(LazyObject::parse("{not json").is_err());
    }
}
