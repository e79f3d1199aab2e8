//! The short human summary on stderr: the incidents first (who was taken over, from where,
//! what was done), then inputs, ledger, findings, warnings, where the files are.

use std::io::Write;

use super::sanitize::for_terminal;
use super::summary::{IncidentSummary, RunSummary};
use crate::ingest::Ledger;

/// The ledger equation as printed: `rows N = events … + merged M + filtered K`.
fn ledger_line(l: &Ledger) -> String {
    format!(
        "rows {} = events {} + rejected {} + duplicates {} + merged {} + filtered {}",
        l.rows_read, l.events, l.rejected, l.duplicates, l.merged, l.filtered
    )
}

/// Width incident lines are wrapped to.
const WIDTH: usize = 80;

/// Print the run summary for a person.
pub fn print_summary(s: &RunSummary, out_dir: &str, w: &mut dyn Write) -> std::io::Result<()> {
    match s.incidents.len() {
        0 => writeln!(w, "no incident: no account shows a high finding")?,
        n => writeln!(w, "{n} incident(s): compromised accounts")?,
    }
    for inc in &s.incidents {
        print_incident(inc, w)?;
    }
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

/// One incident in a few wrapped lines.
fn print_incident(inc: &IncidentSummary, w: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        w,
        "{} {} — {}, confidence {}",
        inc.incident_id,
        for_terminal(&inc.user),
        inc.severity,
        inc.confidence
    )?;
    let lead = inc.entry_vector.split("; also ").next().unwrap_or_default();
    field(w, "entry", lead)?;
    let nets: Vec<String> = inc.attacker_networks.iter().map(|a| a.text()).collect();
    if !nets.is_empty() {
        field(w, "from", &nets.join("; "))?;
    }
    let mut did: Vec<String> = Vec::new();
    if !inc.rules.is_empty() {
        did.push(format!("{} inbox rule(s)", inc.rules.len()));
    }
    if !inc.forwarding.is_empty() {
        did.push(format!("{} forwarding change(s)", inc.forwarding.len()));
    }
    did.push(format!(
        "read {} messages, sent {} mails, deleted {} items",
        inc.messages_read, inc.mails_sent, inc.deletions
    ));
    if !inc.sharing_links.is_empty() {
        did.push(format!("{} sharing action(s)", inc.sharing_links.len()));
    }
    if !inc.persistence.is_empty() {
        did.push(format!("{} persistence change(s)", inc.persistence.len()));
    }
    field(w, "did", &did.join("; "))?;
    if !inc.related_users.is_empty() {
        field(w, "related", &inc.related_users.join(", "))?;
    }
    Ok(())
}

/// `  label:  text`, wrapped at [`WIDTH`] columns with a hanging indent.
fn field(w: &mut dyn Write, label: &str, text: &str) -> std::io::Result<()> {
    let indent = 11;
    let mut line = format!("  {label:<8} ");
    for word in for_terminal(text).split_whitespace() {
        let used = line.chars().count();
        if used > indent && used + 1 + word.chars().count() > WIDTH {
            writeln!(w, "{}", line.trim_end())?;
            line = " ".repeat(indent);
        } else if used > indent {
            line.push(' ');
        }
        line.push_str(word);
    }
    writeln!(w, "{}", line.trim_end())
}
