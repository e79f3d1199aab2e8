//! The tenant's own networks (SPEC §6): an address that several of the tenant's accounts use,
//! day after day, from the start of the data (the office, a corporate VPN concentrator on a
//! hosting ASN), and a network an account has used since the start of the data on many days
//! (a user's consumer VPN, a developer's cloud VM) are the tenant's, not an intruder's.
//! Detectors judge them as known; the summary names them with the `[allow]` line that would
//! make the choice explicit, so a responder can overrule it.
//!
//! Only *use* counts: successful sign-ins and actions, never failures (a password spray
//! from one host against fifty accounts is not fifty accounts using it). An intruder's
//! server seldom qualifies: it appears when the attack starts, not on the first days of the
//! export, and it is used on a few days, not most of them. An account's own VPN counts by
//! ASN (consumer VPN exits rotate addresses within their provider's networks); its own
//! hosting or cloud machine by address (an intruder renting a server at the same provider
//! must not pass as the account's own). Memory: one entry per distinct IP and per distinct
//! (account, network) pair, each with capped sets.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::enrich::NetClass;
use crate::event::{Category, Event, Outcome};

/// Thresholds (configurable under `[tenant]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OwnNetworkRules {
    /// Accounts that must use one address for it to be the tenant's.
    pub shared_ip_accounts: u32,
    /// Distinct UTC days on which a network must be used.
    pub min_days: u32,
    /// Use must begin within this many days of the start of the data.
    pub baseline_days: u32,
}

impl Default for OwnNetworkRules {
    fn default() -> Self {
        OwnNetworkRules {
            shared_ip_accounts: 3,
            min_days: 5,
            baseline_days: 3,
        }
    }
}

/// Most accounts remembered per address (enough to count past any threshold).
const ACCOUNTS_MAX: usize = 64;
/// Most days remembered per network.
const DAYS_MAX: usize = 400;

#[derive(Debug, Default)]
struct Use {
    accounts: BTreeSet<String>,
    days: BTreeSet<i64>,
    first: Option<DateTime<Utc>>,
    class: Option<NetClass>,
    as_org: Option<String>,
    asn: Option<u32>,
}

impl Use {
    fn add(&mut self, ev: &Event) {
        if self.accounts.len() < ACCOUNTS_MAX && !self.accounts.contains(&ev.actor.key) {
            self.accounts.insert(ev.actor.key.clone());
        }
        let day = ev.time.timestamp().div_euclid(86_400);
        if self.days.len() < DAYS_MAX {
            self.days.insert(day);
        }
        self.first = Some(self.first.map_or(ev.time, |f| f.min(ev.time)));
        if self.class.is_none() {
            let net = ev.net.as_ref();
            self.class = net.map(|n| n.class);
            self.as_org = net.and_then(|n| n.as_org.clone());
            self.asn = ev.asn();
        }
    }
}

/// A network as an account's own: a VPN provider by ASN, anything else by address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NetKey {
    /// An ASN (VPN and proxy providers).
    Asn(u32),
    /// An address (hosting, cloud, unknown networks).
    Ip(IpAddr),
}

impl NetKey {
    /// The key an event's network is judged by, when it has one worth judging.
    fn of(ev: &Event) -> Option<NetKey> {
        let net = ev.net.as_ref()?;
        match net.class {
            NetClass::Vpn | NetClass::Proxy => ev.asn().map(NetKey::Asn),
            NetClass::Hosting | NetClass::Cloud | NetClass::Unknown => ev.ip.map(NetKey::Ip),
            _ => None,
        }
    }
}

/// What the events said about who uses which network (fed during ingest).
#[derive(Debug, Default)]
pub struct NetworkUsage {
    start: Option<DateTime<Utc>>,
    ips: HashMap<IpAddr, Use>,
    accounts: HashMap<(String, NetKey), Use>,
}

impl NetworkUsage {
    /// Learn from one event (any order).
    pub fn observe(&mut self, ev: &Event) {
        if !ev.time_known {
            return;
        }
        self.start = Some(self.start.map_or(ev.time, |s| s.min(ev.time)));
        if !ev.actor.is_human() || !is_use(ev) {
            return;
        }
        let Some(ip) = ev.ip else { return };
        self.ips.entry(ip).or_default().add(ev);
        if let Some(key) = NetKey::of(ev) {
            self.accounts
                .entry((ev.actor.key.clone(), key))
                .or_default()
                .add(ev);
        }
    }

    /// The networks that are the tenant's own under `rules`.
    pub fn own(&self, rules: OwnNetworkRules) -> OwnNetworks {
        let Some(start) = self.start else {
            return OwnNetworks::default();
        };
        let baseline = start + chrono::Duration::days(i64::from(rules.baseline_days));
        let qualifies = |u: &Use, accounts: u32| {
            u.accounts.len() as u32 >= accounts
                && u.days.len() as u32 >= rules.min_days
                && u.first.is_some_and(|f| f <= baseline)
        };
        let mut own = OwnNetworks::default();
        for (ip, u) in &self.ips {
            if qualifies(u, rules.shared_ip_accounts) {
                own.ips.insert(*ip, OwnNetwork::of(u));
            }
        }
        for ((account, key), u) in &self.accounts {
            let shared = matches!(key, NetKey::Ip(ip) if own.ips.contains_key(ip));
            if !shared && qualifies(u, 1) {
                own.accounts
                    .insert((account.clone(), key.clone()), OwnNetwork::of(u));
                own.by_account
                    .entry(account.clone())
                    .or_default()
                    .push(key.clone());
            }
        }
        own
    }
}

/// Successful sign-ins and actions: the account was there. Failures are attempts.
fn is_use(ev: &Event) -> bool {
    match ev.category {
        Category::SignIn => matches!(ev.result.outcome, Outcome::Success),
        _ => ev.result.outcome != Outcome::Failure,
    }
}

/// Why a network is the tenant's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnNetwork {
    /// Accounts that used it (at most 64 remembered).
    pub accounts: BTreeSet<String>,
    /// Distinct days of use.
    pub days: u32,
    /// First use.
    pub first: DateTime<Utc>,
    /// Network class.
    pub class: Option<NetClass>,
    /// AS organisation.
    pub as_org: Option<String>,
    /// ASN.
    pub asn: Option<u32>,
}

impl OwnNetwork {
    fn of(u: &Use) -> OwnNetwork {
        OwnNetwork {
            accounts: u.accounts.clone(),
            days: u.days.len() as u32,
            first: u.first.unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
            class: u.class,
            as_org: u.as_org.clone(),
            asn: u.asn,
        }
    }
}

/// The tenant's own networks.
#[derive(Debug, Clone, Default)]
pub struct OwnNetworks {
    /// Addresses several accounts use daily from the start of the data.
    pub ips: BTreeMap<IpAddr, OwnNetwork>,
    /// (account, network): a VPN, hosting, cloud or unlisted network one account uses on
    /// many days from the start of the data (an ISP needs no such treatment: it is never
    /// suspicious by itself).
    pub accounts: BTreeMap<(String, NetKey), OwnNetwork>,
    /// The networks of `accounts` by account, so that detectors asking about every event
    /// look an account up without copying its key.
    by_account: HashMap<String, Vec<NetKey>>,
}

impl OwnNetworks {
    /// True when `ev`'s address is the tenant's, or its network the actor's own.
    pub fn contains(&self, ev: &Event) -> bool {
        if ev.ip.is_some_and(|ip| self.ips.contains_key(&ip)) {
            return true;
        }
        NetKey::of(ev).is_some_and(|k| self.owns_key(&ev.actor.key, &k))
    }

    /// True when an address is one of the tenant's shared addresses.
    pub fn contains_ip(&self, ip: IpAddr) -> bool {
        self.ips.contains_key(&ip)
    }

    /// True when `ip` (or its ASN) is the tenant's, or `account`'s own network: what a
    /// finding names, judged like an event.
    pub fn owns(&self, account: &str, ip: Option<IpAddr>, asn: Option<u32>) -> bool {
        ip.is_some_and(|i| self.contains_ip(i) || self.owns_key(account, &NetKey::Ip(i)))
            || asn.is_some_and(|a| self.owns_key(account, &NetKey::Asn(a)))
    }

    fn owns_key(&self, account: &str, key: &NetKey) -> bool {
        self.by_account
            .get(account)
            .is_some_and(|keys| keys.contains(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::NetInfo;
    use crate::event::{SourcePos, UserRef};
    use chrono::TimeZone;

    fn ev(user: &str, ip: &str, day: u32, class: NetClass, ok: bool) -> Event {
        let mut e = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "signin-entra-csv",
        );
        e.time = Utc.with_ymd_and_hms(2026, 2, day, 9, 0, 0).unwrap();
        e.time_known = true;
        e.actor = UserRef::from_raw(user);
        e.ip = ip.parse().ok();
        e.category = Category::SignIn;
        e.result.outcome = if ok {
            Outcome::Success
        } else {
            Outcome::Failure
        };
        e.net = Some(NetInfo {
            asn: Some(16276),
            as_org: Some("OVH SAS".into()),
            class,
            class_reason: String::new(),
            country: None,
        });
        e
    }

    #[test]
    fn a_vpn_concentrator_used_daily_by_several_accounts_is_the_tenants() {
        let mut u = NetworkUsage::default();
        for day in 2..9 {
            for user in ["a@x.com", "b@x.com", "c@x.com"] {
                u.observe(&ev(user, "51.81.112.40", day, NetClass::Hosting, true));
            }
        }
        // an intruder's server: mid-export, two days, two accounts
        for day in 6..8 {
            for user in ["a@x.com", "d@x.com"] {
                u.observe(&ev(user, "159.203.1.1", day, NetClass::Hosting, true));
            }
        }
        // a spray: many accounts fail from one host every day
        for day in 2..9 {
            for n in 0..10 {
                let user = format!("u{n}@x.com");
                u.observe(&ev(&user, "45.1.1.1", day, NetClass::Hosting, false));
            }
        }
        let own = u.own(OwnNetworkRules::default());
        let ips: Vec<String> = own.ips.keys().map(|i| i.to_string()).collect();
        assert_eq!(ips, ["51.81.112.40"]);
        let key = |u: &str, ip: &str| (u.to_string(), NetKey::Ip(ip.parse().unwrap()));
        assert!(
            !own.accounts.contains_key(&key("a@x.com", "51.81.112.40")),
            "listed once, as a shared address"
        );
        assert!(!own.accounts.contains_key(&key("a@x.com", "159.203.1.1")));
        assert!(!own.accounts.contains_key(&key("d@x.com", "159.203.1.1")));
    }
}
