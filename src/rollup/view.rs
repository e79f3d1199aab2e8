//! What the roll-up reads of a per-tenant run: the few `summary.json` keys it needs
//! (SPEC §7b names them; unknown keys are ignored, so newer summaries still read), and the
//! failure record a sweep writes for a tenant it could not analyse.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{RollupError, TenantRow, distinct};

/// File a sweep writes into a tenant's output folder when the tenant could not be analysed.
pub const FAILED_NAME: &str = "failed.json";

/// Why a tenant has no run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The error, as the terminal showed it.
    pub error: String,
    /// The exit code the run ended with (2).
    pub exit_code: u8,
}

/// The parts of `summary.json` the roll-up uses.
#[derive(Debug, Clone, Deserialize)]
pub struct SummaryView {
    /// Summed row accounting.
    pub totals: TotalsView,
    /// Finding counts.
    pub findings: FindingsView,
    /// Incidents.
    #[serde(default)]
    pub incidents: Vec<IncidentView>,
    /// Attacker IPs and sessions.
    #[serde(default)]
    pub attacker_infrastructure: Vec<InfraView>,
    /// The regression check of the run, when it had one.
    #[serde(default)]
    pub regression: Option<crate::output::expect::Difference>,
    /// The run's exit code.
    pub exit_code: u8,
}

/// `totals`.
#[derive(Debug, Clone, Deserialize)]
pub struct TotalsView {
    /// Events.
    pub events: u64,
    /// Rejected rows.
    pub rejected: u64,
    /// Files not read (unrecognised or damaged).
    #[serde(default)]
    pub files_skipped: u64,
    /// Files that broke part-way.
    #[serde(default)]
    pub files_failed: u64,
}

/// `findings`.
#[derive(Debug, Clone, Deserialize)]
pub struct FindingsView {
    /// Count per severity name.
    pub by_severity: std::collections::BTreeMap<String, u64>,
}

/// One of `incidents`.
#[derive(Debug, Clone, Deserialize)]
pub struct IncidentView {
    /// Account.
    pub user: String,
    /// Severity name.
    pub severity: String,
}

/// One of `attacker_infrastructure`.
#[derive(Debug, Clone, Deserialize)]
pub struct InfraView {
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
    /// Detectors whose findings named it.
    #[serde(default)]
    pub detectors: Vec<String>,
    /// Accounts that acted from it.
    #[serde(default)]
    pub users: Vec<String>,
    /// First naming finding (absent in summaries of mailtrail before 0.1 sweeps).
    #[serde(default)]
    pub first_seen: String,
    /// Last naming finding.
    #[serde(default)]
    pub last_seen: String,
}

/// Severity names from least to most severe.
const SEVERITIES: [&str; 5] = ["info", "low", "medium", "high", "critical"];

impl SummaryView {
    /// The attacker addresses (not sessions).
    pub fn attacker_ips(&self) -> impl Iterator<Item = &InfraView> {
        self.attacker_infrastructure
            .iter()
            .filter(|i| i.kind == "ip")
    }

    /// The sweep-summary row of tenant `id`.
    pub fn row(&self, id: &str) -> TenantRow {
        let rank = |s: &str| SEVERITIES.iter().position(|x| *x == s);
        let found = self
            .findings
            .by_severity
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(s, _)| s.as_str());
        let max_severity = found
            .chain(self.incidents.iter().map(|i| i.severity.as_str()))
            .filter_map(|s| rank(s).map(|r| (r, s)))
            .max()
            .map(|(_, s)| s.to_string())
            .unwrap_or_default();
        let mut asns: Vec<(u32, String)> = self
            .attacker_ips()
            .filter_map(|i| i.asn.map(|n| (n, as_label(n, i.as_org.as_deref()))))
            .collect();
        asns.sort();
        asns.dedup();
        let mut ips: Vec<std::net::IpAddr> = self
            .attacker_ips()
            .filter_map(|i| i.value.parse().ok())
            .collect();
        ips.sort();
        TenantRow {
            tenant: id.to_string(),
            events: self.totals.events,
            incidents: self.incidents.len() as u64,
            max_severity,
            users_affected: distinct(self.incidents.iter().map(|i| i.user.as_str())).len() as u64,
            attacker_asns: asns.into_iter().map(|(_, l)| l).collect(),
            rejected_rows: self.totals.rejected,
            exit_code: self.exit_code,
            attacker_ips: ips.iter().map(ToString::to_string).collect(),
            // Saturating: the counts are read from a file, and `sum` would overflow
            // (a panic with overflow checks, a wrapped count without).
            findings: self
                .findings
                .by_severity
                .values()
                .fold(0, |all, n| all.saturating_add(*n)),
            error: String::new(),
            files_not_read: self
                .totals
                .files_skipped
                .saturating_add(self.totals.files_failed),
        }
    }
}

/// `AS14061 DigitalOcean, LLC`, or `AS14061` when the organisation is unknown.
pub fn as_label(asn: u32, org: Option<&str>) -> String {
    match org.filter(|o| !o.is_empty()) {
        Some(o) => format!("AS{asn} {o}"),
        None => format!("AS{asn}"),
    }
}

/// Read one JSON file of a per-tenant folder.
pub fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, RollupError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| RollupError::Unreadable {
        path: shown.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| RollupError::Unreadable {
        path: shown,
        line: e.line(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found with the `rollup_summary` fuzz target: counts near `u64::MAX` in a
    /// summary.json overflowed the row's sums.
    #[test]
    fn fuzz_rollup_summary_huge_counts_do_not_overflow() {
        let text = r#"{"totals":{"events":0,"rejected":0,"files_skipped":18446744073709551615,"files_failed":1},"findings":{"by_severity":{"high":18446744073709551615,"low":1}},"exit_code":0}"#;
        let view: SummaryView = serde_json::from_str(text).expect("a summary");
        let row = view.row("t1");
        assert_eq!(row.findings, u64::MAX);
        assert_eq!(row.files_not_read, u64::MAX);
    }
}
