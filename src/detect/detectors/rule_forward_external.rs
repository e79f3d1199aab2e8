//! MT-R01: an inbox rule forwards, forwards as attachment, or redirects mail to an
//! address outside the tenant.
//!
//! Why: a forwarding rule is the classic BEC collection step (T1114.003): the attacker
//! keeps receiving the victim's mail — invoices, payment threads, password resets — after
//! the password is changed and the sessions are revoked. Redirects are worse than
//! forwards: the original sender sees the reply come from the victim.
//!
//! Reads rules from `New-InboxRule`/`Set-InboxRule`/`Enable-InboxRule`, from Outlook, EWS
//! and MAPI clients (`UpdateInboxRules`, its `RuleActions` recipients), and from rule
//! inventories (current state, time unknown). An address is external when
//! `Context::is_external_address` says so: outside the tenant domains (configured or
//! inferred) and not in `allow.forward_domains`.
//!
//! Ignores: forwarding to tenant addresses and to recipient objects without an `@`
//! (internal by definition); removed or disabled rules (`Remove-InboxRule`,
//! `Disable-InboxRule`, `RemoveMailboxRule`); failed cmdlets; system accounts. A rule
//! present but disabled in an inventory is reported one severity lower.
//!
//! A rule created from an IP or session that a sign-in detector flagged is escalated by
//! the correlate stage, not here: the finding carries the event's IP and session.

use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::Event;
use crate::event::detail::InboxRuleDetail;
use crate::text::list_text;

use super::rule_common::{
    external_targets, hiding, rule_in_force, rule_subject, severity_if_enabled,
};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R01",
    title: "Inbox rule forwards or redirects mail outside the tenant",
    severity: Severity::High,
    techniques: &["T1114.003"],
    status: Status::Stable,
    description: "An inbox rule (New-/Set-/Enable-InboxRule, UpdateInboxRules from Outlook, EWS \
                  or MAPI, or a rule inventory row) forwards, forwards as attachment or \
                  redirects mail to an address outside the tenant domains and the allowed \
                  forward domains. This is the usual way a BEC attacker keeps reading a \
                  mailbox after losing access to it.",
    fields: &[
        "detail.inbox_rule.forward_to",
        "detail.inbox_rule.forward_as_attachment_to",
        "detail.inbox_rule.redirect_to",
        "detail.inbox_rule.name",
        "detail.inbox_rule.mailbox",
        "detail.inbox_rule.change",
        "detail.inbox_rule.enabled",
        "detail.inbox_rule.client_side",
        "result.outcome",
        "actor",
    ],
    params: &[],
    role: Role::attacker_made(Signal::Forwarding),
};

/// The detector.
#[derive(Debug, Default)]
pub struct RuleForwardExternal;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(RuleForwardExternal)
}

impl Detector for RuleForwardExternal {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        let Some(rule) = rule_in_force(ev) else {
            return;
        };
        let external = external_targets(rule, ctx);
        if external.is_empty() {
            return;
        }
        let mut summary = format!(
            "{} {} mail to {}",
            rule_subject(ev, rule),
            forward_verb(rule, &external),
            list_text(&external)
        );
        let hide = hiding(rule);
        if hide.any() {
            summary.push_str(&format!(" and {}", hide.describe().join(", ")));
        }
        let severity = severity_if_enabled(rule, META.severity);
        out.push(Finding::from_event(&META, ev, summary).with_severity(severity));
    }
}

/// How the rule sends mail on: `redirects`, `forwards as attachment`, or `forwards`.
fn forward_verb(rule: &InboxRuleDetail, external: &[&str]) -> &'static str {
    let has = |list: &[String]| list.iter().any(|a| external.contains(&a.as_str()));
    if has(&rule.redirect_to) {
        "redirects"
    } else if has(&rule.forward_as_attachment_to) {
        "forwards as attachment"
    } else {
        "forwards"
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::testkit::{rule, rule_event, run};
    use super::*;
    use crate::event::detail::RuleChange;
    use crate::event::{Outcome, UserRef};

    fn ctx() -> Context {
        Context::with_domains(&["contoso.com"])
    }

    #[test]
    fn external_forward_fires_high() {
        let mut r = rule("Sync");
        r.forward_to = vec!["x@evil.example".into()];
        r.delete = true;
        let f = run(&mut RuleForwardExternal, &ctx(), &[rule_event(r)]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(
            f[0].summary,
            "new inbox rule 'Sync' in alice@contoso.com forwards mail to x@evil.example and deletes it"
        );
        assert_eq!(f[0].ip, Some("159.203.1.1".parse().unwrap()));
    }

    #[test]
    fn redirect_and_attachment_verbs() {
        let mut r = rule("r");
        r.redirect_to = vec!["a@evil.example".into(), "b@contoso.com".into()];
        let f = run(&mut RuleForwardExternal, &ctx(), &[rule_event(r)]);
        assert!(f[0].summary.contains("redirects mail to a@evil.example"));
        assert!(!f[0].summary.contains("b@contoso.com"));
        let mut r = rule("r");
        r.forward_as_attachment_to = vec!["a@evil.example".into()];
        let f = run(&mut RuleForwardExternal, &ctx(), &[rule_event(r)]);
        assert!(f[0].summary.contains("forwards as attachment"));
    }

    #[test]
    fn internal_forwarding_does_not_fire() {
        let mut r = rule("To assistant");
        r.forward_to = vec![
            "assistant@contoso.com".into(),
            "team@eu.contoso.com".into(),
            "Executive Assistant".into(),
        ];
        assert!(run(&mut RuleForwardExternal, &ctx(), &[rule_event(r)]).is_empty());
    }

    #[test]
    fn allowed_forward_domain_is_suppressed() {
        let mut c = ctx();
        c.allow.forward_domains.insert("partner.example".into());
        let mut r = rule("Partner");
        r.forward_to = vec!["ops@partner.example".into()];
        assert!(run(&mut RuleForwardExternal, &c, &[rule_event(r)]).is_empty());
    }

    #[test]
    fn removal_disable_failure_and_system_are_ignored() {
        let mut base = rule("Sync");
        base.forward_to = vec!["x@evil.example".into()];
        for change in [RuleChange::Remove, RuleChange::Disable] {
            let mut r = base.clone();
            r.change = change;
            assert!(run(&mut RuleForwardExternal, &ctx(), &[rule_event(r)]).is_empty());
        }
        let mut failed = rule_event(base.clone());
        failed.result.outcome = Outcome::Failure;
        let mut system = rule_event(base);
        system.actor = UserRef::from_raw("NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)");
        assert!(run(&mut RuleForwardExternal, &ctx(), &[failed, system]).is_empty());
    }

    #[test]
    fn disabled_inventory_rule_is_one_step_lower() {
        let mut r = rule("fwd");
        r.change = RuleChange::Inventory;
        r.enabled = Some(false);
        r.forward_to = vec!["x@evil.example".into()];
        let f = run(&mut RuleForwardExternal, &ctx(), &[rule_event(r)]);
        assert_eq!(f[0].severity, Severity::Medium);
        assert!(f[0].summary.contains("rule inventory"));
        assert!(f[0].summary.contains("(disabled)"));
    }

    #[test]
    fn client_side_rule_by_another_user() {
        let mut r = rule("x");
        r.client_side = true;
        r.mailbox = Some("ceo@contoso.com".into());
        r.forward_to = vec!["smtp:x@evil.example".into()];
        let f = run(&mut RuleForwardExternal, &ctx(), &[rule_event(r)]);
        assert!(f[0].summary.starts_with(
            "new inbox rule 'x' in ceo@contoso.com set by alice@contoso.com via Outlook/EWS/MAPI"
        ));
        assert!(f[0].summary.ends_with("forwards mail to x@evil.example"));
    }
}
