//! Escalation (SPEC §6–§7): a finding below high that was made from attacker
//! infrastructure — a rule, forwarding, access, send, deletion, search, permission or MFA
//! change from the attacker's IP or session — is raised to high when its detector's role
//! says it can be (`raised_by_infrastructure`); and a finding whose role names a number of
//! days (`raised_after_signin_days`: an MFA method or consent) is raised when it follows a
//! high sign-in finding for the same user within them. The reason goes in `escalation`.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use super::infrastructure::{InfraKey, Infrastructure};
use super::roles::Roles;
use crate::detect::{Finding, Severity, Signal};

/// Raise findings made from attacker infrastructure. `from_infra[i]` is true when an
/// evidence event of `findings[i]` came from it (the events carry every session id, the
/// finding only one).
pub fn raise_from_infrastructure(
    findings: &mut [Finding],
    infra: &Infrastructure,
    from_infra: &[Option<InfraKey>],
    roles: &Roles,
) {
    for (i, f) in findings.iter_mut().enumerate() {
        if f.severity >= Severity::High || !roles.of(&f.detector_id).raised_by_infrastructure {
            continue;
        }
        let key = infra
            .hit_finding(f)
            .or_else(|| from_infra.get(i).cloned().flatten());
        let Some(key) = key else { continue };
        let named = infra
            .entry(&key)
            .map(|e| {
                let ids: Vec<&str> = e.detectors.iter().map(String::as_str).collect();
                format!(" named by {}", ids.join(", "))
            })
            .unwrap_or_default();
        let what = match &key {
            InfraKey::Ip(ip) => format!("attacker IP {ip}"),
            InfraKey::Session(s) => format!("attacker session {s}"),
        };
        f.severity = Severity::High;
        f.escalation = Some(format!("raised to high: made from {what}{named}"));
    }
}

/// Raise findings that follow a high sign-in finding for the same user within the days
/// their role names.
pub fn raise_after_signin(findings: &mut [Finding], roles: &Roles) {
    let flagged = flagged_signin_times(findings, roles);
    for f in findings.iter_mut() {
        let days = roles.of(&f.detector_id).raised_after_signin_days;
        if f.severity >= Severity::High || days == 0 {
            continue;
        }
        if follows(f, &flagged, i64::from(days)) {
            f.severity = Severity::High;
            f.escalation = Some(format!(
                "raised to high: within {days} days after a high sign-in finding for this user"
            ));
        }
    }
}

fn flagged_signin_times(
    findings: &[Finding],
    roles: &Roles,
) -> BTreeMap<String, Vec<DateTime<Utc>>> {
    let mut m: BTreeMap<String, Vec<DateTime<Utc>>> = BTreeMap::new();
    for f in findings.iter().filter(|f| {
        f.severity >= Severity::High
            && !f.user.is_empty()
            && matches!(roles.of(&f.detector_id).signal, Signal::SignIn { .. })
    }) {
        m.entry(f.user.clone()).or_default().push(f.time_first);
    }
    m
}

fn follows(f: &Finding, flagged: &BTreeMap<String, Vec<DateTime<Utc>>>, days: i64) -> bool {
    flagged.get(&f.user).is_some_and(|times| {
        times
            .iter()
            .any(|&t| f.time_first >= t && f.time_first - t <= Duration::days(days))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlate::testkit::finding;
    use crate::detect::Context;

    #[test]
    fn rules_from_attacker_ip_become_high_and_mfa_after_a_flagged_signin() {
        let mut fs = vec![
            finding("MT-S01", Severity::High, "159.203.1.1", "hosting", 1),
            finding("MT-R02", Severity::Medium, "159.203.1.1", "hosting", 2),
            finding("MT-R02", Severity::Medium, "73.1.1.1", "isp", 3),
            finding("MT-P01", Severity::Low, "73.1.1.1", "isp", 4),
            finding("MT-S02", Severity::Low, "159.203.1.1", "hosting", 4),
        ];
        let roles = Roles::new();
        let infra = Infrastructure::from_findings(&fs, &roles, &Context::default());
        raise_from_infrastructure(&mut fs, &infra, &[], &roles);
        raise_after_signin(&mut fs, &roles);
        assert_eq!(fs[1].severity, Severity::High);
        assert_eq!(
            fs[1].escalation.as_deref(),
            Some("raised to high: made from attacker IP 159.203.1.1 named by MT-S01")
        );
        assert_eq!(fs[2].severity, Severity::Medium);
        assert_eq!(
            fs[3].severity,
            Severity::High,
            "MFA change after a flagged sign-in"
        );
        assert_eq!(
            fs[4].severity,
            Severity::Low,
            "sign-in signals are never raised"
        );
    }

    #[test]
    fn evidence_from_an_attacker_session_raises_too() {
        let mut fs = vec![
            finding("MT-S10", Severity::High, "159.203.1.1", "hosting", 1),
            finding("MT-M05", Severity::Medium, "", "unknown", 2),
        ];
        fs[0].session_id = Some("s-1".into());
        let roles = Roles::new();
        let infra = Infrastructure::from_findings(&fs, &roles, &Context::default());
        let from = vec![None, Some(InfraKey::Session("s-1".into()))];
        raise_from_infrastructure(&mut fs, &infra, &from, &roles);
        assert_eq!(fs[1].severity, Severity::High);
        assert!(fs[1].escalation.as_deref().unwrap().contains("session s-1"));
    }
}
