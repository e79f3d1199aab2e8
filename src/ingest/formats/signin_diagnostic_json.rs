//! `signin-diagnostic-json`: Entra diagnostic-settings archives (storage account or Event
//! Hub): one Azure Monitor envelope per sign-in (`time`, `category`, `properties`), as JSON
//! lines or `{"records":[…]}`. Records of other categories in the same file are filtered.

use serde_json::Value;

use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::fields::{get, get_str};
use crate::event::signin::map_signin;
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// Azure Monitor diagnostic sign-in records.
pub struct SigninDiagnosticJson;

/// Sign-in categories and the log each names.
const CATEGORIES: &[(&str, &str)] = &[
    ("signinlogs", "interactive"),
    ("noninteractiveusersigninlogs", "non-interactive"),
    ("serviceprincipalsigninlogs", "service-principal"),
    ("managedidentitysigninlogs", "managed-identity"),
];

fn log_of(v: &Value) -> Option<&'static str> {
    let cat = get_str(v, "category")?.to_ascii_lowercase();
    CATEGORIES.iter().find(|(c, _)| *c == cat).map(|(_, l)| *l)
}

impl InputFormat for SigninDiagnosticJson {
    fn id(&self) -> &'static str {
        "signin-diagnostic-json"
    }
    fn title(&self) -> &'static str {
        "Entra diagnostic-settings sign-in archive (JSON)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        if !head.has_keys(&["time", "category", "properties"]) {
            return None;
        }
        let first = head.json_first.as_ref()?;
        log_of(first)?;
        let cat = get_str(first, "category").unwrap_or_default();
        Some(format!(
            "first JSON record is an Azure Monitor envelope (time, category '{cat}', properties)"
        ))
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        let Record::Json(v) = rec else {
            return Err(MapError::NotAnObject);
        };
        let Some(log) = log_of(v) else {
            return Ok(Mapped::Filtered("not a sign-in category"));
        };
        let props = get(v, "properties")
            .filter(|p| p.is_object())
            .ok_or(MapError::NotAnObjectField("properties"))?;
        let mut merged = props.clone();
        // The envelope carries what some properties objects lack.
        if let (Some(obj), Some(t)) = (merged.as_object_mut(), get_str(v, "time")) {
            obj.entry("createdDateTime").or_insert(Value::String(t));
        }
        if let (Some(obj), Some(ip)) = (merged.as_object_mut(), get_str(v, "callerIpAddress")) {
            obj.entry("ipAddress").or_insert(Value::String(ip));
        }
        let mut ev = new_event(pos, self.id());
        map_signin(&merged, Some(log), ctx.date_order, &mut ev)?;
        if ev.result.error_code.is_none()
            && let Some(code) = get_str(v, "resultType")
        {
            ev.result.outcome = crate::event::signin::outcome_of_code(&code);
            ev.result.error_code = Some(code);
        }
        Ok(Mapped::Event(Box::new(ev)))
    }
}
