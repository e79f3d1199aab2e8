//! Typed details per category (SPEC §4). Built once in `event::audit` / `event::signin`
//! so detectors never re-parse `Parameters` or `OperationProperties`.

use serde::{Deserialize, Serialize};

/// Category-specific facts of an event.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Nothing specific.
    #[default]
    None,
    /// Sign-in facts.
    SignIn(Box<SignInDetail>),
    /// Inbox rule (cmdlet, `UpdateInboxRules`, or inventory row).
    InboxRule(Box<InboxRuleDetail>),
    /// Mailbox-level forwarding and settings (`Set-Mailbox`, `Set-MailUser`).
    MailboxForwarding(Box<ForwardingDetail>),
    /// Transport (mail-flow) rule.
    TransportRule(Box<TransportRuleDetail>),
    /// `MailItemsAccessed`.
    MailAccess(Box<MailAccessDetail>),
    /// `Send` / `SendAs` / `SendOnBehalf`.
    Send(Box<SendDetail>),
    /// Deletions.
    Delete(Box<DeleteDetail>),
    /// Mailbox search.
    Search(Box<SearchDetail>),
    /// Mailbox, recipient or folder permission.
    Permission(Box<PermissionDetail>),
    /// OAuth consent / app grant.
    Consent(Box<ConsentDetail>),
    /// MFA / security-info method change.
    AuthMethod(Box<AuthMethodDetail>),
    /// Audit configuration change.
    AuditConfig(Box<ParamsDetail>),
    /// Other admin cmdlet with its parameters.
    Admin(Box<ParamsDetail>),
    /// SharePoint / OneDrive file, folder or sharing-link activity.
    File(Box<FileDetail>),
}

/// How an inbox rule changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RuleChange {
    /// Created.
    #[default]
    New,
    /// Modified.
    Set,
    /// Enabled.
    Enable,
    /// Disabled.
    Disable,
    /// Removed.
    Remove,
    /// Current state from an inventory export.
    Inventory,
}

/// An inbox rule and what it does.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InboxRuleDetail {
    /// Rule name.
    pub name: Option<String>,
    /// Kind of change.
    pub change: RuleChange,
    /// Mailbox the rule lives in (from `ObjectId`/`Identity`/`Mailbox`).
    pub mailbox: Option<String>,
    /// Whether the rule is enabled, when known.
    pub enabled: Option<bool>,
    /// Conditions as `name=value` text.
    pub conditions: Vec<String>,
    /// Words the rule matches on (subject/body/sender keywords).
    pub keywords: Vec<String>,
    /// Folder mail is moved to.
    pub move_to_folder: Option<String>,
    /// Folder mail is copied to.
    pub copy_to_folder: Option<String>,
    /// Deletes mail (soft or permanent).
    pub delete: bool,
    /// Marks mail as read.
    pub mark_as_read: bool,
    /// Stops processing further rules.
    pub stop_processing: bool,
    /// Forward targets.
    pub forward_to: Vec<String>,
    /// Forward-as-attachment targets.
    pub forward_as_attachment_to: Vec<String>,
    /// Redirect targets.
    pub redirect_to: Vec<String>,
    /// Rule was created by a client (`UpdateInboxRules`) rather than a cmdlet.
    pub client_side: bool,
}

impl InboxRuleDetail {
    /// All forward/redirect targets.
    pub fn targets(&self) -> impl Iterator<Item = &String> {
        self.forward_to
            .iter()
            .chain(&self.forward_as_attachment_to)
            .chain(&self.redirect_to)
    }
}

/// Mailbox forwarding settings (`Set-Mailbox`, `Set-MailUser`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ForwardingDetail {
    /// Mailbox changed (`Identity`).
    pub mailbox: Option<String>,
    /// `ForwardingSmtpAddress` (external allowed).
    pub forwarding_smtp_address: Option<String>,
    /// `ForwardingAddress` (a recipient object).
    pub forwarding_address: Option<String>,
    /// `DeliverToMailboxAndForward`.
    pub deliver_and_forward: Option<bool>,
    /// Forwarding was explicitly cleared (parameter present but empty).
    pub cleared: bool,
    /// `GrantSendOnBehalfTo` grantees.
    pub grant_send_on_behalf_to: Vec<String>,
    /// All parameters as given.
    pub params: Vec<(String, String)>,
}

/// A transport rule and its delivery-changing actions.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TransportRuleDetail {
    /// Rule name.
    pub name: Option<String>,
    /// `RedirectMessageTo`.
    pub redirect_to: Vec<String>,
    /// `BlindCopyTo`.
    pub blind_copy_to: Vec<String>,
    /// `CopyTo`, `AddToRecipients`.
    pub copy_to: Vec<String>,
    /// Deletes the message.
    pub delete: bool,
    /// All parameters as given.
    pub params: Vec<(String, String)>,
}

/// `MailItemsAccessed` access kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum AccessType {
    /// Individual items bound (read).
    Bind,
    /// Whole folder synchronised (downloaded).
    Sync,
    /// Not stated.
    #[default]
    Unknown,
}

/// One message referenced by an access or delete record.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ItemRef {
    /// `InternetMessageId`.
    pub internet_message_id: Option<String>,
    /// Size in bytes.
    pub size_bytes: Option<u64>,
    /// Subject, when the source has it.
    pub subject: Option<String>,
    /// The mailbox store's own id of the item, when that is how the source names it: a
    /// Microsoft Graph message id taken from a request URI (`AAMkAGI2…=`). Not an
    /// InternetMessageId, so it is kept apart from `internet_message_id`.
    pub item_id: Option<String>,
}

/// A folder touched by an access record and its items.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FolderAccess {
    /// Folder path (`\Inbox`).
    pub path: Option<String>,
    /// Items bound in it.
    pub items: Vec<ItemRef>,
}

/// Mailbox items accessed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MailAccessDetail {
    /// Bind or Sync.
    pub access_type: AccessType,
    /// `IsThrottled`.
    pub throttled: Option<bool>,
    /// `OperationCount` (aggregated records).
    pub operation_count: Option<u64>,
    /// Folders and their items.
    pub folders: Vec<FolderAccess>,
}

impl MailAccessDetail {
    /// Number of items listed across folders.
    pub fn item_count(&self) -> usize {
        self.folders.iter().map(|f| f.items.len()).sum()
    }
}

/// A sent message.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SendDetail {
    /// Subject.
    pub subject: Option<String>,
    /// Recipients, when present.
    pub recipients: Vec<String>,
    /// `InternetMessageId`.
    pub internet_message_id: Option<String>,
    /// Size in bytes.
    pub size_bytes: Option<u64>,
    /// Mailbox sent as (`SendAsUserSmtp`).
    pub send_as: Option<String>,
    /// Mailbox sent on behalf of (`SendOnBehalfOfUserSmtp`).
    pub on_behalf_of: Option<String>,
}

/// Maximum items kept per delete record.
pub const DELETE_ITEMS_MAX: usize = 50;

/// Deleted items.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DeleteDetail {
    /// Items affected (count; may exceed the listed items).
    pub count: u64,
    /// Source folder.
    pub folder: Option<String>,
    /// Items (bounded by [`DELETE_ITEMS_MAX`]).
    pub items: Vec<ItemRef>,
}

/// A mailbox search.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchDetail {
    /// Query text, when recorded.
    pub query: Option<String>,
}

/// Kind of permission granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum PermissionKind {
    /// `Add-MailboxPermission` (FullAccess, …).
    Mailbox,
    /// `Add-RecipientPermission` (SendAs).
    Recipient,
    /// Folder permission.
    Folder,
    /// `GrantSendOnBehalfTo`.
    SendOnBehalf,
    /// Management role assignment (e.g. ApplicationImpersonation).
    Role,
    /// Other.
    #[default]
    Other,
}

/// A permission grant or removal.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PermissionDetail {
    /// What kind.
    pub kind: PermissionKind,
    /// Mailbox or folder the permission is on.
    pub target: Option<String>,
    /// Who receives it.
    pub grantee: Option<String>,
    /// Rights (`FullAccess`, `SendAs`, `Reviewer`, …).
    pub rights: Vec<String>,
    /// True for a removal.
    pub removed: bool,
}

/// OAuth consent or app-permission grant.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConsentDetail {
    /// Application display name.
    pub app_name: Option<String>,
    /// Application id.
    pub app_id: Option<String>,
    /// Scopes / permissions granted.
    pub scopes: Vec<String>,
    /// `AllPrincipals` (tenant-wide) or `Principal`.
    pub consent_type: Option<String>,
    /// Admin consent flag.
    pub admin_consent: Option<bool>,
}

/// An authentication-method change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AuthMethodDetail {
    /// What happened (`registered`, `deleted`, `updated`, `disabled`, `changed`).
    pub change: String,
    /// Methods named (added or current).
    pub methods: Vec<String>,
    /// Methods before the change, when known.
    pub old_methods: Vec<String>,
    /// Target user when an admin changed someone else's methods.
    pub target_user: Option<String>,
}

/// A cmdlet's parameters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ParamsDetail {
    /// Object acted on.
    pub target: Option<String>,
    /// Parameters as given.
    pub params: Vec<(String, String)>,
}

/// What happened to a file or folder (SharePoint / OneDrive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum FileAction {
    /// Opened, previewed or viewed (`FileAccessed`, `FilePreviewed`, `FileAccessedExtended`).
    Accessed,
    /// Downloaded or synced down (`FileDownloaded`, `FileSyncDownloadedFull`, `FileSyncDownloadedPartial`).
    Downloaded,
    /// Uploaded (`FileUploaded`, `FileSyncUploadedFull`, …).
    Uploaded,
    /// Modified, renamed, moved, copied, checked in/out (`FileModified*`, `FileRenamed`, `FileMoved`, `FileCopied`, …).
    Modified,
    /// Deleted or recycled (`FileDeleted*`, `FileRecycled`, `FolderDeleted*`, `FolderRecycled`, `FileVersionsAllDeleted`).
    Deleted,
    /// Shared with people (`SharingSet`, `SharingInvitationCreated`, `AddedToSecureLink`, …).
    Shared,
    /// A sharing link created or changed (`AnonymousLinkCreated`, `SecureLinkCreated`, `CompanyLinkCreated`, `*LinkUpdated`).
    LinkCreated,
    /// A sharing link used (`AnonymousLinkUsed`, `SecureLinkUsed`, `CompanyLinkUsed`).
    LinkUsed,
    /// Anything else in the file family (`FolderCreated`, `SharingInheritanceBroken`, …).
    #[default]
    Other,
}

/// SharePoint / OneDrive file or sharing activity.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FileDetail {
    /// What happened.
    pub action: FileAction,
    /// The link is an anonymous ("anyone") link (`Anonymous*` operations).
    pub anonymous_link: bool,
    /// Object acted on: the file or folder URL (`ObjectId`, else `OfficeObjectId`).
    pub object: Option<String>,
    /// File name (`SourceFileName`, else the last path segment of the object).
    pub file_name: Option<String>,
    /// Site URL (`SiteUrl`, `Site_Url`).
    pub site: Option<String>,
    /// Whom it was shared with (`TargetUserOrGroupName`, `UserSharedWith`).
    pub shared_with: Option<String>,
}

impl FileDetail {
    /// A sharing action: shared with people, or a sharing link created or used.
    pub fn is_sharing(&self) -> bool {
        matches!(
            self.action,
            FileAction::Shared | FileAction::LinkCreated | FileAction::LinkUsed
        )
    }

    /// The file's name, else the object URL.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref().or(self.object.as_deref())
    }
}

/// Sign-in facts from any source.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SignInDetail {
    /// Log the sign-in came from (`interactive`, `non-interactive`, `service-principal`,
    /// `managed-identity`, `ual`).
    pub log: Option<String>,
    /// Interactive flag.
    pub interactive: Option<bool>,
    /// `clientAppUsed` (`Browser`, `Authenticated SMTP`, …).
    pub client_app_used: Option<String>,
    /// `authenticationProtocol` (`deviceCode`, `ropc`, …).
    pub auth_protocol: Option<String>,
    /// UAL `RequestType` (`OAuth2:Authorize`, `Cmsi:Cmsi`, …).
    pub request_type: Option<String>,
    /// `authenticationRequirement` (single/multi factor).
    pub auth_requirement: Option<String>,
    /// MFA method used, when any.
    pub mfa_method: Option<String>,
    /// MFA result or detail text (portal `Multifactor authentication result`, Graph
    /// `mfaDetail.authDetail` or `status.additionalDetails`: "MFA requirement satisfied by
    /// claim in the token", "MFA completed in Azure AD", …).
    pub mfa_result: Option<String>,
    /// Resource signed in to.
    pub resource: Option<String>,
    /// Conditional Access status.
    pub conditional_access: Option<String>,
    /// Risk level during sign-in.
    pub risk_level: Option<String>,
    /// Risk state.
    pub risk_state: Option<String>,
    /// Incoming token type (`primaryRefreshToken`, …).
    pub incoming_token_type: Option<String>,
    /// User type (`Member`, `Guest`).
    pub user_type: Option<String>,
    /// Cross-tenant access type.
    pub cross_tenant: Option<String>,
    /// Authentication methods in the details list.
    pub auth_methods: Vec<String>,
}
