//! The short human summary on stderr: inputs, ledger, warnings, where the files are.

use std::io::Write;

use super::sanitize::for_terminal;
use super::summary::RunSummary;
use crate::ingest::Ledger;

/// The ledger equation as printed: `rows N = events … + merged M + filtered K`.
fn ledger_line(l: &Ledger) -> String {
    format!(
        "rows {} = events {} + rejected {} + duplicates {} + merged {} + filtered {}",
        l.rows_read, l.events, l.rejected, l.duplicates, l.merged, l.filtered
    )
}

/// Print the run summary for a person.
pub fn print_summary(s: &RunSummary, out_dir: &str, w: &mut dyn Write) -> std::io::Result<()> {
    writeln!(w, "mailtrail {}: {} file(s)", s.version, s.totals.files)?;
    for i in &s.inputs {
        let fmt = if i.skipped {
            "skipped"
        } else {
            i.format.as_str()
        };
        writeln!(
            w,
            "  {:<22} {}  {}",
            fmt,
            for_terminal(&i.path),
            ledger_line(&i.ledger)
        )?;
        if i.skipped {
            writeln!(w, "  {:<22} ({})", "", for_terminal(&i.reason))?;
        }
    }
    writeln!(
        w,
        "total: {}; users {}",
        ledger_line(&s.totals.ledger),
        s.users
    )?;
    if let Some((first, last)) = &s.time_range {
        writeln!(w, "time range: {first} .. {last}")?;
    }
    let by = &s.findings.by_severity;
    let n = |k: &str| by.get(k).copied().unwrap_or(0);
    writeln!(
        w,
        "findings: critical {} high {} medium {} low {} info {}",
        n("critical"),
        n("high"),
        n("medium"),
        n("low"),
        n("info")
    )?;
    for f in &s.top_findings {
        writeln!(
            w,
            "  {:<8} {} {} {}",
            f.severity,
            f.detector_id,
            for_terminal(&f.user),
            for_terminal(&f.summary)
        )?;
    }
    if !s.attacker_ips.is_empty() {
        writeln!(w, "attacker IPs: {}", s.attacker_ips.join(", "))?;
    }
    for warning in &s.warnings {
        writeln!(w, "warning: {}", for_terminal(warning))?;
    }
    writeln!(
        w,
        "outputs in {}; exit {} ({})",
        for_terminal(out_dir),
        s.exit_code,
        s.exit_reason
    )
}
