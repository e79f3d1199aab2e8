//! Attacker infrastructure seen in more than one tenant. Crews rent servers by the dozen
//! and reuse them against several clients, so an address named in two tenants links two
//! cases; a hosting network (ASN) named in several is the crew's supplier.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use serde::Serialize;

use super::view::{InfraView, as_label};
use super::{Outcome, Tenant};

/// One row of shared-infrastructure.csv; key order is the contract.
#[derive(Debug, Clone, Serialize)]
pub struct SharedInfra {
    /// `ip` or `asn`.
    pub kind: String,
    /// The address, or `AS<n>`.
    pub value: String,
    /// ASN.
    pub asn: Option<u32>,
    /// AS organisation.
    pub as_org: String,
    /// Network class (of the address; for an ASN, of its addresses, `;`-joined).
    pub network_class: String,
    /// Country (of the address; for an ASN, of its addresses).
    pub country: String,
    /// Number of tenants.
    pub tenant_count: u64,
    /// Tenant ids, in order.
    pub tenants: Vec<String>,
    /// Earliest finding naming it, in any tenant (ISO UTC).
    pub first_seen: String,
    /// Latest finding naming it.
    pub last_seen: String,
    /// Accounts that acted from it, in any tenant.
    pub users: Vec<String>,
    /// The attacker addresses behind the row (an ASN's, or the address itself).
    pub ips: Vec<String>,
    /// Detectors that named it.
    pub detectors: Vec<String>,
}

/// What is gathered for one address or ASN across tenants.
#[derive(Default)]
struct Seen {
    asn: Option<u32>,
    as_org: BTreeSet<String>,
    classes: BTreeSet<String>,
    countries: BTreeSet<String>,
    tenants: BTreeSet<String>,
    first: Option<String>,
    last: Option<String>,
    users: BTreeSet<String>,
    ips: BTreeSet<IpAddr>,
    detectors: BTreeSet<String>,
}

impl Seen {
    fn add(&mut self, tenant: &str, ip: IpAddr, i: &InfraView) {
        self.asn = self.asn.or(i.asn);
        self.as_org.extend(i.as_org.clone());
        self.classes.extend(i.network_class.clone());
        self.countries.extend(i.country.clone());
        self.tenants.insert(tenant.to_string());
        if !i.first_seen.is_empty() {
            let earlier = self.first.as_ref().is_none_or(|f| i.first_seen < *f);
            if earlier {
                self.first = Some(i.first_seen.clone());
            }
        }
        if self.last.as_ref().is_none_or(|l| i.last_seen > *l) && !i.last_seen.is_empty() {
            self.last = Some(i.last_seen.clone());
        }
        self.users.extend(i.users.iter().cloned());
        self.ips.insert(ip);
        self.detectors.extend(i.detectors.iter().cloned());
    }

    fn row(self, kind: &str, value: String) -> SharedInfra {
        let join = |s: BTreeSet<String>| s.into_iter().collect::<Vec<_>>().join(";");
        SharedInfra {
            kind: kind.to_string(),
            value,
            asn: self.asn,
            as_org: join(self.as_org),
            network_class: join(self.classes),
            country: join(self.countries),
            tenant_count: self.tenants.len() as u64,
            tenants: self.tenants.into_iter().collect(),
            first_seen: self.first.unwrap_or_default(),
            last_seen: self.last.unwrap_or_default(),
            users: self.users.into_iter().collect(),
            ips: self.ips.iter().map(ToString::to_string).collect(),
            detectors: self.detectors.into_iter().collect(),
        }
    }
}

/// Attacker addresses named in more than one tenant, then attacker networks (ASNs) named
/// in more than one tenant through more than one address: most tenants first, then in
/// address or number order.
pub fn shared_infrastructure(tenants: &[Tenant]) -> Vec<SharedInfra> {
    let mut by_ip: BTreeMap<IpAddr, Seen> = BTreeMap::new();
    let mut by_asn: BTreeMap<u32, Seen> = BTreeMap::new();
    for t in tenants {
        let Outcome::Ran(summary) = &t.outcome else {
            continue;
        };
        for i in summary.attacker_ips() {
            let Ok(ip) = i.value.parse::<IpAddr>() else {
                continue;
            };
            by_ip.entry(ip).or_default().add(&t.id, ip, i);
            if let Some(asn) = i.asn {
                by_asn.entry(asn).or_default().add(&t.id, ip, i);
            }
        }
    }
    let mut ips: Vec<SharedInfra> = by_ip
        .into_iter()
        .filter(|(_, s)| s.tenants.len() > 1)
        .map(|(ip, s)| s.row("ip", ip.to_string()))
        .collect();
    // A network adds to the address rows only when more than one of its addresses is behind
    // it; one shared address is already its own row.
    let mut asns: Vec<SharedInfra> = by_asn
        .into_iter()
        .filter(|(_, s)| s.tenants.len() > 1 && s.ips.len() > 1)
        .map(|(asn, s)| {
            let label = as_label(asn, None);
            s.row("asn", label)
        })
        .collect();
    // Stable sorts keep address and number order within a tenant count.
    ips.sort_by_key(|r| std::cmp::Reverse(r.tenant_count));
    asns.sort_by_key(|r| std::cmp::Reverse(r.tenant_count));
    ips.extend(asns);
    ips
}
