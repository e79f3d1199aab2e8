//! MT-R05: mailbox-level forwarding set with `Set-Mailbox` or `Set-MailUser`
//! (`ForwardingSmtpAddress`, `ForwardingAddress`).
//!
//! Why: mailbox forwarding sends every incoming message on, without any inbox rule the
//! user could notice in Outlook (T1114.003). With `DeliverToMailboxAndForward` false no
//! copy stays in the mailbox: the victim stops receiving mail at all.
//!
//! Severity: an external target (`Context::is_external_address`: outside the tenant and
//! not in `allow.forward_domains`) is high, and the summary says whether a copy is kept —
//! medium when another account (an admin) set it from the tenant's own or an ordinary
//! network, a routine change for a leaver or a shared mailbox;
//! an internal target — a tenant address, or a `ForwardingAddress` recipient object
//! without `@` (a mailbox, or a mail contact whose external address the log does not
//! show) — is low.
//!
//! Ignores: forwarding being cleared (`-ForwardingSmtpAddress $null`: remediation or
//! clean-up; the event stays on the timeline), `Set-Mailbox` calls without forwarding
//! parameters, `GrantSendOnBehalfTo` (MT-M07's concern), failed cmdlets and system
//! accounts. Escalation by a flagged session or IP is the correlate stage's job.

use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::detail::{Detail, ForwardingDetail};
use crate::event::{Event, Outcome, UserKind};

use super::rule_common::strip_smtp;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R05",
    title: "Mailbox forwarding set",
    severity: Severity::High,
    techniques: &["T1114.003"],
    status: Status::Stable,
    description: "Set-Mailbox or Set-MailUser sets ForwardingSmtpAddress or ForwardingAddress. \
                  Forwarding outside the tenant is high (and the summary notes when \
                  DeliverToMailboxAndForward is false, so no copy stays in the mailbox), \
                  medium when an admin set it from the tenant's own or an ordinary network; \
                  forwarding to an internal recipient is low. Cleared forwarding is not \
                  reported.",
    fields: &[
        "detail.mailbox_forwarding.forwarding_smtp_address",
        "detail.mailbox_forwarding.forwarding_address",
        "detail.mailbox_forwarding.deliver_and_forward",
        "detail.mailbox_forwarding.mailbox",
        "operation",
        "result.outcome",
        "actor",
    ],
    params: &[],
    role: Role::attacker_made(Signal::Forwarding),
};

/// The detector.
#[derive(Debug, Default)]
pub struct MailboxForwarding;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(MailboxForwarding)
}

impl Detector for MailboxForwarding {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        let Detail::MailboxForwarding(fwd) = &ev.detail else {
            return;
        };
        if ev.result.outcome == Outcome::Failure || ev.actor.kind == UserKind::System {
            return;
        }
        let targets = targets(fwd);
        if targets.is_empty() {
            return;
        }
        let external = targets.iter().find(|(_, a)| ctx.is_external_address(a));
        let internal = targets.iter().find(|(_, a)| is_internal(a, ctx));
        let mailbox = fwd
            .mailbox
            .as_deref()
            .or(ev.mailbox_owner.as_deref())
            .unwrap_or(ev.actor.key.as_str());
        let (mut severity, shown, place) = match (external, internal) {
            (Some(&t), _) => (Severity::High, t, "outside the tenant"),
            (None, Some(&t)) => (Severity::Low, t, "inside the tenant"),
            // Only allow-listed partner domains.
            (None, None) => return,
        };
        let by = by_note(ev, mailbox);
        // An admin forwarding a leaver's or a shared mailbox from the office is routine
        // enough to need a look, not an alarm; set as the mailbox's own user, or from a
        // cloud, unlisted or risky network, it is the intruder's.
        if severity == Severity::High && !by.is_empty() && ctx.standing(ev).is_usual() {
            severity = Severity::Medium;
        }
        let summary = format!(
            "{} on mailbox {mailbox} forwards all mail {place} to {} ({}){}{by}",
            ev.operation,
            shown.1,
            shown.0,
            copy_note(fwd.deliver_and_forward),
        );
        out.push(Finding::from_event(&META, ev, summary).with_severity(severity));
    }
}

/// (parameter, address) pairs that set forwarding.
fn targets(fwd: &ForwardingDetail) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    if let Some(a) = fwd.forwarding_smtp_address.as_deref().map(strip_smtp)
        && !a.is_empty()
    {
        out.push(("ForwardingSmtpAddress", a));
    }
    if let Some(a) = fwd.forwarding_address.as_deref().map(strip_smtp)
        && !a.is_empty()
    {
        out.push(("ForwardingAddress", a));
    }
    out
}

/// A tenant address, or a recipient object named without `@`.
fn is_internal(addr: &str, ctx: &Context) -> bool {
    match addr.rsplit_once('@') {
        Some((_, domain)) => ctx.is_tenant_domain(domain.trim_end_matches(['>', ']'])),
        None => true,
    }
}

/// What `DeliverToMailboxAndForward` means for the victim.
fn copy_note(deliver_and_forward: Option<bool>) -> &'static str {
    match deliver_and_forward {
        Some(false) => "; DeliverToMailboxAndForward is False: no copy is kept in the mailbox",
        Some(true) => "; a copy is kept in the mailbox",
        None => "",
    }
}

/// ` (set by admin@…)` when the actor is not the mailbox owner.
fn by_note(ev: &Event, mailbox: &str) -> String {
    let m = mailbox.trim().to_lowercase();
    let actor = ev.actor.key.as_str();
    if actor.is_empty() || m == actor || actor.split('@').next() == Some(m.as_str()) {
        String::new()
    } else {
        format!(" (set by {actor})")
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::testkit::run;
    use super::*;
    use crate::event::{SourcePos, UserRef};

    fn ctx() -> Context {
        Context::with_domains(&["contoso.com"])
    }

    fn set_mailbox(fwd: ForwardingDetail) -> Event {
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 3,
                record: 3,
            },
            "ual-json",
        );
        ev.time_known = true;
        ev.set_operation("Set-Mailbox");
        ev.actor = UserRef::from_raw("megan.bowen@contoso.com");
        ev.result.outcome = Outcome::Success;
        ev.detail = Detail::MailboxForwarding(Box::new(fwd));
        ev
    }

    fn fwd(smtp: Option<&str>, addr: Option<&str>, keep: Option<bool>) -> ForwardingDetail {
        ForwardingDetail {
            mailbox: Some("megan.bowen@contoso.com".into()),
            forwarding_smtp_address: smtp.map(String::from),
            forwarding_address: addr.map(String::from),
            deliver_and_forward: keep,
            ..ForwardingDetail::default()
        }
    }

    fn fire(f: ForwardingDetail) -> Vec<Finding> {
        run(&mut MailboxForwarding, &ctx(), &[set_mailbox(f)])
    }

    #[test]
    fn external_smtp_forwarding_without_copy_is_high() {
        let f = fire(fwd(Some("x@evil.example"), None, Some(false)));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(
            f[0].summary,
            "Set-Mailbox on mailbox megan.bowen@contoso.com forwards all mail outside the tenant \
             to x@evil.example (ForwardingSmtpAddress); DeliverToMailboxAndForward is False: no \
             copy is kept in the mailbox"
        );
    }

    #[test]
    fn internal_forwarding_is_low() {
        let f = fire(fwd(Some("smtp:assistant@contoso.com"), None, Some(true)));
        assert_eq!(f[0].severity, Severity::Low);
        assert!(
            f[0].summary
                .contains("inside the tenant to assistant@contoso.com")
        );
        let f = fire(fwd(None, Some("Executive Assistant"), None));
        assert_eq!(f[0].severity, Severity::Low);
    }

    #[test]
    fn external_wins_over_internal_and_allow_list_suppresses() {
        let f = fire(fwd(Some("x@evil.example"), Some("Assistant"), None));
        assert_eq!(f[0].severity, Severity::High);
        let mut c = ctx();
        c.allow.forward_domains.insert("evil.example".into());
        let f = run(
            &mut MailboxForwarding,
            &c,
            &[set_mailbox(fwd(Some("x@evil.example"), None, None))],
        );
        assert!(f.is_empty());
    }

    #[test]
    fn cleared_failed_and_unrelated_do_not_fire() {
        let mut cleared = fwd(None, None, None);
        cleared.cleared = true;
        assert!(fire(cleared).is_empty());
        let mut e = set_mailbox(fwd(Some("x@evil.example"), None, None));
        e.result.outcome = Outcome::Failure;
        assert!(run(&mut MailboxForwarding, &ctx(), &[e]).is_empty());
        let mut grant = fwd(None, None, None);
        grant.grant_send_on_behalf_to = vec!["x@evil.example".into()];
        assert!(fire(grant).is_empty());
    }

    #[test]
    fn admin_setting_forwarding_on_another_mailbox_is_named() {
        let mut e = set_mailbox(fwd(Some("x@evil.example"), None, None));
        e.actor = UserRef::from_raw("admin@contoso.com");
        let f = run(&mut MailboxForwarding, &ctx(), &[e.clone()]);
        assert!(f[0].summary.ends_with(" (set by admin@contoso.com)"));
        assert_eq!(f[0].severity, Severity::High, "from no known network");
        e.ip = Some("73.1.1.1".parse().unwrap());
        e.net = Some(crate::enrich::NetInfo {
            asn: Some(7922),
            as_org: None,
            class: crate::enrich::NetClass::Isp,
            class_reason: String::new(),
            country: None,
        });
        let f = run(&mut MailboxForwarding, &ctx(), &[e]);
        assert_eq!(f[0].severity, Severity::Medium, "an admin at the office");
    }
}
