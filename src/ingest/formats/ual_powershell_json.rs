//! `ual-powershell-json`: cmdlet objects serialised to JSON/JSONL by collection tools
//! (Extractor `Get-UAL -Output JSON|JSONL`). `AuditData` is an object or an escaped JSON
//! string; `CreationDate` may be PowerShell 5.1's `\/Date(ms)\/`.

use serde_json::Value;

use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::audit::{Wrapper, map_audit};
use crate::event::fields::{get, get_str};
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// PowerShell UAL objects as JSON.
pub struct UalPowershellJson;

/// The `AuditData` of a wrapper record: an object, or JSON text inside a string.
pub fn audit_data(v: &Value, key: &str) -> Result<Value, MapError> {
    match get(v, key) {
        Some(Value::Object(_)) => Ok(get(v, key).cloned().unwrap_or(Value::Null)),
        Some(Value::String(s)) => {
            serde_json::from_str(s).map_err(|e| MapError::BadAuditData(e.to_string()))
        }
        Some(_) => Err(MapError::BadAuditData("not an object or JSON text".into())),
        None => Err(MapError::BadAuditData("field missing".into())),
    }
}

impl InputFormat for UalPowershellJson {
    fn id(&self) -> &'static str {
        "ual-powershell-json"
    }
    fn title(&self) -> &'static str {
        "Search-UnifiedAuditLog objects as JSON / JSONL"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        head.has_keys(&["creationdate", "operations", "auditdata"]).then(|| {
            let kind = match head.json_first.as_ref().and_then(|v| get(v, "AuditData")) {
                Some(Value::String(_)) => "an escaped JSON string",
                _ => "an object",
            };
            format!("first JSON record has CreationDate, Operations, AuditData (cmdlet objects; AuditData is {kind})")
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        let Record::Json(v) = rec else {
            return Err(MapError::NotAnObject);
        };
        let audit = audit_data(v, "AuditData")?;
        let (id, time, op, user, rt) = (
            get_str(v, "Identity"),
            get_str(v, "CreationDate"),
            get_str(v, "Operations"),
            get_str(v, "UserIds"),
            get_str(v, "RecordType"),
        );
        let wrapper = Wrapper {
            record_id: id.as_deref(),
            time: time.as_deref(),
            operation: op.as_deref(),
            user: user.as_deref(),
            record_type: rt.as_deref(),
            workload: None,
            ip: None,
        };
        let mut ev = new_event(pos, self.id());
        map_audit(&audit, &wrapper, ctx.date_order, &mut ev)?;
        Ok(Mapped::Event(Box::new(ev)))
    }
}
