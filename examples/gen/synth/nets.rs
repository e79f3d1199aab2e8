//! The networks the generated tenant's addresses come from: real prefixes of the
//! embedded IP tables, chosen for their network class. Every row names the ASN and class
//! that `mailtrail lookup` gives for it (tests/generator.rs checks them against
//! `mailtrail::enrich::Enricher`, so a data update that reclassifies a range fails a test
//! instead of silently changing what the evaluation measures). The generator never looks
//! anything up itself: the table is the whole truth about where an address is.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What a range is used for in the tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Home broadband in the tenant's country.
    Residential,
    /// Mobile carriers in the tenant's country (CGNAT pools: the address changes often).
    Mobile,
    /// Office egress (business broadband): one NAT address shared by everyone there.
    Office,
    /// The company's VPN concentrator, rented on a hosting ASN.
    CorporateVpn,
    /// Consumer VPN exits (NordVPN, Proton, Mullvad/Surfshark on M247, CDN77 exits).
    ConsumerVpn,
    /// VPS and dedicated-server providers the lists know (attackers' usual hosts).
    Hosting,
    /// A VPS provider no list knows (class `unknown`), like the second wave of the BEC story.
    Unlisted,
    /// Public cloud compute (AWS, GCP): developers' VMs and some attackers' proxies.
    Cloud,
    /// Azure compute: AS8075, which the embedded tables class as `microsoft`.
    AzureVm,
    /// Microsoft's service ranges: the address of server-side records.
    MicrosoftService,
    /// Broadband abroad: travellers' hotels and client sites.
    Foreign,
}

/// One prefix of the table.
#[derive(Debug, Clone, Copy)]
pub struct NetRange {
    /// Short name used in the truth file and in logs of the generator.
    pub name: &'static str,
    /// The prefix, `a.b.c.d/len` or `v6::/len`.
    pub prefix: &'static str,
    /// Origin AS as the embedded table gives it (0 when it has none, e.g. Microsoft IPv6).
    pub asn: u32,
    /// Network class `mailtrail lookup` gives (checked by tests/generator.rs).
    pub class: &'static str,
    /// What the tenant uses it for.
    pub role: Role,
    /// `City, State, CC` for the Entra `Location` column; empty for residential and mobile
    /// ranges, whose location is the user's own city.
    pub place: &'static str,
}

const fn r(
    name: &'static str,
    prefix: &'static str,
    asn: u32,
    class: &'static str,
    role: Role,
    place: &'static str,
) -> NetRange {
    NetRange {
        name,
        prefix,
        asn,
        class,
        role,
        place,
    }
}

use Role::*;

/// Every range the generator draws addresses from, with the ASN and class `mailtrail
/// lookup` gives (data of 2026-06-17; tests/generator.rs checks the first and last host of
/// every /24 against the embedded tables).
#[rustfmt::skip] // a table: one range a line, columns aligned, what it is above it
pub const RANGES: &[NetRange] = &[
    // Home broadband, US: the big cable and fibre ISPs (class isp).
    // Comcast Xfinity, Pacific NW
    r("comcast-1",         "73.96.0.0/14",     7922,   "isp",       Residential,      ""),
    // Comcast Xfinity
    r("comcast-2",         "24.16.0.0/16",     7922,   "isp",       Residential,      ""),
    // Comcast Xfinity, Midwest
    r("comcast-3",         "98.226.0.0/16",    7922,   "isp",       Residential,      ""),
    // Comcast Xfinity
    r("comcast-4",         "71.197.0.0/16",    7922,   "isp",       Residential,      ""),
    // Comcast Xfinity
    r("comcast-5",         "174.50.0.0/16",    7922,   "isp",       Residential,      ""),
    // Charter Spectrum
    r("charter",           "97.80.0.0/16",     20115,  "isp",       Residential,      ""),
    // AT&T Internet
    r("att-1",             "99.100.0.0/16",    7018,   "isp",       Residential,      ""),
    // AT&T Internet
    r("att-2",             "107.200.0.0/16",   7018,   "isp",       Residential,      ""),
    // Verizon Fios
    r("verizon-1",         "71.105.0.0/16",    701,    "isp",       Residential,      ""),
    // Verizon Fios
    r("verizon-2",         "100.8.0.0/16",     701,    "isp",       Residential,      ""),
    // Cox Communications
    r("cox",               "68.100.0.0/16",    22773,  "isp",       Residential,      ""),
    // Frontier Fiber
    r("frontier",          "47.144.0.0/16",    5650,   "isp",       Residential,      ""),
    // Mobile carriers, US (class isp): addresses change between sessions.
    // T-Mobile USA
    r("tmobile-1",         "172.56.0.0/16",    21928,  "isp",       Mobile,           ""),
    // T-Mobile USA
    r("tmobile-2",         "172.58.0.0/16",    21928,  "isp",       Mobile,           ""),
    // Verizon Wireless
    r("vzw-1",             "174.192.0.0/16",   22394,  "isp",       Mobile,           ""),
    // Verizon Wireless
    r("vzw-2",             "174.205.0.0/16",   6167,   "isp",       Mobile,           ""),
    // AT&T Mobility
    r("att-mobility-1",    "166.170.0.0/16",   20057,  "isp",       Mobile,           ""),
    // AT&T Mobility
    r("att-mobility-2",    "107.77.200.0/21",  20057,  "isp",       Mobile,           ""),
    // Office egress: business broadband, one NAT address per office (class isp).
    // Comcast Business
    r("office-comcast",    "50.226.80.0/24",   7922,   "isp",       Office,           ""),
    // AT&T business fibre
    r("office-att",        "12.130.40.0/24",   7018,   "isp",       Office,           ""),
    // The company's VPN concentrator on OVH US (class hosting): used by remote staff from
    // the first day of the data, exactly what a hosting-network rule trips over.
    // OVH US: the corporate VPN concentrator
    r("corp-vpn-ovh",      "51.81.112.0/24",   16276,  "hosting",   CorporateVpn,     "Warrenton, Virginia, US"),
    // Consumer VPN exits (class vpn).
    // NordVPN's own AS
    r("nordvpn-packethub", "185.216.231.0/24", 147049, "vpn",       ConsumerVpn,      "New York, New York, US"),
    // M247: Mullvad, Surfshark, Proton exits
    r("m247-us",           "146.70.100.0/24",  9009,   "vpn",       ConsumerVpn,      "Chicago, Illinois, US"),
    // Proton VPN, Switzerland
    r("proton",            "185.159.157.0/24", 209103, "vpn",       ConsumerVpn,      "Zurich, Zurich, CH"),
    // CDN77/Datacamp VPN exits
    r("datacamp-vpn-1",    "37.19.200.0/24",   212238, "vpn",       ConsumerVpn,      "Dallas, Texas, US"),
    // CDN77/Datacamp VPN exits
    r("datacamp-vpn-2",    "45.134.140.0/24",  212238, "vpn",       ConsumerVpn,      "Atlanta, Georgia, US"),
    // VPS / dedicated hosting the lists know (class hosting).
    // DigitalOcean NYC
    r("digitalocean-nj",   "159.203.120.0/24", 14061,  "hosting",   Hosting,          "Clifton, New Jersey, US"),
    // DigitalOcean
    r("digitalocean-1",    "167.99.0.0/20",    14061,  "hosting",   Hosting,          "North Bergen, New Jersey, US"),
    // DigitalOcean SFO
    r("digitalocean-2",    "164.90.128.0/20",  14061,  "hosting",   Hosting,          "Santa Clara, California, US"),
    // Vultr (The Constant Company)
    r("vultr-1",           "149.28.96.0/20",   20473,  "hosting",   Hosting,          "Piscataway, New Jersey, US"),
    // Vultr
    r("vultr-2",           "45.76.0.0/20",     20473,  "hosting",   Hosting,          "Los Angeles, California, US"),
    // Hetzner Online
    r("hetzner",           "95.216.100.0/24",  24940,  "hosting",   Hosting,          "Helsinki, Uusimaa, FI"),
    // OVH US (same AS as the corporate VPN)
    r("ovh-us",            "51.81.0.0/20",     16276,  "hosting",   Hosting,          "Vint Hill, Virginia, US"),
    // Hostinger VPS
    r("hostinger",         "5.180.60.0/24",    47583,  "hosting",   Hosting,          "London, England, GB"),
    // Datacamp/CDN77 servers
    r("datacamp-hosting",  "89.187.170.0/24",  60068,  "hosting",   Hosting,          "Ashburn, Virginia, US"),
    // VPS providers no list knows (class unknown, reason asn:unlisted).
    // Omegatech LTD
    r("omegatech-de",      "91.92.240.0/24",   202412, "unknown",   Unlisted,         "Frankfurt am Main, Hesse, DE"),
    // Omegatech LTD
    r("omegatech-nl",      "91.92.241.0/24",   202412, "unknown",   Unlisted,         "Amsterdam, North Holland, NL"),
    // Owl Limited
    r("owl-ee",            "194.127.167.0/24", 43357,  "unknown",   Unlisted,         "Tallinn, Harju, EE"),
    // Public cloud compute (class cloud).
    // AWS EC2 us-east-1
    r("aws-use1-a",        "3.80.0.0/14",      14618,  "cloud",     Cloud,            "Ashburn, Virginia, US"),
    // AWS EC2 us-east-1
    r("aws-use1-b",        "54.80.0.0/13",     16509,  "cloud",     Cloud,            "Ashburn, Virginia, US"),
    // Google Cloud us-central1
    r("gcp-us",            "34.70.0.0/16",     396982, "cloud",     Cloud,            "Council Bluffs, Iowa, US"),
    // Azure compute: AS8075, classed microsoft (not cloud) by the embedded tables.
    // Azure East US VMs
    r("azure-eastus",      "52.170.0.0/16",    8075,   "microsoft", AzureVm,          "Boydton, Virginia, US"),
    // Microsoft 365 service ranges: server-side records (class microsoft).
    // Exchange Online (NAM), IPv6
    r("exo-v6",            "2603:10b6::/32",   0,      "microsoft", MicrosoftService, ""),
    // outlook.office365.com
    r("exo-v4",            "52.96.10.0/24",    8075,   "microsoft", MicrosoftService, ""),
    // Broadband abroad, for travellers (class isp).
    // BT
    r("bt-gb",             "86.148.0.0/16",    2856,   "isp",       Foreign,          "London, England, GB"),
    // Deutsche Telekom
    r("dtag-de",           "84.128.0.0/16",    3320,   "isp",       Foreign,          "Frankfurt am Main, Hesse, DE"),
    // Orange
    r("orange-fr",         "90.60.0.0/16",     3215,   "isp",       Foreign,          "Paris, Ile-de-France, FR"),
    // Telefonica de Espana
    r("telefonica-es",     "83.44.0.0/16",     3352,   "isp",       Foreign,          "Madrid, Madrid, ES"),
    // Uninet (Telmex)
    r("telmex-mx",         "189.130.0.0/16",   8151,   "isp",       Foreign,          "Mexico City, Mexico City, MX"),
    // Rogers
    r("rogers-ca",         "99.224.0.0/16",    812,    "isp",       Foreign,          "Toronto, Ontario, CA"),
    // SoftBank
    r("softbank-jp",       "126.200.0.0/16",   17676,  "isp",       Foreign,          "Tokyo, Tokyo, JP"),
];

/// UTC offset in hours of a foreign range's place (travellers keep local hours there).
pub fn foreign_offset(range: &NetRange) -> i64 {
    match range.place.rsplit(", ").next() {
        Some("GB") => 0,
        Some("DE" | "FR" | "ES") => 1,
        Some("MX") => -6,
        Some("CA") => -5,
        Some("JP") => 9,
        _ => 0,
    }
}

/// The ranges with one role, in table order.
pub fn with_role(role: Role) -> Vec<&'static NetRange> {
    RANGES.iter().filter(|r| r.role == role).collect()
}

/// The range with this name (the names are fixed in this file).
pub fn named(name: &str) -> &'static NetRange {
    RANGES
        .iter()
        .find(|r| r.name == name)
        .expect("range names used by the generator are in RANGES")
}

/// Network address and prefix length of a range.
pub fn parse_prefix(prefix: &str) -> (IpAddr, u32) {
    let (addr, len) = prefix
        .split_once('/')
        .expect("RANGES prefixes are written addr/len");
    (
        addr.parse().expect("RANGES prefixes hold valid addresses"),
        len.parse().expect("RANGES prefix lengths are numbers"),
    )
}

/// The `n`-th usable address of a range (wrapping), never the network or broadcast address
/// of an IPv4 prefix.
pub fn address(range: &NetRange, n: u64) -> IpAddr {
    match parse_prefix(range.prefix) {
        (IpAddr::V4(net), len) => {
            let size = 1u64 << (32 - len);
            let host = 1 + n % (size - 2).max(1);
            IpAddr::V4(Ipv4Addr::from(u32::from(net) + host as u32))
        }
        (IpAddr::V6(net), _) => {
            let host = u128::from(n % (1 << 48)) + 1;
            IpAddr::V6(Ipv6Addr::from(u128::from(net) + (host << 16)))
        }
    }
}

/// A concrete address with what the exports say about its network.
#[derive(Debug, Clone, Copy)]
pub struct Addr {
    /// The address.
    pub ip: IpAddr,
    /// Its range (ASN, class, place).
    pub range: &'static NetRange,
    /// For residential and mobile addresses: index of the user's city in `people::CITIES`.
    pub city: Option<usize>,
}

impl Addr {
    /// The `n`-th address of `range`.
    pub fn of(range: &'static NetRange, n: u64, city: Option<usize>) -> Addr {
        Addr {
            ip: address(range, n),
            range,
            city,
        }
    }
}
