//! MT-R06: a transport (mail-flow) rule redirects, blind-copies or copies mail to an
//! address outside the tenant (`New-TransportRule`/`Set-TransportRule` with
//! `RedirectMessageTo`, `BlindCopyTo`, `CopyTo`, `AddToRecipients`).
//!
//! Why: a transport rule acts on mail of the whole organisation, not one mailbox, and is
//! invisible to users (T1114.003). An attacker with Exchange admin rights uses one to
//! silently BCC payment conversations of every user to an outside address.
//!
//! Severity: an external target (`Context::is_external_address`: outside the tenant and
//! not in `allow.forward_domains`) is high; targets inside the tenant (tenant addresses,
//! recipient objects without `@`) are low — still worth a look, as a rule BCC-ing mail to
//! an internal mailbox the attacker controls is a known variant. Targets only in allowed
//! partner domains are not reported.
//!
//! Ignores: `Remove-`/`Disable-`/`Enable-TransportRule` (no delivery parameters), rules
//! without these actions, failed cmdlets, system accounts. The rule's conditions are not
//! judged. Escalation by a flagged session or IP is the correlate stage's job.

use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::detail::{Detail, TransportRuleDetail};
use crate::event::{Event, Outcome, UserKind};
use crate::text::list_text;

use super::rule_common::{display_name, strip_smtp};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R06",
    title: "Transport rule sends mail outside the tenant",
    severity: Severity::High,
    techniques: &["T1114.003"],
    status: Status::Stable,
    description: "A transport (mail-flow) rule created or changed with New-/Set-TransportRule \
                  redirects (RedirectMessageTo), blind-copies (BlindCopyTo) or copies \
                  (CopyTo, AddToRecipients) mail to an address outside the tenant: high. The \
                  same actions to internal recipients are low.",
    fields: &[
        "detail.transport_rule.redirect_to",
        "detail.transport_rule.blind_copy_to",
        "detail.transport_rule.copy_to",
        "detail.transport_rule.name",
        "operation",
        "result.outcome",
        "actor",
    ],
    params: &[],
    role: Role::attacker_made(Signal::Forwarding),
};

/// The detector.
#[derive(Debug, Default)]
pub struct TransportRuleExternal;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(TransportRuleExternal)
}

impl Detector for TransportRuleExternal {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        let Detail::TransportRule(rule) = &ev.detail else {
            return;
        };
        if ev.result.outcome == Outcome::Failure || ev.actor.kind == UserKind::System {
            return;
        }
        let actions = actions(rule);
        let external: Vec<&Action> = actions
            .iter()
            .filter(|a| ctx.is_external_address(a.addr))
            .collect();
        let (severity, shown, place) = if !external.is_empty() {
            (Severity::High, external, "outside the tenant")
        } else {
            let internal: Vec<&Action> = actions
                .iter()
                .filter(|a| is_internal(a.addr, ctx))
                .collect();
            if internal.is_empty() {
                return;
            }
            (Severity::Low, internal, "inside the tenant")
        };
        let summary = format!(
            "transport rule '{}' ({}) sends mail {place}: {}",
            display_name(rule.name.as_deref().unwrap_or("")),
            ev.operation,
            describe(&shown)
        );
        out.push(Finding::from_event(&META, ev, summary).with_severity(severity));
    }
}

/// One delivery-changing action and its target.
#[derive(Debug)]
struct Action<'a> {
    verb: &'static str,
    param: &'static str,
    addr: &'a str,
}

fn actions(rule: &TransportRuleDetail) -> Vec<Action<'_>> {
    let lists: [(&'static str, &'static str, &Vec<String>); 3] = [
        ("redirects mail to", "RedirectMessageTo", &rule.redirect_to),
        ("blind-copies mail to", "BlindCopyTo", &rule.blind_copy_to),
        ("copies mail to", "CopyTo/AddToRecipients", &rule.copy_to),
    ];
    let mut out = Vec::new();
    for (verb, param, list) in lists {
        for a in list {
            let addr = strip_smtp(a.trim());
            if !addr.is_empty() {
                out.push(Action { verb, param, addr });
            }
        }
    }
    out
}

/// `blind-copies mail to a@x (BlindCopyTo); redirects mail to b@y (RedirectMessageTo)`.
fn describe(actions: &[&Action]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for verb in [
        "redirects mail to",
        "blind-copies mail to",
        "copies mail to",
    ] {
        let of_verb: Vec<&&Action> = actions.iter().filter(|a| a.verb == verb).collect();
        if let Some(first) = of_verb.first() {
            let addrs: Vec<&str> = of_verb.iter().map(|a| a.addr).collect();
            parts.push(format!("{verb} {} ({})", list_text(&addrs), first.param));
        }
    }
    parts.join("; ")
}

/// A tenant address, or a recipient object named without `@`.
fn is_internal(addr: &str, ctx: &Context) -> bool {
    match addr.rsplit_once('@') {
        Some((_, domain)) => ctx.is_tenant_domain(domain.trim_end_matches(['>', ']'])),
        None => true,
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

    fn transport(op: &str, rule: TransportRuleDetail) -> Event {
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 5,
                record: 5,
            },
            "ual-json",
        );
        ev.time_known = true;
        ev.set_operation(op);
        ev.actor = UserRef::from_raw("admin@contoso.com");
        ev.result.outcome = Outcome::Success;
        ev.detail = Detail::TransportRule(Box::new(rule));
        ev
    }

    fn named(name: &str) -> TransportRuleDetail {
        TransportRuleDetail {
            name: Some(name.into()),
            ..TransportRuleDetail::default()
        }
    }

    fn fire(op: &str, rule: TransportRuleDetail) -> Vec<Finding> {
        run(&mut TransportRuleExternal, &ctx(), &[transport(op, rule)])
    }

    #[test]
    fn external_bcc_is_high() {
        let mut r = named("Compliance copy");
        r.blind_copy_to = vec!["archive@evil.example".into()];
        r.copy_to = vec!["legal@contoso.com".into()];
        let f = fire("New-TransportRule", r);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(
            f[0].summary,
            "transport rule 'Compliance copy' (New-TransportRule) sends mail outside the \
             tenant: blind-copies mail to archive@evil.example (BlindCopyTo)"
        );
    }

    #[test]
    fn external_redirect_on_set() {
        let mut r = named("r");
        r.redirect_to = vec!["SMTP:x@evil.example".into()];
        let f = fire("Set-TransportRule", r);
        assert_eq!(f[0].severity, Severity::High);
        assert!(
            f[0].summary
                .contains("redirects mail to x@evil.example (RedirectMessageTo)")
        );
    }

    #[test]
    fn internal_targets_are_low_allowed_partner_is_silent() {
        let mut r = named("Journal");
        r.blind_copy_to = vec!["journal@contoso.com".into(), "Legal Hold".into()];
        assert_eq!(fire("New-TransportRule", r)[0].severity, Severity::Low);
        let mut c = ctx();
        c.allow.forward_domains.insert("partner.example".into());
        let mut r = named("Partner");
        r.copy_to = vec!["ops@partner.example".into()];
        let f = run(
            &mut TransportRuleExternal,
            &c,
            &[transport("New-TransportRule", r)],
        );
        assert!(f.is_empty());
    }

    #[test]
    fn rules_without_targets_and_failures_do_not_fire() {
        assert!(fire("Remove-TransportRule", named("x")).is_empty());
        let mut r = named("x");
        r.delete = true;
        assert!(fire("New-TransportRule", r).is_empty());
        let mut r = named("x");
        r.redirect_to = vec!["x@evil.example".into()];
        let mut e = transport("New-TransportRule", r);
        e.result.outcome = Outcome::Failure;
        assert!(run(&mut TransportRuleExternal, &ctx(), &[e]).is_empty());
    }
}
