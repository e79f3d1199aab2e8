//! Facts the mailbox-action, permission, consent and audit detectors (MT-M01…M07,
//! MT-P01…P03) ask of an event, and how they word a finding, in one place so that they
//! all agree: which networks are risky, whose mailbox an event is about, which UTC day it
//! falls on, whether it failed, which clients are Outlook's, and how the network and the
//! actor read in a summary. Not a detector: it has no catalogue entry and no constructor
//! in the registry. Detect stage; reads events, keeps no state.

use chrono::NaiveDate;

use crate::detect::{DetectorMeta, Finding, Severity};
use crate::enrich::NetClass;
use crate::event::{Event, Outcome, UserKind};

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

/// Client-info prefixes (lower case, per `;`-separated part) of Outlook-family clients
/// and native mobile mail that sync folders as normal behaviour.
const MAIL_CLIENT_PARTS: &[&str] = &[
    "client=msexchangerpc",
    "client=owa",
    "client=outlookservice",
    "client=hx",
    "client=activesync",
    "client=airsync",
];

/// True when a `ClientInfoString` names an Outlook-family or native mobile mail client
/// (`Client=MSExchangeRPC`, `Client=OWA`, `Outlook-iOS/…`, `MacOutlook/…`, ActiveSync).
pub(crate) fn is_outlook_family(client_info: &str) -> bool {
    client_info.split(';').map(str::trim).any(|p| {
        let p = p.to_ascii_lowercase();
        MAIL_CLIENT_PARTS.iter().any(|m| p.starts_with(m)) || p.contains("outlook")
    })
}

#[cfg(test)]
pub mod testkit {
    //! Small in-code audit events for the unit tests of the mailbox-action, permission,
    //! consent and audit detectors.

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
