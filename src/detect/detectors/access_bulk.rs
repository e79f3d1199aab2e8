//! MT-M02: bulk mailbox access — throttled `MailItemsAccessed` auditing, records with a very
//! high `OperationCount`, and whole-folder `Sync` downloads by a client that is not an
//! Outlook client.
//!
//! Why: an intruder exfiltrating a mailbox binds thousands of items or syncs whole folders
//! with a third-party client (eM Client, IMAP scripts, Graph/EWS tools). Exchange marks
//! `IsThrottled` once a mailbox produces over 1,000 `MailItemsAccessed` records in 24 hours
//! (and stops logging Bind for a day), and one aggregated record with hundreds of
//! operations is a bulk read. Elastic's rule (`IsThrottled` or `OperationCount >= 100`) and
//! the Analyzer (any `Sync`) are the prior art; unlike the Analyzer this detector does not
//! fire on the folder syncs Outlook desktop, OWA, Outlook mobile and ActiveSync phones
//! make all day.
//!
//! Ignores: syncs by Outlook-family clients (`Client=MSExchangeRPC`, `Client=OWA`,
//! `Client=OutlookService`, `Outlook-iOS/Android`, `MacOutlook`, `Client=Hx…`,
//! `Client=ActiveSync`, and `Client=REST` without a third-party app id), allow-listed
//! application ids, failed records and system accounts. One finding per user, reason and
//! UTC day; later records add evidence.

use crate::text::join_some;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::mailbox_common::{
    day, failed, finding_for, is_outlook_family, network_text, subject_user,
};
use crate::detect::lists::apps::{abused_app, abused_client_info, is_first_party_mail_app};
use crate::detect::{
    Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Signal, Status,
};
use crate::event::Event;
use crate::event::detail::{AccessType, Detail, MailAccessDetail};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M02",
    title: "Bulk mailbox access",
    severity: Severity::Medium,
    techniques: &["T1114.002"],
    status: Status::Stable,
    description: "MailItemsAccessed records that are throttled (over 1,000 records in 24 h), \
        that aggregate at least 100 operations, or that sync whole folders from a client that \
        is not Outlook, OWA, Outlook mobile or ActiveSync. One finding per user, reason and \
        UTC day; a bulk download of the mailbox is the exfiltration step of most BEC cases.",
    fields: &[
        "operation",
        "actor",
        "mailbox_owner",
        "ip",
        "client_info",
        "app_id",
        "result",
        "detail.throttled",
        "detail.operation_count",
        "detail.access_type",
        "detail.folders",
    ],
    params: &[Param {
        name: "operations_per_record",
        default: 100.0,
        doc: "OperationCount in one MailItemsAccessed record (about 2 minutes of access) at or \
              above which the record counts as a bulk read",
    }],
    role: Role::action(Signal::MailAccess),
};

/// True when the access comes from an Outlook-family (or native mobile mail) client, or
/// when nothing identifies the client. Abused clients are never mail clients here.
fn is_outlook_client(client_info: Option<&str>, app_id: Option<&str>) -> bool {
    let ci = client_info.unwrap_or("").trim().to_ascii_lowercase();
    let app = app_id.map(str::trim).filter(|a| !a.is_empty());
    if app.is_some_and(|a| abused_app(a).is_some()) || abused_client_info(&ci).is_some() {
        return false;
    }
    let third_party_app = app.is_some_and(|a| !is_first_party_mail_app(a));
    if ci.is_empty() {
        return !third_party_app;
    }
    if is_outlook_family(&ci) {
        return true;
    }
    ci.split(';').any(|p| p.trim().starts_with("client=rest")) && !third_party_app
}

/// Why a record counts as bulk access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reason {
    Throttled,
    ManyOperations,
    ForeignSync,
}

#[derive(Debug)]
struct Agg {
    finding: Finding,
    records: u64,
    operations: u64,
    max_operations: u64,
    folders: BTreeSet<String>,
    client: String,
}

/// The detector.
#[derive(Debug, Default)]
pub struct AccessBulk {
    open: BTreeMap<(String, Reason, NaiveDate), Agg>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AccessBulk::default())
}

fn reasons(ev: &Event, m: &MailAccessDetail, ctx: &Context) -> Vec<Reason> {
    let mut r = Vec::new();
    if m.throttled == Some(true) {
        r.push(Reason::Throttled);
    }
    let per_record = ctx.param(&META, "operations_per_record");
    if m.operation_count.is_some_and(|n| n as f64 >= per_record) {
        r.push(Reason::ManyOperations);
    }
    if m.access_type == AccessType::Sync
        && !is_outlook_client(ev.client_info.as_deref(), ev.app_id.as_deref())
    {
        r.push(Reason::ForeignSync);
    }
    r
}

impl AccessBulk {
    fn add(&mut self, ev: &Event, m: &MailAccessDetail, user: &str, reason: Reason) {
        let client = ev
            .client_info
            .clone()
            .or_else(|| ev.app_id.clone())
            .unwrap_or_else(|| "unknown client".into());
        let agg = self
            .open
            .entry((user.to_string(), reason, day(ev)))
            .or_insert_with(|| Agg {
                finding: finding_for(&META, ev, user, ""),
                records: 0,
                operations: 0,
                max_operations: 0,
                folders: BTreeSet::new(),
                client,
            });
        if agg.records > 0 {
            agg.finding.add_event(ev);
        }
        let ops = m.operation_count.unwrap_or(1);
        agg.records += 1;
        agg.operations = agg.operations.saturating_add(ops);
        agg.max_operations = agg.max_operations.max(ops);
        for p in m.folders.iter().filter_map(|f| f.path.as_deref()) {
            if agg.folders.len() < 8 {
                agg.folders.insert(p.to_string());
            }
        }
    }
}

fn summary(reason: Reason, agg: &Agg, d: NaiveDate) -> String {
    let net = network_text(&agg.finding);
    let folders = join_some(agg.folders.iter().map(String::as_str), 8);
    match reason {
        Reason::Throttled => format!(
            "MailItemsAccessed auditing throttled on {d}: {} records marked IsThrottled (over \
             1,000 access records in 24 h; Bind logging pauses) from {net}, client {}",
            agg.records, agg.client
        ),
        Reason::ManyOperations => format!(
            "bulk mailbox read on {d}: {} MailItemsAccessed records with up to {} operations \
             each ({} in all) from {net}, client {}",
            agg.records, agg.max_operations, agg.operations, agg.client
        ),
        Reason::ForeignSync => format!(
            "whole-folder Sync by non-Outlook client '{}' on {d}: {} records from {net}; \
             folders {}",
            agg.client,
            agg.records,
            if folders.is_empty() {
                "unknown"
            } else {
                &folders
            }
        ),
    }
}

impl Detector for AccessBulk {
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
        if ev.app_id.as_deref().is_some_and(|a| ctx.app_allowed(a)) {
            return;
        }
        let Some(user) = subject_user(ev) else {
            return;
        };
        for reason in reasons(ev, m, ctx) {
            self.add(ev, m, &user, reason);
        }
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        for ((_, reason, d), mut agg) in std::mem::take(&mut self.open) {
            agg.finding.summary = summary(reason, &agg, d);
            out.push(agg.finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;
    use crate::event::detail::FolderAccess;

    fn access(line: u64, kind: AccessType, ops: u64, client: &str) -> Event {
        let mut e = event(
            line,
            line as i64,
            "MailItemsAccessed",
            "megan.bowen@contoso.com",
        );
        on_net(&mut e, "73.1.1.1", NetClass::Isp);
        e.client_info = Some(client.into());
        e.detail = Detail::MailAccess(Box::new(MailAccessDetail {
            access_type: kind,
            throttled: Some(false),
            operation_count: Some(ops),
            folders: vec![FolderAccess {
                path: Some("\\Inbox".into()),
                items: vec![],
            }],
        }));
        e
    }

    #[test]
    fn operation_count_edge() {
        let below = [access(1, AccessType::Bind, 99, "Client=MSExchangeRPC")];
        assert!(run(&mut AccessBulk::default(), &ctx(), &below).is_empty());
        let at = [
            access(1, AccessType::Bind, 100, "Client=MSExchangeRPC"),
            access(2, AccessType::Bind, 250, "Client=MSExchangeRPC"),
        ];
        let f = run(&mut AccessBulk::default(), &ctx(), &at);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence_count, 2);
        assert!(
            f[0].summary.contains("up to 250 operations"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn throttled_fires() {
        let mut e = access(1, AccessType::Bind, 1, "Client=REST;Client=RESTSystem;;");
        if let Detail::MailAccess(m) = &mut e.detail {
            m.throttled = Some(true);
        }
        let f = run(&mut AccessBulk::default(), &ctx(), &[e]);
        assert_eq!(f.len(), 1);
        assert!(f[0].summary.contains("throttled"));
    }

    #[test]
    fn outlook_sync_is_normal_but_em_client_and_imap_are_not() {
        let benign = [
            access(1, AccessType::Sync, 1, "Client=MSExchangeRPC"),
            access(2, AccessType::Sync, 1, "Client=OWA;Action=ViaProxy"),
            access(
                3,
                AccessType::Sync,
                1,
                "Client=OutlookService;Outlook-iOS/2.0;",
            ),
            access(4, AccessType::Sync, 1, "Client=REST;Client=RESTSystem;;"),
            access(
                5,
                AccessType::Sync,
                1,
                "Client=WebServices;Mac OS X/14.1;MacOutlook/16.80",
            ),
        ];
        assert!(run(&mut AccessBulk::default(), &ctx(), &benign).is_empty());
        let bad = [
            access(
                1,
                AccessType::Sync,
                1,
                "Client=WebServices;eM Client/9.2.2157.0;",
            ),
            access(2, AccessType::Sync, 1, "Client=IMAP4"),
        ];
        let f = run(&mut AccessBulk::default(), &ctx(), &bad);
        assert_eq!(f.len(), 1, "one finding per user, reason and day");
        assert!(f[0].summary.contains("eM Client"), "{}", f[0].summary);
        assert_eq!(f[0].evidence_count, 2);
    }

    #[test]
    fn rest_with_third_party_app_is_not_outlook_and_allow_list_suppresses() {
        let app = "caffae8c-0882-4c81-9a27-d1803af53a40";
        assert!(!is_outlook_client(
            Some("Client=REST;Client=RESTSystem;;"),
            Some(app)
        ));
        assert!(is_outlook_client(None, None));
        let mut e = access(1, AccessType::Sync, 1, "Client=REST;Client=RESTSystem;;");
        e.app_id = Some("11111111-2222-3333-4444-555555555555".into());
        assert_eq!(
            run(&mut AccessBulk::default(), &ctx(), &[e.clone()]).len(),
            1
        );
        let mut c = ctx();
        c.allow
            .app_ids
            .insert("11111111-2222-3333-4444-555555555555".into());
        assert!(run(&mut AccessBulk::default(), &c, &[e]).is_empty());
    }
}
