//! The planted compromises: which people are taken over, how (seven kinds, shuffled by
//! the seed), when, and from which infrastructure; and the truth about each (attacker
//! addresses and sessions, accounts, time window) for truth.json. Each story renders all
//! of its rows up front (a few hundred at most) into its own `Out`; the day loop merges
//! them into the files. The kinds themselves are in `password.rs`, `phishing.rs` and
//! `session.rs`; the actions they share (rules, reads, sends, deletions) are below.

mod password;
mod phishing;
mod session;

use std::net::IpAddr;

use super::apps::{self, App};
use super::clock::DAY;
use super::nets::{self, Addr, Role};
use super::people::{Job, Person};
use super::rng::Rng;
use super::sink::{Out, Row};
use super::tenant::Tenant;
use super::ual::{self, Actor, Cmdlet, FolderAccess, Mbx, Sent};

/// The kinds of compromise the generator plants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Password spray from hosting, a success, a hiding rule, mail read, a fraudulent send.
    SprayTakeover,
    /// AiTM phishing through a VPS proxy, the session replayed elsewhere, RSS rule, forwarding.
    Aitm,
    /// Device-code phishing (broker or Azure CLI) and Graph mail reads.
    DeviceCode,
    /// Consent to a mail-reading app, which then reads mail from its back end.
    ConsentPhish,
    /// Legacy authentication / ROPC from a VPN or VPS, IMAP reads and SMTP sends.
    LegacyRopc,
    /// A stolen session replayed from an unlisted VPS, and a second account taken from it.
    TokenTheft,
    /// MFA fatigue, a new authenticator registered, security notices deleted.
    MfaPersistence,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 7] = [
        Kind::SprayTakeover,
        Kind::Aitm,
        Kind::DeviceCode,
        Kind::ConsentPhish,
        Kind::LegacyRopc,
        Kind::TokenTheft,
        Kind::MfaPersistence,
    ];

    /// Name in truth.json and the evaluation.
    pub fn name(self) -> &'static str {
        match self {
            Kind::SprayTakeover => "spray-takeover",
            Kind::Aitm => "aitm",
            Kind::DeviceCode => "device-code",
            Kind::ConsentPhish => "consent-phishing",
            Kind::LegacyRopc => "legacy-ropc",
            Kind::TokenTheft => "token-theft",
            Kind::MfaPersistence => "mfa-persistence",
        }
    }
}

/// A planned compromise.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Kind.
    pub kind: Kind,
    /// The victim (person index).
    pub victim: usize,
    /// The second account of a token theft.
    pub second: Option<usize>,
    /// Day index it starts on.
    pub d: i64,
}

/// A rendered compromise and its truth.
#[derive(Debug)]
pub struct Story {
    /// The plan.
    pub plan: Plan,
    /// Every attacker address, in the order first used.
    pub ips: Vec<IpAddr>,
    /// Every attacker session id.
    pub sessions: Vec<String>,
    /// People sprayed on the way (benign, not taken over).
    pub spray_targets: Vec<usize>,
    /// What happened, in a few words per step.
    pub notes: Vec<String>,
    /// Its rows.
    pub rows: Vec<Row>,
    /// First and last attacker record.
    pub window: (i64, i64),
}

/// Choose victims and kinds: 2% of the people, at least 3 (and at most a quarter), each
/// kind in turn from one the seed picks; a token theft also takes a second account.
pub fn plan(t: &Tenant) -> Vec<Plan> {
    let mut r = Rng::derive(t.seed, &["attacks"]);
    let n = t.people.len();
    let count = ((n as f64 * 0.02).round() as usize).max(3).min(n / 4);
    let mut pool: Vec<usize> = (0..n)
        .filter(|&i| t.people[i].first_day == 0 && t.people[i].job != Job::Admin)
        .collect();
    r.shuffle(&mut pool);
    // The kinds in turn from one the seed picks, so that consecutive seeds leave out
    // different kinds when there are fewer than seven victims.
    let mut kinds = Kind::ALL;
    kinds.rotate_left((t.seed % 7) as usize);
    let days = t.cfg.days;
    let lo = (days / 3).max(1).min(days - 1);
    let mut plans = Vec::new();
    for k in 0..count {
        let Some(victim) = pool.pop() else { break };
        let kind = kinds[k % kinds.len()];
        let second = if kind == Kind::TokenTheft {
            pool.pop()
        } else {
            None
        };
        plans.push(Plan {
            kind,
            victim,
            second,
            d: r.range(lo, (days - 2).max(lo)),
        });
    }
    plans
}

/// Every person a plan takes over.
pub fn victims(plans: &[Plan]) -> Vec<usize> {
    plans
        .iter()
        .flat_map(|p| std::iter::once(p.victim).chain(p.second))
        .collect()
}

/// Render one planned compromise.
pub fn render(t: &Tenant, plan: &Plan, index: usize) -> Story {
    let mut cx = Ctx {
        t,
        victim: &t.people[plan.victim],
        d: plan.d,
        r: Rng::derive(t.seed, &["attack", &index.to_string()]),
        out: Out::new(t.seed, format!("attack/{index}")),
        ips: Vec::new(),
        sessions: Vec::new(),
        spray_targets: Vec::new(),
        notes: Vec::new(),
    };
    match plan.kind {
        Kind::SprayTakeover => password::spray_takeover(&mut cx),
        Kind::LegacyRopc => password::legacy_ropc(&mut cx),
        Kind::Aitm => phishing::aitm(&mut cx),
        Kind::DeviceCode => phishing::device_code(&mut cx),
        Kind::ConsentPhish => phishing::consent(&mut cx),
        Kind::TokenTheft => {
            let second = plan.second.map(|i| &t.people[i]);
            session::token_theft(&mut cx, second);
        }
        Kind::MfaPersistence => session::mfa_persistence(&mut cx),
    }
    // Rows after the end of the period are not in the export: the window is what is.
    let (start, end) = (t.day(0) * DAY, t.day(t.cfg.days) * DAY);
    cx.out.rows.retain(|r| r.time >= start && r.time < end);
    let first = cx.out.rows.iter().map(|r| r.time).min().unwrap_or(0);
    let last = cx.out.rows.iter().map(|r| r.time).max().unwrap_or(0);
    Story {
        plan: plan.clone(),
        ips: cx.ips,
        sessions: cx.sessions,
        spray_targets: cx.spray_targets,
        notes: cx.notes,
        rows: cx.out.rows,
        window: (first, last),
    }
}

/// What a story is being written with.
pub struct Ctx<'t> {
    /// Tenant.
    pub t: &'t Tenant,
    /// The victim.
    pub victim: &'t Person,
    /// Day index it starts on.
    pub d: i64,
    /// The story's own random stream.
    pub r: Rng,
    /// Its rows.
    pub out: Out,
    /// Attacker addresses.
    pub ips: Vec<IpAddr>,
    /// Attacker sessions.
    pub sessions: Vec<String>,
    /// People sprayed.
    pub spray_targets: Vec<usize>,
    /// Steps in words.
    pub notes: Vec<String>,
}

impl Ctx<'_> {
    /// A fresh attacker address from one of `roles`' ranges, recorded as the attacker's.
    pub fn infra(&mut self, roles: &[Role]) -> Addr {
        let role = self.r.pick(roles);
        let range = self.r.pick(&nets::with_role(role));
        let a = Addr::of(range, self.r.next_u64(), None);
        self.ips.push(a.ip);
        a
    }

    /// A fresh attacker session id, recorded.
    pub fn session(&mut self, label: &str) -> String {
        let s = super::rng::uuid(self.t.seed, &["attacker-session", &self.out.part, label]);
        self.sessions.push(s.clone());
        s
    }

    /// UTC time on the story's first day at `hour` (plus random minutes below `spread`).
    pub fn at_hour(&mut self, hour: i64, spread_minutes: i64) -> i64 {
        self.t.day(self.d) * DAY
            + hour * 3600
            + self.r.range(0, spread_minutes) * 60
            + self.r.range(0, 59)
    }

    /// A time in the victim's working hours on the story's first day.
    pub fn victim_work_time(&mut self) -> i64 {
        let local = self.victim.start_minute + self.r.range(60, 7 * 60);
        self.t.day(self.d) * DAY - self.victim.tz * 3600 + local * 60 + self.r.range(0, 59)
    }

    /// Note a step for truth.json.
    pub fn note(&mut self, text: String) {
        self.notes.push(text);
    }
}

/// Keyword lists attackers' hiding rules look for.
pub const RULE_WORDS: &[&str] = &[
    "invoice;payment;wire",
    "bank;account details;remittance",
    "ACH;remittance;payment confirmation",
    "wire;swift;iban",
    "suspicious;compromised;security alert",
];

/// Rule names attackers pick so the rule is hard to see.
pub const RULE_NAMES: &[&str] = &[".", "..", "...", ",", "-", "xx", "a", "."];

/// Folders nobody reads.
pub const HIDING_FOLDERS: &[&str] = &[
    "RSS Feeds",
    "Conversation History",
    "Archive",
    "RSS Subscriptions",
];

/// A hiding rule created through OWA by the attacker (`New-InboxRule`).
pub struct HidingRule<'a> {
    /// Time.
    pub when: i64,
    /// Whose mailbox.
    pub who: &'a Person,
    /// From where.
    pub ip: IpAddr,
    /// Session.
    pub session: &'a str,
    /// Name.
    pub name: &'a str,
    /// Parameters after `Name` (conditions and actions).
    pub params: Vec<(&'a str, String)>,
    /// Write the ObjectId with the mailbox GUID path, as many real exports do.
    pub by_guid: bool,
}

/// Render a hiding rule.
pub fn hiding_rule(cx: &mut Ctx<'_>, h: HidingRule<'_>) {
    let t = cx.t;
    let object_id = if h.by_guid {
        format!(
            "NAMPR04A003.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/{}/{}\\{}",
            t.org, h.who.mbx, h.name
        )
    } else {
        format!("{}\\{}", h.who.upn, h.name)
    };
    let mut params = vec![
        ("AlwaysDeleteOutlookRulesBlob", "False".to_string()),
        ("Force", "False".to_string()),
        ("Name", h.name.to_string()),
    ];
    params.extend(h.params);
    let c = Cmdlet {
        when: h.when,
        actor: Actor::Person(h.who),
        op: "New-InboxRule",
        params,
        object_id,
        ip: Some((h.ip, cx.r.range(50000, 60000) as u16)),
        session: h.session,
    };
    ual::cmdlet(t, &mut cx.out, &c);
}

/// The usual hiding rule: keywords → a hiding folder, mark as read, stop processing.
pub fn usual_rule_params(r: &mut Rng) -> Vec<(&'static str, String)> {
    vec![
        (
            "SubjectOrBodyContainsWords",
            (r.pick(RULE_WORDS)).to_string(),
        ),
        ("MoveToFolder", (r.pick(HIDING_FOLDERS)).to_string()),
        ("MarkAsRead", "True".into()),
        ("StopProcessingRules", "True".into()),
    ]
}

/// Mail read by the attacker: a Sync of the main folders, then Binds of `n` messages.
pub fn read_mail(cx: &mut Ctx<'_>, m: &Mbx<'_>, n: usize, label: &str) {
    let t = cx.t;
    let sync = ["\\Inbox", "\\Sent Items", "\\Archive"]
        .iter()
        .map(|p| FolderAccess {
            path: (*p).to_string(),
            items: Vec::new(),
        })
        .collect::<Vec<_>>();
    ual::mail_access(t, &mut cx.out, m, true, &sync);
    let mut left = n;
    let mut k = 0;
    while left > 0 {
        let take = left.min(cx.r.range(20, 140) as usize);
        let items = super::background::messages(t, m.owner, &format!("{label}-{k}"), take);
        let mut b = *m;
        b.when = m.when + 60 * (k as i64 + 1) * cx.r.range(2, 9);
        ual::mail_access(
            t,
            &mut cx.out,
            &b,
            false,
            &[FolderAccess {
                path: "\\Inbox".into(),
                items,
            }],
        );
        left -= take;
        k += 1;
    }
}

/// The inbox, with the messages bound in it.
pub fn inbox(items: Vec<(String, u32)>) -> FolderAccess {
    FolderAccess {
        path: "\\Inbox".into(),
        items,
    }
}

/// Subjects of fraudulent payment mails.
pub const FRAUD_SUBJECTS: &[&str] = &[
    "RE: Invoice INV-20417 - updated remittance details",
    "Updated banking details for outstanding payments",
    "RE: Wire transfer confirmation needed today",
    "Change of bank account - effective immediately",
    "RE: Overdue invoice 88213 - new payment instructions",
];

/// A fraudulent payment mail sent by the attacker: (subject, InternetMessageId).
pub fn fraud_send(cx: &mut Ctx<'_>, m: &Mbx<'_>) -> (String, String) {
    let subject = cx.r.pick(FRAUD_SUBJECTS);
    let s = Sent {
        subject,
        size: cx.r.range(20_000, 60_000) as u32,
        attachments: "Remittance_details.pdf (41022b)",
        send_as: None,
    };
    let id = ual::send(cx.t, &mut cx.out, m, &s);
    cx.note(format!("sent \"{subject}\""));
    (subject.to_string(), id)
}

/// An attacker's mailbox record context.
pub fn mbx<'a>(
    when: i64,
    who: &'a Person,
    ip: IpAddr,
    cis: &'a str,
    session: &'a str,
    app: App,
) -> Mbx<'a> {
    Mbx {
        when,
        who,
        owner: who,
        ip,
        cis,
        session,
        app,
    }
}

/// An external address for forwarding, made to look like the victim's own.
pub fn drop_box(r: &mut Rng, p: &Person) -> String {
    let local = p.upn.split('@').next().unwrap_or("user");
    let domain = r.pick(&[
        "gmail.com",
        "protonmail.com",
        "outlook-securemail.com",
        "mailbox-archive.net",
    ]);
    format!("{local}.finance@{domain}")
}

/// Default client for the attacker's OWA actions.
pub const OWA: App = apps::OWA;
