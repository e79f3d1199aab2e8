//! MT-S13: a sign-in to Microsoft Graph or Exchange Online through a Microsoft first-party
//! public client that OAuth-code and device-code phishing kits use — Visual Studio Code,
//! the Azure CLI, Azure PowerShell, the Authentication Broker, Graph Explorer, the Graph
//! command-line tools, the Intune Company Portal (`lists::apps::DEVELOPER_CLIENTS`) — by a
//! user for whom that client is new.
//!
//! Why: these clients are pre-consented in every tenant, so a phishing page that gets the
//! victim to approve a sign-in for "Visual Studio Code" hands the attacker Graph or
//! Exchange tokens with no consent prompt and no app to spot. The portal shows an ordinary
//! Microsoft application.
//!
//! Judged against the user's own history in the data: a client the user has signed in
//! with since the start of the data (within `baseline_days` of the first event the
//! detector saw) on at least `own_days` days is the user's tool (a developer's Azure CLI)
//! and is not reported. Otherwise medium, high when a sign-in came from a hosting, VPN or
//! proxy network that is not the tenant's own. Allow-listed application ids are skipped.
//! Findings are written at the end (one per user and client), when the history is known.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::signin_common::{detail, is_risky_class, is_success, network_text, span_text};
use crate::detect::lists::apps::developer_client;
use crate::detect::{Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S13",
    title: "Sign-in through a first-party developer client new to the user",
    severity: Severity::Medium,
    techniques: &["T1528", "T1566.002"],
    status: Status::Experimental,
    description: "A successful sign-in to Microsoft Graph or Exchange Online through a \
        Microsoft first-party public client abused in OAuth-code and device-code phishing \
        (Visual Studio Code, Azure CLI, Azure PowerShell, Authentication Broker, Graph \
        Explorer, Graph command-line tools, Intune Company Portal) by a user who has not used \
        it since the start of the data. Medium; high from a hosting, VPN or proxy network.",
    fields: &[
        "app_id",
        "app_name",
        "detail.resource",
        "result.outcome",
        "net.class",
    ],
    params: &[
        Param {
            name: "baseline_days",
            default: 3.0,
            doc: "days from the first event seen within which a user's use of a client \
                  makes it theirs, in days",
        },
        Param {
            name: "own_days",
            default: 3.0,
            doc: "distinct days of use of a client, starting in the baseline, that make it \
                  the user's own tool",
        },
    ],
    role: Role::sign_in(
        "OAuth phishing through a first-party developer client (consent-free Graph token)",
        1,
    ),
};

/// Most (user, client) pairs followed (users × a handful of clients).
const PAIRS_MAX: usize = 200_000;

/// Resources the kits want tokens for.
const MAIL_RESOURCES: &[&str] = &[
    "microsoft graph",
    "office 365 exchange online",
    "exchange online",
];

/// One user's use of one client.
#[derive(Debug)]
struct Use {
    client: &'static str,
    finding: Finding,
    days: BTreeSet<i64>,
    risky: bool,
    network: String,
}

/// The detector.
#[derive(Debug, Default)]
pub struct SigninDeveloperClient {
    start: Option<DateTime<Utc>>,
    uses: BTreeMap<(String, &'static str), Use>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninDeveloperClient::default())
}

fn to_mail_resource(ev: &Event) -> bool {
    detail(ev)
        .and_then(|d| d.resource.as_deref())
        .is_some_and(|r| MAIL_RESOURCES.contains(&r.trim().to_ascii_lowercase().as_str()))
}

impl Detector for SigninDeveloperClient {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, _out: &mut Vec<Finding>) {
        if ev.time_known && self.start.is_none() {
            self.start = Some(ev.time);
        }
        if !is_success(ev) || !to_mail_resource(ev) {
            return;
        }
        let Some(id) = ev.app_id.as_deref() else {
            return;
        };
        let Some(client) = developer_client(id) else {
            return;
        };
        if ctx.app_allowed(id) {
            return;
        }
        let key = (ev.actor.key.clone(), client);
        if !self.uses.contains_key(&key) && self.uses.len() >= PAIRS_MAX {
            return;
        }
        let risky = !ctx.network_trusted(ev) && ev.net_class().is_some_and(is_risky_class);
        let u = self.uses.entry(key).or_insert_with(|| Use {
            client,
            finding: Finding::from_event(&META, ev, String::new()),
            days: BTreeSet::new(),
            risky: false,
            network: network_text(ev),
        });
        if u.days.is_empty() {
            // the first event made the finding
        } else {
            u.finding.add_event(ev);
        }
        u.days.insert(ev.time.timestamp().div_euclid(86_400));
        if risky && !u.risky {
            u.risky = true;
            u.network = network_text(ev);
            u.finding.ip = ev.ip;
        }
    }

    fn finish(&mut self, ctx: &Context, out: &mut Vec<Finding>) {
        let baseline = Duration::days(ctx.param(&META, "baseline_days").max(0.0) as i64);
        let own_days = ctx.param(&META, "own_days").max(1.0) as usize;
        let start = self.start;
        for ((user, _), mut u) in std::mem::take(&mut self.uses) {
            let from_start = start.is_some_and(|s| u.finding.time_first <= s + baseline);
            if from_start && u.days.len() >= own_days && !u.risky {
                continue;
            }
            u.finding.severity = if u.risky {
                Severity::High
            } else {
                Severity::Medium
            };
            u.finding.summary = format!(
                "{user} signed in to Microsoft Graph or Exchange Online through {} (a \
                 first-party client phishing kits use), new for this user, from {} {}",
                u.client,
                u.network,
                span_text(&u.finding)
            );
            out.push(u.finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;

    const U: &str = "megan.bowen@contoso.com";
    const CLI: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    const DAY: i64 = 86_400;

    fn graph(who: &str, secs: i64, ip: &str) -> B {
        signin(who, secs, ip)
            .app(CLI, "Microsoft Azure CLI")
            .with(|e| {
                if let crate::event::Detail::SignIn(d) = &mut e.detail {
                    d.resource = Some("Microsoft Graph".into());
                }
            })
    }

    #[test]
    fn a_new_client_to_graph_from_a_vps_is_high() {
        let evs = [
            signin(U, 0, "73.1.1.1").net(7922, NetClass::Isp).ev(),
            graph(U, 10 * DAY, "159.203.1.1")
                .net(14061, NetClass::Hosting)
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert!(
            f[0].summary.contains("Microsoft Azure CLI"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn a_developers_daily_cli_from_the_start_is_their_own() {
        let evs: Vec<_> = (0..6)
            .map(|d| {
                graph(U, d * DAY + 3600, "73.1.1.1")
                    .net(7922, NetClass::Isp)
                    .ev()
            })
            .collect();
        assert!(run_default(new(), &evs).is_empty());
        let late: Vec<_> = (8..10)
            .map(|d| graph(U, d * DAY, "73.1.1.1").net(7922, NetClass::Isp).ev())
            .collect();
        let mut all = vec![signin(U, 0, "73.1.1.1").net(7922, NetClass::Isp).ev()];
        all.extend(late);
        let f = run_default(new(), &all);
        assert_eq!(f.len(), 1, "first used mid-data: reported");
        assert_eq!(f[0].severity, Severity::Medium);
    }
}
