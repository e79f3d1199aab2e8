//! Plain words for the report: times as a person reads them, durations, plurals, and the
//! names of the ATT&CK techniques the detectors cite (the catalogue stores only ids).

use chrono::{DateTime, Utc};

/// `2026-02-10 18:20:05 UTC` from an RFC 3339 time; the text itself when it is not one.
pub fn time(iso: &str) -> String {
    match iso.parse::<DateTime<Utc>>() {
        Ok(t) => t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// `2 days 2 hours`, `6 minutes 41 seconds`: the two largest units of `b - a`.
pub fn duration(a: &str, b: &str) -> Option<String> {
    let (a, b) = (
        a.parse::<DateTime<Utc>>().ok()?,
        b.parse::<DateTime<Utc>>().ok()?,
    );
    let secs = (b - a).num_seconds().max(0);
    let units = [
        (secs / 86_400, "day"),
        (secs / 3_600 % 24, "hour"),
        (secs / 60 % 60, "minute"),
        (secs % 60, "second"),
    ];
    let first = units.iter().position(|(n, _)| *n > 0)?;
    let parts: Vec<String> = units[first..]
        .iter()
        .take(2)
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| plural(n.unsigned_abs(), u))
        .collect();
    Some(parts.join(" "))
}

/// `1 account`, `2 accounts`.
pub fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The ATT&CK name of a technique id the detectors cite.
pub fn technique(id: &str) -> Option<&'static str> {
    Some(match id {
        "T1070.008" => "Indicator Removal: Clear Mailbox Data",
        "T1078.004" => "Valid Accounts: Cloud Accounts",
        "T1098.002" => "Account Manipulation: Additional Email Delegate Permissions",
        "T1098.003" => "Account Manipulation: Additional Cloud Roles",
        "T1098.005" => "Account Manipulation: Device Registration",
        "T1110" => "Brute Force",
        "T1110.001" => "Brute Force: Password Guessing",
        "T1110.003" => "Brute Force: Password Spraying",
        "T1114.002" => "Email Collection: Remote Email Collection",
        "T1114.003" => "Email Collection: Email Forwarding Rule",
        "T1528" => "Steal Application Access Token",
        "T1583.003" => "Acquire Infrastructure: Virtual Private Server",
        "T1534" => "Internal Spearphishing",
        "T1539" => "Steal Web Session Cookie",
        "T1550.001" => "Use Alternate Authentication Material: Application Access Token",
        "T1550.004" => "Use Alternate Authentication Material: Web Session Cookie",
        "T1552" => "Unsecured Credentials",
        "T1556.006" => "Modify Authentication Process: Multi-Factor Authentication",
        "T1557" => "Adversary-in-the-Middle",
        "T1562.008" => "Impair Defenses: Disable or Modify Cloud Logs",
        "T1564.008" => "Hide Artifacts: Email Hiding Rules",
        "T1566.002" => "Phishing: Spearphishing Link",
        "T1656" => "Impersonation",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_durations_read_plainly() {
        assert_eq!(time("2026-02-10T18:20:05.000Z"), "2026-02-10 18:20:05 UTC");
        assert_eq!(time("soon"), "soon");
        assert_eq!(
            duration("2026-02-10T18:20:05.000Z", "2026-02-12T20:50:26.000Z").as_deref(),
            Some("2 days 2 hours")
        );
        assert_eq!(
            duration("2026-02-12T20:58:14.000Z", "2026-02-12T21:04:55.000Z").as_deref(),
            Some("6 minutes 41 seconds")
        );
        assert_eq!(
            duration("2026-02-12T20:00:00Z", "2026-02-13T20:00:30Z").as_deref(),
            Some("1 day")
        );
        assert_eq!(
            duration("2026-02-12T20:00:00Z", "2026-02-12T20:00:00Z"),
            None
        );
    }

    #[test]
    fn every_cited_technique_has_a_name() {
        for d in crate::detect::catalogue::metas() {
            for t in d.techniques {
                assert!(technique(t).is_some(), "{} cites {t} without a name", d.id);
            }
        }
    }
}
