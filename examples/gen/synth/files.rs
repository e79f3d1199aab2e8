//! SharePoint and OneDrive records (RecordType 6 file operations, 14 sharing), in the
//! Management Activity API's SharePoint schema as scripts/gen_stories.py writes them:
//! people's ordinary file work, and the anonymous sharing link of the token-theft story.

use std::net::IpAddr;

use super::apps::App;
use super::people::Person;
use super::rng;
use super::sink::Out;
use super::tenant::Tenant;
use super::text::Obj;
use super::ual;

/// Who acted on a file.
#[derive(Debug, Clone, Copy)]
pub enum FileActor<'a> {
    /// A signed-in person, with the Entra session and app (adds `AppAccessContext`).
    Person(&'a Person, &'a str, App),
    /// An anonymous sharing-link user (`urn:spo:anon#…`).
    Anonymous(&'a str),
}

/// One file record.
#[derive(Debug, Clone)]
pub struct FileOp<'a> {
    /// Time.
    pub when: i64,
    /// Who.
    pub actor: FileActor<'a>,
    /// `FileAccessed`, `FileModified`, `AnonymousLinkCreated`, …
    pub op: &'a str,
    /// Client address.
    pub ip: IpAddr,
    /// User agent.
    pub ua: &'a str,
    /// Site URL without trailing slash.
    pub site: &'a str,
    /// Folder under the site (`/Documents`, `/Shared Documents/Finance`).
    pub folder: &'a str,
    /// File name.
    pub file: &'a str,
    /// Sharing records' `EventData` (`<Type>View</Type>`), empty otherwise.
    pub event_data: &'a str,
}

/// Render a file record.
pub fn file_op(t: &Tenant, out: &mut Out, f: &FileOp<'_>) {
    let id = out.next_id();
    let (user, key) = match f.actor {
        FileActor::Person(p, _, _) => (
            p.upn.clone(),
            format!("i:0h.f|membership|{}@live.com", p.puid.to_lowercase()),
        ),
        FileActor::Anonymous(a) => (a.to_string(), a.to_string()),
    };
    let sharing = f.op.contains("Link") || f.op.contains("Shar");
    let rt = if sharing { 14 } else { 6 };
    let workload = if f.site.contains("-my.sharepoint.com") {
        "OneDrive"
    } else {
        "SharePoint"
    };
    let corr = rng::uuid(t.seed, &["spo-corr", &id]);
    let ext = f.file.rsplit('.').next().unwrap_or("");
    let mut o = Obj::new();
    ual::base(&mut o, t, f.when, &id, f.op);
    o.n("RecordType", rt)
        .s("UserKey", &key)
        .n("UserType", 0)
        .n("Version", 1)
        .s("Workload", workload)
        .s("ClientIP", &f.ip.to_string())
        .s("ObjectId", &format!("{}{}/{}", f.site, f.folder, f.file))
        .s("UserId", &user);
    if let FileActor::Person(p, session, app) = f.actor {
        let (_, uti) = ual::access_token(t, &p.upn, session, app, f.when);
        let ctx = Obj::new()
            .s("AADSessionId", session)
            .s("ClientAppId", app.0)
            .s("ClientAppName", app.1)
            .s("CorrelationId", &corr)
            .s("UniqueTokenId", &uti)
            .done();
        o.raw("AppAccessContext", &ctx);
    }
    o.s("CorrelationId", &corr)
        .s("EventSource", "SharePoint")
        .s("ItemType", "File")
        .s("ListId", &rng::uuid(t.seed, &["list", f.site, f.folder]))
        .s(
            "ListItemUniqueId",
            &rng::uuid(t.seed, &["item", f.site, f.folder, f.file]),
        )
        .s("Site", &rng::uuid(t.seed, &["site", f.site]))
        .s("UserAgent", f.ua)
        .s("WebId", &rng::uuid(t.seed, &["web", f.site]))
        .s("SourceFileExtension", ext)
        .s("SiteUrl", &format!("{}/", f.site))
        .s("SourceFileName", f.file)
        .s("SourceRelativeUrl", f.folder.trim_matches('/'));
    if !f.event_data.is_empty() {
        o.s("EventData", f.event_data);
    }
    if f.op == "AnonymousLinkCreated" {
        o.s(
            "UniqueSharingId",
            &rng::uuid(t.seed, &["sharing", f.site, f.file]),
        );
    }
    let json = o.done();
    let rt_name = if sharing {
        "SharePointSharingOperation"
    } else {
        "SharePointFileOperation"
    };
    let w = ual::Wrap {
        when: f.when,
        id: &id,
        record_type: rt_name,
        op: f.op,
        user: &user,
    };
    ual::push_record(out, w, &json);
}

/// The OneDrive site of a person: `https://contoso-my.sharepoint.com/personal/jane_doe_contoso_com`.
pub fn onedrive(t: &Tenant, p: &Person) -> String {
    let tenant = t.domain.split('.').next().unwrap_or("tenant");
    let who = p.upn.replace(['.', '@'], "_");
    format!("https://{tenant}-my.sharepoint.com/personal/{who}")
}

/// A team site: `https://contoso.sharepoint.com/sites/Finance`.
pub fn team_site(t: &Tenant, name: &str) -> String {
    let tenant = t.domain.split('.').next().unwrap_or("tenant");
    format!("https://{tenant}.sharepoint.com/sites/{name}")
}
