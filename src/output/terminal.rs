//! The human summary on stderr, 80 columns wide, leading with the answer: one block per
//! incident (who, how sure, how the intruder got in, from where, what was done, what was
//! read, sent and deleted, which other accounts), then the findings outside incidents, then
//! one ledger line and where the files are. Per-file ledgers only where something went
//! wrong (or with `--verbose`); each skipped file once; then each file ignored as not a
//! log, once. Colour only when asked (a TTY). Every string from the logs goes through
//! [`for_terminal`].

use std::io::Write;

use super::sanitize::for_terminal;
use super::summary::{InputSummary, RunSummary, TopFinding};
use crate::correlate::incident::Incident;
use crate::event::time::format_utc;
use crate::ingest::Ledger;

/// Width lines are wrapped to.
const WIDTH: usize = 80;
/// Indent of wrapped field text.
const INDENT: usize = 11;
/// Most lines one finding's summary may take.
const FINDING_LINES: usize = 2;

/// How to print.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours (only on a terminal, never with `NO_COLOR`).
    pub color: bool,
    /// Every input's ledger, not only those with problems.
    pub verbose: bool,
}

/// Print the run summary for a person.
pub fn print_summary(
    s: &RunSummary,
    out_dir: &str,
    style: Style,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    headline(s, style, w)?;
    for inc in &s.incidents {
        writeln!(w)?;
        incident(inc, style, w)?;
    }
    other_findings(s, style, w)?;
    writeln!(w)?;
    inputs(s, style, w)?;
    for warning in s.warnings.iter().filter(|x| !x.contains(": skipped: ")) {
        wrapped(w, "warning: ", &for_terminal(warning), 2)?;
    }
    let outcome = format!(
        "Outputs in {}; exit {} ({}).",
        for_terminal(out_dir),
        s.exit_code,
        s.exit_reason
    );
    wrapped(w, "", &outcome, 0)
}

fn headline(s: &RunSummary, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
    let answer = match s.incidents.len() {
        0 => "no account shows signs of takeover".to_string(),
        1 => "1 account taken over".to_string(),
        n => format!("{n} accounts taken over"),
    };
    let text = format!("mailtrail {}: {answer}", s.version);
    writeln!(w, "{}", paint(&text, "1", style))
}

fn incident(inc: &Incident, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
    let title = format!("Incident {}: {}", inc.incident_id, for_terminal(&inc.user));
    writeln!(w, "{}", paint(&title, "1", style))?;
    let how = format!(
        "{}, confidence {} ({})",
        severity_word(inc.severity.as_str(), style),
        inc.confidence.as_str(),
        inc.confidence_reason
            .split(" (signals:")
            .next()
            .unwrap_or_default()
    );
    field(w, "verdict", &how)?;
    let lead = inc.entry_vector.split("; also ").next().unwrap_or_default();
    field(w, "entry", lead)?;
    for (i, a) in inc.attacker_networks.iter().enumerate() {
        field(w, if i == 0 { "from" } else { "" }, &a.text())?;
    }
    if let (Some(a), Some(b)) = (&inc.first_seen, &inc.last_seen) {
        field(
            w,
            "when",
            &format!(
                "{} .. {} UTC",
                short_time(&format_utc(a)),
                short_time(&format_utc(b))
            ),
        )?;
    }
    let did = deeds(inc);
    if !did.is_empty() {
        field(w, "did", &did.join("; "))?;
    }
    field(
        w,
        "counts",
        &format!(
            "read {} messages, sent {} mails, deleted {} items",
            inc.messages_read, inc.mails_sent, inc.deletions
        ),
    )?;
    if !inc.related_users.is_empty() {
        field(w, "related", &inc.related_users.join(", "))?;
    }
    Ok(())
}

/// What the intruder did, shortly.
fn deeds(inc: &Incident) -> Vec<String> {
    let mut d = Vec::new();
    if !inc.rule_names.is_empty() {
        d.push(format!(
            "{} inbox rule(s) ({})",
            inc.rule_names.len(),
            inc.rule_names.join(", ")
        ));
    }
    if !inc.forwarding_targets.is_empty() {
        d.push(format!(
            "forwarding to {}",
            inc.forwarding_targets.join(", ")
        ));
    }
    if !inc.sharing_links.is_empty() {
        let what = if inc.files.is_empty() {
            format!("{} file(s)", inc.sharing_links.len())
        } else {
            inc.files
                .iter()
                .map(|f| format!("'{f}'"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        d.push(format!("shared {what}"));
    }
    if !inc.persistence.is_empty() {
        d.push(format!(
            "{} persistence change(s) (MFA, consent, permissions)",
            inc.persistence.len()
        ));
    }
    if !inc.audit_tampering.is_empty() {
        d.push("audit logging changed".into());
    }
    d
}

fn other_findings(s: &RunSummary, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
    let total = s.findings.outside_incidents;
    if total == 0 {
        return Ok(());
    }
    writeln!(w)?;
    let title = if s.incidents.is_empty() {
        "Findings:"
    } else {
        "Other findings (not in an incident):"
    };
    writeln!(w, "{}", paint(title, "1", style))?;
    for f in &s.top_findings {
        finding(f, style, w)?;
    }
    let more = total.saturating_sub(s.top_findings.len() as u64);
    if more > 0 {
        writeln!(w, "  ... {more} more in findings.csv")?;
    }
    Ok(())
}

/// `  medium  MT-S02  <summary>`, the summary wrapped to at most [`FINDING_LINES`] lines.
fn finding(f: &TopFinding, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
    let summary = for_terminal(&f.summary);
    let text = if f.user.is_empty() || summary.contains(f.user.as_str()) {
        summary.into_owned()
    } else {
        format!("{}: {summary}", for_terminal(&f.user))
    };
    let lines = wrap(&text, WIDTH - 18);
    let sev = severity_word(&f.severity, style);
    let pad = " ".repeat(8usize.saturating_sub(f.severity.len()));
    for (i, line) in lines.iter().take(FINDING_LINES).enumerate() {
        let cont = if i + 1 == FINDING_LINES && lines.len() > FINDING_LINES {
            " ..."
        } else {
            ""
        };
        if i == 0 {
            writeln!(w, "  {sev}{pad}{:<8}{line}{cont}", f.detector_id)?;
        } else {
            writeln!(w, "{}{line}{cont}", " ".repeat(18))?;
        }
    }
    Ok(())
}

/// One ledger line for the run; per-file lines only for files with problems (or all with
/// `verbose`); each skipped file once.
fn inputs(s: &RunSummary, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
    let t = &s.totals;
    let range = s
        .time_range
        .as_ref()
        .map(|(a, b)| format!("; {} .. {} UTC", short_time(a), short_time(b)))
        .unwrap_or_default();
    let text = format!(
        "Read {} file(s): {}; {} user(s){range}.",
        t.files,
        ledger_text(&t.ledger),
        s.users
    );
    wrapped(w, "", &text, 0)?;
    for i in s.inputs.iter().filter(|i| style.verbose || troubled(i)) {
        let what = if i.skipped {
            format!("skipped: {}", for_terminal(&i.reason))
        } else {
            let mut x = format!("{}, {}", i.format, ledger_text(&i.ledger));
            if let Some(e) = &i.error {
                x.push_str(&format!("; stopped early: {}", for_terminal(e)));
            }
            x
        };
        wrapped(w, "  ", &format!("{}: {what}", for_terminal(&i.path)), 4)?;
    }
    ignored(s, style, w)
}

/// Most ignored files listed without `verbose`; the rest are counted (all are in
/// summary.json).
const IGNORED_SHOWN: usize = 10;

/// Files that are not logs, each once, after the ledger: they were not read, so they
/// are not part of it.
fn ignored(s: &RunSummary, style: Style, w: &mut dyn Write) -> std::io::Result<()> {
    if s.ignored.is_empty() {
        return Ok(());
    }
    let text = format!(
        "Ignored {} file(s) or folder(s), not logs:",
        s.ignored.len()
    );
    wrapped(w, "", &text, 0)?;
    let shown = if style.verbose {
        s.ignored.len()
    } else {
        IGNORED_SHOWN
    };
    for i in s.ignored.iter().take(shown) {
        let line = format!("{}: {}", for_terminal(&i.path), for_terminal(&i.reason));
        wrapped(w, "  ", &line, 4)?;
    }
    let more = s.ignored.len().saturating_sub(shown);
    if more > 0 {
        writeln!(w, "  ... {more} more in summary.json")?;
    }
    Ok(())
}

fn troubled(i: &InputSummary) -> bool {
    i.skipped || i.error.is_some() || i.ledger.rejected > 0
}

/// The ledger equation in words.
fn ledger_text(l: &Ledger) -> String {
    format!(
        "rows {} = events {} + rejected {} + duplicates {} + merged {} + filtered {}",
        l.rows_read, l.events, l.rejected, l.duplicates, l.merged, l.filtered
    )
}

/// `2026-02-10 18:20` from an RFC 3339 time.
fn short_time(t: &str) -> String {
    t.get(..16).unwrap_or(t).replace('T', " ")
}

fn severity_word(sev: &str, style: Style) -> String {
    let code = match sev {
        "critical" => "1;31",
        "high" => "31",
        "medium" => "33",
        _ => "",
    };
    if code.is_empty() {
        sev.to_string()
    } else {
        paint(sev, code, style)
    }
}

/// ANSI-coloured text, or the text itself without colour.
fn paint(text: &str, code: &str, style: Style) -> String {
    if style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// `  label    text`, wrapped with a hanging indent.
fn field(w: &mut dyn Write, label: &str, text: &str) -> std::io::Result<()> {
    let text = for_terminal(text);
    for (i, line) in wrap(&text, WIDTH - INDENT).iter().enumerate() {
        if i == 0 {
            writeln!(w, "  {label:<8} {line}")?;
        } else {
            writeln!(w, "{}{line}", " ".repeat(INDENT))?;
        }
    }
    Ok(())
}

/// `prefix` + text wrapped at [`WIDTH`], continuation lines indented by `hang`.
fn wrapped(w: &mut dyn Write, prefix: &str, text: &str, hang: usize) -> std::io::Result<()> {
    let first = WIDTH.saturating_sub(prefix.chars().count()).max(20);
    let lines = wrap(text, first);
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            writeln!(w, "{prefix}{line}")?;
        } else {
            for l in wrap(line, WIDTH - hang) {
                writeln!(w, "{}{l}", " ".repeat(hang))?;
            }
        }
    }
    Ok(())
}

/// Words wrapped into lines of at most `width` characters; a word longer than the width
/// is cut (so nothing ever exceeds it).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let cut: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(cut);
        }
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_exceeds_the_width_nor_breaks_words_that_fit() {
        let lines = wrap("aaa bbb ccc dddddddddddd e", 8);
        assert_eq!(lines, ["aaa bbb", "ccc", "dddddddd", "dddd e"]);
        assert!(lines.iter().all(|l| l.chars().count() <= 8));
    }
}
