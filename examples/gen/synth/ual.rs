//! Unified Audit Log records in the Purview audit-search CSV shape: the wrapper columns
//! `RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,
//! AssociatedAdminUnitsNames` (CreationDate `2026-01-24T06:54:24.0000000Z ` with its
//! trailing space) around AuditData JSON laid out as scripts/gen_stories.py lays it out
//! (Exchange mailbox items, Exchange cmdlets, Entra directory records, SharePoint and
//! OneDrive file records). Each function renders one record into an `Out`.

use std::net::IpAddr;

use super::apps::App;
use super::clock;
use super::people::Person;
use super::rng;
use super::sink::{Log, Out};
use super::tenant::Tenant;
use super::text::{self, Obj};

/// The Purview export's header.
pub const HEADER: &str = "RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames";

/// `CreationTime`, `Id`, `Operation`, `OrganizationId`: the first keys of every record.
pub fn base(o: &mut Obj, t: &Tenant, when: i64, id: &str, op: &str) {
    o.s("CreationTime", &clock::iso(when))
        .s("Id", id)
        .s("Operation", op)
        .s("OrganizationId", &t.tenant_id);
}

/// `Actor` of an Entra record done by a person.
pub fn actor_list(p: &Person) -> String {
    format!(
        "[{{\"ID\":\"{}\",\"Type\":5}},{{\"ID\":\"{}\",\"Type\":3}},{{\"ID\":\"User_{}\",\"Type\":2}}]",
        p.upn, p.puid, p.oid
    )
}

/// The Purview CSV's columns around AuditData.
#[derive(Debug, Clone, Copy)]
pub struct Wrap<'a> {
    /// Time (`CreationDate`).
    pub when: i64,
    /// `RecordId` (AuditData's `Id`).
    pub id: &'a str,
    /// `RecordType` as a name (`ExchangeItem`).
    pub record_type: &'a str,
    /// `Operation`.
    pub op: &'a str,
    /// `UserId`.
    pub user: &'a str,
}

/// Wrap AuditData in its Purview CSV row and add it to `out`.
pub fn push_record(out: &mut Out, w: Wrap<'_>, json: &str) {
    let mut created = clock::iso(w.when);
    created.push_str(".0000000Z ");
    let line = text::csv_row(&[w.id, &created, w.record_type, w.op, w.user, json, "", ""]);
    out.push(Log::Audit, w.when, w.id, line);
}

/// Record type names of the Purview export's `RecordType` column.
fn record_type_name(rt: i64) -> &'static str {
    match rt {
        1 => "ExchangeAdmin",
        2 => "ExchangeItem",
        3 => "ExchangeItemGroup",
        6 => "SharePointFileOperation",
        8 => "AzureActiveDirectory",
        14 => "SharePointSharingOperation",
        15 => "AzureActiveDirectoryStsLogon",
        50 => "ExchangeItemAggregated",
        _ => "ExchangeSearch",
    }
}

/// Who an Exchange mailbox record is about and how it was reached.
#[derive(Debug, Clone, Copy)]
pub struct Mbx<'a> {
    /// Time.
    pub when: i64,
    /// Acting user.
    pub who: &'a Person,
    /// Mailbox owner (the actor, or the mailbox of a delegate's access).
    pub owner: &'a Person,
    /// Client address.
    pub ip: IpAddr,
    /// `ClientInfoString`.
    pub cis: &'a str,
    /// Entra session id (`SessionId` and `AppAccessContext.AADSessionId`).
    pub session: &'a str,
    /// Client application.
    pub app: App,
}

fn app_access_context(t: &Tenant, m: &Mbx<'_>) -> String {
    let (issued, uti) = access_token(t, &m.who.upn, m.session, m.app, m.when);
    Obj::new()
        .s("AADSessionId", m.session)
        .s("ClientAppId", m.app.0)
        .s("ClientAppName", m.app.1)
        .s("IssuedAtTime", &clock::iso(issued))
        .s("UniqueTokenId", &uti)
        .done()
}

/// The access token a client used at `when`: issued on the hour (minus a few minutes) and
/// renewed hourly, as Entra access tokens live about an hour. Returns (issue time, unique
/// token id). A coarser id would make one token appear on two networks all day.
pub fn access_token(t: &Tenant, upn: &str, session: &str, app: App, when: i64) -> (i64, String) {
    let hour = when.div_euclid(3600);
    let h = hour.to_string();
    let minutes = (rng::hash(t.seed, &["iat", upn, session, &h]) % 20) as i64;
    let issued = hour * 3600 - minutes * 60;
    (
        issued,
        rng::token(t.seed, &["uti", upn, session, app.0, &h]),
    )
}

/// An Exchange mailbox-item record (MailItemsAccessed, Send, deletions, searches, Outlook
/// rule changes): the common fields, then `extra` (already-encoded `"key":value` pairs).
pub fn exo_item(t: &Tenant, out: &mut Out, m: &Mbx<'_>, op: &str, rt: i64, extra: &str) {
    let id = out.next_id();
    let mut o = Obj::new();
    base(&mut o, t, m.when, &id, op);
    o.n("RecordType", rt)
        .s("ResultStatus", "Succeeded")
        .s("UserKey", &m.who.puid)
        .n("UserType", 0)
        .n("Version", 1)
        .s("Workload", "Exchange")
        .s("AppId", m.app.0)
        .s("ClientAppId", "")
        .s("ClientIPAddress", &m.ip.to_string())
        .s("ClientInfoString", m.cis)
        .b("ExternalAccess", false)
        .n("InternalLogonType", 0)
        .n("LogonType", if m.owner.idx == m.who.idx { 0 } else { 2 })
        .s("LogonUserSid", &m.who.sid)
        .s("MailboxGuid", &m.owner.mbx)
        .s("MailboxOwnerSid", &m.owner.sid)
        .s("MailboxOwnerUPN", &m.owner.upn)
        .s("OrganizationName", &t.org)
        .s(
            "OriginatingServer",
            &format!("{} (15.20.8445.017)\r\n", t.server),
        )
        .s("SessionId", m.session)
        .raw("AppAccessContext", &app_access_context(t, m))
        .s("UserId", &m.who.upn);
    let mut json = o.done();
    if !extra.is_empty() {
        json.pop();
        json.push(',');
        json.push_str(extra);
        json.push('}');
    }
    let w = Wrap {
        when: m.when,
        id: &id,
        record_type: record_type_name(rt),
        op,
        user: &m.who.upn,
    };
    push_record(out, w, &json);
}

/// A folder id of a mailbox (`LgAAAA…`).
pub fn folder_id(t: &Tenant, p: &Person, path: &str) -> String {
    format!(
        "LgAAAAB{}AQ",
        rng::hex(t.seed, &["folder", &p.upn, path], 44)
    )
}

/// An InternetMessageId: Exchange Online's own or a vendor's.
pub fn message_id(t: &Tenant, parts: &[&str]) -> String {
    let g = rng::hex(t.seed, parts, 34);
    if g.as_bytes()[33].is_multiple_of(3) {
        let vendors = [
            "mail.tailspintoys.com",
            "mx.northwindtraders.com",
            "smtp.wideworldimporters.com",
            "notify.adatum.com",
            "mail.litwareinc.com",
        ];
        let v = vendors[(g.as_bytes()[32] % 5) as usize];
        format!("<{}.{}@{v}>", &g[..12], &g[12..20])
    } else {
        format!("<{}@{}.namprd04.prod.outlook.com>", &g[..28], t.server)
    }
}

/// One folder of a MailItemsAccessed record: its path and the messages bound in it
/// (empty for a Sync of the whole folder).
pub struct FolderAccess {
    /// `\Inbox`.
    pub path: String,
    /// (InternetMessageId, size) of each message bound.
    pub items: Vec<(String, u32)>,
}

/// `MailItemsAccessed` (RecordType 50): Bind of messages or Sync of folders.
pub fn mail_access(t: &Tenant, out: &mut Out, m: &Mbx<'_>, sync: bool, folders: &[FolderAccess]) {
    let mut fl = Vec::with_capacity(folders.len());
    let mut count = 0i64;
    for f in folders {
        let mut o = Obj::new();
        o.s("Id", &folder_id(t, m.owner, &f.path))
            .s("Path", &f.path);
        if !f.items.is_empty() {
            let items: Vec<String> = f
                .items
                .iter()
                .map(|(id, size)| {
                    Obj::new()
                        .s("InternetMessageId", id)
                        .n("SizeInBytes", i64::from(*size))
                        .done()
                })
                .collect();
            o.raw("FolderItems", &text::array(&items));
            count += f.items.len() as i64;
        } else {
            count += 1;
        }
        fl.push(o.done());
    }
    let props = text::name_values(&[
        ("MailAccessType", if sync { "Sync" } else { "Bind" }),
        ("IsThrottled", "False"),
    ]);
    let extra = format!(
        "\"Folders\":{},\"OperationCount\":{count},\"OperationProperties\":{props}",
        text::array(&fl)
    );
    exo_item(t, out, m, "MailItemsAccessed", 50, &extra);
}

/// A sent message.
pub struct Sent<'a> {
    /// Subject.
    pub subject: &'a str,
    /// Size in bytes.
    pub size: u32,
    /// Attachment text (`name (size b)`), empty for none.
    pub attachments: &'a str,
    /// Sent as this mailbox (SendAs), if any.
    pub send_as: Option<&'a Person>,
}

/// `Send` / `SendAs` (RecordType 2); returns the InternetMessageId.
pub fn send(t: &Tenant, out: &mut Out, m: &Mbx<'_>, s: &Sent<'_>) -> String {
    let key = format!("{}/{}", m.when, s.subject);
    let msgid = format!(
        "<{}@{}.namprd04.prod.outlook.com>",
        rng::hex(t.seed, &["msg", &m.who.upn, &key], 26),
        t.server
    );
    let parent = Obj::new()
        .s("Id", &folder_id(t, m.who, "\\Sent Items"))
        .s("Path", "\\Sent Items")
        .done();
    let mut item = Obj::new();
    item.s(
        "Id",
        &format!("RgAAAAB{}AAAJ", rng::hex(t.seed, &["item", &msgid], 40)),
    )
    .s("InternetMessageId", &msgid)
    .raw("ParentFolder", &parent)
    .n("SizeInBytes", i64::from(s.size))
    .s("Subject", s.subject);
    if !s.attachments.is_empty() {
        item.s("Attachments", s.attachments);
    }
    let mut extra = format!("\"Item\":{}", item.done());
    let op = match s.send_as {
        Some(owner) => {
            extra.push_str(&format!(
                ",\"SendAsUserSmtp\":\"{}\",\"SendAsUserMailboxGuid\":\"{}\"",
                owner.upn, owner.mbx
            ));
            "SendAs"
        }
        None => "Send",
    };
    exo_item(t, out, m, op, 2, &extra);
    msgid
}

/// `SoftDelete`, `HardDelete` or `MoveToDeletedItems` (RecordType 3) of `items`
/// (subject, InternetMessageId) from `folder`.
pub fn delete(
    t: &Tenant,
    out: &mut Out,
    m: &Mbx<'_>,
    op: &str,
    folder: &str,
    items: &[(String, String)],
) {
    let fid = folder_id(t, m.owner, folder);
    let parent = Obj::new().s("Id", &fid).s("Path", folder).done();
    let aff: Vec<String> = items
        .iter()
        .map(|(subject, mid)| {
            Obj::new()
                .s("Attachments", "")
                .s(
                    "Id",
                    &format!("RgAAAAB{}AAAJ", rng::hex(t.seed, &["item", mid], 40)),
                )
                .s("InternetMessageId", mid)
                .raw("ParentFolder", &parent)
                .s("Subject", subject)
                .done()
        })
        .collect();
    let extra = format!(
        "\"AffectedItems\":{},\"CrossMailboxOperation\":false,\"Folder\":{parent}",
        text::array(&aff)
    );
    exo_item(t, out, m, op, 3, &extra);
}

/// `SearchQueryInitiatedExchange` (RecordType 101) for `query`.
pub fn search(t: &Tenant, out: &mut Out, m: &Mbx<'_>, query: &str) {
    let extra = Obj::new()
        .s("QueryText", query)
        .s("QuerySource", "Search")
        .s("SearchQueryScope", "AllFolders")
        .done();
    exo_item(
        t,
        out,
        m,
        "SearchQueryInitiatedExchange",
        101,
        &extra[1..extra.len() - 1],
    );
}

/// Who ran an Exchange cmdlet.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A person (admin or mailbox owner).
    Person(&'a Person),
    /// A system account (`NT SERVICE\MSExchangeAdminApiNetCore`).
    System(&'a str),
}

/// An Exchange cmdlet run (RecordType 1).
#[derive(Debug, Clone)]
pub struct Cmdlet<'a> {
    /// Time.
    pub when: i64,
    /// Who.
    pub actor: Actor<'a>,
    /// `New-InboxRule`, `Set-Mailbox`, …
    pub op: &'a str,
    /// Parameters in order.
    pub params: Vec<(&'a str, String)>,
    /// `ObjectId`.
    pub object_id: String,
    /// Client address and port (`ClientIP` is `a.b.c.d:port`); `None` for server-side.
    pub ip: Option<(IpAddr, u16)>,
    /// Entra session id (empty for system accounts).
    pub session: &'a str,
}

/// Render a cmdlet record.
pub fn cmdlet(t: &Tenant, out: &mut Out, c: &Cmdlet<'_>) {
    let id = out.next_id();
    let (user, key, utype) = match c.actor {
        Actor::Person(p) => (p.upn.as_str(), p.puid.as_str(), 2),
        Actor::System(name) => (name, name, 3),
    };
    let ip = match c.ip {
        Some((IpAddr::V4(a), port)) => format!("{a}:{port}"),
        Some((IpAddr::V6(a), port)) => format!("[{a}]:{port}"),
        None => String::new(),
    };
    let params: Vec<(&str, &str)> = c.params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut o = Obj::new();
    base(&mut o, t, c.when, &id, c.op);
    o.n("RecordType", 1)
        .s("ResultStatus", "True")
        .s("UserKey", key)
        .n("UserType", utype)
        .n("Version", 1)
        .s("Workload", "Exchange")
        .s("ClientIP", &ip)
        .s("ObjectId", &c.object_id)
        .s("UserId", user)
        .s("AppId", "")
        .s("ClientAppId", "")
        .b("ExternalAccess", matches!(c.actor, Actor::System(_)))
        .s("OrganizationName", &t.org)
        .s(
            "OriginatingServer",
            &format!("{} (15.20.8445.017)\r\n", t.server),
        )
        .raw("Parameters", &text::name_values(&params));
    if let Actor::Person(p) = c.actor
        && !c.session.is_empty()
    {
        let m = Mbx {
            when: c.when,
            who: p,
            owner: p,
            ip: c.ip.map_or(IpAddr::from([0, 0, 0, 0]), |(a, _)| a),
            cis: "",
            session: c.session,
            app: super::apps::OWA,
        };
        o.s("SessionId", c.session)
            .raw("AppAccessContext", &app_access_context(t, &m));
    }
    let json = o.done();
    let w = Wrap {
        when: c.when,
        id: &id,
        record_type: "ExchangeAdmin",
        op: c.op,
        user,
    };
    push_record(out, w, &json);
}
