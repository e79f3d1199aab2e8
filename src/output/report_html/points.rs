//! What the timeline pictures draw, collected row by row during the writing pass with
//! bounded memory: only accounts with an incident, only events inside their picture's
//! window (two days before the first attacker activity to a day after the last), and at
//! most [`CAP`] points per account.
//!
//! Events that would draw at the same place — the same time bucket (1/4096 of the window),
//! lane, network class, result and attacker flag — are one point with a count. When an
//! account still has more than [`CAP`] points, ordinary events are bucketed more coarsely
//! (buckets doubled) before attacker activity and finding evidence are, so those keep
//! their detail longest. The result depends only on the rows, which arrive in the
//! timeline's total order: the same input always gives the same picture.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::correlate::incident::Incident;
use crate::correlate::timeline::TimelineRow;

/// Most points kept per account.
pub const CAP: usize = 2_000;

/// Context drawn before the first attacker activity.
const BEFORE_MS: i64 = 2 * 24 * 3_600_000;
/// Context drawn after the last attacker activity.
const AFTER_MS: i64 = 24 * 3_600_000;
/// Finest buckets per window, as a power of two (4096).
const BUCKET_BITS: u32 = 12;

/// The lane an event is drawn in (also its shape), in lane order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    /// Sign-ins (successful filled, failed hollow).
    SignIn,
    /// Inbox rules, mailbox settings and permissions.
    Rule,
    /// Mail read or synced.
    Read,
    /// Mail sent.
    Send,
    /// Mail deleted.
    Delete,
    /// SharePoint / OneDrive files and sharing links.
    File,
    /// Searches, MFA methods, consents, audit and admin changes, the rest.
    Other,
}

impl Lane {
    /// Every lane, top to bottom.
    pub const ALL: [Lane; 7] = [
        Lane::SignIn,
        Lane::Rule,
        Lane::Read,
        Lane::Send,
        Lane::Delete,
        Lane::File,
        Lane::Other,
    ];

    /// The lane of a timeline category.
    pub fn of(category: &str) -> Lane {
        match category {
            "SignIn" => Lane::SignIn,
            "InboxRule" | "MailboxConfig" | "Permission" => Lane::Rule,
            "MailAccess" => Lane::Read,
            "Send" => Lane::Send,
            "Delete" => Lane::Delete,
            "File" => Lane::File,
            _ => Lane::Other,
        }
    }

    /// Label on the picture and in its legend.
    pub fn label(self) -> &'static str {
        match self {
            Lane::SignIn => "Sign-ins",
            Lane::Rule => "Rules, settings",
            Lane::Read => "Mail read",
            Lane::Send => "Mail sent",
            Lane::Delete => "Deleted",
            Lane::File => "Files, sharing",
            Lane::Other => "Other activity",
        }
    }
}

/// Network class of a point, as the legend groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Net {
    /// VPS and hosting providers.
    Hosting,
    /// Commercial VPN exits.
    Vpn,
    /// Anonymising and residential proxies.
    Proxy,
    /// Public cloud.
    Cloud,
    /// Microsoft's own ranges.
    Microsoft,
    /// Security vendors' egress.
    SecurityVendor,
    /// Residential and mobile ISPs.
    Isp,
    /// Not classified.
    Unknown,
    /// Private and reserved space.
    Private,
    /// The event has no IP.
    NoIp,
}

impl Net {
    /// Every class, in legend order.
    pub const ALL: [Net; 10] = [
        Net::Hosting,
        Net::Vpn,
        Net::Proxy,
        Net::Cloud,
        Net::Microsoft,
        Net::SecurityVendor,
        Net::Isp,
        Net::Unknown,
        Net::Private,
        Net::NoIp,
    ];

    /// The class of a timeline row's `network_class` (and `ip`).
    pub fn of(class: &str, ip: &str) -> Net {
        match class {
            "hosting" => Net::Hosting,
            "vpn" => Net::Vpn,
            "proxy" => Net::Proxy,
            "cloud" => Net::Cloud,
            "microsoft" => Net::Microsoft,
            "security-vendor" => Net::SecurityVendor,
            "isp" => Net::Isp,
            "private" | "reserved" => Net::Private,
            _ if ip.is_empty() => Net::NoIp,
            _ => Net::Unknown,
        }
    }

    /// Legend label.
    pub fn label(self) -> &'static str {
        match self {
            Net::Hosting => "hosting",
            Net::Vpn => "VPN",
            Net::Proxy => "proxy",
            Net::Cloud => "cloud",
            Net::Microsoft => "Microsoft",
            Net::SecurityVendor => "security vendor",
            Net::Isp => "ISP",
            Net::Unknown => "unknown network",
            Net::Private => "private/reserved",
            Net::NoIp => "no IP recorded",
        }
    }

    /// CSS class suffix (`n-hosting`…): colours live in style.css.
    pub fn css(self) -> &'static str {
        match self {
            Net::Hosting => "n-hosting",
            Net::Vpn => "n-vpn",
            Net::Proxy => "n-proxy",
            Net::Cloud => "n-cloud",
            Net::Microsoft => "n-microsoft",
            Net::SecurityVendor => "n-secvendor",
            Net::Isp => "n-isp",
            Net::Unknown => "n-unknown",
            Net::Private => "n-private",
            Net::NoIp => "n-noip",
        }
    }
}

/// One mark in a picture: one event, or several that draw at the same place.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Time of the first event (ms since the epoch, UTC).
    pub time_ms: i64,
    /// Lane and shape.
    pub lane: Lane,
    /// Colour.
    pub net: Net,
    /// A failed or interrupted sign-in (drawn hollow).
    pub failed: bool,
    /// From attacker infrastructure (outlined red).
    pub attacker: bool,
    /// Evidence of a finding.
    pub flagged: bool,
    /// Events merged into this mark.
    pub count: u64,
    /// Operation of the first event (log text: escape it).
    pub operation: String,
    /// IP of the first event (log text: escape it).
    pub ip: String,
}

impl Point {
    fn priority(&self) -> bool {
        self.attacker || self.flagged
    }
}

/// Bucket (at the point's level), priority, lane, class, failed, attacker, flagged.
type Key = (i64, bool, Lane, Net, bool, bool, bool);

/// One incident account's picture data.
#[derive(Debug, Clone)]
pub struct Account {
    /// Its incident.
    pub incident_id: String,
    /// First and last attacker activity (ms), when known.
    pub attacker: Option<(i64, i64)>,
    /// Events inside the window (drawn, some sharing a mark).
    pub drawn: u64,
    /// Earliest and latest time of a collected event.
    pub span: Option<(i64, i64)>,
    /// Events before the window (not drawn).
    pub before: u64,
    /// Events after the window (not drawn).
    pub after: u64,
    /// Earliest event before the window.
    pub earliest: Option<i64>,
    window: Option<(i64, i64)>,
    shift: [u32; 2],
    points: BTreeMap<Key, Point>,
}

impl Account {
    fn new(incident_id: &str, attacker: Option<(i64, i64)>) -> Account {
        Account {
            incident_id: incident_id.to_string(),
            attacker,
            drawn: 0,
            span: None,
            before: 0,
            after: 0,
            earliest: None,
            window: attacker.map(|(f, l)| (f - BEFORE_MS, l.max(f) + AFTER_MS)),
            shift: [0, 0],
            points: BTreeMap::new(),
        }
    }

    /// The collected points, in time order.
    pub fn points(&self) -> Vec<&Point> {
        let mut v: Vec<&Point> = self.points.values().collect();
        v.sort_by_key(|p| (p.time_ms, p.lane, p.net, p.failed, p.attacker, p.flagged));
        v
    }

    fn add(&mut self, p: Point) {
        let Some((start, end)) = self.window else {
            return;
        };
        if p.time_ms < start {
            self.before += 1;
            self.earliest = Some(self.earliest.map_or(p.time_ms, |e| e.min(p.time_ms)));
            return;
        }
        if p.time_ms > end {
            self.after += 1;
            return;
        }
        self.drawn += 1;
        self.span = Some(match self.span {
            Some((a, b)) => (a.min(p.time_ms), b.max(p.time_ms)),
            None => (p.time_ms, p.time_ms),
        });
        self.insert(p);
        while self.points.len() > CAP && self.coarsen() {}
    }

    fn key(&self, p: &Point) -> Key {
        let (start, end) = self.window.unwrap_or((0, 1));
        let width = (end - start).max(1) as i128;
        let fine = ((p.time_ms - start) as i128 * (1i128 << BUCKET_BITS) / width) as i64;
        let level = self.shift[usize::from(p.priority())];
        (
            fine >> level,
            p.priority(),
            p.lane,
            p.net,
            p.failed,
            p.attacker,
            p.flagged,
        )
    }

    fn insert(&mut self, p: Point) {
        let key = self.key(&p);
        match self.points.get_mut(&key) {
            Some(q) => {
                q.count += p.count;
                if p.time_ms < q.time_ms {
                    q.time_ms = p.time_ms;
                    q.operation = p.operation;
                    q.ip = p.ip;
                }
            }
            None => {
                self.points.insert(key, p);
            }
        }
    }

    /// Double the buckets of ordinary events (or, when they are as coarse as they go,
    /// of priority ones) and merge; false when nothing can be merged further.
    fn coarsen(&mut self) -> bool {
        let which = if self.shift[0] < BUCKET_BITS {
            0
        } else if self.shift[1] < BUCKET_BITS {
            1
        } else {
            return false;
        };
        self.shift[which] += 1;
        let old = std::mem::take(&mut self.points);
        for p in old.into_values() {
            self.insert(p);
        }
        true
    }
}

/// The picture data of every incident account, fed one timeline row at a time.
#[derive(Debug, Clone, Default)]
pub struct Points {
    accounts: BTreeMap<String, Account>,
}

impl Points {
    /// Empty collections for the accounts of `incidents`.
    pub fn new(incidents: &[Incident]) -> Points {
        let ms = |t: &Option<DateTime<Utc>>| t.as_ref().map(DateTime::timestamp_millis);
        let mut points = Points::default();
        for i in incidents {
            let attacker = ms(&i.first_seen).zip(ms(&i.last_seen));
            points.watch(&i.user, &i.incident_id, attacker);
        }
        points
    }

    /// Collect for `user` (of `incident_id`), whose attacker activity spans `attacker`
    /// (first and last, ms); nothing is drawn for an account without attacker times.
    pub fn watch(&mut self, user: &str, incident_id: &str, attacker: Option<(i64, i64)>) {
        self.accounts
            .insert(user.to_string(), Account::new(incident_id, attacker));
    }

    /// The collection of one account.
    pub fn account(&self, user: &str) -> Option<&Account> {
        self.accounts.get(user)
    }

    /// Look at one timeline row: kept for its actor and for the mailbox it acted on, when
    /// either has an incident.
    pub fn add(&mut self, row: &TimelineRow) {
        let owner = (!row.mailbox_owner.is_empty() && row.mailbox_owner != row.user)
            .then_some(row.mailbox_owner.as_str());
        let users = [Some(row.user.as_str()), owner];
        if !users
            .iter()
            .flatten()
            .any(|u| self.accounts.contains_key(*u))
        {
            return;
        }
        let Some(point) = point_of(row) else {
            return;
        };
        for user in users.into_iter().flatten() {
            self.add_point(user, point.clone());
        }
    }

    /// Add one point to an account's collection (ignored for other accounts).
    pub fn add_point(&mut self, user: &str, point: Point) {
        if let Some(acc) = self.accounts.get_mut(user) {
            acc.add(point);
        }
    }
}

fn point_of(row: &TimelineRow) -> Option<Point> {
    let time = DateTime::parse_from_rfc3339(&row.datetime).ok()?;
    let lane = Lane::of(&row.category);
    Some(Point {
        time_ms: time.timestamp_millis(),
        lane,
        net: Net::of(&row.network_class, &row.ip),
        failed: lane == Lane::SignIn && matches!(row.result.as_str(), "failure" | "interrupted"),
        attacker: row.attacker_activity,
        flagged: !row.detector_ids.is_empty(),
        count: 1,
        operation: row.operation.chars().take(80).collect(),
        ip: row.ip.chars().take(64).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;
    const T0: i64 = 1_770_000_000_000;

    fn point(time_ms: i64, lane: Lane, attacker: bool) -> Point {
        Point {
            time_ms,
            lane,
            net: if attacker { Net::Hosting } else { Net::Isp },
            failed: false,
            attacker,
            flagged: false,
            count: 1,
            operation: "Op".into(),
            ip: "203.0.113.9".into(),
        }
    }

    fn watched() -> Points {
        let mut p = Points::default();
        p.watch("a@x", "I0001", Some((T0, T0 + HOUR)));
        p
    }

    #[test]
    fn only_the_window_of_watched_accounts_is_kept() {
        let mut p = watched();
        p.add_point("a@x", point(T0 - 3 * 24 * HOUR, Lane::SignIn, false));
        p.add_point("a@x", point(T0 - 24 * HOUR, Lane::SignIn, false));
        p.add_point("a@x", point(T0 + 30 * HOUR, Lane::SignIn, false));
        p.add_point("b@x", point(T0, Lane::SignIn, true));
        let a = p.account("a@x").unwrap();
        assert_eq!((a.before, a.drawn, a.after), (1, 1, 1));
        assert_eq!(a.earliest, Some(T0 - 3 * 24 * HOUR));
        assert!(p.account("b@x").is_none());
    }

    #[test]
    fn events_that_draw_at_the_same_place_are_one_point() {
        let mut p = watched();
        p.add_point("a@x", point(T0 + 1, Lane::Read, true));
        p.add_point("a@x", point(T0 + 2, Lane::Read, true));
        p.add_point("a@x", point(T0 + 2, Lane::Send, true));
        let pts = p.account("a@x").unwrap().points();
        assert_eq!(pts.len(), 2);
        assert_eq!(
            (pts[0].lane, pts[0].count, pts[0].time_ms),
            (Lane::Read, 2, T0 + 1)
        );
    }

    #[test]
    fn the_cap_holds_and_attacker_points_keep_their_detail() {
        let mut p = watched();
        let window = 3 * 24 * HOUR + HOUR;
        let start = T0 - 2 * 24 * HOUR;
        for i in 0..20_000i64 {
            let t = start + i * window / 20_000;
            p.add_point("a@x", point(t, Lane::SignIn, false));
            p.add_point("a@x", point(t, Lane::Other, false));
        }
        for i in 0..500i64 {
            p.add_point("a@x", point(T0 + i * HOUR / 500, Lane::Read, true));
        }
        let a = p.account("a@x").unwrap();
        let pts = a.points();
        assert!(pts.len() <= CAP, "{}", pts.len());
        assert_eq!(pts.iter().map(|q| q.count).sum::<u64>(), 40_500);
        let attacker = pts.iter().filter(|q| q.attacker).count();
        assert!(attacker >= 40, "attacker points merged too far: {attacker}");
        assert_eq!(a.shift[1], 0, "priority points were not coarsened");
    }
}
