//! MT-S10: the traces an adversary-in-the-middle phishing proxy leaves (anchors.md §2.1
//! AiTM-kit notes, §3 D23):
//!
//! - a sign-in to **OfficeHome** (`4765445b-32c6-49b0-83e6-1d93765276ca`, the app the
//!   `login.microsoftonline.com` landing page signs in to, which Tycoon 2FA, Storm-1167,
//!   Sneaky 2FA and Evilginx phishlets proxy) with **no device id** from a hosting, VPN or
//!   proxy network: the proxy server, not the victim's device, talked to Entra (Analyzer
//!   rule 010). Successful → high; interrupted (MFA being relayed) → medium. A registered
//!   device or an ordinary ISP does not fire.
//! - an Exchange record whose `ClientInfoString` is `Client=OWA;Action=ViaProxy` from a
//!   hosting, VPN or proxy network → medium (Analyzer rule 061). OWA writes `ViaProxy` for
//!   ordinary proxied sessions too, so from an ISP or a security vendor it is not reported.
//!
//! Allow-listed networks are skipped. Aggregated per user, indicator and IP.

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, is_risky_class, is_user_signin, network_text, span_text, times,
};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Status};
use crate::event::{Event, Outcome};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S10",
    title: "Adversary-in-the-middle sign-in indicators",
    severity: Severity::High,
    techniques: &["T1557", "T1539"],
    status: Status::Stable,
    description: "OfficeHome sign-in without a device id from a hosting, VPN or proxy \
        network (the phishing proxy signing in for the victim: high when successful, medium \
        when interrupted at MFA), and Exchange records with Client=OWA;Action=ViaProxy from \
        such a network (medium).",
    fields: &[
        "app_id",
        "app_name",
        "device.id",
        "client_info",
        "net.class",
        "result.outcome",
    ],
    params: &[],
    role: Role::sign_in("adversary-in-the-middle (AiTM) phishing", 0),
};

/// OfficeHome application id.
pub const OFFICE_HOME_APP_ID: &str = "4765445b-32c6-49b0-83e6-1d93765276ca";

/// Device ids that mean "no registered device".
const EMPTY_DEVICE_IDS: &[&str] = &["", "00000000-0000-0000-0000-000000000000"];

/// True for a sign-in to OfficeHome, by id or by name.
fn is_office_home(ev: &Event) -> bool {
    ev.app_id
        .as_deref()
        .is_some_and(|id| id.trim().eq_ignore_ascii_case(OFFICE_HOME_APP_ID))
        || ev
            .app_name
            .as_deref()
            .is_some_and(|n| n.trim().eq_ignore_ascii_case("OfficeHome"))
}

/// True when the event names no registered device.
fn has_no_device(ev: &Event) -> bool {
    ev.device
        .as_ref()
        .and_then(|d| d.id.as_deref())
        .is_none_or(|id| EMPTY_DEVICE_IDS.contains(&id.trim()))
}

/// True for `Client=OWA;Action=ViaProxy` (parts in any order and case).
pub fn is_owa_via_proxy(client_info: &str) -> bool {
    let mut owa = false;
    let mut via_proxy = false;
    for part in client_info.split(';') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        owa |= k.eq_ignore_ascii_case("Client") && v.eq_ignore_ascii_case("OWA");
        via_proxy |= k.eq_ignore_ascii_case("Action") && v.eq_ignore_ascii_case("ViaProxy");
    }
    owa && via_proxy
}

/// Which indicator an event shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Indicator {
    OfficeHomeSuccess,
    OfficeHomeInterrupted,
    OwaViaProxy,
}

impl Indicator {
    fn of(ev: &Event) -> Option<Indicator> {
        if is_user_signin(ev) && is_office_home(ev) && has_no_device(ev) {
            return match ev.result.outcome {
                Outcome::Success => Some(Indicator::OfficeHomeSuccess),
                Outcome::Interrupted => Some(Indicator::OfficeHomeInterrupted),
                _ => None,
            };
        }
        let via_proxy =
            ev.actor.is_human() && ev.client_info.as_deref().is_some_and(is_owa_via_proxy);
        via_proxy.then_some(Indicator::OwaViaProxy)
    }

    fn severity(self) -> Severity {
        match self {
            Indicator::OfficeHomeSuccess => Severity::High,
            Indicator::OfficeHomeInterrupted | Indicator::OwaViaProxy => Severity::Medium,
        }
    }

    fn text(self) -> &'static str {
        match self {
            Indicator::OfficeHomeSuccess => {
                "signed in successfully to OfficeHome without a registered device"
            }
            Indicator::OfficeHomeInterrupted => {
                "was prompted for MFA signing in to OfficeHome without a registered device"
            }
            Indicator::OwaViaProxy => "used OWA through a proxy (Client=OWA;Action=ViaProxy)",
        }
    }
}

/// Running state of one finding.
#[derive(Debug)]
struct Sighting {
    indicator: Indicator,
    network: String,
}

/// The detector.
#[derive(Debug)]
pub struct SigninAitmIndicators {
    open: Aggregates<(String, Indicator, String), Sighting>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninAitmIndicators {
        open: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
    })
}

fn finalize(f: &mut Finding, s: &Sighting) {
    f.summary = format!(
        "{} {} {} from {}, a typical adversary-in-the-middle proxy network, {}",
        f.user,
        s.indicator.text(),
        times(f.evidence_count),
        s.network,
        span_text(f)
    );
}

impl Detector for SigninAitmIndicators {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        let Some(indicator) = Indicator::of(ev) else {
            return;
        };
        if !ev.net_class().is_some_and(is_risky_class) || ctx.network_trusted(ev) {
            return;
        }
        let ip = ev.ip.map(|i| i.to_string()).unwrap_or_default();
        self.open
            .add((ev.actor.key.clone(), indicator, ip), ev, out, || {
                let f = Finding::from_event(&META, ev, String::new())
                    .with_severity(indicator.severity());
                (
                    f,
                    Sighting {
                        indicator,
                        network: network_text(ev),
                    },
                )
            });
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
    use crate::event::Category;
    use crate::event::detail::Detail;

    const U: &str = "megan.bowen@contoso.com";

    fn office_home(secs: i64, ip: &str) -> B {
        signin(U, secs, ip).app(OFFICE_HOME_APP_ID, "OfficeHome")
    }

    fn owa(secs: i64, ip: &str, client_info: &str) -> B {
        signin(U, secs, ip).with(|e| {
            e.operation = "MailItemsAccessed".into();
            e.category = Category::MailAccess;
            e.detail = Detail::None;
            e.client_info = Some(client_info.into());
        })
    }

    #[test]
    fn office_home_without_device_from_hosting() {
        let evs = [
            office_home(0, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .device_id("")
                .interrupted("50074")
                .ev(),
            office_home(20, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .device_id("")
                .ev(),
            // Absent device details count as no device; the name alone identifies the app.
            signin(U, 40, "159.203.1.1")
                .app("", "OfficeHome")
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        let mut f = run_default(new(), &evs);
        f.sort_by_key(|f| f.severity);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(f[1].severity, Severity::High);
        assert_eq!(f[1].evidence_count, 2);
        assert!(
            f[1].summary.contains(
                "signed in successfully to OfficeHome without a registered device 2 times"
            ),
            "{}",
            f[1].summary
        );
    }

    #[test]
    fn registered_devices_isps_and_other_apps_do_not_fire() {
        let evs = [
            office_home(0, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .device_id("5e0a3f5c-7d7b-4b8e-9a55-0b1f2d3c4e5f")
                .ev(),
            office_home(1, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .device_id("")
                .ev(),
            office_home(2, "165.225.1.1")
                .net(53813, NetClass::SecurityVendor)
                .device_id("")
                .ev(),
            office_home(3, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .device_id("")
                .fail("50126")
                .ev(),
            signin(U, 4, "159.203.1.1")
                .app(
                    "00000002-0000-0ff1-ce00-000000000000",
                    "Office 365 Exchange Online",
                )
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        assert!(run_default(new(), &evs).is_empty());
    }

    #[test]
    fn owa_via_proxy_only_from_risky_networks() {
        assert!(is_owa_via_proxy("Client=OWA;Action=ViaProxy"));
        assert!(is_owa_via_proxy(" action=viaproxy ; client=owa "));
        assert!(!is_owa_via_proxy("Client=OWA;Action=Other"));
        assert!(!is_owa_via_proxy("Client=WebServices;Action=ViaProxy"));
        let evs = [
            owa(0, "73.1.1.1", "Client=OWA;Action=ViaProxy")
                .net(7922, NetClass::Isp)
                .ev(),
            owa(1, "159.203.1.1", "Client=OWA;Action=ViaProxy")
                .net(14061, NetClass::Hosting)
                .ev(),
            owa(2, "159.203.1.1", "Client=OWA;Action=ViaProxy")
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(f[0].evidence_count, 2);
        assert_eq!(f[0].operation, "MailItemsAccessed");
    }

    #[test]
    fn allow_listed_networks_are_skipped() {
        let mut ctx = Context::default();
        ctx.allow.asns.insert(14061);
        let evs = [office_home(0, "159.203.1.1")
            .net(14061, NetClass::Hosting)
            .device_id("")
            .ev()];
        assert!(run(new(), &ctx, &evs).is_empty());
    }
}
