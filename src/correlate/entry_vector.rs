//! The entry vector of an incident in words, reconciled across the sign-in findings that
//! claim it: the most specific claim (lowest catalogue rank: AiTM or device-code phishing
//! before token replay, password guessing, legacy authentication, an attack-tool user
//! agent, a hosting network, a new network) leads, with the address it came from; the other
//! claims follow as corroboration.

use chrono::{DateTime, Utc};

use super::infrastructure::Infrastructure;
use super::roles::Roles;
use super::words::plain_time;
use crate::detect::{Finding, Severity, Signal};

/// A sign-in claim: vector words, rank, and the finding behind it.
struct Claim<'a> {
    vector: &'static str,
    rank: u8,
    finding: &'a Finding,
}

/// The entry vector of `findings` (one user's), or what is known when no sign-in finding
/// claims one: the first attacker sign-in or action.
pub fn entry_vector(
    findings: &[&Finding],
    roles: &Roles,
    infra: &Infrastructure,
    first_action: Option<(DateTime<Utc>, String)>,
) -> String {
    let mut claims = claims(findings, roles, Severity::Medium);
    if claims.is_empty() {
        claims = claims_at_any_severity(findings, roles);
    }
    claims.sort_by_key(|c| (c.rank, c.finding.time_first));
    let Some(lead) = claims.first() else {
        return match first_action {
            Some((t, what)) => format!(
                "not in the data: no suspicious sign-in for this account; first attacker \
                 activity {what} at {} UTC",
                plain_time(&t)
            ),
            None => "not in the data: no suspicious sign-in for this account".into(),
        };
    };
    let mut s = lead.vector.to_string();
    if let Some(ip) = lead.finding.ip {
        s.push_str(&format!(" from {ip}"));
        let net = infra
            .ips
            .get(&ip)
            .map(|e| e.network_text())
            .unwrap_or_else(|| finding_network(lead.finding));
        if !net.is_empty() {
            s.push_str(&format!(" ({net})"));
        }
    }
    let mut others: Vec<&str> = Vec::new();
    for c in &claims[1..] {
        if c.vector != lead.vector && !others.contains(&c.vector) {
            others.push(c.vector);
        }
    }
    if !others.is_empty() {
        s.push_str("; also ");
        s.push_str(&others.join(", "));
    }
    s
}

fn claims<'a>(findings: &[&'a Finding], roles: &Roles, min: Severity) -> Vec<Claim<'a>> {
    findings
        .iter()
        .filter(|f| f.severity >= min)
        .filter_map(|f| match roles.of(&f.detector_id).signal {
            Signal::SignIn { vector, rank } => Some(Claim {
                vector,
                rank,
                finding: f,
            }),
            _ => None,
        })
        .collect()
}

fn claims_at_any_severity<'a>(findings: &[&'a Finding], roles: &Roles) -> Vec<Claim<'a>> {
    claims(findings, roles, Severity::Info)
}

fn finding_network(f: &Finding) -> String {
    let mut parts = Vec::new();
    if let Some(a) = f.asn {
        parts.push(match &f.as_org {
            Some(o) => format!("AS{a} {o}"),
            None => format!("AS{a}"),
        });
    }
    parts.extend(f.network_class.iter().cloned());
    parts.extend(f.country.iter().cloned());
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlate::testkit::{at, finding};

    #[test]
    fn the_most_specific_claim_leads() {
        let a = finding("MT-S07", Severity::High, "159.203.1.1", "hosting", 1);
        let b = finding("MT-S10", Severity::High, "159.203.1.1", "hosting", 2);
        let c = finding("MT-S01", Severity::High, "159.203.1.1", "hosting", 2);
        let v = entry_vector(
            &[&a, &b, &c],
            &Roles::new(),
            &Infrastructure::default(),
            None,
        );
        assert_eq!(
            v,
            "adversary-in-the-middle (AiTM) phishing from 159.203.1.1 (hosting); also \
             password guessing then a successful sign-in, sign-in from a hosting, VPN or \
             proxy network"
        );
    }

    #[test]
    fn without_a_sign_in_claim_the_first_action_is_named() {
        let r = finding("MT-R03", Severity::High, "91.92.240.10", "unknown", 1);
        let v = entry_vector(
            &[&r],
            &Roles::new(),
            &Infrastructure::default(),
            Some((at(1), "New-InboxRule from 91.92.240.10".into())),
        );
        assert!(v.starts_with("not in the data"), "{v}");
        assert!(v.ends_with("New-InboxRule from 91.92.240.10 at 2026-02-03 01:00:00 UTC"));
    }
}
