//! MT-S05: a successful sign-in by legacy (basic) authentication or by the resource-owner
//! password-credentials grant (ROPC). Both take a bare password, so MFA and most
//! Conditional Access never apply; password sprays and mailbox-sync tooling rely on them
//! (anchors.md §3 D21: Elastic's `clientAppUsed` list, Sigma, the Analyzer's
//! `Authenticated SMTP` / `ropc` / `BAV2ROPC` rules).
//!
//! Recognised by the Entra `clientAppUsed` (IMAP4, POP3, Authenticated SMTP, Exchange
//! ActiveSync, Other clients, Exchange Web Services, MAPI Over HTTP, Offline Address Book,
//! Autodiscover, Outlook Anywhere, Outlook Service, Exchange Online PowerShell, Reporting
//! Web Services), by `authenticationProtocol` `ropc`, or by a legacy user agent
//! (`BAV2ROPC`, `CBAinPROD`, …; UAL records carry only the user agent). Aggregated per
//! user, client and IP: a mail client polling IMAP is one finding, not thousands.
//! Allow-listed networks (the office printer relaying through Authenticated SMTP) are
//! skipped.

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, detail, is_success, network_text, span_text, times,
};
use crate::detect::lists::user_agents::{UaCategory, classify_user_agent};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S05",
    title: "Successful legacy-authentication or ROPC sign-in",
    severity: Severity::Medium,
    techniques: &["T1078.004", "T1110"],
    status: Status::Stable,
    description: "A successful sign-in over a legacy (basic-authentication) protocol such as \
        IMAP4, POP3, Authenticated SMTP or Exchange ActiveSync, or by the ROPC password grant \
        (authenticationProtocol ropc, user agent BAV2ROPC). These bypass MFA; attackers use \
        them to test sprayed passwords and to sync mailboxes.",
    fields: &[
        "detail.client_app_used",
        "detail.auth_protocol",
        "user_agent",
        "result.outcome",
    ],
    params: &[],
    role: Role::sign_in(
        "legacy-authentication or ROPC sign-in (password only, no MFA)",
        4,
    ),
};

/// `clientAppUsed` values of legacy protocols (lower case), matched as whole leading words
/// so that `Outlook Anywhere (RPC over HTTP)` and `Other clients; IMAP` count.
pub const LEGACY_CLIENT_APPS: &[&str] = &[
    "authenticated smtp",
    "autodiscover",
    "exchange activesync",
    "exchange online powershell",
    "exchange web services",
    "imap4",
    "imap",
    "mapi over http",
    "offline address book",
    "other clients",
    "outlook anywhere",
    "outlook service",
    "pop3",
    "pop",
    "reporting web services",
];

/// The legacy protocol a `clientAppUsed` value names, if it is one.
pub fn legacy_client_app(client_app: &str) -> Option<&'static str> {
    let c = client_app.trim().to_ascii_lowercase();
    LEGACY_CLIENT_APPS.iter().copied().find(|l| {
        c.strip_prefix(l).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|ch| !ch.is_ascii_alphanumeric())
        })
    })
}

/// Why a sign-in counts as legacy or ROPC: the client app, `ROPC`, or the user-agent token.
fn legacy_reason(ev: &Event) -> Option<String> {
    let d = detail(ev)?;
    if let Some(app) = d.client_app_used.as_deref()
        && legacy_client_app(app).is_some()
    {
        return Some(app.trim().to_string());
    }
    if d.auth_protocol
        .as_deref()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("ropc"))
    {
        return Some("ROPC".to_string());
    }
    let m = classify_user_agent(ev.user_agent.as_deref()?)?;
    (m.category == UaCategory::Legacy).then(|| format!("ROPC (user agent {})", m.token))
}

/// Running state of one finding.
#[derive(Debug)]
struct Legacy {
    reason: String,
    network: String,
}

/// The detector.
#[derive(Debug)]
pub struct SigninLegacyAuth {
    open: Aggregates<(String, String, String), Legacy>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninLegacyAuth {
        open: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
    })
}

fn finalize(f: &mut Finding, l: &Legacy) {
    f.summary = format!(
        "{} signed in successfully with {} {} from {} {}",
        f.user,
        l.reason,
        times(f.evidence_count),
        l.network,
        span_text(f)
    );
}

impl Detector for SigninLegacyAuth {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_success(ev) || ctx.network_trusted(ev) {
            return;
        }
        let Some(reason) = legacy_reason(ev) else {
            return;
        };
        let ip = ev.ip.map(|i| i.to_string()).unwrap_or_default();
        let key = (ev.actor.key.clone(), reason.to_ascii_lowercase(), ip);
        self.open.add(key, ev, out, || {
            let f = Finding::from_event(&META, ev, String::new());
            (
                f,
                Legacy {
                    reason,
                    network: network_text(ev),
                },
            )
        });
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
    fn client_app_values_match_as_leading_words() {
        assert_eq!(legacy_client_app("IMAP4"), Some("imap4"));
        assert_eq!(
            legacy_client_app("Authenticated SMTP"),
            Some("authenticated smtp")
        );
        assert_eq!(
            legacy_client_app("Outlook Anywhere (RPC over HTTP)"),
            Some("outlook anywhere")
        );
        assert_eq!(
            legacy_client_app("Other clients; IMAP"),
            Some("other clients")
        );
        assert_eq!(
            legacy_client_app("Exchange ActiveSync"),
            Some("exchange activesync")
        );
        assert_eq!(legacy_client_app("Browser"), None);
        assert_eq!(legacy_client_app("Mobile Apps and Desktop clients"), None);
        assert_eq!(legacy_client_app("Popcorn"), None);
    }

    #[test]
    fn legacy_protocol_ropc_and_bav2ropc_successes() {
        let evs = [
            signin(U, 0, "51.38.1.1").client_app("IMAP4").ev(),
            signin(U, 300, "51.38.1.1").client_app("IMAP4").ev(),
            signin(U, 400, "51.38.1.2")
                .client_app("Browser")
                .protocol("ropc")
                .ev(),
            signin(U, 500, "51.38.1.3").ua("BAV2ROPC").ual().ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|f| f.severity == Severity::Medium));
        let imap = f.iter().find(|f| f.evidence_count == 2).unwrap();
        assert!(
            imap.summary.contains("with IMAP4 2 times from 51.38.1.1"),
            "{}",
            imap.summary
        );
        assert!(f.iter().any(|f| f.summary.contains("with ROPC once")));
        assert!(
            f.iter()
                .any(|f| f.summary.contains("ROPC (user agent bav2ropc)"))
        );
    }

    #[test]
    fn failures_and_modern_clients_are_not_reported() {
        let evs = [
            signin(U, 0, "51.38.1.1")
                .client_app("Authenticated SMTP")
                .fail("50126")
                .ev(),
            signin(U, 1, "51.38.1.1")
                .client_app("Browser")
                .protocol("none")
                .ev(),
            signin(U, 2, "51.38.1.1")
                .client_app("Mobile Apps and Desktop clients")
                .ev(),
        ];
        assert!(run_default(new(), &evs).is_empty());
    }

    #[test]
    fn allow_listed_networks_are_skipped() {
        let mut ctx = Context::default();
        ctx.allow
            .ips
            .push(crate::detect::context::IpNet::parse("198.51.100.0/24").unwrap());
        let evs = [signin(U, 0, "198.51.100.7")
            .client_app("Authenticated SMTP")
            .ev()];
        assert!(run(new(), &ctx, &evs).is_empty());
    }
}
