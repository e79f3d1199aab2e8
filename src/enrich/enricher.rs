//! [`Enricher`]: answers "what is this IP?" from the embedded tables plus optional
//! overrides, with a per-run cache that is safe to share across rayon threads.
//!
//! Precedence, first match wins:
//! 1. special ranges (private, loopback, link-local, CGNAT, ULA, documentation, …) —
//!    no lookup at all;
//! 2. ASN from `--asn-db` when it has the address, else from the embedded table;
//!    country from `--geo-db` when it has the address, else from the embedded table;
//! 3. class from `--hosting-asns` for that ASN (`override:<file>`);
//! 4. Microsoft 365 address ranges (`table:microsoft-ranges`);
//! 5. embedded ASN classification (`classify::classify_asn`).
//!
//! The cache only memoises this pure function, so it never changes a result.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

use super::asn_table::{AsnTable, CountryTable};
use super::classify::classify_asn;
use super::overrides::{AsnDb, GeoDb, load_hosting_asns, override_reason};
use super::special::{canonical, microsoft_range, special_range};
use super::{EnrichError, EnrichOptions, NetClass, NetInfo};

const SHARDS: usize = 16;
/// Entries per shard; beyond this new answers are computed but not stored, so memory
/// stays bounded on inputs with millions of distinct IPs.
const SHARD_CAPACITY: usize = 16 * 1024;

/// IP enrichment for one run: embedded data, overrides and a cache.
pub struct Enricher {
    asn_db: Option<AsnDb>,
    hosting: HashMap<u32, NetClass>,
    hosting_reason: String,
    geo_db: Option<GeoDb>,
    cache: [Mutex<HashMap<IpAddr, NetInfo>>; SHARDS],
}

impl std::fmt::Debug for Enricher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enricher")
            .field("asn_db", &self.asn_db.is_some())
            .field("hosting_overrides", &self.hosting.len())
            .field("geo_db", &self.geo_db.is_some())
            .finish()
    }
}

impl Enricher {
    /// Loads the override files named in `opts` and decodes the embedded tables (in
    /// parallel, so the first lookup does not pay for them).
    pub fn new(opts: &EnrichOptions) -> Result<Enricher, EnrichError> {
        std::thread::scope(|s| {
            s.spawn(CountryTable::embedded);
            AsnTable::embedded();
        });
        let asn_db = opts.asn_db.as_deref().map(AsnDb::open).transpose()?;
        let geo_db = opts.geo_db.as_deref().map(GeoDb::open).transpose()?;
        let hosting = opts
            .hosting_asns
            .as_deref()
            .map(load_hosting_asns)
            .transpose()?;
        let hosting_reason = opts
            .hosting_asns
            .as_deref()
            .map(override_reason)
            .unwrap_or_default();
        Ok(Enricher {
            asn_db,
            hosting: hosting.unwrap_or_default(),
            hosting_reason,
            geo_db,
            cache: std::array::from_fn(|_| Mutex::new(HashMap::new())),
        })
    }

    /// Everything known about `ip`. IPv4-mapped IPv6 addresses are unwrapped first.
    pub fn lookup(&self, ip: IpAddr) -> NetInfo {
        let shard = &self.cache[shard_of(ip)];
        if let Some(hit) = shard
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&ip)
        {
            return hit.clone();
        }
        let info = self.compute(ip);
        let mut map = shard.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() < SHARD_CAPACITY {
            map.insert(ip, info.clone());
        }
        info
    }

    /// The uncached answer for `ip` (what [`Enricher::lookup`] memoises).
    pub fn compute(&self, ip: IpAddr) -> NetInfo {
        let ip = canonical(ip);
        if let Some((class, reason)) = special_range(ip) {
            return NetInfo {
                asn: None,
                as_org: None,
                class,
                class_reason: reason.to_owned(),
                country: None,
            };
        }
        let (asn, as_org) = self.asn_of(ip);
        let (class, class_reason) = self.class_of(ip, asn, as_org.as_deref());
        NetInfo {
            asn,
            as_org,
            class,
            class_reason,
            country: self.country_of(ip),
        }
    }

    fn asn_of(&self, ip: IpAddr) -> (Option<u32>, Option<String>) {
        let embedded = AsnTable::embedded();
        if let Some((asn, org)) = self.asn_db.as_ref().and_then(|db| db.lookup(ip)) {
            let org = org.or_else(|| embedded.name_of(asn).map(str::to_owned));
            return (Some(asn), org);
        }
        match embedded.lookup(ip) {
            Some((asn, org)) => (Some(asn), Some(org.to_owned()).filter(|o| !o.is_empty())),
            None => (None, None),
        }
    }

    /// Like [`Enricher::lookup`], but when the source itself named the ASN (Entra sign-in
    /// logs carry `autonomousSystemNumber`) and it differs from the table's, the source's
    /// ASN wins: it was right at sign-in time, the table may be months older.
    pub fn lookup_with_source_asn(&self, ip: IpAddr, source_asn: Option<u32>) -> NetInfo {
        let info = self.lookup(ip);
        let Some(asn) = source_asn else { return info };
        if info.asn == Some(asn) || special_range(canonical(ip)).is_some() {
            return info;
        }
        let org = AsnTable::embedded().name_of(asn).map(str::to_owned);
        let (class, class_reason) = self.class_of(canonical(ip), Some(asn), org.as_deref());
        NetInfo {
            asn: Some(asn),
            as_org: org,
            class,
            class_reason,
            country: info.country,
        }
    }

    fn country_of(&self, ip: IpAddr) -> Option<String> {
        self.geo_db
            .as_ref()
            .and_then(|db| db.lookup(ip))
            .or_else(|| CountryTable::embedded().lookup(ip).map(str::to_owned))
    }

    fn class_of(&self, ip: IpAddr, asn: Option<u32>, org: Option<&str>) -> (NetClass, String) {
        if let Some(class) = asn.and_then(|a| self.hosting.get(&a)) {
            return (*class, self.hosting_reason.clone());
        }
        if microsoft_range(ip) {
            return (NetClass::Microsoft, "table:microsoft-ranges".to_owned());
        }
        match asn {
            Some(asn) => {
                let (class, reason) = classify_asn(asn, org);
                (class, reason.into_owned())
            }
            None => (NetClass::Unknown, "asn:none".to_owned()),
        }
    }
}

fn shard_of(ip: IpAddr) -> usize {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ip.hash(&mut h);
    (h.finish() as usize) % SHARDS
}

#[cfg(test)]
#[path = "enricher_tests.rs"]
mod tests;
