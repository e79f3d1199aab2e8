//! incidents.csv (SPEC §7b): one row per compromised account, columns in contract order
//! and extended at the end. Lists of identifiers (IPs, users, techniques, finding ids) are
//! joined with `;`; lists of sentences (rules, forwarding, subjects) with `; `.

use super::table::Column;
use crate::correlate::incident::Incident;
use crate::event::time::format_utc;

/// File name.
pub const NAME: &str = "incidents.csv";

fn time(t: &Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.as_ref().map(format_utc).unwrap_or_default()
}

fn ids(v: &[String]) -> String {
    v.join(";")
}

fn prose(v: &[String]) -> String {
    v.join("; ")
}

/// `AS14061 DigitalOcean, LLC;AS202412 Omegatech LTD`: distinct ASNs in address order.
fn asns(i: &Incident) -> String {
    let mut out: Vec<String> = Vec::new();
    for a in &i.attacker_networks {
        if let Some(n) = a.asn {
            let s = match &a.as_org {
                Some(o) => format!("AS{n} {o}"),
                None => format!("AS{n}"),
            };
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out.join(";")
}

/// The columns, in order (extend at the end, never rename).
pub static COLUMNS: &[Column<Incident>] = &[
    Column {
        name: "incident_id",
        cell: |i| i.incident_id.clone(),
    },
    Column {
        name: "user",
        cell: |i| i.user.clone(),
    },
    Column {
        name: "severity",
        cell: |i| i.severity.as_str().to_string(),
    },
    Column {
        name: "first_seen",
        cell: |i| time(&i.first_seen),
    },
    Column {
        name: "last_seen",
        cell: |i| time(&i.last_seen),
    },
    Column {
        name: "attacker_ips",
        cell: |i| ids(&i.attacker_ips),
    },
    Column {
        name: "attacker_asns",
        cell: asns,
    },
    Column {
        name: "entry_vector",
        cell: |i| i.entry_vector.clone(),
    },
    Column {
        name: "rules",
        cell: |i| prose(&i.rules),
    },
    Column {
        name: "forwarding",
        cell: |i| prose(&i.forwarding),
    },
    Column {
        name: "messages_read",
        cell: |i| i.messages_read.to_string(),
    },
    Column {
        name: "mails_sent",
        cell: |i| i.mails_sent.to_string(),
    },
    Column {
        name: "deletions",
        cell: |i| i.deletions.to_string(),
    },
    Column {
        name: "persistence",
        cell: |i| prose(&i.persistence),
    },
    Column {
        name: "techniques",
        cell: |i| ids(&i.techniques),
    },
    Column {
        name: "related_users",
        cell: |i| ids(&i.related_users),
    },
    Column {
        name: "summary",
        cell: |i| i.summary.clone(),
    },
    Column {
        name: "confidence",
        cell: |i| i.confidence.as_str().to_string(),
    },
    Column {
        name: "confidence_reason",
        cell: |i| i.confidence_reason.clone(),
    },
    Column {
        name: "attacker_networks",
        cell: |i| {
            i.attacker_networks
                .iter()
                .map(|a| a.text())
                .collect::<Vec<_>>()
                .join("; ")
        },
    },
    Column {
        name: "attacker_sessions",
        cell: |i| ids(&i.attacker_sessions),
    },
    Column {
        name: "folders_synced",
        cell: |i| prose(&i.folders_synced),
    },
    Column {
        name: "other_mailboxes_read",
        cell: |i| ids(&i.other_mailboxes_read),
    },
    Column {
        name: "sent_subjects",
        cell: |i| prose(&i.sent_subjects),
    },
    Column {
        name: "deleted_subjects",
        cell: |i| prose(&i.deleted_subjects),
    },
    Column {
        name: "searches",
        cell: |i| prose(&i.searches),
    },
    Column {
        name: "files",
        cell: |i| prose(&i.files),
    },
    Column {
        name: "sharing_links",
        cell: |i| prose(&i.sharing_links),
    },
    Column {
        name: "audit_tampering",
        cell: |i| prose(&i.audit_tampering),
    },
    Column {
        name: "signals",
        cell: |i| i.signals.join(";"),
    },
    Column {
        name: "finding_ids",
        cell: |i| ids(&i.finding_ids),
    },
    Column {
        name: "related_activity",
        cell: |i| prose(&i.related_activity),
    },
];
