//! MT-M05: mass deletion, and deletion of security or MFA notification mail.
//!
//! Why: intruders cover their tracks. They delete the "unusual sign-in activity", "new
//! inbox rule" and MFA-registration notices that would alert the victim, delete the sent
//! fraud mail and its replies, and purge `Recoverable Items` so the victim cannot restore
//! them. Deleting a security notice from a hosting, VPN or proxy network is high, from an
//! unlisted network medium, from the user's ordinary networks low (users tidy old sign-in
//! notices too; from attacker infrastructure correlation raises it); deleting ≥ 50 items in
//! a day (the Analyzer's threshold for `SoftDelete`, `HardDelete` and
//! `MoveToDeletedItems`) is medium, low when all of it came from the tenant's own or
//! ordinary networks (an inbox clean-up). Purges from
//! `Recoverable Items` (`HardDelete` there) are counted in the summary.
//!
//! Subjects are matched by word sequence (`sign-in` = `sign in`), and short terms (`MFA`,
//! `2FA`, `OTP`) only as whole words — never as substrings of other words. "Forwarding"
//! counts only next to a settings word (rule, address, enabled, …) so that "forwarding the
//! invoice" is not a security notice.
//!
//! Ignores: failed records and system accounts (retention policies delete as
//! `NT AUTHORITY\SYSTEM`). One finding per user, reason and UTC day. Deletions from an
//! attacker session are escalated later by correlation.

use crate::text::join_some;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::mailbox_common::{day, failed, finding_for, network_text, subject_user};
use crate::detect::{
    Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Signal, Standing, Status,
};
use crate::event::Event;
use crate::event::detail::{DeleteDetail, Detail};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M05",
    title: "Mass deletion or deletion of security notifications",
    severity: Severity::Medium,
    techniques: &["T1070.008"],
    status: Status::Stable,
    description: "SoftDelete, HardDelete or MoveToDeletedItems of security, sign-in, MFA or \
        inbox-rule notification mail (high from a hosting, VPN or proxy network, medium from a \
        cloud or unlisted one, low from ordinary networks), or of at least 50 items by one user \
        in a UTC day (medium, low when all from ordinary networks: an inbox clean-up); purges \
        from Recoverable Items are counted. Intruders delete the alerts that would warn the \
        victim and the traces of the mail they sent.",
    fields: &[
        "operation",
        "actor",
        "ip",
        "result",
        "detail.count",
        "detail.folder",
        "detail.items.subject",
    ],
    params: &[Param {
        name: "items_per_day",
        default: 50.0,
        doc: "items deleted by one user in a UTC day (sum of the records' item counts) at or \
              above which a mass-deletion finding is reported",
    }],
    role: Role::action(Signal::Deletion),
};

/// Word sequences (lower case, split on non-alphanumerics) that mark a security notice.
const NOTICE_PHRASES: &[&str] = &[
    "unusual sign in",
    "unusual signin",
    "new sign in",
    "new signin",
    "suspicious sign in",
    "sign in attempt",
    "sign in from a new",
    "unusual activity",
    "suspicious activity",
    "security alert",
    "security notification",
    "password was changed",
    "password has been changed",
    "password changed",
    "password reset",
    "reset your password",
    "mfa",
    "2fa",
    "otp",
    "multi factor",
    "two factor",
    "two step",
    "2 step",
    "verification code",
    "security code",
    "one time code",
    "one time passcode",
    "authenticator",
    "security info",
    "inbox rule",
    "inbox manipulation",
    "account locked",
    "account recovery",
    "new app connected",
];

/// Words that turn "forwarding" into a settings notice.
const FORWARDING_CONTEXT: &[&str] = &[
    "rule",
    "rules",
    "address",
    "enabled",
    "configured",
    "set",
    "setup",
    "redirect",
    "automatic",
    "external",
];

fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The notice phrase a subject matches, if any.
fn notice_phrase(subject: &str) -> Option<&'static str> {
    let toks = tokens(subject);
    let found = NOTICE_PHRASES.iter().find(|p| {
        let want: Vec<&str> = p.split(' ').collect();
        toks.windows(want.len())
            .any(|w| w.iter().zip(&want).all(|(a, b)| a == b))
    });
    if found.is_some() {
        return found.copied();
    }
    let fwd = toks.iter().any(|t| t == "forwarding");
    (fwd && toks
        .iter()
        .any(|t| FORWARDING_CONTEXT.contains(&t.as_str())))
    .then_some("forwarding")
}

fn is_purge(ev: &Event, d: &DeleteDetail) -> bool {
    ev.operation.eq_ignore_ascii_case("HardDelete")
        && d.folder
            .as_deref()
            .is_some_and(|f| f.to_ascii_lowercase().contains("recoverable items"))
}

#[derive(Debug)]
struct Agg {
    finding: Finding,
    items: u64,
    purged: u64,
    notes: Vec<String>,
    folders: Vec<String>,
}

impl Agg {
    fn new(finding: Finding) -> Agg {
        Agg {
            finding,
            items: 0,
            purged: 0,
            notes: Vec::new(),
            folders: Vec::new(),
        }
    }

    fn add(&mut self, ev: &Event, d: &DeleteDetail) {
        if self.items > 0 {
            self.finding.add_event(ev);
        }
        self.items = self.items.saturating_add(d.count.max(1));
        if is_purge(ev, d) {
            self.purged = self.purged.saturating_add(d.count.max(1));
        }
        if let Some(f) = &d.folder
            && self.folders.len() < 5
            && !self.folders.contains(f)
        {
            self.folders.push(f.clone());
        }
    }

    fn purge_text(&self) -> String {
        if self.purged == 0 {
            return String::new();
        }
        format!("; {} purged from Recoverable Items", self.purged)
    }
}

/// The detector.
#[derive(Debug, Default)]
pub struct DeleteSuspicious {
    volume: BTreeMap<(String, NaiveDate), Agg>,
    notices: BTreeMap<(String, NaiveDate), Agg>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(DeleteSuspicious::default())
}

impl DeleteSuspicious {
    fn notices(&mut self, ev: &Event, ctx: &Context, d: &DeleteDetail, user: &str) {
        let hits: Vec<String> = d
            .items
            .iter()
            .filter_map(|i| i.subject.as_deref())
            .filter(|s| notice_phrase(s).is_some())
            .map(|s| format!("'{s}'"))
            .collect();
        if hits.is_empty() {
            return;
        }
        let agg = self
            .notices
            .entry((user.to_string(), day(ev)))
            .or_insert_with(|| {
                Agg::new(finding_for(&META, ev, user, "").with_severity(Severity::Low))
            });
        agg.finding.severity = agg.finding.severity.max(notice_severity(ctx.standing(ev)));
        agg.add(ev, d);
        for h in hits {
            if agg.notes.len() < 5 && !agg.notes.contains(&h) {
                agg.notes.push(h);
            }
        }
    }
}

/// How much deleting a security notice says, by where it was done: from a hosting, VPN or
/// proxy network it hides the intruder's sign-in (high); from a cloud or unlisted network,
/// worth a look (medium); from the tenant's own or ordinary networks it is a user tidying
/// up (low) — done from attacker infrastructure, correlation raises it.
fn notice_severity(standing: Standing) -> Severity {
    match standing {
        Standing::Own | Standing::Ordinary => Severity::Low,
        Standing::Unlisted => Severity::Medium,
        Standing::Risky => Severity::High,
    }
}

impl Detector for DeleteSuspicious {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, _out: &mut Vec<Finding>) {
        let Detail::Delete(d) = &ev.detail else {
            return;
        };
        if failed(ev) {
            return;
        }
        let Some(user) = subject_user(ev) else {
            return;
        };
        let agg = self
            .volume
            .entry((user.clone(), day(ev)))
            .or_insert_with(|| {
                Agg::new(finding_for(&META, ev, &user, "").with_severity(Severity::Low))
            });
        // Inbox clean-ups happen at home and at work (context); elsewhere, worth a look.
        if !ctx.standing(ev).is_usual() {
            agg.finding.severity = agg.finding.severity.max(Severity::Medium);
        }
        agg.add(ev, d);
        self.notices(ev, ctx, d, &user);
    }

    fn finish(&mut self, ctx: &Context, out: &mut Vec<Finding>) {
        for ((_, d), mut agg) in std::mem::take(&mut self.notices) {
            agg.finding.summary = format!(
                "security notification mail deleted on {d} ({}) from {}: {}{}",
                agg.finding.operation.replace(';', ", "),
                network_text(&agg.finding),
                join_some(agg.notes.iter().map(String::as_str), 5),
                agg.purge_text()
            );
            out.push(agg.finding);
        }
        let threshold = ctx.param(&META, "items_per_day");
        for ((_, d), mut agg) in std::mem::take(&mut self.volume) {
            if (agg.items as f64) < threshold {
                continue;
            }
            agg.finding.summary = format!(
                "{} items deleted on {d} in {} records ({}) from folders {}, first from {}{}",
                agg.items,
                agg.finding.evidence_count,
                agg.finding.operation.replace(';', ", "),
                join_some(agg.folders.iter().map(String::as_str), 5),
                network_text(&agg.finding),
                agg.purge_text()
            );
            out.push(agg.finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;
    use crate::event::detail::ItemRef;

    fn del(line: u64, op: &str, folder: &str, count: u64, subject: &str) -> Event {
        let mut e = event(line, line as i64, op, "megan.bowen@contoso.com");
        on_net(&mut e, "73.1.1.1", NetClass::Isp);
        e.detail = Detail::Delete(Box::new(DeleteDetail {
            count,
            folder: Some(folder.into()),
            items: vec![ItemRef {
                subject: Some(subject.into()),
                ..ItemRef::default()
            }],
        }));
        e
    }

    #[test]
    fn notice_subjects_match_by_words() {
        for s in [
            "Microsoft account unusual sign-in activity",
            "New sign-in to your account",
            "Security alert",
            "Your password was changed",
            "MFA registration: new method added",
            "Your verification code is 123456",
            "New inbox rule created",
            "Forwarding rule enabled on your mailbox",
        ] {
            assert!(notice_phrase(s).is_some(), "{s}");
        }
        for s in [
            "Forwarding the Q3 invoice",
            "Comfast router order",
            "Signing in to the conference portal",
            "Team lunch",
        ] {
            assert!(notice_phrase(s).is_none(), "{s}");
        }
    }

    #[test]
    fn deleting_a_security_notice_is_high_from_a_vps_low_from_home() {
        let mut e = del(1, "SoftDelete", "\\Inbox", 1, "Unusual sign-in activity");
        on_net(&mut e, "159.203.1.1", NetClass::Hosting);
        let f = run(&mut DeleteSuspicious::default(), &ctx(), &[e]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].summary.contains("Unusual sign-in activity"));
        let home = [del(
            1,
            "SoftDelete",
            "\\Inbox",
            1,
            "Unusual sign-in activity",
        )];
        let f = run(&mut DeleteSuspicious::default(), &ctx(), &home);
        assert_eq!(f[0].severity, Severity::Low);
    }

    #[test]
    fn volume_edge_and_purge_noted() {
        let below = [del(1, "MoveToDeletedItems", "\\Inbox", 49, "Newsletter")];
        assert!(run(&mut DeleteSuspicious::default(), &ctx(), &below).is_empty());
        let mut at = [
            del(1, "MoveToDeletedItems", "\\Inbox", 45, "Newsletter"),
            del(
                2,
                "HardDelete",
                "\\Recoverable Items\\Deletions",
                5,
                "RE: invoice",
            ),
        ];
        let f = run(&mut DeleteSuspicious::default(), &ctx(), &at);
        assert_eq!(f[0].severity, Severity::Low, "an inbox clean-up at home");
        on_net(&mut at[1], "3.80.1.1", NetClass::Cloud);
        let f = run(&mut DeleteSuspicious::default(), &ctx(), &at);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert!(
            f[0].summary.contains("50 items deleted"),
            "{}",
            f[0].summary
        );
        assert!(
            f[0].summary.contains("5 purged from Recoverable Items"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn system_retention_deletes_are_ignored() {
        let mut e = del(1, "HardDelete", "\\Inbox", 500, "Security alert");
        e.actor = crate::event::UserRef::from_raw(
            "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)",
        );
        assert!(run(&mut DeleteSuspicious::default(), &ctx(), &[e]).is_empty());
    }
}
