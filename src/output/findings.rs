//! findings.csv (SPEC §7b): one row per finding, columns in contract order.

use std::path::Path;

use super::OutputError;
use super::csv_out::CsvFile;
use crate::correlate::NumberedFinding;
use crate::detect::Finding;
use crate::event::time::format_utc;

/// Column names of findings.csv, in order (extend at the end, never rename).
pub const COLUMNS: &[&str] = &[
    "finding_id",
    "detector_id",
    "title",
    "severity",
    "time_first",
    "time_last",
    "user",
    "ip",
    "asn",
    "as_org",
    "network_class",
    "country",
    "operation",
    "summary",
    "techniques",
    "evidence_record_ids",
    "source",
    "session_id",
    "evidence_count",
    "escalation",
    "incident_id",
];

/// Write findings.csv; `files` maps file ids to paths for the `source` column.
pub fn write(
    dir: &Path,
    findings: &[NumberedFinding],
    files: &[String],
) -> Result<(), OutputError> {
    let mut file = CsvFile::create(dir, "findings.csv", COLUMNS)?;
    for n in findings {
        let mut row = cells(&n.id, &n.finding, files);
        row.push(n.incident_id.clone().unwrap_or_default());
        file.row(row)?;
    }
    file.finish().map(|_| ())
}

fn cells(id: &str, f: &Finding, files: &[String]) -> Vec<String> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let record_ids: Vec<&str> = f
        .evidence
        .iter()
        .filter_map(|e| e.record_id.as_deref())
        .collect();
    let sources: Vec<String> = f
        .evidence
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                files.get(e.file as usize).map_or("?", String::as_str),
                e.line
            )
        })
        .collect();
    vec![
        id.to_string(),
        f.detector_id.clone(),
        f.title.clone(),
        f.severity.as_str().to_string(),
        time(&f.time_first),
        time(&f.time_last),
        f.user.clone(),
        f.ip.map(|i| i.to_string()).unwrap_or_default(),
        f.asn.map(|a| a.to_string()).unwrap_or_default(),
        opt(&f.as_org),
        opt(&f.network_class),
        opt(&f.country),
        f.operation.clone(),
        f.summary.clone(),
        f.techniques.join(";"),
        record_ids.join(";"),
        sources.join(";"),
        opt(&f.session_id),
        f.evidence_count.to_string(),
        opt(&f.escalation),
    ]
}

/// ISO time, or empty for records without a time (rule inventory): never 1970.
fn time(t: &chrono::DateTime<chrono::Utc>) -> String {
    if *t == chrono::DateTime::<chrono::Utc>::UNIX_EPOCH {
        String::new()
    } else {
        format_utc(t)
    }
}
