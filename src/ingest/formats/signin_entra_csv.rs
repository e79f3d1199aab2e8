//! `signin-entra-csv`: the Entra portal's sign-in downloads (interactive, non-interactive,
//! application, managed-identity) and the older portal CSV (`CreatedDateTime,
//! UserPrincipalName,…,IPAddress,City,Country,…`). Columns drift between versions, so
//! every field is looked up by normalised header name with fallbacks.

use super::super::csv_header::CsvHeader;
use super::{FileCtx, InputFormat, Mapped, Record, new_event};
use crate::event::detail::{Detail, SignInDetail};
use crate::event::fields::parse_bool;
use crate::event::signin::{location_from_text, outcome_of_code, outcome_of_status};
use crate::event::time::parse_time;
use crate::event::{Category, Device, Event, Location, MapError, Outcome, SourcePos, UserRef};
use crate::ingest::sniff::Head;

/// Entra portal sign-in CSV.
pub struct SigninEntraCsv;

/// The first present, non-empty column among `names`.
fn pick<'r>(h: &CsvHeader, row: &'r [String], names: &[&str]) -> Option<&'r str> {
    names.iter().find_map(|n| h.get(row, n))
}

fn owned(h: &CsvHeader, row: &[String], names: &[&str]) -> Option<String> {
    pick(h, row, names).map(String::from)
}

impl InputFormat for SigninEntraCsv {
    fn id(&self) -> &'static str {
        "signin-entra-csv"
    }
    fn title(&self) -> &'static str {
        "Entra portal sign-in download (CSV)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        if head.has_columns(&["date (utc)", "request id", "ip address"]) {
            return Some(
                "CSV header has Date (UTC), Request ID, IP address (Entra portal sign-in download)"
                    .into(),
            );
        }
        let legacy = head.has_columns(&[
            "createddatetime",
            "userprincipalname",
            "ipaddress",
            "status",
        ]) && !head.has_columns(&["resulttype"]);
        legacy.then(|| "CSV header has CreatedDateTime, UserPrincipalName, IPAddress, Status (older portal sign-in CSV)".into())
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        let Record::Csv {
            header: h,
            cells: row,
        } = rec
        else {
            return Err(MapError::NotAnObject);
        };
        let time =
            pick(h, row, &["date (utc)", "createddatetime", "date"]).ok_or(MapError::NoTime)?;
        let mut ev = new_event(pos, self.id());
        ev.time = parse_time(time, ctx.date_order).map_err(MapError::BadTime)?;
        ev.time_known = true;
        ev.operation = "SignIn".into();
        ev.category = Category::SignIn;
        ev.workload = Some("AzureActiveDirectory".into());
        set_identity(h, row, &mut ev);
        if let Some(ip) = pick(h, row, &["ip address", "ipaddress"]) {
            ev.set_ip(ip);
        }
        ev.record_id = owned(h, row, &["request id", "id"]);
        ev.user_agent = owned(h, row, &["user agent", "useragent"]);
        ev.client_info = owned(h, row, &["client app", "clientappused"]);
        ev.app_id = owned(h, row, &["application id", "appid"]);
        ev.app_name = owned(h, row, &["application", "appdisplayname"]);
        ev.sessions.session_id = owned(h, row, &["session id", "sessionid"]);
        ev.sessions.unique_token_id = owned(h, row, &["unique token identifier"]);
        ev.sessions.correlation_id = owned(h, row, &["correlation id", "correlationid"]);
        ev.sessions.request_id = ev.record_id.clone();
        set_result(h, row, &mut ev);
        ev.device = device(h, row);
        ev.location = location(h, row);
        ev.source_asn = pick(h, row, &["autonomous system number"])
            .and_then(|s| s.parse().ok())
            .filter(|&n| n > 0);
        ev.organization = owned(h, row, &["home tenant name", "home tenant id"]);
        ev.detail = Detail::SignIn(Box::new(detail(h, row)));
        Ok(Mapped::Event(Box::new(ev)))
    }
}

fn set_identity(h: &CsvHeader, row: &[String], ev: &mut Event) {
    if let Some(upn) = pick(
        h,
        row,
        &["username", "userprincipalname", "user principal name"],
    ) {
        ev.actor = UserRef::from_raw(upn);
    } else if let Some(sp) = pick(
        h,
        row,
        &[
            "service principal name",
            "service principal id",
            "application",
        ],
    ) {
        ev.actor = UserRef::service_principal(sp);
    }
}

fn set_result(h: &CsvHeader, row: &[String], ev: &mut Event) {
    let code = pick(h, row, &["sign-in error code", "error code", "errorcode"]);
    let status = pick(h, row, &["status"])
        .map(outcome_of_status)
        .unwrap_or(Outcome::Unknown);
    ev.result.outcome = match status {
        Outcome::Unknown => code.map_or(Outcome::Unknown, outcome_of_code),
        s => s,
    };
    ev.result.error_code = code.map(String::from);
    ev.result.reason =
        owned(h, row, &["failure reason"]).filter(|r| !r.eq_ignore_ascii_case("other"));
}

fn device(h: &CsvHeader, row: &[String]) -> Option<Device> {
    let d = Device {
        os: owned(h, row, &["operating system", "os"]),
        browser: owned(h, row, &["browser"]),
        id: owned(h, row, &["device id"]),
        name: owned(h, row, &["device", "device name"]),
        trust_type: owned(h, row, &["join type"]),
        compliant: pick(h, row, &["compliant"]).and_then(parse_bool),
        managed: pick(h, row, &["managed"]).and_then(parse_bool),
    };
    (!d.is_empty()).then_some(d)
}

fn location(h: &CsvHeader, row: &[String]) -> Option<Location> {
    if let Some(text) = pick(h, row, &["location"]) {
        return location_from_text(text);
    }
    let loc = Location {
        city: owned(h, row, &["city"]),
        state: owned(h, row, &["state"]),
        country: owned(h, row, &["country"]).map(|c| c.to_ascii_uppercase()),
        ..Location::default()
    };
    (!loc.is_empty()).then_some(loc)
}

fn detail(h: &CsvHeader, row: &[String]) -> SignInDetail {
    let log = if h.has("service principal id") {
        Some("service-principal")
    } else if pick(h, row, &["managed identity type"]).is_some()
        && pick(h, row, &["username"]).is_none()
    {
        Some("managed-identity")
    } else {
        None
    };
    SignInDetail {
        log: log.map(String::from),
        client_app_used: owned(h, row, &["client app"]),
        auth_protocol: owned(h, row, &["authentication protocol"]),
        auth_requirement: owned(h, row, &["authentication requirement"]),
        mfa_method: owned(h, row, &["multifactor authentication auth method"]),
        resource: owned(h, row, &["resource"]),
        conditional_access: owned(h, row, &["conditional access"]),
        risk_level: owned(
            h,
            row,
            &["risk level during sign-in", "risklevelduringsignin"],
        ),
        risk_state: owned(h, row, &["risk state", "riskstate"]),
        incoming_token_type: owned(h, row, &["incoming token type"]),
        user_type: owned(h, row, &["user type"]),
        cross_tenant: owned(h, row, &["cross tenant access type"]),
        ..SignInDetail::default()
    }
}
