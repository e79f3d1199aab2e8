//! The attacker-infrastructure section: each attacker IP and session with its network,
//! the finding that made it the attacker's, and every account that acted from it (the
//! blast radius a client has to check).

use super::html::Html;
use crate::output::summary::InfraSummary;

/// The section.
pub fn section(h: &mut Html, infra: &[InfraSummary]) {
    h.raw("<section id=\"infrastructure\"><h2>Attacker infrastructure</h2>");
    if infra.is_empty() {
        h.raw("<p>No attacker IP address or session was named.</p></section>");
        return;
    }
    h.raw(
        "<p>Every event from these addresses and sessions is treated as the intruder's. \
         Block them, and check each account listed as having used them.</p>\
         <table class=\"data\"><thead><tr><th>Address or session</th><th>Provider (AS \
         organisation)</th><th>ASN</th><th>Class</th><th>Country</th><th>Why it is the \
         attacker's</th><th>Accounts that used it</th><th>Incident</th></tr></thead><tbody>",
    );
    for i in infra {
        if i.kind == "session" {
            h.raw("<tr><td class=\"mono wrap\">session ");
        } else {
            h.raw("<tr><td class=\"mono nowrap\">");
        }
        h.text(&i.value)
            .raw("</td><td>")
            .text(i.as_org.as_deref().unwrap_or(""))
            .raw("</td><td>");
        if let Some(a) = i.asn {
            h.raw("AS").num(a);
        }
        h.raw("</td><td>")
            .text(i.network_class.as_deref().unwrap_or(""))
            .raw("</td><td>")
            .text(i.country.as_deref().unwrap_or(""))
            .raw("</td><td class=\"summary\">")
            .text(&i.reason)
            .raw("</td><td>");
        for (n, u) in i.users.iter().enumerate() {
            if n > 0 {
                h.raw("<br>");
            }
            h.account(u);
        }
        h.raw("</td><td>");
        if let Some(id) = &i.incident_id {
            h.raw("<a")
                .attr("href", &format!("#{id}"))
                .raw(">")
                .text(id)
                .raw("</a>");
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table></section>");
}
