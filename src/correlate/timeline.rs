//! Timeline rows (SPEC §7a): one per event, Timesketch-compatible, with a total-order
//! sort key (time, user, source file, line, record) so output never depends on thread
//! count or input order.

use serde::{Deserialize, Serialize};

use super::directory::Directory;
use super::message::message;
use crate::event::detail::{Detail, SignInDetail};
use crate::event::time::format_utc;
use crate::event::{Event, Outcome};

/// One timeline row. Field order is the key order of timeline.jsonl, and the column
/// table in `output/timeline.rs` follows it (SPEC §7a; extend at the end, never rename).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimelineRow {
    /// ISO 8601 UTC.
    pub datetime: String,
    /// What the time means (Timesketch).
    pub timestamp_desc: String,
    /// One-line description.
    pub message: String,
    /// Acting user (canonical key).
    pub user: String,
    /// Operation.
    pub operation: String,
    /// Category.
    pub category: String,
    /// Client IP.
    pub ip: String,
    /// ASN (enrichment).
    pub asn: String,
    /// AS organisation (enrichment).
    pub as_org: String,
    /// Network class (enrichment).
    pub network_class: String,
    /// Country.
    pub country: String,
    /// User agent.
    pub user_agent: String,
    /// Session id.
    pub session_id: String,
    /// Highest finding severity on this event (detection stage).
    pub severity: String,
    /// Detector ids that fired on this event (detection stage).
    pub detector_ids: String,
    /// Incident id (correlation stage).
    pub incident_id: String,
    /// Event is from attacker infrastructure (correlation stage).
    pub attacker_activity: bool,
    /// Input file.
    pub source_file: String,
    /// Line in the input file.
    pub source_line: u64,
    /// Source record id.
    pub record_id: String,
    /// Why the network class was chosen (`list:…`, `name:…`, `range:…`).
    pub class_reason: String,
    /// Mailbox acted on, when different from the actor.
    pub mailbox_owner: String,
    /// success / failure / interrupted / unknown.
    pub result: String,
    /// Error code, when any.
    pub error_code: String,
    /// Application name or id.
    pub app: String,
    /// Client info string / client app used.
    pub client: String,
    /// Format id of the input.
    pub format: String,
    /// Timesketch tags: finding ids, `attacker_activity`, incident id (a list in JSONL,
    /// comma-separated in CSV, as Timesketch reads both).
    pub tag: Vec<String>,
    /// Sign-ins: authentication requirement (single- or multifactor).
    pub auth_requirement: String,
    /// Sign-ins: MFA method and result.
    pub mfa: String,
    /// Failure reason, when the source gives one.
    pub failure_reason: String,
    /// Sign-ins: Conditional Access result.
    pub conditional_access: String,
    /// Sign-ins: `true` interactive, `false` non-interactive, empty when unknown.
    pub interactive: String,
    /// City, when the source has a location.
    pub city: String,
    /// Indicators of compromise (`--ioc`) the event matched: `ip:203.0.113.7 (label)`,
    /// `;`-joined.
    pub ioc: String,
}

/// Sort key: time (ns), user, file, line, record.
pub type SortKey = (i64, String, u32, u64, u64);

/// The total-order key of an event.
pub fn sort_key(ev: &Event) -> SortKey {
    let t = ev.time.timestamp_nanos_opt().unwrap_or(i64::MIN);
    (
        t,
        ev.actor.key.clone(),
        ev.pos.file,
        ev.pos.line,
        ev.pos.record,
    )
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Build the row of an event; `files` maps file ids to display paths, `dir` resolves
/// mailbox names in messages. Correlation fills the severity, detector, incident and tag
/// columns.
pub fn row(ev: &Event, files: &[String], dir: &Directory) -> TimelineRow {
    let net = ev.net.as_ref();
    let country = ev.country().map(String::from);
    TimelineRow {
        datetime: if ev.time_known {
            format_utc(&ev.time)
        } else {
            format_utc(&chrono::DateTime::UNIX_EPOCH)
        },
        timestamp_desc: timestamp_desc(ev).into(),
        message: message(ev, dir),
        user: ev.actor.key.clone(),
        operation: ev.operation.clone(),
        category: ev.category.as_str().into(),
        ip: ev
            .ip
            .map(|i| i.to_string())
            .or_else(|| ev.ip_raw_unparsed.clone())
            .unwrap_or_default(),
        asn: ev.asn().map(|a| a.to_string()).unwrap_or_default(),
        as_org: net.and_then(|n| n.as_org.clone()).unwrap_or_default(),
        network_class: net
            .map(|n| n.class.as_str().to_string())
            .unwrap_or_default(),
        country: country.unwrap_or_default(),
        user_agent: opt(&ev.user_agent),
        session_id: ev.sessions.primary().unwrap_or_default().to_string(),
        severity: String::new(),
        detector_ids: String::new(),
        incident_id: String::new(),
        attacker_activity: false,
        source_file: files.get(ev.pos.file as usize).cloned().unwrap_or_default(),
        source_line: ev.pos.line,
        record_id: opt(&ev.record_id),
        class_reason: net.map(|n| n.class_reason.clone()).unwrap_or_default(),
        mailbox_owner: ev
            .mailbox_owner
            .clone()
            .filter(|m| *m != ev.actor.key)
            .unwrap_or_default(),
        result: outcome_name(ev.result.outcome).into(),
        error_code: opt(&ev.result.error_code),
        app: ev
            .app_name
            .clone()
            .or_else(|| ev.app_id.clone())
            .unwrap_or_default(),
        client: opt(&ev.client_info),
        format: ev.format.to_string(),
        tag: Vec::new(),
        auth_requirement: signin(ev)
            .and_then(|d| d.auth_requirement.clone())
            .unwrap_or_default(),
        mfa: signin(ev).map(mfa_text).unwrap_or_default(),
        failure_reason: opt(&ev.result.reason),
        conditional_access: signin(ev)
            .and_then(|d| d.conditional_access.clone())
            .unwrap_or_default(),
        interactive: signin(ev)
            .and_then(|d| d.interactive)
            .map(|b| b.to_string())
            .unwrap_or_default(),
        city: ev
            .location
            .as_ref()
            .and_then(|l| l.city.clone())
            .unwrap_or_default(),
        ioc: String::new(),
    }
}

fn signin(ev: &Event) -> Option<&SignInDetail> {
    match &ev.detail {
        Detail::SignIn(d) => Some(d),
        _ => None,
    }
}

/// `Mobile app notification: MFA successfully completed` (the parts the source has).
pub fn mfa_text(d: &SignInDetail) -> String {
    match (d.mfa_method.as_deref(), d.mfa_result.as_deref()) {
        (Some(m), Some(r)) => format!("{m}: {r}"),
        (Some(x), None) | (None, Some(x)) => x.to_string(),
        (None, None) => String::new(),
    }
}

fn timestamp_desc(ev: &Event) -> &'static str {
    if !ev.time_known {
        "Rule Inventory (time unknown)"
    } else if ev.category == crate::event::Category::SignIn {
        "Sign-in Time"
    } else {
        "Audit Record Time"
    }
}

/// Name of an outcome in outputs.
pub fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Success => "success",
        Outcome::Failure => "failure",
        Outcome::Interrupted => "interrupted",
        Outcome::Unknown => "unknown",
    }
}
