//! MT-S01: a person signed in successfully from a hosting, VPN or proxy network.
//!
//! AiTM phishing kits and password-spray tooling run on rented servers (anchors.md §2.1
//! kit notes: DigitalOcean, M247, HostPapa, Hostinger…; §5 RedVDS), and the session they
//! steal is replayed from there; people seldom sign in from a VPS. Severity follows how
//! rarely a legitimate user is on that class of network:
//!
//! - `hosting` → high: VPS/dedicated servers are attacker infrastructure far more often
//!   than a user's desktop (cloud desktops run in the `microsoft`/`cloud` classes);
//! - `vpn`, `proxy` → medium: commercial VPNs and residential proxies hide attackers, but
//!   travellers and privacy-minded staff use them too;
//! - `cloud` → low: AWS/GCP/Oracle host attacker proxies (Evilginx on AS16509, §2.1) but
//!   also VDI, SaaS connectors and corporate egress, so alone it is only a hint.
//!
//! Successes are aggregated per user and IP (so correlation learns every attacker IP).
//! Failed or interrupted attempts from such a network, when that user never succeeded
//! from the same ASN, become one low finding per user and ASN at the end of the run.
//! Allow-listed networks (IP, ASN or country) are skipped.

use std::collections::{BTreeSet, HashSet};

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, is_success, is_user_signin, network_facts, network_text,
    span_text, times,
};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Status};
use crate::enrich::NetClass;
use crate::event::{Event, Outcome};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S01",
    title: "Successful sign-in from a hosting, VPN or proxy network",
    severity: Severity::High,
    techniques: &["T1078.004"],
    status: Status::Stable,
    description: "A user signed in successfully from a hosting/VPS network (high), a commercial \
        VPN or proxy network (medium) or a public cloud (low). Phishing kits and stolen-session \
        replay run from rented servers; users rarely do. Failed attempts alone from such \
        networks are summarised once per user and ASN (low).",
    fields: &["result.outcome", "ip", "net.asn", "net.class", "actor"],
    params: &[],
    role: Role::sign_in("sign-in from a hosting, VPN or proxy network", 7),
};

/// Most distinct IPs listed per failure summary.
const IPS_LISTED_MAX: usize = 5;

/// Severity of a successful sign-in from a network class, or `None` when unremarkable.
fn severity_of(class: NetClass) -> Option<Severity> {
    match class {
        NetClass::Hosting => Some(Severity::High),
        NetClass::Vpn | NetClass::Proxy => Some(Severity::Medium),
        NetClass::Cloud => Some(Severity::Low),
        _ => None,
    }
}

/// ASN when known, else the address text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum NetKey {
    Asn(u32),
    Ip(String),
}

fn net_key(ev: &Event) -> NetKey {
    match ev.asn() {
        Some(a) => NetKey::Asn(a),
        None => NetKey::Ip(ev.ip.map(|i| i.to_string()).unwrap_or_default()),
    }
}

/// Running state of a success finding.
#[derive(Debug)]
struct Success {
    network: String,
}

/// Running state of a failure finding.
#[derive(Debug, Default)]
struct Failures {
    failed: u64,
    interrupted: u64,
    ips: BTreeSet<String>,
    network: String,
}

/// The detector.
#[derive(Debug)]
pub struct SigninHostingAsn {
    successes: Aggregates<(String, String), Success>,
    failures: Aggregates<(String, NetKey), Failures>,
    succeeded_from: HashSet<(String, NetKey)>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninHostingAsn {
        successes: Aggregates::new(OPEN_FINDINGS_MAX, finalize_success),
        failures: Aggregates::new(OPEN_FINDINGS_MAX, finalize_failures),
        succeeded_from: HashSet::new(),
    })
}

fn finalize_success(f: &mut Finding, s: &Success) {
    f.summary = format!(
        "{} signed in successfully {} from {} {}",
        f.user,
        times(f.evidence_count),
        s.network,
        span_text(f)
    );
}

fn finalize_failures(f: &mut Finding, s: &Failures) {
    let mut ips: Vec<&str> = s.ips.iter().map(String::as_str).collect();
    let more = ips.len().saturating_sub(IPS_LISTED_MAX);
    ips.truncate(IPS_LISTED_MAX);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let mut text = format!(
        "{}: {} failed and {} interrupted sign-ins from {} (IPs {}{more}) {}, none successful from \
         that network",
        f.user,
        s.failed,
        s.interrupted,
        s.network,
        ips.join(", "),
        span_text(f)
    );
    if s.interrupted > 0 {
        text.push_str(
            "; an interrupted sign-in (MFA or consent prompt) means the password was accepted",
        );
    }
    f.summary = text;
}

impl Detector for SigninHostingAsn {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_user_signin(ev) {
            return;
        }
        let Some(sev) = ev.net_class().and_then(severity_of) else {
            return;
        };
        if ctx.network_trusted(ev) {
            return;
        }
        let user = ev.actor.key.clone();
        if is_success(ev) {
            self.succeeded_from.insert((user.clone(), net_key(ev)));
            let ip = ev.ip.map(|i| i.to_string()).unwrap_or_default();
            self.successes.add((user, ip), ev, out, || {
                let f = Finding::from_event(&META, ev, String::new()).with_severity(sev);
                (
                    f,
                    Success {
                        network: network_text(ev),
                    },
                )
            });
            return;
        }
        if !matches!(ev.result.outcome, Outcome::Failure | Outcome::Interrupted) {
            return;
        }
        let entry = self.failures.add((user, net_key(ev)), ev, out, || {
            let f = Finding::from_event(&META, ev, String::new()).with_severity(Severity::Low);
            let network = network_facts(ev).unwrap_or_else(|| network_text(ev));
            (
                f,
                Failures {
                    network,
                    ..Failures::default()
                },
            )
        });
        let state = &mut entry.1;
        if ev.result.outcome == Outcome::Interrupted {
            state.interrupted += 1;
        } else {
            state.failed += 1;
        }
        if let Some(ip) = ev.ip
            && state.ips.len() < 100
        {
            state.ips.insert(ip.to_string());
        }
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        self.successes.flush(out);
        let succeeded = &self.succeeded_from;
        let mut alone = Vec::new();
        self.failures.close_where(&mut alone, |(user, key), _| {
            !succeeded.contains(&(user.clone(), key.clone()))
        });
        out.extend(alone);
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::detect::context::IpNet;

    const MEGAN: &str = "megan.bowen@contoso.com";

    #[test]
    fn hosting_success_is_high_and_aggregated_per_ip() {
        let evs = [
            signin(MEGAN, 0, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .country("US")
                .ev(),
            signin(MEGAN, 60, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ual()
                .ev(),
            signin(MEGAN, 90, "159.203.1.2")
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.severity == Severity::High));
        let first = f
            .iter()
            .find(|f| f.ip.unwrap().to_string() == "159.203.1.1")
            .unwrap();
        assert_eq!(first.evidence_count, 2);
        assert_eq!(first.operation, "SignIn;UserLoggedIn");
        assert!(
            first
                .summary
                .contains("signed in successfully 2 times from 159.203.1.1 (AS14061"),
            "{}",
            first.summary
        );
    }

    #[test]
    fn severity_by_class_and_quiet_networks() {
        let evs = [
            signin(MEGAN, 0, "1.1.1.1").net(9009, NetClass::Vpn).ev(),
            signin(MEGAN, 1, "1.1.1.2").net(16509, NetClass::Cloud).ev(),
            signin(MEGAN, 2, "1.1.1.3").net(7922, NetClass::Isp).ev(),
            signin(MEGAN, 3, "1.1.1.4")
                .net(8075, NetClass::Microsoft)
                .ev(),
            signin(MEGAN, 4, "1.1.1.5")
                .net(53813, NetClass::SecurityVendor)
                .ev(),
            signin(MEGAN, 5, "1.1.1.6").ev(),
        ];
        let mut sev: Vec<Severity> = run_default(new(), &evs)
            .iter()
            .map(|f| f.severity)
            .collect();
        sev.sort();
        assert_eq!(sev, vec![Severity::Low, Severity::Medium]);
    }

    #[test]
    fn allow_listed_networks_and_service_principals_are_skipped() {
        let mut ctx = Context::default();
        ctx.allow.asns.insert(14061);
        ctx.allow.ips.push(IpNet::parse("51.38.0.0/16").unwrap());
        let evs = [
            signin(MEGAN, 0, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
            signin(MEGAN, 0, "51.38.1.1")
                .net(16276, NetClass::Hosting)
                .ev(),
            signin("x", 0, "51.89.1.1")
                .net(16276, NetClass::Hosting)
                .with(|e| e.actor = crate::event::UserRef::service_principal("Backup App"))
                .ev(),
        ];
        assert!(run(new(), &ctx, &evs).is_empty());
    }

    #[test]
    fn failures_alone_are_one_low_finding_per_user_and_asn() {
        let evs = [
            signin(MEGAN, 0, "51.38.1.1")
                .net(16276, NetClass::Hosting)
                .fail("50126")
                .ev(),
            signin(MEGAN, 10, "51.38.1.2")
                .net(16276, NetClass::Hosting)
                .fail("50126")
                .ev(),
            signin(MEGAN, 20, "51.38.1.2")
                .net(16276, NetClass::Hosting)
                .interrupted("50074")
                .ev(),
            // Failures from DigitalOcean are followed by a success there: only the success counts.
            signin(MEGAN, 30, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .fail("50126")
                .ev(),
            signin(MEGAN, 40, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 2);
        let low = f.iter().find(|f| f.severity == Severity::Low).unwrap();
        assert_eq!(low.asn, Some(16276));
        assert_eq!(low.evidence_count, 3);
        assert!(
            low.summary.contains("2 failed and 1 interrupted"),
            "{}",
            low.summary
        );
        assert!(
            low.summary.contains("51.38.1.1, 51.38.1.2"),
            "{}",
            low.summary
        );
        assert!(low.summary.contains("password was accepted"));
        let high = f.iter().find(|f| f.severity == Severity::High).unwrap();
        assert_eq!(high.asn, Some(14061));
        assert_eq!(high.evidence_count, 1);
    }
}
