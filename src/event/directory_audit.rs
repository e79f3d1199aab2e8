//! Entra ID directory audits → [`Event`]: the Graph `directoryAudit` resource, the Log
//! Analytics `AuditLogs` row (PascalCase, nested columns possibly JSON inside strings) and
//! the `properties` of a diagnostic `AuditLogs` envelope are one shape once keys are matched
//! case-insensitively.
//!
//! The Unified Audit Log's `AzureActiveDirectory` records are these same audits, re-shaped
//! by Microsoft: `targetResources[].modifiedProperties[]` become `ModifiedProperties`,
//! `targetResources` become `Target`, `initiatedBy` becomes `UserId`/`ActorIpAddress`,
//! `additionalDetails` go into `ExtendedProperties`. So a directory audit is rewritten into
//! that `AuditData` shape and mapped by [`map_audit`]: categories, MFA-method, consent and
//! scope details come from the one place that reads them (`audit_detail`), and an audit
//! seen in both logs gives the same event. What only the Entra shape has (the initiator's
//! object id, device names, a role's name, the result reason) is added afterwards.

use serde_json::{Map, Value, json};

use super::audit::{Wrapper, map_audit};
use super::detail::Detail;
use super::fields::{NameValues, first_str, get, get_nested, get_str, nested_value, render_value};
use super::time::DateOrder;
use super::user::canonical_user;
use super::{Device, Event, MapError, UserKind, UserRef};

/// UAL `Target[].Type` values `audit_detail` reads: a display name, an object id, a UPN.
const TARGET_NAME: u8 = 1;
const TARGET_ID: u8 = 2;
const TARGET_UPN: u8 = 5;

/// Fill `ev` from one directory audit.
pub fn map_directory_audit(rec: &Value, order: DateOrder, ev: &mut Event) -> Result<(), MapError> {
    if !rec.is_object() {
        return Err(MapError::NotAnObject);
    }
    let targets = targets(rec);
    let audit = audit_data(rec, &targets);
    map_audit(&audit, &Wrapper::default(), order, ev)?;
    set_initiator(rec, ev);
    ev.result.reason = first_str(rec, &["resultReason", "ResultDescription"]);
    if let Some(device) = device(&targets) {
        ev.device = Some(device);
    }
    if let Detail::Admin(p) = &mut ev.detail
        && p.params.is_empty()
    {
        // Directory changes have no cmdlet parameters; their modified properties (the
        // role of `Add member to role`, the device of `Add device`) say what changed.
        p.params = modified(&targets)
            .into_iter()
            .map(|(name, new, _)| (name, plain(&new)))
            .collect();
    }
    Ok(())
}

/// `targetResources` as an array (possibly JSON text in a Log Analytics cell).
fn targets(rec: &Value) -> Vec<Value> {
    match get_nested(rec, "targetResources") {
        Some(Value::Array(a)) => a,
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// `initiatedBy.user` and `initiatedBy.app`, when they are objects (the other is `null`).
fn initiator(rec: &Value) -> (Option<Value>, Option<Value>) {
    let by = get_nested(rec, "initiatedBy").unwrap_or(Value::Null);
    let part = |k: &str| get(&by, k).filter(|v| v.is_object()).cloned();
    (part("user"), part("app"))
}

/// The directory audit as a UAL `AzureActiveDirectory` `AuditData` object.
fn audit_data(rec: &Value, targets: &[Value]) -> Value {
    let (user, app) = initiator(rec);
    let mut a = Map::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            a.insert(k.to_string(), Value::String(v));
        }
    };
    put(
        "CreationTime",
        first_str(rec, &["activityDateTime", "TimeGenerated", "time"]),
    );
    put(
        "Operation",
        first_str(rec, &["activityDisplayName", "OperationName"]),
    );
    put("Id", get_str(rec, "id"));
    put("Workload", Some("AzureActiveDirectory".into()));
    put("RecordType", get_str(rec, "category"));
    put("ResultStatus", get_str(rec, "result"));
    put("InterSystemsId", get_str(rec, "correlationId"));
    put(
        "OrganizationId",
        first_str(rec, &["AADTenantId", "tenantId"]),
    );
    let user_key = user
        .as_ref()
        .and_then(|u| first_str(u, &["userPrincipalName", "id"]));
    let app_key = app.as_ref().and_then(|p| {
        first_str(
            p,
            &[
                "servicePrincipalName",
                "displayName",
                "servicePrincipalId",
                "appId",
            ],
        )
    });
    match (user_key, app_key) {
        (Some(u), _) => put("UserId", Some(u)),
        (None, Some(p)) => {
            put("UserId", Some(p));
            put("UserType", Some("ServicePrincipal".into()));
        }
        (None, None) => {}
    }
    put(
        "ActorIpAddress",
        user.as_ref()
            .and_then(|u| get_str(u, "ipAddress"))
            .or_else(|| get_str(rec, "callerIpAddress")),
    );
    put("AppId", app.as_ref().and_then(|p| get_str(p, "appId")));
    let details = NameValues::from_value(get_nested(rec, "additionalDetails").as_ref());
    put(
        "UserAgent",
        details
            .0
            .iter()
            .find(|(k, v)| is_user_agent(k) && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string()),
    );
    put("ObjectId", targets.first().and_then(target_key));
    a.insert("Target".into(), Value::Array(target_refs(targets)));
    a.insert(
        "ModifiedProperties".into(),
        Value::Array(
            modified(targets)
                .into_iter()
                .map(|(n, new, old)| {
                    json!({"Name": n, "NewValue": unquote(&new), "OldValue": unquote(&old)})
                })
                .collect(),
        ),
    );
    a.insert(
        "ExtendedProperties".into(),
        Value::Array(extended(rec, &details)),
    );
    Value::Object(a)
}

/// A target's most telling name: UPN, display name, then object id.
fn target_key(t: &Value) -> Option<String> {
    first_str(t, &["userPrincipalName", "displayName", "id"])
}

/// `Target[]` entries in UAL form, target by target: display name (type 1), object id
/// (type 2), UPN (type 5).
fn target_refs(targets: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for t in targets {
        for (key, kind) in [
            ("displayName", TARGET_NAME),
            ("id", TARGET_ID),
            ("userPrincipalName", TARGET_UPN),
        ] {
            if let Some(v) = get_str(t, key) {
                out.push(json!({"ID": v, "Type": kind}));
            }
        }
    }
    out
}

/// Every target's modified properties as (name, new value, old value).
fn modified(targets: &[Value]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for t in targets {
        let Some(Value::Array(props)) = get_nested(t, "modifiedProperties") else {
            continue;
        };
        for p in &props {
            let Some(name) = get_str(p, "displayName") else {
                continue;
            };
            let text = |k: &str| get(p, k).map(render_value).unwrap_or_default();
            out.push((name, text("newValue"), text("oldValue")));
        }
    }
    out
}

/// `ExtendedProperties` as the UAL writes them for directory audits: `additionalDetails`
/// as one JSON object (the security-info method and device sit there), and the audit
/// category as `extendedAuditEventCategory`. When the audit has no additional details its
/// result reason stands in (`User registered Authenticator App with Notification and
/// Code`), which is where the Entra log names a security-info method.
fn extended(rec: &Value, details: &NameValues) -> Vec<Value> {
    let mut out = Vec::new();
    // The user agent has its own field; left in, it would read as the method.
    let obj: Map<String, Value> = details
        .0
        .iter()
        .filter(|(k, _)| !is_user_agent(k))
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let additional = if obj.is_empty() {
        first_str(rec, &["resultReason", "ResultDescription"])
    } else {
        Some(Value::Object(obj).to_string())
    };
    if let Some(v) = additional {
        out.push(json!({"Name": "additionalDetails", "Value": v}));
    }
    if let Some(c) = get_str(rec, "category") {
        out.push(json!({"Name": "extendedAuditEventCategory", "Value": c}));
    }
    out
}

fn is_user_agent(key: &str) -> bool {
    key.eq_ignore_ascii_case("User-Agent") || key.eq_ignore_ascii_case("UserAgent")
}

/// The initiator's object id, and a user known only by it: `UserRef::from_raw` would take
/// a bare GUID for a service principal, but `initiatedBy.user` says it is a person.
fn set_initiator(rec: &Value, ev: &mut Event) {
    let (user, _) = initiator(rec);
    let Some(user) = user else {
        return;
    };
    let oid = get_str(&user, "id").map(|s| canonical_user(&s));
    if get_str(&user, "userPrincipalName").is_none()
        && let Some(id) = &oid
    {
        ev.actor = UserRef {
            key: id.clone(),
            kind: UserKind::Human,
        };
    }
    ev.actor_object_id = oid;
}

/// A device target (`Register device`, `Add device`, `Add registered owner to device`):
/// its display name, and the device id, OS and trust type when the audit changed them.
fn device(targets: &[Value]) -> Option<Device> {
    let t = targets
        .iter()
        .find(|t| get_str(t, "type").is_some_and(|ty| ty.eq_ignore_ascii_case("device")))?;
    let mods = modified(std::slice::from_ref(t));
    let prop = |name: &str| {
        mods.iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, new, _)| plain(new))
            .filter(|v| !v.is_empty())
    };
    let d = Device {
        name: get_str(t, "displayName").or_else(|| prop("DisplayName")),
        id: prop("DeviceId"),
        os: prop("DeviceOSType"),
        trust_type: prop("DeviceTrustType"),
        ..Device::default()
    };
    (!d.is_empty()).then_some(d)
}

/// A modified-property value in the UAL's form: Entra JSON-encodes every value, so a
/// string arrives quoted (`"\"False\""`, `"\"[] => [[… Scope: Mail.Read …]]\""`) where the
/// UAL writes it bare; arrays and objects stay JSON text in both.
fn unquote(v: &str) -> String {
    let t = v.trim();
    if t.starts_with('"')
        && let Ok(Value::String(s)) = serde_json::from_str::<Value>(t)
    {
        return s;
    }
    t.to_string()
}

/// A modified-property value as plain text: Entra writes `"\"Exchange Administrator\""` or
/// `["Windows"]`; the first string inside is the value.
fn plain(v: &str) -> String {
    let t = v.trim();
    let parsed = nested_value(&Value::String(t.to_string()))
        .or_else(|| serde_json::from_str::<Value>(t).ok());
    match parsed {
        Some(Value::String(s)) => s,
        Some(Value::Array(items)) if items.len() == 1 => render_value(&items[0]),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::detail::Detail;
    use crate::event::{Category, Outcome, SourcePos};

    fn map(v: Value) -> Result<Event, MapError> {
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "entra-audit",
        );
        map_directory_audit(&v, DateOrder::Mdy, &mut ev).map(|_| ev)
    }

    #[test]
    fn consent_maps_like_its_ual_record() {
        let ev = map(json!({"id": "Directory_1", "category": "ApplicationManagement",
            "correlationId": "c1", "result": "success", "activityDisplayName": "Consent to application",
            "activityDateTime": "2026-01-04T10:00:00.1234567Z", "loggedByService": "Core Directory",
            "initiatedBy": {"app": null, "user": {"id": "3C9A1F52-7B4E-4D08-A6E1-2F5B8C0D7E91",
                "userPrincipalName": "Megan.Bowen@contoso.com", "ipAddress": "159.203.1.1"}},
            "targetResources": [{"id": "sp1", "displayName": "Mail Backup Pro", "type": "ServicePrincipal",
                "modifiedProperties": [
                  {"displayName": "ConsentContext.IsAdminConsent", "oldValue": null, "newValue": "\"False\""},
                  {"displayName": "ConsentAction.Permissions", "oldValue": null,
                   "newValue": "\"[] => [[Id: g, ClientId: sp1, ConsentType: Principal, Scope: Mail.Read offline_access, CreatedDateTime: ]]; \""}]}],
            "additionalDetails": [{"key": "User-Agent", "value": "axios/1.6.7"}]}))
        .unwrap();
        assert_eq!(ev.category, Category::AppConsent);
        assert_eq!(ev.actor.key, "megan.bowen@contoso.com");
        assert_eq!(
            ev.actor_object_id.as_deref(),
            Some("3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91")
        );
        assert_eq!(ev.ip, Some("159.203.1.1".parse().unwrap()));
        assert_eq!(ev.user_agent.as_deref(), Some("axios/1.6.7"));
        assert_eq!(ev.sessions.correlation_id.as_deref(), Some("c1"));
        assert_eq!(ev.result.outcome, Outcome::Success);
        let Detail::Consent(c) = &ev.detail else {
            panic!("not consent")
        };
        assert_eq!(c.scopes, vec!["Mail.Read", "offline_access"]);
        assert_eq!(c.app_name.as_deref(), Some("Mail Backup Pro"));
        assert_eq!(c.consent_type.as_deref(), Some("Principal"));
        assert_eq!(
            c.admin_consent,
            Some(false),
            "Entra's quoted \"False\" reads as false"
        );
    }

    #[test]
    fn security_info_names_its_method_and_target() {
        let ev = map(json!({"ActivityDateTime": "2026-01-04T10:00:00Z", "OperationName": "User registered security info",
            "Category": "UserManagement", "Result": "success",
            "ResultReason": "User registered Authenticator App with Notification and Code",
            "InitiatedBy": "{\"user\":{\"id\":\"3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91\",\"userPrincipalName\":null}}",
            "TargetResources": "[{\"userPrincipalName\":\"megan.bowen@contoso.com\",\"type\":\"User\"}]",
            "AdditionalDetails": "[{\"key\":\"User-Agent\",\"value\":\"Mozilla/5.0\"}]"}))
        .unwrap();
        assert_eq!(ev.category, Category::AuthMethod);
        assert_eq!(ev.actor.kind, UserKind::Human);
        assert_eq!(ev.actor.key, "3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91");
        assert_eq!(ev.user_agent.as_deref(), Some("Mozilla/5.0"));
        let Detail::AuthMethod(a) = &ev.detail else {
            panic!("not auth method")
        };
        assert_eq!(a.target_user.as_deref(), Some("megan.bowen@contoso.com"));
        assert_eq!(
            a.methods,
            vec!["User registered Authenticator App with Notification and Code"]
        );
    }

    #[test]
    fn devices_roles_and_apps() {
        let ev = map(json!({"activityDateTime": "2026-01-04T10:00:00Z", "activityDisplayName": "Register device",
            "initiatedBy": {"app": {"appId": "a1", "displayName": "Device Registration Service"}},
            "targetResources": [{"id": "d1", "displayName": "DESKTOP-EVIL01", "type": "Device",
                "modifiedProperties": [{"displayName": "DeviceOSType", "newValue": "[\"Windows\"]"},
                                       {"displayName": "DeviceId", "newValue": "[\"dev-1\"]"}]}]}))
        .unwrap();
        assert_eq!(ev.category, Category::Admin);
        assert_eq!(ev.actor.kind, UserKind::ServicePrincipal);
        assert_eq!(ev.app_id.as_deref(), Some("a1"));
        let d = ev.device.unwrap();
        assert_eq!(
            (d.name.as_deref(), d.id.as_deref(), d.os.as_deref()),
            (Some("DESKTOP-EVIL01"), Some("dev-1"), Some("Windows"))
        );
        let ev = map(json!({"activityDateTime": "2026-01-04T10:00:00Z", "activityDisplayName": "Add member to role",
            "targetResources": [{"userPrincipalName": "megan.bowen@contoso.com", "type": "User",
                "modifiedProperties": [{"displayName": "Role.DisplayName", "newValue": "\"Exchange Administrator\""}]}]}))
        .unwrap();
        let Detail::Admin(p) = &ev.detail else {
            panic!("not admin")
        };
        assert_eq!(p.target.as_deref(), Some("megan.bowen@contoso.com"));
        assert_eq!(
            p.params,
            vec![(
                "Role.DisplayName".to_string(),
                "Exchange Administrator".to_string()
            )]
        );
    }

    #[test]
    fn missing_time_operation_and_non_objects_are_errors() {
        assert!(matches!(
            map(json!({"activityDisplayName": "Update user"})),
            Err(MapError::NoTime)
        ));
        assert!(matches!(
            map(json!({"activityDateTime": "2026-01-04T10:00:00Z"})),
            Err(MapError::NoOperation)
        ));
        assert!(matches!(map(json!("x")), Err(MapError::NotAnObject)));
    }
}
