//! Attacker infrastructure (SPEC §7): the IP addresses and session ids behind high findings
//! whose evidence is attacker-made — the detectors that say so in their catalogue role
//! (`names_infrastructure`): suspicious sign-ins, hiding or obfuscated rules, external
//! forwarding, mail read or sent from risky networks. Every event from them is the
//! intruder's, whatever its workload, including events no detector flagged.
//!
//! Never attacker infrastructure: allow-listed addresses, ASNs and countries, the tenant's
//! own networks (`detect::own_networks`), and networks that are relays or server-side actions (Microsoft's own ranges, security vendors'
//! egress proxies, private and reserved space). Infrastructure is named once, from the
//! detectors' findings; findings raised later never name more (no cascade), so a shared
//! office address cannot spread from one raised finding to the whole tenant.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use chrono::{DateTime, Utc};

use super::roles::Roles;
use crate::detect::{Context, Finding, Severity};
use crate::event::Event;

/// Network classes that are never attacker infrastructure (server-side or corporate).
const NEVER_ATTACKER: &[&str] = &["microsoft", "private", "reserved", "security-vendor"];

/// Why an IP or session is the attacker's, and what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct InfraEntry {
    /// Users whose findings named it (the compromises it belongs to).
    pub named_by: BTreeSet<String>,
    /// Detector ids of those findings.
    pub detectors: BTreeSet<String>,
    /// First naming finding in words: `MT-S07 (high) for megan@…: <summary>`.
    pub reason: String,
    /// Earliest time of a naming finding.
    pub first_seen: DateTime<Utc>,
    /// Latest time of a naming finding.
    pub last_seen: DateTime<Utc>,
    /// ASN, when known.
    pub asn: Option<u32>,
    /// AS organisation, when known.
    pub as_org: Option<String>,
    /// Network class name.
    pub network_class: Option<String>,
    /// Country code.
    pub country: Option<String>,
}

impl InfraEntry {
    fn of(f: &Finding) -> InfraEntry {
        InfraEntry {
            named_by: BTreeSet::new(),
            detectors: BTreeSet::new(),
            reason: format!(
                "{} ({}) for {}: {}",
                f.detector_id,
                f.severity,
                if f.user.is_empty() {
                    "several users"
                } else {
                    &f.user
                },
                f.summary
            ),
            first_seen: f.time_first,
            last_seen: f.time_last,
            asn: f.asn,
            as_org: f.as_org.clone(),
            network_class: f.network_class.clone(),
            country: f.country.clone(),
        }
    }

    fn add(&mut self, f: &Finding) {
        if !f.user.is_empty() {
            self.named_by.insert(f.user.clone());
        }
        self.detectors.insert(f.detector_id.clone());
        self.first_seen = self.first_seen.min(f.time_first);
        self.last_seen = self.last_seen.max(f.time_last);
    }

    /// `AS14061 DigitalOcean, LLC, hosting, US` (the parts that are known).
    pub fn network_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(a) = self.asn {
            parts.push(match &self.as_org {
                Some(o) => format!("AS{a} {o}"),
                None => format!("AS{a}"),
            });
        }
        if let Some(c) = &self.network_class {
            parts.push(c.clone());
        }
        if let Some(c) = &self.country {
            parts.push(c.clone());
        }
        parts.join(", ")
    }
}

/// Which attacker IP or session an event came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InfraKey {
    /// An attacker IP address.
    Ip(IpAddr),
    /// An attacker session id.
    Session(String),
}

impl std::fmt::Display for InfraKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InfraKey::Ip(ip) => write!(f, "{ip}"),
            InfraKey::Session(s) => write!(f, "session {s}"),
        }
    }
}

/// Attacker IPs and sessions of one run.
#[derive(Debug, Clone, Default)]
pub struct Infrastructure {
    /// Attacker IP addresses.
    pub ips: BTreeMap<IpAddr, InfraEntry>,
    /// Attacker session ids (Entra session, Exchange session or token ids).
    pub sessions: BTreeMap<String, InfraEntry>,
}

impl Infrastructure {
    /// Name the infrastructure behind high findings of detectors whose role says their
    /// evidence is attacker-made.
    pub fn from_findings(findings: &[Finding], roles: &Roles, ctx: &Context) -> Infrastructure {
        let mut infra = Infrastructure::default();
        for f in findings.iter().filter(|f| names(f, roles)) {
            let class = f.network_class.as_deref().unwrap_or("unknown");
            if NEVER_ATTACKER.contains(&class) || ctx.finding_network_trusted(f) {
                continue;
            }
            if let Some(ip) = f.ip {
                infra
                    .ips
                    .entry(ip)
                    .or_insert_with(|| InfraEntry::of(f))
                    .add(f);
            }
            if let Some(s) = &f.session_id {
                infra
                    .sessions
                    .entry(s.clone())
                    .or_insert_with(|| InfraEntry::of(f))
                    .add(f);
            }
        }
        infra
    }

    /// True when nothing was named.
    pub fn is_empty(&self) -> bool {
        self.ips.is_empty() && self.sessions.is_empty()
    }

    /// The attacker IP or session an event came from (its IP first, then its session
    /// ids: the Exchange or sign-in session, the Entra session carried in UAL records).
    pub fn hit(&self, ev: &Event) -> Option<InfraKey> {
        if let Some(ip) = ev.ip.filter(|ip| self.ips.contains_key(ip)) {
            return Some(InfraKey::Ip(ip));
        }
        [&ev.sessions.session_id, &ev.sessions.aad_session_id]
            .into_iter()
            .flatten()
            .find(|s| self.sessions.contains_key(s.as_str()))
            .map(|s| InfraKey::Session(s.clone()))
    }

    /// Whether a stored event came from attacker infrastructure (the test of
    /// [`Self::hit`], on its probe).
    pub fn hits_probe(&self, p: &super::stored::Probe<'_>) -> bool {
        p.ip.is_some_and(|ip| self.ips.contains_key(&ip))
            || [p.session_id, p.aad_session_id]
                .into_iter()
                .flatten()
                .any(|s| self.sessions.contains_key(s))
    }

    /// The attacker IP or session a finding was made from.
    pub fn hit_finding(&self, f: &Finding) -> Option<InfraKey> {
        if let Some(ip) = f.ip.filter(|ip| self.ips.contains_key(ip)) {
            return Some(InfraKey::Ip(ip));
        }
        f.session_id
            .as_ref()
            .filter(|s| self.sessions.contains_key(s.as_str()))
            .map(|s| InfraKey::Session(s.clone()))
    }

    /// The entry of a key.
    pub fn entry(&self, key: &InfraKey) -> Option<&InfraEntry> {
        match key {
            InfraKey::Ip(ip) => self.ips.get(ip),
            InfraKey::Session(s) => self.sessions.get(s),
        }
    }

    /// Users whose findings named this key.
    pub fn owners(&self, key: &InfraKey) -> BTreeSet<String> {
        self.entry(key)
            .map(|e| e.named_by.clone())
            .unwrap_or_default()
    }
}

fn names(f: &Finding, roles: &Roles) -> bool {
    f.severity >= Severity::High && roles.of(&f.detector_id).names_infrastructure
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlate::testkit::finding;

    #[test]
    fn high_attacker_made_findings_name_infrastructure() {
        let fs = vec![
            finding("MT-S07", Severity::High, "159.203.1.1", "hosting", 1),
            finding("MT-R03", Severity::High, "91.92.240.10", "unknown", 2),
            finding("MT-R02", Severity::Medium, "73.1.1.1", "isp", 3),
            finding("MT-M07", Severity::High, "73.1.1.2", "isp", 3),
        ];
        let infra = Infrastructure::from_findings(&fs, &Roles::new(), &Context::default());
        let ips: Vec<String> = infra.ips.keys().map(|i| i.to_string()).collect();
        assert_eq!(ips, ["91.92.240.10", "159.203.1.1"], "in address order");
        let e = &infra.ips[&"91.92.240.10".parse().unwrap()];
        assert!(e.named_by.contains("megan@contoso.com"));
        assert!(e.reason.starts_with("MT-R03 (high) for megan@contoso.com"));
    }

    #[test]
    fn microsoft_and_allow_listed_networks_never_become_attacker_ips() {
        let fs = vec![
            finding("MT-S01", Severity::High, "40.107.1.1", "microsoft", 1),
            finding("MT-S01", Severity::High, "51.81.112.40", "hosting", 1),
        ];
        let mut ctx = Context::default();
        ctx.allow
            .ips
            .push(crate::detect::context::IpNet::parse("51.81.112.0/24").unwrap());
        assert!(Infrastructure::from_findings(&fs, &Roles::new(), &ctx).is_empty());
    }
}
