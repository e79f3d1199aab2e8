//! The tenant as a whole: its name, domain and ids, its office and VPN addresses, its
//! people with their jobs and benign habits, its shared mailboxes, and the volume rate
//! that makes the generated row count come out near `--events`. Built once from the
//! seed; everything after reads it.

use super::clock::weekday;
use super::lookalikes::{self, Spray, Trait};
use super::nets::{self, Addr};
use super::people::{self, CITIES, Job, PeopleSpec, Person};
use super::rng::{self, Rng};

/// Command-line settings of one tenant.
#[derive(Debug, Clone)]
pub struct Config {
    /// People in the tenant.
    pub users: usize,
    /// Days of data.
    pub days: i64,
    /// Rows to aim for across the three files.
    pub events: u64,
    /// The seed: the same seed gives the same bytes.
    pub seed: u64,
    /// First day (day number since 1970-01-01).
    pub start: i64,
}

/// Microsoft's sample organisations: (domain, display name).
const ORGS: &[(&str, &str)] = &[
    ("contoso.com", "Contoso"),
    ("fabrikam.com", "Fabrikam"),
    ("northwindtraders.com", "Northwind Traders"),
    ("adatum.com", "Adatum"),
    ("woodgrovebank.com", "Woodgrove Bank"),
    ("relecloud.com", "Relecloud"),
    ("proseware.com", "Proseware"),
    ("litwareinc.com", "Litware"),
];

/// Partner organisations (forwarding to a partner, vendor mail).
const PARTNERS: &[&str] = &[
    "tailspintoys.com",
    "wideworldimporters.com",
    "lamnahealthcare.com",
];

/// One tenant, ready to generate.
#[derive(Debug)]
pub struct Tenant {
    /// Seed.
    pub seed: u64,
    /// Settings.
    pub cfg: Config,
    /// UPN domain (`contoso.com`).
    pub domain: String,
    /// `OrganizationName` (`contoso.onmicrosoft.com`).
    pub org: String,
    /// Entra tenant id.
    pub tenant_id: String,
    /// Display name (`Contoso`).
    pub tenant_name: String,
    /// Exchange server name in `OriginatingServer`.
    pub server: String,
    /// The office's NAT address, shared by everyone in the office.
    pub office: Addr,
    /// The corporate VPN concentrator (OVH).
    pub corp_vpn: Addr,
    /// People (users of the tenant).
    pub people: Vec<Person>,
    /// Look-alike habits per person (same index as `people`).
    pub traits: Vec<Vec<Trait>>,
    /// Shared mailboxes (not people: nobody signs in as them).
    pub shared: Vec<Person>,
    /// A partner domain mail is legitimately forwarded to.
    pub partner: String,
    /// Password sprays against the tenant that never succeed.
    pub sprays: Vec<Spray>,
    /// Mean background rows per unit of a person's daily weight.
    pub rate: f64,
}

impl Tenant {
    /// Day number of day index `d`.
    pub fn day(&self, d: i64) -> i64 {
        self.cfg.start + d
    }

    /// True on Saturdays and Sundays.
    pub fn weekend(&self, d: i64) -> bool {
        weekday(self.day(d)) >= 5
    }

    /// An Exchange Online service address (Microsoft's IPv6 range), stable for a person's day:
    /// the address of records made server-side on the person's behalf.
    pub fn microsoft_address(&self, upn: &str, d: i64) -> std::net::IpAddr {
        let n = rng::hash(self.seed, &["msft", upn, &d.to_string()]);
        nets::address(nets::named("exo-v6"), n)
    }

    /// The person with this job, if any (the first one).
    pub fn first_with(&self, job: Job) -> Option<&Person> {
        self.people.iter().find(|p| p.job == job)
    }
}

/// Build the tenant (people, jobs, offices); `victims` are kept free of look-alike habits.
pub fn build(cfg: &Config, pick_victims: impl FnOnce(&mut Tenant) -> Vec<usize>) -> Tenant {
    let seed = cfg.seed;
    let mut r = Rng::derive(seed, &["tenant"]);
    let (domain, name) = r.pick(ORGS);
    let hq_city = r.below(CITIES.len() as u64) as usize;
    let mut people = people::build(&PeopleSpec {
        seed,
        count: cfg.users,
        domain,
        hq_city,
        days: cfg.days,
    });
    assign_jobs(&mut r, &mut people);
    // New hires start on a weekday.
    for p in &mut people {
        while p.first_day > 0 && weekday(cfg.start + p.first_day) >= 5 {
            p.first_day += 1;
        }
    }
    let org = format!(
        "{}.onmicrosoft.com",
        domain.split('.').next().unwrap_or(domain)
    );
    let server = format!(
        "{}PR{:02}MB{:04}",
        r.pick(&["SN6", "CH3", "BY5", "DM6", "MN2", "PH0"]),
        r.range(1, 19),
        r.range(1000, 9999)
    );
    let shared = shared_mailboxes(seed, domain, &people);
    let mut t = Tenant {
        seed,
        cfg: cfg.clone(),
        domain: domain.to_string(),
        org,
        tenant_id: rng::uuid(seed, &["tenant-id"]),
        tenant_name: name.to_string(),
        server,
        office: Addr::of(
            nets::named(r.pick(&["office-comcast", "office-att"])),
            r.next_u64(),
            Some(hq_city),
        ),
        corp_vpn: Addr::of(nets::named("corp-vpn-ovh"), r.below(200) + 10, None),
        traits: vec![Vec::new(); people.len()],
        people,
        shared,
        partner: r.pick(PARTNERS).to_string(),
        sprays: Vec::new(),
        rate: 0.0,
    };
    let victims = pick_victims(&mut t);
    lookalikes::assign(&mut t, &victims);
    t.rate = lookalikes::calibrate(&t);
    t
}

/// Jobs: a few admins, finance clerks, assistants, executives and developers.
fn assign_jobs(r: &mut Rng, people: &mut [Person]) {
    let n = people.len();
    let mut order: Vec<usize> = (0..n).collect();
    r.shuffle(&mut order);
    let quota = |share: f64, min: usize| ((n as f64 * share).round() as usize).max(min).min(n);
    let plan = [
        (Job::Admin, quota(0.008, 1)),
        (Job::Finance, quota(0.06, 1)),
        (Job::Executive, quota(0.02, 1)),
        (Job::Assistant, quota(0.02, 1)),
        (Job::Developer, quota(0.08, 1)),
    ];
    let mut next = order.into_iter();
    for (job, count) in plan {
        for i in next.by_ref().take(count) {
            people[i].job = job;
        }
    }
}

/// `sales@` and `accounts.payable@`: mailboxes people send as.
fn shared_mailboxes(seed: u64, domain: &str, people: &[Person]) -> Vec<Person> {
    let template = &people[0];
    [("sales", "Sales"), ("accounts.payable", "Accounts Payable")]
        .iter()
        .enumerate()
        .map(|(i, (local, name))| {
            let upn = format!("{local}@{domain}");
            Person {
                idx: usize::MAX - i,
                oid: rng::uuid(seed, &["oid", &upn]),
                puid: format!("10033{:011X}", rng::hash(seed, &["puid", &upn]) >> 20),
                sid: format!(
                    "{}-{}",
                    template.sid.rsplit_once('-').map_or("S-1-5-21", |(a, _)| a),
                    9000 + i
                ),
                mbx: rng::uuid(seed, &["mailbox", &upn]),
                name: name.to_string(),
                upn,
                ..template.clone()
            }
        })
        .collect()
}
