//! summary.json (SPEC §7b): key names are a contract scripts depend on — extend, never
//! rename. Field order here is the key order in the file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{OutputError, create, io_err};
use crate::ingest::Ledger;

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
}

/// Incident entry (filled by the correlation stage).
#[derive(Debug, Clone, Serialize)]
pub struct IncidentSummary {
    /// Compromised user.
    pub user: String,
    /// Severity.
    pub severity: String,
    /// Attacker IPs.
    pub attacker_ips: Vec<String>,
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
    /// Inputs in path order.
    pub inputs: Vec<InputSummary>,
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
    /// Up to 10 most severe findings (severity, then time).
    pub top_findings: Vec<TopFinding>,
    /// Attacker IPs named by high-confidence findings.
    pub attacker_ips: Vec<String>,
    /// Incidents (per compromised user; filled by a later release).
    pub incidents: Vec<IncidentSummary>,
    /// Warnings for the analyst (ambiguous dates, skipped files, …).
    pub warnings: Vec<String>,
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

    /// Write summary.json into `dir`.
    pub fn write(&self, dir: &Path) -> Result<(), OutputError> {
        let mut w = create(dir, "summary.json")?;
        w.write_all(self.to_json().as_bytes())
            .map_err(io_err(dir, "summary.json"))?;
        w.flush().map_err(io_err(dir, "summary.json"))
    }
}
