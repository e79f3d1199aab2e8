//! The findings table: every finding of findings.csv, in its order, as a plain table. The
//! filter box and severity choice are `hidden` until script.js shows them, and sorting
//! only reorders rows, so without JavaScript (or on paper) the table is complete as is.
//! Sort keys the text does not carry (severity rank, ISO time) sit in escaped `data-key`
//! attributes; the script reads them from the DOM and never sees log text as code.

use super::html::Html;
use super::incident::badge;
use crate::correlate::NumberedFinding;
use crate::detect::{Finding, Severity};
use crate::event::time::format_utc;

/// Header labels, how each column sorts (`text` or `num`), and its width class (the
/// table has a fixed layout so it fits the page on screen and paper alike).
const COLUMNS: &[(&str, &str, &str)] = &[
    ("ID", "text", "c-id"),
    ("Severity", "num", "c-sev"),
    ("Detector", "text", "c-det"),
    ("Title", "text", "c-title"),
    ("User", "text", "c-user"),
    ("Time (UTC)", "text", "c-time"),
    ("IP", "text", "c-ip"),
    ("Network", "text", "c-net"),
    ("Summary", "text", "c-sum"),
    ("Incident", "text", "c-inc"),
];

/// The findings section.
pub fn section(h: &mut Html, findings: &[NumberedFinding]) {
    h.raw("<section id=\"findings-section\"><h2>Findings</h2>");
    if findings.is_empty() {
        h.raw("<p>No findings at this <code>--min-severity</code>.</p></section>");
        return;
    }
    h.raw("<p>")
        .num(findings.len())
        .raw(
            " findings, in findings.csv order (time, then severity). Each row's evidence \
             (record ids, source file and line) is in findings.csv.</p>",
        )
        .raw(CONTROLS)
        .raw("<table id=\"findings\" class=\"data\"><colgroup>");
    for (_, _, class) in COLUMNS {
        h.markup(format_args!("<col class=\"{class}\">"));
    }
    h.raw("</colgroup><thead><tr>");
    for (label, kind, _) in COLUMNS {
        h.markup(format_args!("<th data-type=\"{kind}\">{label}</th>"));
    }
    h.raw("</tr></thead><tbody>");
    for n in findings {
        row(h, n);
    }
    h.raw("</tbody></table></section>");
}

/// Shown by script.js; `hidden` so a page without script has no dead controls.
const CONTROLS: &str = "<div class=\"controls\" id=\"findings-controls\" hidden>\
<label>Filter <input type=\"search\" id=\"findings-filter\" placeholder=\"text in any column\"></label> \
<label>Severity <select id=\"findings-severity\">\
<option value=\"0\">all</option>\
<option value=\"4\">critical</option>\
<option value=\"3\">high and above</option>\
<option value=\"2\">medium and above</option>\
<option value=\"1\">low and above</option>\
</select></label> \
<span id=\"findings-count\" aria-live=\"polite\"></span>\
<span class=\"hint\">Click a column header to sort.</span></div>";

fn rank(s: Severity) -> usize {
    Severity::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

fn row(h: &mut Html, n: &NumberedFinding) {
    let f = &n.finding;
    h.raw("<tr")
        .attr("id", &n.id)
        .markup(format_args!(" data-sev=\"{}\">", rank(f.severity)))
        .raw("<td class=\"mono\">")
        .text(&n.id)
        .markup(format_args!("</td><td data-key=\"{}\">", rank(f.severity)));
    badge(h, f.severity.as_str());
    h.raw("</td><td class=\"mono\">")
        .text(&f.detector_id)
        .raw("</td><td>")
        .text(&f.title)
        .raw("</td><td>")
        .account(&f.user)
        .raw("</td>");
    time_cell(h, f);
    h.raw("<td class=\"mono wrap\">");
    if let Some(ip) = f.ip {
        h.text(&ip.to_string());
    }
    h.raw("</td><td>")
        .text(&network(f))
        .raw("</td><td class=\"wrap\">")
        .text(&f.summary)
        .raw("</td><td>");
    if let Some(i) = &n.incident_id {
        h.raw("<a")
            .attr("href", &format!("#{i}"))
            .raw(">")
            .text(i)
            .raw("</a>");
    }
    h.raw("</td></tr>");
}

/// First time (sort key: ISO), or "time unknown" for rule-inventory findings.
fn time_cell(h: &mut Html, f: &Finding) {
    if f.time_first == chrono::DateTime::<chrono::Utc>::UNIX_EPOCH {
        h.raw("<td data-key=\"\">time unknown</td>");
        return;
    }
    h.raw("<td")
        .attr("data-key", &format_utc(&f.time_first))
        .raw(">")
        .text(&f.time_first.format("%Y-%m-%d %H:%M:%S").to_string());
    if f.time_last != f.time_first {
        h.raw("<br><span class=\"muted\">to ")
            .text(&f.time_last.format("%Y-%m-%d %H:%M:%S").to_string())
            .raw("</span>");
    }
    h.raw("</td>");
}

/// `AS14061 DigitalOcean, LLC · hosting · US`.
fn network(f: &Finding) -> String {
    let mut parts: Vec<String> = Vec::new();
    match (f.asn, &f.as_org) {
        (Some(a), Some(o)) => parts.push(format!("AS{a} {o}")),
        (Some(a), None) => parts.push(format!("AS{a}")),
        (None, Some(o)) => parts.push(o.clone()),
        (None, None) => {}
    }
    parts.extend(f.network_class.iter().cloned());
    parts.extend(f.country.iter().cloned());
    parts.join(" · ")
}
