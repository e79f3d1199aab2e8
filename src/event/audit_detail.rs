//! Typed details from UAL records: the one place that reads `Parameters`,
//! `OperationProperties`, `ModifiedProperties` and the Exchange item structures.

use serde_json::Value;

use super::detail::*;
use super::fields::{
    Fields, NameValues, first_str, get, get_str, nested_owned, nested_value, parse_bool,
    split_multi, split_recipients,
};
use super::{Category, Event};

/// Build the category detail of a UAL record.
pub fn build(audit: &dyn Fields, ev: &Event) -> Detail {
    let op = ev.operation.to_ascii_lowercase();
    match ev.category {
        Category::SignIn => Detail::SignIn(Box::new(signin(audit))),
        Category::InboxRule if op == "updateinboxrules" => {
            Detail::InboxRule(Box::new(update_inbox_rules(audit)))
        }
        Category::InboxRule => Detail::InboxRule(Box::new(inbox_rule_cmdlet(audit, &op))),
        Category::MailAccess => Detail::MailAccess(Box::new(mail_access(audit))),
        Category::Send => Detail::Send(Box::new(send(audit))),
        Category::Delete => Detail::Delete(Box::new(delete(audit))),
        Category::Search => Detail::Search(Box::new(SearchDetail {
            query: first_str(audit, &["QueryText", "SearchQuery", "Query"])
                .or_else(|| params(audit).get("SearchQuery").map(String::from)),
        })),
        Category::Permission => Detail::Permission(Box::new(permission(audit, &op))),
        Category::MailboxConfig if op.contains("transportrule") => {
            Detail::TransportRule(Box::new(transport_rule(audit)))
        }
        Category::MailboxConfig if op == "set-mailbox" || op == "set-mailuser" => {
            Detail::MailboxForwarding(Box::new(forwarding(audit)))
        }
        Category::AppConsent => Detail::Consent(Box::new(consent(audit))),
        Category::AuthMethod => Detail::AuthMethod(Box::new(auth_method(audit, &op))),
        Category::AuditConfig => Detail::AuditConfig(Box::new(params_detail(audit))),
        Category::MailboxConfig | Category::Admin => Detail::Admin(Box::new(params_detail(audit))),
        Category::File => Detail::File(Box::new(file(audit, &op))),
        _ => Detail::None,
    }
}

fn params(audit: &dyn Fields) -> NameValues {
    NameValues::from_value(audit.field("Parameters").as_deref())
}

fn params_detail(audit: &dyn Fields) -> ParamsDetail {
    let p = params(audit);
    ParamsDetail {
        target: audit
            .text("ObjectId")
            .or_else(|| p.get("Identity").map(String::from)),
        params: p.0,
    }
}

fn signin(audit: &dyn Fields) -> SignInDetail {
    let ext = NameValues::from_value(audit.field("ExtendedProperties").as_deref());
    SignInDetail {
        log: Some("ual".into()),
        request_type: ext.get("RequestType").map(String::from),
        resource: audit.text("ObjectId"),
        user_type: audit.text("UserType"),
        ..SignInDetail::default()
    }
}

/// `Identity` / `ObjectId` look like `mailbox\rule name`, where the mailbox part may be a
/// directory path (`EURPR07A010.PROD.OUTLOOK.COM/…/example.onmicrosoft.com/<guid>`): keep
/// its last segment.
fn split_identity(s: &str) -> (Option<String>, Option<String>) {
    match s.rsplit_once('\\') {
        Some((mbx, rule)) => {
            let mbx = mbx.rsplit('/').next().unwrap_or(mbx);
            (super::non_empty(mbx), super::non_empty(rule))
        }
        None => (None, super::non_empty(s)),
    }
}

const CONDITION_PARAMS: &[&str] = &[
    "From",
    "FromAddressContainsWords",
    "SentTo",
    "SubjectContainsWords",
    "SubjectOrBodyContainsWords",
    "BodyContainsWords",
    "HeaderContainsWords",
    "RecipientAddressContainsWords",
    "HasAttachment",
    "MyNameInToBox",
    "FlaggedForAction",
    "WithImportance",
    "WithinSizeRangeMinimum",
    "WithinSizeRangeMaximum",
    "MessageTypeMatches",
    "ExceptIfSubjectContainsWords",
    "ExceptIfFrom",
];

fn inbox_rule_cmdlet(audit: &dyn Fields, op: &str) -> InboxRuleDetail {
    let p = params(audit);
    let (mbx_from_obj, name_from_obj) = audit
        .text("ObjectId")
        .map(|o| split_identity(&o))
        .unwrap_or_default();
    let (mbx_from_id, name_from_id) = p.get("Identity").map(split_identity).unwrap_or_default();
    let change = match op {
        "set-inboxrule" => RuleChange::Set,
        "enable-inboxrule" => RuleChange::Enable,
        "disable-inboxrule" => RuleChange::Disable,
        "remove-inboxrule" => RuleChange::Remove,
        _ => RuleChange::New,
    };
    let mut rule = InboxRuleDetail {
        name: p
            .get("Name")
            .map(String::from)
            .or(name_from_obj)
            .or(name_from_id),
        change,
        mailbox: p
            .get("Mailbox")
            .map(String::from)
            .or(mbx_from_obj)
            .or(mbx_from_id),
        enabled: match change {
            RuleChange::Enable => Some(true),
            RuleChange::Disable => Some(false),
            _ => p.flag("Enabled"),
        },
        move_to_folder: p.get("MoveToFolder").map(clean_folder),
        copy_to_folder: p.get("CopyToFolder").map(clean_folder),
        delete: p.flag("DeleteMessage") == Some(true) || p.flag("SoftDeleteMessage") == Some(true),
        mark_as_read: p.flag("MarkAsRead") == Some(true),
        stop_processing: p.flag("StopProcessingRules") == Some(true),
        forward_to: p.get("ForwardTo").map(split_recipients).unwrap_or_default(),
        forward_as_attachment_to: p
            .get("ForwardAsAttachmentTo")
            .map(split_recipients)
            .unwrap_or_default(),
        redirect_to: p
            .get("RedirectTo")
            .map(split_recipients)
            .unwrap_or_default(),
        ..InboxRuleDetail::default()
    };
    for name in CONDITION_PARAMS {
        if let Some(v) = p.get(name) {
            rule.conditions.push(format!("{name}={v}"));
            if name.ends_with("ContainsWords") && !name.starts_with("ExceptIf") {
                rule.keywords.extend(split_multi(v));
            }
        }
    }
    rule
}

/// `MoveToFolder` values look like `mailbox:\RSS Feeds` or `:\Archive`.
fn clean_folder(s: &str) -> String {
    let s = s.trim();
    let s = s.rsplit_once(":\\").map_or(s, |(_, f)| f);
    s.trim_start_matches('\\').to_string()
}

/// `UpdateInboxRules` (Outlook/EWS/MAPI): actions and conditions live in
/// `OperationProperties` as text (`RuleActions`, `RuleCondition`, `ServerRule`).
fn update_inbox_rules(audit: &dyn Fields) -> InboxRuleDetail {
    let props = NameValues::from_value(audit.field("OperationProperties").as_deref());
    let mut rule = InboxRuleDetail {
        name: props.get("RuleName").map(String::from),
        change: match props
            .get("RuleOperation")
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "removemailboxrule" => RuleChange::Remove,
            "modifymailboxrule" => RuleChange::Set,
            _ => RuleChange::New,
        },
        mailbox: audit.text("MailboxOwnerUPN"),
        enabled: props
            .get("RuleState")
            .map(|s| !s.to_ascii_lowercase().contains("disabled")),
        client_side: true,
        ..InboxRuleDetail::default()
    };
    let actions = [props.get("RuleActions"), props.get("ServerRule")];
    for text in actions.into_iter().flatten() {
        apply_action_text(text, &mut rule);
    }
    if let Some(cond) = props.get("RuleCondition") {
        rule.conditions.push(cond.to_string());
        rule.keywords.extend(quoted_words(cond));
    }
    rule
}

/// Read rule actions from `RuleActions`/`ServerRule` text, JSON or not.
fn apply_action_text(text: &str, rule: &mut InboxRuleDetail) {
    let lower = text.to_ascii_lowercase();
    let parsed = nested_value(&Value::String(text.to_string()));
    let addresses = parsed
        .as_ref()
        .map(collect_addresses)
        .unwrap_or_else(|| words_with_at(text));
    if lower.contains("redirect") {
        rule.redirect_to.extend(addresses.iter().cloned());
    } else if lower.contains("forwardasattachment") {
        rule.forward_as_attachment_to
            .extend(addresses.iter().cloned());
    } else if lower.contains("forward") {
        rule.forward_to.extend(addresses.iter().cloned());
    }
    if lower.contains("delete") {
        rule.delete = true;
    }
    if lower.contains("markasread") || lower.contains("mark as read") {
        rule.mark_as_read = true;
    }
    if lower.contains("stopprocessing") {
        rule.stop_processing = true;
    }
    if lower.contains("move")
        && let Some(folder) = parsed.as_ref().and_then(find_folder)
    {
        rule.move_to_folder = Some(folder);
    }
    rule.forward_to.dedup();
    rule.redirect_to.dedup();
}

/// Every string value in a JSON tree that looks like an e-mail address.
fn collect_addresses(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk_strings(v, &mut |s| out.extend(words_with_at(s)));
    out.sort();
    out.dedup();
    out
}

fn walk_strings(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::String(s) => f(s),
        Value::Array(a) => a.iter().for_each(|x| walk_strings(x, f)),
        Value::Object(m) => m.values().for_each(|x| walk_strings(x, f)),
        _ => {}
    }
}

fn words_with_at(s: &str) -> Vec<String> {
    s.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ';' | ',' | '"' | '\'' | '<' | '>' | '[' | ']' | '(' | ')'
            )
    })
    .map(|w| w.trim_start_matches("smtp:").trim_start_matches("SMTP:"))
    .filter(|w| w.contains('@') && w.len() > 3)
    .map(str::to_string)
    .collect()
}

/// A folder name from action JSON (`Folder`, `FolderName`, `Path`, `DisplayName`).
fn find_folder(v: &Value) -> Option<String> {
    match v {
        Value::Object(m) => {
            for key in ["Folder", "FolderName", "FolderPath", "Path", "DisplayName"] {
                if let Some(s) = super::fields::get_in(m, key).and_then(super::fields::scalar_text)
                {
                    return Some(clean_folder(&s));
                }
            }
            m.values().find_map(find_folder)
        }
        Value::Array(a) => a.iter().find_map(find_folder),
        _ => None,
    }
}

/// Words in double quotes (`(Subject contains "invoice")`).
fn quoted_words(s: &str) -> Vec<String> {
    s.split('"')
        .skip(1)
        .step_by(2)
        .filter_map(super::non_empty)
        .collect()
}

fn forwarding(audit: &dyn Fields) -> ForwardingDetail {
    let p = params(audit);
    let smtp = p.get("ForwardingSmtpAddress").map(|s| {
        s.trim_start_matches("smtp:")
            .trim_start_matches("SMTP:")
            .to_string()
    });
    let addr = p.get("ForwardingAddress").map(String::from);
    let cleared = (p.has("ForwardingSmtpAddress") && smtp.is_none())
        || (p.has("ForwardingAddress") && addr.is_none());
    ForwardingDetail {
        mailbox: p
            .get("Identity")
            .map(String::from)
            .or_else(|| audit.text("ObjectId")),
        forwarding_smtp_address: smtp,
        forwarding_address: addr,
        deliver_and_forward: p.flag("DeliverToMailboxAndForward"),
        cleared,
        grant_send_on_behalf_to: p
            .get("GrantSendOnBehalfTo")
            .map(split_recipients)
            .unwrap_or_default(),
        params: p.0,
    }
}

fn transport_rule(audit: &dyn Fields) -> TransportRuleDetail {
    let p = params(audit);
    let list = |n: &str| p.get(n).map(split_recipients).unwrap_or_default();
    let mut copy_to = list("CopyTo");
    copy_to.extend(list("AddToRecipients"));
    TransportRuleDetail {
        name: p.get("Name").or(p.get("Identity")).map(String::from),
        redirect_to: list("RedirectMessageTo"),
        blind_copy_to: list("BlindCopyTo"),
        copy_to,
        delete: p.flag("DeleteMessage") == Some(true),
        params: p.0,
    }
}

fn item_ref(v: &Value) -> ItemRef {
    ItemRef {
        internet_message_id: get_str(v, "InternetMessageId"),
        size_bytes: get_str(v, "SizeInBytes").and_then(|s| s.parse().ok()),
        subject: get_str(v, "Subject"),
        item_id: None,
    }
}

fn mail_access(audit: &dyn Fields) -> MailAccessDetail {
    let props = NameValues::from_value(audit.field("OperationProperties").as_deref());
    let access_type = match props
        .get("MailAccessType")
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "bind" => AccessType::Bind,
        "sync" => AccessType::Sync,
        _ => AccessType::Unknown,
    };
    let folders = audit
        .field("Folders")
        .and_then(nested_owned)
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(|f| FolderAccess {
            path: get_str(f, "Path"),
            items: get(f, "FolderItems")
                .and_then(Value::as_array)
                .map(|items| items.iter().map(item_ref).collect())
                .unwrap_or_default(),
        })
        .collect();
    MailAccessDetail {
        access_type,
        throttled: props.get("IsThrottled").and_then(parse_bool),
        operation_count: audit.text("OperationCount").and_then(|s| s.parse().ok()),
        folders,
    }
}

fn send(audit: &dyn Fields) -> SendDetail {
    let item = audit
        .field("Item")
        .and_then(nested_owned)
        .unwrap_or(Value::Null);
    let mut recipients = Vec::new();
    for key in ["Recipients", "To", "Cc", "Bcc"] {
        if let Some(v) = get(&item, key) {
            walk_strings(v, &mut |s| recipients.extend(words_with_at(s)));
        }
    }
    SendDetail {
        subject: get_str(&item, "Subject"),
        recipients,
        internet_message_id: get_str(&item, "InternetMessageId"),
        size_bytes: get_str(&item, "SizeInBytes").and_then(|s| s.parse().ok()),
        send_as: audit.text("SendAsUserSmtp").map(|s| s.to_lowercase()),
        on_behalf_of: audit
            .text("SendOnBehalfOfUserSmtp")
            .map(|s| s.to_lowercase()),
    }
}

fn delete(audit: &dyn Fields) -> DeleteDetail {
    let items: Vec<Value> = audit
        .field("AffectedItems")
        .and_then(nested_owned)
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    let folder = audit
        .field("Folder")
        .and_then(nested_owned)
        .and_then(|f| get_str(&f, "Path"))
        .or_else(|| {
            items
                .first()
                .and_then(|i| get(i, "ParentFolder"))
                .and_then(|f| get_str(f, "Path"))
        });
    let count = audit
        .text("OperationCount")
        .and_then(|s| s.parse().ok())
        .unwrap_or(items.len() as u64)
        .max(items.len() as u64);
    DeleteDetail {
        count: count.max(1),
        folder,
        items: items.iter().take(DELETE_ITEMS_MAX).map(item_ref).collect(),
    }
}

fn permission(audit: &dyn Fields, op: &str) -> PermissionDetail {
    let p = params(audit);
    let kind = if op.contains("recipientpermission") {
        PermissionKind::Recipient
    } else if op.contains("folderpermission") {
        PermissionKind::Folder
    } else if op.contains("mailboxpermission") {
        PermissionKind::Mailbox
    } else if op.contains("managementroleassignment") {
        PermissionKind::Role
    } else {
        PermissionKind::Other
    };
    let item = audit.field("Item").and_then(nested_owned);
    let parent = item.as_ref().and_then(|i| get(i, "ParentFolder").cloned());
    let mut rights = p.get("AccessRights").map(split_multi).unwrap_or_default();
    if let Some(role) = p.get("Role") {
        rights.push(role.to_string());
    }
    if rights.is_empty()
        && let Some(r) = parent.as_ref().and_then(|f| get_str(f, "MemberRights"))
    {
        rights = split_multi(&r);
    }
    PermissionDetail {
        kind,
        target: p
            .get("Identity")
            .map(String::from)
            .or_else(|| parent.as_ref().and_then(|f| get_str(f, "Path")))
            .or_else(|| audit.text("ObjectId")),
        grantee: first_param(&p, &["User", "Trustee", "SecurityPrincipal"])
            .or_else(|| parent.as_ref().and_then(|f| get_str(f, "MemberUpn"))),
        rights,
        removed: op.starts_with("remove"),
    }
}

/// SharePoint / OneDrive file and sharing records: the Management API's `ObjectId`,
/// `SiteUrl`, `TargetUserOrGroupName`, or Log Analytics' `OfficeObjectId`, `Site_Url`,
/// `UserSharedWith`.
fn file(audit: &dyn Fields, op: &str) -> FileDetail {
    let object = first_str(audit, &["ObjectId", "OfficeObjectId"]);
    let file_name = audit
        .text("SourceFileName")
        .or_else(|| object.as_deref().and_then(last_segment));
    FileDetail {
        action: file_action(op),
        anonymous_link: op.starts_with("anonymouslink"),
        object,
        file_name,
        site: first_str(audit, &["SiteUrl", "Site_Url"]),
        shared_with: first_str(audit, &["TargetUserOrGroupName", "UserSharedWith"]),
    }
}

/// What a file-family operation (lower-cased) did.
fn file_action(op: &str) -> FileAction {
    let item = op.starts_with("file") || op.starts_with("folder");
    let has = |words: &[&str]| words.iter().any(|w| op.contains(w));
    if op.ends_with("linkused") {
        FileAction::LinkUsed
    } else if op.ends_with("linkcreated") || op.ends_with("linkupdated") {
        FileAction::LinkCreated
    } else if matches!(
        op,
        "sharingset"
            | "sharinginvitationcreated"
            | "sharinginvitationaccepted"
            | "addedtosecurelink"
    ) {
        FileAction::Shared
    } else if !item {
        FileAction::Other
    } else if has(&["deleted", "recycled"]) {
        FileAction::Deleted
    } else if op.starts_with("filedownloaded") || op.starts_with("filesyncdownloaded") {
        FileAction::Downloaded
    } else if op.starts_with("fileuploaded") || op.starts_with("filesyncuploaded") {
        FileAction::Uploaded
    } else if op.starts_with("fileaccessed") || op == "filepreviewed" {
        FileAction::Accessed
    } else if has(&[
        "modified",
        "renamed",
        "moved",
        "copied",
        "checkedin",
        "checkedout",
        "checkoutdiscarded",
    ]) {
        FileAction::Modified
    } else {
        FileAction::Other
    }
}

/// The last segment of a URL or path (`…/Documents/Q1.xlsx` → `Q1.xlsx`); `None` when
/// the text is not a path.
fn last_segment(object: &str) -> Option<String> {
    let trimmed = object.trim_end_matches('/');
    let (_, last) = trimmed.rsplit_once('/')?;
    super::non_empty(last)
}

fn first_param(p: &NameValues, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| p.get(n)).map(String::from)
}

/// `ModifiedProperties` as name → new value / old value.
fn modified(audit: &dyn Fields) -> Vec<(String, String, String)> {
    audit
        .field("ModifiedProperties")
        .and_then(nested_owned)
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|m| {
            let name = get_str(m, "Name")?;
            let new = get(m, "NewValue")
                .map(super::fields::render_value)
                .unwrap_or_default();
            let old = get(m, "OldValue")
                .map(super::fields::render_value)
                .unwrap_or_default();
            Some((name, new, old))
        })
        .collect()
}

fn target_name(audit: &dyn Fields, wanted_type: Option<&str>) -> Option<String> {
    let targets = audit.field("Target")?;
    let targets = targets.as_array()?;
    targets.iter().find_map(|t| {
        let id = get_str(t, "ID")?;
        match wanted_type {
            Some(ty) if get_str(t, "Type").as_deref() != Some(ty) => None,
            _ => Some(id),
        }
    })
}

fn consent(audit: &dyn Fields) -> ConsentDetail {
    let mods = modified(audit);
    let find = |suffix: &str| {
        mods.iter()
            .find(|(n, _, _)| {
                n.to_ascii_lowercase()
                    .ends_with(&suffix.to_ascii_lowercase())
            })
            .map(|(_, new, _)| new.clone())
    };
    let mut scopes = Vec::new();
    for (name, new, _) in &mods {
        let n = name.to_ascii_lowercase();
        if n.ends_with("approle.value") {
            scopes.extend(
                new.split_whitespace()
                    .map(|v| v.trim_matches('"').to_string()),
            );
        } else if n.contains("permissions") || n.contains("scope") {
            scopes.extend(extract_scopes(new));
        }
    }
    scopes.sort();
    scopes.dedup();
    ConsentDetail {
        app_name: target_name(audit, Some("1")).or_else(|| audit.text("ObjectId")),
        // `TargetId.ServicePrincipalNames` starts with the application id (the id that
        // later appears as `AppId` on the app's mail reads); the Type-2 target is the
        // service principal's object id, a different GUID.
        app_id: find("ServicePrincipalNames")
            .and_then(|v| first_guid(&v))
            .or_else(|| target_name(audit, Some("2")))
            .or_else(|| find("AppId")),
        scopes,
        consent_type: find("ConsentType").or_else(|| scope_consent_type(&mods)),
        admin_consent: find("IsAdminConsent").and_then(|s| parse_bool(&s)),
    }
}

/// The first GUID in a `;`/`,`-separated list (`9b0f…;https://app.example`).
fn first_guid(text: &str) -> Option<String> {
    text.split([';', ',', ' ', '"'])
        .map(str::trim)
        .find(|t| t.len() == 36 && t.chars().filter(|c| *c == '-').count() == 4)
        .map(|t| t.to_ascii_lowercase())
}

/// Consent permissions look like `[] => [[Id: …, ClientId: …, PrincipalId: , ConsentType: AllPrincipals, Scope:  Mail.Read offline_access, …]]`.
fn extract_scopes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split("Scope:").skip(1) {
        let end = part.find([',', ']']).unwrap_or(part.len());
        out.extend(part[..end].split_whitespace().map(str::to_string));
    }
    if out.is_empty() {
        out.extend(
            text.split(|c: char| c.is_whitespace() || c == ',' || c == '"')
                .filter(|w| w.contains('.') && w.chars().next().is_some_and(char::is_uppercase))
                .map(str::to_string),
        );
    }
    out
}

fn scope_consent_type(mods: &[(String, String, String)]) -> Option<String> {
    mods.iter().find_map(|(_, new, _)| {
        let i = new.find("ConsentType:")?;
        let rest = new[i + "ConsentType:".len()..].trim_start();
        let end = rest.find([',', ']']).unwrap_or(rest.len());
        super::non_empty(&rest[..end])
    })
}

fn auth_method(audit: &dyn Fields, op: &str) -> AuthMethodDetail {
    let mods = modified(audit);
    let mut detail = AuthMethodDetail {
        change: if op.contains("registered") {
            "registered"
        } else if op.contains("deleted") {
            "deleted"
        } else if op.contains("disable") {
            "disabled"
        } else if op.contains("password") {
            "password"
        } else {
            "updated"
        }
        .into(),
        target_user: target_name(audit, Some("5")),
        ..AuthMethodDetail::default()
    };
    for (name, new, old) in &mods {
        if name.to_ascii_lowercase().contains("strongauthentication") {
            detail.methods.extend(method_names(new));
            detail.old_methods.extend(method_names(old));
        }
    }
    if let Some(d) = NameValues::from_value(audit.field("ExtendedProperties").as_deref())
        .get("additionalDetails")
    {
        detail.methods.push(additional_method(d));
    }
    detail
}

/// The method named in `additionalDetails`, which security-info records write as JSON
/// (`{"Method":"Authenticator App","DeviceName":"iPhone 12"}` → `Authenticator App (iPhone
/// 12)`); other text is kept as it is.
fn additional_method(text: &str) -> String {
    let Some(v) = nested_value(&Value::String(text.to_string())).filter(Value::is_object) else {
        return text.to_string();
    };
    match (
        first_str(&v, &["Method", "AuthenticationMethod"]),
        first_str(&v, &["DeviceName", "Device"]),
    ) {
        (Some(m), Some(d)) => format!("{m} ({d})"),
        (Some(m), None) => m,
        _ => text.to_string(),
    }
}

/// Method names from `StrongAuthenticationMethod` JSON (`[{"MethodType":6,"Default":true}]`).
fn method_names(text: &str) -> Vec<String> {
    let Some(v) = nested_value(&Value::String(text.to_string())) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Value::Array(items) = v {
        for item in items {
            if let Some(t) = first_str(&item, &["MethodType", "methodType"]) {
                out.push(format!("MethodType={t}"));
            } else if let Some(s) = item.as_str() {
                out.push(s.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn security_info_details_name_the_method_and_device() {
        assert_eq!(
            super::additional_method(r#"{"Method":"Authenticator App","DeviceName":"iPhone 12"}"#),
            "Authenticator App (iPhone 12)"
        );
        assert_eq!(super::additional_method("Phone"), "Phone");
    }

    use super::*;
    use crate::event::{
        SourcePos,
        audit::{Wrapper, map_audit},
        time::DateOrder,
    };
    use serde_json::json;

    fn ev(v: Value) -> Event {
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "ual-json",
        );
        map_audit(&v, &Wrapper::default(), DateOrder::Mdy, &mut ev).unwrap();
        ev
    }

    #[test]
    fn new_inbox_rule_parameters() {
        let e = ev(
            json!({"CreationTime": "2024-01-01T00:00:00", "Operation": "New-InboxRule",
            "ObjectId": "alice@contoso.com\\.", "Parameters": [
              {"Name": "Name", "Value": "."}, {"Name": "MoveToFolder", "Value": "alice@contoso.com:\\RSS Feeds"},
              {"Name": "MarkAsRead", "Value": "True"}, {"Name": "StopProcessingRules", "Value": "True"},
              {"Name": "SubjectOrBodyContainsWords", "Value": "invoice;payment"},
              {"Name": "ForwardTo", "Value": "x@evil.example"}]}),
        );
        let Detail::InboxRule(r) = e.detail else {
            panic!("not a rule")
        };
        assert_eq!(r.name.as_deref(), Some("."));
        assert_eq!(r.mailbox.as_deref(), Some("alice@contoso.com"));
        assert_eq!(r.move_to_folder.as_deref(), Some("RSS Feeds"));
        assert!(r.mark_as_read && r.stop_processing && !r.delete);
        assert_eq!(r.keywords, vec!["invoice", "payment"]);
        assert_eq!(r.forward_to, vec!["x@evil.example"]);
    }

    #[test]
    fn update_inbox_rules_actions() {
        let e = ev(
            json!({"CreationTime": "2024-01-01T00:00:00", "Operation": "UpdateInboxRules",
            "OperationProperties": [
              {"Name": "RuleName", "Value": "x"}, {"Name": "RuleOperation", "Value": "AddMailboxRule"},
              {"Name": "RuleActions", "Value": "[{\"ActionType\":\"ForwardToRecipientsAction\",\"Recipients\":[\"bad@evil.example\"]},{\"ActionType\":\"DeleteAction\"}]"},
              {"Name": "RuleCondition", "Value": "(Subject contains \"invoice\")"}]}),
        );
        let Detail::InboxRule(r) = e.detail else {
            panic!("not a rule")
        };
        assert_eq!(r.forward_to, vec!["bad@evil.example"]);
        assert!(r.delete && r.client_side);
        assert_eq!(r.keywords, vec!["invoice"]);
    }

    #[test]
    fn mail_items_accessed_folders() {
        let e = ev(
            json!({"CreationTime": "2024-01-01T00:00:00", "Operation": "MailItemsAccessed",
            "OperationCount": 3, "OperationProperties": [{"Name": "MailAccessType", "Value": "Bind"},
              {"Name": "IsThrottled", "Value": "False"}],
            "Folders": [{"Path": "\\Inbox", "FolderItems": [{"InternetMessageId": "<a@b>", "SizeInBytes": 10}]}]}),
        );
        let Detail::MailAccess(m) = e.detail else {
            panic!("not access")
        };
        assert_eq!(m.access_type, AccessType::Bind);
        assert_eq!(m.throttled, Some(false));
        assert_eq!(m.operation_count, Some(3));
        assert_eq!(m.item_count(), 1);
    }

    #[test]
    fn consent_scopes_and_type() {
        let e = ev(
            json!({"CreationTime": "2024-01-01T00:00:00", "Operation": "Consent to application.",
            "ModifiedProperties": [
              {"Name": "ConsentContext.IsAdminConsent", "NewValue": "True", "OldValue": ""},
              {"Name": "ConsentAction.Permissions", "NewValue": "[] => [[Id: x, ConsentType: AllPrincipals, Scope: Mail.Read offline_access, CreatedDateTime: ]]", "OldValue": ""}],
            "Target": [{"ID": "EvilApp", "Type": 1}]}),
        );
        let Detail::Consent(c) = e.detail else {
            panic!("not consent")
        };
        assert_eq!(c.scopes, vec!["Mail.Read", "offline_access"]);
        assert_eq!(c.consent_type.as_deref(), Some("AllPrincipals"));
        assert_eq!(c.admin_consent, Some(true));
        assert_eq!(c.app_name.as_deref(), Some("EvilApp"));
    }

    #[test]
    fn app_role_grants_carry_their_permission_as_a_scope() {
        let e = ev(
            json!({"CreationTime": "2024-01-01T00:00:00", "Operation": "Add app role assignment to service principal.",
            "ModifiedProperties": [{"Name": "AppRole.Value", "NewValue": "\"Mail.Read\"", "OldValue": ""}]}),
        );
        let Detail::Consent(c) = e.detail else {
            panic!("not consent")
        };
        assert_eq!(c.scopes, vec!["Mail.Read"]);
    }

    #[test]
    fn anonymous_link_created_management_api() {
        let e = ev(json!({"CreationTime": "2026-01-05T10:12:00", "Id": "f1",
            "Operation": "AnonymousLinkCreated", "RecordType": 14, "UserType": 0,
            "Workload": "OneDrive", "UserId": "megan.bowen@contoso.com", "ClientIP": "159.203.1.1",
            "ObjectId": "https://contoso-my.sharepoint.com/personal/megan_bowen_contoso_com/Documents/Payroll Q1.xlsx",
            "EventSource": "SharePoint", "ItemType": "File", "SourceFileExtension": "xlsx",
            "SiteUrl": "https://contoso-my.sharepoint.com/personal/megan_bowen_contoso_com/",
            "SourceFileName": "Payroll Q1.xlsx", "SourceRelativeUrl": "Documents",
            "EventData": "<Type>View</Type><MembersCanShareApplied>False</MembersCanShareApplied>"}));
        assert_eq!(e.category, Category::File);
        let Detail::File(f) = e.detail else {
            panic!("not a file detail")
        };
        assert_eq!(f.action, FileAction::LinkCreated);
        assert!(f.anonymous_link);
        assert_eq!(f.file_name.as_deref(), Some("Payroll Q1.xlsx"));
        assert_eq!(
            f.site.as_deref(),
            Some("https://contoso-my.sharepoint.com/personal/megan_bowen_contoso_com/")
        );
        assert!(
            f.object
                .as_deref()
                .is_some_and(|o| o.ends_with("/Payroll Q1.xlsx"))
        );
        assert_eq!(f.shared_with, None);
    }

    #[test]
    fn file_downloaded_management_api() {
        let e = ev(json!({"CreationTime": "2026-01-05T10:15:00", "Id": "f2",
            "Operation": "FileDownloaded", "RecordType": 6, "Workload": "SharePoint",
            "UserId": "urn:spo:anon#3b1f0c2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a",
            "ObjectId": "https://contoso.sharepoint.com/sites/Finance/Shared Documents/Vendors.docx",
            "SiteUrl": "https://contoso.sharepoint.com/sites/Finance/", "ItemType": "File"}));
        assert_eq!(e.actor.kind, crate::event::UserKind::Anonymous);
        let Detail::File(f) = e.detail else {
            panic!("not a file detail")
        };
        assert_eq!(f.action, FileAction::Downloaded);
        assert!(!f.anonymous_link);
        assert_eq!(
            f.file_name.as_deref(),
            Some("Vendors.docx"),
            "from the object URL"
        );
    }

    #[test]
    fn sharing_set_from_log_analytics_columns() {
        let e = ev(
            json!({"TimeGenerated": "2021-04-28T14:44:16Z", "CreationTime": "2021-04-28T14:44:16",
            "Operation": "SharingSet", "OfficeWorkload": "OneDrive",
            "OfficeObjectId": "https://m365x.sharepoint.com/personal/a/Documents/Data.xlsx",
            "Site_Url": "https://m365x.sharepoint.com/personal/a", "SourceFileName": "Data.xlsx",
            "UserSharedWith": "x@evil.example"}),
        );
        let Detail::File(f) = e.detail else {
            panic!("not a file detail")
        };
        assert_eq!(f.action, FileAction::Shared);
        assert_eq!(
            f.site.as_deref(),
            Some("https://m365x.sharepoint.com/personal/a")
        );
        assert_eq!(f.shared_with.as_deref(), Some("x@evil.example"));
        assert!(
            f.object
                .as_deref()
                .is_some_and(|o| o.ends_with("Data.xlsx"))
        );
    }

    #[test]
    fn file_actions_by_operation() {
        for (op, want) in [
            ("filepreviewed", FileAction::Accessed),
            ("fileaccessedextended", FileAction::Accessed),
            ("filesyncdownloadedpartial", FileAction::Downloaded),
            ("filesyncuploadedfull", FileAction::Uploaded),
            ("filemodifiedextended", FileAction::Modified),
            ("filerenamed", FileAction::Modified),
            ("foldermodified", FileAction::Modified),
            ("filedeletedfirststagerecyclebin", FileAction::Deleted),
            ("folderrecycled", FileAction::Deleted),
            ("fileversionsalldeleted", FileAction::Deleted),
            ("addedtosecurelink", FileAction::Shared),
            ("securelinkupdated", FileAction::LinkCreated),
            ("companylinkused", FileAction::LinkUsed),
            ("anonymouslinkremoved", FileAction::Other),
            ("foldercreated", FileAction::Other),
            ("sharinginheritancebroken", FileAction::Other),
        ] {
            assert_eq!(file_action(op), want, "{op}");
        }
    }

    #[test]
    fn set_mailbox_forwarding() {
        let e = ev(
            json!({"CreationTime": "2024-01-01T00:00:00", "Operation": "Set-Mailbox",
            "Parameters": [{"Name": "Identity", "Value": "bob"}, {"Name": "ForwardingSmtpAddress", "Value": "smtp:x@evil.example"},
              {"Name": "DeliverToMailboxAndForward", "Value": "False"}]}),
        );
        let Detail::MailboxForwarding(f) = e.detail else {
            panic!("not forwarding")
        };
        assert_eq!(f.forwarding_smtp_address.as_deref(), Some("x@evil.example"));
        assert_eq!(f.deliver_and_forward, Some(false));
    }
}
