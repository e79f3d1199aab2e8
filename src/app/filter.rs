//! The `--since` / `--until` / `--user` filter of the ingest phase, and what it saw.
//!
//! A filter that matches nothing must say so, with what the data does hold, or an empty
//! run looks like a clean mailbox. The kept events cannot tell (there are none), so the
//! filter keeps its own bounded record of every mapped event it was shown: the time range,
//! the number of distinct people (capped) with a few example keys, and which `--user`
//! values matched. It never changes what is kept: filtered rows stay `filtered` in the
//! ledger.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};

use chrono::{DateTime, SecondsFormat, Utc};

use super::AnalyzeOptions;
use crate::event::Event;
use crate::event::user::canonical_user;

/// Distinct people counted before filtering; past this the warning says "at least".
const MAX_USERS_COUNTED: usize = 100_000;

/// Example user keys named in a warning (the alphabetically first ones, so the text does
/// not depend on input order).
const EXAMPLE_USERS: usize = 3;

/// The filter and its record of what it was shown.
pub(super) struct Filter {
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    /// `--user` values: canonical key and the text as given, in the order given.
    users: Vec<(String, String)>,
    keys: HashSet<String>,
    seen: Seen,
}

/// What the filter was shown (bounded).
#[derive(Default)]
struct Seen {
    /// First and last time of every event with a time, kept or not.
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    /// Events with a time inside `--since`/`--until`.
    in_window: u64,
    /// Events without a time (never filtered by time).
    untimed: u64,
    /// `--user` keys that matched an event (as actor or as the mailbox acted on).
    matched: HashSet<String>,
    /// First and last time of the events of the given users.
    users_first: Option<DateTime<Utc>>,
    users_last: Option<DateTime<Utc>>,
    /// Fingerprints of distinct human actors (only with `--user`; capped).
    people: HashSet<u64>,
    /// The alphabetically first human actor keys.
    examples: BTreeSet<String>,
    /// Events both filters keep.
    kept: u64,
}

impl Filter {
    /// The filter of a run.
    pub(super) fn new(opts: &AnalyzeOptions) -> Filter {
        let mut users: Vec<(String, String)> = Vec::new();
        for given in &opts.users {
            let key = canonical_user(given);
            if !users.iter().any(|(k, _)| *k == key) {
                users.push((key, given.trim().to_string()));
            }
        }
        Filter {
            since: opts.since,
            until: opts.until,
            keys: users.iter().map(|(k, _)| k.clone()).collect(),
            users,
            seen: Seen::default(),
        }
    }

    /// Whether the event passes `--since`, `--until` and `--user`; notes what it saw.
    pub(super) fn keep(&mut self, ev: &Event) -> bool {
        let in_window = self.in_window(ev);
        let user_ok = self.keys.is_empty() || self.user_matches(ev);
        let keep = in_window && user_ok;
        self.seen.kept += u64::from(keep);
        keep
    }

    fn in_window(&mut self, ev: &Event) -> bool {
        if !ev.time_known {
            self.seen.untimed += 1;
            return true;
        }
        let s = &mut self.seen;
        s.first = Some(s.first.map_or(ev.time, |f| f.min(ev.time)));
        s.last = Some(s.last.map_or(ev.time, |l| l.max(ev.time)));
        let inside =
            self.since.is_none_or(|t| ev.time >= t) && self.until.is_none_or(|t| ev.time < t);
        s.in_window += u64::from(inside);
        inside
    }

    fn user_matches(&mut self, ev: &Event) -> bool {
        if ev.actor.is_human() {
            self.seen.person(&ev.actor.key);
        }
        let mut hit = false;
        for key in std::iter::once(&ev.actor.key).chain(ev.mailbox_owner.as_ref()) {
            if self.keys.contains(key) {
                hit = true;
                if !self.seen.matched.contains(key) {
                    self.seen.matched.insert(key.clone());
                }
            }
        }
        if hit && ev.time_known {
            let s = &mut self.seen;
            s.users_first = Some(s.users_first.map_or(ev.time, |f| f.min(ev.time)));
            s.users_last = Some(s.users_last.map_or(ev.time, |l| l.max(ev.time)));
        }
        hit
    }

    /// Warnings for filters that matched nothing, in words a responder can act on.
    pub(super) fn warnings(&self) -> Vec<String> {
        [
            self.time_warning(),
            self.user_warning(),
            self.combined_warning(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// `--since`/`--until` outside the data.
    fn time_warning(&self) -> Option<String> {
        let bounds = self.bounds()?;
        let (first, last) = self.seen.first.zip(self.seen.last)?;
        if self.seen.in_window > 0 {
            return None;
        }
        let what = if self.seen.untimed > 0 {
            "no event with a time"
        } else {
            "no event"
        };
        Some(format!(
            "{bounds} leaves {what}; the data covers {} .. {}",
            short_time(first),
            short_time(last)
        ))
    }

    /// `--user` values that matched no event.
    fn user_warning(&self) -> Option<String> {
        let missing: Vec<String> = self
            .users
            .iter()
            .filter(|(k, _)| !self.seen.matched.contains(k))
            .map(|(_, given)| format!("--user {given}"))
            .collect();
        if missing.is_empty() {
            return None;
        }
        Some(format!(
            "{} matched no event; the data has {}",
            missing.join(", "),
            self.seen.people_text()
        ))
    }

    /// Users that matched and a time window that keeps events, but never both at once.
    fn combined_warning(&self) -> Option<String> {
        let bounds = self.bounds()?;
        if self.seen.kept > 0 || self.seen.in_window == 0 || self.seen.matched.is_empty() {
            return None;
        }
        let users: Vec<String> = self
            .users
            .iter()
            .filter(|(k, _)| self.seen.matched.contains(k))
            .map(|(_, given)| format!("--user {given}"))
            .collect();
        let range = match self.seen.users_first.zip(self.seen.users_last) {
            Some((f, l)) => format!("their events cover {} .. {}", short_time(f), short_time(l)),
            None => "their events have no time".to_string(),
        };
        Some(format!(
            "{} with {bounds} leaves no event; {range}",
            users.join(", ")
        ))
    }

    /// `--since X --until Y` as given (in UTC), or None without a time filter.
    fn bounds(&self) -> Option<String> {
        let since = self.since.map(|t| format!("--since {}", short_time(t)));
        let until = self.until.map(|t| format!("--until {}", short_time(t)));
        match (since, until) {
            (Some(s), Some(u)) => Some(format!("{s} {u}")),
            (s, u) => s.or(u),
        }
    }
}

impl Seen {
    /// Count a human actor (fingerprint, capped) and keep the first few keys.
    fn person(&mut self, key: &str) {
        if self.people.len() < MAX_USERS_COUNTED {
            let mut h = DefaultHasher::new();
            key.hash(&mut h);
            self.people.insert(h.finish());
        }
        let is_new_example = !self.examples.contains(key)
            && (self.examples.len() < EXAMPLE_USERS
                || self.examples.last().is_some_and(|l| key < l.as_str()));
        if is_new_example {
            self.examples.insert(key.to_string());
            if self.examples.len() > EXAMPLE_USERS {
                self.examples.pop_last();
            }
        }
    }

    /// `6 users (e.g. a, b, c, …)`, `1 user (a)`, `no user`.
    fn people_text(&self) -> String {
        let n = self.people.len();
        let names: Vec<&str> = self.examples.iter().map(String::as_str).collect();
        match n {
            0 => "no user".to_string(),
            1 => format!("1 user ({})", names.join(", ")),
            _ if n >= MAX_USERS_COUNTED => {
                format!("at least {n} users (e.g. {}, …)", names.join(", "))
            }
            _ if n > names.len() => format!("{n} users (e.g. {}, …)", names.join(", ")),
            _ => format!("{n} users ({})", names.join(", ")),
        }
    }
}

/// RFC 3339 UTC, fractions only when there are any: `2026-02-02T15:29:37Z`.
fn short_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{SourcePos, UserRef};

    fn ev(actor: &str, time: Option<&str>) -> Event {
        let pos = SourcePos {
            file: 0,
            line: 1,
            record: 1,
        };
        let mut e = Event::new(pos, "ual-json");
        e.actor = UserRef::from_raw(actor);
        if let Some(t) = time {
            e.time = crate::event::time::parse_iso_8601(t).expect("test time");
            e.time_known = true;
        }
        e
    }

    fn filter(users: &[&str], since: Option<&str>) -> Filter {
        Filter::new(&AnalyzeOptions {
            users: users.iter().map(|u| u.to_string()).collect(),
            since: since.and_then(crate::event::time::parse_iso_8601),
            ..AnalyzeOptions::default()
        })
    }

    #[test]
    fn no_filter_keeps_everything_and_says_nothing() {
        let mut f = filter(&[], None);
        assert!(f.keep(&ev("a@contoso.com", Some("2026-02-01T10:00:00Z"))));
        assert!(f.warnings().is_empty());
    }

    #[test]
    fn unmatched_users_are_named_with_examples_in_key_order() {
        let mut f = filter(&["Nobody@Contoso.com", "b@contoso.com"], None);
        for who in [
            "d@contoso.com",
            "b@contoso.com",
            "c@contoso.com",
            "a@contoso.com",
        ] {
            f.keep(&ev(who, Some("2026-02-01T10:00:00Z")));
        }
        assert_eq!(
            f.warnings(),
            [
                "--user Nobody@Contoso.com matched no event; the data has 4 users \
              (e.g. a@contoso.com, b@contoso.com, c@contoso.com, …)"
            ]
        );
    }

    #[test]
    fn a_window_past_the_data_gives_the_range_even_with_untimed_rows_kept() {
        let mut f = filter(&[], Some("2027-01-01"));
        assert!(!f.keep(&ev("a@contoso.com", Some("2026-02-01T10:00:00.5Z"))));
        assert!(!f.keep(&ev("a@contoso.com", Some("2026-02-03T10:00:00Z"))));
        assert!(
            f.keep(&ev("a@contoso.com", None)),
            "no time: never filtered by time"
        );
        assert_eq!(
            f.warnings(),
            [
                "--since 2027-01-01T00:00:00Z leaves no event with a time; the data covers \
              2026-02-01T10:00:00.500Z .. 2026-02-03T10:00:00Z"
            ]
        );
    }

    #[test]
    fn a_mailbox_owner_matches_too() {
        let mut f = filter(&["owner@contoso.com"], None);
        let mut e = ev("admin@contoso.com", Some("2026-02-01T10:00:00Z"));
        e.mailbox_owner = Some("owner@contoso.com".into());
        assert!(f.keep(&e));
        assert!(f.warnings().is_empty());
    }
}
