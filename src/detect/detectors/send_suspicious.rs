//! MT-M04: mail sent from a hosting, VPN or proxy network, or Send-As in volume.
//!
//! Why: the payoff of BEC is the fraudulent mail — changed bank details sent from the
//! victim's mailbox, or phishing to colleagues and partners. Sending (`Send`, `SendAs`,
//! `SendOnBehalf`) from rented infrastructure is the intruder's own session; a burst of
//! `SendAs` (the Analyzer's ≥ 10 a day) means someone is writing as another mailbox.
//!
//! One finding per user, IP and UTC day for risky networks (hosting high, VPN/proxy medium)
//! and one per user and day for Send-As volume, counting the messages and naming some
//! subjects. Send-As volume is medium when some of it came from a cloud, unlisted or risky
//! network, low when all of it came from the tenant's own or ordinary networks (a delegate
//! at work). Sends from an attacker session that sign-in detectors flagged are escalated
//! later by correlation, not here. Ignores allow-listed networks (for the network
//! reason), failed records and system accounts.

use crate::text::join_some;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::mailbox_common::{day, failed, finding_for, network_text, risky_network, subject_user};
use crate::detect::{
    Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Signal, Status,
};
use crate::event::Event;
use crate::event::detail::{Detail, SendDetail};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M04",
    title: "Suspicious sending (Send-As volume, risky network)",
    severity: Severity::Medium,
    techniques: &["T1534", "T1656"],
    status: Status::Stable,
    description: "Send, SendAs or SendOnBehalf from a hosting (high), VPN or proxy (medium) \
        network, one finding per user, IP and UTC day; and SendAs at or above a daily count \
        per user (medium when some came from a cloud, unlisted or risky network, low from \
        ordinary networks: a delegate at work). The fraudulent payment request or internal phish of a BEC is sent \
        from the intruder's session.",
    fields: &[
        "operation",
        "actor",
        "ip",
        "net.class",
        "net.asn",
        "client_info",
        "result",
        "detail.subject",
        "detail.send_as",
        "detail.on_behalf_of",
    ],
    params: &[Param {
        name: "send_as_per_day",
        default: 10.0,
        doc: "SendAs records by one user in a UTC day at or above which a finding is reported",
    }],
    role: Role::attacker_made(Signal::Send),
};

/// Subjects remembered per finding for its summary.
const SUBJECTS_MAX: usize = 3;

#[derive(Debug)]
struct Agg {
    finding: Finding,
    count: u64,
    subjects: Vec<String>,
    mailboxes: Vec<String>,
}

impl Agg {
    fn new(finding: Finding) -> Agg {
        Agg {
            finding,
            count: 0,
            subjects: Vec::new(),
            mailboxes: Vec::new(),
        }
    }

    fn add(&mut self, ev: &Event, s: &SendDetail) {
        if self.count > 0 {
            self.finding.add_event(ev);
        }
        self.count += 1;
        if let Some(sub) = &s.subject
            && self.subjects.len() < SUBJECTS_MAX
            && !self.subjects.contains(sub)
        {
            self.subjects.push(sub.clone());
        }
        for m in s.send_as.iter().chain(&s.on_behalf_of) {
            if self.mailboxes.len() < SUBJECTS_MAX && !self.mailboxes.contains(m) {
                self.mailboxes.push(m.clone());
            }
        }
    }

    fn subjects_text(&self) -> String {
        if self.subjects.is_empty() {
            return String::new();
        }
        let quoted: Vec<String> = self.subjects.iter().map(|s| format!("'{s}'")).collect();
        format!(
            "; subjects {}",
            join_some(quoted.iter().map(String::as_str), SUBJECTS_MAX)
        )
    }
}

/// The detector.
#[derive(Debug, Default)]
pub struct SendSuspicious {
    risky: BTreeMap<(String, String, NaiveDate), Agg>,
    send_as: BTreeMap<(String, NaiveDate), Agg>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SendSuspicious::default())
}

impl Detector for SendSuspicious {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, _out: &mut Vec<Finding>) {
        let Detail::Send(s) = &ev.detail else {
            return;
        };
        if failed(ev) {
            return;
        }
        let Some(user) = subject_user(ev) else {
            return;
        };
        if let Some((_, sev)) = risky_network(ev)
            && !ctx.network_trusted(ev)
        {
            let ip = ev.ip.map(|i| i.to_string()).unwrap_or_default();
            self.risky
                .entry((user.clone(), ip, day(ev)))
                .or_insert_with(|| Agg::new(finding_for(&META, ev, &user, "").with_severity(sev)))
                .add(ev, s);
        }
        if ev.operation.eq_ignore_ascii_case("SendAs") {
            let agg = self
                .send_as
                .entry((user.clone(), day(ev)))
                .or_insert_with(|| {
                    Agg::new(finding_for(&META, ev, &user, "").with_severity(Severity::Low))
                });
            // Delegates and assistants send as shared mailboxes all day from the office and
            // from home (context); the same volume from elsewhere is worth a look.
            if !ctx.standing(ev).is_usual() {
                agg.finding.severity = agg.finding.severity.max(Severity::Medium);
            }
            agg.add(ev, s);
        }
    }

    fn finish(&mut self, ctx: &Context, out: &mut Vec<Finding>) {
        for ((_, _, d), mut agg) in std::mem::take(&mut self.risky) {
            agg.finding.summary = format!(
                "{} messages sent ({}) from {} on {d}{}",
                agg.count,
                agg.finding.operation.replace(';', ", "),
                network_text(&agg.finding),
                agg.subjects_text()
            );
            out.push(agg.finding);
        }
        let threshold = ctx.param(&META, "send_as_per_day");
        for ((_, d), mut agg) in std::mem::take(&mut self.send_as) {
            if (agg.count as f64) < threshold {
                continue;
            }
            let as_whom = if agg.mailboxes.is_empty() {
                String::new()
            } else {
                format!(" as {}", agg.mailboxes.join(", "))
            };
            agg.finding.summary = format!(
                "{} SendAs messages on {d}{as_whom} (threshold {threshold}), first from {}{}",
                agg.count,
                network_text(&agg.finding),
                agg.subjects_text()
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

    fn send(line: u64, op: &str, ip: &str, class: NetClass) -> Event {
        let mut e = event(line, line as i64, op, "megan.bowen@contoso.com");
        on_net(&mut e, ip, class);
        e.detail = Detail::Send(Box::new(SendDetail {
            subject: Some("Updated banking details".into()),
            send_as: Some("finance@contoso.com".into()),
            ..SendDetail::default()
        }));
        e
    }

    #[test]
    fn send_from_hosting_is_high_and_aggregated() {
        let evs = [
            send(1, "Send", "159.203.1.1", NetClass::Hosting),
            send(2, "Send", "159.203.1.1", NetClass::Hosting),
            send(3, "Send", "73.1.1.1", NetClass::Isp),
        ];
        let f = run(&mut SendSuspicious::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert!(
            f[0].summary.starts_with("2 messages sent"),
            "{}",
            f[0].summary
        );
        assert!(f[0].summary.contains("Updated banking details"));
    }

    #[test]
    fn vpn_is_medium_and_allow_list_suppresses() {
        let evs = [send(1, "SendOnBehalf", "185.220.101.1", NetClass::Vpn)];
        assert_eq!(
            run(&mut SendSuspicious::default(), &ctx(), &evs)[0].severity,
            Severity::Medium
        );
        let mut c = ctx();
        c.allow
            .ips
            .push(crate::detect::context::IpNet::parse("185.220.101.0/24").unwrap());
        assert!(run(&mut SendSuspicious::default(), &c, &evs).is_empty());
    }

    #[test]
    fn send_as_volume_edge() {
        let nine: Vec<Event> = (1..=9)
            .map(|i| send(i, "SendAs", "73.1.1.1", NetClass::Isp))
            .collect();
        assert!(run(&mut SendSuspicious::default(), &ctx(), &nine).is_empty());
        let ten: Vec<Event> = (1..=10)
            .map(|i| send(i, "SendAs", "73.1.1.1", NetClass::Isp))
            .collect();
        let f = run(&mut SendSuspicious::default(), &ctx(), &ten);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Low, "a delegate at home");
        assert_eq!(f[0].evidence_count, 10);
        assert!(
            f[0].summary.contains("as finance@contoso.com"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn send_as_volume_from_a_cloud_network_is_medium() {
        let mut evs: Vec<Event> = (1..=9)
            .map(|i| send(i, "SendAs", "73.1.1.1", NetClass::Isp))
            .collect();
        evs.push(send(10, "SendAs", "3.80.1.1", NetClass::Cloud));
        let f = run(&mut SendSuspicious::default(), &ctx(), &evs);
        assert_eq!(f[0].severity, Severity::Medium);
    }

    #[test]
    fn plain_sends_from_isp_do_not_fire() {
        let evs: Vec<Event> = (1..=30)
            .map(|i| send(i, "Send", "73.1.1.1", NetClass::Isp))
            .collect();
        assert!(run(&mut SendSuspicious::default(), &ctx(), &evs).is_empty());
    }
}
