//! findings.csv (SPEC §7b): one row per finding, columns in contract order; with
//! `--parquet`, findings.parquet holds the same rows ([`super::parquet`]).

use super::dir::OutputDir;
use super::table::{Column, write_csv};
use super::{OutputError, parquet};
use crate::correlate::NumberedFinding;
use crate::event::time::format_utc;

/// File name.
pub const NAME: &str = "findings.csv";

/// Write findings.csv, and findings.parquet too `with_parquet`; returns the number of rows.
pub fn write(
    out: &OutputDir,
    findings: &[NumberedFinding],
    with_parquet: bool,
) -> Result<u64, OutputError> {
    if with_parquet {
        parquet::write_all(out, &parquet::FINDINGS, findings)?;
    }
    write_csv(out, NAME, COLUMNS, findings)
}

fn opt(o: &Option<String>) -> String {
    o.clone().unwrap_or_default()
}

/// ISO time, or empty for records without a time (rule inventory): never 1970.
fn time(t: &chrono::DateTime<chrono::Utc>) -> String {
    if *t == chrono::DateTime::<chrono::Utc>::UNIX_EPOCH {
        String::new()
    } else {
        format_utc(t)
    }
}

/// The columns, in order (extend at the end, never rename).
pub static COLUMNS: &[Column<NumberedFinding>] = &[
    Column {
        name: "finding_id",
        cell: |n| n.id.clone(),
    },
    Column {
        name: "detector_id",
        cell: |n| n.finding.detector_id.clone(),
    },
    Column {
        name: "title",
        cell: |n| n.finding.title.clone(),
    },
    Column {
        name: "severity",
        cell: |n| n.finding.severity.as_str().to_string(),
    },
    Column {
        name: "time_first",
        cell: |n| time(&n.finding.time_first),
    },
    Column {
        name: "time_last",
        cell: |n| time(&n.finding.time_last),
    },
    Column {
        name: "user",
        cell: |n| n.finding.user.clone(),
    },
    Column {
        name: "ip",
        cell: |n| n.finding.ip.map(|i| i.to_string()).unwrap_or_default(),
    },
    Column {
        name: "asn",
        cell: |n| n.finding.asn.map(|a| a.to_string()).unwrap_or_default(),
    },
    Column {
        name: "as_org",
        cell: |n| opt(&n.finding.as_org),
    },
    Column {
        name: "network_class",
        cell: |n| opt(&n.finding.network_class),
    },
    Column {
        name: "country",
        cell: |n| opt(&n.finding.country),
    },
    Column {
        name: "operation",
        cell: |n| n.finding.operation.clone(),
    },
    Column {
        name: "summary",
        cell: |n| n.finding.summary.clone(),
    },
    Column {
        name: "techniques",
        cell: |n| n.finding.techniques.join(";"),
    },
    Column {
        name: "evidence_record_ids",
        cell: |n| {
            let ids: Vec<&str> = n
                .finding
                .evidence
                .iter()
                .filter_map(|e| e.record_id.as_deref())
                .collect();
            ids.join(";")
        },
    },
    Column {
        name: "source",
        cell: |n| n.sources.join(";"),
    },
    Column {
        name: "session_id",
        cell: |n| opt(&n.finding.session_id),
    },
    Column {
        name: "evidence_count",
        cell: |n| n.finding.evidence_count.to_string(),
    },
    Column {
        name: "escalation",
        cell: |n| opt(&n.finding.escalation),
    },
    Column {
        name: "incident_id",
        cell: |n| opt(&n.incident_id),
    },
];
