//! incidents.csv (SPEC §7b): one row per compromised account, columns in contract order
//! and extended at the end. Lists of identifiers (IPs, users, techniques, finding ids) are
//! joined with `;`; lists of sentences (rules, forwarding, subjects) with `; `.

use std::path::Path;

use super::OutputError;
use super::csv_out::CsvFile;
use crate::correlate::incident::Incident;
use crate::event::time::format_utc;

/// File name.
pub const NAME: &str = "incidents.csv";

/// Column names, in order (extend at the end, never rename).
pub const COLUMNS: &[&str] = &[
    "incident_id",
    "user",
    "severity",
    "first_seen",
    "last_seen",
    "attacker_ips",
    "attacker_asns",
    "entry_vector",
    "rules",
    "forwarding",
    "messages_read",
    "mails_sent",
    "deletions",
    "persistence",
    "techniques",
    "related_users",
    "summary",
    "confidence",
    "confidence_reason",
    "attacker_networks",
    "attacker_sessions",
    "folders_synced",
    "other_mailboxes_read",
    "sent_subjects",
    "deleted_subjects",
    "searches",
    "files",
    "sharing_links",
    "audit_tampering",
    "signals",
    "finding_ids",
    "related_activity",
];

/// Write incidents.csv.
pub fn write(dir: &Path, incidents: &[Incident]) -> Result<(), OutputError> {
    let mut file = CsvFile::create(dir, NAME, COLUMNS)?;
    for i in incidents {
        file.row(cells(i))?;
    }
    file.finish().map(|_| ())
}

fn cells(i: &Incident) -> Vec<String> {
    let time =
        |t: &Option<chrono::DateTime<chrono::Utc>>| t.as_ref().map(format_utc).unwrap_or_default();
    let ids = |v: &[String]| v.join(";");
    let prose = |v: &[String]| v.join("; ");
    let mut asns: Vec<String> = Vec::new();
    for a in &i.attacker_ips {
        if let Some(n) = a.asn {
            let s = match &a.as_org {
                Some(o) => format!("AS{n} {o}"),
                None => format!("AS{n}"),
            };
            if !asns.contains(&s) {
                asns.push(s);
            }
        }
    }
    vec![
        i.incident_id.clone(),
        i.user.clone(),
        i.severity.as_str().to_string(),
        time(&i.first_seen),
        time(&i.last_seen),
        i.attacker_ips
            .iter()
            .map(|a| a.ip.clone())
            .collect::<Vec<_>>()
            .join(";"),
        asns.join(";"),
        i.entry_vector.clone(),
        prose(&i.rules),
        prose(&i.forwarding),
        i.messages_read.to_string(),
        i.mails_sent.to_string(),
        i.deletions.to_string(),
        prose(&i.persistence),
        ids(&i.techniques),
        ids(&i.related_users),
        i.summary.clone(),
        i.confidence.as_str().to_string(),
        i.confidence_reason.clone(),
        i.attacker_ips
            .iter()
            .map(|a| a.text())
            .collect::<Vec<_>>()
            .join("; "),
        ids(&i.attacker_sessions),
        prose(&i.folders_synced),
        ids(&i.other_mailboxes_read),
        prose(&i.sent_subjects),
        prose(&i.deleted_subjects),
        prose(&i.searches),
        prose(&i.files),
        prose(&i.sharing_links),
        prose(&i.audit_tampering),
        i.signals.join(";"),
        ids(&i.finding_ids),
        prose(&i.related_activity),
    ]
}
