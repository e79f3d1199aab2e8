//! What the benign look-alike habits (lookalikes.rs) do on a person's day: the extra
//! records that make an innocent user resemble an intruder to a naive rule. Each habit
//! writes into the person's own `Out`, from the person's own networks and devices.

use super::apps;
use super::background::{self, Day};
use super::directory::{self, Consent};
use super::entra::{self, DeviceUse, Mfa, SignIn};
use super::files::{self, FileActor, FileOp};
use super::lookalikes::Trait;
use super::people::Job;
use super::rng::{self, Rng};
use super::sink::Out;
use super::ual::{self, Actor, Cmdlet, FolderAccess, Sent};

/// Run every habit of the person for the day.
pub fn person_day(day: &Day<'_>, out: &mut Out) {
    if day.d < day.p.first_day || day.t.weekend(day.d) {
        return;
    }
    let mut r = Rng::derive(day.t.seed, &["habit", &day.p.upn, &day.d.to_string()]);
    for tr in &day.t.traits[day.p.idx] {
        match tr {
            Trait::Traveller { from, .. } if *from == day.d => mfa_prompt(day, out, &mut r),
            Trait::MobileHopper => hops(day, out, &mut r),
            Trait::CloudDeveloper { .. } if r.chance(0.5) => cloud_vm(day, out, &mut r, tr),
            Trait::RuleRestamper if r.chance(0.12) => restamp(day, out, &mut r),
            Trait::ArchiveRule if day.d == 2 => archive_rule(day, out, &mut r, false),
            Trait::ArchiveRule if day.d == 9 => archive_rule(day, out, &mut r, true),
            Trait::InvoiceSearcher if r.chance(0.35) => invoice_search(day, out, &mut r),
            Trait::NewPhone(d) if *d == day.d => new_phone(day, out, &mut r),
            Trait::SendAsDelegate => send_as(day, out, &mut r),
            Trait::DelegateReader if r.chance(0.3) => read_exec(day, out, &mut r),
            Trait::InboxCleanup(d) if *d == day.d => cleanup(day, out, &mut r),
            Trait::PasswordMistyper(d) if *d == day.d => mistype(day, out, &mut r),
            Trait::SmtpScanner if day.place.at_office => scanner(day, out, &mut r),
            Trait::SanctionedConsent(d) if *d == day.d => sanctioned_app(day, out, &mut r),
            Trait::NewHire if day.d == day.p.first_day => first_day(day, out, &mut r),
            _ => {}
        }
    }
}

/// Signing in on the first morning abroad: an MFA prompt, then success.
fn mfa_prompt(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let when = day.at(day.p.start_minute + r.range(0, 60), r.range(0, 59));
    let corr = rng::uuid(day.t.seed, &["corr", &day.p.upn, "abroad"]);
    let mut s = SignIn::new(
        when,
        day.p,
        day.place.desk,
        apps::OFFICEHOME,
        day.p.platform.browser_ua,
    );
    s.client = "Browser";
    s.resource = apps::RES_PORTAL;
    s.session = &day.web_session;
    s.corr = Some(&corr);
    s.mfa = Mfa::Push;
    s.err = 50074;
    entra::emit(day.t, out, &s);
    s.when += r.range(20, 70);
    s.err = 0;
    s.mirror = true;
    entra::emit(day.t, out, &s);
}

/// The phone leaves (or reaches) home: one refresh on the carrier, the next on the home
/// Wi-Fi seconds later, in the same session.
fn hops(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let (Some(ph), Some(carrier)) = (day.p.phone, day.carrier) else {
        return;
    };
    for _ in 0..r.range(1, 3) {
        let when = day.work_time(r);
        let (first, second) = if r.chance(0.5) {
            (carrier, day.place.wifi)
        } else {
            (day.place.wifi, carrier)
        };
        let mut s = SignIn::new(when, day.p, first, apps::OUTLOOK_MOBILE, ph.ua);
        s.device = DeviceUse::Bare(ph.os, "");
        s.session = &day.phone_session;
        s.interactive = false;
        entra::emit(day.t, out, &s);
        s.when += r.range(4, 25);
        s.at = second;
        entra::emit(day.t, out, &s);
    }
}

/// A developer's day on a cloud VM: a browser sign-in there, files opened from it, and
/// for some the Azure CLI's device-code login.
fn cloud_vm(day: &Day<'_>, out: &mut Out, r: &mut Rng, tr: &Trait) {
    let Trait::CloudDeveloper { vm, device_code } = tr else {
        return;
    };
    let when = day.work_time(r);
    let vm_session = background::session(day.t, day.p, "vm", &day.d.to_string());
    let mut s = SignIn::new(when, day.p, *vm, apps::OFFICEHOME, apps::UA_CHROME);
    s.client = "Browser";
    s.resource = apps::RES_PORTAL;
    s.device = DeviceUse::Bare("Linux", "Chrome 124.0.0");
    s.session = &vm_session;
    s.mfa = Mfa::Push;
    s.mirror = true;
    entra::emit(day.t, out, &s);
    if *device_code {
        let mut c = SignIn::new(
            when + r.range(300, 3600),
            day.p,
            *vm,
            apps::AZURE_CLI,
            apps::UA_AZURE_CLI,
        );
        c.resource = (
            "797f4846-ba00-4fd7-ba43-dac1f8f63013",
            "Windows Azure Service Management API",
        );
        c.device = DeviceUse::Bare("Linux", "");
        c.protocol = "deviceCode";
        c.session = &vm_session;
        c.mfa = Mfa::Push;
        entra::emit(day.t, out, &c);
        c.interactive = false;
        c.when += r.range(600, 7200);
        entra::emit(day.t, out, &c);
    }
    let site = files::team_site(day.t, "Engineering");
    let f = FileOp {
        when: when + r.range(60, 1800),
        actor: FileActor::Person(day.p, &vm_session, apps::OFFICEHOME),
        op: "FileAccessed",
        ip: vm.ip,
        ua: apps::UA_CHROME,
        site: &site,
        folder: "/Shared Documents",
        file: "Deployment runbook.docx",
        event_data: "",
    };
    files::file_op(day.t, out, &f);
}

/// The user's existing Outlook rules (name, condition JSON, action JSON).
const RULES: &[(&str, &str, &str)] = &[
    (
        "Newsletters",
        r#"{"Type":"AndCondition","SubConditions":[{"Type":"ContainsSenderStringsCondition","Strings":["newsletter@industryweek-digest.com"]}]}"#,
        r#"[{"ActionType":"MoveToFolderAction","Folder":"Newsletters"}]"#,
    ),
    (
        "Jira notifications",
        r#"{"Type":"AndCondition","SubConditions":[{"Type":"ContainsSenderStringsCondition","Strings":["jira@atlassian.net"]}]}"#,
        r#"[{"ActionType":"MoveToFolderAction","Folder":"Jira"}]"#,
    ),
    (
        "CC'd to me",
        r#"{"Type":"AndCondition","SubConditions":[{"Type":"SentCcMeCondition"}]}"#,
        r#"[{"ActionType":"MoveToFolderAction","Folder":"CC"}]"#,
    ),
    (
        "Team updates",
        r#"{"Type":"AndCondition","SubConditions":[{"Type":"ContainsSubjectStringsCondition","Strings":["[team]"]}]}"#,
        r#"[{"ActionType":"MoveToFolderAction","Folder":"Team"},{"ActionType":"MarkAsReadAction"}]"#,
    ),
];

/// Outlook desktop re-stamps the rules: several `UpdateInboxRules` within seconds.
fn restamp(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let start = day.work_time(r);
    let rules = r.range(2, 4) as usize;
    for (k, (name, cond, acts)) in RULES.iter().take(rules).enumerate() {
        let rule_id = (rng::hash(day.t.seed, &["rule-id", &day.p.upn, name]) >> 1).to_string();
        for rep in 0..r.range(1, 3) {
            let mut m = day.desk_mbx(start + (k as i64) * 2 + rep);
            m.session = &day.desk_session;
            let extra = format!(
                "\"ObjectId\":\"{}\\\\Inbox\",\"OperationProperties\":{}",
                day.p.upn,
                super::text::name_values(&[
                    ("RuleName", name),
                    ("RuleId", &rule_id),
                    ("RuleOperation", "ModifyMailboxRule"),
                    ("RuleState", "Enabled"),
                    ("RuleCondition", cond),
                    ("RuleActions", acts),
                    ("ServerRule", "True"),
                ])
            );
            ual::exo_item(day.t, out, &m, "UpdateInboxRules", 2, &extra);
        }
    }
}

/// A tidy user's rule: GitHub notifications go to Archive (a hiding folder by name);
/// a week later it is changed in OWA to mark them read as well (`Set-InboxRule`).
fn archive_rule(day: &Day<'_>, out: &mut Out, r: &mut Rng, change: bool) {
    let name = "GitHub notifications";
    let params = if change {
        vec![
            ("Identity", format!("{}\\{name}", day.p.upn)),
            ("MarkAsRead", "True".into()),
        ]
    } else {
        vec![
            ("AlwaysDeleteOutlookRulesBlob", "False".into()),
            ("Force", "False".into()),
            ("Name", name.into()),
            ("From", "notifications@github.com".into()),
            ("MoveToFolder", "Archive".into()),
            ("StopProcessingRules", "False".into()),
        ]
    };
    let c = Cmdlet {
        when: day.work_time(r),
        actor: Actor::Person(day.p),
        op: if change {
            "Set-InboxRule"
        } else {
            "New-InboxRule"
        },
        params,
        object_id: format!("{}\\{name}", day.p.upn),
        ip: Some((day.place.desk.ip, r.range(49152, 65000) as u16)),
        session: &day.web_session,
    };
    ual::cmdlet(day.t, out, &c);
}

/// A finance clerk looks for an invoice in the own mailbox.
fn invoice_search(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let mut m = day.desk_mbx(day.work_time(r));
    m.session = &day.desk_session;
    let q = r.pick(&[
        "invoice 4471",
        "remittance advice",
        "wire confirmation",
        "payment status INV-20417",
        "bank details vendor",
    ]);
    ual::search(day.t, out, &m, q);
}

/// A new phone: sign in to My Sign-ins and register the Authenticator app.
fn new_phone(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let when = day.work_time(r);
    let mut s = SignIn::new(
        when,
        day.p,
        day.place.desk,
        apps::MYSIGNINS,
        day.p.platform.browser_ua,
    );
    s.client = "Browser";
    s.resource = apps::RES_GRAPH;
    s.session = &day.web_session;
    s.mfa = Mfa::Push;
    entra::emit(day.t, out, &s);
    let phone = r.pick(&["iPhone 15", "Pixel 8", "Galaxy S24"]);
    directory::security_info(
        day.t,
        out,
        when + r.range(60, 200),
        day.p,
        day.place.desk.ip,
        "Authenticator App",
        phone,
    );
}

/// An assistant sends as the Sales mailbox, some days more than ten times.
fn send_as(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let Some(sales) = day.t.shared.first() else {
        return;
    };
    for _ in 0..r.range(2, 13) {
        let mut m = day.desk_mbx(day.work_time(r));
        m.session = &day.desk_session;
        let s = Sent {
            subject: r.pick(&[
                "Re: Quote request",
                "Your order confirmation",
                "Re: Demo scheduling",
                "Product sheet",
            ]),
            size: r.range(30_000, 180_000) as u32,
            attachments: "",
            send_as: Some(sales),
        };
        ual::send(day.t, out, &m, &s);
    }
}

/// An assistant opens an executive's inbox with delegated FullAccess (LogonType 2).
fn read_exec(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let Some(exec) = day.t.first_with(Job::Executive) else {
        return;
    };
    let mut m = day.desk_mbx(day.work_time(r));
    m.session = &day.desk_session;
    m.owner = exec;
    let items = background::messages(
        day.t,
        exec,
        &format!("delegate-{}", day.d),
        r.range(1, 4) as usize,
    );
    ual::mail_access(
        day.t,
        out,
        &m,
        false,
        &[FolderAccess {
            path: "\\Inbox".into(),
            items,
        }],
    );
}

/// An inbox clean-up: dozens of deletions, old sign-in notices among them.
fn cleanup(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let start = day.work_time(r);
    let notices = [
        "New sign-in to your account",
        "Unusual sign-in activity",
        "Your weekly digest",
    ];
    for k in 0..r.range(4, 10) {
        let mut m = day.desk_mbx(start + k * r.range(20, 90));
        m.session = &day.desk_session;
        let n = r.range(8, 40) as usize;
        let items: Vec<(String, String)> = (0..n)
            .map(|i| {
                let subject = if k == 0 && i < 2 {
                    notices[i]
                } else {
                    notices[2]
                };
                let mid = ual::message_id(
                    day.t,
                    &["cleanup", &day.p.upn, &k.to_string(), &i.to_string()],
                );
                (subject.to_string(), mid)
            })
            .collect();
        ual::delete(day.t, out, &m, "MoveToDeletedItems", "\\Inbox", &items);
    }
}

/// Five to seven wrong passwords at the own desk, then an MFA prompt and success.
fn mistype(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let t0 = day.work_time(r);
    let mut s = SignIn::new(
        t0,
        day.p,
        day.place.desk,
        apps::OFFICEHOME,
        day.p.platform.browser_ua,
    );
    s.client = "Browser";
    s.resource = apps::RES_PORTAL;
    s.mfa = Mfa::None;
    s.err = 50126;
    for k in 0..r.range(5, 7) {
        s.when = t0 + k * r.range(12, 40);
        entra::emit(day.t, out, &s);
    }
    s.when += r.range(30, 120);
    s.err = 50074;
    s.mfa = Mfa::Push;
    s.session = &day.web_session;
    entra::emit(day.t, out, &s);
    s.when += r.range(15, 60);
    s.err = 0;
    s.mirror = true;
    entra::emit(day.t, out, &s);
}

/// The office printer's scan-to-mail: authenticated SMTP with the user's password.
fn scanner(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    for _ in 0..r.range(1, 4) {
        let when = day.work_time(r);
        let mut s = SignIn::new(when, day.p, day.place.desk, apps::OWA, "");
        s.client = "Authenticated SMTP";
        s.device = DeviceUse::Bare("", "");
        s.mfa = Mfa::None;
        entra::emit(day.t, out, &s);
        let mut m = day.desk_mbx(when + r.range(1, 5));
        m.cis = apps::CIS_SMTP;
        m.app = apps::OWA;
        let sent = Sent {
            subject: "Scanned from MFP-2F-East",
            size: r.range(200_000, 2_400_000) as u32,
            attachments: "Scan_0001.pdf",
            send_as: None,
        };
        ual::send(day.t, out, &m, &sent);
    }
}

/// Consent to a sanctioned CRM add-in with Mail.Read, then its back end reads mail.
fn sanctioned_app(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let app = r.pick(apps::SANCTIONED_APPS);
    let when = day.work_time(r);
    let mut s = SignIn::new(when, day.p, day.place.desk, app, day.p.platform.browser_ua);
    s.client = "Browser";
    s.resource = apps::RES_GRAPH;
    s.session = &day.web_session;
    entra::emit(day.t, out, &s);
    let c = Consent {
        when: when + r.range(10, 60),
        who: day.p,
        ip: day.place.desk.ip,
        app_name: app.1,
        app_id: app.0,
        scopes: "Mail.Read offline_access User.Read",
    };
    directory::consent(day.t, out, &c);
    let backend = super::nets::Addr::of(
        super::nets::named("aws-use1-b"),
        rng::hash(0, &[app.1]),
        None,
    );
    let mut m = day.desk_mbx(when + r.range(600, 3600));
    m.ip = backend.ip;
    m.cis = apps::CIS_REST;
    m.app = app;
    m.session = "";
    let items = background::messages(day.t, day.p, "crm", 5);
    ual::mail_access(
        day.t,
        out,
        &m,
        false,
        &[FolderAccess {
            path: "\\Inbox".into(),
            items,
        }],
    );
}

/// A new hire's first morning: MFA enrolment, then Outlook.
fn first_day(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let when = day.at(day.p.start_minute + 30, r.range(0, 59));
    let mut s = SignIn::new(
        when,
        day.p,
        day.place.desk,
        apps::OFFICEHOME,
        day.p.platform.browser_ua,
    );
    s.client = "Browser";
    s.resource = apps::RES_PORTAL;
    s.session = &day.web_session;
    s.mfa = Mfa::Push;
    s.err = 50079;
    entra::emit(day.t, out, &s);
    directory::security_info(
        day.t,
        out,
        when + 180,
        day.p,
        day.place.desk.ip,
        "Authenticator App",
        "iPhone 14",
    );
    s.when += 260;
    s.err = 0;
    s.mirror = true;
    entra::emit(day.t, out, &s);
}
