//! One incident told in plain words: the story sentence as the lead, then severity and
//! confidence with the reason, the attacker window, how the intruder got in, the picture,
//! where they came from, what they did (rules, forwarding, reading, sending, deleting,
//! searching, files, persistence, audit changes), techniques, related accounts and the
//! findings behind it. Everything from the logs goes through [`Html::text`].

use super::html::Html;
use super::points::Points;
use super::svg;
use super::words::{duration, plural, technique, time};
use crate::correlate::incident::{AttackerAddress, Incident};
use crate::event::time::format_utc;

/// The section of one incident (a new page when printed).
pub fn section(h: &mut Html, inc: &Incident, points: &Points) {
    h.raw("<section class=\"incident\"")
        .attr("id", &inc.incident_id)
        .raw("><h2><span class=\"iid\">")
        .text(&inc.incident_id)
        .raw("</span> ")
        .text(&inc.user)
        .raw(" ");
    badge(h, inc.severity.as_str());
    h.raw("</h2><p class=\"lead\">")
        .text(&inc.summary)
        .raw("</p>");
    facts(h, inc);
    h.raw("<h3>Activity over time</h3>");
    match points.account(&inc.user) {
        Some(acc) => {
            h.raw("<figure class=\"picture\">");
            svg::picture(h, &inc.user, acc);
            svg::legend(h, acc);
            caption(h, acc);
            h.raw("</figure>");
        }
        None => {
            h.raw("<p class=\"muted\">No events of this account in the timeline.</p>");
        }
    }
    networks(h, &inc.attacker_networks, &inc.attacker_sessions);
    did(h, inc);
    techniques(h, &inc.techniques);
    related(h, inc);
    h.raw("</section>");
}

/// `<span class="sev sev-high">high</span>` for a known severity name.
pub fn badge(h: &mut Html, severity: &str) {
    let class = match severity {
        "critical" => "sev sev-critical",
        "high" => "sev sev-high",
        "medium" => "sev sev-medium",
        "low" => "sev sev-low",
        _ => "sev sev-info",
    };
    h.markup(format_args!("<span class=\"{class}\">"))
        .text(severity)
        .raw("</span>");
}

fn facts(h: &mut Html, inc: &Incident) {
    h.raw("<dl class=\"facts\"><dt>Severity</dt><dd>");
    badge(h, inc.severity.as_str());
    h.raw(" confidence <strong>")
        .text(inc.confidence.as_str())
        .raw("</strong>: ")
        .text(&inc.confidence_reason)
        .raw("</dd><dt>Attacker activity</dt><dd>");
    match (
        inc.first_seen.map(|t| format_utc(&t)),
        inc.last_seen.map(|t| format_utc(&t)),
    ) {
        (Some(f), Some(l)) => {
            h.text(&time(&f)).raw(" to ").text(&time(&l));
            if let Some(d) = duration(&f, &l) {
                h.raw(" (").text(&d).raw(")");
            }
        }
        _ => {
            h.raw("time unknown (rule inventory only)");
        }
    }
    h.raw("</dd><dt>Entry vector</dt><dd>")
        .text(&inc.entry_vector)
        .raw("</dd></dl>");
}

fn caption(h: &mut Html, acc: &super::points::Account) {
    h.raw("<figcaption>");
    h.text(&plural(acc.drawn, "event")).raw(" drawn");
    if acc.before > 0 {
        h.raw("; ")
            .text(&plural(acc.before, "earlier event"))
            .raw(" not drawn");
        if let Some(t) = acc
            .earliest
            .and_then(chrono::DateTime::<chrono::Utc>::from_timestamp_millis)
        {
            h.raw(" (from ")
                .text(&t.format("%Y-%m-%d").to_string())
                .raw(")");
        }
    }
    if acc.after > 0 {
        h.raw("; ")
            .text(&plural(acc.after, "later event"))
            .raw(" not drawn");
    }
    h.raw(
        ". Events at the same spot share one mark (hover a mark for its time, \
           address and count); every event is in timeline.csv.</figcaption>",
    );
}

fn networks(h: &mut Html, nets: &[AttackerAddress], sessions: &[String]) {
    if nets.is_empty() && sessions.is_empty() {
        return;
    }
    h.raw("<h3>Where the intruder came from</h3>");
    if !nets.is_empty() {
        h.raw(
            "<table class=\"compact\"><thead><tr><th>IP address</th><th>Provider (AS \
             organisation)</th><th>ASN</th><th>Network class</th><th>Country</th></tr>\
             </thead><tbody>",
        );
        for n in nets {
            h.raw("<tr><td class=\"mono\">")
                .text(&n.ip)
                .raw("</td><td>");
            h.text(n.as_org.as_deref().unwrap_or("unknown"))
                .raw("</td><td>");
            if let Some(a) = n.asn {
                h.raw("AS").num(a);
            }
            h.raw("</td><td>")
                .text(n.network_class.as_deref().unwrap_or(""))
                .raw("</td><td>")
                .text(n.country.as_deref().unwrap_or(""))
                .raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }
    if !sessions.is_empty() {
        h.raw("<p>Attacker sessions: ");
        for (i, s) in sessions.iter().enumerate() {
            if i > 0 {
                h.raw(", ");
            }
            h.raw("<span class=\"mono\">").text(s).raw("</span>");
        }
        h.raw("</p>");
    }
}

fn did(h: &mut Html, inc: &Incident) {
    h.raw("<h3>What the intruder did</h3><dl class=\"did\">");
    list(h, "Inbox rules", &inc.rules);
    list(h, "Forwarding", &inc.forwarding);
    h.raw("<dt>Mail read</dt><dd>")
        .text(&plural(inc.messages_read, "message"));
    if !inc.folders_synced.is_empty() {
        h.raw("; folders synced whole: ")
            .text(&inc.folders_synced.join(", "));
    }
    if !inc.other_mailboxes_read.is_empty() {
        h.raw("; other mailboxes read: ")
            .text(&inc.other_mailboxes_read.join(", "));
    }
    h.raw("</dd>");
    counted(h, "Mail sent", inc.mails_sent, "mail", &inc.sent_subjects);
    counted(h, "Deleted", inc.deletions, "item", &inc.deleted_subjects);
    list(h, "Searches", &inc.searches);
    list(h, "Files", &inc.files);
    list(h, "Sharing links", &inc.sharing_links);
    list(h, "Related activity", &inc.related_activity);
    list(h, "Persistence", &inc.persistence);
    list(h, "Audit tampering", &inc.audit_tampering);
    h.raw("</dl>");
}

/// A count and the subjects known (subjects are log text).
fn counted(h: &mut Html, label: &'static str, n: u64, noun: &str, subjects: &[String]) {
    h.raw("<dt>")
        .raw(label)
        .raw("</dt><dd>")
        .text(&plural(n, noun));
    if !subjects.is_empty() {
        h.raw(", subjects:<ul>");
        for s in subjects {
            h.raw("<li>").text(s).raw("</li>");
        }
        h.raw("</ul>");
    }
    h.raw("</dd>");
}

/// A labelled list, left out when empty.
fn list(h: &mut Html, label: &'static str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    h.raw("<dt>").raw(label).raw("</dt><dd><ul>");
    for i in items {
        h.raw("<li>").text(i).raw("</li>");
    }
    h.raw("</ul></dd>");
}

fn techniques(h: &mut Html, ids: &[String]) {
    if ids.is_empty() {
        return;
    }
    h.raw("<h3>ATT&amp;CK techniques</h3><ul class=\"techniques\">");
    for id in ids {
        h.raw("<li><span class=\"mono\">").text(id).raw("</span>");
        if let Some(name) = technique(id) {
            h.raw(" ").text(name);
        }
        h.raw("</li>");
    }
    h.raw("</ul>");
}

fn related(h: &mut Html, inc: &Incident) {
    if !inc.related_users.is_empty() {
        h.raw("<p><strong>Related accounts</strong> (touched by the same infrastructure): ")
            .text(&inc.related_users.join(", "))
            .raw("</p>");
    }
    h.raw("<p class=\"finding-ids\"><strong>Findings</strong>: ");
    for (i, id) in inc.finding_ids.iter().enumerate() {
        if i > 0 {
            h.raw(", ");
        }
        h.raw("<a")
            .attr("href", &format!("#{id}"))
            .raw(">")
            .text(id)
            .raw("</a>");
    }
    if inc.finding_ids.is_empty() {
        h.raw("none shown at this --min-severity");
    }
    h.raw("</p>");
}
