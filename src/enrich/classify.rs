//! Network class of an autonomous system, from embedded data only (SPEC §5).
//!
//! Order of precedence (first match wins), each answer carrying its reason:
//! 1. hand-made tables in this file: Microsoft ASNs (`table:microsoft`), security
//!    vendors' egress (`table:security-vendor`), big clouds (`table:cloud`), major
//!    residential/mobile ISPs (`table:isp`);
//! 2. the curated list `assets/hosting_asns.csv` (`list:<source tags>`);
//! 3. a tokenised keyword heuristic on the AS organisation name (`name:<keyword>`):
//!    whole words, then hosting stems glued to a brand (`name:host*`);
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

/// Stems that mark a hosting brand wherever they sit inside a token: AS names glue
/// them to a brand ("IPHOSTER", "HostingInside", "VPSVILLE", "GamingVDS",
/// "ColocationIX"). No ordinary word among the 91,065 embedded AS names contains one;
/// "ghosting" would, and is excluded below.
pub const HOSTING_PARTS: &[&str] = &["hosting", "hoster", "vps", "vds", "colocation"];

/// Stems that mark a hosting brand at the start of a token ("HOSTKEY", "Hostinger",
/// "HostPapa", "SERVERIUS", "DediPath"). Inside a token they mean nothing: "EchoStar",
/// "Shostakovich", "Wasserversorgung", "BlendedIP".
pub const HOSTING_PREFIXES: &[&str] = &["host", "server", "dedi"];

/// Stems that mark a hosting brand at the end of a token ("Rackhost", "Fasthosts",
/// "PlusServer", "FDCservers", "zColo", "firstcolo"). `colo` is a suffix only: as a
/// prefix it is mostly "Colombia", "Colorado" and "Colonial".
pub const HOSTING_SUFFIXES: &[&str] = &["host", "hosts", "server", "servers", "colo"];

/// Whole tokens that carry a stem above at the right place but are ordinary words or
/// names, never hosting brands: "GHOST Telecom", "hostess", "Hostal", "observer",
/// "Piccolo", "Internet Dedicado" (Spanish and Portuguese ISPs sell *dedicated*
/// access; the phrase "dedicated server" is matched by `HOSTING_PHRASES`), "Baker &
/// Hostetler" (a law firm), "HostAway" (holiday-rental software: a host of guests).
pub const NOT_HOSTING_WORDS: &[&str] = &[
    "ghost",
    "ghosts",
    "ghosting",
    "ghoster",
    "hosta",
    "hostas",
    "hostage",
    "hostages",
    "hostal",
    "hostales",
    "hostel",
    "hostels",
    "hostess",
    "hostesses",
    "hostile",
    "hostility",
    "hostetler",
    "hostaway",
    "observer",
    "observers",
    "conserver",
    "preserver",
    "dedicated",
    "dedicado",
    "dedicada",
    "dedica",
    "dedication",
    "piccolo",
    "niccolo",
    "nicolo",
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
/// Tokenised on non-alphanumeric characters and lower-cased, so "Servers.com" matches
/// `servers`. Whole words come first; a hosting stem glued to a brand
/// ([`glued_hosting`]) is tried only when no whole word decided, so its reason
/// (`host*`, `*server`, `*vps*`) shows that the weaker, affix rule fired.
pub fn name_heuristic(name: &str) -> Option<(NetClass, Cow<'static, str>)> {
    let lower = name.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let word = |list: &'static [&'static str]| list.iter().copied().find(|w| tokens.contains(w));
    let whole = |class: NetClass, w: &'static str| Some((class, Cow::Borrowed(w)));
    if let Some(w) = word(ISP_WORDS) {
        return whole(NetClass::Isp, w);
    }
    if let Some(w) = word(VPN_WORDS) {
        return whole(NetClass::Vpn, w);
    }
    if let Some(w) = word(PROXY_WORDS) {
        return whole(NetClass::Proxy, w);
    }
    let phrase = HOSTING_PHRASES.iter().copied().find(|p| {
        tokens
            .windows(2)
            .any(|pair| p.split_once(' ') == Some((pair[0], pair[1])))
    });
    if let Some(w) = word(HOSTING_WORDS).or(phrase) {
        return whole(NetClass::Hosting, w);
    }
    if let Some(stem) = glued_hosting(&tokens) {
        return Some((NetClass::Hosting, Cow::Owned(stem)));
    }
    word(CLOUD_WORDS).and_then(|w| whole(NetClass::Cloud, w))
}

/// The first token that glues a hosting stem to a brand, as the stem with `*` where
/// the brand sits: `*hoster*` (a part), `host*` (a prefix) or `*server` (a suffix).
///
/// Hosting companies name themselves by compounding ("HOSTKEY", "IPHOSTER",
/// "PlusServer"), which whole-word matching misses; ordinary words that carry a stem
/// at the same place are listed in `NOT_HOSTING_WORDS`. Measured in
/// docs/ip-intelligence.md.
fn glued_hosting(tokens: &[&str]) -> Option<String> {
    let glued = |token: &str| {
        let part = HOSTING_PARTS.iter().find(|s| token.contains(**s));
        let prefix = HOSTING_PREFIXES.iter().find(|s| token.starts_with(**s));
        let suffix = HOSTING_SUFFIXES.iter().find(|s| token.ends_with(**s));
        part.map(|s| format!("*{s}*"))
            .or_else(|| prefix.map(|s| format!("{s}*")))
            .or_else(|| suffix.map(|s| format!("*{s}")))
    };
    tokens
        .iter()
        .filter(|t| !NOT_HOSTING_WORDS.contains(t))
        .find_map(|t| glued(t))
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

    /// The heuristic's answer as owned text, for comparing with literals.
    fn h(name: &str) -> Option<(NetClass, String)> {
        name_heuristic(name).map(|(class, keyword)| (class, keyword.into_owned()))
    }

    fn hit(class: NetClass, keyword: &str) -> Option<(NetClass, String)> {
        Some((class, keyword.to_string()))
    }

    #[test]
    fn name_heuristic_is_tokenised() {
        assert_eq!(h("Servers.com, Inc."), hit(NetClass::Hosting, "servers"));
        assert_eq!(
            h("Henderson Data Centre"),
            hit(NetClass::Hosting, "data centre")
        );
        assert_eq!(h("GhostFiber LLC"), None);
        assert_eq!(h("Ghosty Networks"), None);
        assert_eq!(h("Cloud 9 Wireless"), hit(NetClass::Isp, "wireless"));
        assert_eq!(
            h("VPS Broadband And Telecommunications"),
            hit(NetClass::Isp, "broadband")
        );
        assert_eq!(h("Clever Cloud SAS"), hit(NetClass::Cloud, "cloud"));
        assert_eq!(
            h("Free Range Cloud Hosting Inc"),
            hit(NetClass::Hosting, "hosting")
        );
        assert_eq!(h("Example VPN Ltd"), hit(NetClass::Vpn, "vpn"));
        assert_eq!(
            h("Comcast Cable Communications, LLC"),
            hit(NetClass::Isp, "cable")
        );
        assert_eq!(h("Microsoft Corporation"), None);
    }

    #[test]
    fn glued_hosting_brands_are_hosting() {
        // Real AS names from the embedded table.
        let cases = [
            ("IPHOSTER OU", "*hoster*"),
            ("HostingInside LTD.", "*hosting*"),
            ("LLC Vpsville", "*vps*"),
            ("GamingVDS Bayram Coskun", "*vds*"),
            ("CentralIX ColocationIX GmbH", "*colocation*"),
            ("HOSTKEY B.V.", "host*"),
            ("Hostinger International Limited", "*hosting*"),
            ("HostPapa", "host*"),
            ("HOSTGNOME LTD", "host*"),
            ("Serverius Holding B.V.", "server*"),
            ("DediPath", "dedi*"),
            ("Rackhost Zrt.", "*host"),
            ("Fasthosts Internet Limited", "*hosts"),
            ("PlusServer GmbH", "*server"),
            ("FDCservers.net", "*servers"),
            ("zColo", "*colo"),
        ];
        for (name, stem) in cases {
            assert_eq!(h(name), hit(NetClass::Hosting, stem), "{name}");
        }
    }

    #[test]
    fn ordinary_words_with_a_stem_are_not_hosting() {
        let names = [
            "GHOST",
            "Ghostnet GmbH",
            "GHOST Telecom",
            "HOSTESS",
            "Hostal Las Palmas",
            "Elderhostel, Inc.",
            "Shostakovich Conservatory",
            "Phosphor Networks",
            "Echostar Broadcasting Corporation",
            "Observer Media",
            "Conserver Group",
            "Reserve Bank",
            "Wasserversorgung Bayerischer Wald",
            "BlendedIP LLC",
            "Colombia Movil",
            "University of Colorado at Boulder",
            "Piccolo Andrea trading as Digisat",
            "Dedicated Freight Corridor Corporation of India Limited",
            "Baker & Hostetler, LLP",
            "HostAway Pty Ltd",
            "Deutsche Telekom AG",
            "Verizon Business",
        ];
        for name in names {
            let class = h(name).map(|(class, _)| class);
            assert_ne!(class, Some(NetClass::Hosting), "{name}");
        }
        // An ISP word still wins over a glued stem, as it does over a whole word.
        assert_eq!(
            h("FiveHost-Telecom Association FIVEHOST"),
            hit(NetClass::Isp, "telecom")
        );
        assert_eq!(
            h("INALAMBRICO DEDICADO S.A. DE C.V."),
            None,
            "Spanish 'dedicated' access is not hosting"
        );
    }

    #[test]
    fn whole_words_win_over_glued_stems() {
        // "Hostmania Cloud": the glued stem beats the weak `cloud` word.
        assert_eq!(h("Hostmania Cloud SRL"), hit(NetClass::Hosting, "host*"));
        assert_eq!(
            h("LIVEHOSTING DATACENTER SRL"),
            hit(NetClass::Hosting, "datacenter")
        );
        let (class, reason) = classify_asn(4_200_000_000, Some("IPHOSTER OU"));
        assert_eq!(
            (class, reason.as_ref()),
            (NetClass::Hosting, "name:*hoster*")
        );
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
