//! MT-S09: two successive successful sign-ins of one user, less than `max_seconds` apart,
//! from different ASNs. A person's device does not change provider in seconds; an AiTM
//! proxy relaying the victim's sign-in next to the victim's own client does
//! (`Find-AiTMSuspiciousUserLogin` in the Analyzer, anchors.md §2.1 / §3 D23).
//!
//! Both sign-ins need a known ASN; Microsoft, security-vendor and private addresses and
//! allow-listed networks are left out (they are relays, not places). Repeated switches
//! between the same two ASNs are one finding. Medium when one network is hosting, VPN or
//! proxy, or the two are in different countries; low for two ordinary providers in one
//! country — a phone leaving Wi-Fi for its carrier, or a dual-stack client whose IPv6 and
//! IPv4 leave through different providers, switches like this too.

use std::collections::HashMap;

use chrono::Duration;

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, Seen, add_seen, is_neutral_network, is_risky_class, is_success,
    span_text,
};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S09",
    title: "Successive sign-ins from different networks within seconds",
    severity: Severity::Medium,
    techniques: &["T1557", "T1550.004"],
    status: Status::Experimental,
    description: "Two successive successful sign-ins of one user less than max_seconds apart \
        from different ASNs: an adversary-in-the-middle proxy signing in next to the victim, \
        or a replayed session.",
    fields: &["result.outcome", "ip", "net.asn", "actor"],
    params: &[Param {
        name: "max_seconds",
        default: 30.0,
        doc: "longest gap between the two sign-ins, in seconds",
    }],
    role: Role::sign_in(
        "token replay: sign-ins from different networks seconds apart",
        2,
    ),
};

/// Running state of a switch finding.
#[derive(Debug)]
struct Switches {
    from: String,
    to: String,
    count: u64,
    fastest: Duration,
    /// A risky network or two countries among the switches.
    lead: bool,
}

/// A user's last sign-in: the event, its country and whether its network is risky.
#[derive(Debug, Clone)]
struct Last {
    seen: Seen,
    country: Option<String>,
    risky: bool,
}

impl Last {
    fn of(ev: &Event) -> Last {
        Last {
            seen: Seen::of(ev),
            country: ev.country().map(String::from),
            risky: ev.net_class().is_some_and(is_risky_class),
        }
    }
}

type Key = (String, u32, u32);

/// The detector.
#[derive(Debug)]
pub struct SigninRapidNetworkSwitch {
    last: HashMap<String, Last>,
    open: Aggregates<Key, Switches>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninRapidNetworkSwitch {
        last: HashMap::new(),
        open: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
    })
}

fn finalize(f: &mut Finding, s: &Switches) {
    f.severity = if s.lead { META.severity } else { Severity::Low };
    let times = if s.count == 1 {
        String::new()
    } else {
        format!(" ({} switches)", s.count)
    };
    f.summary = format!(
        "{} signed in from {} and then from {} {} s later{times}, {}",
        f.user,
        s.from,
        s.to,
        s.fastest.num_seconds(),
        span_text(f)
    );
}

impl Detector for SigninRapidNetworkSwitch {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_success(ev) || is_neutral_network(ev) || ctx.network_trusted(ev) {
            return;
        }
        let Some(a) = ev.asn() else {
            return;
        };
        let now = Last::of(ev);
        let Some(last) = self.last.insert(ev.actor.key.clone(), now.clone()) else {
            return;
        };
        let (here, prev) = (now.seen, last.seen);
        let Some(b) = prev.asn.filter(|&b| b != a) else {
            return;
        };
        let lead = now.risky || last.risky || now.country != last.country;
        let gap = ev.time - prev.time;
        let max = Duration::milliseconds((ctx.param(&META, "max_seconds") * 1000.0) as i64);
        if gap >= max {
            return;
        }
        let key = (ev.actor.key.clone(), a.min(b), a.max(b));
        let (f, s) = self.open.add(key, ev, out, || {
            let f = Finding::from_event(&META, ev, String::new());
            let s = Switches {
                from: prev.network.clone(),
                to: here.network.clone(),
                count: 0,
                fastest: gap,
                lead: false,
            };
            (f, s)
        });
        s.lead |= lead;
        s.count += 1;
        s.fastest = s.fastest.min(gap);
        if !f.evidence.contains(&prev.evidence) {
            add_seen(f, &prev);
        }
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
    fn different_asns_seconds_apart() {
        let evs = [
            signin(U, 0, "73.1.1.1").net(7922, NetClass::Isp).ual().ev(),
            signin(U, 12, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ual()
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(f[0].evidence_count, 2);
        assert_eq!(f[0].ip.unwrap().to_string(), "159.203.1.1");
        assert!(f[0].summary.contains("12 s later"), "{}", f[0].summary);
    }

    #[test]
    fn a_phone_leaving_wifi_for_its_carrier_is_only_context() {
        let evs = [
            signin(U, 0, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .country("US")
                .ev(),
            signin(U, 9, "172.56.1.1")
                .net(21928, NetClass::Isp)
                .country("US")
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Low);
    }

    #[test]
    fn back_and_forth_is_one_finding() {
        let evs = [
            signin(U, 0, "73.1.1.1").net(7922, NetClass::Isp).ev(),
            signin(U, 5, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
            signin(U, 10, "73.1.1.1").net(7922, NetClass::Isp).ev(),
            signin(U, 12, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence_count, 4);
        assert!(f[0].summary.contains("(3 switches)"), "{}", f[0].summary);
        assert!(f[0].summary.contains("2 s later"), "{}", f[0].summary);
    }

    #[test]
    fn slow_same_asn_neutral_and_failed_sign_ins_are_quiet() {
        let evs = [
            signin(U, 0, "73.1.1.1").net(7922, NetClass::Isp).ev(),
            signin(U, 30, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
            signin(U, 35, "159.203.1.2")
                .net(14061, NetClass::Hosting)
                .ev(),
            signin(U, 40, "40.1.1.1")
                .net(8075, NetClass::Microsoft)
                .ev(),
            signin(U, 45, "51.38.1.1")
                .net(16276, NetClass::Hosting)
                .fail("50126")
                .ev(),
            signin(U, 50, "10.0.0.1").ev(),
        ];
        assert!(run_default(new(), &evs).is_empty());
    }
}
