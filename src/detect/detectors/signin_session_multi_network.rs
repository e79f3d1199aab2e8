//! MT-S08: one sign-in session used from two or more IPs in two or more ASNs: the session
//! cookie or token was replayed from somewhere else (AiTM, anchors.md §3 D23: the
//! Analyzer's `SessionId` with ≥ 2 IPs and ≥ 2 ASNs; Splunk's concurrent sessions).
//!
//! Session ids: the Entra `sessionId` of sign-ins (UAL `UserLoggedIn` carries it in
//! `DeviceProperties`), and `AppAccessContext.AADSessionId` of any other record — the same
//! namespace, so a mailbox access replaying a phished session joins the sign-in that made
//! it. `AppAccessContext.UniqueTokenId` of non-sign-in records is tracked too (one token
//! from two ASNs). Exchange's own `SessionId` is a different namespace and is not used.
//!
//! Addresses of Microsoft, security vendors and private space, and allow-listed networks
//! are ignored (server-side actions and egress proxies move sessions legitimately).
//! High when one of the networks is hosting, VPN or proxy; medium when one is a cloud or
//! unlisted network; low when all are residential or mobile providers, because a phone
//! moving from home Wi-Fi to its carrier, or a laptop taken abroad, keeps its session too.
//! Memory: the first network of at most `SESSIONS_MAX` sessions, each keyed by a 16-byte
//! fingerprint, with operation names and network texts shared.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, Seen, add_seen, is_neutral_network, is_risky_class,
    network_text, span_text,
};
use crate::detect::state::{Interner, PrintMap};
use crate::detect::{
    Context, Detector, DetectorMeta, EvidenceRef, Finding, Role, Severity, Status,
};
use crate::enrich::NetClass;
use crate::event::{Category, Event};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S08",
    title: "One session used from several networks",
    severity: Severity::High,
    techniques: &["T1550.004", "T1539", "T1557"],
    status: Status::Stable,
    description: "One Entra session id (sign-in sessionId or AADSessionId of later records), \
        or one token id, seen from at least two IPs in two different ASNs: a stolen session \
        cookie or token replayed. High when one network is hosting, VPN or proxy; medium \
        when one is a cloud or unlisted network; low when all are residential or mobile \
        providers (a phone moving from Wi-Fi to its carrier looks alike).",
    fields: &[
        "sessions.session_id",
        "sessions.aad_session_id",
        "sessions.unique_token_id",
        "ip",
        "net.asn",
    ],
    params: &[],
    role: Role::sign_in("stolen session token replayed from another network", 1),
};

/// Most sessions whose first network is remembered.
pub const SESSIONS_MAX: usize = 500_000;
/// Most distinct networks listed per finding.
const NETWORKS_LISTED_MAX: usize = 5;

/// Where a session was first seen. Up to `SESSIONS_MAX` of these are held (one per
/// session and token id), so the texts many of them repeat are shared.
#[derive(Debug, Clone)]
struct First {
    time: DateTime<Utc>,
    evidence: EvidenceRef,
    operation: Arc<str>,
    ip: IpAddr,
    asn: u32,
    class: Option<NetClass>,
    place: Arc<Place>,
    /// A finding was opened for this session (it may since have been emitted).
    opened: bool,
}

/// How a network is named in findings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Place {
    network: String,
    as_org: Option<String>,
    country: Option<String>,
}

impl First {
    fn seen(&self) -> Seen {
        Seen {
            time: self.time,
            evidence: self.evidence.clone(),
            operation: self.operation.to_string(),
            ip: Some(self.ip),
            asn: Some(self.asn),
            network: self.place.network.clone(),
        }
    }
}

/// Running state of a session finding.
#[derive(Debug, Default)]
struct Spread {
    kind: &'static str,
    id: String,
    networks: Vec<(u32, String)>,
    ips: BTreeSet<IpAddr>,
    risky: bool,
    /// A network that is neither an ISP nor risky: cloud, unlisted, unclassified.
    unusual: bool,
}

/// The detector.
#[derive(Debug)]
pub struct SigninSessionMultiNetwork {
    /// By the fingerprint of the session or token key.
    first: PrintMap<First>,
    operations: Interner<str>,
    places: Interner<Place>,
    open: Aggregates<String, Spread>,
    /// Scratch for map keys.
    key: String,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninSessionMultiNetwork {
        first: PrintMap::default(),
        operations: Interner::default(),
        places: Interner::default(),
        open: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
        key: String::new(),
    })
}

fn finalize(f: &mut Finding, s: &Spread) {
    // A phone moving from home Wi-Fi to its carrier, a laptop from home to the office or
    // to a hotel abroad, keeps its session across residential and mobile providers:
    // context, not a lead (travel is judged by the new-network and travel detectors). A
    // cloud or unlisted network in the session is worth a look; a hosting, VPN or proxy one
    // is a replayed token.
    f.severity = if s.risky {
        Severity::High
    } else if s.unusual {
        Severity::Medium
    } else {
        Severity::Low
    };
    let shown: Vec<&str> = s
        .networks
        .iter()
        .take(NETWORKS_LISTED_MAX)
        .map(|(_, n)| n.as_str())
        .collect();
    let more = s.networks.len().saturating_sub(NETWORKS_LISTED_MAX);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    f.summary = format!(
        "{} {} of {} used from {} IPs in {} ASNs: {}{more}; {} events {}",
        s.kind,
        s.id,
        f.user,
        s.ips.len(),
        s.networks.len(),
        shown.join("; "),
        f.evidence_count,
        span_text(f)
    );
}

/// The session or token ids of an event: (kind, raw id). Its key in the detector's maps
/// is `kind:id`, with session ids lower-cased.
fn ids(ev: &Event) -> [Option<(&'static str, &str)>; 2] {
    let s = &ev.sessions;
    let session = if ev.category == Category::SignIn {
        s.session_id.as_deref().or(s.aad_session_id.as_deref())
    } else {
        s.aad_session_id.as_deref()
    };
    let session = session
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| ("session", id));
    let token = (ev.category != Category::SignIn)
        .then_some(s.unique_token_id.as_deref())
        .flatten()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| ("token", id));
    [session, token]
}

/// Write the map key of `(kind, id)` into `buf` (reused: most lookups find nothing new
/// and need no allocation).
fn key_into(buf: &mut String, kind: &str, id: &str) {
    buf.clear();
    buf.push_str(kind);
    buf.push(':');
    if kind == "session" {
        buf.extend(id.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        buf.push_str(id);
    }
}

impl SigninSessionMultiNetwork {
    fn first_of(&mut self, ev: &Event, ip: IpAddr, a: u32) -> First {
        let place = Place {
            network: network_text(ev),
            as_org: ev.net.as_ref().and_then(|n| n.as_org.clone()),
            country: ev.country().map(String::from),
        };
        First {
            time: ev.time,
            evidence: EvidenceRef::of(ev),
            operation: self.operations.get(&ev.operation, |o| Arc::from(o)),
            ip,
            asn: a,
            class: ev.net_class(),
            place: self.places.get(&place, |p| Arc::new(p.clone())),
            opened: false,
        }
    }

    /// Follow one session or token key; `ip` and `a` are the event's address and ASN.
    fn track(
        &mut self,
        key: &str,
        (kind, id): (&'static str, &str),
        ev: &Event,
        out: &mut Vec<Finding>,
    ) {
        let (Some(ip), Some(a)) = (ev.ip, ev.asn()) else {
            return;
        };
        let print = crate::text::fingerprint(&[key]);
        let Some(first) = self.first.get_mut(&print) else {
            if self.first.len() < SESSIONS_MAX {
                let first = self.first_of(ev, ip, a);
                self.first.insert(print, first);
            }
            return;
        };
        // A finding is only ever opened for a session already seen, which is then marked:
        // most events skip the lookup among open findings.
        if first.opened
            && let Some((f, s)) = self.open.get_mut(key)
        {
            f.add_event(ev);
            note(s, ev, ip, a);
            return;
        }
        if first.asn == a || first.ip == ip {
            return;
        }
        first.opened = true;
        let first = first.clone();
        self.open.add(key.to_string(), ev, out, || {
            let mut f = Finding::from_event(&META, ev, String::new());
            f.session_id = Some(id.to_string());
            add_seen(&mut f, &first.seen());
            let first_risky = first.class.is_some_and(is_risky_class);
            if first_risky && !ev.net_class().is_some_and(is_risky_class) {
                // Name the suspicious network (correlation takes the finding's IP).
                f.ip = Some(first.ip);
                f.asn = Some(first.asn);
                f.as_org = first.place.as_org.clone();
                f.network_class = first.class.map(|c| c.as_str().to_string());
                f.country = first.place.country.clone();
            }
            let mut s = Spread {
                kind,
                id: id.to_string(),
                ..Spread::default()
            };
            s.networks.push((first.asn, first.place.network.clone()));
            s.ips.insert(first.ip);
            s.risky = first_risky;
            s.unusual = first.class.is_none_or(is_unusual);
            note(&mut s, ev, ip, a);
            (f, s)
        });
    }
}

/// Neither a residential or mobile provider nor a risky network.
fn is_unusual(c: NetClass) -> bool {
    c != NetClass::Isp && !is_risky_class(c)
}

fn note(s: &mut Spread, ev: &Event, ip: IpAddr, a: u32) {
    s.ips.insert(ip);
    s.unusual |= ev.net_class().is_none_or(is_unusual);
    if !s.networks.iter().any(|(n, _)| *n == a) {
        s.networks.push((a, network_text(ev)));
    }
    s.risky |= ev.net_class().is_some_and(is_risky_class);
}

impl Detector for SigninSessionMultiNetwork {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !ev.actor.is_human() || ev.operation.eq_ignore_ascii_case("UserLoggedOut") {
            return;
        }
        if ev.ip.is_none() || ev.asn().is_none() {
            return;
        }
        if is_neutral_network(ev) || ctx.network_trusted(ev) {
            return;
        }
        let mut key = std::mem::take(&mut self.key);
        for (kind, id) in ids(ev).into_iter().flatten() {
            key_into(&mut key, kind, id);
            self.track(&key, (kind, id), ev, out);
        }
        self.key = key;
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        self.open.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::event::detail::Detail;

    const U: &str = "megan.bowen@contoso.com";

    fn mail_access(secs: i64, ip: &str, aad_session: &str, token: &str) -> B {
        signin(U, secs, ip).with(|e| {
            e.operation = "MailItemsAccessed".into();
            e.category = Category::MailAccess;
            e.detail = Detail::None;
            e.sessions.session_id = Some("exchange-session".into());
            e.sessions.aad_session_id = Some(aad_session.into());
            e.sessions.unique_token_id = Some(token.into());
        })
    }

    #[test]
    fn replay_from_a_hosting_network_is_high() {
        let evs = [
            signin(U, 0, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .session("S1")
                .ev(),
            signin(U, 60, "73.1.1.2")
                .net(7922, NetClass::Isp)
                .session("S1")
                .ev(),
            signin(U, 600, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .session("s1")
                .ev(),
            signin(U, 700, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .session("S1")
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].session_id.as_deref(), Some("s1"));
        assert_eq!(f[0].ip.unwrap().to_string(), "159.203.1.1");
        assert_eq!(f[0].evidence_count, 3);
        assert!(
            f[0].summary.contains("used from 2 IPs in 2 ASNs"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn the_first_network_is_named_when_it_is_the_suspicious_one() {
        let evs = [
            signin(U, 0, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .session("S1")
                .ev(),
            mail_access(60, "73.1.1.1", "S1", "T1")
                .net(7922, NetClass::Isp)
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].ip.unwrap().to_string(), "159.203.1.1");
        assert_eq!(f[0].network_class.as_deref(), Some("hosting"));
    }

    #[test]
    fn isps_are_low_cloud_is_medium_and_tokens_are_tracked() {
        let evs = [
            mail_access(0, "73.1.1.1", "S1", "T1")
                .net(7922, NetClass::Isp)
                .country("US")
                .ev(),
            mail_access(60, "172.56.1.1", "S1", "T1")
                .net(21928, NetClass::Isp)
                .country("US")
                .ev(),
        ];
        let f = run_default(new(), &evs);
        // Session and token; Exchange's own SessionId (the same in both) is not tracked.
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.severity == Severity::Low));
        assert!(f.iter().any(|f| f.summary.starts_with("token T1")));
        let abroad = [
            mail_access(0, "73.1.1.1", "S2", "T2")
                .net(7922, NetClass::Isp)
                .country("US")
                .ev(),
            mail_access(60, "86.148.22.19", "S2", "T2")
                .net(2856, NetClass::Isp)
                .country("GB")
                .ev(),
        ];
        let f = run_default(new(), &abroad);
        assert!(f.iter().all(|f| f.severity == Severity::Low), "a traveller");
        let cloud = [
            mail_access(0, "73.1.1.1", "S3", "T3")
                .net(7922, NetClass::Isp)
                .ev(),
            mail_access(60, "34.70.57.241", "S3", "T3")
                .net(396982, NetClass::Cloud)
                .ev(),
        ];
        let f = run_default(new(), &cloud);
        assert!(f.iter().all(|f| f.severity == Severity::Medium));
    }

    #[test]
    fn same_asn_microsoft_and_allow_listed_networks_are_quiet() {
        let evs = [
            signin(U, 0, "73.1.1.1")
                .net(7922, NetClass::Isp)
                .session("S1")
                .ev(),
            signin(U, 10, "73.1.1.9")
                .net(7922, NetClass::Isp)
                .session("S1")
                .ev(),
            signin(U, 20, "40.1.1.1")
                .net(8075, NetClass::Microsoft)
                .session("S1")
                .ev(),
            signin(U, 30, "165.225.1.1")
                .net(53813, NetClass::SecurityVendor)
                .session("S1")
                .ev(),
            signin(U, 40, "62.1.1.1")
                .net(3320, NetClass::Isp)
                .session("S1")
                .ev(),
        ];
        let mut ctx = Context::default();
        ctx.allow.asns.insert(3320);
        assert!(run(new(), &ctx, &evs).is_empty());
    }
}
