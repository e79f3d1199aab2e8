//! MT-S04: a sign-in whose user agent is a scripting library, an attack tool, an admin
//! shell or a legacy-authentication marker (`lists::user_agents`, anchors.md §3 D20).
//! People sign in with browsers and Office clients; `axios/1.7.2`, `python-requests` or
//! `AADInternals` mean a script did (Tycoon 2FA and other AiTM kits relay with axios/node,
//! sprays run from Go and Python clients).
//!
//! Severity by category and outcome:
//!
//! | category | success | interrupted | failure |
//! |---|---|---|---|
//! | attack-tool | high | high | medium |
//! | library | high | medium | low |
//! | admin-tool, legacy, mail-client | medium | low | low |
//!
//! An interrupted sign-in (MFA prompt) means the password was accepted, so it ranks above
//! a failure. Successes and interruptions aggregate per user, user agent token and IP;
//! failures aggregate per IP and token (a spray from one host is one finding, naming how
//! many users it tried). User agents matching `allow.user_agents` are skipped.

use std::collections::BTreeSet;

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, is_risky_class, is_user_signin, network_text, span_text,
};
use crate::detect::lists::user_agents::{UaCategory, UaMatch, classify_user_agent};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Status};
use crate::event::{Event, Outcome};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S04",
    title: "Sign-in with a scripting or attack-tool user agent",
    severity: Severity::High,
    techniques: &["T1078.004", "T1110.003", "T1557"],
    status: Status::Stable,
    description: "A sign-in whose user agent names an HTTP library or scripting runtime \
        (axios, node, python-requests, Go-http-client, curl, …), an attack tool (AADInternals, \
        AzureHound, ROADtools, TeamFiltration), an admin shell (PowerShell) or a legacy/ROPC \
        marker (BAV2ROPC). Successful ones by libraries and tools are high; failures are \
        summarised per source IP.",
    fields: &["user_agent", "result.outcome", "ip", "actor"],
    params: &[],
    role: Role::sign_in("sign-in with a scripting or attack-tool user agent", 6),
};

/// Most user names listed in a failure summary.
const USERS_LISTED_MAX: usize = 3;
/// Most distinct users counted per failure finding.
const USERS_COUNTED_MAX: usize = 10_000;

/// How the sign-in ended, for grouping and severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ending {
    Success,
    Interrupted,
    Failure,
}

/// Severity by the kind of user agent, how the sign-in ended, and whether it came from a
/// hosting, VPN or proxy network that is not the tenant's own. Admin tools (Azure CLI,
/// PowerShell) are what admins and developers run every day: from their ordinary networks
/// they are context (low). Legacy clients (`BAV2ROPC`) and third-party mail clients stay
/// medium: password-only protocols are how sprays get in.
fn severity(cat: UaCategory, r: Ending, risky: bool) -> Severity {
    use Ending::*;
    use UaCategory::*;
    match (cat, r) {
        (AttackTool, Success | Interrupted) | (Library, Success) => Severity::High,
        (AttackTool, Failure) | (Library, Interrupted) => Severity::Medium,
        (Legacy | MailClient, Success) => Severity::Medium,
        (AdminTool, Success) if risky => Severity::Medium,
        _ => Severity::Low,
    }
}

/// Running state of one finding.
#[derive(Debug)]
struct Uses {
    m: UaMatch,
    result: Ending,
    ua: String,
    network: String,
    users: BTreeSet<String>,
}

/// (result, user or IP, token, IP or "").
type Key = (Ending, String, &'static str, String);

/// The detector.
#[derive(Debug)]
pub struct SigninSuspiciousUserAgent {
    open: Aggregates<Key, Uses>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninSuspiciousUserAgent {
        open: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
    })
}

fn finalize(f: &mut Finding, u: &Uses) {
    let what = match u.result {
        Ending::Success => "successful sign-in",
        Ending::Interrupted => "interrupted sign-in (password accepted, MFA or consent pending)",
        Ending::Failure => "failed sign-in",
    };
    let n = f.evidence_count;
    let plural = if n == 1 { "" } else { "s" };
    let who = if u.result == Ending::Failure {
        let listed: Vec<&str> = u
            .users
            .iter()
            .take(USERS_LISTED_MAX)
            .map(String::as_str)
            .collect();
        let more = u.users.len().saturating_sub(USERS_LISTED_MAX);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            " for {} user(s) ({}{more})",
            u.users.len(),
            listed.join(", ")
        )
    } else {
        format!(" by {}", f.user)
    };
    f.summary = format!(
        "{n} {what}{plural}{who} with {} user agent '{}' ({}) from {} {}",
        u.m.category,
        u.ua,
        u.m.token,
        u.network,
        span_text(f)
    );
}

impl Detector for SigninSuspiciousUserAgent {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_user_signin(ev) {
            return;
        }
        let Some(ua) = ev.user_agent.as_deref() else {
            return;
        };
        let Some(m) = classify_user_agent(ua) else {
            return;
        };
        if ctx.user_agent_allowed(ua) {
            return;
        }
        let result = match ev.result.outcome {
            Outcome::Success => Ending::Success,
            Outcome::Interrupted => Ending::Interrupted,
            Outcome::Failure | Outcome::Unknown => Ending::Failure,
        };
        let ip = ev.ip.map(|i| i.to_string()).unwrap_or_default();
        let key = if result == Ending::Failure {
            (result, ip, m.token, String::new())
        } else {
            (result, ev.actor.key.clone(), m.token, ip)
        };
        let risky = !ctx.network_trusted(ev) && ev.net_class().is_some_and(is_risky_class);
        let entry = self.open.add(key, ev, out, || {
            let mut f = Finding::from_event(&META, ev, String::new())
                .with_severity(severity(m.category, result, risky));
            if result == Ending::Failure {
                // A spray source is about many users; the summary names them.
                f.user = String::new();
            }
            let uses = Uses {
                m,
                result,
                ua: ua.chars().take(200).collect(),
                network: network_text(ev),
                users: BTreeSet::new(),
            };
            (f, uses)
        });
        if entry.1.users.len() < USERS_COUNTED_MAX {
            entry.1.users.insert(ev.actor.key.clone());
        }
        // A failure finding about exactly one user is about that user.
        if result == Ending::Failure {
            entry.0.user = match entry.1.users.len() {
                1 => ev.actor.key.clone(),
                _ => String::new(),
            };
        }
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        self.open.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;

    const U: &str = "megan.bowen@contoso.com";

    #[test]
    fn axios_success_is_high_and_aggregated() {
        let evs = [
            signin(U, 0, "159.203.1.1").ua("axios/1.7.2").ev(),
            signin(U, 5, "159.203.1.1").ua("axios/1.7.2").ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].evidence_count, 2);
        assert_eq!(f[0].user, U);
        assert!(
            f[0].summary.starts_with("2 successful sign-ins by megan"),
            "{}",
            f[0].summary
        );
        assert!(
            f[0].summary
                .contains("library user agent 'axios/1.7.2' (axios)"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn severities_follow_category_and_outcome() {
        let evs = [
            signin(U, 0, "1.1.1.1")
                .ua("AADInternals")
                .fail("50126")
                .ev(),
            signin(U, 1, "1.1.1.2")
                .ua("python-requests/2.31")
                .interrupted("50074")
                .ev(),
            signin(U, 2, "1.1.1.3")
                .ua("Mozilla/5.0 (Windows NT 10.0) PowerShell/7.4.1")
                .net(14061, crate::enrich::NetClass::Hosting)
                .ev(),
            signin(U, 2, "1.1.1.6")
                .ua("Mozilla/5.0 (Windows NT 10.0) PowerShell/7.4.1")
                .ev(),
            signin(U, 3, "1.1.1.4").ua("BAV2ROPC").ual().ev(),
            signin(U, 4, "1.1.1.5").ua("node").fail("50126").ev(),
        ];
        let mut got: Vec<(String, Severity)> = run_default(new(), &evs)
            .iter()
            .map(|f| (f.ip.unwrap().to_string(), f.severity))
            .collect();
        got.sort();
        let got: Vec<(&str, Severity)> = got.iter().map(|(i, s)| (i.as_str(), *s)).collect();
        assert_eq!(
            got,
            vec![
                ("1.1.1.1", Severity::Medium),
                ("1.1.1.2", Severity::Medium),
                ("1.1.1.3", Severity::Medium),
                ("1.1.1.4", Severity::Medium),
                ("1.1.1.5", Severity::Low),
                ("1.1.1.6", Severity::Low),
            ]
        );
    }

    #[test]
    fn failures_from_one_ip_are_one_spray_finding() {
        let users = [
            "a@contoso.com",
            "b@contoso.com",
            "c@contoso.com",
            "d@contoso.com",
        ];
        let evs: Vec<Event> = users
            .iter()
            .enumerate()
            .map(|(i, u)| {
                signin(u, i as i64, "51.38.1.1")
                    .ua("Go-http-client/2.0")
                    .fail("50126")
                    .ev()
            })
            .collect();
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].user, "");
        assert_eq!(f[0].severity, Severity::Low);
        assert!(f[0].summary.contains("4 failed sign-ins for 4 user(s) (a@contoso.com, b@contoso.com, c@contoso.com and 1 more)"), "{}", f[0].summary);
    }

    #[test]
    fn browsers_and_allow_listed_agents_are_ignored() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Nodejs";
        let mut ctx = Context::default();
        ctx.allow
            .user_agents
            .push("python-requests/2.31.0 (backup-job)".to_lowercase());
        let evs = [
            signin(U, 0, "1.1.1.1").ua(chrome).ev(),
            signin(U, 1, "1.1.1.1")
                .ua("python-requests/2.31.0 (backup-job)")
                .ev(),
            signin(U, 2, "1.1.1.1").ev(),
        ];
        assert!(run(new(), &ctx, &evs).is_empty());
    }
}
