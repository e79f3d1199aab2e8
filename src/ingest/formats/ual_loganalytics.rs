//! `ual-loganalytics`: Log Analytics / Sentinel `OfficeActivity` exports (CSV or JSON).
//! The AuditData fields are flattened into columns (`Operation`, `UserId`, `ClientIP`,
//! `Client_IPAddress`, `Parameters` as JSON text, …); the time is `TimeGenerated`
//! (`4/28/2021, 2:08:45.221 PM` in portal CSVs) and the UAL id is `OfficeId`.

use serde_json::Value;

use super::{
    FileCtx, InputFormat, Mapped, Record, first_present, head_has, new_event, with_object,
};
use crate::event::audit::{Wrapper, map_audit};
use crate::event::fields::get_str;
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// OfficeActivity table export.
pub struct UalLogAnalytics;

fn map_value(
    id: &'static str,
    v: &Value,
    pos: SourcePos,
    ctx: &FileCtx,
) -> Result<Mapped, MapError> {
    let (rid, time, wl) = (
        get_str(v, "OfficeId"),
        get_str(v, "TimeGenerated"),
        get_str(v, "OfficeWorkload"),
    );
    let wrapper = Wrapper {
        record_id: rid.as_deref(),
        time: time.as_deref(),
        workload: wl.as_deref(),
        ..Wrapper::default()
    };
    let mut ev = new_event(pos, id);
    map_audit(v, &wrapper, ctx.date_order, &mut ev)?;
    Ok(Mapped::Event(Box::new(ev)))
}

impl InputFormat for UalLogAnalytics {
    fn id(&self) -> &'static str {
        "ual-loganalytics"
    }
    fn title(&self) -> &'static str {
        "Log Analytics OfficeActivity export (CSV or JSON)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        let ip = first_present(
            head,
            &[
                ("client_ipaddress", "Client_IPAddress"),
                ("clientip", "ClientIP"),
            ],
        )?;
        head_has(head, &["timegenerated", "officeworkload", "operation"]).then(|| {
            format!("has TimeGenerated, OfficeWorkload, Operation and {ip} (OfficeActivity table)")
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        with_object(rec, |v| map_value(self.id(), v, pos, ctx))
    }
}
