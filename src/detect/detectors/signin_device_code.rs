//! MT-S11: device-code and authentication-broker sign-ins (anchors.md §3 D24).
//!
//! Device-code phishing (Storm-2372 and others) sends the victim a code to enter at
//! `microsoft.com/devicelogin`; the attacker's polling client then receives the tokens.
//! Ordinary users almost never use the device-code flow. Recognised by the Entra
//! `authenticationProtocol` `deviceCode` or the UAL `ExtendedProperties.RequestType`
//! `Cmsi:Cmsi` on `UserLoggedIn`. Successful ones are medium, high from a hosting, VPN or
//! proxy network or when the client is the Microsoft Authentication Broker (the kits
//! request broker tokens to register a device and get a primary refresh token).
//!
//! A device-code habit — the same user from the same non-risky network on at least three
//! days over a week or more, without the broker — is low: developers and admins run
//! `az login --use-device-code` on their build boxes and cloud VMs; a phishing kit polls
//! for one victim in one evening (and whatever it then does from that address corroborates
//! it in correlation).
//!
//! A successful sign-in of the Microsoft Authentication Broker
//! (`29d9ed98-a469-4536-ade2-f981bc1d605e`) from a hosting, VPN or proxy network without
//! device code is medium: the broker runs on users' own Windows and mobile devices, not
//! on servers. Allow-listed networks never raise severity and never report broker
//! sign-ins; device-code use itself is still reported there.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, detail, is_risky_class, is_success, network_text, span_text,
    times,
};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S11",
    title: "Device-code or authentication-broker sign-in",
    severity: Severity::Medium,
    techniques: &["T1528", "T1566.002", "T1550.001"],
    status: Status::Stable,
    description: "A successful device-code sign-in (authenticationProtocol deviceCode, UAL \
        RequestType Cmsi:Cmsi) — the flow device-code phishing abuses — medium, high from a \
        hosting/VPN/proxy network or through the Microsoft Authentication Broker, low when it \
        is a habit (same network on 3+ days over a week or more); and \
        Authentication Broker sign-ins from hosting, VPN or proxy networks (medium).",
    fields: &[
        "detail.auth_protocol",
        "detail.request_type",
        "app_id",
        "net.class",
        "result.outcome",
    ],
    params: &[
        Param {
            name: "habit_days",
            default: 3.0,
            doc: "distinct days of device-code sign-ins from one network that make a habit (low)",
        },
        Param {
            name: "habit_span_days",
            default: 7.0,
            doc: "least number of days between the first and last of a habit",
        },
    ],
    role: Role::sign_in("device-code phishing", 0),
};

/// Microsoft Authentication Broker application id.
pub const BROKER_APP_ID: &str = "29d9ed98-a469-4536-ade2-f981bc1d605e";

/// True for a device-code sign-in.
fn is_device_code(ev: &Event) -> bool {
    let Some(d) = detail(ev) else {
        return false;
    };
    d.auth_protocol
        .as_deref()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("deviceCode"))
        || d.request_type
            .as_deref()
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("Cmsi:Cmsi"))
}

/// True for a sign-in of the Microsoft Authentication Broker.
fn is_broker(ev: &Event) -> bool {
    ev.app_id
        .as_deref()
        .is_some_and(|id| id.trim().eq_ignore_ascii_case(BROKER_APP_ID))
}

/// What kind of sign-in was seen, with its severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    DeviceCode,
    Broker,
}

/// Running state of one finding.
#[derive(Debug)]
struct Flow {
    kind: Kind,
    broker: bool,
    network: String,
    /// Distinct UTC days seen (up to `DAYS_KEPT`).
    days: BTreeSet<NaiveDate>,
    /// `habit_days` and `habit_span_days`: device-code sign-ins from one network on this
    /// many days spread over at least this many days are a habit (a developer's `az login
    /// --use-device-code` on a build box), not a phishing kit's one evening of polling.
    habit: (usize, i64),
}

/// Most distinct days remembered per finding (a larger `habit_days` counts as this).
const DAYS_KEPT: usize = 31;

/// True when the flow is a routine: device code without the broker, from the same
/// ordinary network, on several days over a week or more.
fn habitual(f: &Finding, s: &Flow) -> bool {
    s.kind == Kind::DeviceCode
        && !s.broker
        && f.severity == Severity::Medium
        && s.days.len() >= s.habit.0
        && (f.time_last - f.time_first) >= Duration::days(s.habit.1)
}

/// The detector.
#[derive(Debug)]
pub struct SigninDeviceCode {
    open: Aggregates<(String, Kind, String), Flow>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninDeviceCode {
        open: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
    })
}

fn finalize(f: &mut Finding, s: &Flow) {
    let habit = if habitual(f, s) {
        f.severity = Severity::Low;
        format!(
            "; on {}{} days: a routine (developers and admins use the flow on their own \
             machines)",
            if s.days.len() >= DAYS_KEPT {
                "at least "
            } else {
                ""
            },
            s.days.len()
        )
    } else {
        String::new()
    };
    let what = match (s.kind, s.broker) {
        (Kind::DeviceCode, true) => {
            "signed in with the device-code flow through the Microsoft Authentication Broker"
        }
        (Kind::DeviceCode, false) => "signed in with the device-code flow",
        (Kind::Broker, _) => "signed in through the Microsoft Authentication Broker",
    };
    f.summary = format!(
        "{} {what} {} from {} {}{habit}",
        f.user,
        times(f.evidence_count),
        s.network,
        span_text(f)
    );
}

impl Detector for SigninDeviceCode {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_success(ev) {
            return;
        }
        let allowed = ctx.network_trusted(ev);
        let risky = !allowed && ev.net_class().is_some_and(is_risky_class);
        let broker = is_broker(ev);
        let (kind, severity) = if is_device_code(ev) {
            let high = risky || (broker && !allowed);
            (
                Kind::DeviceCode,
                if high {
                    Severity::High
                } else {
                    Severity::Medium
                },
            )
        } else if broker && risky {
            (Kind::Broker, Severity::Medium)
        } else {
            return;
        };
        let ip = ev.ip.map(|i| i.to_string()).unwrap_or_default();
        let (f, s) = self
            .open
            .add((ev.actor.key.clone(), kind, ip), ev, out, || {
                let f = Finding::from_event(&META, ev, String::new()).with_severity(severity);
                (
                    f,
                    Flow {
                        kind,
                        broker,
                        network: network_text(ev),
                        days: BTreeSet::new(),
                        habit: (
                            (ctx.param(&META, "habit_days") as usize).clamp(1, DAYS_KEPT),
                            ctx.param(&META, "habit_span_days") as i64,
                        ),
                    },
                )
            });
        s.broker |= broker;
        if s.days.len() < DAYS_KEPT {
            s.days.insert(ev.time.date_naive());
        }
        f.severity = f.severity.max(severity);
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        self.open.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;

    const U: &str = "megan.bowen@contoso.com";

    #[test]
    fn a_device_code_habit_from_one_ordinary_network_is_low() {
        let day = 86_400;
        let habit: Vec<Event> = [0, 3, 9]
            .iter()
            .map(|d| {
                signin(U, d * day, "34.70.57.241")
                    .net(396982, NetClass::Cloud)
                    .protocol("deviceCode")
                    .ev()
            })
            .collect();
        let f = run_default(new(), &habit);
        assert_eq!(f[0].severity, Severity::Low);
        assert!(
            f[0].summary.contains("on 3 days: a routine"),
            "{}",
            f[0].summary
        );
        let evening = &habit[..2];
        let f = run_default(new(), evening);
        assert_eq!(f[0].severity, Severity::Medium, "two days are not a habit");
    }

    #[test]
    fn device_code_is_medium_and_high_from_hosting_or_broker() {
        let evs = [
            signin(U, 0, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .protocol("deviceCode")
                .ev(),
            signin(U, 1, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .protocol("devicecode")
                .ev(),
            signin(U, 2, "73.1.1.2")
                .net(7922, NetClass::Isp)
                .protocol("deviceCode")
                .app(BROKER_APP_ID, "Microsoft Authentication Broker")
                .ev(),
        ];
        let mut f = run_default(new(), &evs);
        f.sort_by_key(|f| f.ip);
        let sev: Vec<Severity> = f.iter().map(|f| f.severity).collect();
        assert_eq!(sev, vec![Severity::Medium, Severity::High, Severity::High]);
        let broker = f
            .iter()
            .find(|f| f.ip.unwrap().to_string() == "73.1.1.2")
            .unwrap();
        assert!(
            broker
                .summary
                .contains("device-code flow through the Microsoft Authentication Broker once"),
            "{}",
            broker.summary
        );
    }

    #[test]
    fn ual_cmsi_request_type() {
        let evs = [signin(U, 0, "159.203.1.1")
            .net(14061, NetClass::Hosting)
            .request_type("Cmsi:Cmsi")
            .ual()
            .ev()];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].operation, "UserLoggedIn");
    }

    #[test]
    fn broker_only_from_risky_networks_and_only_successes() {
        let broker = |secs, ip: &str, asn, class| {
            signin(U, secs, ip)
                .net(asn, class)
                .app(BROKER_APP_ID, "Microsoft Authentication Broker")
        };
        let evs = [
            broker(0, "73.1.1.1", 7922, NetClass::Isp).ev(),
            broker(1, "159.203.1.1", 14061, NetClass::Hosting).ev(),
            broker(2, "51.38.1.1", 16276, NetClass::Hosting)
                .fail("50126")
                .ev(),
            signin(U, 3, "51.38.1.1")
                .protocol("deviceCode")
                .fail("50199")
                .ev(),
            signin(U, 4, "51.38.1.1")
                .request_type("OAuth2:Authorize")
                .ual()
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(f[0].ip.unwrap().to_string(), "159.203.1.1");
    }

    #[test]
    fn allow_listed_networks_do_not_raise() {
        let mut ctx = Context::default();
        ctx.allow.asns.insert(14061);
        let evs = [
            signin(U, 0, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .protocol("deviceCode")
                .ev(),
            signin(U, 1, "159.203.1.2")
                .net(14061, NetClass::Hosting)
                .app(BROKER_APP_ID, "MAB")
                .ev(),
        ];
        let f = run(new(), &ctx, &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
    }
}
