//! Enrichment stage: adds network facts (ASN, AS organisation, network class, country)
//! to IP addresses (SPEC §5). Never drops or reorders events; takes plain `IpAddr`s and
//! depends on nothing outside `crate::enrich`.
//!
//! Data: an embedded IP→ASN table and IP→country table (`asn_table`), the curated
//! hosting ASN list and hand-made tables (`classify`), special ranges (`special`), and
//! optional user overrides (`overrides`). [`Enricher`] ties them together with a
//! per-run cache. See docs/ip-intelligence.md for sources, precedence and limits.

mod apply;
pub mod asn_table;
pub mod classify;
mod enricher;
pub mod lookup_cmd;
pub mod overrides;
pub mod range_table;
pub mod special;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use enricher::Enricher;

/// Credits for the embedded data sources (shown by `--version` and in the README).
pub const DATA_CREDITS: &str = "IP-to-ASN data: RouteViews (routeviews.org), NRO and the five \
RIRs (nro.net), and DB-IP \"IP to ASN Lite\" (https://db-ip.com), CC BY 4.0, merged by \
ip-location-db (npm @ip-location-db/asn 2.3.2026061719, data of 2026-06-17). IP-to-country \
data: \"IP Geolocation by DB-IP\" (https://db-ip.com), CC BY 4.0 (npm \
@ip-location-db/dbip-country 2.3.2026060120, data of 2026-06-01). Hosting/VPN ASN selection: \
X4BNet lists_vpn and brianhama bad-asn-list (MIT), O-X-L risk-db-lists (BSD-3-Clause). The \
data was converted and compacted for mailtrail; see assets/PROVENANCE.md.";

/// Network class of an address, each answer carrying a reason (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NetClass {
    /// VPS/VDS/dedicated/colocation hosting.
    Hosting,
    /// Commercial VPN exit.
    Vpn,
    /// Anonymising or residential proxy network.
    Proxy,
    /// Large public cloud (AWS, GCP, Azure compute, …).
    Cloud,
    /// Microsoft's own service ranges.
    Microsoft,
    /// Corporate egress of a security vendor (Zscaler, Netskope, …).
    SecurityVendor,
    /// Residential or mobile ISP.
    Isp,
    /// RFC 1918, loopback, link-local, CGNAT, ULA.
    Private,
    /// Documentation, multicast, and other reserved space.
    Reserved,
    /// Not classified.
    Unknown,
}

impl NetClass {
    /// Stable lower-case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            NetClass::Hosting => "hosting",
            NetClass::Vpn => "vpn",
            NetClass::Proxy => "proxy",
            NetClass::Cloud => "cloud",
            NetClass::Microsoft => "microsoft",
            NetClass::SecurityVendor => "security-vendor",
            NetClass::Isp => "isp",
            NetClass::Private => "private",
            NetClass::Reserved => "reserved",
            NetClass::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for NetClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What enrichment knows about one IP address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetInfo {
    /// Autonomous system number, when known.
    pub asn: Option<u32>,
    /// AS organisation name, when known.
    pub as_org: Option<String>,
    /// Network class.
    pub class: NetClass,
    /// Why the class was chosen (`list:<source>`, `name:<keyword>`, `range:private`, …).
    pub class_reason: String,
    /// ISO country code, when known.
    pub country: Option<String>,
}

/// Optional user data that wins over the embedded tables (`--asn-db`,
/// `--hosting-asns`, `--geo-db`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnrichOptions {
    /// GeoLite2-ASN `.mmdb`, iptoasn TSV, or CSV (`network,asn,org` / `start,end,asn,org`).
    pub asn_db: Option<PathBuf>,
    /// CSV `asn,class` (header optional); classes as in [`NetClass::as_str`].
    pub hosting_asns: Option<PathBuf>,
    /// GeoLite2 Country or City `.mmdb`.
    pub geo_db: Option<PathBuf>,
}

/// Why an override file could not be used. Messages name the file (and line) and say
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum EnrichError {
    /// The file could not be read.
    #[error("{}: cannot read the file given to {flag}: {source}; check the path", path.display())]
    Read {
        /// The command-line flag the file came from.
        flag: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A MaxMind DB file could not be opened.
    #[error(
        "{}: not a usable MaxMind DB ({reason}); pass {expected} to {flag}",
        path.display()
    )]
    Mmdb {
        /// The command-line flag the file came from.
        flag: &'static str,
        /// The file.
        path: PathBuf,
        /// What the reader reported.
        reason: String,
        /// What the flag accepts.
        expected: &'static str,
    },
    /// One row of a text file is malformed.
    #[error("{}:{line}: {reason}; fix or remove the row in the file given to {flag}", path.display())]
    BadRow {
        /// The command-line flag the file came from.
        flag: &'static str,
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong with the row.
        reason: String,
    },
    /// The file parsed but held no usable rows.
    #[error("{}: no usable rows in the file given to {flag}; expected {expected}", path.display())]
    Empty {
        /// The command-line flag the file came from.
        flag: &'static str,
        /// The file.
        path: PathBuf,
        /// What the file should contain.
        expected: &'static str,
    },
}
