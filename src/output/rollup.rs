//! The roll-up files of a sweep or `mailtrail rollup` (SPEC §11): sweep-summary.csv,
//! shared-infrastructure.csv and attacker-indicators.csv. Columns in contract order,
//! extended at the end; lists joined with `;`.

use super::OutputError;
use super::dir::OutputDir;
use super::table::{Column, write_csv};
use crate::rollup::{Indicator, Rollup, SharedInfra, TenantRow};

/// One line per tenant.
pub const SUMMARY_NAME: &str = "sweep-summary.csv";
/// Attacker infrastructure seen in more than one tenant.
pub const SHARED_NAME: &str = "shared-infrastructure.csv";
/// Every tenant's attacker addresses in the `--ioc` CSV form.
pub const INDICATORS_NAME: &str = "attacker-indicators.csv";

fn ids(v: &[String]) -> String {
    v.join(";")
}

/// sweep-summary.csv columns.
pub static SUMMARY_COLUMNS: &[Column<TenantRow>] = &[
    Column {
        name: "tenant",
        cell: |r| r.tenant.clone(),
    },
    Column {
        name: "events",
        cell: |r| r.events.to_string(),
    },
    Column {
        name: "incidents",
        cell: |r| r.incidents.to_string(),
    },
    Column {
        name: "max_severity",
        cell: |r| r.max_severity.clone(),
    },
    Column {
        name: "users_affected",
        cell: |r| r.users_affected.to_string(),
    },
    Column {
        name: "attacker_asns",
        cell: |r| ids(&r.attacker_asns),
    },
    Column {
        name: "rejected_rows",
        cell: |r| r.rejected_rows.to_string(),
    },
    Column {
        name: "exit_code",
        cell: |r| r.exit_code.to_string(),
    },
    Column {
        name: "attacker_ips",
        cell: |r| ids(&r.attacker_ips),
    },
    Column {
        name: "findings",
        cell: |r| r.findings.to_string(),
    },
    Column {
        name: "error",
        cell: |r| r.error.clone(),
    },
    Column {
        name: "files_not_read",
        cell: |r| r.files_not_read.to_string(),
    },
];

/// shared-infrastructure.csv columns.
pub static SHARED_COLUMNS: &[Column<SharedInfra>] = &[
    Column {
        name: "kind",
        cell: |r| r.kind.clone(),
    },
    Column {
        name: "value",
        cell: |r| r.value.clone(),
    },
    Column {
        name: "asn",
        cell: |r| r.asn.map(|a| a.to_string()).unwrap_or_default(),
    },
    Column {
        name: "as_org",
        cell: |r| r.as_org.clone(),
    },
    Column {
        name: "network_class",
        cell: |r| r.network_class.clone(),
    },
    Column {
        name: "country",
        cell: |r| r.country.clone(),
    },
    Column {
        name: "tenant_count",
        cell: |r| r.tenant_count.to_string(),
    },
    Column {
        name: "tenants",
        cell: |r| ids(&r.tenants),
    },
    Column {
        name: "first_seen",
        cell: |r| r.first_seen.clone(),
    },
    Column {
        name: "last_seen",
        cell: |r| r.last_seen.clone(),
    },
    Column {
        name: "users",
        cell: |r| ids(&r.users),
    },
    Column {
        name: "ips",
        cell: |r| ids(&r.ips),
    },
    Column {
        name: "detectors",
        cell: |r| ids(&r.detectors),
    },
];

/// attacker-indicators.csv columns: the `--ioc` CSV header.
pub static INDICATOR_COLUMNS: &[Column<Indicator>] = &[
    Column {
        name: "type",
        cell: |r| r.kind.to_string(),
    },
    Column {
        name: "value",
        cell: |r| r.value.clone(),
    },
    Column {
        name: "label",
        cell: |r| r.label.clone(),
    },
];

/// Write the three roll-up files.
pub fn write(out: &OutputDir, rollup: &Rollup) -> Result<(), OutputError> {
    write_csv(out, SUMMARY_NAME, SUMMARY_COLUMNS, &rollup.tenants)?;
    write_csv(
        out,
        SHARED_NAME,
        SHARED_COLUMNS,
        &rollup.shared_infrastructure,
    )?;
    write_csv(out, INDICATORS_NAME, INDICATOR_COLUMNS, &rollup.indicators)?;
    Ok(())
}
