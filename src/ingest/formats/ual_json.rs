//! `ual-json`: bare `AuditData` objects — Management Activity API content blobs, SOF-ELK
//! NDJSON, per-hour dumps (arrays, lines, or arrays back to back).

use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::audit::{Wrapper, map_audit};
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
}
