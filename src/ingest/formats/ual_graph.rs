//! `ual-graph`: Microsoft Graph audit search records (`auditLogRecord`), as JSON
//! (array, `{"value":[…]}` pages, lines) or the Extractor's `Get-UALGraph` CSV.
//! `auditLogRecordType` is a camelCase enum string, `auditData` an object or JSON text.

use serde_json::Value;

use super::ual_powershell_json::audit_data;
use super::{FileCtx, InputFormat, Mapped, Record, head_has, new_event, with_object};
use crate::event::audit::{Wrapper, map_audit};
use crate::event::fields::{first_str, get_str};
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// Graph audit log records.
pub struct UalGraph;

const KEYS: [&str; 3] = ["createddatetime", "auditlogrecordtype", "auditdata"];

fn map_value(
    id: &'static str,
    v: &Value,
    pos: SourcePos,
    ctx: &FileCtx,
) -> Result<Mapped, MapError> {
    let audit = audit_data(v, "auditData")?;
    let (rid, time, op, user, rt, svc, ip) = (
        get_str(v, "id"),
        get_str(v, "createdDateTime"),
        get_str(v, "operation"),
        first_str(v, &["userPrincipalName", "userId"]),
        get_str(v, "auditLogRecordType"),
        get_str(v, "service"),
        get_str(v, "clientIp"),
    );
    let wrapper = Wrapper {
        record_id: rid.as_deref(),
        time: time.as_deref(),
        operation: op.as_deref(),
        user: user.as_deref(),
        record_type: rt.as_deref(),
        workload: svc.as_deref(),
        ip: ip.as_deref(),
    };
    let mut ev = new_event(pos, id);
    map_audit(&audit, &wrapper, ctx.date_order, &mut ev)?;
    Ok(Mapped::Event(Box::new(ev)))
}

impl InputFormat for UalGraph {
    fn id(&self) -> &'static str {
        "ual-graph"
    }
    fn title(&self) -> &'static str {
        "Graph audit search records (JSON or CSV)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        head_has(head, &KEYS).then(|| {
            "has createdDateTime, auditLogRecordType, auditData (Graph auditLogRecord)".into()
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        with_object(rec, |v| map_value(self.id(), v, pos, ctx))
    }
}
