//! How sure an incident is. A *full chain* — a suspicious sign-in, a hiding rule or
//! forwarding, and mail read or sent, all within 7 days — is the shape of a BEC takeover
//! and makes the incident critical with high confidence. Two or more independent kinds of
//! signal make it corroborated (medium confidence); a lone signal stays low confidence,
//! however severe the finding behind it.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::detect::Signal;

/// Days within which the three links of a full chain must fall.
pub const FULL_CHAIN_DAYS: i64 = 7;

/// The kinds of signal an incident can rest on, in story order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Link {
    /// A suspicious sign-in (or a successful one from attacker infrastructure).
    SignIn,
    /// A hiding inbox rule or forwarding.
    HideOrForward,
    /// Mail read or sent by the intruder.
    ReadOrSend,
    /// Mail deleted.
    Deletion,
    /// Mailbox searched.
    Search,
    /// Permission granted.
    Permission,
    /// MFA method, consent or app credential added.
    Persistence,
    /// Audit logging disabled.
    AntiForensics,
    /// Files shared or sharing links created from attacker infrastructure.
    FileSharing,
}

impl Link {
    /// The kind of signal a detector's findings give.
    pub fn of(signal: Signal) -> Link {
        match signal {
            Signal::SignIn { .. } => Link::SignIn,
            Signal::HidingRule | Signal::Forwarding => Link::HideOrForward,
            Signal::MailAccess | Signal::Send => Link::ReadOrSend,
            Signal::Deletion => Link::Deletion,
            Signal::Search => Link::Search,
            Signal::Permission => Link::Permission,
            Signal::Persistence => Link::Persistence,
            Signal::AntiForensics => Link::AntiForensics,
        }
    }

    /// Name in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Link::SignIn => "sign-in",
            Link::HideOrForward => "hiding-rule-or-forwarding",
            Link::ReadOrSend => "mail-read-or-sent",
            Link::Deletion => "deletion",
            Link::Search => "search",
            Link::Permission => "permission",
            Link::Persistence => "persistence",
            Link::AntiForensics => "anti-forensics",
            Link::FileSharing => "file-sharing",
        }
    }
}

/// Confidence that the mailbox was taken over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// One kind of signal.
    Low,
    /// Two or more kinds of signal.
    Medium,
    /// A full chain.
    High,
}

impl Confidence {
    /// Name in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Times at which each kind of signal was seen for one account.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    times: BTreeMap<Link, Vec<DateTime<Utc>>>,
}

/// The verdict on a set of signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Confidence.
    pub confidence: Confidence,
    /// A full chain within [`FULL_CHAIN_DAYS`].
    pub full_chain: bool,
    /// Why, in words.
    pub reason: String,
    /// The kinds of signal present, in story order.
    pub links: Vec<Link>,
}

impl Signals {
    /// Note a signal; `time` is `None` when unknown (it still counts as present).
    pub fn add(&mut self, link: Link, time: Option<DateTime<Utc>>) {
        let v = self.times.entry(link).or_default();
        if let Some(t) = time {
            v.push(t);
        }
    }

    /// Judge them.
    pub fn verdict(&self) -> Verdict {
        let links: Vec<Link> = self.times.keys().copied().collect();
        let names: Vec<&str> = links.iter().map(|l| l.as_str()).collect();
        if self.full_chain() {
            return Verdict {
                confidence: Confidence::High,
                full_chain: true,
                reason: format!(
                    "full chain within {FULL_CHAIN_DAYS} days: suspicious sign-in, hiding rule \
                     or forwarding, mail read or sent (signals: {})",
                    names.join(", ")
                ),
                links,
            };
        }
        let (confidence, what) = if links.len() >= 2 {
            (Confidence::Medium, "corroborated by")
        } else {
            (Confidence::Low, "single signal:")
        };
        Verdict {
            confidence,
            full_chain: false,
            reason: format!("{what} {}", names.join(", ")),
            links,
        }
    }

    /// One time from each of the three chain links within the window: a sliding window
    /// over all their times, in order.
    fn full_chain(&self) -> bool {
        let chain = [Link::SignIn, Link::HideOrForward, Link::ReadOrSend];
        let mut all: Vec<(DateTime<Utc>, usize)> = Vec::new();
        for (i, link) in chain.iter().enumerate() {
            all.extend(self.times.get(link).into_iter().flatten().map(|t| (*t, i)));
        }
        all.sort();
        let window = Duration::days(FULL_CHAIN_DAYS);
        let mut counts = [0usize; 3];
        let mut start = 0;
        for end in 0..all.len() {
            counts[all[end].1] += 1;
            while all[end].0 - all[start].0 > window {
                counts[all[start].1] -= 1;
                start += 1;
            }
            if counts.iter().all(|&c| c > 0) {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlate::testkit::at;

    #[test]
    fn a_full_chain_needs_all_three_links_within_seven_days() {
        let mut s = Signals::default();
        s.add(Link::SignIn, Some(at(1)));
        s.add(Link::HideOrForward, Some(at(2)));
        assert_eq!(s.verdict().confidence, Confidence::Medium);
        s.add(Link::ReadOrSend, Some(at(1) + Duration::days(8)));
        assert!(!s.verdict().full_chain, "read eight days later");
        s.add(Link::ReadOrSend, Some(at(3)));
        let v = s.verdict();
        assert!(v.full_chain);
        assert_eq!(v.confidence, Confidence::High);
    }

    #[test]
    fn a_lone_signal_is_low_confidence() {
        let mut s = Signals::default();
        s.add(Link::HideOrForward, None);
        let v = s.verdict();
        assert_eq!(v.confidence, Confidence::Low);
        assert_eq!(v.reason, "single signal: hiding-rule-or-forwarding");
    }
}
