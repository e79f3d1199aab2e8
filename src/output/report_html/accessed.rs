//! The accessed-messages section: how many messages and folders the intruder read or
//! synced (the count of accessed_messages.csv) and its first rows, so the client sees
//! what the breach-notification question rests on without opening the CSV.

use super::html::Html;
use super::words::time;
use crate::correlate::accessed::AccessedMessage;

/// Rows shown; the rest are in accessed_messages.csv.
pub const SHOWN: usize = 50;

/// The section: `total` rows in the file, `first` of them here.
pub fn section(h: &mut Html, total: u64, first: &[AccessedMessage]) {
    h.raw("<section id=\"accessed\"><h2>Accessed messages</h2>");
    if total == 0 {
        h.raw(
            "<p>No message reads or folder syncs from attacker infrastructure are \
             recorded.</p></section>",
        );
        return;
    }
    h.raw("<p>").num(total).raw(if total == 1 {
        " message or folder was"
    } else {
        " messages and folders were"
    });
    h.raw(
        " read (Bind) or synced whole (Sync) from attacker infrastructure. A synced folder \
         is one row without an InternetMessageId: the record names the folder, not its \
         messages.</p>",
    );
    h.raw(
        "<table class=\"data\"><thead><tr><th>Time (UTC)</th><th>User</th><th>Folder</th>\
         <th>Access</th><th>InternetMessageId</th><th>IP</th></tr></thead><tbody>",
    );
    for r in first.iter().take(SHOWN) {
        h.raw("<tr><td class=\"nowrap\">")
            .text(time(&r.time).trim_end_matches(" UTC"))
            .raw("</td><td>")
            .account(&r.user)
            .raw("</td><td>")
            .text(&r.folder)
            .raw("</td><td>")
            .text(&r.access_type)
            .raw("</td><td class=\"mono wrap\">")
            .text(&r.internet_message_id)
            .raw("</td><td class=\"mono nowrap\">")
            .text(&r.ip)
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    let shown = first.len().min(SHOWN) as u64;
    if total > shown {
        h.raw("<p class=\"more\">")
            .num(total - shown)
            .raw(" more in accessed_messages.csv.</p>");
    }
    h.raw("</section>");
}
