//! What every detector may consult besides the event: tenant domains, allow-lists and
//! per-detector threshold overrides. Built once per run from the configuration (or the
//! inferred tenant domains) and shared read-only across detector threads.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;

use super::severity::Severity;
use super::{DetectorMeta, Finding};
use crate::event::Event;

/// An IP network (`203.0.113.0/24`, `2001:db8::/32`, or a single address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Parse CIDR or a plain address.
    pub fn parse(s: &str) -> Option<IpNet> {
        let (a, p) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse::<u8>().ok().filter(|&n| n <= max)?,
            None => max,
        };
        Some(IpNet { addr, prefix })
    }

    /// True when `ip` is inside the network.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(i) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(i) & mask
            }
            _ => false,
        }
    }
}

/// Things the organisation declares benign (corporate egress, VPN, partners).
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    /// IPs and networks.
    pub ips: Vec<IpNet>,
    /// ASNs.
    pub asns: BTreeSet<u32>,
    /// Country codes (upper case).
    pub countries: BTreeSet<String>,
    /// User-agent substrings (lower case).
    pub user_agents: Vec<String>,
    /// Domains mail may be forwarded to (lower case; subdomains included).
    pub forward_domains: BTreeSet<String>,
    /// Application ids (lower case).
    pub app_ids: BTreeSet<String>,
}

/// Per-detector settings from the configuration.
#[derive(Debug, Clone, Default)]
pub struct DetectorSettings {
    /// `false` turns the detector off.
    pub enabled: Option<bool>,
    /// Forced severity for every finding of the detector.
    pub severity: Option<Severity>,
    /// Threshold overrides by name.
    pub params: HashMap<String, f64>,
}

/// Shared, read-only detection context.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The tenant's own mail domains (lower case); subdomains count as internal.
    pub tenant_domains: BTreeSet<String>,
    /// Allow-lists.
    pub allow: AllowList,
    /// Settings by detector id.
    pub settings: HashMap<String, DetectorSettings>,
    /// The tenant's own networks, learnt from the data (see `own_networks`).
    pub own: super::own_networks::OwnNetworks,
    /// When findings from one address corroborate each other (`[correlation]`).
    pub corroboration: Corroboration,
    /// Indicators of compromise (`--ioc`); empty without.
    pub indicators: std::sync::Arc<super::indicators::Indicators>,
}

/// `[correlation] corroborate_*`: how many detectors, giving how many kinds of signal,
/// must point at one unusual address for one account before its medium findings are
/// raised to high (see `correlate::corroborate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corroboration {
    /// Distinct detectors (0: corroboration off).
    pub detectors: u32,
    /// Distinct kinds of signal.
    pub kinds: u32,
}

impl Default for Corroboration {
    fn default() -> Self {
        Corroboration {
            detectors: 3,
            kinds: 2,
        }
    }
}

impl Context {
    /// A context with only tenant domains (tests, and runs without a configuration).
    pub fn with_domains(domains: &[&str]) -> Context {
        Context {
            tenant_domains: domains.iter().map(|d| d.to_ascii_lowercase()).collect(),
            ..Context::default()
        }
    }

    /// A threshold: the configured value, else the detector's default.
    pub fn param(&self, meta: &DetectorMeta, name: &str) -> f64 {
        if let Some(v) = self.settings.get(meta.id).and_then(|s| s.params.get(name)) {
            return *v;
        }
        meta.params
            .iter()
            .find(|p| p.name == name)
            .map_or(0.0, |p| p.default)
    }

    /// Whether a detector runs.
    pub fn enabled(&self, id: &str) -> bool {
        self.settings
            .get(id)
            .and_then(|s| s.enabled)
            .unwrap_or(true)
    }

    /// True when `domain` is one of the tenant's (or a subdomain of one).
    pub fn is_tenant_domain(&self, domain: &str) -> bool {
        let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        self.tenant_domains
            .iter()
            .any(|t| d == *t || d.ends_with(&format!(".{t}")))
    }

    /// True when an address is outside the tenant and not an allowed forward domain.
    /// Values without `@` (display names, internal recipient objects) are internal.
    pub fn is_external_address(&self, address: &str) -> bool {
        let Some((_, domain)) = address.trim().rsplit_once('@') else {
            return false;
        };
        let d = domain
            .trim()
            .trim_end_matches(['>', ']', '.'])
            .to_ascii_lowercase();
        if d.is_empty() || self.is_tenant_domain(&d) {
            return false;
        }
        !self
            .allow
            .forward_domains
            .iter()
            .any(|f| d == *f || d.ends_with(&format!(".{f}")))
    }

    /// True when the event's network is allow-listed (IP, ASN or country).
    pub fn network_allowed(&self, ev: &Event) -> bool {
        self.address_allowed(ev.ip, ev.asn(), ev.country())
    }

    /// True when an address, its ASN or its country is allow-listed.
    pub fn address_allowed(
        &self,
        ip: Option<IpAddr>,
        asn: Option<u32>,
        country: Option<&str>,
    ) -> bool {
        ip.is_some_and(|ip| self.allow.ips.iter().any(|n| n.contains(ip)))
            || asn.is_some_and(|a| self.allow.asns.contains(&a))
            || country.is_some_and(|c| self.allow.countries.contains(c))
    }

    /// True when the event's network is allow-listed or the tenant's own (an address
    /// its accounts share daily, or a network the actor has used since the start).
    pub fn network_trusted(&self, ev: &Event) -> bool {
        self.network_allowed(ev) || self.own.contains(ev)
    }

    /// True when the network a finding names is allow-listed, the tenant's, or its
    /// account's own: a finding judged like an event.
    pub fn finding_network_trusted(&self, f: &Finding) -> bool {
        self.address_allowed(f.ip, f.asn, f.country.as_deref())
            || self.own.owns(&f.user, f.ip, f.asn)
    }

    /// True when the user agent contains an allow-listed string.
    pub fn user_agent_allowed(&self, ua: &str) -> bool {
        let lower = ua.to_ascii_lowercase();
        self.allow
            .user_agents
            .iter()
            .any(|a| lower.contains(a.as_str()))
    }

    /// True when the application id is allow-listed.
    pub fn app_allowed(&self, app_id: &str) -> bool {
        self.allow
            .app_ids
            .contains(&app_id.trim().to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_matching() {
        let n = IpNet::parse("203.0.113.0/24").unwrap();
        assert!(n.contains("203.0.113.9".parse().unwrap()));
        assert!(!n.contains("203.0.114.9".parse().unwrap()));
        assert!(
            IpNet::parse("2001:db8::/32")
                .unwrap()
                .contains("2001:db8::1".parse().unwrap())
        );
        assert!(
            IpNet::parse("10.0.0.1")
                .unwrap()
                .contains("10.0.0.1".parse().unwrap())
        );
        assert!(IpNet::parse("10.0.0.0/33").is_none());
        assert!(
            IpNet::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
    }

    #[test]
    fn external_addresses() {
        let mut ctx = Context::with_domains(&["contoso.com"]);
        ctx.allow.forward_domains.insert("partner.example".into());
        assert!(ctx.is_external_address("x@evil.example"));
        assert!(!ctx.is_external_address("a@contoso.com"));
        assert!(!ctx.is_external_address("a@mail.contoso.com"));
        assert!(!ctx.is_external_address("a@partner.example"));
        assert!(!ctx.is_external_address("Executive Assistant"));
        assert!(ctx.is_external_address("a@notcontoso.com"));
    }
}
