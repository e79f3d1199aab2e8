//! MT-M01: mailbox items read or synced (`MailItemsAccessed`) from a hosting, VPN or proxy
//! network.
//!
//! Why: after an AiTM phish or a password spray the intruder reads the mailbox from rented
//! infrastructure (VPS, commercial VPN, residential proxy) — Microsoft's RedVDS takedown and
//! most BEC case reports show this. Users read mail from home and office ISPs, not from a
//! DigitalOcean droplet. Each record is aggregated per user, IP and UTC day into one
//! finding that counts the records, operations and messages, so a day of attacker reading
//! is one line, not thousands.
//!
//! Ignores: Microsoft, cloud, security-vendor, ISP, private and unknown networks (server-side
//! access by Exchange itself appears from Microsoft ranges), allow-listed networks, failed
//! records and system accounts. A session or IP that a sign-in detector flagged is escalated
//! later by correlation, not here. This file also holds small helpers shared by the other
//! mailbox and persistence detectors (network description, subject user, day buckets).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::detect::{
    Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Signal, Status,
};
use crate::enrich::NetClass;
use crate::event::detail::{AccessType, Detail, MailAccessDetail};
use crate::event::{Event, Outcome, UserKind};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M01",
    title: "Mailbox items accessed from a hosting, VPN or proxy network",
    severity: Severity::High,
    techniques: &["T1114.002"],
    status: Status::Stable,
    description: "MailItemsAccessed records (Bind or Sync) from an IP whose network is hosting \
        (high), VPN or proxy (medium), aggregated per user, IP and UTC day with the number of \
        records, operations and messages. Reading mail from rented infrastructure is the \
        typical trace of an intruder using stolen credentials or tokens.",
    fields: &[
        "operation",
        "actor",
        "mailbox_owner",
        "ip",
        "net.class",
        "net.asn",
        "client_info",
        "result",
        "detail.access_type",
        "detail.operation_count",
        "detail.folders",
    ],
    params: &[Param {
        name: "min_operations",
        default: 1.0,
        doc: "operations (sum of OperationCount) from one user and IP in a UTC day before a \
              finding is reported",
    }],
    role: Role::attacker_made(Signal::MailAccess),
};

/// Most folder names remembered per finding for its summary.
const FOLDERS_MAX: usize = 8;

/// The risky class of an event's network and the severity it earns: hosting → high,
/// VPN or proxy → medium; anything else (Microsoft, cloud, ISP, unknown) → `None`.
pub(crate) fn risky_network(ev: &Event) -> Option<(NetClass, Severity)> {
    match ev.net.as_ref()?.class {
        NetClass::Hosting => Some((NetClass::Hosting, Severity::High)),
        NetClass::Vpn => Some((NetClass::Vpn, Severity::Medium)),
        NetClass::Proxy => Some((NetClass::Proxy, Severity::Medium)),
        _ => None,
    }
}

/// The user an event is about: the acting person, else the mailbox owner (app-only
/// access), else the actor's key. `None` for system accounts and empty identities.
pub(crate) fn subject_user(ev: &Event) -> Option<String> {
    match ev.actor.kind {
        UserKind::System => None,
        UserKind::Human => Some(ev.actor.key.clone()),
        UserKind::ServicePrincipal | UserKind::Anonymous | UserKind::None => ev
            .mailbox_owner
            .clone()
            .filter(|m| !m.is_empty())
            .or_else(|| (!ev.actor.key.is_empty()).then(|| ev.actor.key.clone())),
    }
}

/// The acting account as shown in summaries (`unknown actor` when the record has none).
pub(crate) fn actor_text(ev: &Event) -> &str {
    if ev.actor.key.is_empty() {
        "unknown actor"
    } else {
        &ev.actor.key
    }
}

/// UTC calendar day of an event.
pub(crate) fn day(ev: &Event) -> NaiveDate {
    ev.time.date_naive()
}

/// True when the source says the action failed.
pub(crate) fn failed(ev: &Event) -> bool {
    ev.result.outcome == Outcome::Failure
}

/// A finding about `user` (which may differ from the actor) built from an event.
pub(crate) fn finding_for(meta: &DetectorMeta, ev: &Event, user: &str, summary: &str) -> Finding {
    let mut f = Finding::from_event(meta, ev, summary);
    f.user = user.to_string();
    f
}

/// Join up to `max` items, adding `+N more` when there are more.
pub(crate) fn join_some<'a>(items: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let all: Vec<&str> = items.into_iter().collect();
    let mut s = all.iter().take(max).copied().collect::<Vec<_>>().join(", ");
    if all.len() > max {
        s.push_str(&format!(" +{} more", all.len() - max));
    }
    s
}

/// One user+IP+day aggregate.
#[derive(Debug)]
struct Agg {
    finding: Finding,
    records: u64,
    operations: u64,
    items: u64,
    sync: u64,
    folders: BTreeSet<String>,
    client: Option<String>,
}

/// The detector.
#[derive(Debug, Default)]
pub struct AccessFromRiskyNetwork {
    open: BTreeMap<(String, String, NaiveDate), Agg>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AccessFromRiskyNetwork::default())
}

impl AccessFromRiskyNetwork {
    fn add(&mut self, ev: &Event, m: &MailAccessDetail, user: String, sev: Severity) {
        let ip = ev.ip.map(|i| i.to_string()).unwrap_or_default();
        let agg = self
            .open
            .entry((user.clone(), ip, day(ev)))
            .or_insert_with(|| Agg {
                finding: finding_for(&META, ev, &user, "").with_severity(sev),
                records: 0,
                operations: 0,
                items: 0,
                sync: 0,
                folders: BTreeSet::new(),
                client: ev.client_info.clone().or_else(|| ev.app_id.clone()),
            });
        if agg.records > 0 {
            agg.finding.add_event(ev);
        }
        agg.records += 1;
        agg.operations = agg
            .operations
            .saturating_add(m.operation_count.unwrap_or(1).max(1));
        agg.items = agg.items.saturating_add(m.item_count() as u64);
        if m.access_type == AccessType::Sync {
            agg.sync += 1;
        }
        for path in m.folders.iter().filter_map(|f| f.path.as_deref()) {
            if agg.folders.len() < FOLDERS_MAX {
                agg.folders.insert(path.to_string());
            }
        }
    }
}

fn summary(agg: &Agg, ev_desc: &str, day: NaiveDate) -> String {
    let mut s = format!(
        "mailbox read from {ev_desc} on {day}: {} MailItemsAccessed records, {} operations, {} \
         messages bound",
        agg.records, agg.operations, agg.items
    );
    if agg.sync > 0 {
        s.push_str(&format!(", {} whole-folder syncs", agg.sync));
    }
    if !agg.folders.is_empty() {
        s.push_str(&format!(
            "; folders {}",
            join_some(agg.folders.iter().map(String::as_str), FOLDERS_MAX)
        ));
    }
    if let Some(c) = &agg.client {
        s.push_str(&format!("; client {c}"));
    }
    s
}

impl Detector for AccessFromRiskyNetwork {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, _out: &mut Vec<Finding>) {
        let Detail::MailAccess(m) = &ev.detail else {
            return;
        };
        if !ev.operation.eq_ignore_ascii_case("MailItemsAccessed") || failed(ev) {
            return;
        }
        let Some((_, sev)) = risky_network(ev) else {
            return;
        };
        if ctx.network_allowed(ev) {
            return;
        }
        let Some(user) = subject_user(ev) else {
            return;
        };
        self.add(ev, m, user, sev);
    }

    fn finish(&mut self, ctx: &Context, out: &mut Vec<Finding>) {
        let min_ops = ctx.param(&META, "min_operations");
        for ((_, _, d), mut agg) in std::mem::take(&mut self.open) {
            if (agg.operations as f64) < min_ops {
                continue;
            }
            let desc = network_text(&agg.finding);
            agg.finding.summary = summary(&agg, &desc, d);
            out.push(agg.finding);
        }
    }
}

/// `159.203.1.1 (AS14061 DigitalOcean, LLC, hosting)` from a finding's network fields.
pub(crate) fn network_text(f: &Finding) -> String {
    let ip = f.ip.map_or_else(|| "no IP".to_string(), |i| i.to_string());
    let mut parts = Vec::new();
    if let Some(a) = f.asn {
        parts.push(match &f.as_org {
            Some(o) => format!("AS{a} {o}"),
            None => format!("AS{a}"),
        });
    }
    if let Some(c) = &f.network_class {
        parts.push(c.clone());
    }
    if parts.is_empty() {
        ip
    } else {
        format!("{ip} ({})", parts.join(", "))
    }
}

/// Helpers for the unit tests of the mailbox and persistence detectors.
#[cfg(test)]
pub(crate) mod test_util {
    use chrono::{DateTime, Duration, TimeZone, Utc};

    use crate::detect::{Context, Detector, Finding};
    use crate::enrich::{NetClass, NetInfo};
    use crate::event::{Event, SourcePos, UserRef};

    /// 2026-01-04 08:00 UTC plus `minutes`.
    pub fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 4, 8, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    /// An event at `at(minutes)` with operation and actor.
    pub fn event(line: u64, minutes: i64, op: &str, user: &str) -> Event {
        let mut e = Event::new(
            SourcePos {
                file: 0,
                line,
                record: line,
            },
            "ual-json",
        );
        e.set_operation(op);
        e.time = at(minutes);
        e.time_known = true;
        e.record_id = Some(format!("rec-{line}"));
        e.actor = UserRef::from_raw(user);
        e
    }

    /// Set IP and network class (ASN picked from the class).
    pub fn on_net(e: &mut Event, ip: &str, class: NetClass) {
        e.ip = Some(ip.parse().unwrap());
        let (asn, org) = match class {
            NetClass::Hosting => (14061, "DigitalOcean, LLC"),
            NetClass::Vpn => (9009, "M247 Europe SRL"),
            NetClass::Microsoft => (8075, "Microsoft Corporation"),
            _ => (7922, "Comcast Cable Communications, LLC"),
        };
        e.net = Some(NetInfo {
            asn: Some(asn),
            as_org: Some(org.into()),
            class,
            class_reason: "test".into(),
            country: Some("US".into()),
        });
    }

    /// Run a detector over events and finish it.
    pub fn run(d: &mut dyn Detector, ctx: &Context, events: &[Event]) -> Vec<Finding> {
        let mut out = Vec::new();
        for e in events {
            d.observe(e, ctx, &mut out);
        }
        d.finish(ctx, &mut out);
        out
    }

    /// The tenant context used by the tests.
    pub fn ctx() -> Context {
        Context::with_domains(&["contoso.com"])
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;
    use crate::event::detail::{FolderAccess, ItemRef};

    fn access(line: u64, minutes: i64, ip: &str, class: NetClass, items: usize) -> Event {
        let mut e = event(
            line,
            minutes,
            "MailItemsAccessed",
            "megan.bowen@contoso.com",
        );
        on_net(&mut e, ip, class);
        e.client_info = Some("Client=REST;Client=RESTSystem;;".into());
        e.detail = Detail::MailAccess(Box::new(MailAccessDetail {
            access_type: AccessType::Bind,
            throttled: Some(false),
            operation_count: Some(items as u64),
            folders: vec![FolderAccess {
                path: Some("\\Inbox".into()),
                items: (0..items).map(|_| ItemRef::default()).collect(),
            }],
        }));
        e
    }

    #[test]
    fn hosting_access_is_one_high_finding_per_user_ip_day() {
        let evs = [
            access(1, 0, "159.203.1.1", NetClass::Hosting, 3),
            access(2, 5, "159.203.1.1", NetClass::Hosting, 4),
            access(3, 10, "73.1.1.1", NetClass::Isp, 4),
        ];
        let f = run(&mut AccessFromRiskyNetwork::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].evidence_count, 2);
        assert!(
            f[0].summary.contains("7 messages bound"),
            "{}",
            f[0].summary
        );
        assert!(
            f[0].summary.contains("AS14061 DigitalOcean"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn vpn_is_medium_and_days_split() {
        let evs = [
            access(1, 0, "185.220.101.1", NetClass::Vpn, 1),
            access(2, 24 * 60, "185.220.101.1", NetClass::Vpn, 1),
        ];
        let f = run(&mut AccessFromRiskyNetwork::default(), &ctx(), &evs);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.severity == Severity::Medium));
    }

    #[test]
    fn microsoft_isp_system_and_allow_listed_are_ignored() {
        let mut sys = access(1, 0, "159.203.1.1", NetClass::Hosting, 1);
        sys.actor = crate::event::UserRef::from_raw(
            "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)",
        );
        let evs = [
            access(2, 0, "52.96.1.1", NetClass::Microsoft, 5),
            access(3, 0, "73.1.1.1", NetClass::Isp, 5),
            sys,
        ];
        assert!(run(&mut AccessFromRiskyNetwork::default(), &ctx(), &evs).is_empty());
        let mut c = ctx();
        c.allow.asns.insert(14061);
        let evs = [access(4, 0, "159.203.1.1", NetClass::Hosting, 1)];
        assert!(run(&mut AccessFromRiskyNetwork::default(), &c, &evs).is_empty());
    }

    #[test]
    fn min_operations_threshold_edge() {
        let mut c = ctx();
        c.settings
            .entry("MT-M01".into())
            .or_default()
            .params
            .insert("min_operations".into(), 5.0);
        let four = [access(1, 0, "159.203.1.1", NetClass::Hosting, 4)];
        assert!(run(&mut AccessFromRiskyNetwork::default(), &c, &four).is_empty());
        let five = [access(1, 0, "159.203.1.1", NetClass::Hosting, 5)];
        assert_eq!(
            run(&mut AccessFromRiskyNetwork::default(), &c, &five).len(),
            1
        );
    }
}
