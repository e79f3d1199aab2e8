//! The human summary of a sweep or roll-up on stderr: one line per tenant (worst first is
//! what a person wants, but the order is the tenant id, as in the files, so runs compare),
//! the infrastructure shared between tenants, and where the files are. Every string from
//! the outputs goes through [`for_terminal`].

use std::io::Write;

use super::sanitize::for_terminal;
use crate::rollup::Rollup;

/// Most shared-infrastructure rows printed (the file has them all).
const SHARED_SHOWN: usize = 10;

/// Print the roll-up for a person.
pub fn print_rollup(r: &Rollup, out_dir: &str, w: &mut dyn Write) -> std::io::Result<()> {
    let width = r
        .tenants
        .iter()
        .map(|t| for_terminal(&t.tenant).chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 32);
    writeln!(
        w,
        "{:width$}  {:>9}  {:>9}  {:8}  exit",
        "tenant", "events", "incidents", "severity"
    )?;
    for t in &r.tenants {
        let name: String = for_terminal(&t.tenant).chars().take(32).collect();
        write!(
            w,
            "{name:width$}  {:>9}  {:>9}  {:8}  {}",
            t.events,
            t.incidents,
            if t.max_severity.is_empty() {
                "-"
            } else {
                &t.max_severity
            },
            t.exit_code
        )?;
        if t.error.is_empty() {
            writeln!(w)?;
        } else {
            writeln!(w, "  {}", for_terminal(&t.error))?;
        }
    }
    for (tenant, diff) in &r.regressions {
        write!(w, "{}: ", for_terminal(tenant))?;
        for line in diff.lines() {
            writeln!(w, "{}", for_terminal(line))?;
        }
    }
    print_shared(r, w)?;
    for warning in &r.warnings {
        writeln!(w, "warning: {}", for_terminal(warning))?;
    }
    let affected = r.tenants.iter().filter(|t| t.incidents > 0).count();
    let n = r.tenants.len();
    writeln!(
        w,
        "{n} tenant{}, {affected} with incidents. Outputs in {}; exit {}.",
        if n == 1 { "" } else { "s" },
        for_terminal(out_dir),
        r.exit_code
    )
}

fn print_shared(r: &Rollup, w: &mut dyn Write) -> std::io::Result<()> {
    if r.shared_infrastructure.is_empty() {
        return writeln!(
            w,
            "No attacker infrastructure seen in more than one tenant."
        );
    }
    writeln!(w, "Attacker infrastructure seen in more than one tenant:")?;
    for s in r.shared_infrastructure.iter().take(SHARED_SHOWN) {
        let org = if s.as_org.is_empty() {
            String::new()
        } else {
            format!(" {}", s.as_org)
        };
        let what = match (s.kind.as_str(), s.asn) {
            ("ip", Some(asn)) => format!("{} (AS{asn}{org})", s.value),
            ("asn", _) => format!("{}{org} ({} addresses)", s.value, s.ips.len()),
            _ => s.value.clone(),
        };
        writeln!(
            w,
            "  {} in {}",
            for_terminal(&what),
            for_terminal(&s.tenants.join(", "))
        )?;
    }
    if r.shared_infrastructure.len() > SHARED_SHOWN {
        writeln!(
            w,
            "  … and {} more in shared-infrastructure.csv",
            r.shared_infrastructure.len() - SHARED_SHOWN
        )?;
    }
    Ok(())
}
