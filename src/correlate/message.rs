//! One-line human descriptions of events for the timeline `message` column. Plain text:
//! writers neutralise it for their medium.

use crate::event::detail::*;
use crate::event::{Event, Outcome};

/// Describe an event in one line.
pub fn message(ev: &Event) -> String {
    let who = if ev.actor.key.is_empty() {
        "(unknown user)"
    } else {
        ev.actor.key.as_str()
    };
    let body = match &ev.detail {
        Detail::SignIn(d) => signin(ev, d),
        Detail::InboxRule(r) => inbox_rule(r),
        Detail::MailboxForwarding(f) => forwarding(f),
        Detail::TransportRule(t) => transport(t),
        Detail::MailAccess(m) => access(m),
        Detail::Send(s) => send(s),
        Detail::Delete(d) => delete(d),
        Detail::Search(s) => format!(
            "searched mailbox{}",
            s.query
                .as_deref()
                .map(|q| format!(" for '{q}'"))
                .unwrap_or_default()
        ),
        Detail::Permission(p) => permission(p),
        Detail::Consent(c) => consent(c),
        Detail::AuthMethod(a) => format!(
            "authentication method {}{}",
            a.change,
            list_suffix(" ", &a.methods)
        ),
        Detail::AuditConfig(p) | Detail::Admin(p) => params(&ev.operation, p),
        Detail::File(f) => file(&ev.operation, f),
        Detail::None => ev.operation.clone(),
    };
    let mbx = match &ev.mailbox_owner {
        Some(m) if *m != ev.actor.key => format!(" [mailbox {m}]"),
        _ => String::new(),
    };
    format!("{who}: {body}{mbx}")
}

fn list_suffix(prefix: &str, items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!("{prefix}{}", items.join(";"))
    }
}

fn signin(ev: &Event, d: &SignInDetail) -> String {
    let result = match ev.result.outcome {
        Outcome::Success => "successful sign-in".to_string(),
        Outcome::Failure => "failed sign-in".to_string(),
        Outcome::Interrupted => "interrupted sign-in".to_string(),
        Outcome::Unknown => "sign-in".to_string(),
    };
    let code = ev
        .result
        .error_code
        .as_deref()
        .filter(|c| *c != "0")
        .map(|c| format!(" (error {c})"))
        .unwrap_or_default();
    let app = ev
        .app_name
        .as_deref()
        .or(d.resource.as_deref())
        .map(|a| format!(" to {a}"))
        .unwrap_or_default();
    let via = d
        .client_app_used
        .as_deref()
        .or(d.request_type.as_deref())
        .map(|c| format!(" via {c}"))
        .unwrap_or_default();
    format!("{result}{app}{via}{code}")
}

fn inbox_rule(r: &InboxRuleDetail) -> String {
    let verb = match r.change {
        RuleChange::New => "created inbox rule",
        RuleChange::Set => "changed inbox rule",
        RuleChange::Enable => "enabled inbox rule",
        RuleChange::Disable => "disabled inbox rule",
        RuleChange::Remove => "removed inbox rule",
        RuleChange::Inventory => "has inbox rule",
    };
    let mut actions = Vec::new();
    if let Some(f) = &r.move_to_folder {
        actions.push(format!("move to '{f}'"));
    }
    if r.delete {
        actions.push("delete".into());
    }
    if r.mark_as_read {
        actions.push("mark as read".into());
    }
    let targets: Vec<String> = r.targets().cloned().collect();
    if !targets.is_empty() {
        actions.push(format!("forward to {}", targets.join(";")));
    }
    if r.stop_processing {
        actions.push("stop processing".into());
    }
    let kw = list_suffix(" when matching ", &r.keywords);
    let acts = list_suffix(": ", &actions)
        .replace(';', ", ")
        .replacen(", ", "; ", 0);
    format!("{verb} '{}'{acts}{kw}", r.name.as_deref().unwrap_or(""))
}

fn forwarding(f: &ForwardingDetail) -> String {
    let target = f
        .forwarding_smtp_address
        .as_deref()
        .or(f.forwarding_address.as_deref());
    match (target, f.cleared) {
        (Some(t), _) => format!(
            "set mailbox forwarding to {t}{}",
            if f.deliver_and_forward == Some(false) {
                " (no copy kept)"
            } else {
                ""
            }
        ),
        (None, true) => "cleared mailbox forwarding".into(),
        _ if !f.grant_send_on_behalf_to.is_empty() => format!(
            "granted send-on-behalf to {}",
            f.grant_send_on_behalf_to.join(";")
        ),
        _ => "changed mailbox settings".into(),
    }
}

fn transport(t: &TransportRuleDetail) -> String {
    let mut targets = t.redirect_to.clone();
    targets.extend(t.blind_copy_to.iter().cloned());
    targets.extend(t.copy_to.iter().cloned());
    format!(
        "transport rule '{}'{}",
        t.name.as_deref().unwrap_or(""),
        list_suffix(" sending to ", &targets)
    )
}

fn access(m: &MailAccessDetail) -> String {
    let kind = match m.access_type {
        AccessType::Bind => "read",
        AccessType::Sync => "synced",
        AccessType::Unknown => "accessed",
    };
    let folders: Vec<String> = m.folders.iter().filter_map(|f| f.path.clone()).collect();
    let count = m
        .operation_count
        .map(|c| format!(" ({c} operations)"))
        .unwrap_or_default();
    let throttled = if m.throttled == Some(true) {
        " [throttled]"
    } else {
        ""
    };
    format!(
        "{kind} {} items{}{count}{throttled}",
        m.item_count(),
        list_suffix(" in ", &folders)
    )
}

fn send(s: &SendDetail) -> String {
    let subject = s
        .subject
        .as_deref()
        .map(|x| format!(" '{x}'"))
        .unwrap_or_default();
    let to = list_suffix(" to ", &s.recipients);
    let r#as = s
        .send_as
        .as_deref()
        .or(s.on_behalf_of.as_deref())
        .map(|a| format!(" as {a}"))
        .unwrap_or_default();
    format!("sent mail{subject}{to}{as}")
}

fn delete(d: &DeleteDetail) -> String {
    let folder = d
        .folder
        .as_deref()
        .map(|f| format!(" from {f}"))
        .unwrap_or_default();
    format!("deleted {} items{folder}", d.count)
}

fn permission(p: &PermissionDetail) -> String {
    let verb = if p.removed { "removed" } else { "granted" };
    format!(
        "{verb} {} on {} to {}",
        if p.rights.is_empty() {
            "permission".to_string()
        } else {
            p.rights.join(";")
        },
        p.target.as_deref().unwrap_or("?"),
        p.grantee.as_deref().unwrap_or("?")
    )
}

fn consent(c: &ConsentDetail) -> String {
    let app = c.app_name.as_deref().or(c.app_id.as_deref()).unwrap_or("?");
    let scope = list_suffix(" scopes ", &c.scopes);
    let tenant = if c.consent_type.as_deref() == Some("AllPrincipals") {
        " (tenant-wide)"
    } else {
        ""
    };
    format!("consent to application '{app}'{scope}{tenant}")
}

fn params(op: &str, p: &ParamsDetail) -> String {
    let shown: Vec<String> = p
        .params
        .iter()
        .take(6)
        .map(|(n, v)| format!("{n}={}", crate::event::truncate_chars(v, 80)))
        .collect();
    format!("{op}{}", list_suffix(" ", &shown).replace(';', " "))
}

fn file(op: &str, f: &FileDetail) -> String {
    let Some(name) = f.file_name.as_deref().or(f.object.as_deref()) else {
        return op.to_string();
    };
    let link = if f.anonymous_link {
        "an anonymous"
    } else {
        "a sharing"
    };
    let with = f
        .shared_with
        .as_deref()
        .map(|w| format!(" with {w}"))
        .unwrap_or_default();
    match f.action {
        FileAction::Accessed => format!("accessed '{name}'"),
        FileAction::Downloaded => format!("downloaded '{name}'"),
        FileAction::Uploaded => format!("uploaded '{name}'"),
        FileAction::Modified => format!("modified '{name}'"),
        FileAction::Deleted => format!("deleted '{name}'"),
        FileAction::Shared => format!("shared '{name}'{with}"),
        FileAction::LinkCreated if op.to_ascii_lowercase().ends_with("updated") => {
            format!("changed {link} link to '{name}'")
        }
        FileAction::LinkCreated => format!("created {link} link to '{name}'"),
        FileAction::LinkUsed => format!("used {link} link to '{name}'"),
        FileAction::Other => format!("{op} '{name}'"),
    }
}
