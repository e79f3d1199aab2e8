//! The timeline's `message` column: one line a responder reads without opening the record —
//! for sign-ins the result, application, client, place, authentication requirement, MFA,
//! Conditional Access and failure reason; for mail access the folders and item counts;
//! for sends and deletions the subjects and counts; for rules the decoded conditions and
//! actions. Plain text: writers neutralise it for their medium.

use std::collections::BTreeMap;

use super::describe;
use super::directory::Directory;
use super::timeline::mfa_text;
use super::words::{count, quoted_list};
use crate::event::detail::*;
use crate::event::{Event, Outcome};

/// Subjects shown per send or delete message.
const SUBJECTS_SHOWN: usize = 3;

/// Describe an event in one line.
pub fn message(ev: &Event, dir: &Directory) -> String {
    let who = if ev.actor.key.is_empty() {
        "(unknown user)"
    } else {
        ev.actor.key.as_str()
    };
    let body = match &ev.detail {
        Detail::SignIn(d) => signin(ev, d),
        Detail::InboxRule(r) => format!("{} {}", rule_verb(r.change), describe::rule(r, dir, who)),
        Detail::MailboxForwarding(f) => forwarding(f, dir, who),
        Detail::TransportRule(t) => describe::transport_rule(t),
        Detail::MailAccess(m) => access(m),
        Detail::Send(s) => send(s, trace_status(ev)),
        Detail::Delete(d) => delete(&ev.operation, d),
        Detail::Search(s) => match &s.query {
            Some(q) => format!("searched the mailbox for '{q}'"),
            None => "searched the mailbox".into(),
        },
        Detail::Permission(p) => describe::permission(p, dir),
        Detail::Consent(c) => describe::consent(c),
        Detail::AuthMethod(a) => describe::auth_method(a),
        Detail::AuditConfig(p) | Detail::Admin(p) => params(&ev.operation, p),
        Detail::File(f) => describe::file(f),
        Detail::None => ev.operation.clone(),
    };
    let mbx = match &ev.mailbox_owner {
        Some(m) if *m != ev.actor.key => format!(" [mailbox {m}]"),
        _ => String::new(),
    };
    format!("{who}: {body}{mbx}")
}

fn rule_verb(change: RuleChange) -> &'static str {
    match change {
        RuleChange::New => "created inbox rule",
        RuleChange::Set => "changed inbox rule",
        RuleChange::Enable => "enabled inbox rule",
        RuleChange::Disable => "disabled inbox rule",
        RuleChange::Remove => "removed inbox rule",
        RuleChange::Inventory => "has inbox rule",
    }
}

fn signin(ev: &Event, d: &SignInDetail) -> String {
    let mut s = match ev.result.outcome {
        Outcome::Success => "successful sign-in",
        Outcome::Failure => "failed sign-in",
        Outcome::Interrupted => "interrupted sign-in",
        Outcome::Unknown => "sign-in",
    }
    .to_string();
    if d.interactive == Some(false) {
        s.insert_str(0, "non-interactive ");
    }
    if let Some(app) = ev.app_name.as_deref().or(d.resource.as_deref()) {
        s.push_str(&format!(" to {app}"));
    }
    if let Some(via) = d.client_app_used.as_deref().or(d.request_type.as_deref()) {
        s.push_str(&format!(" via {via}"));
    }
    if let Some(place) = place(ev) {
        s.push_str(&format!(" from {place}"));
    }
    let mut facts: Vec<String> = Vec::new();
    if let Some(r) = &d.auth_requirement {
        facts.push(r.clone());
    }
    let mfa = mfa_text(d);
    if !mfa.is_empty() {
        facts.push(format!("MFA {mfa}"));
    }
    if let Some(ca) = &d.conditional_access {
        facts.push(format!("Conditional Access {ca}"));
    }
    let code = ev.result.error_code.as_deref().filter(|c| *c != "0");
    match (code, ev.result.reason.as_deref()) {
        (Some(c), Some(r)) => facts.push(format!("error {c}: {r}")),
        (Some(c), None) => facts.push(format!("error {c}")),
        (None, Some(r)) if ev.result.outcome != Outcome::Success => facts.push(r.to_string()),
        _ => {}
    }
    if !facts.is_empty() {
        s.push_str(&format!(" ({})", facts.join("; ")));
    }
    s
}

/// `Clifton, New Jersey, US` from the source's own location.
fn place(ev: &Event) -> Option<String> {
    let l = ev.location.as_ref()?;
    let parts: Vec<&str> = [&l.city, &l.state, &l.country]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn forwarding(f: &ForwardingDetail, dir: &Directory, actor: &str) -> String {
    if let Some(t) = describe::forwarding(f, dir, actor) {
        return format!("set mailbox forwarding: {t}");
    }
    if f.cleared {
        return "cleared mailbox forwarding".into();
    }
    if !f.grant_send_on_behalf_to.is_empty() {
        return format!(
            "granted send-on-behalf to {}",
            f.grant_send_on_behalf_to.join(", ")
        );
    }
    "changed mailbox settings".into()
}

/// `read 112 messages (64 in Inbox, 36 in Sent Items, 12 in Archive)` or `synced 3 folders
/// whole (Inbox, Sent Items, Archive)`.
fn access(m: &MailAccessDetail) -> String {
    let mut per_folder: BTreeMap<usize, (String, usize)> = BTreeMap::new();
    let mut synced: Vec<String> = Vec::new();
    for (i, f) in m.folders.iter().enumerate() {
        let name = f
            .path
            .as_deref()
            .unwrap_or("?")
            .trim_start_matches('\\')
            .to_string();
        if f.items.is_empty() {
            synced.push(name);
        } else {
            per_folder.insert(i, (name, f.items.len()));
        }
    }
    let mut parts = Vec::new();
    let items = m.item_count() as u64;
    if items > 0 {
        let detail: Vec<String> = per_folder
            .values()
            .map(|(n, c)| format!("{c} in {n}"))
            .collect();
        parts.push(format!(
            "read {} ({})",
            count(items, "message"),
            detail.join(", ")
        ));
    }
    if !synced.is_empty() {
        let verb = if m.access_type == AccessType::Sync {
            "synced"
        } else {
            "accessed"
        };
        parts.push(format!(
            "{verb} {} whole ({})",
            count(synced.len() as u64, "folder"),
            synced.join(", ")
        ));
    }
    if parts.is_empty() {
        parts.push("accessed mailbox items".into());
    }
    let mut s = parts.join("; ");
    if let Some(c) = m
        .operation_count
        .filter(|&c| c != items + synced.len() as u64)
    {
        s.push_str(&format!(", {}", count(c, "operation")));
    }
    if m.throttled == Some(true) {
        s.push_str(" [throttled: more items were read than recorded]");
    }
    s
}

/// The delivery status a message-trace row carries (`Delivered`, `Failed`, `Quarantined`…).
fn trace_status(ev: &Event) -> Option<&str> {
    (ev.operation == "MessageTrace")
        .then_some(ev.result.error_code.as_deref())
        .flatten()
}

fn send(s: &SendDetail, status: Option<&str>) -> String {
    let mut t = "sent mail".to_string();
    if let Some(x) = &s.subject {
        t.push_str(&format!(" '{x}'"));
    }
    if !s.recipients.is_empty() {
        t.push_str(&format!(" to {}", s.recipients.join(", ")));
    }
    if let Some(a) = s.send_as.as_deref() {
        t.push_str(&format!(" as {a}"));
    } else if let Some(a) = s.on_behalf_of.as_deref() {
        t.push_str(&format!(" on behalf of {a}"));
    }
    match (s.size_bytes, status) {
        (Some(b), Some(st)) => t.push_str(&format!(" ({} KB, {st})", b.div_ceil(1024))),
        (Some(b), None) => t.push_str(&format!(" ({} KB)", b.div_ceil(1024))),
        (None, Some(st)) => t.push_str(&format!(" ({st})")),
        (None, None) => {}
    }
    t
}

fn delete(op: &str, d: &DeleteDetail) -> String {
    let verb = match op.to_ascii_lowercase().as_str() {
        "harddelete" => "permanently deleted",
        "movetodeleteditems" => "moved to Deleted Items",
        _ => "deleted",
    };
    let mut s = format!("{verb} {}", count(d.count, "item"));
    if let Some(f) = &d.folder {
        s.push_str(&format!(" from {}", f.trim_start_matches('\\')));
    }
    let subjects: Vec<String> = d
        .items
        .iter()
        .filter_map(|i| i.subject.clone())
        .take(SUBJECTS_SHOWN)
        .collect();
    if !subjects.is_empty() {
        let shown = subjects.len() as u64;
        s.push_str(&format!(": {}", quoted_list(&subjects, d.count.max(shown))));
    }
    s
}

fn params(op: &str, p: &ParamsDetail) -> String {
    let shown: Vec<String> = p
        .params
        .iter()
        .take(6)
        .map(|(n, v)| format!("{n}={}", crate::event::truncate_chars(v, 80)))
        .collect();
    if shown.is_empty() {
        op.to_string()
    } else {
        format!("{op} {}", shown.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_access_is_told_in_words() {
        let item = ItemRef::default();
        let m = MailAccessDetail {
            access_type: AccessType::Bind,
            operation_count: Some(3),
            folders: vec![
                FolderAccess {
                    path: Some("\\Inbox".into()),
                    items: vec![item.clone(), item.clone()],
                },
                FolderAccess {
                    path: Some("\\Sent Items".into()),
                    items: vec![item],
                },
            ],
            ..MailAccessDetail::default()
        };
        assert_eq!(access(&m), "read 3 messages (2 in Inbox, 1 in Sent Items)");
    }

    #[test]
    fn deletions_name_their_subjects() {
        let d = DeleteDetail {
            count: 2,
            folder: Some("\\Inbox".into()),
            items: vec![ItemRef {
                subject: Some("New sign-in to your account".into()),
                ..ItemRef::default()
            }],
        };
        assert_eq!(
            delete("SoftDelete", &d),
            "deleted 2 items from Inbox: 'New sign-in to your account' and 1 more"
        );
    }
}
