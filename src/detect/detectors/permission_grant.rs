//! MT-M07: mailbox, Send-As, Send-on-behalf, folder and impersonation permissions granted.
//!
//! Why: with a second account or an admin session, an intruder keeps access to a mailbox
//! (or gives it to a mailbox they control) through delegation instead of the victim's
//! password: `Add-MailboxPermission` FullAccess (also ChangePermission / ChangeOwner),
//! `Add-RecipientPermission` SendAs, `Set-Mailbox -GrantSendOnBehalfTo`, the
//! ApplicationImpersonation role (every mailbox via EWS), or a folder permission that
//! shares the Inbox. Sharing the Inbox or the top of the mailbox with `Default` or
//! `Anonymous` (everyone) is high; the other grants are medium.
//!
//! Ignores: removals, folder grants on calendars, contacts and other non-mail folders,
//! folder rights that do not let the grantee read (`None`, `FolderVisible`,
//! `AvailabilityOnly`, `LimitedDetails`), failed cmdlets and system accounts
//! (`NT AUTHORITY\SYSTEM (Microsoft.Exchange.ServiceHost)`, which grants the automatic
//! permissions of shared mailboxes). Stateless: one finding per grant.

use super::mailbox_common::{actor_text, failed, finding_for, network_text};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::detail::{Detail, ForwardingDetail, PermissionDetail, PermissionKind};
use crate::event::{Event, UserKind};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M07",
    title: "Mailbox, Send-As or folder permission granted",
    severity: Severity::Medium,
    techniques: &["T1098.002"],
    status: Status::Stable,
    description: "FullAccess, ChangePermission or ChangeOwner on a mailbox, SendAs, \
        GrantSendOnBehalfTo, the ApplicationImpersonation role, or a read-level permission on \
        the Inbox or the top of a mailbox (high when granted to Default or Anonymous). \
        Delegation keeps an intruder's access to mail alive after a password reset.",
    fields: &[
        "operation",
        "actor",
        "ip",
        "result",
        "detail.kind",
        "detail.target",
        "detail.grantee",
        "detail.rights",
        "detail.removed",
        "detail.grant_send_on_behalf_to",
    ],
    params: &[],
    role: Role::action(Signal::Permission),
};

/// Mailbox rights that hand over the mailbox.
const MAILBOX_RIGHTS: &[&str] = &["fullaccess", "changepermission", "changeowner"];

/// Folder rights that do not let the grantee read items.
const NON_READ_RIGHTS: &[&str] = &[
    "none",
    "foldervisible",
    "availabilityonly",
    "limiteddetails",
];

/// Inbox names (lower case, common localisations) whose sharing is reported.
const INBOX_NAMES: &[&str] = &[
    "inbox",
    "posteingang",
    "boîte de réception",
    "bandeja de entrada",
    "posta in arrivo",
    "caixa de entrada",
    "postvak in",
    "inkorgen",
    "indbakke",
    "innboks",
    "saapuneet",
];

/// The detector.
#[derive(Debug, Default)]
pub struct PermissionGrant;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(PermissionGrant)
}

fn has_right(rights: &[String], wanted: &[&str]) -> Vec<String> {
    rights
        .iter()
        .filter(|r| wanted.iter().any(|w| r.trim().eq_ignore_ascii_case(w)))
        .cloned()
        .collect()
}

/// The folder part of a folder identity: `user@x:\Inbox` → `inbox`, `user@x:\` → ``.
fn folder_path(target: &str) -> String {
    let t = target.trim();
    let path = match t.rsplit_once(":\\") {
        Some((_, p)) => p,
        None => t,
    };
    path.trim_matches('\\').to_lowercase()
}

/// True for the Inbox (or a folder inside it) and the top of the information store.
fn is_mail_root(target: &str) -> bool {
    let p = folder_path(target);
    let first = p.split('\\').next().unwrap_or("");
    p.is_empty() || p == "top of information store" || INBOX_NAMES.contains(&first)
}

fn is_everyone(grantee: &str) -> bool {
    let g = grantee.trim().to_ascii_lowercase();
    matches!(g.as_str(), "default" | "anonymous" | "everyone")
}

/// What a permission record grants, as (severity, description), or `None`.
fn permission(p: &PermissionDetail) -> Option<(Severity, String)> {
    if p.removed {
        return None;
    }
    let target = p.target.as_deref().unwrap_or("unknown object");
    let grantee = p.grantee.as_deref().unwrap_or("unknown grantee");
    match p.kind {
        PermissionKind::Mailbox | PermissionKind::Other => {
            let r = has_right(&p.rights, MAILBOX_RIGHTS);
            (!r.is_empty()).then(|| {
                (
                    Severity::Medium,
                    format!("{} on mailbox {target}", r.join(", ")),
                )
            })
        }
        PermissionKind::Recipient => (!has_right(&p.rights, &["sendas"]).is_empty())
            .then(|| (Severity::Medium, format!("SendAs on {target}"))),
        PermissionKind::Role => (!has_right(&p.rights, &["applicationimpersonation"]).is_empty())
            .then(|| {
                (
                    Severity::Medium,
                    "the ApplicationImpersonation role".to_string(),
                )
            }),
        PermissionKind::SendOnBehalf => {
            Some((Severity::Medium, format!("send-on-behalf of {target}")))
        }
        PermissionKind::Folder => folder(p, target, grantee),
    }
    .map(|(s, what)| (s, format!("{what} to {grantee}")))
}

fn folder(p: &PermissionDetail, target: &str, grantee: &str) -> Option<(Severity, String)> {
    let reads = p
        .rights
        .iter()
        .any(|r| !NON_READ_RIGHTS.contains(&r.trim().to_ascii_lowercase().as_str()));
    if !reads || !is_mail_root(target) {
        return None;
    }
    let sev = if is_everyone(grantee) {
        Severity::High
    } else {
        Severity::Medium
    };
    Some((
        sev,
        format!("folder permission {} on {target}", p.rights.join(", ")),
    ))
}

/// `GrantSendOnBehalfTo` of `Set-Mailbox`: grantees, unless the value only removes.
fn send_on_behalf(f: &ForwardingDetail) -> Option<(Severity, String)> {
    let raw = f
        .params
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("GrantSendOnBehalfTo"))
        .map(|(_, v)| v.to_ascii_lowercase())?;
    if f.grant_send_on_behalf_to.is_empty() || (raw.contains("remove") && !raw.contains("add")) {
        return None;
    }
    let grantees: Vec<String> = f
        .grant_send_on_behalf_to
        .iter()
        .map(|g| {
            g.trim_start_matches("@{")
                .trim_start_matches("Add=")
                .trim_matches(['"', '}'])
                .to_string()
        })
        .collect();
    let target = f.mailbox.as_deref().unwrap_or("unknown mailbox");
    Some((
        Severity::Medium,
        format!("send-on-behalf of {target} to {}", grantees.join(", ")),
    ))
}

impl Detector for PermissionGrant {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, _ctx: &Context, out: &mut Vec<Finding>) {
        if ev.actor.kind == UserKind::System || failed(ev) {
            return;
        }
        let grant = match &ev.detail {
            Detail::Permission(p) => permission(p),
            Detail::MailboxForwarding(f) => send_on_behalf(f),
            _ => None,
        };
        let Some((sev, what)) = grant else {
            return;
        };
        let actor = actor_text(ev);
        let mut f = finding_for(&META, ev, actor, "").with_severity(sev);
        f.summary = format!(
            "{actor} granted {what} ({}) from {}",
            ev.operation,
            network_text(&f)
        );
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;
    use crate::event::UserRef;

    fn perm(op: &str, kind: PermissionKind, target: &str, grantee: &str, rights: &[&str]) -> Event {
        let mut e = event(1, 0, op, "megan.bowen@contoso.com");
        e.detail = Detail::Permission(Box::new(PermissionDetail {
            kind,
            target: Some(target.into()),
            grantee: Some(grantee.into()),
            rights: rights.iter().map(|r| r.to_string()).collect(),
            removed: op.starts_with("Remove"),
        }));
        e
    }

    fn one(e: Event) -> Vec<Finding> {
        run(&mut PermissionGrant, &ctx(), &[e])
    }

    #[test]
    fn mailbox_sendas_and_role_grants_fire() {
        let f = one(perm(
            "Add-MailboxPermission",
            PermissionKind::Mailbox,
            "finance@contoso.com",
            "x@contoso.com",
            &["FullAccess"],
        ));
        assert_eq!(f[0].severity, Severity::Medium);
        assert!(
            f[0].summary
                .contains("FullAccess on mailbox finance@contoso.com to x@contoso.com"),
            "{}",
            f[0].summary
        );
        assert_eq!(
            one(perm(
                "Add-RecipientPermission",
                PermissionKind::Recipient,
                "finance",
                "x",
                &["SendAs"]
            ))
            .len(),
            1
        );
        assert_eq!(
            one(perm(
                "New-ManagementRoleAssignment",
                PermissionKind::Role,
                "r",
                "x",
                &["ApplicationImpersonation"]
            ))
            .len(),
            1
        );
        assert!(
            one(perm(
                "New-ManagementRoleAssignment",
                PermissionKind::Role,
                "r",
                "x",
                &["MailRecipients"]
            ))
            .is_empty()
        );
        assert!(
            one(perm(
                "Add-MailboxPermission",
                PermissionKind::Mailbox,
                "m",
                "x",
                &["ReadPermission"]
            ))
            .is_empty()
        );
    }

    #[test]
    fn inbox_to_default_is_high_calendar_is_ignored() {
        let f = one(perm(
            "Add-MailboxFolderPermission",
            PermissionKind::Folder,
            "megan.bowen@contoso.com:\\Inbox",
            "Default",
            &["Reviewer"],
        ));
        assert_eq!(f[0].severity, Severity::High);
        let f = one(perm(
            "Add-MailboxFolderPermission",
            PermissionKind::Folder,
            "megan.bowen@contoso.com:\\",
            "x@contoso.com",
            &["ReadItems"],
        ));
        assert_eq!(f[0].severity, Severity::Medium);
        assert!(
            one(perm(
                "Add-MailboxFolderPermission",
                PermissionKind::Folder,
                "megan.bowen@contoso.com:\\Calendar",
                "Default",
                &["Reviewer"]
            ))
            .is_empty()
        );
        assert!(
            one(perm(
                "Set-MailboxFolderPermission",
                PermissionKind::Folder,
                "megan.bowen@contoso.com:\\Inbox",
                "Default",
                &["None"]
            ))
            .is_empty()
        );
    }

    #[test]
    fn removals_and_system_accounts_do_not_fire() {
        assert!(
            one(perm(
                "Remove-MailboxPermission",
                PermissionKind::Mailbox,
                "m",
                "x",
                &["FullAccess"]
            ))
            .is_empty()
        );
        let mut e = perm(
            "Add-MailboxPermission",
            PermissionKind::Mailbox,
            "m",
            "x",
            &["FullAccess"],
        );
        e.actor = UserRef::from_raw("NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)");
        assert!(one(e).is_empty());
    }

    #[test]
    fn grant_send_on_behalf_from_set_mailbox() {
        let mut e = event(1, 0, "Set-Mailbox", "admin@contoso.com");
        e.detail = Detail::MailboxForwarding(Box::new(ForwardingDetail {
            mailbox: Some("ceo@contoso.com".into()),
            grant_send_on_behalf_to: vec!["x@contoso.com".into()],
            params: vec![("GrantSendOnBehalfTo".into(), "x@contoso.com".into())],
            ..ForwardingDetail::default()
        }));
        let f = one(e.clone());
        assert!(
            f[0].summary
                .contains("send-on-behalf of ceo@contoso.com to x@contoso.com"),
            "{}",
            f[0].summary
        );
        if let Detail::MailboxForwarding(d) = &mut e.detail {
            d.params = vec![(
                "GrantSendOnBehalfTo".into(),
                "@{Remove=\"x@contoso.com\"}".into(),
            )];
        }
        assert!(one(e).is_empty());
    }
}
