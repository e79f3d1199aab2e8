//! Client-IP text → `IpAddr` (SPEC §3): plain v4/v6, `v4:port`, `[v6]:port`, `::ffff:v4`.
//! Empty and unparsable values are "no IP", never a rejected row.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Result of parsing client-IP text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParsedIp {
    /// A usable address (IPv4-mapped IPv6 unwrapped to IPv4).
    Ip(IpAddr),
    /// Nothing there (empty, whitespace, `null`, `-`).
    Empty,
    /// Something that is not an address (`LOCAL`, garbage).
    Invalid,
}

/// Parse every client-IP form found in exports.
pub fn parse_client_ip(raw: &str) -> ParsedIp {
    let s = raw.trim().trim_matches('"');
    if s.is_empty() || s == "-" || s.eq_ignore_ascii_case("null") {
        return ParsedIp::Empty;
    }
    match parse_inner(s) {
        Some(ip) => ParsedIp::Ip(unmap(ip)),
        None => ParsedIp::Invalid,
    }
}

/// Parse IP text; `Some` only for a real address. Convenience for callers that
/// do not care why a value was rejected.
pub fn parse_ip(raw: &str) -> Option<IpAddr> {
    match parse_client_ip(raw) {
        ParsedIp::Ip(ip) => Some(ip),
        _ => None,
    }
}

fn parse_inner(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    // `[v6]:port` or `[v6]`
    if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        return rest[..end].parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    // `a.b.c.d:port`
    if let Some((host, port)) = s.rsplit_once(':')
        && port.chars().all(|c| c.is_ascii_digit())
        && !port.is_empty()
        && let Ok(v4) = host.parse::<Ipv4Addr>()
    {
        return Some(IpAddr::V4(v4));
    }
    // v6 with a zone id (`fe80::1%12`)
    if let Some((host, _zone)) = s.split_once('%') {
        return host.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    None
}

/// IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes plain IPv4.
fn unmap(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn every_export_form() {
        let cases = [
            ("203.0.113.7", ip("203.0.113.7")),
            (" 203.0.113.7:63070 ", ip("203.0.113.7")),
            ("[2001:db8::1]:443", ip("2001:db8::1")),
            ("2001:db8::1", ip("2001:db8::1")),
            ("::ffff:203.0.113.7", ip("203.0.113.7")),
            ("FE80::", ip("fe80::")),
            ("fe80::1%12", ip("fe80::1")),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_client_ip(raw), ParsedIp::Ip(want), "{raw}");
        }
    }

    #[test]
    fn empty_and_invalid_are_kept_apart() {
        assert_eq!(parse_client_ip(""), ParsedIp::Empty);
        assert_eq!(parse_client_ip("null"), ParsedIp::Empty);
        assert_eq!(parse_client_ip("LOCAL"), ParsedIp::Invalid);
        assert_eq!(parse_client_ip("1.2.3"), ParsedIp::Invalid);
        assert_eq!(parse_client_ip("1.2.3.4:abc"), ParsedIp::Invalid);
    }
}
