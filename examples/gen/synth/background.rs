//! A person's ordinary day: sign-ins (the morning Outlook sign-in, browser and Teams
//! sign-ins, token refreshes), Outlook mail access (Sync and Bind), sends, deletions,
//! SharePoint/OneDrive file work and the odd mailbox search, on the laptop from the day's
//! network or on the phone from the carrier or Wi-Fi, inside local working hours. The
//! volume of each kind follows `SHARES`, scaled by the person's weight and the tenant's
//! rate, so the operation mix is the same at 3,000 rows and at a million.

use super::apps::{self, App};
use super::entra::{self, DeviceUse, SignIn};
use super::files::{self, FileActor, FileOp};
use super::lookalikes::{self, Place};
use super::nets::Addr;
use super::people::Person;
use super::rng::{self, Rng};
use super::sink::Out;
use super::tenant::Tenant;
use super::ual::{self, FolderAccess, Mbx, Sent};

/// Share of a person's rows by kind (sums to 1 with the UAL mirrors of interactive
/// sign-ins, about 0.7 of `interactive`): MailItemsAccessed is the largest, as in real
/// tenants, then sign-ins, file work, deletions and sends.
pub const SHARES: Shares = Shares {
    mail_access: 0.42,
    non_interactive: 0.17,
    interactive: 0.045,
    send: 0.07,
    delete: 0.08,
    file: 0.1535,
    search: 0.03,
};

/// Mean rows per kind per unit of volume.
#[derive(Debug, Clone, Copy)]
pub struct Shares {
    /// MailItemsAccessed.
    pub mail_access: f64,
    /// Non-interactive sign-ins.
    pub non_interactive: f64,
    /// Interactive sign-ins (each with a UAL mirror 70% of the time).
    pub interactive: f64,
    /// Send.
    pub send: f64,
    /// SoftDelete / MoveToDeletedItems / HardDelete.
    pub delete: f64,
    /// SharePoint / OneDrive file operations.
    pub file: f64,
    /// SearchQueryInitiatedExchange.
    pub search: f64,
}

/// Everything about a person's day that the generators below share.
pub struct Day<'a> {
    /// The tenant.
    pub t: &'a Tenant,
    /// The person.
    pub p: &'a Person,
    /// Day index.
    pub d: i64,
    /// Where they are.
    pub place: Place,
    /// The phone's carrier address today.
    pub carrier: Option<Addr>,
    /// Entra session of the laptop (this week).
    pub desk_session: String,
    /// Entra session of the browser (this week).
    pub web_session: String,
    /// Entra session of the phone (this fortnight).
    pub phone_session: String,
}

impl<'a> Day<'a> {
    /// The day of `p` on day index `d`.
    pub fn new(t: &'a Tenant, p: &'a Person, d: i64) -> Day<'a> {
        let week = (t.day(d) + 3).div_euclid(7).to_string();
        let fortnight = (t.day(d) + 3).div_euclid(14).to_string();
        Day {
            t,
            p,
            d,
            place: lookalikes::place(t, p, d),
            carrier: p.phone.map(|ph| {
                Addr::of(
                    ph.carrier,
                    rng::hash(t.seed, &["carrier", &p.upn, &d.to_string()]),
                    Some(p.city),
                )
            }),
            desk_session: session(t, p, "desk", &week),
            web_session: session(t, p, "web", &week),
            phone_session: session(t, p, "phone", &fortnight),
        }
    }

    /// UTC time of local minute `m` (plus `s` seconds).
    pub fn at(&self, m: i64, s: i64) -> i64 {
        lookalikes::local(self.t, self.d, self.place.tz, m) + s
    }

    /// A time in working hours (8% of the time in the evening).
    pub fn work_time(&self, r: &mut Rng) -> i64 {
        let m = if r.chance(0.08) {
            r.range(19 * 60, 23 * 60)
        } else {
            self.p.start_minute + r.range(0, 9 * 60)
        };
        self.at(m, r.range(0, 59))
    }

    /// The phone's address at a moment: Wi-Fi at home or in the office, else the carrier.
    pub fn phone_addr(&self, r: &mut Rng) -> Addr {
        match self.carrier {
            Some(c) if r.chance(0.45) => c,
            _ => self.place.wifi,
        }
    }

    /// A mailbox record of the person's laptop Outlook.
    pub fn desk_mbx(&self, when: i64) -> Mbx<'_> {
        Mbx {
            when,
            who: self.p,
            owner: self.p,
            ip: self.place.desk.ip,
            cis: apps::CIS_OUTLOOK,
            session: "",
            app: apps::OFFICE,
        }
    }
}

/// The Entra session id of a person's device for a period.
pub fn session(t: &Tenant, p: &Person, device: &str, period: &str) -> String {
    rng::uuid(t.seed, &["session", &p.upn, device, period])
}

/// Generate one person's ordinary day into `out`.
pub fn person_day(day: &Day<'_>, out: &mut Out) {
    let t = day.t;
    let weight = lookalikes::weight(t, day.p, day.d);
    if weight <= 0.0 {
        return;
    }
    let volume = weight * t.rate;
    let mut r = Rng::derive(t.seed, &["bg", &day.p.upn, &day.d.to_string()]);
    signins(day, out, &mut r, volume);
    for _ in 0..r.count(volume * SHARES.mail_access) {
        mail_access(day, out, &mut r);
    }
    for _ in 0..r.count(volume * SHARES.send) {
        send(day, out, &mut r);
    }
    for _ in 0..r.count(volume * SHARES.delete) {
        delete(day, out, &mut r);
    }
    for _ in 0..r.count(volume * SHARES.file) {
        file(day, out, &mut r);
    }
    for _ in 0..r.count(volume * SHARES.search) {
        search(day, out, &mut r);
    }
}

/// The day's sign-ins: the first interactive one in the morning, the rest spread out.
fn signins(day: &Day<'_>, out: &mut Out, r: &mut Rng, volume: f64) {
    let n = r.count(volume * SHARES.interactive);
    for k in 0..n {
        let when = if k == 0 {
            day.at(day.p.start_minute + r.range(-20, 25), r.range(0, 59))
        } else {
            day.work_time(r)
        };
        let mut s = interactive_kind(day, r, when);
        s.mirror = r.chance(0.7);
        entra::emit(day.t, out, &s);
    }
    for _ in 0..r.count(volume * SHARES.non_interactive) {
        let when = day.work_time(r);
        let mut s = interactive_kind(day, r, when);
        s.interactive = false;
        if s.app == apps::OFFICEHOME {
            s.app = apps::OFFICE;
            s.resource = r.pick(&[apps::RES_EXO, apps::RES_GRAPH, apps::RES_SPO]);
        } else if s.app == apps::OFFICE && r.chance(0.3) {
            s.app = apps::ONEDRIVE;
            s.ua = apps::UA_ONEDRIVE;
            s.resource = apps::RES_SPO;
        }
        entra::emit(day.t, out, &s);
    }
}

/// One of the person's usual sign-ins: Outlook desktop, a browser to office.com, Teams,
/// or Outlook on the phone.
fn interactive_kind<'a>(day: &'a Day<'a>, r: &mut Rng, when: i64) -> SignIn<'a> {
    let p = day.p;
    let roll = r.unit();
    if let Some(ph) = p.phone.filter(|_| roll < 0.2) {
        let mut s = SignIn::new(when, p, day.phone_addr(r), apps::OUTLOOK_MOBILE, ph.ua);
        s.device = DeviceUse::Bare(ph.os, "");
        s.session = &day.phone_session;
        return s;
    }
    let desk = day.place.desk;
    if roll < 0.55 {
        let mut s = SignIn::new(when, p, desk, apps::OFFICE, p.platform.outlook_ua);
        s.session = &day.desk_session;
        s
    } else if roll < 0.8 {
        let mut s = SignIn::new(when, p, desk, apps::OFFICEHOME, p.platform.browser_ua);
        s.client = "Browser";
        s.resource = apps::RES_PORTAL;
        s.session = &day.web_session;
        s
    } else {
        let mut s = SignIn::new(when, p, desk, apps::TEAMS, apps::UA_TEAMS);
        s.resource = apps::RES_SKYPE;
        s.session = &day.desk_session;
        s
    }
}

const FOLDERS: &[&str] = &[
    "\\Inbox",
    "\\Inbox",
    "\\Inbox",
    "\\Inbox",
    "\\Sent Items",
    "\\Inbox\\Projects",
    "\\Archive",
    "\\Drafts",
];

/// Messages of a person's mailbox (InternetMessageIds and sizes).
pub fn messages(t: &Tenant, p: &Person, label: &str, n: usize) -> Vec<(String, u32)> {
    (0..n)
        .map(|k| {
            let k = k.to_string();
            let id = ual::message_id(t, &["inbox", &p.upn, label, &k]);
            let size = 9000 + (rng::hash(t.seed, &["size", &id]) % 240_000) as u32;
            (id, size)
        })
        .collect()
}

/// Outlook reading mail: Bind of a few messages, or Sync of a folder.
fn mail_access(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let when = day.work_time(r);
    let (t, p) = (day.t, day.p);
    let mut m = day.desk_mbx(when);
    m.session = &day.desk_session;
    let roll = r.unit();
    if let Some(ph) = p.phone.filter(|_| roll < 0.2) {
        // Outlook mobile reads the mailbox through Microsoft's cloud service: most of its
        // mailbox records carry a Microsoft address, not the phone's.
        m.ip = if r.chance(0.7) {
            t.microsoft_address(&p.upn, day.d)
        } else {
            day.phone_addr(r).ip
        };
        m.cis = ph.client_info;
        m.app = apps::OUTLOOK_MOBILE;
        m.session = &day.phone_session;
    } else if roll < 0.27 {
        m.cis = apps::CIS_OWA;
        m.app = apps::OWA;
        m.session = &day.web_session;
    }
    let sync = r.chance(0.3);
    let path = (r.pick(FOLDERS)).to_string();
    let items = if sync {
        Vec::new()
    } else {
        let n = if r.chance(0.05) {
            r.range(8, 30)
        } else {
            r.range(1, 5)
        };
        messages(t, p, &format!("{}-{when}", day.d), n as usize)
    };
    ual::mail_access(t, out, &m, sync, &[FolderAccess { path, items }]);
}

const SUBJECTS: &[&str] = &[
    "Re: Q1 planning offsite",
    "Weekly status update",
    "Re: Contract renewal draft",
    "Agenda for Thursday",
    "FW: Facilities notice - parking garage",
    "Re: Customer escalation follow-up",
    "Notes from today's sync",
    "Re: Budget review slides",
    "Lunch & learn next week",
    "Re: Travel request",
    "Updated org chart",
    "Re: Onboarding checklist",
    "Re: Vendor onboarding questions",
    "Timesheet reminder",
    "Re: Product roadmap feedback",
    "Meeting recap and actions",
    "Re: Shipping schedule for March",
    "Quick question about the report",
    "Re: Draft press release",
    "Re: Hiring panel feedback",
];

/// An ordinary sent mail (laptop or phone).
fn send(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let when = day.work_time(r);
    let mut m = day.desk_mbx(when);
    m.session = &day.desk_session;
    if let Some(ph) = day.p.phone.filter(|_| r.chance(0.15)) {
        m.ip = day.phone_addr(r).ip;
        m.cis = ph.client_info;
        m.app = apps::OUTLOOK_MOBILE;
        m.session = &day.phone_session;
    }
    let sent = Sent {
        subject: r.pick(SUBJECTS),
        size: r.range(9_000, 180_000) as u32,
        attachments: "",
        send_as: None,
    };
    ual::send(day.t, out, &m, &sent);
}

const JUNK: &[&str] = &[
    "Your weekly digest",
    "Webinar invitation: cloud cost management",
    "Out of office: Re: Weekly status update",
    "Newsletter - industry news",
    "Reminder: timesheet due Friday",
    "Accepted: Agenda for Thursday",
    "Your order has shipped",
    "Team lunch poll",
];

/// Deleting a few messages (most often by moving them to Deleted Items).
fn delete(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let when = day.work_time(r);
    let mut m = day.desk_mbx(when);
    m.session = &day.desk_session;
    let n = r.range(1, 3) as usize;
    let items: Vec<(String, String)> = (0..n)
        .map(|k| {
            let mid = ual::message_id(
                day.t,
                &["del", &day.p.upn, &when.to_string(), &k.to_string()],
            );
            ((r.pick(JUNK)).to_string(), mid)
        })
        .collect();
    let (op, folder) = r.pick(&[
        ("MoveToDeletedItems", "\\Inbox"),
        ("MoveToDeletedItems", "\\Inbox"),
        ("SoftDelete", "\\Inbox"),
        ("SoftDelete", "\\Deleted Items"),
        ("HardDelete", "\\Deleted Items"),
    ]);
    ual::delete(day.t, out, &m, op, folder, &items);
}

const DOCS: &[&str] = &[
    "Q1 plan.docx",
    "Budget 2026.xlsx",
    "Team roster.xlsx",
    "Customer deck.pptx",
    "Meeting notes.docx",
    "Project timeline.xlsx",
    "Onboarding guide.pdf",
    "Roadmap.pptx",
];

/// SharePoint or OneDrive file work in the browser or the Office apps.
fn file(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let (t, p) = (day.t, day.p);
    let when = day.work_time(r);
    let own = r.chance(0.55);
    let site = if own {
        files::onedrive(t, p)
    } else {
        files::team_site(
            t,
            r.pick(&["Projects", "Marketing", "Finance", "HR", "Engineering"]),
        )
    };
    let folder = if own {
        "/Documents"
    } else {
        "/Shared Documents"
    };
    let op = r.pick(&[
        "FileAccessed",
        "FileAccessed",
        "FileAccessed",
        "FileModified",
        "FileModified",
        "FilePreviewed",
        "FileDownloaded",
    ]);
    let (app, ua): (App, &str) = if r.chance(0.5) {
        (apps::OFFICE, p.platform.browser_ua)
    } else {
        (apps::ONEDRIVE, apps::UA_ONEDRIVE)
    };
    let f = FileOp {
        when,
        actor: FileActor::Person(p, &day.desk_session, app),
        op,
        ip: day.place.desk.ip,
        ua,
        site: &site,
        folder,
        file: r.pick(DOCS),
        event_data: "",
    };
    files::file_op(t, out, &f);
}

const QUERIES: &[&str] = &[
    "project plan",
    "budget",
    "meeting notes",
    "contract",
    "q1 report",
    "expense report",
    "offsite",
    "roadmap",
    "onboarding",
    "slides",
];

/// A search of the own mailbox in Outlook.
fn search(day: &Day<'_>, out: &mut Out, r: &mut Rng) {
    let when = day.work_time(r);
    let mut m = day.desk_mbx(when);
    m.session = &day.desk_session;
    ual::search(day.t, out, &m, r.pick(QUERIES));
}
