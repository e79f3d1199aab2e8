//! `signin-graph-json`: Graph `signIns` (v1.0 and beta) and the Entra portal's JSON
//! download — arrays, `{"value":[…]}` pages, JSON lines, concatenated arrays.

use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::signin::map_signin;
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// Graph sign-in JSON.
pub struct SigninGraphJson;

impl InputFormat for SigninGraphJson {
    fn id(&self) -> &'static str {
        "signin-graph-json"
    }
    fn title(&self) -> &'static str {
        "Graph / Entra portal sign-in JSON"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        head.has_keys(&["createddatetime", "userprincipalname", "ipaddress"])
            .then(|| {
                "first JSON record has createdDateTime, userPrincipalName, ipAddress (Graph signIn)"
                    .into()
            })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        let Record::Json(v) = rec else {
            return Err(MapError::NotAnObject);
        };
        let mut ev = new_event(pos, self.id());
        map_signin(v, None, ctx.date_order, &mut ev)?;
        Ok(Mapped::Event(Box::new(ev)))
    }
}
