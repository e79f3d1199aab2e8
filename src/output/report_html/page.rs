//! The page around the sections: head (inline style, a Content-Security-Policy that
//! forbids every network load), the title and one-sentence verdict, the run summary
//! (version, data range, inputs with their row ledger, skipped files, warnings), the
//! contents, and the single inline script at the end.

use super::html::Html;
use super::words::{plural, time};
use crate::ingest::Ledger;
use crate::output::summary::{InputSummary, RunSummary};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// Nothing may load from anywhere: styles and the one script are inline, pictures are
/// inline SVG.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                   img-src data:; base-uri 'none'; form-action 'none'";

/// `<!DOCTYPE html>` to the opening of `<main>`.
pub fn head(h: &mut Html, s: &RunSummary) {
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .raw(CSP)
        .raw("\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<meta name=\"generator\" content=\"mailtrail ")
        .text(&s.version)
        .raw("\"><title>Mailbox compromise report");
    if let Some(d) = s.tenant_domains.first() {
        h.raw(": ").text(d);
    }
    h.raw("</title><style>\n")
        .raw(STYLE)
        .raw("</style></head>\n<body><main>\n");
}

/// The closing tags, with the script.
pub fn foot(h: &mut Html, s: &RunSummary) {
    h.raw("<footer>Written by mailtrail ")
        .text(&s.version)
        .raw(
            " from the exported logs listed above. Times are UTC. The CSV and JSON files \
             next to this report hold every row behind it.</footer>\n</main>\n<script>\n",
        )
        .raw(SCRIPT)
        .raw("</script>\n</body></html>\n");
}

/// Title, verdict, facts, inputs, skipped files, warnings and contents.
pub fn summary(h: &mut Html, s: &RunSummary) {
    h.raw("<header><h1>Mailbox compromise report</h1><p class=\"sub\">");
    if !s.tenant_domains.is_empty() {
        h.raw("Tenant ")
            .text(&s.tenant_domains.join(", "))
            .raw(" · ");
    }
    match &s.time_range {
        Some((a, b)) => h
            .raw("logs from ")
            .text(&time(a))
            .raw(" to ")
            .text(&time(b)),
        None => h.raw("no timed events"),
    };
    h.raw(" · mailtrail ").text(&s.version).raw("</p>");
    verdict(h, s);
    h.raw("</header>");
    contents(h, s);
    h.raw("<section id=\"run\"><h2>Run summary</h2>");
    facts(h, s);
    inputs(h, s);
    skipped(h, &s.inputs);
    warnings(h, s);
    h.raw("</section>");
}

/// One sentence: who was taken over, or that no one was.
fn verdict(h: &mut Html, s: &RunSummary) {
    if s.incidents.is_empty() {
        h.raw("<p class=\"verdict ok\">No account shows signs of takeover.");
        let n: u64 = s.findings.by_severity.values().sum();
        if n > 0 {
            h.raw(" ")
                .text(&plural(n, "finding"))
                .raw(" below the incident threshold are listed for review.");
        }
        h.raw("</p>");
        return;
    }
    let n = s.incidents.len() as u64;
    h.raw("<p class=\"verdict bad\">")
        .text(&plural(n, "account"))
        .raw(" taken over: ");
    for (i, inc) in s.incidents.iter().enumerate() {
        if i > 0 {
            h.raw(if i + 1 == s.incidents.len() {
                " and "
            } else {
                ", "
            });
        }
        h.raw("<a")
            .attr("href", &format!("#{}", inc.incident_id))
            .raw(">")
            .text(&inc.user)
            .raw("</a> (")
            .text(inc.severity.as_str())
            .raw(", ")
            .text(inc.confidence.as_str())
            .raw(" confidence)");
    }
    h.raw(".</p>");
}

fn contents(h: &mut Html, s: &RunSummary) {
    h.raw("<nav><strong>Contents</strong><ol><li><a href=\"#run\">Run summary</a></li>");
    for inc in &s.incidents {
        h.raw("<li><a")
            .attr("href", &format!("#{}", inc.incident_id))
            .raw(">")
            .text(&inc.incident_id)
            .raw(" ")
            .text(&inc.user)
            .raw("</a></li>");
    }
    h.raw(
        "<li><a href=\"#accessed\">Accessed messages</a></li>\
         <li><a href=\"#findings-section\">Findings</a></li>\
         <li><a href=\"#infrastructure\">Attacker infrastructure</a></li></ol></nav>",
    );
}

fn facts(h: &mut Html, s: &RunSummary) {
    let sev = |k: &str| s.findings.by_severity.get(k).copied().unwrap_or(0);
    h.raw("<dl class=\"stats\">");
    stat(h, "Accounts taken over", s.incidents.len() as u64);
    stat(h, "Events analysed", s.totals.ledger.events);
    stat(h, "Users seen", s.users);
    stat(h, "Findings", s.findings.by_severity.values().sum());
    stat(h, "Attacker addresses", s.attacker_ips.len() as u64);
    stat(h, "Messages accessed", s.timeline.accessed_messages);
    h.raw("</dl><p class=\"sevline\">Findings by severity: ");
    for name in ["critical", "high", "medium", "low", "info"] {
        super::incident::badge(h, name);
        h.raw(" ").num(sev(name)).raw(" ");
    }
    h.raw("</p>");
}

fn stat(h: &mut Html, label: &'static str, n: u64) {
    h.raw("<div><dt>")
        .raw(label)
        .raw("</dt><dd>")
        .num(n)
        .raw("</dd></div>");
}

/// Files read, each with `rows = events + rejected + duplicates + merged + filtered`.
fn inputs(h: &mut Html, s: &RunSummary) {
    h.raw(
        "<h3>Inputs</h3><table class=\"data ledger\"><thead><tr><th>File</th><th>Format</th>\
         <th>Rows</th><th>= events</th><th>+ rejected</th><th>+ duplicates</th>\
         <th>+ merged</th><th>+ filtered</th><th>Encoding</th></tr></thead><tbody>",
    );
    for i in s.inputs.iter().filter(|i| !i.skipped) {
        h.raw("<tr><td class=\"wrap\">").text(&i.path);
        if let Some(e) = &i.error {
            h.raw("<br><span class=\"warn\">stopped early: ")
                .text(e)
                .raw("</span>");
        }
        h.raw("</td><td class=\"mono nowrap\">")
            .text(&i.format)
            .raw("</td>");
        ledger(h, &i.ledger);
        h.raw("<td>").text(&i.encoding);
        if i.gzip {
            h.raw(", gzip");
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody><tfoot><tr><th>Total</th><th>")
        .text(&plural(s.totals.files, "file"))
        .raw("</th>");
    ledger(h, &s.totals.ledger);
    h.raw("<td></td></tr></tfoot></table>");
}

fn ledger(h: &mut Html, l: &Ledger) {
    for n in [
        l.rows_read,
        l.events,
        l.rejected,
        l.duplicates,
        l.merged,
        l.filtered,
    ] {
        h.raw("<td class=\"num\">").num(n).raw("</td>");
    }
}

fn skipped(h: &mut Html, inputs: &[InputSummary]) {
    let skipped: Vec<&InputSummary> = inputs.iter().filter(|i| i.skipped).collect();
    if skipped.is_empty() {
        return;
    }
    h.raw("<h3>Skipped files</h3><ul>");
    for i in skipped {
        h.raw("<li><span class=\"wrap\">")
            .text(&i.path)
            .raw("</span>: ")
            .text(&i.reason)
            .raw("</li>");
    }
    h.raw("</ul>");
}

/// Warnings, less those that only repeat a skipped file (listed above once).
fn warnings(h: &mut Html, s: &RunSummary) {
    let repeats: Vec<String> = s
        .inputs
        .iter()
        .filter(|i| i.skipped)
        .map(|i| format!("{}: skipped: {}", i.path, i.reason))
        .collect();
    let shown: Vec<&String> = s.warnings.iter().filter(|w| !repeats.contains(w)).collect();
    if shown.is_empty() {
        return;
    }
    h.raw("<h3>Warnings</h3><ul class=\"warnings\">");
    for w in shown {
        h.raw("<li>").text(w).raw("</li>");
    }
    h.raw("</ul>");
}
