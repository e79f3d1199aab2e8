//! `signin-loganalytics`: Log Analytics `SigninLogs` / `AADNonInteractiveUserSignInLogs`
//! exports, CSV or JSON. Nested columns may be JSON inside strings, and the portal CSV
//! splits them into `X_dynamic`/`X_string` pairs with a ` [UTC]` suffix on time columns.

use serde_json::Value;

use super::csv_object::row_object;
use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::signin::map_signin;
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::{Head, Layout};

/// SigninLogs table export.
pub struct SigninLogAnalytics;

fn map_value(
    id: &'static str,
    v: &Value,
    pos: SourcePos,
    ctx: &FileCtx,
) -> Result<Mapped, MapError> {
    let mut ev = new_event(pos, id);
    map_signin(v, None, ctx.date_order, &mut ev)?;
    Ok(Mapped::Event(Box::new(ev)))
}

impl InputFormat for SigninLogAnalytics {
    fn id(&self) -> &'static str {
        "signin-loganalytics"
    }
    fn title(&self) -> &'static str {
        "Log Analytics SigninLogs export (CSV or JSON)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        let has = |k: &[&str]| match head.layout {
            Layout::Json => head.has_keys(k),
            Layout::Csv => head.has_columns(k),
        };
        let time = [
            ("timegenerated", "TimeGenerated"),
            ("createddatetime", "CreatedDateTime"),
        ]
        .into_iter()
        .find(|(k, _)| has(&[k]))
        .map(|(_, name)| name)?;
        has(&["resulttype", "ipaddress", "userprincipalname"]).then(|| {
            format!("has {time}, ResultType, IPAddress, UserPrincipalName (SigninLogs table)")
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
