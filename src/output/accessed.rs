//! accessed_messages.csv (SPEC §7, §7b): every message attacker IPs and sessions bound and
//! every folder they synced, streamed in time order as the events are replayed.

use super::table::Column;
use crate::correlate::accessed::AccessedMessage;

/// File name.
pub const NAME: &str = "accessed_messages.csv";

/// The columns, in order.
pub static COLUMNS: &[Column<AccessedMessage>] = &[
    Column {
        name: "user",
        cell: |r| r.user.clone(),
    },
    Column {
        name: "time",
        cell: |r| r.time.clone(),
    },
    Column {
        name: "internet_message_id",
        cell: |r| r.internet_message_id.clone(),
    },
    Column {
        name: "folder",
        cell: |r| r.folder.clone(),
    },
    Column {
        name: "size_bytes",
        cell: |r| r.size_bytes.clone(),
    },
    Column {
        name: "access_type",
        cell: |r| r.access_type.clone(),
    },
    Column {
        name: "session_id",
        cell: |r| r.session_id.clone(),
    },
    Column {
        name: "ip",
        cell: |r| r.ip.clone(),
    },
    Column {
        name: "mailbox",
        cell: |r| r.mailbox.clone(),
    },
    Column {
        name: "subject",
        cell: |r| r.subject.clone(),
    },
    Column {
        name: "client",
        cell: |r| r.client.clone(),
    },
    Column {
        name: "incident_id",
        cell: |r| r.incident_id.clone(),
    },
    Column {
        name: "source_file",
        cell: |r| r.source_file.clone(),
    },
    Column {
        name: "source_line",
        cell: |r| r.source_line.to_string(),
    },
    Column {
        name: "record_id",
        cell: |r| r.record_id.clone(),
    },
    Column {
        name: "item_id",
        cell: |r| r.item_id.clone(),
    },
];
