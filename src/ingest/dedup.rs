//! Duplicate detection across all inputs (SPEC §3): a set of 128-bit fingerprints of
//! record ids — the one structure that grows with distinct records (16 bytes each).
//! Also recognises a UAL `UserLoggedIn`/`UserLoginFailed` record that mirrors an Entra
//! sign-in already seen (UAL `IntraSystemId` = Entra request id).

use std::collections::HashSet;

use crate::event::{Category, Event};
use crate::text::fingerprint;

/// What the dedup stage decided for an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// First time seen: keep.
    New,
    /// Same record id seen before.
    Duplicate,
    /// A UAL sign-in mirroring an Entra sign-in already kept.
    MergedSignIn,
}

/// Fingerprint sets for one run.
#[derive(Debug, Default)]
pub struct Deduper {
    seen: HashSet<u128>,
    signin_requests: HashSet<u128>,
}

impl Deduper {
    /// Number of distinct records remembered.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// True when nothing has been remembered.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Decide for one event and remember it.
    pub fn check(&mut self, ev: &Event) -> Verdict {
        let from_signin_log = ev.format.starts_with("signin-");
        let key = ev.record_id.as_deref().map(|id| {
            let id = id.to_ascii_lowercase();
            if from_signin_log {
                fingerprint(&["signin", &id, &ev.time.timestamp_millis().to_string()])
            } else {
                fingerprint(&["record", &id])
            }
        });
        // A repeat of a record already seen (merged or kept) is a duplicate first.
        if let Some(k) = key
            && !self.seen.insert(k)
        {
            return Verdict::Duplicate;
        }
        let request = ev
            .sessions
            .request_id
            .as_deref()
            .map(|r| fingerprint(&[&r.to_ascii_lowercase()]));
        if ev.category == Category::SignIn
            && let Some(req) = request
        {
            if from_signin_log {
                self.signin_requests.insert(req);
            } else if self.signin_requests.contains(&req) {
                return Verdict::MergedSignIn;
            }
        }
        Verdict::New
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::SourcePos;

    fn ev(format: &'static str, id: &str, req: Option<&str>) -> Event {
        let mut e = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            format,
        );
        e.record_id = Some(id.into());
        e.sessions.request_id = req.map(String::from);
        e.category = Category::SignIn;
        e
    }

    #[test]
    fn repeats_and_mirrors() {
        let mut d = Deduper::default();
        assert_eq!(
            d.check(&ev("signin-entra-csv", "R1", Some("R1"))),
            Verdict::New
        );
        assert_eq!(
            d.check(&ev("signin-graph-json", "r1", Some("r1"))),
            Verdict::Duplicate
        );
        assert_eq!(
            d.check(&ev("ual-json", "u1", Some("r1"))),
            Verdict::MergedSignIn
        );
        assert_eq!(d.check(&ev("ual-json", "u2", Some("other"))), Verdict::New);
        assert_eq!(
            d.check(&ev("ual-purview-csv", "U2", None)),
            Verdict::Duplicate
        );
    }
}
