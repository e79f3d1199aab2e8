//! Coarse event categories, derived once from the operation name (SPEC §4).

use serde::{Deserialize, Serialize};

/// What kind of action an event records; detectors dispatch on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    /// Interactive or non-interactive sign-in (success or failure).
    SignIn,
    /// Inbox rule created, changed, enabled, disabled or removed.
    InboxRule,
    /// Mailbox configuration (forwarding, transport rules, mailbox settings).
    MailboxConfig,
    /// Mailbox, folder or recipient permission change.
    Permission,
    /// Mailbox items read or synced (`MailItemsAccessed`).
    MailAccess,
    /// Mail sent (`Send`, `SendAs`, `SendOnBehalf`).
    Send,
    /// Mail deleted or moved to Deleted Items.
    Delete,
    /// Mailbox search.
    Search,
    /// MFA / security-info method change.
    AuthMethod,
    /// OAuth consent, app permission grant, service principal credentials.
    AppConsent,
    /// Audit configuration change.
    AuditConfig,
    /// Other administrative change.
    Admin,
    /// SharePoint / OneDrive file activity.
    File,
    /// Anything else.
    Other,
}

impl Category {
    /// Stable name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::SignIn => "SignIn",
            Category::InboxRule => "InboxRule",
            Category::MailboxConfig => "MailboxConfig",
            Category::Permission => "Permission",
            Category::MailAccess => "MailAccess",
            Category::Send => "Send",
            Category::Delete => "Delete",
            Category::Search => "Search",
            Category::AuthMethod => "AuthMethod",
            Category::AppConsent => "AppConsent",
            Category::AuditConfig => "AuditConfig",
            Category::Admin => "Admin",
            Category::File => "File",
            Category::Other => "Other",
        }
    }

    /// Category of a normalised operation name (case-insensitive).
    pub fn of_operation(op: &str) -> Category {
        let lower = op.to_ascii_lowercase();
        if let Some(c) = exact(&lower) {
            return c;
        }
        by_prefix(&lower)
    }
}

/// Operations whose category is fixed by their exact name.
fn exact(op: &str) -> Option<Category> {
    use Category::*;
    Some(match op {
        "userloggedin"
        | "userloginfailed"
        | "signin"
        | "sign-in activity"
        | "passwordlogoninitialauthusingpassword"
        | "userloggedout" => SignIn,
        "new-inboxrule" | "set-inboxrule" | "enable-inboxrule" | "disable-inboxrule"
        | "remove-inboxrule" | "updateinboxrules" | "inboxrule" => InboxRule,
        // `GraphMailRead`: a mail GET in the Microsoft Graph activity log (`graph-activity`).
        "mailitemsaccessed" | "mailboxlogin" | "graphmailread" => MailAccess,
        "send" | "sendas" | "sendonbehalf" => Send,
        "softdelete" | "harddelete" | "movetodeleteditems" => Delete,
        "searchqueryinitiatedexchange"
        | "searchqueryinitiatedsharepoint"
        | "search-mailbox"
        | "new-compliancesearch"
        | "start-compliancesearch" => Search,
        "add-mailboxpermission"
        | "remove-mailboxpermission"
        | "add-recipientpermission"
        | "remove-recipientpermission"
        | "add-mailboxfolderpermission"
        | "set-mailboxfolderpermission"
        | "remove-mailboxfolderpermission"
        | "updatefolderpermissions"
        | "addfolderpermissions"
        | "modifyfolderpermissions"
        | "new-managementroleassignment" => Permission,
        "set-mailbox"
        | "set-mailuser"
        | "new-transportrule"
        | "set-transportrule"
        | "enable-transportrule"
        | "disable-transportrule"
        | "remove-transportrule"
        | "set-casmailbox"
        | "set-mailboxjunkemailconfiguration"
        | "set-owamailboxpolicy"
        | "new-inboundconnector"
        | "new-outboundconnector"
        | "set-inboundconnector"
        | "set-outboundconnector"
        | "set-remotedomain"
        | "new-remotedomain" => MailboxConfig,
        "user registered security info"
        | "user deleted security info"
        | "user changed default security info"
        | "user registered all required security info"
        | "disable strong authentication"
        | "enable strong authentication"
        | "update user"
        | "reset user password"
        | "change user password"
        | "admin registered security info"
        | "admin deleted security info"
        | "admin updated security info" => AuthMethod,
        "consent to application"
        | "add oauth2permissiongrant"
        | "add app role assignment grant to user"
        | "add delegated permission grant"
        | "add app role assignment to service principal"
        | "add service principal"
        | "add service principal credentials"
        | "update application – certificates and secrets management"
        | "update application - certificates and secrets management"
        | "add application"
        | "update application"
        | "add owner to application" => AppConsent,
        // Joining a device to the directory is persistence (T1098.005) done in Entra, not
        // in Exchange; `Add device` and `Add registered owner to device` are Admin by prefix.
        "register device" => Admin,
        "set-adminauditlogconfig"
        | "set-mailboxauditbypassassociation"
        | "set-organizationconfig"
        | "remove-mailboxauditbypassassociation" => AuditConfig,
        _ => return None,
    })
}

/// Fallback by operation family.
fn by_prefix(op: &str) -> Category {
    use Category::*;
    if op.starts_with("file")
        || op.starts_with("folder")
        || op.starts_with("sharing")
        || is_sharing_link(op)
    {
        File
    } else if op.contains("inboxrule") {
        InboxRule
    } else if op.contains("transportrule") || op.contains("forwarding") {
        MailboxConfig
    } else if op.contains("permission") {
        Permission
    } else if op.contains("auditlog") || op.contains("auditbypass") {
        AuditConfig
    } else if op.starts_with("new-")
        || op.starts_with("set-")
        || op.starts_with("add-")
        || op.starts_with("remove-")
        || op.starts_with("enable-")
        || op.starts_with("disable-")
        || op.starts_with("add ")
        || op.starts_with("update ")
        || op.starts_with("delete ")
    {
        Admin
    } else {
        Other
    }
}

/// SharePoint / OneDrive sharing-link operations (`AnonymousLinkCreated`, `SecureLinkUsed`,
/// `CompanyLinkCreated`, `AddedToSecureLink`, `RemovedFromSecureLink`, …).
fn is_sharing_link(op: &str) -> bool {
    ["linkcreated", "linkused", "linkupdated", "linkremoved"]
        .iter()
        .any(|s| op.ends_with(s))
        || op.contains("securelink")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_of_common_operations() {
        assert_eq!(Category::of_operation("New-InboxRule"), Category::InboxRule);
        assert_eq!(
            Category::of_operation("UpdateInboxRules"),
            Category::InboxRule
        );
        assert_eq!(
            Category::of_operation("MAILITEMSACCESSED"),
            Category::MailAccess
        );
        assert_eq!(
            Category::of_operation("GraphMailRead"),
            Category::MailAccess
        );
        assert_eq!(Category::of_operation("GraphApiRequest"), Category::Other);
        assert_eq!(
            Category::of_operation("Consent to application"),
            Category::AppConsent
        );
        assert_eq!(Category::of_operation("UserLoginFailed"), Category::SignIn);
        assert_eq!(Category::of_operation("FileAccessed"), Category::File);
        assert_eq!(
            Category::of_operation("Set-Mailbox"),
            Category::MailboxConfig
        );
        assert_eq!(Category::of_operation("New-Mailbox"), Category::Admin);
        assert_eq!(Category::of_operation("Register device"), Category::Admin);
        assert_eq!(Category::of_operation("Add device"), Category::Admin);
        assert_eq!(Category::of_operation("Whatever"), Category::Other);
    }

    #[test]
    fn sharing_link_operations_are_file_activity() {
        for op in [
            "AnonymousLinkCreated",
            "AnonymousLinkUsed",
            "AnonymousLinkUpdated",
            "AnonymousLinkRemoved",
            "SecureLinkCreated",
            "SecureLinkUsed",
            "SecureLinkUpdated",
            "CompanyLinkCreated",
            "CompanyLinkUsed",
            "AddedToSecureLink",
            "RemovedFromSecureLink",
            "SharingInvitationCreated",
            "SharingInvitationAccepted",
            "SharingSet",
            "FolderCreated",
        ] {
            assert_eq!(Category::of_operation(op), Category::File, "{op}");
        }
        assert_eq!(Category::of_operation("PageViewed"), Category::Other);
    }
}
