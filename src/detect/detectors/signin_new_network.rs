//! MT-S02: a successful sign-in from an ASN or a country the user has not signed in from
//! before, judged against that user's own earlier successful sign-ins in the data (Elastic's
//! "new_terms" rules on user + ASN, anchors.md §3 D19/D22).
//!
//! An export starts somewhere: every network is "new" on its first day. So nothing is
//! reported until the user has a baseline — `baseline_signins` earlier successes spread over
//! at least `baseline_days` — and networks seen while the baseline forms are learned
//! silently. Microsoft, security-vendor and private addresses are ignored (they say nothing
//! about where the person is); allow-listed networks are learned but never reported. Only
//! the first sign-in from a new ASN or country is reported: after that it is known.
//! Low: travel, a new phone plan or a home-office move look the same.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use super::signin_common::{is_neutral_network, is_success, network_text};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S02",
    title: "Sign-in from an ASN or country new for the user",
    severity: Severity::Low,
    techniques: &["T1078.004"],
    status: Status::Experimental,
    description: "A successful sign-in from an ASN or country that the user's earlier \
        successful sign-ins in the data never came from, once the user has a baseline of \
        earlier sign-ins. Context for other findings rather than an alert on its own.",
    fields: &[
        "result.outcome",
        "net.asn",
        "net.country",
        "location.country",
        "actor",
    ],
    params: &[
        Param {
            name: "baseline_signins",
            default: 5.0,
            doc: "earlier successful sign-ins a user needs before new networks are reported",
        },
        Param {
            name: "baseline_days",
            default: 1.0,
            doc: "days between the user's first successful sign-in and a reportable one",
        },
    ],
    role: Role::sign_in("sign-in from a network new to the user", 9),
};

/// Most ASNs and countries remembered per user (beyond that nothing is new).
const KNOWN_MAX: usize = 512;

/// What one user's successful sign-ins came from so far.
#[derive(Debug)]
struct History {
    successes: u64,
    first: DateTime<Utc>,
    asns: HashSet<u32>,
    countries: HashSet<String>,
}

impl History {
    fn new(first: DateTime<Utc>) -> History {
        History {
            successes: 0,
            first,
            asns: HashSet::new(),
            countries: HashSet::new(),
        }
    }

    fn is_new_asn(&self, a: u32) -> bool {
        !self.asns.contains(&a) && self.asns.len() < KNOWN_MAX
    }

    fn is_new_country(&self, c: &str) -> bool {
        !self.countries.contains(c) && self.countries.len() < KNOWN_MAX
    }

    fn learn(&mut self, a: Option<u32>, c: Option<&str>) {
        self.successes += 1;
        if let Some(a) = a
            && self.asns.len() < KNOWN_MAX
        {
            self.asns.insert(a);
        }
        if let Some(c) = c
            && self.countries.len() < KNOWN_MAX
        {
            self.countries.insert(c.to_string());
        }
    }
}

/// The detector.
#[derive(Debug, Default)]
pub struct SigninNewNetwork {
    users: HashMap<String, History>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninNewNetwork::default())
}

impl Detector for SigninNewNetwork {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_success(ev) || is_neutral_network(ev) {
            return;
        }
        let (a, c) = (ev.asn(), ev.country());
        if a.is_none() && c.is_none() {
            return;
        }
        let baseline_n = ctx.param(&META, "baseline_signins").max(0.0) as u64;
        let baseline_span =
            Duration::seconds((ctx.param(&META, "baseline_days") * 86_400.0) as i64);
        let h = self
            .users
            .entry(ev.actor.key.clone())
            .or_insert_with(|| History::new(ev.time));
        let ready = h.successes >= baseline_n && ev.time - h.first >= baseline_span;
        let new_asn = a.filter(|&a| h.is_new_asn(a));
        let new_country = c.filter(|c| h.is_new_country(c));
        if ready && (new_asn.is_some() || new_country.is_some()) && !ctx.network_trusted(ev) {
            out.push(finding(ev, h, new_asn, new_country));
        }
        h.learn(a, c);
    }
}

fn finding(ev: &Event, h: &History, new_asn: Option<u32>, new_country: Option<&str>) -> Finding {
    let what = match (new_asn, new_country) {
        (Some(a), Some(c)) => format!("an ASN (AS{a}) and a country ({c})"),
        (Some(a), None) => format!("an ASN (AS{a})"),
        (None, Some(c)) => format!("a country ({c})"),
        (None, None) => "a network".to_string(),
    };
    let summary = format!(
        "{} signed in from {}: {} not seen in their {} earlier successful sign-ins since {}",
        ev.actor.key,
        network_text(ev),
        what,
        h.successes,
        h.first.format("%Y-%m-%d %H:%M UTC")
    );
    Finding::from_event(&META, ev, summary)
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;

    const U: &str = "megan.bowen@contoso.com";
    const HOUR: i64 = 3600;

    /// Six sign-ins from the user's ISP over two days.
    fn baseline() -> Vec<Event> {
        (0..6)
            .map(|i| {
                signin(U, i * 8 * HOUR, "73.1.1.1")
                    .net(7922, NetClass::Isp)
                    .country("US")
                    .ev()
            })
            .collect()
    }

    #[test]
    fn new_asn_and_country_after_a_baseline() {
        let mut evs = baseline();
        evs.push(
            signin(U, 50 * HOUR, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .country("US")
                .ev(),
        );
        evs.push(
            signin(U, 51 * HOUR, "51.38.1.1")
                .net(16276, NetClass::Hosting)
                .country("FR")
                .ev(),
        );
        // Known by now: no second finding.
        evs.push(
            signin(U, 52 * HOUR, "159.203.1.9")
                .net(14061, NetClass::Hosting)
                .country("US")
                .ev(),
        );
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 2);
        assert!(
            f[0].summary
                .contains("an ASN (AS14061) not seen in their 6 earlier"),
            "{}",
            f[0].summary
        );
        assert!(
            f[1].summary.contains("an ASN (AS16276) and a country (FR)"),
            "{}",
            f[1].summary
        );
        assert!(f.iter().all(|f| f.severity == Severity::Low));
    }

    #[test]
    fn nothing_while_the_baseline_forms() {
        // Five sign-ins but all in the first hours: the export's first day floods nothing.
        let mut evs: Vec<Event> = (0..5)
            .map(|i| signin(U, i * 60, "73.1.1.1").net(7922, NetClass::Isp).ev())
            .collect();
        evs.push(
            signin(U, 2 * HOUR, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
        );
        assert!(run_default(new(), &evs).is_empty());
        // Two days but only three sign-ins.
        let evs = [
            signin(U, 0, "73.1.1.1").net(7922, NetClass::Isp).ev(),
            signin(U, 24 * HOUR, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .ev(),
            signin(U, 48 * HOUR, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .ev(),
            signin(U, 49 * HOUR, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        assert!(run_default(new(), &evs).is_empty());
    }

    #[test]
    fn failures_microsoft_and_allow_listed_networks_are_not_reported() {
        let mut evs = baseline();
        evs.push(
            signin(U, 50 * HOUR, "51.38.1.1")
                .net(16276, NetClass::Hosting)
                .fail("50126")
                .ev(),
        );
        evs.push(
            signin(U, 50 * HOUR, "40.1.1.1")
                .net(8075, NetClass::Microsoft)
                .ual()
                .ev(),
        );
        evs.push(
            signin(U, 51 * HOUR, "62.1.1.1")
                .net(3320, NetClass::Isp)
                .ev(),
        );
        let mut ctx = Context::default();
        ctx.allow.asns.insert(3320);
        assert!(run(new(), &ctx, &evs).is_empty());
    }

    #[test]
    fn thresholds_are_configurable() {
        let mut ctx = Context::default();
        let s = ctx.settings.entry("MT-S02".into()).or_default();
        s.params.insert("baseline_signins".into(), 1.0);
        s.params.insert("baseline_days".into(), 0.0);
        let evs = [
            signin(U, 0, "73.1.1.1").net(7922, NetClass::Isp).ev(),
            signin(U, 60, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        assert_eq!(run(new(), &ctx, &evs).len(), 1);
    }
}
