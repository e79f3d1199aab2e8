//! The roll-up across tenants (SPEC §11): one line per tenant, and the attacker
//! infrastructure seen in more than one of them — the same crew hitting several clients.
//!
//! It reads only the machine-readable outputs of per-tenant runs (`summary.json`, or the
//! `failed.json` a sweep leaves for a tenant that could not be analysed), never raw logs,
//! so tenants can be analysed as separate jobs on any number of machines and rolled up in
//! one place. `sweep` rolls up by reading back the folders it has just written, through
//! this same code, which is why a later `rollup` over them gives identical files.

mod shared;
mod view;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use shared::{SharedInfra, shared_infrastructure};
pub use view::{FAILED_NAME, Failure, SummaryView};

/// Name of the summary file of a per-tenant run.
pub const SUMMARY_NAME: &str = "summary.json";

/// A problem reading a per-tenant folder.
#[derive(Debug, thiserror::Error)]
pub enum RollupError {
    /// Neither a summary nor a failure record.
    #[error(
        "{dir}: not a mailtrail output folder (no {SUMMARY_NAME}); give the -o folders of \
         analyze or the tenant folders of a sweep"
    )]
    NotAnOutput {
        /// The folder.
        dir: String,
    },
    /// Unreadable or not the expected JSON.
    #[error("{path}:{line}: cannot read: {message}")]
    Unreadable {
        /// The file.
        path: String,
        /// Line of the problem (0 when the file could not be opened).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Two folders would be the same tenant.
    #[error("{first} and {second} are both tenant '{tenant}': a tenant id is its folder's name")]
    SameTenant {
        /// Tenant id.
        tenant: String,
        /// One folder.
        first: String,
        /// The other.
        second: String,
    },
    /// A folder with no usable name (`/`).
    #[error("{0}: cannot tell the tenant id (the folder's name)")]
    NoName(String),
}

/// One tenant's result as the roll-up sees it.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// Tenant id (the folder's name).
    pub id: String,
    /// What its run concluded, or why there was no run.
    pub outcome: Outcome,
}

/// A tenant's run, or why it has none.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// It ran and wrote its summary.
    Ran(SummaryView),
    /// It could not be analysed.
    Failed(Failure),
}

/// One row of sweep-summary.csv (and of the `--json` sweep summary); key order is the
/// contract.
#[derive(Debug, Clone, Serialize)]
pub struct TenantRow {
    /// Tenant id.
    pub tenant: String,
    /// Events read.
    pub events: u64,
    /// Incidents.
    pub incidents: u64,
    /// Highest severity of its findings and incidents (empty when none).
    pub max_severity: String,
    /// Accounts with an incident.
    pub users_affected: u64,
    /// Attacker ASNs (`AS14061 DigitalOcean, LLC`), `;`-joined in number order.
    pub attacker_asns: Vec<String>,
    /// Input rows rejected.
    pub rejected_rows: u64,
    /// The tenant run's exit code.
    pub exit_code: u8,
    /// Attacker IP addresses, in address order.
    pub attacker_ips: Vec<String>,
    /// Findings written.
    pub findings: u64,
    /// Why the tenant could not be analysed (empty when it was).
    pub error: String,
    /// Input files not read, or read only in part (unrecognised, damaged, cut short).
    pub files_not_read: u64,
}

impl Tenant {
    /// Its sweep-summary row.
    pub fn row(&self) -> TenantRow {
        match &self.outcome {
            Outcome::Ran(s) => s.row(&self.id),
            Outcome::Failed(f) => TenantRow {
                tenant: self.id.clone(),
                events: 0,
                incidents: 0,
                max_severity: String::new(),
                users_affected: 0,
                attacker_asns: Vec::new(),
                rejected_rows: 0,
                exit_code: f.exit_code,
                attacker_ips: Vec::new(),
                findings: 0,
                error: f.error.clone(),
                files_not_read: 0,
            },
        }
    }
}

/// The whole roll-up: what `sweep --json` and `rollup --json` print.
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    /// mailtrail version.
    pub version: String,
    /// One row per tenant, in tenant id order.
    pub tenants: Vec<TenantRow>,
    /// Attacker IPs and ASNs seen in more than one tenant.
    pub shared_infrastructure: Vec<SharedInfra>,
    /// The worst tenant's exit code ([`worst_exit`]).
    pub exit_code: u8,
    /// Every tenant's attacker addresses as indicators, for hunting them in the others
    /// (`--ioc`); written to a file, not part of the JSON.
    #[serde(skip)]
    pub indicators: Vec<Indicator>,
    /// Tenants whose regression check found differences, with the readable diff (each
    /// tenant's summary.json holds it as data).
    #[serde(skip)]
    pub regressions: Vec<(String, String)>,
    /// Warnings about the sweep's shared settings (indicators skipped); each tenant's
    /// summary.json repeats them.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// One row of attacker-indicators.csv, in the `--ioc` CSV form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// Indicator type (`ip`).
    pub kind: &'static str,
    /// The address.
    pub value: String,
    /// Where it was named.
    pub label: String,
}

impl Rollup {
    /// Roll up tenants (any order; the result is in tenant id order).
    pub fn of(mut tenants: Vec<Tenant>) -> Rollup {
        tenants.sort_by(|a, b| a.id.cmp(&b.id));
        let rows: Vec<TenantRow> = tenants.iter().map(Tenant::row).collect();
        Rollup {
            version: env!("CARGO_PKG_VERSION").to_string(),
            exit_code: worst_exit(rows.iter().map(|r| r.exit_code)),
            shared_infrastructure: shared_infrastructure(&tenants),
            indicators: attacker_indicators(&tenants),
            regressions: tenants
                .iter()
                .filter_map(|t| match &t.outcome {
                    Outcome::Ran(s) => s
                        .regression
                        .as_ref()
                        .filter(|d| !d.is_empty())
                        .map(|d| (t.id.clone(), d.render())),
                    Outcome::Failed(_) => None,
                })
                .collect(),
            warnings: Vec::new(),
            tenants: rows,
        }
    }

    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }
}

/// Every attacker address of every tenant, in address order, labelled with the tenants
/// and detectors that named it.
fn attacker_indicators(tenants: &[Tenant]) -> Vec<Indicator> {
    let mut by_ip: std::collections::BTreeMap<std::net::IpAddr, (BTreeSet<&str>, BTreeSet<&str>)> =
        Default::default();
    for t in tenants {
        let Outcome::Ran(summary) = &t.outcome else {
            continue;
        };
        for i in summary.attacker_ips() {
            if let Ok(ip) = i.value.parse() {
                let (ts, ds) = by_ip.entry(ip).or_default();
                ts.insert(&t.id);
                ds.extend(i.detectors.iter().map(String::as_str));
            }
        }
    }
    by_ip
        .into_iter()
        .map(|(ip, (ts, ds))| Indicator {
            kind: "ip",
            value: ip.to_string(),
            label: format!(
                "attacker address in {} ({})",
                ts.into_iter().collect::<Vec<_>>().join(", "),
                ds.into_iter().collect::<Vec<_>>().join(", ")
            ),
        })
        .collect()
}

/// The worst of several runs' exit codes: a fatal error (2), then a regression (4), then
/// findings (1), then rejected input (3), then success (0).
pub fn worst_exit(codes: impl IntoIterator<Item = u8>) -> u8 {
    const RANK: [u8; 5] = [0, 3, 1, 4, 2];
    let rank = |c: u8| RANK.iter().position(|r| *r == c).unwrap_or(RANK.len());
    codes.into_iter().max_by_key(|c| rank(*c)).unwrap_or(0)
}

/// The tenant id of an output folder: its name.
pub fn tenant_id(dir: &Path) -> Result<String, RollupError> {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(dir)
        .or_else(|| dir.canonicalize().ok().as_deref().and_then(named))
        .filter(|n| !n.is_empty())
        .ok_or_else(|| RollupError::NoName(dir.display().to_string()))
}

/// Read per-tenant output folders. Two folders with the same name are an error: they would
/// be one tenant.
pub fn read_tenants(dirs: &[PathBuf]) -> Result<Vec<Tenant>, RollupError> {
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    let mut out = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let id = tenant_id(dir)?;
        let shown = dir.display().to_string();
        if let Some(first) = seen.insert(id.clone(), shown.clone()) {
            return Err(RollupError::SameTenant {
                tenant: id,
                first,
                second: shown,
            });
        }
        out.push(Tenant {
            id,
            outcome: read_outcome(dir)?,
        });
    }
    Ok(out)
}

/// A folder's failure record if it has one (a sweep could not analyse it this time; any
/// summary beside it is an older run's), else its summary.
pub fn read_outcome(dir: &Path) -> Result<Outcome, RollupError> {
    let failed = dir.join(FAILED_NAME);
    if failed.is_file() {
        return Ok(Outcome::Failed(view::read_json(&failed)?));
    }
    let summary = dir.join(SUMMARY_NAME);
    if summary.is_file() {
        return Ok(Outcome::Ran(view::read_json(&summary)?));
    }
    Err(RollupError::NotAnOutput {
        dir: dir.display().to_string(),
    })
}

/// Distinct values in first-seen order.
fn distinct<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(*i))
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_exit_code_puts_fatal_before_regression_before_findings() {
        assert_eq!(worst_exit([0, 3, 1]), 1);
        assert_eq!(worst_exit([1, 4, 3]), 4);
        assert_eq!(worst_exit([4, 2, 1]), 2);
        assert_eq!(worst_exit([0, 3]), 3);
        assert_eq!(worst_exit([]), 0);
    }

    #[test]
    fn a_tenant_id_is_the_folder_name() {
        assert_eq!(
            tenant_id(Path::new("out/contoso")).ok().as_deref(),
            Some("contoso")
        );
        assert_eq!(
            tenant_id(Path::new("out/contoso/")).ok().as_deref(),
            Some("contoso")
        );
    }

    #[test]
    fn two_folders_of_one_name_are_refused() {
        let a = tempfile::tempdir().expect("tempdir");
        let b = tempfile::tempdir().expect("tempdir");
        for d in [a.path(), b.path()] {
            std::fs::create_dir(d.join("t1")).expect("mkdir");
            std::fs::write(
                d.join("t1").join(FAILED_NAME),
                "{\"error\":\"x\",\"exit_code\":2}",
            )
            .expect("write");
        }
        let err = read_tenants(&[a.path().join("t1"), b.path().join("t1")]).expect_err("same");
        assert!(err.to_string().contains("are both tenant 't1'"), "{err}");
    }

    #[test]
    fn a_folder_without_a_summary_is_not_an_output() {
        let d = tempfile::tempdir().expect("tempdir");
        let err = read_outcome(d.path()).expect_err("empty");
        assert!(
            err.to_string().contains("not a mailtrail output folder"),
            "{err}"
        );
    }
}
