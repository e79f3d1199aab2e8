//! `ual-loganalytics`: Log Analytics / Sentinel `OfficeActivity` exports (CSV or JSON).
//! The AuditData fields are flattened into columns (`Operation`, `UserId`, `ClientIP`,
//! `Client_IPAddress`, `Parameters` as JSON text, …); the time is `TimeGenerated`
//! (`4/28/2021, 2:08:45.221 PM` in portal CSVs) and the UAL id is `OfficeId`.

use serde_json::Value;

use super::csv_object::row_object;
use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::audit::{Wrapper, map_audit};
use crate::event::fields::get_str;
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::{Head, Layout};

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
        let has = |k: &[&str]| match head.layout {
            Layout::Json => head.has_keys(k),
            Layout::Csv => head.has_columns(k),
        };
        let ip = [
            ("client_ipaddress", "Client_IPAddress"),
            ("clientip", "ClientIP"),
        ]
        .into_iter()
        .find(|(k, _)| has(&[k]))
        .map(|(_, name)| name)?;
        has(&["timegenerated", "officeworkload", "operation"]).then(|| {
            format!("has TimeGenerated, OfficeWorkload, Operation and {ip} (OfficeActivity table)")
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        match rec {
            Record::Json(v) => map_value(self.id(), v, pos, ctx),
            Record::Csv { header, cells } => {
                map_value(self.id(), &row_object(header, cells), pos, ctx)
            }
        }
    }
}
