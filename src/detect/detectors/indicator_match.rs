//! MT-I01 and MT-I02: events that match an indicator of compromise given with `--ioc`
//! (`detect::indicators`). Two detectors, because what a match means to correlation
//! depends on where in the event it is:
//!
//! - **MT-I01, network side** — the event came from a listed address, network or AS, or
//!   through a listed user agent, application or device. That is the intruder's own
//!   infrastructure, so a high finding names its IP and session as attacker
//!   infrastructure. High when the account got in (a successful sign-in, or any other
//!   action); low for failed or interrupted sign-ins only (the account was targeted).
//! - **MT-I02, content side** — the event names a listed address or domain (a recipient,
//!   a forwarding or rule target, a grantee, the account itself) or consents to a listed
//!   application. The event's IP is the actor's, who may be a victim replying to a
//!   look-alike domain from the office, so these findings never name infrastructure.
//!   Medium; raised when made from attacker infrastructure.
//!
//! One finding per account and indicator, with the first and last matching event and up
//! to `EVIDENCE_MAX` of them as evidence; every matching event is tagged in the timeline
//! (`correlate`'s `ioc` column asks the same matcher). System accounts: info. Without
//! `--ioc` the detectors return at once.

use std::collections::BTreeMap;

use super::signin_common::{is_success, span_text};
use crate::detect::indicators::Indicator;
use crate::detect::indicators::matcher::{Hit, Side};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::{Category, Event, Outcome, UserKind};

/// MT-I01: catalogue entry.
pub static NETWORK: DetectorMeta = DetectorMeta {
    id: "MT-I01",
    title: "Indicator of compromise matched",
    severity: Severity::High,
    techniques: &["T1078.004"],
    status: Stable,
    description: "An event from an IP address, network or AS, or with a user agent, \
        application id or device name, that an indicator file given with --ioc lists \
        (CSV or STIX 2.1). High when the account got in from there (a successful sign-in \
        or any action); low for failed or interrupted sign-ins only. High findings name \
        the address and session as attacker infrastructure.",
    fields: &[
        "ip",
        "asn",
        "user_agent",
        "app_id",
        "device.name",
        "result.outcome",
    ],
    params: &[],
    role: Role::sign_in(
        "access from infrastructure named by an indicator of compromise",
        4,
    ),
};

/// MT-I02: catalogue entry.
pub static CONTENT: DetectorMeta = DetectorMeta {
    id: "MT-I02",
    title: "Indicator of compromise named in mail, rule or grant",
    severity: Severity::Medium,
    techniques: &["T1114.003", "T1098.002", "T1528"],
    status: Stable,
    description: "An event that names an e-mail address or domain that an indicator file \
        given with --ioc lists — a recipient, a send-as address, an inbox-rule, mailbox or \
        transport-rule forwarding target, a permission grantee, whom a file was shared \
        with, or the account itself — or that consents to a listed application. Medium: \
        the actor may be a victim writing to a look-alike domain; raised when made from \
        attacker infrastructure. Never names infrastructure.",
    fields: &[
        "actor",
        "mailbox_owner",
        "detail.recipients",
        "detail.forward_to",
        "detail.forwarding_smtp_address",
        "detail.grantee",
        "detail.app_id",
    ],
    params: &[],
    role: Role::action(Signal::Send),
};

use Status::Stable;

/// MT-I01 for the registry.
pub fn new_network() -> Box<dyn Detector> {
    Box::new(IndicatorMatch::new(Side::Network))
}

/// MT-I02 for the registry.
pub fn new_content() -> Box<dyn Detector> {
    Box::new(IndicatorMatch::new(Side::Content))
}

/// A finding under construction.
#[derive(Debug)]
struct Open {
    finding: Finding,
    first: Hit,
    /// The account got in: a successful sign-in or an action (network side).
    got_in: bool,
    /// The actor is a system account.
    system: bool,
}

/// Either detector: they differ only in the side they match.
#[derive(Debug)]
pub struct IndicatorMatch {
    side: Side,
    open: BTreeMap<(String, u32), Open>,
    hits: Vec<Hit>,
}

impl IndicatorMatch {
    fn new(side: Side) -> IndicatorMatch {
        IndicatorMatch {
            side,
            open: BTreeMap::new(),
            hits: Vec::new(),
        }
    }
}

impl Detector for IndicatorMatch {
    fn meta(&self) -> &'static DetectorMeta {
        match self.side {
            Side::Network => &NETWORK,
            Side::Content => &CONTENT,
        }
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, _out: &mut Vec<Finding>) {
        if ctx.indicators.is_empty() {
            return;
        }
        let mut hits = std::mem::take(&mut self.hits);
        ctx.indicators.matcher().hits(ev, self.side, &mut hits);
        let meta = self.meta();
        for hit in hits.drain(..) {
            let key = (ev.actor.key.clone(), hit.indicator);
            match self.open.get_mut(&key) {
                Some(o) => {
                    o.finding.add_event(ev);
                    o.got_in |= got_in(ev);
                }
                None => {
                    let open = Open {
                        finding: Finding::from_event(meta, ev, String::new()),
                        first: hit,
                        got_in: got_in(ev),
                        system: ev.actor.kind == UserKind::System,
                    };
                    self.open.insert(key, open);
                }
            }
        }
        self.hits = hits;
    }

    fn finish(&mut self, ctx: &Context, out: &mut Vec<Finding>) {
        let default = self.meta().severity;
        for ((_, index), o) in std::mem::take(&mut self.open) {
            let Open {
                mut finding,
                first,
                got_in,
                system,
            } = o;
            let ind = ctx.indicators.get(index);
            finding.summary = summary(&first, ind, &finding, self.side, got_in);
            finding.severity = if system {
                Severity::Info
            } else if self.side == Side::Network && !got_in {
                Severity::Low
            } else {
                default
            };
            out.push(finding);
        }
    }
}

/// The account got in: a successful sign-in, or any action that did not fail.
fn got_in(ev: &Event) -> bool {
    if ev.category == Category::SignIn {
        is_success(ev)
    } else {
        ev.result.outcome != Outcome::Failure
    }
}

/// `IP 203.0.113.7 matches indicator "RedVDS host" (redvds.csv:3): 4 events between …`.
pub fn summary(first: &Hit, ind: &Indicator, f: &Finding, side: Side, got_in: bool) -> String {
    let mut names = Vec::new();
    if !ind.value.eq_ignore_ascii_case(&first.observed) {
        names.push(ind.value.clone());
    }
    if !ind.label.is_empty() && Some(&ind.label) != ind.source.stix_id.as_ref() {
        names.push(format!("\"{}\"", ind.label));
    }
    let which = if names.is_empty() {
        "an indicator".to_string()
    } else {
        format!("indicator {}", names.join(" "))
    };
    let events = if f.evidence_count == 1 {
        "1 event".to_string()
    } else {
        format!("{} events", f.evidence_count)
    };
    let mut s = format!(
        "{} {} matches {which} ({}): {events} {}",
        first.field.as_str(),
        first.observed,
        ind.source,
        span_text(f)
    );
    if side == Side::Network && !got_in {
        s.push_str(" (failed or interrupted sign-ins only)");
    }
    s
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::detect::indicators::Indicators;
    use crate::event::detail::{Detail, SendDetail};

    fn ctx(rows: &str) -> Context {
        let text = format!("type,value,label\n{rows}");
        Context {
            indicators: Arc::new(Indicators::from_csv(&text, "redvds.csv").unwrap()),
            ..Context::default()
        }
    }

    #[test]
    fn one_finding_per_account_and_indicator_naming_label_and_source() {
        let ctx = ctx("ip,203.0.113.7,RedVDS host\ncidr,198.51.100.0/24,crew range\n");
        let evs = [
            signin("megan@contoso.com", 0, "203.0.113.7").ev(),
            signin("megan@contoso.com", 60, "203.0.113.7").ev(),
            signin("megan@contoso.com", 90, "198.51.100.9").ev(),
            signin("alex@contoso.com", 120, "203.0.113.7")
                .fail("50126")
                .ev(),
            signin("diego@contoso.com", 180, "192.0.2.1").ev(),
        ];
        let f = run(new_network(), &ctx, &evs);
        let got: Vec<(&str, Severity, &str)> = f
            .iter()
            .map(|f| (f.user.as_str(), f.severity, f.summary.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "alex@contoso.com",
                    Severity::Low,
                    "IP 203.0.113.7 matches indicator \"RedVDS host\" (redvds.csv:2): 1 event \
                     at 2026-01-05 08:02:00 UTC (failed or interrupted sign-ins only)"
                ),
                (
                    "megan@contoso.com",
                    Severity::High,
                    "IP 203.0.113.7 matches indicator \"RedVDS host\" (redvds.csv:2): 2 \
                     events between 2026-01-05 08:00:00 and 2026-01-05 08:01:00 UTC"
                ),
                (
                    "megan@contoso.com",
                    Severity::High,
                    "IP 198.51.100.9 matches indicator 198.51.100.0/24 \"crew range\" \
                     (redvds.csv:3): 1 event at 2026-01-05 08:01:30 UTC"
                ),
            ]
        );
        assert_eq!(f[1].evidence.len(), 2);
        assert!(run(new_content(), &ctx, &evs).is_empty());
    }

    #[test]
    fn content_matches_are_medium_and_never_network_findings() {
        let ctx = ctx("domain,evil.example,\n");
        let mut send = signin("megan@contoso.com", 0, "73.1.1.1").ev();
        send.category = Category::Send;
        send.operation = "Send".into();
        send.detail = Detail::Send(Box::new(SendDetail {
            recipients: vec!["ceo@mail.evil.example".into()],
            ..SendDetail::default()
        }));
        let f = run(new_content(), &ctx, std::slice::from_ref(&send));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(
            f[0].summary,
            "recipient ceo@mail.evil.example matches indicator evil.example (redvds.csv:2): \
             1 event at 2026-01-05 08:00:00 UTC"
        );
        assert!(run(new_network(), &ctx, &[send]).is_empty());
        assert!(!CONTENT.role.names_infrastructure);
        assert!(NETWORK.role.names_infrastructure);
    }

    #[test]
    fn without_indicators_nothing_happens() {
        let evs = [signin("megan@contoso.com", 0, "203.0.113.7").ev()];
        assert!(run_default(new_network(), &evs).is_empty());
        assert!(run_default(new_content(), &evs).is_empty());
    }
}
