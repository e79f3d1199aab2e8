//! Breach scoping (SPEC §7): the rows of `accessed_messages.csv` — every message attacker
//! IPs and sessions bound, and every folder they synced whole (a sync record names the
//! folder, not its messages), one row each, with the mailbox, session and address.

use serde::Serialize;

use crate::event::Event;
use crate::event::detail::{AccessType, Detail};
use crate::event::time::format_utc;

/// One accessed message (or synced folder). The column table in `output/accessed.rs`
/// follows the field order (SPEC §7b: extend at the end, never rename).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessedMessage {
    /// Acting account.
    pub user: String,
    /// ISO 8601 UTC.
    pub time: String,
    /// InternetMessageId (empty for a synced folder).
    pub internet_message_id: String,
    /// Folder path.
    pub folder: String,
    /// Size in bytes, when recorded.
    pub size_bytes: String,
    /// `Bind` (read) or `Sync` (whole folder downloaded).
    pub access_type: String,
    /// Session id.
    pub session_id: String,
    /// Client IP.
    pub ip: String,
    /// Mailbox read (its owner's UPN).
    pub mailbox: String,
    /// Subject, when the record has it.
    pub subject: String,
    /// Client info string.
    pub client: String,
    /// Incident the access belongs to.
    pub incident_id: String,
    /// Input file.
    pub source_file: String,
    /// Line in the input file.
    pub source_line: u64,
    /// Source record id.
    pub record_id: String,
    /// The message's own id when the record gives no InternetMessageId (Graph reads).
    pub item_id: String,
}

/// The rows of one mail-access event from attacker infrastructure (none for other events).
pub fn rows(ev: &Event, incident_id: &str, files: &[String]) -> Vec<AccessedMessage> {
    let Detail::MailAccess(m) = &ev.detail else {
        return Vec::new();
    };
    let kind = match m.access_type {
        AccessType::Bind => "Bind",
        AccessType::Sync => "Sync",
        AccessType::Unknown => "",
    };
    let base = AccessedMessage {
        user: ev.actor.key.clone(),
        time: format_utc(&ev.time),
        internet_message_id: String::new(),
        folder: String::new(),
        size_bytes: String::new(),
        access_type: kind.to_string(),
        session_id: ev.sessions.primary().unwrap_or_default().to_string(),
        ip: ev.ip.map(|i| i.to_string()).unwrap_or_default(),
        mailbox: ev
            .mailbox_owner
            .clone()
            .unwrap_or_else(|| ev.actor.key.clone()),
        subject: String::new(),
        client: ev.client_info.clone().unwrap_or_default(),
        incident_id: incident_id.to_string(),
        source_file: files.get(ev.pos.file as usize).cloned().unwrap_or_default(),
        source_line: ev.pos.line,
        record_id: ev.record_id.clone().unwrap_or_default(),
        item_id: String::new(),
    };
    let mut out = Vec::new();
    for f in &m.folders {
        let folder = f.path.clone().unwrap_or_default();
        if f.items.is_empty() {
            out.push(AccessedMessage {
                folder,
                access_type: if kind.is_empty() { "Sync" } else { kind }.to_string(),
                ..base.clone()
            });
            continue;
        }
        for item in &f.items {
            out.push(AccessedMessage {
                internet_message_id: item.internet_message_id.clone().unwrap_or_default(),
                folder: folder.clone(),
                size_bytes: item.size_bytes.map(|s| s.to_string()).unwrap_or_default(),
                subject: item.subject.clone().unwrap_or_default(),
                item_id: item.item_id.clone().unwrap_or_default(),
                ..base.clone()
            });
        }
    }
    out
}
