//! `ual-json`: bare `AuditData` objects — Management Activity API content blobs, SOF-ELK
//! NDJSON, per-hour dumps (arrays, lines, or arrays back to back).

use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::audit::{Wrapper, map_audit};
use crate::event::lazy::LazyObject;
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// AuditData objects as JSON.
pub struct UalJson;

impl InputFormat for UalJson {
    fn id(&self) -> &'static str {
        "ual-json"
    }
    fn title(&self) -> &'static str {
        "AuditData JSON (Management Activity API, NDJSON)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        if !head.has_keys(&["creationtime", "operation"]) {
            return None;
        }
        let extra = [("recordtype", "RecordType"), ("workload", "Workload")]
            .into_iter()
            .find(|(k, _)| head.has_keys(&[k]))
            .map(|(_, name)| name)?;
        Some(format!(
            "first JSON record has CreationTime, Operation and {extra} (AuditData objects)"
        ))
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        let Record::Json(v) = rec else {
            return Err(MapError::NotAnObject);
        };
        let mut ev = new_event(pos, self.id());
        map_audit(v, &Wrapper::default(), ctx.date_order, &mut ev)?;
        Ok(Mapped::Event(Box::new(ev)))
    }
    fn map_json_text(
        &self,
        text: &str,
        pos: SourcePos,
        ctx: &FileCtx,
    ) -> Option<Result<Mapped, MapError>> {
        // Not an object, or not JSON: the parsed path says what is wrong.
        let audit = LazyObject::parse(text).ok()?;
        let mut ev = new_event(pos, self.id());
        Some(
            map_audit(&audit, &Wrapper::default(), ctx.date_order, &mut ev)
                .map(|()| Mapped::Event(Box::new(ev))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POS: SourcePos = SourcePos {
        file: 0,
        line: 3,
        record: 2,
    };

    fn ctx() -> FileCtx {
        FileCtx {
            date_order: Default::default(),
            name: "t.jsonl".into(),
        }
    }

    fn debug(r: Result<Mapped, MapError>) -> String {
        match r {
            Ok(Mapped::Event(ev)) => format!("{ev:?}"),
            Ok(Mapped::Filtered(why)) => format!("filtered {why}"),
            Err(e) => format!("error {e}"),
        }
    }

    #[test]
    fn the_text_path_maps_like_the_parsed_path() {
        let records = [
            r#"{"CreationTime":"2026-01-04T09:40:00","Operation":"MailItemsAccessed","RecordType":50,"UserId":"Bob@Contoso.com","ClientIPAddress":"203.0.113.9","AppAccessContext":{"AADSessionId":"s1","ClientAppName":"OWA"},"OperationProperties":[{"Name":"MailAccessType","Value":"Bind"}],"Folders":[{"Path":"\\Inbox","FolderItems":[{"InternetMessageId":"<a@b>"}]}]}"#,
            r#"{"creationtime":"2026-01-04T09:41:00","operation":"New-InboxRule","recordtype":1,"userid":"bob@contoso.com","Parameters":[{"Name":"Name","Value":"."},{"Name":"MoveToFolder","Value":"RSS Feeds"}]}"#,
            r#"{"Operation":"Send"}"#,
        ];
        for text in records {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let parsed = debug(UalJson.map(Record::Json(&value), POS, &ctx()));
            let lazy = debug(UalJson.map_json_text(text, POS, &ctx()).unwrap());
            assert_eq!(lazy, parsed, "{text}");
        }
    }

    #[test]
    fn what_is_not_an_object_takes_the_parsed_path() {
        assert!(UalJson.map_json_text("[1]", POS, &ctx()).is_none());
        assert!(UalJson.map_json_text("{broken", POS, &ctx()).is_none());
    }
}
