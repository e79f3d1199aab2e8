//! Matching events against indicators, built once per run: hash sets by kind, and one
//! hash set per network prefix length (a lookup costs one probe per distinct prefix, not
//! one per network).
//!
//! What each kind is compared with, and on which side it falls:
//! - **network side** (the address the event came from, and the machine and software
//!   behind it): `ip` and `cidr` with the client IP; `asn` with `Event::asn` (enrichment
//!   first, then the source's own); `user_agent` with the user agent, whole and
//!   case-insensitive (no substrings: a short indicator such as `Mozilla` would match
//!   every browser); `app_id` with the application id; `device_name` with the device
//!   name, case-insensitive;
//! - **content side** (whom the mail, rule or grant names): `email` with the acting
//!   account, the mailbox acted on, recipients and send-as addresses of sends, inbox-rule
//!   forward and redirect targets, mailbox forwarding addresses and send-on-behalf
//!   grantees, transport-rule redirect/copy/BCC targets, permission grantees and the
//!   people files were shared with; `domain` with the domains of those same addresses,
//!   subdomains included (`evil.example` matches `mail.evil.example`); `app_id` with
//!   the application of an OAuth consent.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use super::Indicator;
use super::value::{Parsed, mask};
use crate::event::Event;
use crate::event::detail::Detail;

/// Which side of an event an indicator matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// Where the event came from: address, AS, user agent, application, device.
    Network,
    /// Whom it names: accounts, recipients, forwarding targets, grantees, consented apps.
    Content,
}

/// The part of an event an indicator matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Client IP.
    Ip,
    /// AS number.
    Asn,
    /// User agent.
    UserAgent,
    /// Application id of the client.
    AppId,
    /// Device name.
    Device,
    /// The acting account.
    Actor,
    /// The mailbox acted on.
    Mailbox,
    /// A recipient of a sent message.
    Recipient,
    /// The address a message was sent as or on behalf of.
    SentAs,
    /// An inbox rule's forward or redirect target.
    RuleTarget,
    /// A mailbox forwarding address.
    Forwarding,
    /// A transport rule's redirect, copy or BCC target.
    TransportTarget,
    /// Who was granted a permission (or send-on-behalf).
    Grantee,
    /// Whom a file was shared with.
    SharedWith,
    /// The application of an OAuth consent.
    ConsentApp,
}

impl Field {
    /// The side of the event this field is on.
    pub fn side(self) -> Side {
        match self {
            Field::Ip | Field::Asn | Field::UserAgent | Field::AppId | Field::Device => {
                Side::Network
            }
            _ => Side::Content,
        }
    }

    /// In words, for summaries (`IP`, `forwarding address`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Ip => "IP",
            Field::Asn => "AS",
            Field::UserAgent => "user agent",
            Field::AppId => "application",
            Field::Device => "device",
            Field::Actor => "account",
            Field::Mailbox => "mailbox",
            Field::Recipient => "recipient",
            Field::SentAs => "sent-as address",
            Field::RuleTarget => "inbox-rule target",
            Field::Forwarding => "forwarding address",
            Field::TransportTarget => "transport-rule target",
            Field::Grantee => "grantee",
            Field::SharedWith => "shared with",
            Field::ConsentApp => "consented application",
        }
    }
}

/// One indicator matched by one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the indicator (see `Indicators::get`).
    pub indicator: u32,
    /// Where in the event.
    pub field: Field,
    /// The event's value that matched (`203.0.113.7`, `AS14061`, `x@mail.evil.example`).
    pub observed: String,
}

/// Indicators by kind, for lookups.
#[derive(Debug, Default)]
pub struct Matcher {
    ips: HashMap<IpAddr, u32>,
    /// `(IPv6?, prefix length)` → network address → indicator.
    nets: BTreeMap<(bool, u8), HashMap<IpAddr, u32>>,
    asns: HashMap<u32, u32>,
    domains: HashMap<String, u32>,
    emails: HashMap<String, u32>,
    user_agents: HashMap<String, u32>,
    app_ids: HashMap<String, u32>,
    devices: HashMap<String, u32>,
}

impl Matcher {
    /// Build the lookups (the list holds each kind and value once).
    pub fn new(list: &[Indicator]) -> Matcher {
        use super::Kind;
        let mut m = Matcher::default();
        for (i, ind) in list.iter().enumerate() {
            let i = i as u32;
            match (&ind.parsed, ind.kind) {
                (Parsed::Ip(ip), _) => {
                    m.ips.insert(*ip, i);
                }
                (Parsed::Net(net, prefix), _) => {
                    m.nets
                        .entry((net.is_ipv6(), *prefix))
                        .or_default()
                        .insert(*net, i);
                }
                (Parsed::Asn(a), _) => {
                    m.asns.insert(*a, i);
                }
                (Parsed::Text(t), kind) => {
                    let set = match kind {
                        Kind::Domain => &mut m.domains,
                        Kind::Email => &mut m.emails,
                        Kind::UserAgent => &mut m.user_agents,
                        Kind::AppId => &mut m.app_ids,
                        _ => &mut m.devices,
                    };
                    set.insert(t.clone(), i);
                }
            }
        }
        m
    }

    /// True when only addresses and networks are listed: then whether an event can
    /// match is known from its IP alone (the replays need not decode the others).
    pub fn only_addresses(&self) -> bool {
        self.asns.is_empty()
            && self.domains.is_empty()
            && self.emails.is_empty()
            && self.user_agents.is_empty()
            && self.app_ids.is_empty()
            && self.devices.is_empty()
    }

    /// The `ip` or `cidr` indicators an address matches: the exact one, then networks
    /// from the longest prefix down.
    pub fn ip(&self, ip: IpAddr) -> impl Iterator<Item = u32> + '_ {
        let ip = ip.to_canonical();
        let exact = self.ips.get(&ip).copied();
        let nets = self
            .nets
            .iter()
            .rev()
            .filter(move |((v6, _), _)| *v6 == ip.is_ipv6())
            .filter_map(move |((_, p), set)| set.get(&mask(ip, *p)).copied());
        exact.into_iter().chain(nets)
    }

    /// Every indicator `ev` matches on `side`, each once, appended to `out`.
    pub fn hits(&self, ev: &Event, side: Side, out: &mut Vec<Hit>) {
        let mut push = |indicator: u32, field: Field, observed: &dyn Fn() -> String| {
            if !out.iter().any(|h| h.indicator == indicator) {
                out.push(Hit {
                    indicator,
                    field,
                    observed: observed(),
                });
            }
        };
        match side {
            Side::Network => self.network(ev, &mut push),
            Side::Content => {
                for_each_address(ev, &mut |field, raw| {
                    self.address(field, raw, &mut push);
                });
                if let Detail::Consent(c) = &ev.detail {
                    let id = c.app_id.as_deref().map(|a| a.trim().to_ascii_lowercase());
                    if let Some(i) = id.as_ref().and_then(|a| self.app_ids.get(a)) {
                        push(*i, Field::ConsentApp, &|| id.clone().unwrap_or_default());
                    }
                }
            }
        }
    }

    fn network(&self, ev: &Event, push: &mut Push) {
        if let Some(ip) = ev.ip {
            for i in self.ip(ip) {
                push(i, Field::Ip, &|| ip.to_string());
            }
        }
        if let Some(i) = ev.asn().and_then(|a| self.asns.get(&a)) {
            push(*i, Field::Asn, &|| {
                ev.asn().map(|a| format!("AS{a}")).unwrap_or_default()
            });
        }
        let lookup = |set: &HashMap<String, u32>, v: Option<&str>, upper: bool| {
            let v = v
                .map(str::trim)
                .filter(|v| !v.is_empty() && !set.is_empty())?;
            let key = if upper {
                v.to_uppercase()
            } else {
                v.to_lowercase()
            };
            set.get(&key).map(|i| (*i, v.to_string()))
        };
        let device = ev.device.as_ref().and_then(|d| d.name.as_deref());
        for (field, found) in [
            (
                Field::UserAgent,
                lookup(&self.user_agents, ev.user_agent.as_deref(), false),
            ),
            (
                Field::AppId,
                lookup(&self.app_ids, ev.app_id.as_deref(), false),
            ),
            (Field::Device, lookup(&self.devices, device, true)),
        ] {
            if let Some((i, v)) = found {
                push(i, field, &|| v.clone());
            }
        }
    }

    /// An address's `email` indicator, then `domain` indicators of its domain and each
    /// parent domain.
    fn address(&self, field: Field, raw: &str, push: &mut Push) {
        if self.emails.is_empty() && self.domains.is_empty() {
            return;
        }
        let Some(addr) = address(raw) else {
            return;
        };
        if let Some(i) = self.emails.get(&addr) {
            push(*i, field, &|| addr.clone());
        }
        let Some((_, mut domain)) = addr.rsplit_once('@') else {
            return;
        };
        loop {
            if let Some(i) = self.domains.get(domain) {
                push(*i, field, &|| addr.clone());
            }
            match domain.split_once('.') {
                Some((_, parent)) if parent.contains('.') => domain = parent,
                _ => break,
            }
        }
    }
}

type Push<'a> = dyn FnMut(u32, Field, &dyn Fn() -> String) + 'a;

/// Every address an event names, with where it names it.
fn for_each_address(ev: &Event, f: &mut dyn FnMut(Field, &str)) {
    f(Field::Actor, &ev.actor.key);
    if let Some(m) = &ev.mailbox_owner {
        f(Field::Mailbox, m);
    }
    let each = |f: &mut dyn FnMut(Field, &str), field, list: &[String]| {
        list.iter().for_each(|a| f(field, a));
    };
    match &ev.detail {
        Detail::Send(s) => {
            each(f, Field::Recipient, &s.recipients);
            for a in s.send_as.iter().chain(&s.on_behalf_of) {
                f(Field::SentAs, a);
            }
        }
        Detail::InboxRule(r) => r.targets().for_each(|a| f(Field::RuleTarget, a)),
        Detail::MailboxForwarding(m) => {
            for a in m
                .forwarding_smtp_address
                .iter()
                .chain(&m.forwarding_address)
            {
                f(Field::Forwarding, a);
            }
            each(f, Field::Grantee, &m.grant_send_on_behalf_to);
        }
        Detail::TransportRule(t) => {
            for list in [&t.redirect_to, &t.blind_copy_to, &t.copy_to] {
                each(f, Field::TransportTarget, list);
            }
        }
        Detail::Permission(p) => {
            if let Some(g) = &p.grantee {
                f(Field::Grantee, g);
            }
        }
        Detail::File(d) => {
            if let Some(s) = &d.shared_with {
                f(Field::SharedWith, s);
            }
        }
        _ => {}
    }
}

/// An e-mail address in the forms exports write it (`smtp:a@b`, `Name <a@b>`,
/// `[SMTP:a@b]`), lower-case; `None` when the text holds no address.
pub fn address(raw: &str) -> Option<String> {
    let mut s = raw.trim();
    if let (Some(a), Some(b)) = (s.find('<'), s.rfind('>'))
        && a < b
    {
        s = &s[a + 1..b];
    }
    let lower = s.to_lowercase();
    let mut s = lower.as_str();
    for prefix in ["smtp:", "mailto:"] {
        if let Some(at) = s.find(prefix) {
            s = &s[at + prefix.len()..];
        }
    }
    let s = s
        .trim()
        .trim_start_matches('[')
        .trim_end_matches([']', '>', '.'])
        .trim();
    let (local, domain) = s.rsplit_once('@')?;
    (!local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace))
        .then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::{FileRef, Indicators, csv};
    use super::*;
    use crate::enrich::{NetClass, NetInfo};
    use crate::event::detail::{ConsentDetail, ForwardingDetail, SendDetail};
    use crate::event::{Device, SourcePos, UserRef};

    fn set(rows: &str) -> Indicators {
        let file = FileRef {
            shown: "t.csv",
            name: "t.csv",
        };
        let read = csv::read(&format!("type,value,label\n{rows}"), &file).unwrap();
        Indicators::from_list(read.indicators, Vec::new())
    }

    fn ev() -> Event {
        let pos = SourcePos {
            file: 0,
            line: 2,
            record: 1,
        };
        let mut e = Event::new(pos, "test");
        e.actor = UserRef::from_raw("megan.bowen@contoso.com");
        e
    }

    fn hits(s: &Indicators, e: &Event, side: Side) -> Vec<(String, Field, String)> {
        let mut out = Vec::new();
        s.matcher().hits(e, side, &mut out);
        out.into_iter()
            .map(|h| (s.get(h.indicator).value.clone(), h.field, h.observed))
            .collect()
    }

    #[test]
    fn addresses_and_networks_v4_and_v6() {
        let s = set("ip,203.0.113.7\ncidr,198.51.100.0/24\ncidr,198.51.0.0/16\n\
                     cidr,2001:db8::/32\nasn,AS14061\n");
        let mut e = ev();
        e.set_ip("198.51.100.9");
        let got = hits(&s, &e, Side::Network);
        let values: Vec<&str> = got.iter().map(|h| h.0.as_str()).collect();
        assert_eq!(
            values,
            ["198.51.100.0/24", "198.51.0.0/16"],
            "longest prefix first"
        );
        e.set_ip("[2001:db8:1::5]:443");
        assert_eq!(hits(&s, &e, Side::Network)[0].0, "2001:db8::/32");
        e.set_ip("::ffff:203.0.113.7");
        assert_eq!(hits(&s, &e, Side::Network)[0].0, "203.0.113.7");
        e.set_ip("203.0.113.8");
        assert!(hits(&s, &e, Side::Network).is_empty());
        assert!(hits(&s, &e, Side::Content).is_empty());
        assert!(!s.matcher().only_addresses());
    }

    #[test]
    fn asn_follows_the_enrichment_precedence() {
        let s = set("asn,14061\n");
        let mut e = ev();
        e.source_asn = Some(14061);
        assert_eq!(hits(&s, &e, Side::Network)[0].2, "AS14061");
        e.net = Some(NetInfo {
            asn: Some(140610),
            as_org: None,
            class: NetClass::Hosting,
            class_reason: String::new(),
            country: None,
        });
        assert!(
            hits(&s, &e, Side::Network).is_empty(),
            "174 never matches 17400"
        );
    }

    #[test]
    fn user_agents_apps_and_devices_ignore_case_but_not_substrings() {
        let s = set("user_agent,python-requests/2.31.0\n\
                     app_id,E9A7FEA1-1CC0-4CD9-A31B-9137CA5DEEDD\n\
                     device_name,win-buns25td77j\n");
        let mut e = ev();
        e.user_agent = Some(" Python-Requests/2.31.0 ".into());
        e.app_id = Some("e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd".into());
        e.device = Some(Device {
            name: Some("WIN-BUNS25TD77J".into()),
            ..Device::default()
        });
        let fields: Vec<Field> = hits(&s, &e, Side::Network).iter().map(|h| h.1).collect();
        assert_eq!(fields, [Field::UserAgent, Field::AppId, Field::Device]);
        e.user_agent = Some("python-requests/2.31.0 extra".into());
        assert_eq!(hits(&s, &e, Side::Network).len(), 2);
    }

    #[test]
    fn domains_match_subdomains_and_emails_match_whole_addresses() {
        let s = set("domain,evil.example\nemail,boss@partner.example\n");
        let mut e = ev();
        e.detail = Detail::Send(Box::new(SendDetail {
            recipients: vec![
                "Boss <BOSS@partner.example>".into(),
                "x@mail.evil.example".into(),
                "y@notevil.example".into(),
            ],
            ..SendDetail::default()
        }));
        let got = hits(&s, &e, Side::Content);
        assert_eq!(
            got,
            [
                (
                    "boss@partner.example".into(),
                    Field::Recipient,
                    "boss@partner.example".into()
                ),
                (
                    "evil.example".into(),
                    Field::Recipient,
                    "x@mail.evil.example".into()
                ),
            ]
        );
        assert!(hits(&s, &e, Side::Network).is_empty());
        e.detail = Detail::MailboxForwarding(Box::new(ForwardingDetail {
            forwarding_smtp_address: Some("smtp:Finance@Evil.Example".into()),
            ..ForwardingDetail::default()
        }));
        assert_eq!(hits(&s, &e, Side::Content)[0].1, Field::Forwarding);
    }

    #[test]
    fn the_actor_and_consented_apps_are_content() {
        let s = set("email,megan.bowen@contoso.com\napp_id,e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd\n");
        let mut e = ev();
        e.detail = Detail::Consent(Box::new(ConsentDetail {
            app_id: Some("E9A7FEA1-1CC0-4CD9-A31B-9137CA5DEEDD".into()),
            ..ConsentDetail::default()
        }));
        let fields: Vec<Field> = hits(&s, &e, Side::Content).iter().map(|h| h.1).collect();
        assert_eq!(fields, [Field::Actor, Field::ConsentApp]);
        assert!(hits(&s, &e, Side::Network).is_empty());
    }

    #[test]
    fn address_forms() {
        assert_eq!(address("SMTP:A@B.example").as_deref(), Some("a@b.example"));
        assert_eq!(
            address("Name <a@b.example>").as_deref(),
            Some("a@b.example")
        );
        assert_eq!(
            address("[smtp:a@b.example]").as_deref(),
            Some("a@b.example")
        );
        assert_eq!(address("Executive Assistant"), None);
        assert_eq!(address("a@localhost"), None);
    }
}
