//! Plain words for the things an intruder leaves behind — inbox rules with their decoded
//! conditions and actions, forwarding, permissions, consents, MFA methods, sharing links —
//! shared by the timeline's `message` column and the incidents. Mailbox names are resolved
//! to UPNs through the run's [`Directory`].

use super::directory::Directory;
use crate::event::detail::*;

/// `'.' in megan@contoso.com: when subject or body contains invoice, payment: move to 'RSS
/// Feeds', mark as read, stop processing other rules`. `actor` names the mailbox when the
/// rule does not.
pub fn rule(r: &InboxRuleDetail, dir: &Directory, actor: &str) -> String {
    let mailbox = match r.mailbox.as_deref() {
        Some(m) => dir.describe(m),
        None => actor.to_string(),
    };
    let mut s = format!("'{}' in {mailbox}", r.name.as_deref().unwrap_or(""));
    let conditions = conditions(r);
    if !conditions.is_empty() {
        s.push_str(&format!(": when {}", conditions.join(" and ")));
    }
    let actions = actions(r);
    if !actions.is_empty() {
        s.push_str(": ");
        s.push_str(&actions.join(", "));
    }
    if r.enabled == Some(false) {
        s.push_str(" (disabled)");
    }
    s
}

/// Conditions in words (`subject or body contains invoice, payment`).
fn conditions(r: &InboxRuleDetail) -> Vec<String> {
    r.conditions
        .iter()
        .map(|c| match c.split_once('=') {
            Some((name, value)) => {
                format!("{} {}", condition_words(name), value.replace(';', ", "))
            }
            None => c.clone(),
        })
        .collect()
}

fn condition_words(name: &str) -> String {
    match name {
        "From" => "from".into(),
        "FromAddressContainsWords" => "sender address contains".into(),
        "SentTo" => "sent to".into(),
        "SubjectContainsWords" => "subject contains".into(),
        "SubjectOrBodyContainsWords" => "subject or body contains".into(),
        "BodyContainsWords" => "body contains".into(),
        "HeaderContainsWords" => "header contains".into(),
        "RecipientAddressContainsWords" => "recipient address contains".into(),
        "HasAttachment" => "has attachment:".into(),
        "ExceptIfSubjectContainsWords" => "unless subject contains".into(),
        "ExceptIfFrom" => "unless from".into(),
        other => format!("{other}:"),
    }
}

/// Actions in words.
fn actions(r: &InboxRuleDetail) -> Vec<String> {
    let mut a = Vec::new();
    if let Some(f) = &r.move_to_folder {
        a.push(format!("move to '{f}'"));
    }
    if let Some(f) = &r.copy_to_folder {
        a.push(format!("copy to '{f}'"));
    }
    if r.delete {
        a.push("delete".into());
    }
    if r.mark_as_read {
        a.push("mark as read".into());
    }
    if !r.forward_to.is_empty() {
        a.push(format!("forward to {}", r.forward_to.join(", ")));
    }
    if !r.forward_as_attachment_to.is_empty() {
        a.push(format!(
            "forward as attachment to {}",
            r.forward_as_attachment_to.join(", ")
        ));
    }
    if !r.redirect_to.is_empty() {
        a.push(format!("redirect to {}", r.redirect_to.join(", ")));
    }
    if r.stop_processing {
        a.push("stop processing other rules".into());
    }
    a
}

/// The address a mailbox forwards to (`smtp:` prefix removed), when the change sets one.
pub fn forwarding_target(f: &ForwardingDetail) -> Option<&str> {
    let target = f
        .forwarding_smtp_address
        .as_deref()
        .or(f.forwarding_address.as_deref())?;
    Some(
        target
            .strip_prefix("smtp:")
            .or_else(|| target.strip_prefix("SMTP:"))
            .unwrap_or(target),
    )
}

/// Mailbox forwarding in words, or `None` when the change is not forwarding.
pub fn forwarding(f: &ForwardingDetail, dir: &Directory, actor: &str) -> Option<String> {
    let target = forwarding_target(f)?;
    let mailbox = f
        .mailbox
        .as_deref()
        .map_or_else(|| actor.to_string(), |m| dir.describe(m));
    let copy = match f.deliver_and_forward {
        Some(false) => ", no copy kept",
        Some(true) => ", copy kept",
        None => "",
    };
    Some(format!("mailbox {mailbox} forwards to {target}{copy}"))
}

/// A transport rule's delivery changes in words.
pub fn transport_rule(t: &TransportRuleDetail) -> String {
    let mut targets = Vec::new();
    for (what, list) in [
        ("redirect to", &t.redirect_to),
        ("BCC to", &t.blind_copy_to),
        ("copy to", &t.copy_to),
    ] {
        if !list.is_empty() {
            targets.push(format!("{what} {}", list.join(", ")));
        }
    }
    let mut s = format!("transport rule '{}'", t.name.as_deref().unwrap_or(""));
    if !targets.is_empty() {
        s.push_str(": ");
        s.push_str(&targets.join(", "));
    }
    if t.delete {
        s.push_str(", delete message");
    }
    s
}

/// A permission grant or removal in words.
pub fn permission(p: &PermissionDetail, dir: &Directory) -> String {
    let verb = if p.removed { "removed" } else { "granted" };
    let rights = if p.rights.is_empty() {
        "permission".to_string()
    } else {
        p.rights.join(", ")
    };
    let target = p
        .target
        .as_deref()
        .map_or_else(|| "?".to_string(), |t| dir.describe(t));
    format!(
        "{verb} {rights} on {target} to {}",
        p.grantee.as_deref().unwrap_or("?")
    )
}

/// A consent in words.
pub fn consent(c: &ConsentDetail) -> String {
    let app = c.app_name.as_deref().or(c.app_id.as_deref()).unwrap_or("?");
    let mut s = format!("consent to application '{app}'");
    if !c.scopes.is_empty() {
        s.push_str(&format!(" with {}", c.scopes.join(", ")));
    }
    if c.consent_type.as_deref() == Some("AllPrincipals") {
        s.push_str(" (tenant-wide)");
    }
    s
}

/// Credentials added to an application in words (`app credentials changed: Add service
/// principal credentials on 'Mail Backup Pro'`).
pub fn app_credentials(c: &ConsentDetail, operation: &str) -> String {
    let app = c.app_name.as_deref().or(c.app_id.as_deref()).unwrap_or("?");
    format!("app credentials changed: {operation} on '{app}'")
}

/// An authentication-method change in words.
pub fn auth_method(a: &AuthMethodDetail) -> String {
    let mut s = format!("authentication method {}", a.change);
    if !a.methods.is_empty() {
        s.push_str(&format!(": {}", a.methods.join(", ")));
    }
    if let Some(t) = &a.target_user {
        s.push_str(&format!(" for {t}"));
    }
    s
}

/// A file or sharing action in words.
pub fn file(f: &FileDetail) -> String {
    let name = f.name().unwrap_or("a file");
    let anyone = if f.anonymous_link { "anonymous " } else { "" };
    let with = f
        .shared_with
        .as_deref()
        .map(|w| format!(" with {w}"))
        .unwrap_or_default();
    match f.action {
        FileAction::Accessed => format!("opened '{name}'"),
        FileAction::Downloaded => format!("downloaded '{name}'"),
        FileAction::Uploaded => format!("uploaded '{name}'"),
        FileAction::Modified => format!("modified '{name}'"),
        FileAction::Deleted => format!("deleted '{name}'"),
        FileAction::Shared => format!("shared '{name}'{with}"),
        FileAction::LinkCreated => format!("created an {anyone}sharing link to '{name}'{with}")
            .replace("an sharing", "a sharing"),
        FileAction::LinkUsed => {
            format!("used an {anyone}sharing link to '{name}'").replace("an sharing", "a sharing")
        }
        FileAction::Other => format!("file activity on '{name}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_told_with_their_conditions_and_actions() {
        let r = InboxRuleDetail {
            name: Some(".".into()),
            mailbox: Some("megan.bowen@contoso.com".into()),
            conditions: vec!["SubjectOrBodyContainsWords=invoice;payment".into()],
            move_to_folder: Some("RSS Feeds".into()),
            mark_as_read: true,
            stop_processing: true,
            ..InboxRuleDetail::default()
        };
        assert_eq!(
            rule(&r, &Directory::default(), "x@contoso.com"),
            "'.' in megan.bowen@contoso.com: when subject or body contains invoice, payment: \
             move to 'RSS Feeds', mark as read, stop processing other rules"
        );
    }

    #[test]
    fn forwarding_names_the_target_and_the_copy() {
        let f = ForwardingDetail {
            forwarding_smtp_address: Some("smtp:x@evil.example".into()),
            deliver_and_forward: Some(false),
            ..ForwardingDetail::default()
        };
        assert_eq!(
            forwarding(&f, &Directory::default(), "megan@contoso.com").as_deref(),
            Some("mailbox megan@contoso.com forwards to x@evil.example, no copy kept")
        );
    }
}
