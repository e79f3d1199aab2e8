//! `mailtrail lookup <IP>...`: prints ASN, AS organisation, network class, reason and
//! country for each address, as an aligned table or as JSON (SPEC §2, §5, §7b).
//!
//! Reads IPs from arguments (`-` = one per line from stdin); writes only to the
//! writers it is given. Bad addresses are reported and skipped, never fatal.

use std::io::{self, BufRead, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use super::{Enricher, NetInfo};

/// One `lookup --json` object; field order is the contract (SPEC §7b).
#[derive(Serialize)]
struct LookupRow<'a> {
    ip: String,
    asn: Option<u32>,
    as_org: Option<&'a str>,
    network_class: &'static str,
    reason: &'a str,
    country: Option<&'a str>,
}

/// Parses the IP text forms found in M365 exports: `a.b.c.d`, `a.b.c.d:port`,
/// `[v6]`, `[v6]:port`, bare IPv6 (zone ids like `%eth0` dropped) and
/// `::ffff:a.b.c.d`. Surrounding whitespace is ignored.
pub fn parse_ip_text(text: &str) -> Option<IpAddr> {
    let t = text.trim();
    if let Ok(ip) = t.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = t.strip_prefix('[') {
        let (inner, tail) = rest.split_once(']')?;
        if !(tail.is_empty() || is_port(tail.strip_prefix(':')?)) {
            return None;
        }
        return parse_v6_zoned(inner).map(IpAddr::V6);
    }
    if let Some((host, port)) = t.rsplit_once(':')
        && !host.contains(':')
        && is_port(port)
    {
        return host.parse::<Ipv4Addr>().ok().map(IpAddr::V4);
    }
    parse_v6_zoned(t).map(IpAddr::V6)
}

fn parse_v6_zoned(text: &str) -> Option<Ipv6Addr> {
    let addr = text.split_once('%').map_or(text, |(a, _)| a);
    addr.parse().ok()
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Replaces control, bidi and zero-width characters so untrusted names cannot
/// rewrite the terminal.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi_or_invisible = matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}' | '\u{feff}');
            if c.is_control() || bidi_or_invisible {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// Collects the IPs to look up: arguments, and stdin lines for a `-` argument
/// (blank lines and `#` comments skipped). Bad entries are reported to `err`.
fn collect_ips(
    args: &[String],
    stdin: &mut dyn BufRead,
    err: &mut dyn Write,
) -> io::Result<(Vec<IpAddr>, bool)> {
    let mut ips = Vec::new();
    let mut bad = false;
    let mut take = |text: &str, err: &mut dyn Write| -> io::Result<()> {
        match parse_ip_text(text) {
            Some(ip) => ips.push(ip),
            None => {
                bad = true;
                writeln!(err, "mailtrail: not an IP address: '{}'", clean(text))?;
            }
        }
        Ok(())
    };
    for arg in args {
        if arg != "-" {
            take(arg, err)?;
            continue;
        }
        for line in stdin.lines() {
            let line = line?;
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                take(line, err)?;
            }
        }
    }
    Ok((ips, bad))
}

/// Runs `mailtrail lookup`. Returns `Ok(true)` when any argument or stdin line was
/// not an IP address (the caller turns that into the exit code); the others still
/// print.
pub fn run_lookup(
    args: &[String],
    json: bool,
    enricher: &Enricher,
    stdin: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let (ips, bad) = collect_ips(args, stdin, err)?;
    if args.is_empty() {
        writeln!(
            err,
            "mailtrail: lookup needs at least one IP address (or - to read stdin)"
        )?;
        return Ok(true);
    }
    let infos: Vec<(IpAddr, NetInfo)> = ips.iter().map(|&ip| (ip, enricher.lookup(ip))).collect();
    if json {
        write_json(&infos, out)?;
    } else {
        write_table(&infos, out)?;
    }
    out.flush()?;
    Ok(bad)
}

fn write_json(infos: &[(IpAddr, NetInfo)], out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<LookupRow> = infos
        .iter()
        .map(|(ip, info)| LookupRow {
            ip: ip.to_string(),
            asn: info.asn,
            as_org: info.as_org.as_deref(),
            network_class: info.class.as_str(),
            reason: &info.class_reason,
            country: info.country.as_deref(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}

fn write_table(infos: &[(IpAddr, NetInfo)], out: &mut dyn Write) -> io::Result<()> {
    let header = ["IP", "ASN", "ORG", "CLASS", "REASON", "COUNTRY"].map(String::from);
    let mut rows = vec![header];
    for (ip, info) in infos {
        rows.push([
            ip.to_string(),
            info.asn
                .map_or_else(|| "-".to_owned(), |a| format!("AS{a}")),
            info.as_org.as_deref().map_or_else(|| "-".to_owned(), clean),
            info.class.as_str().to_owned(),
            clean(&info.class_reason),
            info.country.clone().unwrap_or_else(|| "-".to_owned()),
        ]);
    }
    let mut widths = [0usize; 6];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::EnrichOptions;

    fn run(args: &[&str], json: bool, stdin: &str) -> (bool, String, String) {
        let enricher = Enricher::new(&EnrichOptions::default()).expect("no override files");
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let bad = run_lookup(
            &args,
            json,
            &enricher,
            &mut stdin.as_bytes(),
            &mut out,
            &mut err,
        )
        .expect("writing to a Vec cannot fail");
        let text = |v: Vec<u8>| String::from_utf8(v).expect("output is UTF-8");
        (bad, text(out), text(err))
    }

    #[test]
    fn ip_text_forms() {
        let p = |s| parse_ip_text(s).map(|ip| ip.to_string());
        assert_eq!(p("1.2.3.4"), Some("1.2.3.4".into()));
        assert_eq!(p(" 1.2.3.4:443 "), Some("1.2.3.4".into()));
        assert_eq!(p("[2001:db8::1]:443"), Some("2001:db8::1".into()));
        assert_eq!(p("[2001:db8::1]"), Some("2001:db8::1".into()));
        assert_eq!(p("2001:db8::1"), Some("2001:db8::1".into()));
        assert_eq!(p("fe80::1%eth0"), Some("fe80::1".into()));
        assert_eq!(p("::ffff:1.2.3.4"), Some("::ffff:1.2.3.4".into()));
        assert_eq!(p("1.2.3.4:99999x"), None);
        assert_eq!(p("[2001:db8::1]x"), None);
        assert_eq!(p("not-an-ip"), None);
        assert_eq!(p("1.2.3"), None);
    }

    #[test]
    fn json_has_the_contract_keys_in_order() {
        let (bad, out, err) = run(&["159.203.1.1", "10.0.0.1"], true, "");
        assert!(!bad && err.is_empty());
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let first = v[0].as_object().expect("object");
        let keys: Vec<&str> = first.keys().map(String::as_str).collect();
        // serde_json's Map is sorted unless preserve_order; check order in the text.
        let pos = |k: &str| out.find(&format!("\"{k}\"")).expect("key present");
        let order = ["ip", "asn", "as_org", "network_class", "reason", "country"];
        assert!(order.windows(2).all(|w| pos(w[0]) < pos(w[1])));
        assert_eq!(keys.len(), 6);
        assert_eq!(v[0]["asn"], 14061);
        assert_eq!(v[0]["network_class"], "hosting");
        assert_eq!(v[1]["asn"], serde_json::Value::Null);
        assert_eq!(v[1]["reason"], "range:private");
    }

    #[test]
    fn bad_ip_is_reported_and_others_still_print() {
        let (bad, out, err) = run(
            &["8.8.8.8", "nope\u{1b}[31m", "-"],
            false,
            "# c\n\n1.1.1.1\n",
        );
        assert!(bad);
        assert_eq!(err, "mailtrail: not an IP address: 'nope?[31m'\n");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("IP       ASN      ORG"));
        assert!(lines[1].starts_with("8.8.8.8  AS15169  Google LLC"));
        assert!(lines[2].starts_with("1.1.1.1  AS13335  Cloudflare, Inc."));
        assert!(lines.iter().all(|l| !l.ends_with(' ')));
    }

    #[test]
    fn no_arguments_is_an_error() {
        let (bad, out, err) = run(&[], false, "");
        assert!(bad && out.is_empty());
        assert!(err.contains("needs at least one IP"));
    }
}
