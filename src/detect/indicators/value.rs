//! Indicator kinds and their values: parsed and normalised once, whichever file shape
//! they came from, with an error that says what a good value looks like. Defanged values
//! (`evil[.]example`, `name[@]evil.example`) are refanged first, as threat reports write
//! them that way.

use std::net::IpAddr;

/// What an indicator names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// One IP address.
    Ip,
    /// An IP network.
    Cidr,
    /// An autonomous system.
    Asn,
    /// A domain and its subdomains.
    Domain,
    /// One e-mail address.
    Email,
    /// A user agent (whole string, case-insensitive).
    UserAgent,
    /// An application (client) id.
    AppId,
    /// A device name.
    DeviceName,
}

/// Every kind, in the order the docs and messages list them.
pub const KINDS: [Kind; 8] = [
    Kind::Ip,
    Kind::Cidr,
    Kind::Asn,
    Kind::Domain,
    Kind::Email,
    Kind::UserAgent,
    Kind::AppId,
    Kind::DeviceName,
];

impl Kind {
    /// The CSV `type` name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ip => "ip",
            Kind::Cidr => "cidr",
            Kind::Asn => "asn",
            Kind::Domain => "domain",
            Kind::Email => "email",
            Kind::UserAgent => "user_agent",
            Kind::AppId => "app_id",
            Kind::DeviceName => "device_name",
        }
    }

    /// A CSV `type` (case-insensitive; `-` may stand for `_`).
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        KINDS.into_iter().find(|k| k.as_str() == s)
    }

    /// `ip, cidr, asn, …` for error messages.
    pub fn names() -> String {
        KINDS.map(Kind::as_str).join(", ")
    }
}

/// A value in the form the matcher keys it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// An address.
    Ip(IpAddr),
    /// A network: its (masked) address and prefix length.
    Net(IpAddr, u8),
    /// An AS number.
    Asn(u32),
    /// Normalised text (lower-case, or upper-case for device names).
    Text(String),
}

/// Parse and normalise a value of `kind`: the text shown for it and its parsed form, or
/// what is wrong with it and what a good one looks like.
pub fn normalise(kind: Kind, raw: &str) -> Result<(String, Parsed), String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("empty value: give the indicator's value, or delete the line".into());
    }
    match kind {
        Kind::Ip => ip(raw),
        Kind::Cidr => cidr(raw),
        Kind::Asn => asn(raw).map(|a| (a.to_string(), Parsed::Asn(a))),
        Kind::Domain => domain(raw),
        Kind::Email => email(raw),
        Kind::UserAgent => Ok((raw.to_string(), Parsed::Text(raw.to_lowercase()))),
        Kind::AppId => app_id(raw),
        Kind::DeviceName => Ok((raw.to_string(), Parsed::Text(raw.to_uppercase()))),
    }
}

/// `evil[.]example` → `evil.example`.
fn refang(s: &str) -> String {
    s.replace("[.]", ".")
        .replace("(.)", ".")
        .replace("[:]", ":")
        .replace("[@]", "@")
}

fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

fn ip(raw: &str) -> Result<(String, Parsed), String> {
    let s = refang(raw);
    if s.contains('/') {
        return Err(format!(
            "'{raw}' is a network, not one address: give it the type cidr"
        ));
    }
    let ip = parse_ip(&s).ok_or_else(|| {
        format!("'{raw}' is not an IP address: write it as 203.0.113.7 or 2001:db8::7")
    })?;
    Ok((ip.to_string(), Parsed::Ip(ip)))
}

fn cidr(raw: &str) -> Result<(String, Parsed), String> {
    let bad = || {
        format!(
            "'{raw}' is not an IP network: write it as 203.0.113.0/24 or 2001:db8::/32 \
             (a plain address is a /32 or /128)"
        )
    };
    let s = refang(raw);
    let (a, p) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s.as_str(), None),
    };
    let addr = parse_ip(a.trim()).ok_or_else(bad)?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix = match p {
        Some(p) => p
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(bad)?,
        None => max,
    };
    let net = mask(addr, prefix);
    Ok((format!("{net}/{prefix}"), Parsed::Net(net, prefix)))
}

/// The network address of `addr` under `prefix` (host bits cleared).
pub fn mask(addr: IpAddr, prefix: u8) -> IpAddr {
    match addr {
        IpAddr::V4(a) => {
            let m = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4((u32::from(a) & m).into())
        }
        IpAddr::V6(a) => {
            let m = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6((u128::from(a) & m).into())
        }
    }
}

/// `AS14061`, `ASN 14061`, `as14061` or `14061`.
pub fn asn(raw: &str) -> Result<u32, String> {
    let s = raw.trim();
    let upper = s.to_ascii_uppercase();
    let digits = upper
        .strip_prefix("ASN")
        .or_else(|| upper.strip_prefix("AS"))
        .unwrap_or(&upper)
        .trim();
    digits
        .parse::<u32>()
        .ok()
        .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("'{raw}' is not an AS number: write it as AS14061 or 14061"))
}

fn domain(raw: &str) -> Result<(String, Parsed), String> {
    let s = refang(raw).to_lowercase();
    let s = s
        .trim()
        .trim_start_matches("*.")
        .trim_start_matches('.')
        .trim_end_matches('.');
    let ok = s.contains('.')
        && !s.starts_with('-')
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == '_')
        && !s.split('.').any(str::is_empty);
    if !ok {
        return Err(format!(
            "'{raw}' is not a domain name: write it as evil.example (subdomains match too)"
        ));
    }
    Ok((s.to_string(), Parsed::Text(s.to_string())))
}

fn email(raw: &str) -> Result<(String, Parsed), String> {
    let s = refang(raw).to_lowercase();
    let s = s
        .trim()
        .trim_start_matches("mailto:")
        .trim_start_matches("smtp:");
    let ok = match s.split_once('@') {
        Some((local, dom)) => {
            !local.is_empty()
                && dom.contains('.')
                && !dom.contains('@')
                && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        }
        None => false,
    };
    if !ok {
        return Err(format!(
            "'{raw}' is not an e-mail address: write it as name@evil.example"
        ));
    }
    Ok((s.to_string(), Parsed::Text(s.to_string())))
}

fn app_id(raw: &str) -> Result<(String, Parsed), String> {
    let s = raw
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase();
    let groups: Vec<&str> = s.split('-').collect();
    let ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    if !ok {
        return Err(format!(
            "'{raw}' is not an application id: write the GUID as \
             00000002-0000-0ff1-ce00-000000000000"
        ));
    }
    Ok((s.clone(), Parsed::Text(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(kind: Kind, raw: &str) -> String {
        normalise(kind, raw).unwrap().0
    }

    #[test]
    fn values_are_normalised() {
        assert_eq!(shown(Kind::Ip, " ::ffff:203.0.113.7 "), "203.0.113.7");
        assert_eq!(shown(Kind::Ip, "203.0.113[.]7"), "203.0.113.7");
        assert_eq!(shown(Kind::Cidr, "203.0.113.9/24"), "203.0.113.0/24");
        assert_eq!(shown(Kind::Cidr, "2001:DB8::1/32"), "2001:db8::/32");
        assert_eq!(shown(Kind::Cidr, "203.0.113.9"), "203.0.113.9/32");
        assert_eq!(shown(Kind::Asn, "AS14061"), "14061");
        assert_eq!(shown(Kind::Asn, "asn 14061"), "14061");
        assert_eq!(shown(Kind::Asn, "14061"), "14061");
        assert_eq!(shown(Kind::Domain, "*.Evil[.]Example."), "evil.example");
        assert_eq!(
            shown(Kind::Email, "SMTP:Boss@Evil.Example"),
            "boss@evil.example"
        );
        assert_eq!(
            shown(Kind::AppId, "{E9A7FEA1-1CC0-4CD9-A31B-9137CA5DEEDD}"),
            "e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd"
        );
        assert_eq!(
            shown(Kind::DeviceName, " WIN-BUNS25TD77J "),
            "WIN-BUNS25TD77J"
        );
        assert_eq!(Kind::parse("User-Agent"), Some(Kind::UserAgent));
    }

    #[test]
    fn bad_values_say_what_a_good_one_looks_like() {
        let err = |k, v| normalise(k, v).unwrap_err();
        assert!(err(Kind::Ip, "203.0.113.0/24").contains("give it the type cidr"));
        assert!(err(Kind::Ip, "203.0.113.300").contains("203.0.113.7"));
        assert!(err(Kind::Cidr, "203.0.113.0/33").contains("not an IP network"));
        assert!(err(Kind::Asn, "AS14O61").contains("AS14061 or 14061"));
        assert!(err(Kind::Asn, "+14061").contains("not an AS number"));
        assert!(err(Kind::Domain, "evil").contains("not a domain name"));
        assert!(err(Kind::Domain, "a@evil.example").contains("not a domain name"));
        assert!(err(Kind::Email, "evil.example").contains("not an e-mail address"));
        assert!(err(Kind::AppId, "eM Client").contains("not an application id"));
        assert!(err(Kind::UserAgent, "  ").starts_with("empty value"));
    }
}
