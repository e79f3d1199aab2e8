//! Benign look-alikes: innocent habits that resemble an intrusion to a naive rule —
//! travel, VPNs (corporate on a hosting ASN, consumer), phones hopping networks, cloud
//! VMs and the Azure CLI's device-code login, Outlook re-stamping rules, archive rules,
//! invoice searches, new phones, Send-As delegates, inbox clean-ups, mistyped passwords,
//! a printer's SMTP scan-to-mail, a sanctioned mail add-in. This file decides who has
//! which habit and where each person is on a given day; `habits.rs` writes what the
//! habits do.

use super::clock::DAY;
use super::nets::{self, Addr, NetRange, Role};
use super::people::{Job, Person};
use super::rng::{self, Rng};
use super::tenant::Tenant;

/// A benign habit of one person.
#[derive(Debug, Clone)]
pub enum Trait {
    /// Abroad from day `from` to day `to` (indexes), on hotel broadband with their own laptop.
    Traveller {
        /// Broadband range abroad.
        range: &'static NetRange,
        /// First day away.
        from: i64,
        /// Last day away.
        to: i64,
    },
    /// Works remotely through the corporate VPN (a hosting ASN), from the first day.
    CorporateVpn,
    /// Always on a consumer VPN.
    ConsumerVpn(&'static NetRange),
    /// Phone hops between the carrier and home Wi-Fi within seconds, same session.
    MobileHopper,
    /// Works on a cloud VM (`device_code`: also logs in with the Azure CLI's device code).
    CloudDeveloper {
        /// The VM's address.
        vm: Addr,
        /// Uses `az login --use-device-code` on it.
        device_code: bool,
    },
    /// Outlook re-stamps the user's existing rules (`UpdateInboxRules` bursts).
    RuleRestamper,
    /// Keeps a rule that files notifications into Archive.
    ArchiveRule,
    /// Targeted by a password spray that never succeeded.
    SprayTarget,
    /// Searches the own mailbox for invoices and payments.
    InvoiceSearcher,
    /// Registers a new phone for MFA on day `day`.
    NewPhone(i64),
    /// Sends as a shared mailbox, some days more than ten times.
    SendAsDelegate,
    /// Reads an executive's mailbox with delegated FullAccess.
    DelegateReader,
    /// Cleans up the inbox on day `day` (dozens of deletions, sign-in notices among them).
    InboxCleanup(i64),
    /// Mistypes the password five to seven times on day `day`, then gets in.
    PasswordMistyper(i64),
    /// The office printer sends scan-to-mail over authenticated SMTP with this account.
    SmtpScanner,
    /// Consented to a sanctioned mail add-in on day `day`.
    SanctionedConsent(i64),
    /// IT admin: grants mailbox permissions, Send-As, forwarding to a partner.
    AdminChanges,
    /// Their mailbox is forwarded to a partner by an admin.
    ForwardedToPartner,
    /// Joined during the period (MFA enrolment on the first day).
    NewHire,
}

impl Trait {
    /// The name used in truth.json.
    pub fn name(&self) -> &'static str {
        match self {
            Trait::Traveller { .. } => "traveller",
            Trait::CorporateVpn => "corporate-vpn",
            Trait::ConsumerVpn(_) => "consumer-vpn",
            Trait::MobileHopper => "mobile-hopper",
            Trait::CloudDeveloper {
                device_code: true, ..
            } => "cloud-developer-device-code",
            Trait::CloudDeveloper { .. } => "cloud-developer",
            Trait::RuleRestamper => "outlook-rule-restamp",
            Trait::ArchiveRule => "archive-rule",
            Trait::SprayTarget => "failed-spray-target",
            Trait::InvoiceSearcher => "invoice-searcher",
            Trait::NewPhone(_) => "new-mfa-phone",
            Trait::SendAsDelegate => "send-as-delegate",
            Trait::DelegateReader => "delegate-reader",
            Trait::InboxCleanup(_) => "inbox-cleanup",
            Trait::PasswordMistyper(_) => "password-mistyper",
            Trait::SmtpScanner => "smtp-scanner",
            Trait::SanctionedConsent(_) => "sanctioned-mail-app",
            Trait::AdminChanges => "admin-changes",
            Trait::ForwardedToPartner => "forwarded-to-partner",
            Trait::NewHire => "new-hire",
        }
    }
}

/// How many people of `n` get a habit: `share` of them, at least `min`.
fn quota(n: usize, share: f64, min: usize) -> usize {
    ((n as f64 * share).round() as usize).max(min)
}

/// Give the non-victims their habits.
pub fn assign(t: &mut Tenant, victims: &[usize]) {
    let mut r = Rng::derive(t.seed, &["lookalikes"]);
    let days = t.cfg.days;
    let mut free: Vec<usize> = (0..t.people.len())
        .filter(|i| !victims.contains(i) && t.people[*i].job == Job::Staff)
        .collect();
    r.shuffle(&mut free);
    let n = t.people.len();
    let mut take = |count: usize| -> Vec<usize> {
        let k = count.min(free.len());
        free.drain(..k).collect()
    };
    // Habits that change where a person is: each person gets at most one of these.
    for i in take(quota(n, 0.03, 1)) {
        let range = r.pick(&nets::with_role(Role::Foreign));
        let mut from = r.range(days / 5, (days - 4).max(days / 5));
        while t.weekend(from) && from < days - 1 {
            from += 1;
        }
        let to = (from + r.range(3, 8)).min(days - 1);
        t.traits[i].push(Trait::Traveller { range, from, to });
    }
    for i in take(quota(n, 0.03, 2)) {
        t.people[i].office = None;
        t.traits[i].push(Trait::CorporateVpn);
    }
    for i in take(quota(n, 0.015, 1)) {
        t.traits[i].push(Trait::ConsumerVpn(
            r.pick(&nets::with_role(Role::ConsumerVpn)),
        ));
    }
    let rest = take(n);
    assign_habits(t, &mut r, &rest);
    assign_by_job(t, &mut r, victims);
    plan_sprays(t, &mut r, victims);
}

/// A password spray from a rented server that guesses wrong for everyone.
#[derive(Debug, Clone)]
pub struct Spray {
    /// Day index.
    pub d: i64,
    /// UTC second of the day it starts.
    pub second: i64,
    /// Where it comes from.
    pub src: Addr,
    /// Its user agent.
    pub ua: &'static str,
    /// Targets (person indexes).
    pub targets: Vec<usize>,
}

/// One or two failed sprays (hosting or VPN source, 12–35 targets, at night in the US).
fn plan_sprays(t: &mut Tenant, r: &mut Rng, victims: &[usize]) {
    let n = t.people.len();
    for k in 0..r.range(1, 2) {
        let role = if r.chance(0.6) {
            Role::Hosting
        } else {
            Role::ConsumerVpn
        };
        let src = Addr::of(r.pick(&nets::with_role(role)), r.next_u64(), None);
        let mut targets: Vec<usize> = (0..n).filter(|i| !victims.contains(i)).collect();
        r.shuffle(&mut targets);
        targets.truncate(r.range(12, 35) as usize);
        for &i in &targets {
            t.traits[i].push(Trait::SprayTarget);
        }
        t.sprays.push(Spray {
            d: r.range(1, t.cfg.days - 1),
            second: r.range(2, 9) * 3600 + k * 600 + r.range(0, 599),
            src,
            ua: r.pick(&[
                super::apps::UA_PYTHON,
                super::apps::UA_CHROME,
                "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)",
            ]),
            targets,
        });
    }
}

/// Habits that add events but leave the person where they are.
fn assign_habits(t: &mut Tenant, r: &mut Rng, pool: &[usize]) {
    let n = t.people.len();
    let days = t.cfg.days;
    let mut pool: Vec<usize> = pool.to_vec();
    let mut pick = |r: &mut Rng, count: usize| -> Vec<usize> {
        r.shuffle(&mut pool);
        pool.iter().copied().take(count).collect()
    };
    // A working day: the habits act on weekdays only.
    let weekend: Vec<bool> = (0..days).map(|d| t.weekend(d)).collect();
    // Not the last day: its evening falls after the end of the export in US time zones.
    let some_day = |r: &mut Rng| {
        let last = (days - 2).max(1);
        let d = r.range(1, last);
        (d..=last)
            .chain(1..d)
            .find(|&x| !weekend[x as usize])
            .unwrap_or(d)
    };
    for i in pick(r, quota(n, 0.05, 1)) {
        if t.people[i].phone.is_some() {
            t.traits[i].push(Trait::MobileHopper);
        }
    }
    for i in pick(r, quota(n, 0.04, 1)) {
        t.traits[i].push(Trait::RuleRestamper);
    }
    for i in pick(r, quota(n, 0.01, 1)) {
        t.traits[i].push(Trait::ArchiveRule);
    }
    for i in pick(r, quota(n, 0.02, 1)) {
        let d = some_day(r);
        t.traits[i].push(Trait::NewPhone(d));
    }
    for i in pick(r, quota(n, 0.015, 1)) {
        let d = some_day(r);
        t.traits[i].push(Trait::InboxCleanup(d));
    }
    for i in pick(r, quota(n, 0.01, 1)) {
        let d = some_day(r);
        t.traits[i].push(Trait::PasswordMistyper(d));
    }
    for i in pick(r, quota(n, 0.01, 1)) {
        let d = some_day(r);
        t.traits[i].push(Trait::SanctionedConsent(d));
    }
    for i in pick(r, 1) {
        if t.people[i].office.is_some() {
            t.traits[i].push(Trait::SmtpScanner);
        }
    }
    for i in pick(r, 1) {
        t.traits[i].push(Trait::ForwardedToPartner);
    }
}

/// Habits that come with a job, and new hires.
fn assign_by_job(t: &mut Tenant, r: &mut Rng, victims: &[usize]) {
    for i in 0..t.people.len() {
        if victims.contains(&i) {
            continue;
        }
        let p = &t.people[i];
        let mut add = Vec::new();
        match p.job {
            Job::Finance => add.push(Trait::InvoiceSearcher),
            Job::Assistant => {
                add.push(Trait::SendAsDelegate);
                add.push(Trait::DelegateReader);
            }
            Job::Admin => add.push(Trait::AdminChanges),
            Job::Developer if r.chance(0.5) => {
                let range = r.pick(&[
                    nets::named("aws-use1-a"),
                    nets::named("aws-use1-b"),
                    nets::named("gcp-us"),
                    nets::named("azure-eastus"),
                ]);
                let vm = Addr::of(range, r.next_u64(), None);
                add.push(Trait::CloudDeveloper {
                    vm,
                    device_code: r.chance(0.5),
                });
            }
            _ => {}
        }
        if p.first_day > 0 {
            add.push(Trait::NewHire);
        }
        t.traits[i].extend(add);
    }
}

/// A person's daily weight: busy-ness on working days, a little at weekends, nothing
/// before a new hire's first day.
pub fn weight(t: &Tenant, p: &Person, d: i64) -> f64 {
    if d < p.first_day {
        0.0
    } else if t.weekend(d) {
        p.busy * 0.08
    } else {
        p.busy
    }
}

/// Mean background rows per unit of weight so that the tenant comes near `--events`
/// (1% is left for habits, housekeeping and attacks).
pub fn calibrate(t: &Tenant) -> f64 {
    let total: f64 = t
        .people
        .iter()
        .map(|p| (0..t.cfg.days).map(|d| weight(t, p, d)).sum::<f64>())
        .sum();
    if total <= 0.0 {
        return 0.0;
    }
    t.cfg.events as f64 * 0.99 / total
}

/// Where a person is on one day.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// The laptop's network.
    pub desk: Addr,
    /// The phone's Wi-Fi (home, office or hotel).
    pub wifi: Addr,
    /// UTC offset of the local hours kept that day.
    pub tz: i64,
    /// In the office.
    pub at_office: bool,
}

/// Where `p` is on day index `d`.
pub fn place(t: &Tenant, p: &Person, d: i64) -> Place {
    let home = Place {
        desk: p.home,
        wifi: p.home,
        tz: p.tz,
        at_office: false,
    };
    for tr in &t.traits[p.idx] {
        match tr {
            Trait::Traveller { range, from, to } if (*from..=*to).contains(&d) => {
                let hotel = Addr::of(range, rng::hash(t.seed, &["hotel", &p.upn]), None);
                return Place {
                    desk: hotel,
                    wifi: hotel,
                    tz: nets::foreign_offset(range),
                    at_office: false,
                };
            }
            Trait::CorporateVpn => {
                return Place {
                    desk: t.corp_vpn,
                    ..home
                };
            }
            Trait::ConsumerVpn(range) => {
                let exit = Addr::of(
                    range,
                    rng::hash(t.seed, &["vpn-exit", &p.upn, &d.to_string()]),
                    None,
                );
                return Place { desk: exit, ..home };
            }
            _ => {}
        }
    }
    let wd = super::clock::weekday(t.day(d));
    if p.office.is_some() && wd < 5 && p.office_days & (1 << wd) != 0 {
        return Place {
            desk: t.office,
            wifi: t.office,
            tz: p.tz,
            at_office: true,
        };
    }
    home
}

/// UTC time of local minute `minute` of day index `d` for a UTC offset `tz`.
pub fn local(t: &Tenant, d: i64, tz: i64, minute: i64) -> i64 {
    t.day(d) * DAY - tz * 3600 + minute * 60
}
