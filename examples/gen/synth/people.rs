//! The tenant's people: names, cities and time zones, devices, browsers and Outlook
//! clients, home and mobile networks, working hours and how busy each is. Only facts
//! about a person live here; what they do each day is `background.rs`, and the unusual
//! but innocent habits (travel, VPNs, …) are `lookalikes.rs`.

use super::nets::{self, Addr, NetRange, Role};
use super::rng::{self, Rng};

/// US metro areas: (city, state, UTC offset in hours in January).
pub const CITIES: &[(&str, &str, i64)] = &[
    ("New York", "New York", -5),
    ("Boston", "Massachusetts", -5),
    ("Philadelphia", "Pennsylvania", -5),
    ("Atlanta", "Georgia", -5),
    ("Charlotte", "North Carolina", -5),
    ("Miami", "Florida", -5),
    ("Chicago", "Illinois", -6),
    ("Dallas", "Texas", -6),
    ("Minneapolis", "Minnesota", -6),
    ("Austin", "Texas", -6),
    ("Denver", "Colorado", -7),
    ("Phoenix", "Arizona", -7),
    ("Seattle", "Washington", -8),
    ("Portland", "Oregon", -8),
    ("San Jose", "California", -8),
    ("Los Angeles", "California", -8),
];

const FIRST: &[&str] = &[
    "james",
    "mary",
    "robert",
    "patricia",
    "john",
    "jennifer",
    "michael",
    "linda",
    "david",
    "elizabeth",
    "william",
    "barbara",
    "richard",
    "susan",
    "joseph",
    "jessica",
    "thomas",
    "sarah",
    "charles",
    "karen",
    "daniel",
    "lisa",
    "matthew",
    "nancy",
    "anthony",
    "betty",
    "mark",
    "sandra",
    "donald",
    "ashley",
    "steven",
    "emily",
    "andrew",
    "kimberly",
    "paul",
    "donna",
    "joshua",
    "michelle",
    "kenneth",
    "carol",
    "kevin",
    "amanda",
    "brian",
    "melissa",
    "george",
    "deborah",
    "timothy",
    "stephanie",
    "ronald",
    "rebecca",
    "jason",
    "laura",
    "ryan",
    "sharon",
    "jacob",
    "cynthia",
    "gary",
    "kathleen",
    "nicholas",
    "amy",
    "eric",
    "angela",
    "jonathan",
    "shirley",
    "priya",
    "wei",
    "carlos",
    "fatima",
    "hiroshi",
    "olga",
];

const LAST: &[&str] = &[
    "smith",
    "johnson",
    "williams",
    "brown",
    "jones",
    "garcia",
    "miller",
    "davis",
    "rodriguez",
    "martinez",
    "hernandez",
    "lopez",
    "gonzalez",
    "wilson",
    "anderson",
    "thomas",
    "taylor",
    "moore",
    "jackson",
    "martin",
    "lee",
    "perez",
    "thompson",
    "white",
    "harris",
    "sanchez",
    "clark",
    "ramirez",
    "lewis",
    "robinson",
    "walker",
    "young",
    "allen",
    "king",
    "wright",
    "scott",
    "torres",
    "nguyen",
    "hill",
    "flores",
    "green",
    "adams",
    "nelson",
    "baker",
    "hall",
    "rivera",
    "campbell",
    "mitchell",
    "carter",
    "roberts",
    "patel",
    "chen",
    "kim",
    "okafor",
    "novak",
    "schmidt",
    "rossi",
    "dubois",
    "tanaka",
    "kowalski",
];

/// What a person does at work, which decides a few of their habits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Most people.
    Staff,
    /// Accounts payable / receivable: searches for invoices, rules on invoices.
    Finance,
    /// Executive assistants: delegated access, Send-As for shared mailboxes.
    Assistant,
    /// Executives: their mailboxes are delegated.
    Executive,
    /// IT administrators: mailbox permissions, forwarding, security info for others.
    Admin,
    /// Engineers: cloud VMs, the Azure CLI.
    Developer,
}

/// A browser and desktop-client profile: what the sign-in log shows for a device.
#[derive(Debug, Clone, Copy)]
pub struct Platform {
    /// Entra `Operating System`.
    pub os: &'static str,
    /// Entra `Browser`.
    pub browser: &'static str,
    /// Browser user agent.
    pub browser_ua: &'static str,
    /// Outlook desktop user agent.
    pub outlook_ua: &'static str,
    /// Entra `Join Type`.
    pub join: &'static str,
}

/// Windows laptops with Edge, Windows with Chrome, Macs with Safari.
pub const PLATFORMS: &[Platform] = &[
    Platform {
        os: "Windows10",
        browser: "Edge 121.0.0",
        browser_ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0",
        outlook_ua: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17231; Pro)",
        join: "Microsoft Entra joined",
    },
    Platform {
        os: "Windows10",
        browser: "Chrome 122.0.0",
        browser_ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
        outlook_ua: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)",
        join: "Microsoft Entra joined",
    },
    Platform {
        os: "MacOs",
        browser: "Safari 17.2",
        browser_ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        outlook_ua: "MacOutlook/16.80.23121017 (Intelx64 Mac OS X 14.2.1 (Build 23C71))",
        join: "Microsoft Entra registered",
    },
];

/// A phone with Outlook mobile.
#[derive(Debug, Clone, Copy)]
pub struct Phone {
    /// Entra `Operating System`.
    pub os: &'static str,
    /// Outlook mobile user agent.
    pub ua: &'static str,
    /// Exchange `ClientInfoString` of Outlook mobile's mailbox access.
    pub client_info: &'static str,
    /// The carrier's range.
    pub carrier: &'static NetRange,
}

const PHONES: &[(&str, &str, &str)] = &[
    (
        "Ios 17.2.1",
        "Outlook-iOS/709.2231003.prod.iphone (4.2405.0)",
        "Client=OutlookService;Outlook-iOS/2.0;",
    ),
    (
        "Android 14",
        "Outlook-Android/2.0",
        "Client=OutlookService;Outlook-Android/2.0;",
    ),
];

/// One person of the tenant.
#[derive(Debug, Clone)]
pub struct Person {
    /// Position in the tenant's list.
    pub idx: usize,
    /// `first.last@domain`.
    pub upn: String,
    /// `First Last`.
    pub name: String,
    /// Entra object id.
    pub oid: String,
    /// Exchange/Entra PUID (`UserKey`).
    pub puid: String,
    /// On-premises-style SID (Exchange `LogonUserSid`).
    pub sid: String,
    /// Exchange `MailboxGuid`.
    pub mbx: String,
    /// Index into [`CITIES`].
    pub city: usize,
    /// UTC offset in hours.
    pub tz: i64,
    /// Home broadband address (used every day from home).
    pub home: Addr,
    /// Office address index (into the tenant's offices), if they ever go in.
    pub office: Option<usize>,
    /// Office days, bit 0 = Monday.
    pub office_days: u8,
    /// Entra device id of the laptop.
    pub device_id: String,
    /// Device name, `JS-LT-0142`.
    pub device_name: String,
    /// Laptop platform.
    pub platform: &'static Platform,
    /// Phone, if Outlook mobile is used.
    pub phone: Option<Phone>,
    /// How busy, 0.3 … 2.5 (scales the day's volume).
    pub busy: f64,
    /// Local hour the working day starts, in minutes after midnight.
    pub start_minute: i64,
    /// First day (index from the start of the data) the account exists: new hires start late.
    pub first_day: i64,
    /// What they do.
    pub job: Job,
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Names for `n` people, unique (a digit is added after the first 4,000 or so).
fn names(rng: &mut Rng, n: usize) -> Vec<(String, String)> {
    let mut pairs: Vec<(usize, usize)> = (0..FIRST.len())
        .flat_map(|f| (0..LAST.len()).map(move |l| (f, l)))
        .collect();
    rng.shuffle(&mut pairs);
    (0..n)
        .map(|i| {
            let (f, l) = pairs[i % pairs.len()];
            let round = i / pairs.len();
            let local = if round == 0 {
                format!("{}.{}", FIRST[f], LAST[l])
            } else {
                format!("{}.{}{}", FIRST[f], LAST[l], round + 1)
            };
            let name = format!("{} {}", title_case(FIRST[f]), title_case(LAST[l]));
            (local, name)
        })
        .collect()
}

/// Everything a tenant needs to know to build its people.
pub struct PeopleSpec<'a> {
    /// Tenant seed.
    pub seed: u64,
    /// How many.
    pub count: usize,
    /// UPN domain.
    pub domain: &'a str,
    /// HQ city index (most people live around it).
    pub hq_city: usize,
    /// Number of days of data (new hires start inside it).
    pub days: i64,
}

/// Build the tenant's people.
pub fn build(spec: &PeopleSpec<'_>) -> Vec<Person> {
    let mut rng = Rng::derive(spec.seed, &["people"]);
    let pools = Pools {
        residential: nets::with_role(Role::Residential),
        mobile: nets::with_role(Role::Mobile),
        sid_base: 1_000_000_000 + rng.below(1_000_000_000),
    };
    names(&mut rng, spec.count)
        .into_iter()
        .enumerate()
        .map(|(idx, (local, name))| person(spec, &pools, idx, local, name))
        .collect()
}

/// What every person is drawn from.
struct Pools {
    residential: Vec<&'static NetRange>,
    mobile: Vec<&'static NetRange>,
    sid_base: u64,
}

fn person(spec: &PeopleSpec<'_>, pools: &Pools, idx: usize, local: String, name: String) -> Person {
    let seed = spec.seed;
    let upn = format!("{local}@{}", spec.domain);
    let r = &mut Rng::derive(seed, &["person", &upn]);
    let (residential, mobile, sid_base) = (&pools.residential, &pools.mobile, pools.sid_base);
    let local_hq = r.chance(0.7);
    let city = if local_hq {
        spec.hq_city
    } else {
        r.below(CITIES.len() as u64) as usize
    };
    let home = Addr::of(r.pick(residential), r.next_u64(), Some(city));
    let initials: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
    let phone = r.chance(0.8).then(|| {
        let (os, ua, client_info) = r.pick(PHONES);
        Phone {
            os,
            ua,
            client_info,
            carrier: r.pick(mobile),
        }
    });
    let new_hire = r.chance(0.02) && spec.days > 6;
    Person {
        idx,
        oid: rng::uuid(seed, &["oid", &upn]),
        puid: format!("10032{:011X}", rng::hash(seed, &["puid", &upn]) >> 20),
        sid: format!(
            "S-1-5-21-{sid_base}-{}-682003330-{}",
            sid_base / 3 + 77,
            5120 + idx
        ),
        mbx: rng::uuid(seed, &["mailbox", &upn]),
        city,
        tz: CITIES[city].2,
        home,
        office: local_hq.then_some(0),
        office_days: if local_hq { office_days(r) } else { 0 },
        device_id: rng::uuid(seed, &["device", &upn]),
        device_name: format!("{}-LT-{:04}", initials.to_uppercase(), 100 + idx),
        platform: &PLATFORMS[r.below(PLATFORMS.len() as u64) as usize],
        phone,
        busy: 0.3 + 2.2 * r.unit() * r.unit(),
        start_minute: r.range(7 * 60 + 15, 9 * 60 + 30),
        first_day: if new_hire {
            r.range(3, spec.days / 2)
        } else {
            0
        },
        job: Job::Staff,
        upn,
        name,
    }
}

/// Hybrid patterns: Tue–Thu in the office, every weekday, or Mondays and Wednesdays.
fn office_days(r: &mut Rng) -> u8 {
    r.pick(&[0b01110, 0b01110, 0b11111, 0b00101, 0b01010])
}
