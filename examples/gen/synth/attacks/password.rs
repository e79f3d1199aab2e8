//! Compromises that start with a guessed password: a spray from a rented server that
//! finally hits an account without MFA, and legacy authentication (ROPC, IMAP, SMTP)
//! from a VPN or VPS.

use super::super::apps;
use super::super::background;
use super::super::entra::{self, SignIn};
use super::super::nets::{Addr, Role};
use super::super::ual::{self, FolderAccess, Sent};
use super::{Ctx, HidingRule, OWA, fraud_send, hiding_rule, mbx, read_mail, usual_rule_params};

/// User agents of spray tools.
const SPRAY_UAS: &[&str] = &[
    apps::UA_PYTHON,
    apps::UA_CHROME,
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)",
];

/// Spray → success → hiding rule → mail access → fraudulent send (and a second visit).
pub fn spray_takeover(cx: &mut Ctx<'_>) {
    let src = cx.infra(&[Role::Hosting]);
    let ua = cx.r.pick(SPRAY_UAS);
    let hour = cx.r.range(3, 9);
    let t0 = cx.at_hour(hour, 50);
    spray(cx, src, ua, t0);
    let sess = cx.session("spray");
    let t1 = t0 + cx.r.range(25, 70) * 60;
    takeover(cx, src, ua, t1, &sess);
    // The next day: the token is refreshed and more mail is read.
    let t2 = t1 + 86_400 + cx.r.range(-7200, 7200);
    let mut s = SignIn::new(t2, cx.victim, src, apps::OFFICEHOME, ua)
        .bare("", "")
        .password_only()
        .in_session(&sess);
    s.interactive = false;
    entra::emit(cx.t, &mut cx.out, &s);
    let m = mbx(
        t2 + 120,
        cx.victim,
        src.ip,
        apps::CIS_REST,
        &sess,
        apps::OFFICEHOME,
    );
    let n = cx.r.range(10, 40) as usize;
    read_mail(cx, &m, n, "spray-read-2");
}

/// One wrong password each for 15–31 accounts, the victim among them.
fn spray(cx: &mut Ctx<'_>, src: Addr, ua: &str, t0: i64) {
    let t = cx.t;
    let victim = cx.victim.idx;
    let mut targets: Vec<usize> = (0..t.people.len()).filter(|&i| i != victim).collect();
    cx.r.shuffle(&mut targets);
    targets.truncate(cx.r.range(14, 30) as usize);
    let at = cx.r.below(targets.len() as u64) as usize;
    targets.insert(at, victim);
    for (k, &i) in targets.iter().enumerate() {
        let when = t0 + k as i64 * cx.r.range(4, 15);
        let mut s = SignIn::new(when, &t.people[i], src, apps::OFFICEHOME, ua)
            .browser()
            .bare("", "")
            .password_only();
        s.err = 50126;
        s.mirror = cx.r.chance(0.7);
        entra::emit(t, &mut cx.out, &s);
    }
    cx.spray_targets = targets.into_iter().filter(|&i| i != victim).collect();
    let n = cx.spray_targets.len() + 1;
    cx.note(format!(
        "password spray from {} against {n} accounts",
        src.ip
    ));
}

/// The guessed password works: sign-in, hiding rule, mail read, a search, the fraudulent
/// mail, and the sent copy deleted.
fn takeover(cx: &mut Ctx<'_>, src: Addr, ua: &str, t1: i64, sess: &str) {
    let (t, victim) = (cx.t, cx.victim);
    let mut s = SignIn::new(t1, victim, src, apps::OFFICEHOME, ua)
        .browser()
        .bare("", "")
        .password_only()
        .in_session(sess);
    s.mirror = true;
    entra::emit(t, &mut cx.out, &s);
    cx.note(format!(
        "password-only sign-in of {} from {}",
        victim.upn, src.ip
    ));
    let name = cx.r.pick(super::RULE_NAMES);
    let params = usual_rule_params(&mut cx.r);
    let when = t1 + cx.r.range(180, 480);
    let rule = HidingRule {
        when,
        who: victim,
        ip: src.ip,
        session: sess,
        name,
        params,
        by_guid: false,
    };
    hiding_rule(cx, rule);
    cx.note(format!("hiding rule '{name}'"));
    let n = cx.r.range(40, 160) as usize;
    let m = mbx(
        when + cx.r.range(60, 300),
        victim,
        src.ip,
        apps::CIS_REST,
        sess,
        apps::OFFICEHOME,
    );
    read_mail(cx, &m, n, "spray-read");
    let mut m = mbx(
        t1 + cx.r.range(1200, 1800),
        victim,
        src.ip,
        apps::CIS_OWA,
        sess,
        OWA,
    );
    ual::search(t, &mut cx.out, &m, "invoice");
    m.when += cx.r.range(600, 1500);
    let sent = fraud_send(cx, &m);
    m.when += cx.r.range(60, 400);
    ual::delete(t, &mut cx.out, &m, "SoftDelete", "\\Sent Items", &[sent]);
}

/// ROPC / IMAP from a VPN or VPS: a few wrong passwords, then IMAP downloads and SMTP
/// sends with a bare password (no session, no MFA).
pub fn legacy_ropc(cx: &mut Ctx<'_>) {
    let src = cx.infra(&[Role::ConsumerVpn, Role::ConsumerVpn, Role::Hosting]);
    let hour = cx.r.range(1, 10);
    let t0 = cx.at_hour(hour, 50);
    let done = imap(cx, src, t0);
    if cx.r.chance(0.5) {
        let when = done + cx.r.range(600, 1800);
        downloader(cx, src, when);
    }
    let t1 = done + cx.r.range(1800, 7200);
    smtp(cx, src, t1);
}

/// A legacy sign-in: ROPC with the BAV2ROPC user agent over `client`.
fn legacy_signin<'a>(cx: &Ctx<'a>, when: i64, src: Addr, client: &'a str) -> SignIn<'a> {
    let mut s = SignIn::new(when, cx.victim, src, apps::RES_EXO, apps::UA_ROPC)
        .bare("", "")
        .password_only();
    s.client = client;
    s.protocol = "ropc";
    s
}

/// Wrong passwords, then IMAP: every folder synced and the inbox downloaded. Returns the
/// time of the last record.
fn imap(cx: &mut Ctx<'_>, src: Addr, t0: i64) -> i64 {
    let (t, victim) = (cx.t, cx.victim);
    let mut s = legacy_signin(cx, t0, src, "IMAP4");
    s.err = 50126;
    let fails = cx.r.range(2, 6);
    for k in 0..fails {
        s.when = t0 + k * cx.r.range(20, 90);
        entra::emit(t, &mut cx.out, &s);
    }
    s.when += cx.r.range(60, 600);
    s.err = 0;
    entra::emit(t, &mut cx.out, &s);
    let ip = src.ip;
    cx.note(format!(
        "{fails} wrong passwords then an IMAP4/ROPC sign-in (BAV2ROPC) from {ip}"
    ));
    let mut m = mbx(s.when + 20, victim, ip, apps::CIS_IMAP, "", apps::RES_EXO);
    let folders: Vec<FolderAccess> = ["\\Inbox", "\\Sent Items", "\\Archive", "\\Deleted Items"]
        .iter()
        .map(|p| FolderAccess {
            path: (*p).to_string(),
            items: Vec::new(),
        })
        .collect();
    ual::mail_access(t, &mut cx.out, &m, true, &folders);
    let items = background::messages(t, victim, "imap", cx.r.range(60, 200) as usize);
    m.when += cx.r.range(60, 300);
    let inbox = FolderAccess {
        path: "\\Inbox".into(),
        items,
    };
    ual::mail_access(t, &mut cx.out, &m, false, &[inbox]);
    m.when
}

/// Authenticated SMTP: phishing mails to colleagues and vendors.
fn smtp(cx: &mut Ctx<'_>, src: Addr, t1: i64) {
    let t = cx.t;
    let s = legacy_signin(cx, t1, src, "Authenticated SMTP");
    entra::emit(t, &mut cx.out, &s);
    let sends = cx.r.range(4, 15);
    for k in 0..sends {
        let when = t1 + 30 + k * cx.r.range(20, 120);
        let m = mbx(when, cx.victim, src.ip, apps::CIS_SMTP, "", apps::RES_EXO);
        let sent = Sent {
            subject: cx.r.pick(&[
                "Shared document: Q1 payment schedule",
                "Please review the attached invoice",
                "Action required: updated vendor form",
            ]),
            size: cx.r.range(15_000, 40_000) as u32,
            attachments: "",
            send_as: None,
        };
        ual::send(t, &mut cx.out, &m, &sent);
    }
    cx.note(format!(
        "{sends} phishing mails sent over authenticated SMTP"
    ));
}

/// A mailbox downloader from the abused-application list (PERFECTDATA, eM Client) signs
/// in with the stolen password and pulls the mailbox over EWS.
fn downloader(cx: &mut Ctx<'_>, src: Addr, when: i64) {
    let (t, victim) = (cx.t, cx.victim);
    let app = cx.r.pick(apps::ABUSED);
    let mut s = SignIn::new(when, victim, src, app, "")
        .bare("", "")
        .password_only();
    s.protocol = "ropc";
    entra::emit(t, &mut cx.out, &s);
    let cis = format!("Client=WebServices;{}", app.1);
    let m = mbx(when + 60, victim, src.ip, &cis, "", app);
    let items = background::messages(t, victim, "downloader", cx.r.range(100, 300) as usize);
    let inbox = FolderAccess {
        path: "\\Inbox".into(),
        items,
    };
    ual::mail_access(t, &mut cx.out, &m, false, &[inbox]);
    cx.note(format!("mailbox downloaded with '{}' over EWS", app.1));
}
