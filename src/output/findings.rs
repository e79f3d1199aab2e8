//! findings.csv (SPEC §7b): one row per finding, columns in contract order.

use std::io::Write;
use std::path::Path;

use super::csv_out::CsvOut;
use super::{OutputError, create, io_err};
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
];

/// Write findings.csv; `files` maps file ids to paths for the `source` column.
pub fn write(
    dir: &Path,
    findings: &[(String, &Finding)],
    files: &[String],
) -> Result<(), OutputError> {
    let name = "findings.csv";
    let mut csv = CsvOut::new(create(dir, name)?);
    csv.row(COLUMNS.iter()).map_err(io_err(dir, name))?;
    for (id, f) in findings {
        csv.row(cells(id, f, files)).map_err(io_err(dir, name))?;
    }
    let mut w = csv.finish().map_err(io_err(dir, name))?;
    w.flush().map_err(io_err(dir, name))
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
        format_utc(&f.time_first),
        format_utc(&f.time_last),
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
