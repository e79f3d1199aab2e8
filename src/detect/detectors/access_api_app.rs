//! MT-M08: a mailbox read through an API — Microsoft Graph, REST or EWS — by an application
//! that is not one of Microsoft's own mail clients.
//!
//! Why: after an OAuth consent phish, or with a token for a first-party developer client,
//! the intruder reads mail through Graph or EWS from a script, not through Outlook. The
//! reads carry the application's id (`AppId` in `MailItemsAccessed`, `AppId` in Graph
//! activity logs) and an API client string (`Client=REST`, `Client=WebServices`). CRM
//! connectors, archivers and mail-merge tools read mail the same way, so a lone API reader
//! is low: context the timeline should show. Medium when the same application was granted
//! consent or given credentials in the data (the consent phish's two halves), or a read came
//! from a hosting, VPN or proxy network that is not the tenant's own; correlation raises it
//! further when the reads come from attacker infrastructure.
//!
//! Ignores Microsoft first-party mail apps (`lists::apps::FIRST_PARTY_MAIL_APPS`),
//! allow-listed app ids, failed records and system accounts. One finding per user and
//! application, written at the end when consents seen later are known too.

use std::collections::{BTreeMap, BTreeSet};

use super::mailbox_common::{failed, finding_for, network_text, risky_network, subject_user};
use crate::detect::lists::apps::{developer_client, is_first_party_mail_app};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::detail::Detail;
use crate::event::{Category, Event};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M08",
    title: "Mailbox read through an API by a non-Microsoft application",
    severity: Severity::Low,
    techniques: &["T1114.002", "T1528"],
    status: Status::Experimental,
    description: "Mail read through Microsoft Graph, REST or EWS (MailItemsAccessed with an \
        API client string, Graph activity mail reads) by an application that is not a \
        Microsoft first-party mail client. Low; medium when the same application was granted \
        consent or credentials in the data, or a read came from a hosting, VPN or proxy \
        network that is not the tenant's own.",
    fields: &[
        "operation",
        "app_id",
        "client_info",
        "actor",
        "ip",
        "net.class",
    ],
    params: &[],
    role: Role::action(Signal::MailAccess),
};

/// Most (user, application) pairs followed.
const PAIRS_MAX: usize = 100_000;
/// Most consented application ids remembered.
const CONSENTS_MAX: usize = 10_000;

/// API client strings in `MailItemsAccessed` (`ClientInfoString`): REST (Graph and the
/// Outlook REST API) and EWS.
fn api_client(ci: &str) -> bool {
    let lower = ci.trim().to_ascii_lowercase();
    lower.starts_with("client=rest") || lower.starts_with("client=webservices")
}

/// A mail read through an API, by an application id.
fn api_read(ev: &Event) -> Option<&str> {
    if ev.category != Category::MailAccess || failed(ev) {
        return None;
    }
    let app = ev
        .app_id
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())?;
    let graph = ev.operation.eq_ignore_ascii_case("GraphMailRead");
    let api = ev.client_info.as_deref().is_some_and(api_client);
    ((graph || api) && !is_first_party_mail_app(app)).then_some(app)
}

#[derive(Debug)]
struct Reads {
    finding: Finding,
    risky: bool,
    network: String,
}

/// The detector.
#[derive(Debug, Default)]
pub struct AccessApiApp {
    reads: BTreeMap<(String, String), Reads>,
    consented: BTreeSet<String>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AccessApiApp::default())
}

impl AccessApiApp {
    fn note_consent(&mut self, ev: &Event) {
        let Detail::Consent(c) = &ev.detail else {
            return;
        };
        if self.consented.len() < CONSENTS_MAX
            && let Some(id) = c.app_id.as_deref().or(ev.app_id.as_deref())
        {
            self.consented.insert(id.trim().to_ascii_lowercase());
        }
    }
}

impl Detector for AccessApiApp {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, _out: &mut Vec<Finding>) {
        if ev.category == Category::AppConsent {
            self.note_consent(ev);
            return;
        }
        let Some(app) = api_read(ev) else { return };
        if ctx.app_allowed(app) {
            return;
        }
        let Some(user) = subject_user(ev) else { return };
        let key = (user.clone(), app.to_ascii_lowercase());
        if !self.reads.contains_key(&key) && self.reads.len() >= PAIRS_MAX {
            return;
        }
        let risky = risky_network(ev).is_some() && !ctx.network_trusted(ev);
        match self.reads.get_mut(&key) {
            Some(r) => {
                r.finding.add_event(ev);
                if risky && !r.risky {
                    let here = finding_for(&META, ev, &user, "");
                    r.risky = true;
                    r.network = network_text(&here);
                    r.finding.ip = here.ip;
                    r.finding.asn = here.asn;
                    r.finding.as_org = here.as_org;
                    r.finding.network_class = here.network_class;
                    r.finding.country = here.country;
                }
            }
            None => {
                let finding = finding_for(&META, ev, &user, "");
                let network = network_text(&finding);
                self.reads.insert(
                    key,
                    Reads {
                        finding,
                        risky,
                        network,
                    },
                );
            }
        }
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        for ((user, app), mut r) in std::mem::take(&mut self.reads) {
            let consented = self.consented.contains(&app);
            let name = developer_client(&app)
                .map_or_else(|| format!("application {app}"), |n| format!("{n} ({app})"));
            let mut why = Vec::new();
            if consented {
                why.push("the application was granted consent or credentials in the data");
            }
            if r.risky {
                why.push("reads came from a hosting, VPN or proxy network");
            }
            r.finding.severity = if why.is_empty() {
                Severity::Low
            } else {
                Severity::Medium
            };
            let reason = if why.is_empty() {
                String::new()
            } else {
                format!("; {}", why.join("; "))
            };
            r.finding.summary = format!(
                "{user}'s mailbox read through an API by {name}, not a Microsoft mail client, \
                 {} times from {}{reason}",
                r.finding.evidence_count, r.network
            );
            out.push(r.finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;
    use crate::event::detail::ConsentDetail;

    const APP: &str = "2ef68ccc-8a4d-42ff-ae88-2d7bb89ad139";

    fn read(line: u64, minutes: i64, app: &str, ci: &str, ip: &str, class: NetClass) -> Event {
        let mut e = event(
            line,
            minutes,
            "MailItemsAccessed",
            "megan.bowen@contoso.com",
        );
        on_net(&mut e, ip, class);
        e.app_id = Some(app.into());
        e.client_info = Some(ci.into());
        e.detail = Detail::MailAccess(Box::default());
        e
    }

    #[test]
    fn a_consented_app_reading_over_rest_is_medium_outlook_is_quiet() {
        let mut consent = event(1, 0, "Consent to application", "megan.bowen@contoso.com");
        consent.detail = Detail::Consent(Box::new(ConsentDetail {
            app_id: Some(APP.into()),
            ..ConsentDetail::default()
        }));
        let evs = [
            consent,
            read(
                2,
                5,
                APP,
                "Client=REST;Client=RESTSystem;;",
                "73.1.1.1",
                NetClass::Isp,
            ),
            read(
                3,
                9,
                "d3590ed6-52b3-4102-aeff-aad2292ab01c",
                "Client=MSExchangeRPC",
                "73.1.1.1",
                NetClass::Isp,
            ),
        ];
        let f = run(&mut *new(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert!(f[0].summary.contains("consent"), "{}", f[0].summary);
    }

    #[test]
    fn an_unknown_api_reader_alone_is_low() {
        let evs = [read(
            1,
            0,
            APP,
            "Client=WebServices;",
            "73.1.1.1",
            NetClass::Isp,
        )];
        let f = run(&mut *new(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Low);
    }
}
