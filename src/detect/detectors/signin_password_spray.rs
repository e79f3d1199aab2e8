//! MT-S06: password guessing. Brute force: one user fails `user_failures` times within
//! `window_minutes`; spray: one IP fails for `ip_users` distinct users within the window
//! (Splunk's thresholds, anchors.md §3 D27: > 10 `UserLoginFailed` per user per 5 min,
//! 50126 for > 10 users per IP per 5 min).
//!
//! Only credential failures count (`signin_common::is_credential_failure`): interrupted
//! sign-ins (50074/50140 MFA and KMSI prompts) are a correct password, and expired-token or
//! Conditional Access errors are clients retrying on their own. A burst is one finding:
//! it opens when the threshold is reached (citing the failures that reached it) and keeps
//! every further failure until a quiet gap longer than the window closes it. Allow-listed
//! networks (a shared NAT egress) are not counted as spray sources; their users' failures
//! still count per user. Memory is one
//! window of failures per active user and IP; idle ones are swept out as time moves on.

use std::collections::{BTreeSet, HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, Seen, add_seen, is_credential_failure, network_text, span_text,
};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S06",
    title: "Password spray or brute force",
    severity: Severity::Medium,
    techniques: &["T1110.001", "T1110.003"],
    status: Status::Stable,
    description: "Bursts of failed password sign-ins: one user failing user_failures times \
        within window_minutes (brute force), or one IP failing for ip_users distinct users \
        within the window (password spray). MFA prompts and token-expiry errors are not \
        counted. One finding per burst.",
    fields: &["result.outcome", "result.error_code", "ip", "actor"],
    params: &[
        Param {
            name: "window_minutes",
            default: 5.0,
            doc: "sliding window, in minutes; a quiet gap this long ends a burst",
        },
        Param {
            name: "user_failures",
            default: 10.0,
            doc: "failures of one user within the window that make a brute-force burst",
        },
        Param {
            name: "ip_users",
            default: 10.0,
            doc: "distinct users failing from one IP within the window that make a spray",
        },
    ],
    role: Role::sign_in("password spray or brute force", 5),
};

/// Most failures remembered per IP window (a spray at thousands per minute stays bounded).
const IP_WINDOW_MAX: usize = 2_000;
/// Most distinct users counted per spray finding.
const USERS_COUNTED_MAX: usize = 100_000;
/// Events between sweeps of idle state.
const SWEEP_EVERY: u64 = 4_096;

/// Thresholds, read once from the context.
#[derive(Debug, Clone, Copy)]
struct Limits {
    window: Duration,
    user_failures: usize,
    ip_users: usize,
}

impl Limits {
    fn of(ctx: &Context) -> Limits {
        Limits {
            window: Duration::seconds((ctx.param(&META, "window_minutes") * 60.0) as i64),
            user_failures: ctx.param(&META, "user_failures").max(1.0) as usize,
            ip_users: ctx.param(&META, "ip_users").max(1.0) as usize,
        }
    }
}

/// A burst key: brute force against a user, or spray from an IP.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    User(String),
    Ip(String),
}

/// Running state of a burst finding.
#[derive(Debug, Default)]
struct Burst {
    users: BTreeSet<String>,
    ips: BTreeSet<String>,
    network: String,
}

/// Failures inside the window, with the users they were for.
#[derive(Debug, Default)]
struct Recent {
    items: VecDeque<(Seen, String)>,
    users: HashMap<String, usize>,
}

impl Recent {
    fn push(&mut self, s: Seen, user: String, window: Duration, cap: usize) {
        while self
            .items
            .front()
            .is_some_and(|(f, _)| s.time - f.time > window)
            || self.items.len() >= cap
        {
            self.pop();
        }
        *self.users.entry(user.clone()).or_default() += 1;
        self.items.push_back((s, user));
    }

    fn pop(&mut self) {
        if let Some((_, u)) = self.items.pop_front()
            && let Some(n) = self.users.get_mut(&u)
        {
            *n -= 1;
            if *n == 0 {
                self.users.remove(&u);
            }
        }
    }

    fn clear(&mut self) {
        self.items.clear();
        self.users.clear();
    }

    fn last(&self) -> Option<DateTime<Utc>> {
        self.items.back().map(|(s, _)| s.time)
    }
}

/// The detector.
#[derive(Debug)]
pub struct SigninPasswordSpray {
    limits: Option<Limits>,
    recent: HashMap<Key, Recent>,
    bursts: Aggregates<Key, Burst>,
    until_sweep: u64,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninPasswordSpray {
        limits: None,
        recent: HashMap::new(),
        bursts: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
        until_sweep: SWEEP_EVERY,
    })
}

fn finalize(f: &mut Finding, b: &Burst) {
    let list = |set: &BTreeSet<String>| {
        let shown: Vec<&str> = set.iter().take(3).map(String::as_str).collect();
        let more = set.len().saturating_sub(3);
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    f.summary = if f.user.is_empty() {
        format!(
            "password spray: {} failed sign-ins for {} users ({}) from {} {}",
            f.evidence_count,
            b.users.len(),
            list(&b.users),
            b.network,
            span_text(f)
        )
    } else {
        format!(
            "brute force: {} failed sign-ins for {} from {} IP(s) ({}) {}",
            f.evidence_count,
            f.user,
            b.ips.len(),
            list(&b.ips),
            span_text(f)
        )
    };
}

impl SigninPasswordSpray {
    fn track(&mut self, key: Key, ev: &Event, lim: Limits, out: &mut Vec<Finding>) {
        let user = ev.actor.key.clone();
        if let Some((f, b)) = self.bursts.get_mut(&key) {
            if ev.time - f.time_last <= lim.window {
                f.add_event(ev);
                note(b, ev, &user);
                return;
            }
            self.bursts.close(&key, out);
        }
        let (cap, threshold) = match key {
            Key::User(_) => (lim.user_failures, lim.user_failures),
            Key::Ip(_) => (IP_WINDOW_MAX, lim.ip_users),
        };
        let recent = self.recent.entry(key.clone()).or_default();
        recent.push(Seen::of(ev), user, lim.window, cap);
        let reached = match key {
            Key::User(_) => recent.items.len(),
            Key::Ip(_) => recent.users.len(),
        };
        if reached < threshold {
            return;
        }
        let mut f = Finding::from_event(&META, ev, String::new());
        let mut b = Burst {
            network: network_text(ev),
            ..Burst::default()
        };
        note(&mut b, ev, &ev.actor.key);
        f.evidence_count = 0;
        f.evidence.clear();
        for (s, u) in &recent.items {
            add_seen(&mut f, s);
            b.users.insert(u.clone());
            if let Some(ip) = s.ip {
                b.ips.insert(ip.to_string());
            }
        }
        if matches!(key, Key::Ip(_)) {
            f.user = String::new();
        }
        recent.clear();
        self.bursts.add(key, ev, out, || (f, b));
    }

    /// Close bursts and forget windows that have been quiet for longer than the window.
    fn sweep(&mut self, now: DateTime<Utc>, lim: Limits, out: &mut Vec<Finding>) {
        self.bursts
            .close_where(out, |_, f| now - f.time_last > lim.window);
        self.recent
            .retain(|_, r| r.last().is_some_and(|t| now - t <= lim.window));
    }
}

fn note(b: &mut Burst, ev: &Event, user: &str) {
    if b.users.len() < USERS_COUNTED_MAX {
        b.users.insert(user.to_string());
    }
    if let Some(ip) = ev.ip
        && b.ips.len() < USERS_COUNTED_MAX
    {
        b.ips.insert(ip.to_string());
    }
}

impl Detector for SigninPasswordSpray {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_credential_failure(ev) {
            return;
        }
        let lim = *self.limits.get_or_insert_with(|| Limits::of(ctx));
        // A countdown rather than `%`: `u64::is_multiple_of` needs a newer toolchain than
        // the README promises, and clippy rejects the manual form.
        self.until_sweep = self.until_sweep.saturating_sub(1);
        if self.until_sweep == 0 {
            self.until_sweep = SWEEP_EVERY;
            self.sweep(ev.time, lim, out);
        }
        self.track(Key::User(ev.actor.key.clone()), ev, lim, out);
        // An allow-listed egress (a shared NAT) is many people, not one sprayer.
        if let Some(ip) = ev.ip.filter(|_| !ctx.network_trusted(ev)) {
            self.track(Key::Ip(ip.to_string()), ev, lim, out);
        }
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        self.bursts.flush(out);
        self.recent.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;

    const U: &str = "megan.bowen@contoso.com";

    fn failures(user: &str, ip: &str, start: i64, step: i64, n: i64) -> Vec<Event> {
        (0..n)
            .map(|i| signin(user, start + i * step, ip).fail("50126").ev())
            .collect()
    }

    #[test]
    fn ten_failures_in_five_minutes_is_one_brute_force_burst() {
        let mut evs = failures(U, "51.38.1.1", 0, 20, 14);
        // After a quiet gap, a new burst.
        evs.extend(failures(U, "51.38.1.1", 3600, 10, 10));
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(f[0].evidence_count, 14);
        assert_eq!(f[0].user, U);
        assert_eq!(f[0].time_first, at(0));
        assert_eq!(f[0].time_last, at(13 * 20));
        assert!(
            f[0].summary
                .starts_with("brute force: 14 failed sign-ins for megan"),
            "{}",
            f[0].summary
        );
        assert_eq!(f[1].evidence_count, 10);
    }

    #[test]
    fn nine_failures_or_slow_guessing_is_not_a_burst() {
        assert!(run_default(new(), &failures(U, "51.38.1.1", 0, 20, 9)).is_empty());
        // Ten failures, one a minute: never ten inside five minutes.
        assert!(run_default(new(), &failures(U, "51.38.1.1", 0, 60, 10)).is_empty());
    }

    #[test]
    fn mfa_prompts_and_token_errors_are_not_failures() {
        let mut evs: Vec<Event> = (0..12)
            .map(|i| signin(U, i, "73.1.1.1").interrupted("50074").ev())
            .collect();
        evs.extend((0..12).map(|i| signin(U, 20 + i, "73.1.1.1").fail("700082").ev()));
        assert!(run_default(new(), &evs).is_empty());
    }

    #[test]
    fn one_ip_failing_for_ten_users_is_a_spray() {
        let evs: Vec<Event> = (0..12)
            .map(|i| {
                signin(&format!("user{i:02}@contoso.com"), i * 10, "51.38.1.1")
                    .fail("50126")
                    .ev()
            })
            .collect();
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].user, "");
        assert_eq!(f[0].evidence_count, 12);
        assert_eq!(f[0].ip.unwrap().to_string(), "51.38.1.1");
        assert!(f[0].summary.contains("password spray: 12 failed sign-ins for 12 users (user00@contoso.com, user01@contoso.com, user02@contoso.com and 9 more)"), "{}", f[0].summary);
    }

    #[test]
    fn thresholds_are_configurable_and_sweeps_close_bursts() {
        let mut ctx = Context::default();
        ctx.settings
            .entry("MT-S06".into())
            .or_default()
            .params
            .insert("user_failures".into(), 3.0);
        let mut evs = failures(U, "51.38.1.1", 0, 1, 3);
        // Many unrelated failures much later trigger a sweep that closes the first burst.
        for i in 0..SWEEP_EVERY as i64 {
            evs.push(
                signin(&format!("u{i}@contoso.com"), 7200 + i * 400, "73.1.1.1")
                    .fail("50126")
                    .ev(),
            );
        }
        let f = run(new(), &ctx, &evs);
        assert_eq!(f.iter().filter(|f| f.user == U).count(), 1);
    }

    #[test]
    fn allow_listed_egress_is_not_a_spray_source() {
        let mut ctx = Context::default();
        ctx.allow
            .ips
            .push(crate::detect::context::IpNet::parse("198.51.100.0/24").unwrap());
        let evs: Vec<Event> = (0..12)
            .map(|i| {
                signin(&format!("user{i:02}@contoso.com"), i * 10, "198.51.100.7")
                    .fail("50126")
                    .ev()
            })
            .collect();
        assert!(run(new(), &ctx, &evs).is_empty());
    }
}
