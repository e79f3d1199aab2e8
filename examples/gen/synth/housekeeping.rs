//! Tenant-wide events that are nobody's ordinary day: IT admins' legitimate changes
//! (mailbox permissions, Send-As, forwarding to a partner), Exchange's own housekeeping by
//! system accounts, and password sprays that never succeed. Written into a per-day `Out`
//! of their own.

use super::apps;
use super::background::Day;
use super::clock::DAY;
use super::entra::{self, DeviceUse, Mfa, SignIn};
use super::lookalikes::Trait;
use super::people::{Job, Person};
use super::rng::Rng;
use super::sink::Out;
use super::tenant::Tenant;
use super::ual::{self, Actor, Cmdlet};

/// The discovery mailbox Exchange keeps in every tenant.
const DISCOVERY: &str = "DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852}";

/// Everything tenant-wide on day index `d`.
pub fn tenant_day(t: &Tenant, d: i64, out: &mut Out) {
    let mut r = Rng::derive(t.seed, &["housekeeping", &d.to_string()]);
    system(t, d, out, &mut r);
    admin(t, d, out, &mut r);
    for spray in t.sprays.iter().filter(|s| s.d == d) {
        let start = t.day(d) * DAY + spray.second;
        for (k, &i) in spray.targets.iter().enumerate() {
            let p = &t.people[i];
            let mut s = SignIn::new(
                start + k as i64 * r.range(3, 14),
                p,
                spray.src,
                apps::OFFICEHOME,
                spray.ua,
            );
            s.client = "Browser";
            s.resource = apps::RES_PORTAL;
            s.device = DeviceUse::Bare("", "");
            s.mfa = Mfa::None;
            s.err = if r.chance(0.05) { 50053 } else { 50126 };
            s.mirror = r.chance(0.7);
            entra::emit(t, out, &s);
        }
    }
}

/// Exchange's own accounts: discovery-mailbox permissions and shared-mailbox members.
fn system(t: &Tenant, d: i64, out: &mut Out, r: &mut Rng) {
    if super::clock::weekday(t.day(d)) == 0 {
        let c = Cmdlet {
            when: t.day(d) * DAY + r.range(3600, 5 * 3600),
            actor: Actor::System("NT SERVICE\\MSExchangeAdminApiNetCore"),
            op: "Add-MailboxPermission",
            params: vec![
                ("Identity", DISCOVERY.into()),
                ("User", format!("{}\\Discovery Management", t.org)),
                ("AccessRights", "FullAccess".into()),
                ("InheritanceType", "All".into()),
            ],
            object_id: DISCOVERY.into(),
            ip: None,
            session: "",
        };
        ual::cmdlet(t, out, &c);
    }
    if let (Some(shared), Some(member)) = (t.shared.first(), t.first_with(Job::Assistant))
        && d % 10 == 3
    {
        let c = Cmdlet {
            when: t.day(d) * DAY + r.range(3600, 20 * 3600),
            actor: Actor::System("NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)"),
            op: "Add-MailboxPermission",
            params: vec![
                ("Identity", shared.upn.clone()),
                ("User", member.upn.clone()),
                ("AccessRights", "FullAccess".into()),
                ("AutoMapping", "True".into()),
            ],
            object_id: shared.upn.clone(),
            // Server-side: the address is Exchange Online's own.
            ip: Some((
                super::nets::address(super::nets::named("exo-v4"), d as u64),
                443,
            )),
            session: "",
        };
        ual::cmdlet(t, out, &c);
    }
}

/// The IT admins' changes, on the first weekday on or after a sixth, a third and a half
/// of the period.
fn admin(t: &Tenant, d: i64, out: &mut Out, r: &mut Rng) {
    let days = t.cfg.days;
    let weekday_from = |mut x: i64| {
        while t.weekend(x) {
            x += 1;
        }
        x
    };
    let which = [days / 6, days / 3, days / 2]
        .iter()
        .position(|&x| weekday_from(x) == d);
    let (Some(which), Some(admin)) = (which, t.first_with(Job::Admin)) else {
        return;
    };
    let Some((op, params, object_id)) = admin_change(t, which).filter(|_| d >= admin.first_day)
    else {
        return;
    };
    let day = Day::new(t, admin, d);
    let when = day.work_time(r);
    // The first two changes in the admin centre, the forwarding from Exchange Online
    // PowerShell (whose user agent names PowerShell).
    let mut s = if which < 2 {
        let mut s = SignIn::new(
            when,
            admin,
            day.place.desk,
            apps::PORTAL,
            admin.platform.browser_ua,
        );
        s.client = "Browser";
        s.resource = apps::RES_PORTAL;
        s
    } else {
        SignIn::new(
            when,
            admin,
            day.place.desk,
            apps::EXO_POWERSHELL,
            apps::UA_POWERSHELL,
        )
    };
    s.session = &day.web_session;
    s.mfa = Mfa::Push;
    s.mirror = true;
    entra::emit(t, out, &s);
    let c = Cmdlet {
        when: when + r.range(120, 900),
        actor: Actor::Person(admin),
        op,
        params,
        object_id,
        ip: Some((day.place.desk.ip, r.range(49152, 65000) as u16)),
        session: &day.web_session,
    };
    ual::cmdlet(t, out, &c);
}

/// A cmdlet's name, parameters and object.
type Change = (&'static str, Vec<(&'static str, String)>, String);

/// The admin's change number `which`: FullAccess on an executive's mailbox for an
/// assistant, Send-As on Sales for the assistant, forwarding a mailbox to a partner.
fn admin_change(t: &Tenant, which: usize) -> Option<Change> {
    let exec = t.first_with(Job::Executive)?;
    let asst = t.first_with(Job::Assistant)?;
    let sales = t.shared.first()?;
    Some(match which {
        0 => (
            "Add-MailboxPermission",
            vec![
                ("Identity", exec.upn.clone()),
                ("User", asst.upn.clone()),
                ("AccessRights", "FullAccess".into()),
                ("InheritanceType", "All".into()),
                ("AutoMapping", "True".into()),
            ],
            exec.upn.clone(),
        ),
        1 => (
            "Add-RecipientPermission",
            vec![
                ("Identity", sales.upn.clone()),
                ("Trustee", asst.upn.clone()),
                ("AccessRights", "SendAs".into()),
                ("Confirm", "False".into()),
            ],
            sales.upn.clone(),
        ),
        _ => {
            let forwarded = |p: &&Person| {
                t.traits[p.idx]
                    .iter()
                    .any(|x| matches!(x, Trait::ForwardedToPartner))
            };
            let p = t.people.iter().find(forwarded)?;
            let local = p.upn.split('@').next().unwrap_or("ap");
            (
                "Set-Mailbox",
                vec![
                    ("Identity", p.upn.clone()),
                    (
                        "ForwardingSmtpAddress",
                        format!("smtp:{local}@{}", t.partner),
                    ),
                    ("DeliverToMailboxAndForward", "True".into()),
                ],
                p.upn.clone(),
            )
        }
    })
}
