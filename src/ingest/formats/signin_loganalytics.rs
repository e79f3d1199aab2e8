//! `signin-loganalytics`: Log Analytics `SigninLogs` / `AADNonInteractiveUserSignInLogs`
//! exports, CSV or JSON. Nested columns may be JSON inside strings, and the portal CSV
//! splits them into `X_dynamic`/`X_string` pairs with a ` [UTC]` suffix on time columns.

use serde_json::Value;

use super::{
    FileCtx, InputFormat, Mapped, Record, first_present, head_has, new_event, with_object,
};
use crate::event::signin::map_signin;
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

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
        let time = first_present(
            head,
            &[
                ("timegenerated", "TimeGenerated"),
                ("createddatetime", "CreatedDateTime"),
            ],
        )?;
        head_has(head, &["resulttype", "ipaddress", "userprincipalname"]).then(|| {
            format!("has {time}, ResultType, IPAddress, UserPrincipalName (SigninLogs table)")
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        with_object(rec, |v| map_value(self.id(), v, pos, ctx))
    }
}
