//! `entra-audit`: Entra ID audit logs — Graph `directoryAudits` (`{"value":[…]}` pages,
//! arrays, JSON lines), the Log Analytics `AuditLogs` export (CSV or JSON), diagnostic
//! `AuditLogs` envelopes, and the Entra portal's CSV download.
//!
//! These are where security-info (MFA) changes, consents and app-role grants, application
//! credentials, device registrations and role assignments are recorded when the UAL is
//! missing, short or was never searched for `AzureActiveDirectory` records. Every shape is
//! brought to the Graph `directoryAudit` form and mapped by `event::directory_audit`, which
//! reuses the UAL mapping, so the existing MFA, consent and persistence detectors see them.

use serde_json::{Map, Value, json};

use super::super::csv_header::CsvHeader;
use super::Cell;
use super::{FileCtx, InputFormat, Mapped, Record, head_has, new_event, with_object};
use crate::event::directory_audit::map_directory_audit;
use crate::event::fields::{get, get_str};
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// Entra ID audit log export.
pub struct EntraAudit;

/// The Azure Monitor category (and Log Analytics table) of directory audits.
const CATEGORY: &str = "AuditLogs";

/// Portal columns of the initiator (any one marks the portal download).
const ACTOR_COLUMNS: &[&str] = &[
    "actortype",
    "actoruserprincipalname",
    "initiated by (actor)",
];

/// Target columns the portal writes per target (`Target1Type`, …), and modified properties
/// per target (`Target1ModifiedProperty1Name`, …); the download has 3 × 5 of them today.
const TARGETS_MAX: usize = 20;

fn is_audit_category(v: &Value) -> bool {
    get_str(v, "category").is_some_and(|c| c.eq_ignore_ascii_case(CATEGORY))
}

/// A cell by normalised column names, first present.
fn cell(h: &CsvHeader, row: &[Cell<'_>], names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| h.get(row, n)).map(String::from)
}

/// Insert `k` when the value is present.
fn put(obj: &mut Map<String, Value>, k: &str, v: Option<String>) {
    if let Some(v) = v {
        obj.insert(k.to_string(), Value::String(v));
    }
}

/// The initiator as Graph's `initiatedBy`: a user (UPN, object id, IP) or an application.
/// The older download has one `Initiated by (actor)` column: a UPN or an app's name.
fn portal_initiator(h: &CsvHeader, row: &[Cell<'_>]) -> Value {
    let c = |names: &[&str]| cell(h, row, names);
    let actor_type = c(&["actortype"]).unwrap_or_default().to_ascii_lowercase();
    let upn = c(&["actoruserprincipalname"]);
    let legacy = c(&["initiated by (actor)"]);
    let user_like =
        upn.is_some() || actor_type == "user" || legacy.as_deref().is_some_and(|a| a.contains('@'));
    let mut o = Map::new();
    if user_like {
        put(&mut o, "userPrincipalName", upn.or(legacy));
        put(&mut o, "id", c(&["actorobjectid"]));
        put(&mut o, "displayName", c(&["actordisplayname"]));
        put(&mut o, "ipAddress", c(&["ipaddress", "ip address"]));
        return json!({"user": o, "app": null});
    }
    put(
        &mut o,
        "displayName",
        c(&["actorserviceprincipalname", "actordisplayname"]).or(legacy),
    );
    put(
        &mut o,
        "servicePrincipalId",
        c(&["actorserviceprincipalid", "actorobjectid"]),
    );
    if o.is_empty() {
        return Value::Null;
    }
    json!({"user": null, "app": o})
}

/// `Target<n>…` columns as Graph's `targetResources`, each with its modified properties;
/// the older download's single `Target` column is a display name.
fn portal_targets(h: &CsvHeader, row: &[Cell<'_>]) -> Vec<Value> {
    let mut out = Vec::new();
    for n in 1..=TARGETS_MAX {
        let c = |suffix: &str| cell(h, row, &[&format!("target{n}{suffix}")]);
        let mut t = Map::new();
        put(&mut t, "type", c("type"));
        put(&mut t, "displayName", c("displayname"));
        put(&mut t, "id", c("objectid"));
        put(&mut t, "userPrincipalName", c("userprincipalname"));
        let mut mods = Vec::new();
        for m in 1..=TARGETS_MAX {
            let mc = |part: &str| c(&format!("modifiedproperty{m}{part}"));
            if let Some(name) = mc("name") {
                mods.push(json!({"displayName": name, "oldValue": mc("oldvalue"),
                    "newValue": mc("newvalue")}));
            }
        }
        if !mods.is_empty() {
            t.insert("modifiedProperties".into(), Value::Array(mods));
        }
        if !t.is_empty() {
            out.push(Value::Object(t));
        }
    }
    if out.is_empty()
        && let Some(name) = cell(h, row, &["target"])
    {
        out.push(json!({"displayName": name}));
    }
    out
}

/// `AdditionalDetail<n>Key/Value` columns (and `User Agent`) as `additionalDetails`.
fn portal_details(h: &CsvHeader, row: &[Cell<'_>]) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(ua) = cell(h, row, &["user agent", "useragent"]) {
        out.push(json!({"key": "User-Agent", "value": ua}));
    }
    for n in 1..=TARGETS_MAX {
        if let Some(k) = cell(h, row, &[&format!("additionaldetail{n}key")]) {
            let v = cell(h, row, &[&format!("additionaldetail{n}value")]).unwrap_or_default();
            out.push(json!({"key": k, "value": v}));
        }
    }
    out
}

/// A portal download row as a Graph `directoryAudit`. The download has no audit id, so the
/// record id is `<CorrelationId>|<Date (UTC)>|<Activity>|<first target>`: the same row in
/// two overlapping downloads is one record.
fn portal_object(h: &CsvHeader, row: &[Cell<'_>]) -> Value {
    let c = |names: &[&str]| cell(h, row, names);
    let time = c(&["date (utc)", "date"]);
    let activity = c(&["activity"]);
    let correlation = c(&["correlationid", "correlation id"]);
    let targets = portal_targets(h, row);
    let first_target = targets
        .first()
        .and_then(|t| {
            ["id", "userPrincipalName", "displayName"]
                .iter()
                .find_map(|k| get_str(t, k))
        })
        .unwrap_or_default();
    let mut o = Map::new();
    if let (Some(cid), Some(t), Some(a)) = (&correlation, &time, &activity) {
        o.insert(
            "id".into(),
            Value::String(format!("{cid}|{t}|{a}|{first_target}")),
        );
    }
    put(&mut o, "activityDateTime", time);
    put(&mut o, "activityDisplayName", activity);
    put(&mut o, "category", c(&["category"]));
    put(&mut o, "correlationId", correlation);
    put(&mut o, "result", c(&["result", "status"]));
    put(
        &mut o,
        "resultReason",
        c(&["resultreason", "status reason"]),
    );
    put(&mut o, "loggedByService", c(&["service"]));
    put(&mut o, "tenantId", c(&["actorhometenantid"]));
    o.insert("initiatedBy".into(), portal_initiator(h, row));
    o.insert("targetResources".into(), Value::Array(targets));
    o.insert(
        "additionalDetails".into(),
        Value::Array(portal_details(h, row)),
    );
    Value::Object(o)
}

/// A diagnostic envelope's `properties`, with the envelope's time, caller IP and tenant
/// where the properties lack them; other categories are filtered.
fn envelope_audit(v: &Value) -> Result<Result<Value, &'static str>, MapError> {
    if !is_audit_category(v) {
        return Ok(Err("not an Entra audit record"));
    }
    let props = get(v, "properties")
        .filter(|p| p.is_object())
        .ok_or(MapError::NotAnObjectField("properties"))?;
    let mut merged = props.clone();
    if let Some(obj) = merged.as_object_mut() {
        for (from, to) in [
            ("time", "activityDateTime"),
            ("callerIpAddress", "callerIpAddress"),
            ("tenantId", "tenantId"),
        ] {
            if let Some(val) = get_str(v, from)
                && get(props, to).is_none()
            {
                obj.insert(to.to_string(), Value::String(val));
            }
        }
    }
    Ok(Ok(merged))
}

fn map_value(v: &Value, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
    let mut ev = new_event(pos, "entra-audit");
    map_directory_audit(v, ctx.date_order, &mut ev)?;
    Ok(Mapped::Event(Box::new(ev)))
}

impl InputFormat for EntraAudit {
    fn id(&self) -> &'static str {
        "entra-audit"
    }
    fn title(&self) -> &'static str {
        "Entra ID audit logs (Graph directoryAudits, Log Analytics AuditLogs, portal CSV)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        if head.has_keys(&["time", "category", "properties"]) {
            return head.json_first.as_ref().filter(|v| is_audit_category(v)).map(|_| {
                format!(
                    "first JSON record is an Azure Monitor envelope (time, category '{CATEGORY}', properties)"
                )
            });
        }
        if head_has(
            head,
            &[
                "timegenerated",
                "operationname",
                "initiatedby",
                "targetresources",
            ],
        ) {
            return Some(format!(
                "has TimeGenerated, OperationName, InitiatedBy, TargetResources ({CATEGORY} table)"
            ));
        }
        if head.has_keys(&["activitydatetime", "activitydisplayname", "initiatedby"]) {
            return Some(
                "first JSON record has activityDateTime, activityDisplayName, initiatedBy (Graph directoryAudit)"
                    .into(),
            );
        }
        let actor = ACTOR_COLUMNS.iter().any(|c| head.has_columns(&[c]));
        (actor && head.has_columns(&["date (utc)", "activity"])).then(|| {
            "CSV header has Date (UTC), Activity and actor columns (Entra portal audit log download)"
                .into()
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        match rec {
            Record::Json(v) if get(v, "properties").is_some() && get(v, "category").is_some() => {
                match envelope_audit(v)? {
                    Ok(audit) => map_value(&audit, pos, ctx),
                    Err(why) => Ok(Mapped::Filtered(why)),
                }
            }
            Record::Csv { header, cells } if !header.has("initiatedby") => {
                map_value(&portal_object(header, cells), pos, ctx)
            }
            _ => with_object(rec, |v| map_value(v, pos, ctx)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::detail::Detail;
    use crate::event::{Category, Event, UserKind};

    const PORTAL_HEADER: &str = "Date (UTC),CorrelationId,Service,Category,Activity,Result,ResultReason,User Agent,ActorType,ActorDisplayName,ActorObjectId,ActorUserPrincipalName,IPAddress,ActorHomeTenantId,ActorHomeTenantName,ActorServicePrincipalId,ActorServicePrincipalName,Target1Type,Target1DisplayName,Target1ObjectId,Target1UserPrincipalName,Target1ModifiedProperty1Name,Target1ModifiedProperty1OldValue,Target1ModifiedProperty1NewValue,AdditionalDetail1Key,AdditionalDetail1Value";

    fn portal(row: &str) -> Result<Event, MapError> {
        let h = CsvHeader::from_names(PORTAL_HEADER.split(',').map(String::from).collect());
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(row.as_bytes());
        let cells: Vec<Cell<'_>> = rdr
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(|c| Cell::Owned(c.to_string()))
            .collect();
        let ctx = FileCtx {
            date_order: Default::default(),
            name: "t".into(),
        };
        let pos = SourcePos {
            file: 0,
            line: 2,
            record: 1,
        };
        match EntraAudit.map(
            Record::Csv {
                header: &h,
                cells: &cells,
            },
            pos,
            &ctx,
        )? {
            Mapped::Event(ev) => Ok(*ev),
            Mapped::Filtered(w) => panic!("filtered {w}"),
        }
    }

    #[test]
    fn portal_rows_become_directory_audits() {
        let ev = portal(r#"2026-01-04T09:40:11.3366543+00:00,c1,Core Directory,UserManagement,Update user,Success,,,User,Megan Bowen,3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91,megan.bowen@contoso.com,159.203.1.1,t1,,,,User,,3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91,megan.bowen@contoso.com,StrongAuthenticationMethod,"[{""MethodType"":6,""Default"":true}]","[{""MethodType"":6,""Default"":false},{""MethodType"":7,""Default"":true}]",,"#).unwrap();
        assert_eq!(ev.category, Category::AuthMethod);
        assert_eq!(ev.actor.key, "megan.bowen@contoso.com");
        assert_eq!(
            ev.record_id.as_deref(),
            Some(
                "c1|2026-01-04T09:40:11.3366543+00:00|Update user|3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91"
            )
        );
        let Detail::AuthMethod(a) = &ev.detail else {
            panic!("not auth method")
        };
        assert_eq!(a.methods, vec!["MethodType=6", "MethodType=7"]);
        assert_eq!(a.old_methods, vec!["MethodType=6"]);
        let ev = portal(r#"2026-01-04T09:41:00Z,c2,Core Directory,ApplicationManagement,Add service principal credentials,Success,,,Application,,,,,,,sp9,Mail Backup Pro,ServicePrincipal,Mail Backup Pro,sp1,,KeyDescription,,"[""[KeyIdentifier=k1,KeyType=Password,KeyUsage=Verify,DisplayName=backup]""]",,"#).unwrap();
        assert_eq!(ev.category, Category::AppConsent);
        assert_eq!(ev.actor.kind, UserKind::ServicePrincipal);
        assert_eq!(ev.actor.key, "mail backup pro");
        assert!(matches!(
            portal("yesterday,c3,,,Update user,Success,,,User,,,a@b.c,,,,,,,,,,,,,,"),
            Err(MapError::BadTime(_))
        ));
    }
}
