//! MT-P02: OAuth consent or permission grant that gives an application access to mail,
//! tenant-wide consent, or consent to an application abused for mailbox theft.
//!
//! Why: an illicit-consent phish, or an intruder consenting to a mail tool from the victim's
//! session, yields refresh tokens that survive password resets and MFA changes. Mail scopes
//! (`Mail.Read`, `Mail.ReadWrite`, `Mail.Send`, `Mail.ReadBasic`, `MailboxSettings.ReadWrite`,
//! `EWS.AccessAsUser.All`, `full_access_as_app`, IMAP/POP/SMTP `AccessAsUser`…) are medium;
//! the same granted tenant-wide (`ConsentType: AllPrincipals`, admin consent, or an
//! application permission assigned to a service principal) is high, and
//! so is any consent to an application on the abused-app list. A tenant-wide consent without
//! mail scopes is info (context for the timeline); a user's consent without mail scopes is
//! not reported — people consent to calendar and profile apps every day.
//!
//! Reads `Consent to application`, `Add OAuth2PermissionGrant`, `Add delegated permission
//! grant`, `Add app role assignment grant to user` and `Add app role assignment to service
//! principal`. Scopes come from the consent detail; app-role (application permission)
//! records carry their permission outside the parsed scopes, so the raw excerpt is also
//! scanned for mail permission names and the two Exchange entitlement ids of
//! `full_access_as_app` and `Mail.Read`. Ignores allow-listed app ids, failed records and
//! system accounts. One finding per acting user and UTC day (the consent and its grant
//! records are logged together).

use crate::text::join_some;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::mailbox_common::{day, failed, finding_for, network_text, subject_user};
use crate::detect::lists::apps::{ABUSED_APPS, abused_app};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::Event;
use crate::event::detail::{ConsentDetail, Detail};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-P02",
    title: "OAuth consent with mail scopes or tenant-wide",
    severity: Severity::Medium,
    techniques: &["T1528", "T1098.003"],
    status: Status::Stable,
    description: "Consent or permission grant giving an application mail scopes (Mail.Read, \
        Mail.ReadWrite, Mail.Send, EWS.AccessAsUser.All, full_access_as_app, …): medium per \
        user, high tenant-wide or for an application abused for mailbox theft; tenant-wide \
        consent without mail scopes is info. Consented apps keep reading mail after a password \
        reset.",
    fields: &[
        "operation",
        "actor",
        "ip",
        "result",
        "app_id",
        "detail.app_name",
        "detail.app_id",
        "detail.scopes",
        "detail.consent_type",
        "detail.admin_consent",
        "raw_excerpt",
    ],
    params: &[],
    role: Role::after_signin(Signal::Persistence, 7),
};

/// Operations that grant an application permissions.
const GRANT_OPS: &[&str] = &[
    "consent to application",
    "add oauth2permissiongrant",
    "add delegated permission grant",
    "add app role assignment grant to user",
    "add app role assignment to service principal",
];

/// Permission names (lower case) that give access to mail.
const MAIL_SCOPES: &[&str] = &[
    "mail.read",
    "mail.readwrite",
    "mail.send",
    "mail.readbasic",
    "mail.readbasic.all",
    "mail.read.shared",
    "mail.readwrite.shared",
    "mail.send.shared",
    "mailboxsettings.readwrite",
    "mailboxitem.importexport",
    "mailboxitem.importexport.all",
    "ews.accessasuser.all",
    "full_access_as_app",
    "full_access_as_user",
    "imap.accessasuser.all",
    "pop.accessasuser.all",
    "smtp.send",
    "smtp.sendasapp",
];

/// Exchange Online app-role entitlement ids: (id, permission).
const MAIL_ENTITLEMENTS: &[(&str, &str)] = &[
    ("dc890d15-9560-4a4c-9b7f-a736ec74ec40", "full_access_as_app"),
    ("810c84a8-4a9e-49e6-bf7d-12d183f40d01", "Mail.Read"),
];

/// `https://graph.microsoft.com/Mail.Read` → `mail.read`.
fn scope_name(s: &str) -> String {
    s.trim()
        .trim_matches(['"', '\'', ',', ';', '[', ']'])
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Mail permissions named by the consent scopes and, as a fallback, the raw record.
fn mail_scopes(c: &ConsentDetail, raw: &str) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = c
        .scopes
        .iter()
        .filter(|s| MAIL_SCOPES.contains(&scope_name(s).as_str()))
        .cloned()
        .collect();
    let lower = raw.to_ascii_lowercase();
    for word in lower.split(|ch: char| !(ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_'))) {
        let w = word.trim_matches('.');
        if MAIL_SCOPES.contains(&w) && !out.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            out.insert(w.to_string());
        }
    }
    for (id, name) in MAIL_ENTITLEMENTS {
        if lower.contains(id) {
            out.insert((*name).to_string());
        }
    }
    out
}

/// Tenant-wide: `AllPrincipals`, admin consent, or an application permission (app role
/// assigned to a service principal applies to every mailbox).
fn tenant_wide(ev: &Event, c: &ConsentDetail) -> bool {
    ev.operation
        .eq_ignore_ascii_case("add app role assignment to service principal")
        || c.admin_consent == Some(true)
        || c.consent_type
            .as_deref()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("AllPrincipals"))
}

/// An abused application named by the consent: by app id, name, or an id in the raw record.
fn abused(ev: &Event, c: &ConsentDetail) -> Option<&'static str> {
    let by_id = c
        .app_id
        .iter()
        .chain(&ev.app_id)
        .find_map(|id| abused_app(id));
    let by_name = c.app_name.as_deref().and_then(|n| {
        ABUSED_APPS
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(n.trim()))
            .map(|(_, name)| *name)
    });
    let lower = ev.raw_excerpt.to_ascii_lowercase();
    by_id.or(by_name).or_else(|| {
        ABUSED_APPS
            .iter()
            .find(|(id, _)| lower.contains(id))
            .map(|(_, n)| *n)
    })
}

fn allowed(ev: &Event, c: &ConsentDetail, ctx: &Context) -> bool {
    c.app_id
        .iter()
        .chain(&ev.app_id)
        .any(|a| ctx.app_allowed(a))
}

/// Severity of one consent record, or `None` when it is not reported.
fn severity(mail: bool, wide: bool, abused: bool) -> Option<Severity> {
    match (abused, mail, wide) {
        (true, _, _) | (false, true, true) => Some(Severity::High),
        (false, true, false) => Some(Severity::Medium),
        (false, false, true) => Some(Severity::Info),
        (false, false, false) => None,
    }
}

#[derive(Debug, Default)]
struct Agg {
    finding: Option<Finding>,
    apps: BTreeSet<String>,
    scopes: BTreeSet<String>,
    wide: bool,
    offline: bool,
    abused: Option<&'static str>,
}

/// The detector.
#[derive(Debug, Default)]
pub struct OauthConsent {
    open: BTreeMap<(String, NaiveDate), Agg>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(OauthConsent::default())
}

impl OauthConsent {
    fn record(&mut self, ev: &Event, c: &ConsentDetail, user: String, sev: Severity) {
        let scopes = mail_scopes(c, &ev.raw_excerpt);
        let agg = self.open.entry((user.clone(), day(ev))).or_default();
        match agg.finding.as_mut() {
            Some(f) => {
                f.add_event(ev);
                f.severity = f.severity.max(sev);
            }
            None => agg.finding = Some(finding_for(&META, ev, &user, "").with_severity(sev)),
        }
        // A grant record's target is the resource (Microsoft Graph), not the client app.
        let is_grant = ev
            .operation
            .to_ascii_lowercase()
            .contains("permission grant")
            || ev
                .operation
                .eq_ignore_ascii_case("add oauth2permissiongrant");
        if let Some(n) = c.app_name.as_deref().filter(|_| !is_grant)
            && agg.apps.len() < 5
        {
            agg.apps.insert(format!("'{n}'"));
        }
        agg.scopes.extend(scopes);
        agg.wide |= tenant_wide(ev, c);
        agg.offline |= c.scopes.iter().any(|s| scope_name(s) == "offline_access");
        agg.abused = agg.abused.or(abused(ev, c));
    }
}

fn summary(agg: &Agg, f: &Finding, d: NaiveDate) -> String {
    let apps = if agg.apps.is_empty() {
        "an application".to_string()
    } else {
        join_some(agg.apps.iter().map(String::as_str), 5)
    };
    let mut s = format!(
        "{} consent to {apps} on {d} from {}",
        if agg.wide { "tenant-wide" } else { "user" },
        network_text(f)
    );
    if agg.scopes.is_empty() {
        s.push_str(": no mail scopes");
    } else {
        s.push_str(&format!(
            ": mail scopes {}",
            join_some(agg.scopes.iter().map(String::as_str), 8)
        ));
    }
    if agg.offline && !agg.scopes.is_empty() {
        s.push_str(" with offline_access (refresh tokens outlive a password reset)");
    }
    if let Some(a) = agg.abused {
        s.push_str(&format!("; {a} is an application abused for mailbox theft"));
    }
    s
}

impl Detector for OauthConsent {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, _out: &mut Vec<Finding>) {
        let Detail::Consent(c) = &ev.detail else {
            return;
        };
        let op = ev.operation.to_ascii_lowercase();
        if !GRANT_OPS.contains(&op.as_str()) || failed(ev) || allowed(ev, c, ctx) {
            return;
        }
        let mail = !mail_scopes(c, &ev.raw_excerpt).is_empty();
        let Some(sev) = severity(mail, tenant_wide(ev, c), abused(ev, c).is_some()) else {
            return;
        };
        let Some(user) = subject_user(ev) else {
            return;
        };
        self.record(ev, c, user, sev);
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        for ((_, d), agg) in std::mem::take(&mut self.open) {
            if let Some(mut f) = agg.finding.clone() {
                f.summary = summary(&agg, &f, d);
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;

    fn consent(line: u64, op: &str, scopes: &[&str], kind: &str, app: &str) -> Event {
        let mut e = event(line, line as i64, op, "megan.bowen@contoso.com");
        e.detail = Detail::Consent(Box::new(ConsentDetail {
            app_name: Some(app.into()),
            app_id: Some("9b0f7e3c-5d1a-4c2b-8e6f-7a8b9c0d1e2f".into()),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            consent_type: Some(kind.into()),
            admin_consent: Some(kind == "AllPrincipals"),
        }));
        e
    }

    #[test]
    fn user_consent_with_mail_scope_is_medium_and_grant_record_joins_it() {
        let evs = [
            consent(
                1,
                "Consent to application",
                &["Mail.Read", "offline_access"],
                "Principal",
                "Mail Backup Pro",
            ),
            consent(
                2,
                "Add OAuth2PermissionGrant",
                &["Mail.Read", "offline_access"],
                "Principal",
                "Microsoft Graph",
            ),
        ];
        let f = run(&mut OauthConsent::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(f[0].evidence_count, 2);
        assert!(
            f[0].summary.contains("'Mail Backup Pro'"),
            "{}",
            f[0].summary
        );
        assert!(
            !f[0].summary.contains("Microsoft Graph"),
            "{}",
            f[0].summary
        );
        assert!(f[0].summary.contains("Mail.Read"));
        assert!(
            f[0].summary.contains("with offline_access"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn tenant_wide_mail_is_high_without_mail_is_info() {
        let f = run(
            &mut OauthConsent::default(),
            &ctx(),
            &[consent(
                1,
                "Consent to application",
                &["Mail.ReadWrite"],
                "AllPrincipals",
                "X",
            )],
        );
        assert_eq!(f[0].severity, Severity::High);
        let f = run(
            &mut OauthConsent::default(),
            &ctx(),
            &[consent(
                1,
                "Consent to application",
                &["User.Read"],
                "AllPrincipals",
                "X",
            )],
        );
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn user_consent_without_mail_scopes_is_not_reported() {
        let evs = [consent(
            1,
            "Consent to application",
            &["User.Read", "Calendars.Read", "offline_access"],
            "Principal",
            "Zoom",
        )];
        assert!(run(&mut OauthConsent::default(), &ctx(), &evs).is_empty());
    }

    #[test]
    fn abused_app_is_high_and_allow_list_suppresses() {
        let mut e = consent(
            1,
            "Consent to application",
            &["User.Read"],
            "Principal",
            "eM Client",
        );
        let f = run(&mut OauthConsent::default(), &ctx(), &[e.clone()]);
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].summary.contains("abused"));
        let mut c = ctx();
        c.allow
            .app_ids
            .insert("9b0f7e3c-5d1a-4c2b-8e6f-7a8b9c0d1e2f".into());
        assert!(run(&mut OauthConsent::default(), &c, &[e.clone()]).is_empty());
        e.detail = Detail::None;
        assert!(run(&mut OauthConsent::default(), &ctx(), &[e]).is_empty());
    }

    #[test]
    fn app_role_assignment_found_in_raw_excerpt() {
        let mut e = consent(
            1,
            "Add app role assignment to service principal",
            &[],
            "",
            "Exfil App",
        );
        e.raw_excerpt = r#"{"Name":"AppRole.Value","NewValue":"full_access_as_app"}"#.into();
        let f = run(&mut OauthConsent::default(), &ctx(), &[e]);
        assert_eq!(
            f[0].severity,
            Severity::High,
            "application permission is tenant-wide"
        );
        assert!(
            f[0].summary.contains("full_access_as_app"),
            "{}",
            f[0].summary
        );
    }
}
