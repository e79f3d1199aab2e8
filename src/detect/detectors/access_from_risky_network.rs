//! MT-M01: mailbox items read or synced (`MailItemsAccessed`, or a mail `GET` in the
//! Microsoft Graph activity log) from a hosting, VPN or proxy network.
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
//! later by correlation, not here.

use crate::text::join_some;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::mailbox_common::{day, failed, finding_for, network_text, risky_network, subject_user};
use crate::detect::{
    Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Signal, Status,
};
use crate::event::Event;
use crate::event::detail::{AccessType, Detail, MailAccessDetail};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M01",
    title: "Mailbox items accessed from a hosting, VPN or proxy network",
    severity: Severity::High,
    techniques: &["T1114.002"],
    status: Status::Stable,
    description: "MailItemsAccessed records (Bind or Sync), or mail reads in the Microsoft \
        Graph activity log, from an IP whose network is hosting \
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

/// One user+IP+day aggregate.
#[derive(Debug)]
struct Agg {
    finding: Finding,
    records: u64,
    operations: u64,
    items: u64,
    sync: u64,
    /// Of the records, mail reads from the Microsoft Graph activity log.
    graph: u64,
    folders: BTreeSet<String>,
    client: Option<String>,
}

/// A mail `GET` in the Microsoft Graph activity log (`graph-activity`): the same reading,
/// where mailbox auditing did not record it.
const GRAPH_MAIL_READ: &str = "GraphMailRead";

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
                graph: 0,
                folders: BTreeSet::new(),
                client: ev.client_info.clone().or_else(|| ev.app_id.clone()),
            });
        if agg.records > 0 {
            agg.finding.add_event(ev);
        }
        agg.records += 1;
        if ev.operation.eq_ignore_ascii_case(GRAPH_MAIL_READ) {
            agg.graph += 1;
        }
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
    let records = match agg.graph {
        0 => format!("{} MailItemsAccessed records", agg.records),
        g if g == agg.records => format!("{g} Microsoft Graph mail reads"),
        g => format!(
            "{} MailItemsAccessed records and {g} Microsoft Graph mail reads",
            agg.records - g
        ),
    };
    let mut s = format!(
        "mailbox read from {ev_desc} on {day}: {records}, {} operations, {} messages bound",
        agg.operations, agg.items
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
        let op = ev.operation.as_str();
        let read = op.eq_ignore_ascii_case("MailItemsAccessed")
            || op.eq_ignore_ascii_case(GRAPH_MAIL_READ);
        if !read || failed(ev) {
            return;
        }
        let Some((_, sev)) = risky_network(ev) else {
            return;
        };
        if ctx.network_trusted(ev) {
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

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;
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
    fn graph_mail_reads_count_like_mail_items_accessed() {
        let mut graph = access(2, 5, "159.203.1.1", NetClass::Hosting, 1);
        graph.operation = "GraphMailRead".into();
        let evs = [access(1, 0, "159.203.1.1", NetClass::Hosting, 3), graph];
        let f = run(&mut AccessFromRiskyNetwork::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].summary
                .contains("1 MailItemsAccessed records and 1 Microsoft Graph mail reads"),
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
