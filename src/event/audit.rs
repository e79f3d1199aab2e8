//! Mapping of one UAL record (the `AuditData` object plus the export's wrapper columns)
//! into an [`Event`]. Shared by every UAL shape; the shapes only find the `AuditData`
//! object and the wrapper fields.

use super::fields::{Fields, NameValues, first_str, get_str, parse_bool};
use super::time::{DateOrder, parse_time};
use super::{Category, Device, Event, MapError, Outcome, UserKind, UserRef, audit_detail};

/// The export's own columns around `AuditData` (all optional).
#[derive(Debug, Default, Clone, Copy)]
pub struct Wrapper<'a> {
    /// `RecordId` / `Identity` / `id`.
    pub record_id: Option<&'a str>,
    /// `CreationDate` / `createdDateTime` / `TimeGenerated`.
    pub time: Option<&'a str>,
    /// `Operation(s)`.
    pub operation: Option<&'a str>,
    /// `UserId(s)` / `userPrincipalName`.
    pub user: Option<&'a str>,
    /// `RecordType` / `auditLogRecordType`.
    pub record_type: Option<&'a str>,
    /// `Workload` / `service` / `OfficeWorkload`.
    pub workload: Option<&'a str>,
    /// `clientIp` of the wrapper (used when AuditData has none).
    pub ip: Option<&'a str>,
}

/// Fill `ev` from an `AuditData` object and its wrapper.
pub fn map_audit(
    audit: &dyn Fields,
    w: &Wrapper,
    order: DateOrder,
    ev: &mut Event,
) -> Result<(), MapError> {
    if !audit.is_object() {
        return Err(MapError::NotAnObject);
    }
    ev.time = pick_time(audit, w, order)?;
    ev.time_known = true;
    let op = audit
        .text("Operation")
        .or_else(|| w.operation.and_then(super::non_empty))
        .ok_or(MapError::NoOperation)?;
    ev.set_operation(&op);
    ev.record_id = audit
        .text("Id")
        .or_else(|| w.record_id.and_then(super::non_empty));
    ev.workload = audit
        .text("Workload")
        .or_else(|| w.workload.and_then(super::non_empty));
    ev.record_type = audit
        .text("RecordType")
        .or_else(|| w.record_type.and_then(super::non_empty));
    set_actor(audit, w, ev);
    set_network(audit, ev);
    if ev.ip.is_none()
        && let Some(ip) = w.ip
    {
        ev.set_ip(ip);
    }
    set_sessions(audit, ev);
    set_result(audit, ev);
    ev.device = device_properties(audit);
    ev.organization = first_str(audit, &["OrganizationName", "OrganizationId"]);
    ev.detail = audit_detail::build(audit, ev);
    Ok(())
}

/// Prefer the ISO `CreationTime` inside the record over the export column.
fn pick_time(
    audit: &dyn Fields,
    w: &Wrapper,
    order: DateOrder,
) -> Result<chrono::DateTime<chrono::Utc>, MapError> {
    let inner = audit.text("CreationTime");
    if let Some(t) = &inner
        && let Ok(parsed) = parse_time(t, order)
    {
        return Ok(parsed);
    }
    if let Some(wt) = w.time.and_then(super::non_empty) {
        return parse_time(&wt, order).map_err(MapError::BadTime);
    }
    match inner {
        Some(t) => parse_time(&t, order).map_err(MapError::BadTime),
        None => Err(MapError::NoTime),
    }
}

fn set_actor(audit: &dyn Fields, w: &Wrapper, ev: &mut Event) {
    let raw = audit
        .text("UserId")
        .or_else(|| w.user.and_then(super::non_empty))
        .unwrap_or_default();
    let mut actor = UserRef::from_raw(&raw);
    // UserType: 4 System, 5 Application, 6 ServicePrincipal, 8 SystemPolicy (Management API enum).
    match audit.text("UserType").as_deref() {
        Some("4" | "8" | "System" | "SystemPolicy") if !actor.is_empty() => {
            actor.kind = UserKind::System
        }
        Some("5" | "6" | "Application" | "ServicePrincipal") if !actor.is_empty() => {
            actor.kind = UserKind::ServicePrincipal
        }
        _ => {}
    }
    ev.actor = actor;
    ev.mailbox_owner = audit.text("MailboxOwnerUPN").map(|s| s.to_lowercase());
    ev.mailbox_guid = audit.text("MailboxGuid").map(|s| s.to_lowercase());
}

fn set_network(audit: &dyn Fields, ev: &mut Event) {
    for key in [
        "ClientIP",
        "ClientIPAddress",
        "Client_IPAddress",
        "ActorIpAddress",
        "IPAddress",
    ] {
        if let Some(raw) = audit.text(key) {
            ev.set_ip(&raw);
            if ev.ip.is_some() {
                break;
            }
        }
    }
    let ext = NameValues::from_value(audit.field("ExtendedProperties").as_deref());
    ev.user_agent = audit
        .text("UserAgent")
        .or_else(|| ext.get("UserAgent").map(String::from));
    ev.client_info = audit.text("ClientInfoString");
    ev.app_id = first_str(audit, &["AppId", "ClientAppId", "ApplicationId"]);
    ev.app_name = audit
        .field("AppAccessContext")
        .and_then(|c| get_str(&c, "ClientAppName"))
        .or_else(|| audit.text("ClientAppName"));
}

fn set_sessions(audit: &dyn Fields, ev: &mut Event) {
    let ctx = audit.field("AppAccessContext");
    let ctx = ctx.as_deref();
    let dev = NameValues::from_value(audit.field("DeviceProperties").as_deref());
    let s = &mut ev.sessions;
    s.session_id = audit
        .text("SessionId")
        .or_else(|| dev.get("SessionId").map(String::from));
    s.aad_session_id = ctx.and_then(|c| get_str(c, "AADSessionId"));
    s.unique_token_id = ctx
        .and_then(|c| get_str(c, "UniqueTokenId"))
        .or_else(|| audit.text("UniqueTokenId"));
    s.correlation_id = audit.text("InterSystemsId");
    s.request_id = audit.text("IntraSystemId");
}

fn set_result(audit: &dyn Fields, ev: &mut Event) {
    let status = audit
        .text("ResultStatus")
        .unwrap_or_default()
        .to_ascii_lowercase();
    ev.result.outcome = match status.as_str() {
        "succeeded" | "success" | "true" => Outcome::Success,
        "failed" | "failure" | "false" => Outcome::Failure,
        "partiallysucceeded" => Outcome::Interrupted,
        _ => Outcome::Unknown,
    };
    // STS logon records say "Success" for the record even when the login failed.
    if ev.category == Category::SignIn {
        ev.result.outcome = match ev.operation.to_ascii_lowercase().as_str() {
            "userloginfailed" => Outcome::Failure,
            "userloggedin" => Outcome::Success,
            _ => ev.result.outcome,
        };
        ev.result.error_code = first_str(audit, &["ErrorNumber", "LogonError"]);
        ev.result.reason = audit.text("LogonError");
    }
}

fn device_properties(audit: &dyn Fields) -> Option<Device> {
    let dp = NameValues::from_value(audit.field("DeviceProperties").as_deref());
    if dp.is_empty() {
        return None;
    }
    let d = Device {
        os: dp.get("OS").map(String::from),
        browser: dp.get("BrowserType").map(String::from),
        id: dp.get("Id").or(dp.get("DeviceId")).map(String::from),
        name: dp
            .get("DisplayName")
            .or(dp.get("DeviceName"))
            .map(String::from),
        trust_type: dp.get("TrustType").map(String::from),
        compliant: dp.get("IsCompliant").and_then(parse_bool),
        managed: dp
            .get("IsCompliantAndManaged")
            .or(dp.get("IsManaged"))
            .and_then(parse_bool),
    };
    (!d.is_empty()).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{SourcePos, detail::Detail};
    use serde_json::{Value, json};

    fn map(v: Value) -> Result<Event, MapError> {
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "ual-json",
        );
        map_audit(&v, &Wrapper::default(), DateOrder::Mdy, &mut ev).map(|_| ev)
    }

    #[test]
    fn failed_sts_logon_is_a_failure_even_when_result_status_says_success() {
        let ev = map(json!({"CreationTime": "2022-12-12 15:57:57", "Operation": "UserLoginFailed",
            "ResultStatus": "Success", "UserId": "A@B.com", "ClientIP": "1.2.3.4:80",
            "LogonError": "InvalidUserNameOrPassword", "IntraSystemId": "req-1",
            "ExtendedProperties": [{"Name": "UserAgent", "Value": "axios/1.7.2"}],
            "DeviceProperties": [{"Name": "OS", "Value": "Linux"}, {"Name": "SessionId", "Value": "s1"}]}))
        .unwrap();
        assert_eq!(ev.result.outcome, Outcome::Failure);
        assert_eq!(ev.actor.key, "a@b.com");
        assert_eq!(ev.ip, Some("1.2.3.4".parse().unwrap()));
        assert_eq!(ev.user_agent.as_deref(), Some("axios/1.7.2"));
        assert_eq!(ev.sessions.session_id.as_deref(), Some("s1"));
        assert_eq!(ev.sessions.request_id.as_deref(), Some("req-1"));
        assert_eq!(ev.device.unwrap().os.as_deref(), Some("Linux"));
        assert!(matches!(ev.detail, Detail::SignIn(_)));
    }

    #[test]
    fn mailbox_guid_is_kept_lower_case() {
        let ev = map(
            json!({"CreationTime": "2026-01-04T09:40:00", "Operation": "MailItemsAccessed",
            "UserId": "megan.bowen@contoso.com", "MailboxOwnerUPN": "Megan.Bowen@contoso.com",
            "MailboxGuid": "1799AF14-918D-4035-98F7-536EC791EF58"}),
        )
        .unwrap();
        assert_eq!(
            ev.mailbox_guid.as_deref(),
            Some("1799af14-918d-4035-98f7-536ec791ef58")
        );
        assert_eq!(ev.mailbox_owner.as_deref(), Some("megan.bowen@contoso.com"));
        let ev = map(json!({"CreationTime": "2026-01-04T09:40:00", "Operation": "Send"})).unwrap();
        assert_eq!(ev.mailbox_guid, None);
    }

    #[test]
    fn missing_operation_and_time_are_errors() {
        assert!(matches!(
            map(json!({"CreationTime": "2022-12-12T00:00:00"})),
            Err(MapError::NoOperation)
        ));
        assert!(matches!(
            map(json!({"Operation": "Send"})),
            Err(MapError::NoTime)
        ));
        assert!(matches!(
            map(json!({"Operation": "Send", "CreationTime": "yesterday"})),
            Err(MapError::BadTime(_))
        ));
        assert!(matches!(map(json!([1])), Err(MapError::NotAnObject)));
    }
}
