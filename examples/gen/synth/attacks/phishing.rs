//! Compromises that start with a phish: AiTM through a reverse proxy on a VPS (session
//! replayed from a second network), device-code phishing (the victim enters the
//! attacker's code; Graph reads mail from the attacker's host), and consent phishing (the
//! victim grants a malicious app Mail.Read; its back end reads mail).

use super::super::apps;
use super::super::background;
use super::super::directory::{self, Consent};
use super::super::entra::{self, DeviceUse, Mfa, SignIn};
use super::super::nets::{Addr, Role};
use super::super::rng;
use super::super::ual::{self, Actor, Cmdlet, FolderAccess};
use super::{Ctx, HidingRule, OWA, drop_box, hiding_rule, inbox, mbx, read_mail};

/// AiTM: OfficeHome from a VPS with the MFA push relayed, the session replayed from a
/// second network, a rule to RSS Feeds, external forwarding, mail read.
pub fn aitm(cx: &mut Ctx<'_>) {
    let (t, victim) = (cx.t, cx.victim);
    let proxy = cx.infra(&[Role::Hosting]);
    let replay = cx.infra(&[Role::Unlisted, Role::ConsumerVpn, Role::Hosting]);
    let sess = cx.session("aitm");
    let signed_in = aitm_entry(cx, proxy, &sess);
    let t1 = signed_in + cx.r.range(20, 180) * 60;
    let mut rs = SignIn::new(t1, victim, replay, apps::OFFICEHOME, apps::UA_CHROME)
        .bare("Windows10", "Chrome 124.0.0")
        .in_session(&sess);
    rs.interactive = false;
    entra::emit(t, &mut cx.out, &rs);
    cx.note(format!("session replayed from {}", replay.ip));
    let params = vec![
        (
            "SubjectOrBodyContainsWords",
            cx.r.pick(super::RULE_WORDS).to_string(),
        ),
        ("MoveToFolder", "RSS Feeds".to_string()),
        ("MarkAsRead", "True".to_string()),
        ("StopProcessingRules", "True".to_string()),
    ];
    let name = cx.r.pick(super::RULE_NAMES);
    let when = t1 + cx.r.range(60, 300);
    let rule = HidingRule {
        when,
        who: victim,
        ip: replay.ip,
        session: &sess,
        name,
        params,
        by_guid: false,
    };
    hiding_rule(cx, rule);
    let fwd_when = when + cx.r.range(60, 600);
    forwarding(cx, fwd_when, replay.ip, &sess);
    let m = mbx(
        when + cx.r.range(600, 1500),
        victim,
        replay.ip,
        apps::CIS_REST,
        &sess,
        apps::OFFICEHOME,
    );
    let n = cx.r.range(30, 200) as usize;
    read_mail(cx, &m, n, "aitm-read");
}

/// The phish itself: the proxy signs in to OfficeHome with the victim's password, the MFA
/// prompt is relayed and approved, and the kit's OWA session opens a few messages.
/// Returns the time of the successful sign-in.
fn aitm_entry(cx: &mut Ctx<'_>, proxy: Addr, sess: &str) -> i64 {
    let (t, victim) = (cx.t, cx.victim);
    // Kits relay the victim's own user agent; Tycoon-style kits show their axios client.
    let ua = if cx.r.chance(0.5) {
        apps::UA_AXIOS
    } else {
        victim.platform.browser_ua
    };
    let corr = rng::uuid(t.seed, &["corr", &cx.out.part]);
    let t0 = cx.victim_work_time();
    let mut s = SignIn::new(t0, victim, proxy, apps::OFFICEHOME, ua)
        .browser()
        .bare("", "")
        .in_session(sess);
    s.corr = Some(&corr);
    s.mfa = Mfa::Push;
    s.err = 50074;
    entra::emit(t, &mut cx.out, &s);
    s.when += cx.r.range(15, 60);
    s.err = 0;
    s.mirror = true;
    entra::emit(t, &mut cx.out, &s);
    cx.note(format!(
        "AiTM sign-in to OfficeHome through {} (MFA push relayed)",
        proxy.ip
    ));
    let m = mbx(
        s.when + cx.r.range(60, 240),
        victim,
        proxy.ip,
        apps::CIS_OWA,
        sess,
        OWA,
    );
    let items = background::messages(t, victim, "aitm-owa", cx.r.range(3, 12) as usize);
    ual::mail_access(t, &mut cx.out, &m, false, &[inbox(items)]);
    s.when
}

/// External forwarding: a forwarding rule or mailbox forwarding, half and half.
fn forwarding(cx: &mut Ctx<'_>, when: i64, ip: std::net::IpAddr, sess: &str) {
    let victim = cx.victim;
    let target = drop_box(&mut cx.r, victim);
    if cx.r.chance(0.5) {
        let params = vec![
            ("ForwardTo", target.clone()),
            ("StopProcessingRules", "False".to_string()),
        ];
        let name = cx.r.pick(&["..", "_", "Sync"]);
        hiding_rule(
            cx,
            HidingRule {
                when,
                who: victim,
                ip,
                session: sess,
                name,
                params,
                by_guid: false,
            },
        );
        cx.note(format!("inbox rule forwarding to {target}"));
    } else {
        let c = Cmdlet {
            when,
            actor: Actor::Person(victim),
            op: "Set-Mailbox",
            params: vec![
                ("Identity", victim.upn.clone()),
                ("ForwardingSmtpAddress", format!("smtp:{target}")),
                ("DeliverToMailboxAndForward", "False".to_string()),
            ],
            object_id: victim.upn.clone(),
            ip: Some((ip, cx.r.range(50000, 60000) as u16)),
            session: sess,
        };
        ual::cmdlet(cx.t, &mut cx.out, &c);
        cx.note(format!("mailbox forwarding to {target}"));
    }
}

/// Device-code phishing: the sign-in (deviceCode, broker or Azure CLI, to Graph) comes
/// from the attacker's host, which then reads mail over Graph for a day.
pub fn device_code(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let victim = cx.victim;
    let host = cx.infra(&[Role::Hosting, Role::Hosting, Role::Cloud, Role::ConsumerVpn]);
    let app = cx.r.pick(&[apps::BROKER, apps::AZURE_CLI]);
    let ua = cx.r.pick(&[apps::UA_PYTHON, apps::UA_CHROME]);
    let sess = cx.session("device-code");
    let t0 = cx.victim_work_time();
    let mut s = SignIn::new(t0, victim, host, app, ua);
    s.resource = apps::RES_GRAPH;
    s.protocol = "deviceCode";
    s.device = DeviceUse::Bare("", "");
    s.mfa = Mfa::Push;
    s.session = &sess;
    s.mirror = true;
    entra::emit(t, &mut cx.out, &s);
    cx.note(format!(
        "device-code sign-in ({}) to Microsoft Graph from {}",
        app.1, host.ip
    ));
    s.interactive = false;
    s.mfa = Mfa::Claim;
    for k in 1..cx.r.range(4, 10) {
        s.when = t0 + k * cx.r.range(1800, 5400);
        entra::emit(t, &mut cx.out, &s);
    }
    let m = mbx(
        t0 + cx.r.range(120, 600),
        victim,
        host.ip,
        apps::CIS_REST,
        &sess,
        app,
    );
    let n = cx.r.range(120, 400) as usize;
    read_mail(cx, &m, n, "graph-read");
    cx.note("mail read over Graph".into());
}

/// Consent phishing: the victim signs in to a malicious app from the own laptop and grants
/// Mail.Read and offline_access; the app's back end refreshes tokens and reads mail.
pub fn consent(cx: &mut Ctx<'_>) {
    let t = cx.t;
    let victim = cx.victim;
    let app = cx.r.pick(apps::PHISH_APPS);
    let day = super::super::background::Day::new(t, victim, cx.d);
    let t0 = cx.victim_work_time();
    let mut s = SignIn::new(t0, victim, day.place.desk, app, victim.platform.browser_ua);
    s.client = "Browser";
    s.resource = apps::RES_GRAPH;
    s.session = &day.web_session;
    entra::emit(t, &mut cx.out, &s);
    let scopes = cx.r.pick(&[
        "Mail.Read offline_access User.Read",
        "Mail.ReadWrite Mail.Send offline_access User.Read",
    ]);
    let c = Consent {
        when: t0 + cx.r.range(10, 50),
        who: victim,
        ip: day.place.desk.ip,
        app_name: app.1,
        app_id: app.0,
        scopes,
    };
    directory::consent(t, &mut cx.out, &c);
    cx.note(format!(
        "consent to '{}' ({scopes}) from the victim's own network",
        app.1
    ));
    let backend = cx.infra(&[Role::Hosting, Role::Cloud]);
    let sess = cx.session("consent-app");
    let ua = cx.r.pick(&[apps::UA_PYTHON, apps::UA_AXIOS]);
    for k in 0..cx.r.range(3, 7) {
        let when = t0 + 600 + k * cx.r.range(3600, 4 * 3600);
        let mut s = SignIn::new(when, victim, backend, app, ua);
        s.resource = apps::RES_GRAPH;
        s.device = DeviceUse::Bare("", "");
        s.session = &sess;
        s.interactive = false;
        entra::emit(t, &mut cx.out, &s);
        let m = mbx(when + 30, victim, backend.ip, apps::CIS_REST, &sess, app);
        let items = super::super::background::messages(
            t,
            victim,
            &format!("consent-{k}"),
            cx.r.range(20, 120) as usize,
        );
        ual::mail_access(
            t,
            &mut cx.out,
            &m,
            false,
            &[FolderAccess {
                path: "\\Inbox".into(),
                items,
            }],
        );
    }
    cx.note(format!("the app read mail from {}", backend.ip));
}
