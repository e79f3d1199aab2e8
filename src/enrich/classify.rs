//! Network class of an autonomous system, from embedded data only (SPEC §5).
//!
//! Order of precedence (first match wins), each answer carrying its reason:
//! 1. hand-made tables in this file: Microsoft ASNs (`table:microsoft`), security
//!    vendors' egress (`table:security-vendor`), big clouds (`table:cloud`), major
//!    residential/mobile ISPs (`table:isp`);
//! 2. the curated list `assets/hosting_asns.csv` (`list:<source tags>`);
//! 3. a tokenised keyword heuristic on the AS organisation name (`name:<keyword>`);
//! 4. otherwise `unknown` (`asn:unlisted`).
//!
//! Address-level rules (private ranges, Microsoft 365 prefixes) and user overrides are
//! applied by the `Enricher` before this; this file never looks at an IP address.
//! `scripts/measure-name-heuristic` reads the keyword arrays below from this file, so
//! keep them as plain `&[&str]` literals.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use super::NetClass;

/// The curated hosting/VPN/cloud ASN list (copied from shared/data/hosting-asns.csv;
/// provenance and licences in assets/PROVENANCE.md).
pub static EMBEDDED_HOSTING_CSV: &str = include_str!("../../assets/hosting_asns.csv");

/// Microsoft's own ASNs (names verified in the embedded ASN data, 2026-06-17).
/// AS8075 also carries Azure compute; Microsoft class wins over the curated `cloud`.
const MICROSOFT_ASNS: &[u32] = &[
    3598, 5761, 6182, 8068, 8069, 8070, 8071, 8075, 12076, 17144, 30520, 35106, 45139, 46182,
    54396, 58862, 59067, 63314, 200517,
];

/// Corporate egress / mail-security clouds that act on users' behalf (names verified in
/// the embedded data): Zscaler, Netskope, Proofpoint, Mimecast, Cisco IronPort and
/// Umbrella, Palo Alto Networks, Forcepoint, Symantec MessageLabs, Skyhigh, Menlo,
/// iboss, Cato, Check Point, Barracuda, Trend Micro, Fortinet, Versa, Lookout, Sophos.
/// (AS30214, sometimes listed for IronPort, is absent from the data.)
const SECURITY_VENDOR_ASNS: &[u32] = &[
    22616, 53444, 53813, 62044, 62907, // Zscaler
    55256, // Netskope
    13916, 22843, 26211, 52129, // Proofpoint
    30031, 33538, 37235, 39588, 42427, 60492, 136792, 208638, // Mimecast
    16417, 30215, 30238, 40427, 25605, 36692, // Cisco IronPort, Cisco OpenDNS/Umbrella
    2763, 54538, 64280, 396421, // Palo Alto Networks (Prisma Access)
    7598, 13448, 42465, 43251, 44444, // Forcepoint
    7583, 14600, 62654, // Symantec MessageLabs, Skyhigh Security, Menlo Security
    137922, 202276, 396253, 13150, 138627, // iboss, Cato Networks
    25046, 30343, 31997, 32106, 40344, 153913, 213176, 398391, 400883, // Check Point
    15324, 16880, 132229, // Barracuda, Trend Micro
    40934, 53928, 200589, 133374, 198365, 400318, // Fortinet, Versa Networks
    26918, 58976, 399342, // Lookout, Sophos
];

/// Hyperscale / big IaaS clouds: AWS, Google, Oracle OCI, Alibaba, Tencent, IBM Cloud,
/// Cloudflare (names verified in the embedded data).
const CLOUD_ASNS: &[u32] = &[
    16509, 14618, 8987, 9059, 7224, 62785, // Amazon / AWS
    15169, 396982, 19527, 36040, 36492, 43515, 139070, 139190, // Google / GCP
    31898,  // Oracle Cloud Infrastructure
    45102, 37963, 134963, 24429, // Alibaba
    132203, 45090, 133478, // Tencent
    36351,  // IBM Cloud
    13335, 14789, 132892, 139242, 202623, 203898, 209242, 394536, 395747,
    400095, // Cloudflare
];

/// Major residential and mobile ISPs (the 54-carrier negative check in
/// shared/research/ip-data.md §2.3 plus a few more; names verified in the data).
const ISP_ASNS: &[u32] = &[
    7922, 701, 6167, 22394, 7018, 20057, 21928, 20115, 11427, 10796, 11351, 12271, 33363, 20001,
    11426, 22773, 5650, 7029, 3320, 3209, 6805, 8881, 12430, 36935, 2856, 5089, 5607, 25135, 13285,
    3215, 12322, 15557, 5410, 3352, 3269, 30722, 1136, 33915, 3303, 3301, 2119, 5432, 6848, 812,
    577, 855, 852, 5769, 6327, 1221, 4804, 7545, 55836, 45609, 24560, 9498, 4134, 4837, 9808, 9605,
    2516, 17676, 4766, 7552, 28573, 8151, 18881, 26599, 27699, 7303, 6147, 16135, 9121, 8452,
    37457, 29975, 9299, 3758, 4657, 4788, 23693, 7713, 12389, 8359, 25513, 16345, 31213, 8402,
    16202, 206067,
];

/// Words that mark consumer/mobile/telecom operators. They are checked first, and a
/// name containing one is never called hosting (e.g. "VPS Broadband And Telecom…").
pub const ISP_WORDS: &[&str] = &[
    "broadband",
    "cable",
    "cablevision",
    "catv",
    "dsl",
    "adsl",
    "ftth",
    "fiber",
    "fibre",
    "wireless",
    "mobile",
    "cellular",
    "telecom",
    "telekom",
    "telecoms",
    "telecommunication",
    "telecommunications",
    "telecomunicacoes",
    "telecomunicaciones",
    "telekomunikasi",
    "telecomunicazioni",
    "telco",
    "isp",
];

/// Single-token hosting words (matched as whole tokens, not substrings).
pub const HOSTING_WORDS: &[&str] = &[
    "hosting",
    "hoster",
    "host",
    "webhost",
    "webhosting",
    "vps",
    "vds",
    "vserver",
    "server",
    "servers",
    "datacenter",
    "datacentre",
    "datacenters",
    "datacentres",
    "colo",
    "colocation",
];

/// Two-token hosting phrases, written with one space.
pub const HOSTING_PHRASES: &[&str] = &[
    "data center",
    "data centre",
    "data centers",
    "data centres",
    "dedicated server",
    "dedicated servers",
];

/// Weak word: "X Cloud" names are mostly small IaaS providers but also MSP and SaaS
/// clouds (measured in docs/ip-intelligence.md), so they get the lower-scored `cloud`
/// class rather than `hosting`. Counted only when no ISP or hosting word is present.
pub const CLOUD_WORDS: &[&str] = &["cloud"];
/// Words that mark VPN operators.
pub const VPN_WORDS: &[&str] = &["vpn"];
/// Words that mark proxy networks.
pub const PROXY_WORDS: &[&str] = &["proxy", "proxies"];

/// Network class and reason for an ASN from the embedded tables, list and heuristic.
pub fn classify_asn(asn: u32, name: Option<&str>) -> (NetClass, Cow<'static, str>) {
    if let Some((class, reason)) = hand_table(asn) {
        return (class, Cow::Borrowed(reason));
    }
    if let Some((class, reason)) = curated().get(&asn) {
        return (*class, Cow::Owned(reason.clone()));
    }
    if let Some((class, keyword)) = name.and_then(name_heuristic) {
        return (class, Cow::Owned(format!("name:{keyword}")));
    }
    (NetClass::Unknown, Cow::Borrowed("asn:unlisted"))
}

/// Class and reason from the hand-made ASN tables of this file.
pub fn hand_table(asn: u32) -> Option<(NetClass, &'static str)> {
    if MICROSOFT_ASNS.contains(&asn) {
        Some((NetClass::Microsoft, "table:microsoft"))
    } else if SECURITY_VENDOR_ASNS.contains(&asn) {
        Some((NetClass::SecurityVendor, "table:security-vendor"))
    } else if CLOUD_ASNS.contains(&asn) {
        Some((NetClass::Cloud, "table:cloud"))
    } else if ISP_ASNS.contains(&asn) {
        Some((NetClass::Isp, "table:isp"))
    } else {
        None
    }
}

/// Class suggested by the AS organisation name, with the keyword that decided it.
///
/// Tokenised on non-alphanumeric characters and lower-cased, so "Ghost Networks"
/// does not match `host` and "Servers.com" matches `servers`.
pub fn name_heuristic(name: &str) -> Option<(NetClass, &'static str)> {
    let lower = name.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let word = |list: &'static [&'static str]| list.iter().copied().find(|w| tokens.contains(w));
    if let Some(w) = word(ISP_WORDS) {
        return Some((NetClass::Isp, w));
    }
    if let Some(w) = word(VPN_WORDS) {
        return Some((NetClass::Vpn, w));
    }
    if let Some(w) = word(PROXY_WORDS) {
        return Some((NetClass::Proxy, w));
    }
    let phrase = HOSTING_PHRASES.iter().copied().find(|p| {
        tokens
            .windows(2)
            .any(|pair| p.split_once(' ') == Some((pair[0], pair[1])))
    });
    if let Some(w) = word(HOSTING_WORDS).or(phrase) {
        return Some((NetClass::Hosting, w));
    }
    word(CLOUD_WORDS).map(|w| (NetClass::Cloud, w))
}

/// Parses a class name as used in outputs and in `--hosting-asns` files.
pub fn parse_class(text: &str) -> Option<NetClass> {
    let all = [
        NetClass::Hosting,
        NetClass::Vpn,
        NetClass::Proxy,
        NetClass::Cloud,
        NetClass::Microsoft,
        NetClass::SecurityVendor,
        NetClass::Isp,
        NetClass::Private,
        NetClass::Reserved,
        NetClass::Unknown,
    ];
    let text = text.trim().to_ascii_lowercase().replace('_', "-");
    all.into_iter().find(|c| c.as_str() == text)
}

/// The curated list, parsed once: ASN → (class, `list:<tags>`).
fn curated() -> &'static HashMap<u32, (NetClass, String)> {
    static LIST: OnceLock<HashMap<u32, (NetClass, String)>> = OnceLock::new();
    LIST.get_or_init(|| parse_curated(EMBEDDED_HOSTING_CSV))
}

/// Parses `asn,name,category,source` rows; rows that do not parse are skipped (the
/// file is embedded and checked by a unit test, so none are expected).
fn parse_curated(text: &str) -> HashMap<u32, (NetClass, String)> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = HashMap::new();
    for record in reader.records().flatten() {
        let asn = record.get(0).and_then(|a| a.trim().parse::<u32>().ok());
        let class = record.get(2).and_then(parse_class);
        let tags = record.get(3).unwrap_or("").replace(';', "+");
        if let (Some(asn), Some(class)) = (asn, class) {
            out.insert(asn, (class, format!("list:{tags}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curated_list_parses_completely() {
        let rows = EMBEDDED_HOSTING_CSV.lines().count() - 1;
        assert_eq!(curated().len(), rows);
        assert_eq!(rows, 1727);
    }

    #[test]
    fn precedence_tables_then_list_then_name() {
        // AS8075 is `cloud` in the curated list; the Microsoft table wins.
        assert_eq!(
            classify_asn(8075, None),
            (NetClass::Microsoft, "table:microsoft".into())
        );
        // AS16417 (IronPort) is `hosting` in the curated list; the vendor table wins.
        assert_eq!(classify_asn(16417, None).0, NetClass::SecurityVendor);
        assert_eq!(classify_asn(15169, None).0, NetClass::Cloud);
        assert_eq!(
            classify_asn(7922, None),
            (NetClass::Isp, "table:isp".into())
        );
        let (class, reason) = classify_asn(14061, Some("DigitalOcean, LLC"));
        assert_eq!(class, NetClass::Hosting);
        assert_eq!(reason, "list:brianhama+oxl-hosting+x4bnet-datacenter");
        assert_eq!(classify_asn(9009, None).0, NetClass::Vpn);
        let (class, reason) = classify_asn(4_200_000_000, Some("Example Hosting Ltd"));
        assert_eq!(
            (class, reason.as_ref()),
            (NetClass::Hosting, "name:hosting")
        );
        assert_eq!(
            classify_asn(4_200_000_000, Some("Acme Corp")).0,
            NetClass::Unknown
        );
    }

    #[test]
    fn name_heuristic_is_tokenised() {
        let h = |n| name_heuristic(n);
        assert_eq!(h("Servers.com, Inc."), Some((NetClass::Hosting, "servers")));
        assert_eq!(
            h("Henderson Data Centre"),
            Some((NetClass::Hosting, "data centre"))
        );
        assert_eq!(h("GhostFiber LLC"), None);
        assert_eq!(h("Ghosty Networks"), None);
        assert_eq!(h("Cloud 9 Wireless"), Some((NetClass::Isp, "wireless")));
        assert_eq!(
            h("VPS Broadband And Telecommunications"),
            Some((NetClass::Isp, "broadband"))
        );
        assert_eq!(h("Clever Cloud SAS"), Some((NetClass::Cloud, "cloud")));
        assert_eq!(
            h("Free Range Cloud Hosting Inc"),
            Some((NetClass::Hosting, "hosting"))
        );
        assert_eq!(h("Example VPN Ltd"), Some((NetClass::Vpn, "vpn")));
        assert_eq!(
            h("Comcast Cable Communications, LLC"),
            Some((NetClass::Isp, "cable"))
        );
        assert_eq!(h("Microsoft Corporation"), None);
    }

    #[test]
    fn class_names_round_trip() {
        assert_eq!(
            parse_class("Security_Vendor"),
            Some(NetClass::SecurityVendor)
        );
        assert_eq!(parse_class(" hosting "), Some(NetClass::Hosting));
        assert_eq!(parse_class("evil"), None);
    }
}
