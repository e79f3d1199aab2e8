//! Compromises that live on a session: a stolen session cookie replayed from an unlisted
//! VPS, which then takes a second account and shares its files (the second wave of
//! fixtures/stories/bec_takeover); and MFA fatigue followed by a new authenticator and the
//! deletion of the security notices that would warn the victim.

use super::super::apps;
use super::super::background::Day;
use super::super::directory;
use super::super::entra::{self, DeviceUse, Mfa, SignIn};
use super::super::files::{self, FileActor, FileOp};
use super::super::nets::{Addr, Role};
use super::super::people::Person;
use super::super::rng;
use super::super::ual;
use super::{Ctx, HidingRule, OWA, hiding_rule, mbx, read_mail, usual_rule_params};

/// Token theft: the victim's own laptop session replayed from an unlisted VPS, hiding
/// rules, mail read, then a password sign-in to a second account and an anonymous link to
/// a file in its OneDrive, used from the same address.
pub fn token_theft(cx: &mut Ctx<'_>, second: Option<&Person>) {
    let t = cx.t;
    let victim = cx.victim;
    let vps = cx.infra(&[Role::Unlisted]);
    let day = Day::new(t, victim, cx.d);
    let stolen = day.desk_session.clone();
    cx.sessions.push(stolen.clone());
    // In the victim's evening, when the laptop is closed.
    let t0 = day.at(cx.r.range(19 * 60, 23 * 60), cx.r.range(0, 59));
    let mut s = SignIn::new(t0, victim, vps, apps::OFFICE, apps::UA_CHROME);
    s.device = DeviceUse::Bare("Windows10", "Chrome 124.0.0");
    s.session = &stolen;
    s.interactive = false;
    entra::emit(t, &mut cx.out, &s);
    cx.note(format!("stolen session {stolen} replayed from {}", vps.ip));
    let rules = cx.r.range(2, 5);
    for k in 0..rules {
        let name = super::RULE_NAMES[k as usize % super::RULE_NAMES.len()];
        let params = usual_rule_params(&mut cx.r);
        let when = t0 + 90 + k * cx.r.range(30, 120);
        hiding_rule(
            cx,
            HidingRule {
                when,
                who: victim,
                ip: vps.ip,
                session: &stolen,
                name,
                params,
                by_guid: k % 2 == 0,
            },
        );
    }
    cx.note(format!("{rules} hiding rules"));
    let m = mbx(
        t0 + 900,
        victim,
        vps.ip,
        apps::CIS_REST,
        &stolen,
        apps::OFFICE,
    );
    let n = cx.r.range(20, 80) as usize;
    read_mail(cx, &m, n, "theft-read");
    if let Some(second) = second {
        let when = t0 + cx.r.range(1200, 2400);
        second_account(cx, second, vps, when);
    }
}

/// The second account: one wrong password, a password-only success, then a OneDrive file
/// shared with an anonymous link that is opened from the same address.
fn second_account(cx: &mut Ctx<'_>, p: &Person, vps: Addr, t0: i64) {
    let t = cx.t;
    let sess = cx.session("second-account");
    let mut s = SignIn::new(t0, p, vps, apps::OFFICEHOME, apps::UA_CHROME);
    s.client = "Browser";
    s.resource = apps::RES_PORTAL;
    s.device = DeviceUse::Bare("Windows10", "Chrome 124.0.0");
    s.mfa = Mfa::None;
    s.err = 50126;
    entra::emit(t, &mut cx.out, &s);
    s.when += cx.r.range(30, 90);
    s.err = 0;
    s.session = &sess;
    s.mirror = true;
    entra::emit(t, &mut cx.out, &s);
    cx.note(format!(
        "password sign-in to {} from the same address",
        p.upn
    ));
    let site = files::onedrive(t, p);
    let file = "Vendor bank details 2026.xlsx";
    let anon = format!(
        "urn:spo:anon#{}",
        rng::hex(t.seed, &["anon", &site], 64).to_lowercase()
    );
    let steps = [
        (
            "FileAccessed",
            FileActor::Person(p, &sess, apps::OFFICEHOME),
            "",
        ),
        (
            "AnonymousLinkCreated",
            FileActor::Person(p, &sess, apps::OFFICEHOME),
            "<Type>View</Type>",
        ),
        (
            "AnonymousLinkUsed",
            FileActor::Anonymous(&anon),
            "<Type>View</Type>",
        ),
        ("FileDownloaded", FileActor::Anonymous(&anon), ""),
    ];
    let mut when = s.when;
    for (op, actor, event_data) in steps {
        when += cx.r.range(40, 400);
        let f = FileOp {
            when,
            actor,
            op,
            ip: vps.ip,
            ua: apps::UA_CHROME,
            site: &site,
            folder: "/Documents",
            file,
            event_data,
        };
        files::file_op(t, &mut cx.out, &f);
    }
    cx.note(format!(
        "'{file}' shared with an anonymous link and downloaded"
    ));
}

/// MFA fatigue from a VPN or VPS: prompts until the victim approves, a new authenticator
/// registered, the notices deleted, mail read.
pub fn mfa_persistence(cx: &mut Ctx<'_>) {
    let (t, victim) = (cx.t, cx.victim);
    let src = cx.infra(&[Role::ConsumerVpn, Role::Hosting, Role::Unlisted]);
    let sess = cx.session("mfa-fatigue");
    let signed_in = fatigue(cx, src, &sess);
    let when = signed_in + cx.r.range(120, 600);
    let phone = cx.r.pick(&["iPhone 12", "SM-A515F", "Pixel 6a"]);
    directory::security_info(
        t,
        &mut cx.out,
        when,
        victim,
        src.ip,
        "Authenticator App",
        phone,
    );
    cx.note(format!("Authenticator App '{phone}' registered"));
    let mut m = mbx(
        when + cx.r.range(60, 300),
        victim,
        src.ip,
        apps::CIS_OWA,
        &sess,
        OWA,
    );
    let notices = [
        "New sign-in to your account",
        "You added a new sign-in method to your account",
        "Security info added",
    ];
    let items: Vec<(String, String)> = notices
        .iter()
        .enumerate()
        .map(|(k, subject)| {
            let id = ual::message_id(t, &["notice", &victim.upn, &k.to_string()]);
            (subject.to_string(), id)
        })
        .collect();
    ual::delete(t, &mut cx.out, &m, "SoftDelete", "\\Inbox", &items);
    m.when += cx.r.range(20, 120);
    let purged = "\\Recoverable Items\\Deletions";
    ual::delete(t, &mut cx.out, &m, "HardDelete", purged, &items);
    cx.note("security notices deleted and purged".into());
    m.when += cx.r.range(300, 1800);
    let n = cx.r.range(15, 60) as usize;
    read_mail(cx, &m, n, "mfa-read");
}

/// MFA prompts pushed until the victim approves one. Returns the time of the success.
fn fatigue(cx: &mut Ctx<'_>, src: Addr, sess: &str) -> i64 {
    let (t, victim) = (cx.t, cx.victim);
    let corr = rng::uuid(t.seed, &["corr", &cx.out.part]);
    let t0 = cx.victim_work_time();
    let mut s = SignIn::new(t0, victim, src, apps::OFFICEHOME, apps::UA_CHROME)
        .browser()
        .bare("Windows10", "Chrome 124.0.0")
        .in_session(sess);
    s.mfa = Mfa::Push;
    s.corr = Some(&corr);
    s.err = 50074;
    let prompts = cx.r.range(3, 8);
    for k in 0..prompts {
        s.when = t0 + k * cx.r.range(40, 120);
        entra::emit(t, &mut cx.out, &s);
    }
    s.when += cx.r.range(30, 90);
    s.err = 0;
    s.mirror = true;
    entra::emit(t, &mut cx.out, &s);
    cx.note(format!(
        "{prompts} MFA prompts from {} until one was approved",
        src.ip
    ));
    s.when
}
