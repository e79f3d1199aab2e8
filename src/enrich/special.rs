//! Address ranges classed by prefix alone, before (or instead of) any ASN lookup:
//! private/reserved special-purpose space (IANA registries, RFC 6890) and Microsoft's
//! published Microsoft 365 service ranges, which the ASN data partly lacks.
//!
//! Pure tables and prefix matching; no data files and no ASN logic here.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::NetClass;

/// An IPv4 prefix `(network, length)`.
type V4Net = (u32, u8);
/// An IPv6 prefix `(network, length)`.
type V6Net = (u128, u8);

const fn v4(a: u8, b: u8, c: u8, d: u8, len: u8) -> V4Net {
    (u32::from_be_bytes([a, b, c, d]), len)
}

const fn v6(segments: [u16; 8], len: u8) -> V6Net {
    let mut n = 0u128;
    let mut i = 0;
    while i < 8 {
        n = (n << 16) | segments[i] as u128;
        i += 1;
    }
    (n, len)
}

/// IPv4 special-purpose space, most specific first where prefixes nest.
const SPECIAL_V4: &[(V4Net, NetClass, &str)] = &[
    (v4(10, 0, 0, 0, 8), NetClass::Private, "range:private"),
    (v4(172, 16, 0, 0, 12), NetClass::Private, "range:private"),
    (v4(192, 168, 0, 0, 16), NetClass::Private, "range:private"),
    (v4(100, 64, 0, 0, 10), NetClass::Private, "range:cgnat"),
    (v4(127, 0, 0, 0, 8), NetClass::Private, "range:loopback"),
    (
        v4(169, 254, 0, 0, 16),
        NetClass::Private,
        "range:link-local",
    ),
    (v4(0, 0, 0, 0, 8), NetClass::Reserved, "range:this-network"),
    (
        v4(192, 0, 0, 0, 24),
        NetClass::Reserved,
        "range:ietf-protocol",
    ),
    (
        v4(192, 0, 2, 0, 24),
        NetClass::Reserved,
        "range:documentation",
    ),
    (
        v4(198, 51, 100, 0, 24),
        NetClass::Reserved,
        "range:documentation",
    ),
    (
        v4(203, 0, 113, 0, 24),
        NetClass::Reserved,
        "range:documentation",
    ),
    (
        v4(198, 18, 0, 0, 15),
        NetClass::Reserved,
        "range:benchmarking",
    ),
    (
        v4(192, 88, 99, 0, 24),
        NetClass::Reserved,
        "range:6to4-relay",
    ),
    (v4(224, 0, 0, 0, 4), NetClass::Reserved, "range:multicast"),
    (
        v4(255, 255, 255, 255, 32),
        NetClass::Reserved,
        "range:broadcast",
    ),
    (v4(240, 0, 0, 0, 4), NetClass::Reserved, "range:reserved"),
];

/// IPv6 special-purpose space (IPv4-mapped addresses are unwrapped before this).
const SPECIAL_V6: &[(V6Net, NetClass, &str)] = &[
    (
        v6([0, 0, 0, 0, 0, 0, 0, 0], 128),
        NetClass::Reserved,
        "range:unspecified",
    ),
    (
        v6([0, 0, 0, 0, 0, 0, 0, 1], 128),
        NetClass::Private,
        "range:loopback",
    ),
    (
        v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),
        NetClass::Private,
        "range:ula",
    ),
    (
        v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),
        NetClass::Private,
        "range:link-local",
    ),
    (
        v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10),
        NetClass::Private,
        "range:site-local",
    ),
    (
        v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32),
        NetClass::Reserved,
        "range:documentation",
    ),
    (
        v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20),
        NetClass::Reserved,
        "range:documentation",
    ),
    (
        v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8),
        NetClass::Reserved,
        "range:multicast",
    ),
    (
        v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64),
        NetClass::Reserved,
        "range:discard",
    ),
    (
        v6([0x2001, 0x2, 0, 0, 0, 0, 0, 0], 48),
        NetClass::Reserved,
        "range:benchmarking",
    ),
    (
        v6([0, 0, 0, 0, 0, 0, 0, 0], 96),
        NetClass::Reserved,
        "range:ipv4-compatible",
    ),
];

/// Microsoft 365 / Microsoft service ranges.
///
/// Provenance: Microsoft's published "Microsoft 365 URLs and IP address ranges"
/// (https://endpoints.office.com/endpoints/worldwide, Exchange Online, EOP mail flow,
/// SharePoint/OneDrive, Entra ID/identity and Teams categories), written from the
/// published list as known on 2026-11-26 — NOT fetched (no network to microsoft.com
/// from the build machine), so verify against the endpoints service; plus the ARIN allocation `2603:1000::/24` (Microsoft), whose
/// `2603:10xx::` addresses appear as UAL `ClientIP` for Exchange-internal actions but
/// are absent from the ASN data (measured: `2603:10a6:10:1::1` has no row), and the
/// RIPE allocation `2a01:111::/32` (Microsoft). Refresh from the endpoints service.
const MICROSOFT_V4: &[V4Net] = &[
    v4(13, 107, 6, 152, 31),
    v4(13, 107, 18, 10, 31),
    v4(13, 107, 64, 0, 18),
    v4(13, 107, 128, 0, 22),
    v4(13, 107, 136, 0, 22),
    v4(20, 20, 32, 0, 19),
    v4(20, 190, 128, 0, 18),
    v4(20, 231, 128, 0, 19),
    v4(23, 103, 160, 0, 20),
    v4(40, 92, 0, 0, 15),
    v4(40, 96, 0, 0, 13),
    v4(40, 104, 0, 0, 15),
    v4(40, 107, 0, 0, 16),
    v4(40, 108, 128, 0, 17),
    v4(40, 126, 0, 0, 18),
    v4(52, 96, 0, 0, 14),
    v4(52, 100, 0, 0, 14),
    v4(52, 104, 0, 0, 14),
    v4(52, 112, 0, 0, 14),
    v4(52, 122, 0, 0, 15),
    v4(52, 238, 78, 88, 32),
    v4(104, 47, 0, 0, 17),
    v4(104, 146, 128, 0, 17),
    v4(131, 253, 33, 215, 32),
    v4(132, 245, 0, 0, 16),
    v4(150, 171, 32, 0, 22),
    v4(150, 171, 40, 0, 22),
    v4(204, 79, 197, 215, 32),
];

/// IPv6 Microsoft ranges; see [`MICROSOFT_V4`] for provenance. The M365 service
/// prefixes (2603:1006::/40, 2603:1016::/36, 2603:1026::/36, 2603:1036::/36,
/// 2603:1046::/36, 2603:1056::/36, 2603:1061:1300::/40, 2603:1063::/38, …) all lie
/// inside 2603:1000::/24, so the allocation covers them.
const MICROSOFT_V6: &[V6Net] = &[
    v6([0x2603, 0x1000, 0, 0, 0, 0, 0, 0], 24),
    v6([0x2a01, 0x111, 0, 0, 0, 0, 0, 0], 32),
    v6([0x2620, 0x1ec, 0, 0, 0, 0, 0, 0], 36),
];

fn in_v4(ip: u32, (net, len): V4Net) -> bool {
    let mask = if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len))
    };
    ip & mask == net
}

fn in_v6(ip: u128, (net, len): V6Net) -> bool {
    let mask = if len == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(len))
    };
    ip & mask == net
}

/// Unwraps an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) to IPv4; others unchanged.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// Class and reason for private, loopback, link-local, CGNAT, ULA, documentation,
/// multicast and other reserved addresses; `None` for ordinary global addresses.
/// Expects an address already passed through [`canonical`].
pub fn special_range(ip: IpAddr) -> Option<(NetClass, &'static str)> {
    match ip {
        IpAddr::V4(v4) => special_v4(v4),
        IpAddr::V6(v6) => special_v6(v6),
    }
}

fn special_v4(ip: Ipv4Addr) -> Option<(NetClass, &'static str)> {
    let n = u32::from(ip);
    SPECIAL_V4
        .iter()
        .find(|(net, _, _)| in_v4(n, *net))
        .map(|&(_, class, reason)| (class, reason))
}

fn special_v6(ip: Ipv6Addr) -> Option<(NetClass, &'static str)> {
    let n = u128::from(ip);
    SPECIAL_V6
        .iter()
        .find(|(net, _, _)| in_v6(n, *net))
        .map(|&(_, class, reason)| (class, reason))
}

/// True when `ip` lies in one of Microsoft's published service ranges.
pub fn microsoft_range(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => MICROSOFT_V4.iter().any(|&net| in_v4(u32::from(v4), net)),
        IpAddr::V6(v6) => MICROSOFT_V6.iter().any(|&net| in_v6(u128::from(v6), net)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn special(s: &str) -> Option<(NetClass, &'static str)> {
        special_range(canonical(s.parse().expect("test literal is an IP")))
    }

    #[test]
    fn private_and_reserved_ranges() {
        assert_eq!(
            special("10.1.2.3"),
            Some((NetClass::Private, "range:private"))
        );
        assert_eq!(
            special("172.31.255.255"),
            Some((NetClass::Private, "range:private"))
        );
        assert_eq!(special("172.32.0.1"), None);
        assert_eq!(
            special("192.168.0.1"),
            Some((NetClass::Private, "range:private"))
        );
        assert_eq!(
            special("100.64.0.1"),
            Some((NetClass::Private, "range:cgnat"))
        );
        assert_eq!(special("100.128.0.1"), None);
        assert_eq!(
            special("127.0.0.1"),
            Some((NetClass::Private, "range:loopback"))
        );
        assert_eq!(
            special("169.254.1.1"),
            Some((NetClass::Private, "range:link-local"))
        );
        assert_eq!(
            special("192.0.2.7"),
            Some((NetClass::Reserved, "range:documentation"))
        );
        assert_eq!(
            special("224.0.0.251"),
            Some((NetClass::Reserved, "range:multicast"))
        );
        assert_eq!(
            special("255.255.255.255"),
            Some((NetClass::Reserved, "range:broadcast"))
        );
        assert_eq!(special("::1"), Some((NetClass::Private, "range:loopback")));
        assert_eq!(
            special("::"),
            Some((NetClass::Reserved, "range:unspecified"))
        );
        assert_eq!(special("fd00::1"), Some((NetClass::Private, "range:ula")));
        assert_eq!(
            special("fe80::1"),
            Some((NetClass::Private, "range:link-local"))
        );
        assert_eq!(
            special("2001:db8::1"),
            Some((NetClass::Reserved, "range:documentation"))
        );
        assert_eq!(
            special("ff02::1"),
            Some((NetClass::Reserved, "range:multicast"))
        );
        assert_eq!(
            special("::ffff:192.168.1.1"),
            Some((NetClass::Private, "range:private"))
        );
        assert_eq!(special("8.8.8.8"), None);
        assert_eq!(special("2a01:4f8::1"), None);
    }

    #[test]
    fn microsoft_ranges() {
        let ms = |s: &str| microsoft_range(canonical(s.parse().expect("test literal is an IP")));
        assert!(ms("40.107.1.1"));
        assert!(ms("52.96.1.1"));
        assert!(ms("104.47.127.255"));
        assert!(!ms("104.47.128.0"));
        assert!(ms("2603:10a6:10:1::1"));
        assert!(ms("2a01:111:f400::1"));
        assert!(ms("::ffff:40.92.0.1"));
        assert!(!ms("8.8.8.8"));
    }
}
