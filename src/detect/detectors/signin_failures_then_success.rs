//! MT-S07: a user's successful sign-in preceded, within `window_minutes`, by at least
//! `failures` credential failures: a guessed or sprayed password that worked (anchors.md
//! §3 D27; the Extractor/Analyzer "failed then succeeded" pattern).
//!
//! High when the success comes from an IP or ASN that also failed (the guesser got in);
//! medium otherwise (the failures may be a spray the user's own later sign-in merely
//! follows, or a user who forgot a password and then succeeded elsewhere). Interrupted
//! sign-ins are neither failure nor success; token-expiry and policy errors are not
//! failures. A success from a network that failed reports high and clears the failures.
//! A success from elsewhere (often the victim's own phone refreshing a token) reports
//! medium once but keeps the failures, so the guesser's own success moments later is still
//! reported high. A success from an allow-listed network is not reported. A success from a
//! residential, mobile or office provider the user has already signed in from successfully
//! is low, whatever failed before: a user who mistyped a password at home (the guesser's
//! own first success comes from a network new to the account).

use std::collections::{BTreeSet, HashMap, VecDeque};

use chrono::Duration;

use super::signin_common::{
    Seen, add_seen, is_credential_failure, is_risky_class, is_success, network_text, span_text,
};
use crate::detect::finding::EVIDENCE_MAX;
use crate::detect::state::CappedSet;
use crate::detect::{Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S07",
    title: "Failed sign-ins followed by a success",
    severity: Severity::High,
    techniques: &["T1110", "T1078.004"],
    status: Status::Stable,
    description: "A successful sign-in preceded by at least `failures` failed password \
        sign-ins of the same user within window_minutes. High when the success comes from \
        an IP or ASN that failed; medium otherwise; low when it comes from an ordinary \
        network the user already signed in from (a mistyped password).",
    fields: &[
        "result.outcome",
        "result.error_code",
        "ip",
        "net.asn",
        "actor",
    ],
    params: &[
        Param {
            name: "failures",
            default: 5.0,
            doc: "least number of failed sign-ins before the success",
        },
        Param {
            name: "window_minutes",
            default: 60.0,
            doc: "how long before the success the failures count, in minutes",
        },
    ],
    role: Role::sign_in("password guessing then a successful sign-in", 3),
};

/// Most failures remembered per user (the count saturates there).
const FAILURES_KEPT_MAX: usize = 200;

/// Most ASNs remembered per user as networks they signed in from.
const KNOWN_ASNS_MAX: usize = 32;

/// The detector.
#[derive(Debug, Default)]
pub struct SigninFailuresThenSuccess {
    failures: HashMap<String, Failures>,
    /// ASNs of each user's earlier successful sign-ins.
    known: HashMap<String, CappedSet<u32>>,
}

/// A user's recent failures, and whether a medium finding was already made from them.
#[derive(Debug, Default)]
struct Failures {
    seen: VecDeque<Seen>,
    medium_reported: bool,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninFailuresThenSuccess::default())
}

impl Detector for SigninFailuresThenSuccess {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        let window = Duration::seconds((ctx.param(&META, "window_minutes") * 60.0) as i64);
        if is_credential_failure(ev) {
            let st = self.failures.entry(ev.actor.key.clone()).or_default();
            let q = &mut st.seen;
            while q.front().is_some_and(|f| ev.time - f.time > window)
                || q.len() >= FAILURES_KEPT_MAX
            {
                q.pop_front();
            }
            if q.is_empty() {
                st.medium_reported = false;
            }
            q.push_back(Seen::of(ev));
            return;
        }
        if !is_success(ev) {
            return;
        }
        let familiar = self.familiar(ev);
        let Some(st) = self.failures.get_mut(&ev.actor.key) else {
            return;
        };
        st.seen.retain(|f| ev.time - f.time <= window);
        let needed = ctx.param(&META, "failures").max(1.0) as usize;
        if st.seen.len() < needed || ctx.network_trusted(ev) {
            return;
        }
        let mut f = finding(ev, &st.seen);
        if familiar {
            f.severity = Severity::Low;
        }
        if f.severity >= Severity::High {
            self.failures.remove(&ev.actor.key);
            out.push(f);
        } else if !st.medium_reported {
            st.medium_reported = true;
            out.push(f);
        }
    }
}

impl SigninFailuresThenSuccess {
    /// True when the success comes from an ordinary (not risky) ASN the user has signed in
    /// from successfully before; remembers this one.
    fn familiar(&mut self, ev: &Event) -> bool {
        let Some(a) = ev.asn() else {
            return false;
        };
        let known = self
            .known
            .entry(ev.actor.key.clone())
            .or_insert_with(|| CappedSet::new(KNOWN_ASNS_MAX));
        let seen = known.contains(&a);
        known.insert(a);
        seen && !ev.net_class().is_some_and(is_risky_class)
    }
}

fn finding(ev: &Event, failures: &VecDeque<Seen>) -> Finding {
    let ips: BTreeSet<String> = failures
        .iter()
        .filter_map(|f| f.ip.map(|i| i.to_string()))
        .collect();
    let asns: BTreeSet<u32> = failures.iter().filter_map(|f| f.asn).collect();
    let same_ip = ev.ip.is_some_and(|ip| ips.contains(&ip.to_string()));
    let same_asn = ev.asn().is_some_and(|a| asns.contains(&a));
    let (severity, how) = match (same_ip, same_asn) {
        (true, _) => (Severity::High, "from an IP that failed"),
        (false, true) => (Severity::High, "from an ASN that failed"),
        _ => (Severity::Medium, "from a network that did not fail"),
    };
    let mut f = Finding::from_event(&META, ev, String::new()).with_severity(severity);
    // Cite the most recent failures (the evidence list is bounded).
    for s in failures.iter().rev().take(EVIDENCE_MAX - 1) {
        add_seen(&mut f, s);
    }
    f.evidence_count = failures.len() as u64 + 1;
    let first = failures.front().map_or(ev.time, |s| s.time);
    f.time_first = f.time_first.min(first);
    let shown: Vec<&str> = ips.iter().take(3).map(String::as_str).collect();
    let more = ips.len().saturating_sub(3);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    f.summary = format!(
        "{} signed in successfully from {} {how}, after {} failed sign-ins from {}{more} {}",
        ev.actor.key,
        network_text(ev),
        failures.len(),
        shown.join(", "),
        span_text(&f)
    );
    f
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;

    const U: &str = "megan.bowen@contoso.com";

    fn fails(n: i64, ip: &str, asn: u32) -> Vec<Event> {
        (0..n)
            .map(|i| {
                signin(U, i * 30, ip)
                    .net(asn, NetClass::Hosting)
                    .fail("50126")
                    .ev()
            })
            .collect()
    }

    #[test]
    fn success_from_the_failing_ip_is_high() {
        let mut evs = fails(6, "51.38.1.1", 16276);
        evs.push(
            signin(U, 300, "51.38.1.1")
                .net(16276, NetClass::Hosting)
                .interrupted("50074")
                .ev(),
        );
        evs.push(
            signin(U, 400, "51.38.1.1")
                .net(16276, NetClass::Hosting)
                .ev(),
        );
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].evidence_count, 7);
        assert_eq!(f[0].time_first, at(0));
        assert_eq!(f[0].time_last, at(400));
        assert!(
            f[0].summary
                .contains("from an IP that failed, after 6 failed sign-ins from 51.38.1.1"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn same_asn_is_high_other_network_is_medium() {
        let mut evs = fails(5, "51.38.1.1", 16276);
        evs.push(
            signin(U, 400, "51.38.1.2")
                .net(16276, NetClass::Hosting)
                .ev(),
        );
        assert_eq!(run_default(new(), &evs)[0].severity, Severity::High);
        let mut evs = fails(5, "51.38.1.1", 16276);
        evs.push(signin(U, 400, "73.1.1.1").net(7922, NetClass::Isp).ev());
        assert_eq!(run_default(new(), &evs)[0].severity, Severity::Medium);
    }

    #[test]
    fn too_few_or_too_old_failures_and_repeat_successes() {
        let mut evs = fails(4, "51.38.1.1", 16276);
        evs.push(signin(U, 400, "51.38.1.1").ev());
        assert!(run_default(new(), &evs).is_empty());
        let mut evs = fails(5, "51.38.1.1", 16276);
        evs.push(signin(U, 2 * 3600, "51.38.1.1").ev());
        assert!(run_default(new(), &evs).is_empty());
        // One run of failures is reported once, not again at the next success.
        let mut evs = fails(5, "51.38.1.1", 16276);
        evs.push(signin(U, 400, "51.38.1.1").ev());
        evs.push(signin(U, 500, "51.38.1.1").ev());
        assert_eq!(run_default(new(), &evs).len(), 1);
    }

    #[test]
    fn a_phone_refresh_between_does_not_hide_the_guessers_success() {
        // Regression (scenario review): 6 failures from a proxy, the victim's phone
        // refreshes from its carrier, then the guesser succeeds from the failing IP.
        let mut evs = fails(6, "80.128.1.1", 3320);
        evs.push(signin(U, 300, "172.56.1.1").net(21928, NetClass::Isp).ev());
        evs.push(signin(U, 360, "80.128.1.1").net(3320, NetClass::Isp).ev());
        evs.push(signin(U, 420, "172.56.1.1").net(21928, NetClass::Isp).ev());
        let f = run_default(new(), &evs);
        let sev: Vec<Severity> = f.iter().map(|x| x.severity).collect();
        assert_eq!(sev, vec![Severity::Medium, Severity::High]);
        assert_eq!(f[1].ip, Some("80.128.1.1".parse().unwrap()));
    }

    #[test]
    fn other_users_failures_do_not_count() {
        let mut evs = fails(5, "51.38.1.1", 16276);
        evs.push(signin("other@contoso.com", 400, "51.38.1.1").ev());
        assert!(run_default(new(), &evs).is_empty());
    }
}
