//! `signin-entra-csv`: the Entra portal's sign-in downloads (interactive, non-interactive,
//! application, managed-identity) and the older portal CSV (`CreatedDateTime,
//! UserPrincipalName,…,IPAddress,City,Country,…`). Columns drift between versions, so
//! every field is looked up by normalised header name with fallbacks.

use super::super::csv_header::CsvHeader;
use super::Cell;
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
fn pick<'r>(h: &CsvHeader, row: &'r [Cell<'_>], names: &[&str]) -> Option<&'r str> {
    names.iter().find_map(|n| h.get(row, n))
}

fn owned(h: &CsvHeader, row: &[Cell<'_>], names: &[&str]) -> Option<String> {
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
        ev.detail = Detail::SignIn(Box::new(detail(h, row, &ctx.name)));
        Ok(Mapped::Event(Box::new(ev)))
    }
}

fn set_identity(h: &CsvHeader, row: &[Cell<'_>], ev: &mut Event) {
    ev.actor_object_id = pick(h, row, &["user id", "userid"]).map(str::to_lowercase);
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

fn set_result(h: &CsvHeader, row: &[Cell<'_>], ev: &mut Event) {
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

fn device(h: &CsvHeader, row: &[Cell<'_>]) -> Option<Device> {
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

fn location(h: &CsvHeader, row: &[Cell<'_>]) -> Option<Location> {
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

/// The log a row comes from when its columns say so (application and managed-identity
/// downloads have their own columns).
fn log_of_row(h: &CsvHeader, row: &[Cell<'_>]) -> Option<&'static str> {
    if h.has("service principal id") {
        Some("service-principal")
    } else if pick(h, row, &["managed identity type"]).is_some()
        && pick(h, row, &["username"]).is_none()
    {
        Some("managed-identity")
    } else {
        None
    }
}

/// File-name prefixes of the portal's downloads and the log each holds, lower-case. The
/// interactive and non-interactive downloads share one header: only the name differs.
const NAME_PREFIXES: &[(&str, &str)] = &[
    ("interactivesignins", "interactive"),
    ("noninteractivesignins", "non-interactive"),
    ("applicationsignins", "service-principal"),
    ("serviceprincipalsignins", "service-principal"),
    ("msisignins", "managed-identity"),
    ("managedidentitysignins", "managed-identity"),
];

/// The log a portal download holds, from its file name (`InteractiveSignIns_<from>_<to>.csv`, …).
fn log_of_name(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    NAME_PREFIXES
        .iter()
        .find(|(prefix, _)| lower.starts_with(prefix))
        .map(|(_, log)| *log)
}

fn detail(h: &CsvHeader, row: &[Cell<'_>], file_name: &str) -> SignInDetail {
    let log = log_of_row(h, row).or_else(|| log_of_name(file_name));
    let interactive = pick(h, row, &["is interactive", "isinteractive"])
        .and_then(parse_bool)
        .or_else(|| log.map(|l| l == "interactive"));
    SignInDetail {
        log: log.map(String::from),
        interactive,
        client_app_used: owned(h, row, &["client app"]),
        auth_protocol: owned(h, row, &["authentication protocol"]),
        auth_requirement: owned(h, row, &["authentication requirement"]),
        mfa_method: owned(h, row, &["multifactor authentication auth method"]),
        mfa_result: owned(
            h,
            row,
            &[
                "multifactor authentication result",
                "multifactor authentication auth detail",
            ],
        ),
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

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &[&str] = &[
        "Date (UTC)",
        "Request ID",
        "User ID",
        "Username",
        "IP address",
        "Status",
        "Multifactor authentication result",
        "Multifactor authentication auth method",
        "Multifactor authentication auth detail",
    ];

    fn map_row(header: &[&str], cells: &[&str], file_name: &str) -> Event {
        let h = CsvHeader::from_names(header.iter().map(|s| s.to_string()).collect());
        let row: Vec<Cell<'_>> = cells.iter().map(|s| Cell::Borrowed(*s)).collect();
        let pos = SourcePos {
            file: 0,
            line: 2,
            record: 1,
        };
        let ctx = FileCtx {
            date_order: Default::default(),
            name: file_name.into(),
        };
        let rec = Record::Csv {
            header: &h,
            cells: &row,
        };
        match SigninEntraCsv.map(rec, pos, &ctx) {
            Ok(Mapped::Event(ev)) => *ev,
            _ => panic!("row did not map to an event"),
        }
    }

    fn signin(ev: &Event) -> &SignInDetail {
        match &ev.detail {
            Detail::SignIn(d) => d,
            other => panic!("not a sign-in: {other:?}"),
        }
    }

    fn row<'a>(result: &'a str, detail: &'a str) -> Vec<&'a str> {
        let (id, upn) = (
            "3C9A1F52-7B4E-4D08-A6E1-2F5B8C0D7E91",
            "megan.bowen@contoso.com",
        );
        let (method, ip) = ("Previously satisfied", "159.203.1.1");
        vec![
            "2026-01-04T08:19:41Z",
            "r1",
            id,
            upn,
            ip,
            "Success",
            result,
            method,
            detail,
        ]
    }

    #[test]
    fn user_id_and_mfa_result() {
        let claim = "MFA requirement satisfied by claim in the token";
        let ev = map_row(HEADER, &row(claim, "+X XXXXXXXX00"), "export.csv");
        assert_eq!(
            ev.actor_object_id.as_deref(),
            Some("3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91")
        );
        let d = signin(&ev);
        assert_eq!(d.mfa_result.as_deref(), Some(claim));
        assert_eq!(d.mfa_method.as_deref(), Some("Previously satisfied"));
        let ev = map_row(HEADER, &row("", "+X XXXXXXXX00"), "export.csv");
        assert_eq!(signin(&ev).mfa_result.as_deref(), Some("+X XXXXXXXX00"));
        let ev = map_row(HEADER, &row("", ""), "export.csv");
        assert_eq!(signin(&ev).mfa_result, None);
    }

    #[test]
    fn log_and_interactive_come_from_the_file_name() {
        for (name, log, interactive) in [
            (
                "InteractiveSignIns_2026-01-01_2026-01-08.csv",
                Some("interactive"),
                Some(true),
            ),
            (
                "noninteractivesignins_2026-01-01_2026-01-08.csv",
                Some("non-interactive"),
                Some(false),
            ),
            (
                "ApplicationSignIns_2026-01-01_2026-01-08.csv",
                Some("service-principal"),
                Some(false),
            ),
            (
                "ServicePrincipalSignIns_x.csv",
                Some("service-principal"),
                Some(false),
            ),
            ("MSISignIns_x.csv", Some("managed-identity"), Some(false)),
            (
                "ManagedIdentitySignIns_x.csv",
                Some("managed-identity"),
                Some(false),
            ),
            ("SignIns_2026-01-01.csv", None, None),
            ("-", None, None),
        ] {
            let ev = map_row(HEADER, &row("", ""), name);
            let d = signin(&ev);
            assert_eq!(
                (d.log.as_deref(), d.interactive),
                (log, interactive),
                "{name}"
            );
        }
    }

    #[test]
    fn the_row_wins_over_the_file_name() {
        let header = [
            "Date (UTC)",
            "Request ID",
            "Service principal ID",
            "IP address",
        ];
        let cells = ["2026-01-04T09:00:00Z", "r2", "7ac37af9", "159.203.1.1"];
        let ev = map_row(&header, &cells, "InteractiveSignIns_renamed.csv");
        let d = signin(&ev);
        assert_eq!(d.log.as_deref(), Some("service-principal"));
        assert_eq!(d.interactive, Some(false));
        assert_eq!(ev.actor_object_id, None);
    }
}
