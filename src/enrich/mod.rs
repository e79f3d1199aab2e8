//! Enrichment stage: adds network facts (ASN, AS organisation, network class, country)
//! to events. Never drops or reorders events. (Stub: filled in by issue 3.)

use serde::Serialize;

/// Network class of an address, each answer carrying a reason (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

/// What enrichment knows about one IP address.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
