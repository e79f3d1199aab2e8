//! `graph-activity`: Microsoft Graph activity logs (`MicrosoftGraphActivityLogs`), one
//! record per HTTP request Microsoft Graph served for the tenant: the Log Analytics export
//! (CSV or JSON, PascalCase columns) and the diagnostic-settings archive (Azure Monitor
//! envelopes with camelCase `properties`, JSON lines or `{"records":[…]}`).
//!
//! Why it matters in a BEC case: an intruder holding a stolen token reads mail through
//! Graph (`GET /me/messages`, `…/attachments/{id}/$value`) without any `MailItemsAccessed`
//! record when mailbox auditing is off or the licence lacks it. A mail `GET` becomes a
//! mail-access event (`GraphMailRead`); every other request stays an event too
//! (`GraphApiRequest`, category `Other`) because directory enumeration, `sendMail` and
//! rule changes through Graph are the intruder's API activity and belong in the timeline.
//!
//! The log carries no UPN: `UserId` is the Entra object id. It is kept as the actor key and
//! in `actor_object_id`, which correlation's directory learns from sign-ins.
//! `SignInActivityId` is the sign-in's `uniqueTokenIdentifier` (Microsoft's own join between
//! the two logs), so it goes where sign-ins keep theirs.

use serde_json::Value;

use super::{
    FileCtx, InputFormat, Mapped, Record, first_present, head_has, new_event, with_object,
};
use crate::event::detail::{
    AccessType, Detail, FolderAccess, ItemRef, MailAccessDetail, ParamsDetail,
};
use crate::event::fields::{first_str, get, get_str};
use crate::event::time::parse_time;
use crate::event::user::canonical_user;
use crate::event::{Device, Event, MapError, Outcome, SourcePos, UserKind, UserRef};
use crate::ingest::sniff::Head;

/// Microsoft Graph activity log export.
pub struct GraphActivity;

/// The Azure Monitor category (and Log Analytics table) of these records.
const CATEGORY: &str = "MicrosoftGraphActivityLogs";

/// Operation of a mail read through Graph (category `MailAccess`).
const OP_MAIL_READ: &str = "GraphMailRead";
/// Operation of any other Graph request (category `Other`).
const OP_REQUEST: &str = "GraphApiRequest";

/// Folder label of a message list or read that names no folder: Graph's `messages`
/// collection spans every folder of the mailbox.
const ALL_MESSAGES: &str = "messages";

/// Whose mailbox a request URI addresses.
#[derive(Debug, Clone, PartialEq)]
enum Mailbox {
    /// `/me/…`: the caller's own.
    Me,
    /// `/users/{id or UPN}/…`.
    User(String),
}

/// A mail read recognised in a request URI.
#[derive(Debug, Clone, PartialEq)]
struct MailRead {
    mailbox: Mailbox,
    /// Folder id or well-known name from `mailFolders/{f}` or `childFolders/{f}`.
    folder: Option<String>,
    /// Message id from `messages/{id}`.
    message: Option<String>,
    /// A `messages` collection was listed (or its `delta` taken) rather than one message.
    listed: bool,
}

impl MailRead {
    /// Bind for one message (its body, MIME or attachments), Sync-like for a list or delta
    /// of a folder's messages, unknown for folder metadata alone.
    fn access_type(&self) -> AccessType {
        if self.message.is_some() {
            AccessType::Bind
        } else if self.listed {
            AccessType::Sync
        } else {
            AccessType::Unknown
        }
    }

    /// The folders and items the detail lists. Folder metadata alone (`GET
    /// /me/mailFolders`) lists none: no message was read, and a folder without items
    /// would read as synced whole.
    fn folders(&self) -> Vec<FolderAccess> {
        if self.message.is_none() && !self.listed {
            return Vec::new();
        }
        let items = self
            .message
            .iter()
            .map(|id| ItemRef {
                item_id: Some(id.clone()),
                ..ItemRef::default()
            })
            .collect();
        vec![FolderAccess {
            path: Some(
                self.folder
                    .clone()
                    .unwrap_or_else(|| ALL_MESSAGES.to_string()),
            ),
            items,
        }]
    }
}

/// The path segments of a request URI: scheme, host, query and fragment removed.
fn path_segments(uri: &str) -> Vec<&str> {
    let after_host = match uri.find("://") {
        Some(i) => {
            let rest = &uri[i + 3..];
            rest.find('/').map_or("", |j| &rest[j..])
        }
        None => uri,
    };
    let path = after_host.split(['?', '#']).next().unwrap_or_default();
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// `users('a@b.com')` → (`users`, `a@b.com`); `messages` → (`messages`, none).
fn split_key(seg: &str) -> (&str, Option<String>) {
    if let Some(open) = seg.find('(')
        && seg.ends_with(')')
    {
        let inner = seg[open + 1..seg.len() - 1].trim().trim_matches('\'');
        let key = percent_decode(inner);
        return (&seg[..open], (!key.is_empty()).then_some(key));
    }
    (seg, None)
}

/// OData functions and system segments that follow a collection instead of a key.
fn is_function(seg: &str) -> bool {
    seg.starts_with('$') || seg.eq_ignore_ascii_case("delta") || seg.contains('.')
}

/// Decode `%XX` escapes (message ids end in `%3D` when the client encoded `=`); anything
/// that is not a valid escape is kept as it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mail read a `GET` URI makes, if it is one: `/{v1.0|beta}/{me|users/{id}}/…` with a
/// `messages`, `mailFolders`, `childFolders` or `attachments` segment. Inbox-rule reads
/// (`…/messageRules`) are not mail reads.
fn mail_read(uri: &str) -> Option<MailRead> {
    let segs = path_segments(uri);
    let (version, rest) = segs.split_first()?;
    if !(version.eq_ignore_ascii_case("v1.0") || version.eq_ignore_ascii_case("beta")) {
        return None;
    }
    let mut it = rest.iter().copied().peekable();
    let (root, root_key) = split_key(it.next()?);
    let mailbox = if root.eq_ignore_ascii_case("me") {
        Mailbox::Me
    } else if root.eq_ignore_ascii_case("users") {
        let key = root_key.or_else(|| it.next().map(percent_decode))?;
        Mailbox::User(canonical_user(&key))
    } else {
        return None;
    };
    let mut read = MailRead {
        mailbox,
        folder: None,
        message: None,
        listed: false,
    };
    let mut mail = false;
    while let Some(seg) = it.next() {
        let (name, key) = split_key(seg);
        let mut key_or_next = || {
            key.clone()
                .or_else(|| it.next_if(|s| !is_function(s)).map(percent_decode))
        };
        match name.to_ascii_lowercase().as_str() {
            "mailfolders" | "childfolders" => {
                mail = true;
                if let Some(f) = key_or_next() {
                    read.folder = Some(f);
                }
            }
            "messages" => {
                mail = true;
                read.message = key_or_next();
                read.listed = read.message.is_none();
            }
            "attachments" => mail = true,
            "messagerules" => return None,
            _ => {}
        }
    }
    mail.then_some(read)
}

/// HTTP status → outcome: 1xx–3xx succeeded, 4xx and 5xx failed (403 denied, 429 throttled).
fn outcome_of_status(code: &str) -> Outcome {
    match code.trim().parse::<u16>() {
        Ok(100..=399) => Outcome::Success,
        Ok(400..=599) => Outcome::Failure,
        _ => Outcome::Unknown,
    }
}

/// The caller: the user (object id) for delegated tokens, else the service principal or
/// application for app-only tokens.
fn set_actor(v: &Value, ev: &mut Event) {
    if let Some(user) = get_str(v, "UserId") {
        let key = canonical_user(&user);
        if !key.contains('@') {
            ev.actor_object_id = Some(key.clone());
        }
        // A user object id looks like a service principal's GUID to `UserRef::from_raw`;
        // the column says it is a user.
        ev.actor = UserRef {
            key,
            kind: UserKind::Human,
        };
    } else if let Some(sp) = first_str(v, &["ServicePrincipalId", "AppId"]) {
        ev.actor = UserRef::service_principal(&sp);
    }
}

/// A mail read: its detail, and the mailbox as its owner's key (the caller for `/me`).
fn mail_detail(read: &MailRead, ev: &mut Event) -> Detail {
    ev.mailbox_owner = match &read.mailbox {
        Mailbox::Me => Some(ev.actor.key.clone()).filter(|k| !k.is_empty()),
        Mailbox::User(u) => Some(u.clone()),
    };
    Detail::MailAccess(Box::new(MailAccessDetail {
        access_type: read.access_type(),
        folders: read.folders(),
        ..MailAccessDetail::default()
    }))
}

/// Any other request: method, URI, status and the token's scopes and roles, as shown in
/// the timeline.
fn request_detail(v: &Value, method: &str, uri: &str) -> Detail {
    let mut params = vec![
        ("RequestMethod".to_string(), method.to_string()),
        ("RequestUri".to_string(), uri.to_string()),
    ];
    for key in ["ResponseStatusCode", "Scopes", "Roles"] {
        if let Some(val) = get_str(v, key) {
            params.push((key.to_string(), val));
        }
    }
    Detail::Admin(Box::new(ParamsDetail {
        target: Some(uri.to_string()),
        params,
    }))
}

/// Map one request record (a Log Analytics row, or the `properties` of an envelope with
/// the envelope's time and caller IP filled in).
fn map_request(v: &Value, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
    if !v.is_object() {
        return Err(MapError::NotAnObject);
    }
    let time = first_str(v, &["TimeGenerated", "time"]).ok_or(MapError::NoTime)?;
    let uri = get_str(v, "RequestUri").ok_or(MapError::NoOperation)?;
    let method = get_str(v, "RequestMethod")
        .unwrap_or_default()
        .to_ascii_uppercase();
    let mut ev = new_event(pos, "graph-activity");
    ev.time = parse_time(&time, ctx.date_order).map_err(MapError::BadTime)?;
    ev.time_known = true;
    ev.record_id = get_str(v, "RequestId");
    ev.workload = Some("MicrosoftGraph".into());
    ev.record_type = Some(CATEGORY.into());
    set_actor(v, &mut ev);
    if let Some(ip) = first_str(v, &["IPAddress", "callerIpAddress"]) {
        ev.set_ip(&ip);
    }
    ev.user_agent = get_str(v, "UserAgent");
    ev.app_id = get_str(v, "AppId");
    ev.sessions.unique_token_id = get_str(v, "SignInActivityId");
    ev.sessions.session_id = get_str(v, "SessionId");
    if let Some(code) = get_str(v, "ResponseStatusCode") {
        ev.result.outcome = outcome_of_status(&code);
        ev.result.error_code = Some(code);
    }
    ev.device = get_str(v, "DeviceId").map(|id| Device {
        id: Some(id),
        ..Device::default()
    });
    ev.organization = first_str(v, &["AadTenantId", "tenantId"]);
    match mail_read(&uri).filter(|_| method == "GET") {
        Some(read) => {
            ev.set_operation(OP_MAIL_READ);
            ev.detail = mail_detail(&read, &mut ev);
        }
        None => {
            ev.set_operation(OP_REQUEST);
            ev.detail = request_detail(v, &method, &uri);
        }
    }
    Ok(Mapped::Event(Box::new(ev)))
}

/// True for an Azure Monitor envelope of this category.
fn is_graph_category(v: &Value) -> bool {
    get_str(v, "category").is_some_and(|c| c.eq_ignore_ascii_case(CATEGORY))
}

/// A diagnostic-settings envelope: its `properties`, with `time` and `callerIpAddress`
/// where the properties lack them.
fn map_envelope(v: &Value, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
    if !is_graph_category(v) {
        return Ok(Mapped::Filtered("not a Microsoft Graph activity record"));
    }
    let props = get(v, "properties")
        .filter(|p| p.is_object())
        .ok_or(MapError::NotAnObjectField("properties"))?;
    let mut merged = props.clone();
    if let Some(obj) = merged.as_object_mut() {
        for (from, to) in [("time", "timeGenerated"), ("callerIpAddress", "ipAddress")] {
            if let Some(val) = get_str(v, from)
                && get(props, to).is_none()
            {
                obj.insert(to.to_string(), Value::String(val));
            }
        }
    }
    map_request(&merged, pos, ctx)
}

impl InputFormat for GraphActivity {
    fn id(&self) -> &'static str {
        "graph-activity"
    }
    fn title(&self) -> &'static str {
        "Microsoft Graph activity logs (Log Analytics or diagnostic settings)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        if head.has_keys(&["time", "category", "properties"]) {
            return head.json_first.as_ref().filter(|v| is_graph_category(v)).map(|_| {
                format!(
                    "first JSON record is an Azure Monitor envelope (time, category '{CATEGORY}', properties)"
                )
            });
        }
        let result = first_present(
            head,
            &[
                ("responsestatuscode", "ResponseStatusCode"),
                ("signinactivityid", "SignInActivityId"),
            ],
        )?;
        head_has(head, &["timegenerated", "requestmethod", "requesturi"]).then(|| {
            format!("has TimeGenerated, RequestMethod, RequestUri and {result} ({CATEGORY} table)")
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        match rec {
            Record::Json(v) if get(v, "properties").is_some() && get(v, "category").is_some() => {
                map_envelope(v, pos, ctx)
            }
            _ => with_object(rec, |v| map_request(v, pos, ctx)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(uri: &str) -> Option<MailRead> {
        mail_read(uri)
    }

    #[test]
    fn mail_reads_are_recognised_in_v1_and_beta_uris_with_queries() {
        let r =
            read("https://graph.microsoft.com/v1.0/me/messages?$top=50&$select=subject").unwrap();
        assert_eq!(
            (r.mailbox.clone(), r.access_type()),
            (Mailbox::Me, AccessType::Sync)
        );
        assert_eq!(r.folders()[0].path.as_deref(), Some("messages"));
        let r = read("https://graph.microsoft.com/beta/users/Megan.Bowen@contoso.com/mailFolders('Inbox')/messages/delta?$deltatoken=x").unwrap();
        assert_eq!(r.mailbox, Mailbox::User("megan.bowen@contoso.com".into()));
        assert_eq!(
            (r.folder.as_deref(), r.access_type()),
            (Some("Inbox"), AccessType::Sync)
        );
        let r = read("https://graph.microsoft.com/v1.0/users/3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91/mailFolders/inbox/messages/AAMkAGI2%3D/attachments/AAMkAGI2att%3D/$value").unwrap();
        assert_eq!(r.access_type(), AccessType::Bind);
        assert_eq!(r.message.as_deref(), Some("AAMkAGI2="));
        assert_eq!(
            r.folders()[0].items[0].item_id.as_deref(),
            Some("AAMkAGI2=")
        );
        let r = read("/v1.0/me/mailFolders?$top=100").unwrap();
        assert_eq!(
            (r.access_type(), r.folders().len()),
            (AccessType::Unknown, 0)
        );
    }

    #[test]
    fn other_requests_are_not_mail_reads() {
        for uri in [
            "https://graph.microsoft.com/v1.0/me",
            "https://graph.microsoft.com/v1.0/users?$select=mail",
            "https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messageRules",
            "https://graph.microsoft.com/v1.0/groups/1/conversations",
            "https://example.com/",
            "not a uri",
        ] {
            assert_eq!(read(uri), None, "{uri}");
        }
    }

    #[test]
    fn percent_escapes_are_decoded_and_bad_ones_kept() {
        assert_eq!(percent_decode("a%3Db%2f"), "a=b/");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    fn ctx() -> FileCtx {
        FileCtx {
            date_order: Default::default(),
            name: "t".into(),
        }
    }

    fn pos() -> SourcePos {
        SourcePos {
            file: 0,
            line: 1,
            record: 1,
        }
    }

    fn event(v: Value) -> Event {
        match GraphActivity.map(Record::Json(&v), pos(), &ctx()) {
            Ok(Mapped::Event(ev)) => *ev,
            Ok(Mapped::Filtered(why)) => panic!("filtered: {why}"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_mail_read_carries_actor_session_app_and_result() {
        let ev = event(
            json!({"TimeGenerated": "2026-01-04T09:10:00Z", "RequestId": "r1",
            "RequestMethod": "GET", "ResponseStatusCode": 200, "IPAddress": "159.203.1.1",
            "UserAgent": "python-requests/2.31.0", "AppId": "a1",
            "UserId": "3C9A1F52-7B4E-4D08-A6E1-2F5B8C0D7E91", "SignInActivityId": "uti1",
            "RequestUri": "https://graph.microsoft.com/v1.0/me/messages/AAMk1"}),
        );
        assert_eq!(ev.operation, OP_MAIL_READ);
        assert_eq!(ev.category, crate::event::Category::MailAccess);
        assert_eq!(ev.actor.kind, UserKind::Human);
        assert_eq!(ev.actor.key, "3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91");
        assert_eq!(ev.actor_object_id.as_deref(), Some(ev.actor.key.as_str()));
        assert_eq!(ev.mailbox_owner.as_deref(), Some(ev.actor.key.as_str()));
        assert_eq!(ev.sessions.unique_token_id.as_deref(), Some("uti1"));
        assert_eq!(ev.result.outcome, Outcome::Success);
        assert_eq!(ev.ip, Some("159.203.1.1".parse().unwrap()));
        let Detail::MailAccess(m) = &ev.detail else {
            panic!("not mail access")
        };
        assert_eq!(m.access_type, AccessType::Bind);
    }

    #[test]
    fn app_only_requests_and_envelopes() {
        let ev = event(
            json!({"time": "2025-02-18T10:25:12.2779144Z", "category": "MicrosoftGraphActivityLogs",
            "callerIpAddress": "1.2.3.4", "properties": {"requestId": "r2", "requestMethod": "POST",
            "responseStatusCode": 403, "servicePrincipalId": "SP1", "appId": "app",
            "requestUri": "https://graph.microsoft.com/v1.0/users/x@contoso.com/sendMail"}}),
        );
        assert_eq!(ev.operation, OP_REQUEST);
        assert_eq!(ev.category, crate::event::Category::Other);
        assert_eq!(ev.actor.kind, UserKind::ServicePrincipal);
        assert_eq!(ev.result.outcome, Outcome::Failure);
        assert_eq!(ev.ip, Some("1.2.3.4".parse().unwrap()));
        assert_eq!(ev.time.to_rfc3339(), "2025-02-18T10:25:12.277914400+00:00");
        let other = GraphActivity.map(
            Record::Json(&json!({"time": "x", "category": "AuditLogs", "properties": {}})),
            pos(),
            &ctx(),
        );
        assert!(matches!(other, Ok(Mapped::Filtered(_))));
    }
}
