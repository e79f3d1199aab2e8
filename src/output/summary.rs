//! summary.json (SPEC §7b): key names are a contract scripts depend on — extend, never
//! rename. Field order here is the key order in the file.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::dir::OutputDir;
use super::{OutputError, io_err};
use crate::correlate::Correlation;
use crate::correlate::incident::Incident;
use crate::correlate::infrastructure::InfraKey;
use crate::detect::own_networks::{NetKey, OwnNetwork, OwnNetworks};
use crate::event::time::format_utc;
use crate::ingest::{Ignored, Ledger};

/// One input file's entry.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    /// Path as shown (zip members as `archive.zip/member`).
    pub path: String,
    /// Format id, or `unknown`.
    pub format: String,
    /// Row accounting (`rows_read`, `events`, `rejected`, `duplicates`, `merged`, `filtered`).
    #[serde(flatten)]
    pub ledger: Ledger,
    /// Why the format matched, or why the file was skipped.
    pub reason: String,
    /// Text encoding found.
    pub encoding: String,
    /// Whether the file was gzip-compressed.
    pub gzip: bool,
    /// Day/month order used for slashed dates (`mdy`/`dmy`), when the file had any.
    pub date_order: Option<String>,
    /// Rows in which invalid UTF-8 was replaced (they still count as read).
    pub invalid_utf8_rows: u64,
    /// True when the file was not read (unknown format, empty, unreadable).
    pub skipped: bool,
    /// A read error that ended the file early (rows before it are counted).
    pub error: Option<String>,
}

/// Run totals.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Files given or found.
    pub files: u64,
    /// Files not read.
    pub files_skipped: u64,
    /// Files that broke part-way.
    pub files_failed: u64,
    /// Summed row accounting.
    #[serde(flatten)]
    pub ledger: Ledger,
    /// Summed lossy rows.
    pub invalid_utf8_rows: u64,
}

/// Findings counters (filled by the detection stage).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingCounts {
    /// Count per severity.
    pub by_severity: BTreeMap<String, u64>,
    /// Count per detector id.
    pub by_detector: BTreeMap<String, u64>,
    /// Findings that belong to no incident.
    pub outside_incidents: u64,
}

/// One of the most severe findings, for a quick look (full list in findings.csv).
#[derive(Debug, Clone, Serialize)]
pub struct TopFinding {
    /// Finding id (as in findings.csv).
    pub finding_id: String,
    /// Severity.
    pub severity: String,
    /// Detector id.
    pub detector_id: String,
    /// User.
    pub user: String,
    /// One-line summary.
    pub summary: String,
    /// Its incident.
    pub incident_id: Option<String>,
}

/// One attacker IP or session: why it is the attacker's and who used it.
#[derive(Debug, Clone, Serialize)]
pub struct InfraSummary {
    /// `ip` or `session`.
    pub kind: String,
    /// The address or session id.
    pub value: String,
    /// ASN.
    pub asn: Option<u32>,
    /// AS organisation.
    pub as_org: Option<String>,
    /// Network class.
    pub network_class: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Accounts whose findings named it.
    pub named_by: Vec<String>,
    /// Detectors of those findings.
    pub detectors: Vec<String>,
    /// The first naming finding in words.
    pub reason: String,
    /// Every account that acted from it.
    pub users: Vec<String>,
    /// The incident that owns it.
    pub incident_id: Option<String>,
    /// Earliest time of a finding naming it (ISO UTC).
    pub first_seen: String,
    /// Latest time of a finding naming it (ISO UTC).
    pub last_seen: String,
}

impl InfraSummary {
    /// Every attacker IP, then every attacker session, in order.
    pub fn of(c: &Correlation) -> Vec<InfraSummary> {
        let ips = c.infra.ips.iter().map(|(ip, e)| (InfraKey::Ip(*ip), e));
        let sessions = c
            .infra
            .sessions
            .iter()
            .map(|(s, e)| (InfraKey::Session(s.clone()), e));
        ips.chain(sessions)
            .map(|(key, e)| InfraSummary {
                kind: match key {
                    InfraKey::Ip(_) => "ip",
                    InfraKey::Session(_) => "session",
                }
                .to_string(),
                value: match &key {
                    InfraKey::Ip(ip) => ip.to_string(),
                    InfraKey::Session(s) => s.clone(),
                },
                asn: e.asn,
                as_org: e.as_org.clone(),
                network_class: e.network_class.clone(),
                country: e.country.clone(),
                named_by: e.named_by.iter().cloned().collect(),
                detectors: e.detectors.iter().cloned().collect(),
                reason: e.reason.clone(),
                users: c
                    .infra_users
                    .get(&key)
                    .map(|u| u.iter().cloned().collect())
                    .unwrap_or_default(),
                incident_id: c.incident_of_key(&key).map(String::from),
                first_seen: format_utc(&e.first_seen),
                last_seen: format_utc(&e.last_seen),
            })
            .collect()
    }
}

/// A network treated as the tenant's own, and how to make that explicit.
#[derive(Debug, Clone, Serialize)]
pub struct OwnNetworkSummary {
    /// `shared-ip` (several accounts) or `account` (one account's own network).
    pub kind: String,
    /// The address, or `AS<n>` for an account's VPN provider.
    pub value: String,
    /// The account, for `account` entries.
    pub account: Option<String>,
    /// ASN.
    pub asn: Option<u32>,
    /// AS organisation.
    pub as_org: Option<String>,
    /// Network class.
    pub network_class: Option<String>,
    /// Accounts that used it (counted up to 64).
    pub accounts: u64,
    /// Distinct days of use.
    pub days: u32,
    /// First use (ISO UTC).
    pub first_seen: String,
    /// The configuration line that pins this choice.
    pub allow: String,
}

impl OwnNetworkSummary {
    /// Shared addresses first, then accounts' own networks, in order.
    pub fn of(own: &OwnNetworks) -> Vec<OwnNetworkSummary> {
        let shared = own.ips.iter().map(|(ip, n)| {
            entry(
                "shared-ip",
                ip.to_string(),
                None,
                n,
                format!("[allow] ips = [\"{ip}\"]"),
            )
        });
        let accounts = own.accounts.iter().map(|((account, key), n)| {
            let (value, allow) = match key {
                NetKey::Asn(a) => (format!("AS{a}"), format!("[allow] asns = [{a}]")),
                NetKey::Ip(ip) => (ip.to_string(), format!("[allow] ips = [\"{ip}\"]")),
            };
            entry("account", value, Some(account.clone()), n, allow)
        });
        shared.chain(accounts).collect()
    }
}

fn entry(
    kind: &str,
    value: String,
    account: Option<String>,
    n: &OwnNetwork,
    allow: String,
) -> OwnNetworkSummary {
    OwnNetworkSummary {
        kind: kind.to_string(),
        value,
        account,
        asn: n.asn,
        as_org: n.as_org.clone(),
        network_class: n.class.map(|c| c.as_str().to_string()),
        accounts: n.accounts.len() as u64,
        days: n.days,
        first_seen: crate::event::time::format_utc(&n.first),
        allow,
    }
}

/// What the timeline holds.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineSummary {
    /// `relevant` or `all`.
    pub mode: String,
    /// Rows written to timeline.csv and timeline.jsonl.
    pub rows: u64,
    /// Events the mode left out.
    pub events_left_out: u64,
    /// Events without a time (rule inventory), never in the timeline.
    pub events_without_time: u64,
    /// Rows written to accessed_messages.csv.
    pub accessed_messages: u64,
}

/// Count of events and distinct IPs per network class.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NetworkCounts {
    /// Events per class (`none`: the event has no IP).
    pub events_by_class: BTreeMap<String, u64>,
    /// Distinct IPs per class.
    pub ips_by_class: BTreeMap<String, u64>,
}

/// The whole summary.json.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    /// mailtrail version.
    pub version: String,
    /// Incidents, one per compromised account, first: they are the answer.
    pub incidents: Vec<Incident>,
    /// Inputs in path order.
    pub inputs: Vec<InputSummary>,
    /// Files and folders that are not logs (documents, notes, mailtrail's own output
    /// folders): never read, not in `inputs` or `totals`, no effect on the exit code.
    pub ignored: Vec<Ignored>,
    /// Summed counters.
    pub totals: Totals,
    /// First and last event time (ISO UTC), when any.
    pub time_range: Option<(String, String)>,
    /// Distinct users (human accounts) seen.
    pub users: u64,
    /// The tenant's own domains used to tell internal from external addresses.
    pub tenant_domains: Vec<String>,
    /// Where they came from: `command-line`, `config` or `inferred`.
    pub tenant_domains_source: String,
    /// Events and IPs per network class.
    pub network: NetworkCounts,
    /// Findings by severity and detector.
    pub findings: FindingCounts,
    /// Up to 10 most severe findings that belong to no incident (severity, then time); the
    /// incidents tell the rest.
    pub top_findings: Vec<TopFinding>,
    /// Attacker IPs named by high-confidence findings.
    pub attacker_ips: Vec<String>,
    /// Attacker IPs and sessions with why, who used them and their incident.
    pub attacker_infrastructure: Vec<InfraSummary>,
    /// Networks treated as the tenant's own (never named as attacker infrastructure),
    /// with the `[allow]` line that would pin each choice.
    pub own_networks: Vec<OwnNetworkSummary>,
    /// What the timeline holds.
    pub timeline: TimelineSummary,
    /// Warnings for the analyst (ambiguous dates, skipped files, …).
    pub warnings: Vec<String>,
    /// The regression check (`--expect`), when one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regression: Option<super::expect::Difference>,
    /// Process exit code of this run.
    pub exit_code: u8,
    /// Why that exit code.
    pub exit_reason: String,
}

impl RunSummary {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }

    /// Write summary.json into the output directory.
    pub fn write(&self, out: &OutputDir) -> Result<(), OutputError> {
        let mut w = out.create("summary.json")?;
        let err = io_err(out.path(), "summary.json");
        w.write_all(self.to_json().as_bytes()).map_err(&err)?;
        w.flush().map_err(&err)
    }
}
