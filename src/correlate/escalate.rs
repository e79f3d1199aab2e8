//! Combining findings (SPEC §6–§7): attacker infrastructure is what high-confidence
//! network findings name (sign-in detectors, mailbox access from risky networks); a
//! lower finding from that infrastructure — a rule, forwarding, access, send, deletion,
//! permission or MFA change made from the attacker's IP or session — is raised to high,
//! and an MFA change shortly after a high sign-in finding for the same user is too.
//! Detectors stay independent; this is the one place that reads across them.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};

use crate::detect::{Finding, Severity};

/// Detectors whose high findings name attacker infrastructure.
fn names_infrastructure(id: &str) -> bool {
    id.starts_with("MT-S") || id == "MT-M01" || id == "MT-M04"
}

/// Network classes that are never attacker infrastructure (server-side or corporate).
const NEVER_ATTACKER: &[&str] = &["microsoft", "private", "reserved", "security-vendor"];

/// How long after a flagged sign-in an MFA change counts as the attacker's.
const MFA_AFTER_SIGNIN_DAYS: i64 = 7;

/// Attacker IPs and sessions.
#[derive(Debug, Clone, Default)]
pub struct Infrastructure {
    /// Attacker IP addresses.
    pub ips: BTreeSet<IpAddr>,
    /// Attacker session ids.
    pub sessions: BTreeSet<String>,
}

impl Infrastructure {
    /// True when the IP or session belongs to the attacker.
    pub fn matches(&self, ip: Option<IpAddr>, session: Option<&str>) -> bool {
        ip.is_some_and(|i| self.ips.contains(&i))
            || session.is_some_and(|s| self.sessions.contains(s))
    }
}

/// Collect attacker infrastructure from high-confidence findings.
pub fn infrastructure(findings: &[Finding]) -> Infrastructure {
    let mut infra = Infrastructure::default();
    for f in findings
        .iter()
        .filter(|f| f.severity >= Severity::High && names_infrastructure(&f.detector_id))
    {
        let class = f.network_class.as_deref().unwrap_or("unknown");
        if NEVER_ATTACKER.contains(&class) {
            continue;
        }
        if let Some(ip) = f.ip {
            infra.ips.insert(ip);
        }
        if let Some(s) = &f.session_id {
            infra.sessions.insert(s.clone());
        }
    }
    infra
}

/// Raise findings tied to attacker infrastructure; returns that infrastructure.
pub fn escalate(findings: &mut [Finding]) -> Infrastructure {
    let infra = infrastructure(findings);
    let flagged_signins = flagged_signin_times(findings);
    for f in findings.iter_mut() {
        if f.severity >= Severity::High || names_infrastructure(&f.detector_id) {
            continue;
        }
        if infra.matches(f.ip, f.session_id.as_deref()) {
            let what = match (f.ip, &f.session_id) {
                (Some(ip), _) if infra.ips.contains(&ip) => format!("attacker IP {ip}"),
                (_, Some(s)) => format!("attacker session {s}"),
                _ => "attacker infrastructure".to_string(),
            };
            f.severity = Severity::High;
            f.escalation = Some(format!(
                "raised to high: done from {what} named by a high sign-in or access finding"
            ));
        } else if f.detector_id == "MT-P01" && after_flagged_signin(f, &flagged_signins) {
            f.severity = Severity::High;
            f.escalation = Some(format!(
                "raised to high: within {MFA_AFTER_SIGNIN_DAYS} days after a high sign-in finding for this user"
            ));
        }
    }
    infra
}

fn flagged_signin_times(findings: &[Finding]) -> BTreeMap<String, Vec<DateTime<Utc>>> {
    let mut m: BTreeMap<String, Vec<DateTime<Utc>>> = BTreeMap::new();
    for f in findings
        .iter()
        .filter(|f| f.severity >= Severity::High && f.detector_id.starts_with("MT-S"))
    {
        m.entry(f.user.clone()).or_default().push(f.time_first);
    }
    m
}

fn after_flagged_signin(f: &Finding, flagged: &BTreeMap<String, Vec<DateTime<Utc>>>) -> bool {
    flagged.get(&f.user).is_some_and(|times| {
        times.iter().any(|&t| {
            f.time_first >= t && f.time_first - t <= Duration::days(MFA_AFTER_SIGNIN_DAYS)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn finding(id: &str, sev: Severity, ip: &str, class: &str, hour: u32) -> Finding {
        let t = Utc.with_ymd_and_hms(2026, 2, 3, hour, 0, 0).unwrap();
        Finding {
            detector_id: id.into(),
            title: String::new(),
            severity: sev,
            techniques: vec![],
            time_first: t,
            time_last: t,
            user: "megan@contoso.com".into(),
            ip: ip.parse().ok(),
            asn: None,
            as_org: None,
            network_class: Some(class.into()),
            country: None,
            session_id: None,
            operation: String::new(),
            summary: String::new(),
            evidence: vec![],
            evidence_count: 1,
            escalation: None,
        }
    }

    #[test]
    fn rules_from_attacker_ip_become_high() {
        let mut fs = vec![
            finding("MT-S01", Severity::High, "159.203.1.1", "hosting", 1),
            finding("MT-R02", Severity::Medium, "159.203.1.1", "hosting", 2),
            finding("MT-R02", Severity::Medium, "73.1.1.1", "isp", 3),
            finding("MT-P01", Severity::Low, "73.1.1.1", "isp", 4),
        ];
        let infra = escalate(&mut fs);
        assert!(infra.ips.contains(&"159.203.1.1".parse().unwrap()));
        assert_eq!(fs[1].severity, Severity::High);
        assert!(fs[1].escalation.is_some());
        assert_eq!(fs[2].severity, Severity::Medium);
        assert_eq!(
            fs[3].severity,
            Severity::High,
            "MFA change after a flagged sign-in"
        );
    }

    #[test]
    fn microsoft_ips_never_become_attacker_ips() {
        let fs = vec![finding(
            "MT-S01",
            Severity::High,
            "40.107.1.1",
            "microsoft",
            1,
        )];
        assert!(infrastructure(&fs).ips.is_empty());
    }
}
