//! Facts every sign-in detector (MT-S01…S12) asks of an event, in one place so that they
//! all agree: what counts as a person's sign-in, which failures are credential failures,
//! which ASN and country an event has, which networks are never suspicious, and how one
//! finding gathers many events (`Aggregates`). Detect stage; reads events, keeps no state.

use std::collections::BTreeMap;
use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::detect::finding::{EVIDENCE_MAX, EvidenceRef, Finding};
use crate::enrich::NetClass;
use crate::event::detail::{Detail, SignInDetail};
use crate::event::{Category, Event, Outcome};

/// Most findings a detector keeps open before it emits them early (memory bound).
pub const OPEN_FINDINGS_MAX: usize = 50_000;

/// Entra error codes of failures that are not a wrong credential: expired or revoked
/// tokens and sessions, Conditional Access blocks, consent and device-state prompts.
/// Clients retry these in bursts on their own, so they must not look like guessing.
const NON_CREDENTIAL_CODES: &[&str] = &[
    "50089", "50132", "50133", "50173", "70043", "70044", "700082", "700084", "53000", "53001",
    "53002", "53003", "53004", "530032", "530034", "65001", "65004", "90095", "50105", "50097",
    "9002341", "50178", "81016",
];

/// The sign-in details of a sign-in event.
pub fn detail(ev: &Event) -> Option<&SignInDetail> {
    match &ev.detail {
        Detail::SignIn(d) if ev.category == Category::SignIn => Some(d),
        _ => None,
    }
}

/// A person's sign-in attempt (any outcome): sign-in category, human actor, and not a
/// sign-out. Service principals and managed identities sign in from clouds by design.
pub fn is_user_signin(ev: &Event) -> bool {
    ev.category == Category::SignIn
        && ev.actor.is_human()
        && !ev.operation.eq_ignore_ascii_case("UserLoggedOut")
}

/// A person's successful sign-in.
pub fn is_success(ev: &Event) -> bool {
    is_user_signin(ev) && ev.result.outcome == Outcome::Success
}

/// A person's failed sign-in whose error says the credential was wrong (or the account
/// locked, unknown, disabled): the failures guessing and spraying produce. Interrupted
/// sign-ins (MFA prompt 50074, KMSI 50140, …) are not failures.
pub fn is_credential_failure(ev: &Event) -> bool {
    is_user_signin(ev)
        && ev.result.outcome == Outcome::Failure
        && !ev
            .result
            .error_code
            .as_deref()
            .is_some_and(|c| NON_CREDENTIAL_CODES.contains(&c.trim()))
}

/// Latitude and longitude the source reported (Entra sign-ins only). `0,0` is a
/// placeholder some exports write for "unknown", not a place in the Gulf of Guinea.
pub fn coordinates(ev: &Event) -> Option<(f64, f64)> {
    let l = ev.location.as_ref()?;
    let (lat, lon) = (l.lat?, l.lon?);
    let valid = lat.abs() <= 90.0 && lon.abs() <= 180.0 && !(lat == 0.0 && lon == 0.0);
    valid.then_some((lat, lon))
}

/// Hosting, VPN or proxy: networks people rarely sign in from but attackers do.
pub fn is_risky_class(c: NetClass) -> bool {
    matches!(c, NetClass::Hosting | NetClass::Vpn | NetClass::Proxy)
}

/// Microsoft's own ranges (server-side actions), security-vendor egress proxies, and
/// private or reserved space: a change of network there says nothing about the user.
pub fn is_neutral_class(c: NetClass) -> bool {
    matches!(
        c,
        NetClass::Microsoft | NetClass::SecurityVendor | NetClass::Private | NetClass::Reserved
    )
}

/// True when the event's network is neutral (see [`is_neutral_class`]).
pub fn is_neutral_network(ev: &Event) -> bool {
    ev.net_class().is_some_and(is_neutral_class)
}

/// `159.203.1.1 (AS14061, DigitalOcean, LLC, hosting, US)` — as much as is known.
pub fn network_text(ev: &Event) -> String {
    let ip = ev
        .ip
        .map(|i| i.to_string())
        .or_else(|| ev.ip_raw_unparsed.clone())
        .unwrap_or_else(|| "an unknown address".into());
    match network_facts(ev) {
        Some(facts) => format!("{ip} ({facts})"),
        None => ip,
    }
}

/// `AS14061, DigitalOcean, LLC, hosting, US` — the network without the address.
pub fn network_facts(ev: &Event) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(a) = ev.asn() {
        parts.push(format!("AS{a}"));
    }
    if let Some(org) = ev.net.as_ref().and_then(|n| n.as_org.as_deref()) {
        parts.push(org.to_string());
    }
    if let Some(c) = ev.net_class().filter(|c| *c != NetClass::Unknown) {
        parts.push(c.as_str().to_string());
    }
    if let Some(c) = ev.country() {
        parts.push(c.to_string());
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `3 sign-ins between 2026-01-04 08:19 and 09:02 UTC` style span of a finding.
pub fn span_text(f: &Finding) -> String {
    let fmt = |t: DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S").to_string();
    if f.time_first == f.time_last {
        format!("at {} UTC", fmt(f.time_first))
    } else {
        format!("between {} and {} UTC", fmt(f.time_first), fmt(f.time_last))
    }
}

/// `1 time` / `4 times`.
pub fn times(n: u64) -> String {
    if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    }
}

/// An event remembered by a stateful detector, enough to cite it as evidence later.
#[derive(Debug, Clone)]
pub struct Seen {
    /// When it happened.
    pub time: DateTime<Utc>,
    /// Where it came from.
    pub evidence: EvidenceRef,
    /// Its operation.
    pub operation: String,
    /// Client IP.
    pub ip: Option<IpAddr>,
    /// ASN.
    pub asn: Option<u32>,
    /// Network text for summaries.
    pub network: String,
}

impl Seen {
    /// Remember an event.
    pub fn of(ev: &Event) -> Seen {
        Seen {
            time: ev.time,
            evidence: EvidenceRef::of(ev),
            operation: ev.operation.clone(),
            ip: ev.ip,
            asn: ev.asn(),
            network: network_text(ev),
        }
    }
}

/// Add a remembered event to a finding (time span, evidence, operations).
pub fn add_seen(f: &mut Finding, s: &Seen) {
    f.time_first = f.time_first.min(s.time);
    f.time_last = f.time_last.max(s.time);
    f.evidence_count += 1;
    if f.evidence.len() < EVIDENCE_MAX {
        f.evidence.push(s.evidence.clone());
    }
    if !f.operation.split(';').any(|o| o == s.operation) {
        f.operation.push(';');
        f.operation.push_str(&s.operation);
    }
}

/// Open findings keyed by what they aggregate (user + IP, session, …), each with the
/// detector's own running state `S`. A finding is finalised (its summary written from
/// the state) when it is closed, flushed or drained. Memory is bounded: when `cap`
/// findings are open, all are emitted and aggregation starts afresh. A `BTreeMap` keeps
/// the emission order independent of hashing.
#[derive(Debug)]
pub struct Aggregates<K: Ord, S> {
    open: BTreeMap<K, (Finding, S)>,
    cap: usize,
    finalize: fn(&mut Finding, &S),
}

impl<K: Ord, S> Aggregates<K, S> {
    /// An empty set that writes summaries with `finalize`.
    pub fn new(cap: usize, finalize: fn(&mut Finding, &S)) -> Self {
        Aggregates {
            open: BTreeMap::new(),
            cap: cap.max(1),
            finalize,
        }
    }

    /// The open finding for `key` with `ev` added to it, or a new one from `make` (which
    /// must already cite `ev`).
    pub fn add(
        &mut self,
        key: K,
        ev: &Event,
        out: &mut Vec<Finding>,
        make: impl FnOnce() -> (Finding, S),
    ) -> &mut (Finding, S) {
        if self.open.len() >= self.cap && !self.open.contains_key(&key) {
            self.flush(out);
        }
        match self.open.entry(key) {
            std::collections::btree_map::Entry::Occupied(o) => {
                let entry = o.into_mut();
                entry.0.add_event(ev);
                entry
            }
            std::collections::btree_map::Entry::Vacant(v) => v.insert(make()),
        }
    }

    /// The open finding for `key`, if any (`key` may be a borrowed form, so a lookup
    /// need not allocate).
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut (Finding, S)>
    where
        K: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.open.get_mut(key)
    }

    /// True when a finding is open for `key`.
    pub fn contains(&self, key: &K) -> bool {
        self.open.contains_key(key)
    }

    /// Emit the finding for `key`, if open.
    pub fn close(&mut self, key: &K, out: &mut Vec<Finding>) {
        if let Some((mut f, s)) = self.open.remove(key) {
            (self.finalize)(&mut f, &s);
            out.push(f);
        }
    }

    /// Emit every open finding whose key satisfies `pred`.
    pub fn close_where(&mut self, out: &mut Vec<Finding>, pred: impl Fn(&K, &Finding) -> bool) {
        let open = std::mem::take(&mut self.open);
        for (k, (mut f, s)) in open {
            if pred(&k, &f) {
                (self.finalize)(&mut f, &s);
                out.push(f);
            } else {
                self.open.insert(k, (f, s));
            }
        }
    }

    /// Emit every open finding.
    pub fn flush(&mut self, out: &mut Vec<Finding>) {
        for (_, (mut f, s)) in std::mem::take(&mut self.open) {
            (self.finalize)(&mut f, &s);
            out.push(f);
        }
    }
}

#[cfg(test)]
pub mod testkit {
    //! Small in-code sign-in events for the detectors' unit tests.

    use std::sync::atomic::{AtomicU64, Ordering};

    use chrono::{DateTime, Duration, TimeZone, Utc};

    use crate::detect::{Context, Detector, Finding};
    use crate::enrich::{NetClass, NetInfo};
    use crate::event::detail::{Detail, SignInDetail};
    use crate::event::{Category, Device, Event, Location, Outcome, SourcePos, UserRef};

    static LINE: AtomicU64 = AtomicU64::new(1);

    /// 2026-01-05 08:00:00 UTC plus `secs`.
    pub fn at(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap() + Duration::seconds(secs)
    }

    /// A sign-in event under construction.
    pub struct B(pub Event);

    /// A successful Entra sign-in of `user` at `at(secs)` from `ip`.
    pub fn signin(user: &str, secs: i64, ip: &str) -> B {
        let line = LINE.fetch_add(1, Ordering::Relaxed);
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line,
                record: line,
            },
            "signin-graph-json",
        );
        ev.time = at(secs);
        ev.time_known = true;
        ev.operation = "SignIn".into();
        ev.category = Category::SignIn;
        ev.actor = UserRef::from_raw(user);
        ev.set_ip(ip);
        ev.record_id = Some(format!("r{line}"));
        ev.result.outcome = Outcome::Success;
        ev.result.error_code = Some("0".into());
        ev.detail = Detail::SignIn(Box::new(SignInDetail {
            log: Some("interactive".into()),
            ..SignInDetail::default()
        }));
        B(ev)
    }

    impl B {
        fn d(&mut self) -> &mut SignInDetail {
            match &mut self.0.detail {
                Detail::SignIn(d) => d,
                _ => unreachable!("testkit builds sign-ins"),
            }
        }
        /// Failed with `code`.
        pub fn fail(mut self, code: &str) -> B {
            self.0.result.outcome = Outcome::Failure;
            self.0.result.error_code = Some(code.into());
            self
        }
        /// Interrupted with `code`.
        pub fn interrupted(mut self, code: &str) -> B {
            self.0.result.outcome = Outcome::Interrupted;
            self.0.result.error_code = Some(code.into());
            self
        }
        /// As a UAL `UserLoggedIn` / `UserLoginFailed` record.
        pub fn ual(mut self) -> B {
            let ok = self.0.result.outcome == Outcome::Success;
            self.0.operation = if ok {
                "UserLoggedIn"
            } else {
                "UserLoginFailed"
            }
            .into();
            self.0.format = "ual-mgmt-api";
            self.d().log = Some("ual".into());
            self
        }
        /// Enrichment result.
        pub fn net(mut self, asn: u32, class: NetClass) -> B {
            self.0.net = Some(NetInfo {
                asn: Some(asn),
                as_org: Some(format!("Org {asn}")),
                class,
                class_reason: "test".into(),
                country: None,
            });
            self
        }
        /// Enrichment country.
        pub fn country(mut self, cc: &str) -> B {
            if let Some(n) = &mut self.0.net {
                n.country = Some(cc.into());
            }
            self
        }
        /// Source location with coordinates.
        pub fn geo(mut self, lat: f64, lon: f64, cc: &str) -> B {
            self.0.location = Some(Location {
                country: Some(cc.into()),
                lat: Some(lat),
                lon: Some(lon),
                ..Location::default()
            });
            self
        }
        /// User agent.
        pub fn ua(mut self, ua: &str) -> B {
            self.0.user_agent = Some(ua.into());
            self
        }
        /// Application id and name.
        pub fn app(mut self, id: &str, name: &str) -> B {
            self.0.app_id = Some(id.into());
            self.0.app_name = Some(name.into());
            self
        }
        /// Session id.
        pub fn session(mut self, s: &str) -> B {
            self.0.sessions.session_id = Some(s.into());
            self
        }
        /// `authenticationProtocol`.
        pub fn protocol(mut self, p: &str) -> B {
            self.d().auth_protocol = Some(p.into());
            self
        }
        /// `clientAppUsed` (also the event's client info, as the Entra mapping does).
        pub fn client_app(mut self, c: &str) -> B {
            self.d().client_app_used = Some(c.into());
            self.0.client_info = Some(c.into());
            self
        }
        /// UAL `RequestType`.
        pub fn request_type(mut self, r: &str) -> B {
            self.d().request_type = Some(r.into());
            self
        }
        /// Device id (`""` for an unregistered device).
        pub fn device_id(mut self, id: &str) -> B {
            self.0.device = Some(Device {
                id: Some(id.into()),
                os: Some("Windows10".into()),
                ..Device::default()
            });
            self
        }
        /// Any other change.
        pub fn with(mut self, f: impl FnOnce(&mut Event)) -> B {
            f(&mut self.0);
            self
        }
        /// The event.
        pub fn ev(self) -> Event {
            self.0
        }
    }

    /// Run a detector over events (in the given order) and finish it.
    pub fn run(mut d: Box<dyn Detector>, ctx: &Context, evs: &[Event]) -> Vec<Finding> {
        let mut out = Vec::new();
        for ev in evs {
            d.observe(ev, ctx, &mut out);
        }
        d.finish(ctx, &mut out);
        out
    }

    /// Same, with a default context.
    pub fn run_default(d: Box<dyn Detector>, evs: &[Event]) -> Vec<Finding> {
        run(d, &Context::default(), evs)
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;
    use crate::detect::Context;

    #[test]
    fn credential_failures_leave_out_token_and_policy_errors() {
        assert!(is_credential_failure(
            &signin("a@x.com", 0, "1.1.1.1").fail("50126").ev()
        ));
        assert!(is_credential_failure(
            &signin("a@x.com", 0, "1.1.1.1").fail("50053").ev()
        ));
        assert!(!is_credential_failure(
            &signin("a@x.com", 0, "1.1.1.1").fail("700082").ev()
        ));
        assert!(!is_credential_failure(
            &signin("a@x.com", 0, "1.1.1.1").interrupted("50074").ev()
        ));
        assert!(!is_credential_failure(
            &signin("a@x.com", 0, "1.1.1.1").ev()
        ));
    }

    #[test]
    fn network_text_says_what_is_known() {
        let ev = signin("a@x.com", 0, "159.203.1.1")
            .net(14061, NetClass::Hosting)
            .country("US")
            .ev();
        assert_eq!(
            network_text(&ev),
            "159.203.1.1 (AS14061, Org 14061, hosting, US)"
        );
        assert_eq!(
            network_text(&signin("a@x.com", 0, "10.0.0.1").ev()),
            "10.0.0.1"
        );
    }

    #[test]
    fn zero_coordinates_are_unknown() {
        assert_eq!(
            coordinates(&signin("a@x.com", 0, "1.1.1.1").geo(0.0, 0.0, "US").ev()),
            None
        );
        assert_eq!(
            coordinates(&signin("a@x.com", 0, "1.1.1.1").geo(48.8, 2.3, "FR").ev()),
            Some((48.8, 2.3))
        );
    }

    /// An ordinary week of one user: browser and Outlook sign-ins from home and from the
    /// phone, MFA prompts, a few typos, OWA through an ISP proxy, server-side UAL records
    /// from Microsoft ranges.
    fn ordinary_week(u: &str) -> Vec<Event> {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        let outlook = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17126; Pro)";
        let mut evs = Vec::new();
        for day in 0..7i64 {
            let t = day * 86_400;
            let home = |s: i64| {
                signin(u, t + s, "73.1.1.1")
                    .net(7922, NetClass::Isp)
                    .country("US")
            };
            let phone = |s: i64| {
                signin(u, t + s, "172.56.1.1")
                    .net(21928, NetClass::Isp)
                    .country("US")
            };
            evs.push(
                home(3600)
                    .ua(chrome)
                    .session(&format!("home-{day}"))
                    .interrupted("50074")
                    .ev(),
            );
            evs.push(
                home(3620)
                    .ua(chrome)
                    .session(&format!("home-{day}"))
                    .device_id("")
                    .app("4765445b-32c6-49b0-83e6-1d93765276ca", "OfficeHome")
                    .ev(),
            );
            evs.push(
                home(3700)
                    .ua(outlook)
                    .client_app("Mobile Apps and Desktop clients")
                    .ev(),
            );
            evs.push(phone(7 * 3600).session(&format!("phone-{day}")).ev());
            evs.push(
                phone(7 * 3600 + 5)
                    .session(&format!("phone-{day}"))
                    .ual()
                    .ev(),
            );
            evs.push(
                signin(u, t + 7200, "40.1.1.1")
                    .net(8075, NetClass::Microsoft)
                    .ual()
                    .ev(),
            );
            evs.push(
                home(9000)
                    .with(|e| {
                        e.operation = "MailItemsAccessed".into();
                        e.category = Category::MailAccess;
                        e.detail = Detail::None;
                        e.client_info = Some("Client=OWA;Action=ViaProxy".into());
                    })
                    .ev(),
            );
        }
        // Two typos on day 3, then the right password.
        for i in 0..2 {
            evs.push(
                signin(u, 3 * 86_400 + 4000 + i, "73.1.1.1")
                    .net(7922, NetClass::Isp)
                    .fail("50126")
                    .ev(),
            );
        }
        evs.push(
            signin(u, 3 * 86_400 + 4010, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .ev(),
        );
        evs.sort_by_key(|e| (e.time, e.pos));
        evs
    }

    /// No sign-in detector may fire on [`ordinary_week`].
    #[test]
    fn an_ordinary_week_fires_no_sign_in_detector() {
        let evs = ordinary_week("adele.vance@contoso.com");
        let ctx = Context::default();
        let mut engine = crate::detect::Engine::new(ctx);
        engine.observe_batch(&evs);
        let found: Vec<String> = engine
            .finish()
            .into_iter()
            .filter(|f| f.detector_id.starts_with("MT-S"))
            .map(|f| format!("{} {}", f.detector_id, f.summary))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }
}
