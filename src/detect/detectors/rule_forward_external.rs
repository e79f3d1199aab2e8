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
//!
//! This file also holds the small helpers the other inbox-rule detectors (MT-R02…R04)
//! share: which events put a rule in force, how a rule is named in a summary.

use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::detail::{Detail, InboxRuleDetail, RuleChange};
use crate::event::{Event, Outcome, UserKind};

use super::rule_hides_mail::hiding;
use super::rule_obfuscated_name::is_invisible;

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

/// Longest rule name shown in a summary, in characters.
const NAME_SHOWN_MAX: usize = 60;

/// Most addresses or keywords listed in a summary.
pub const LIST_SHOWN_MAX: usize = 5;

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

/// The inbox rule an event puts in force — created, changed, enabled, or present in an
/// inventory — or `None` for removals, disablements, failed cmdlets, system accounts and
/// non-rule events.
pub fn rule_in_force(ev: &Event) -> Option<&InboxRuleDetail> {
    let Detail::InboxRule(rule) = &ev.detail else {
        return None;
    };
    if matches!(rule.change, RuleChange::Remove | RuleChange::Disable)
        || ev.result.outcome == Outcome::Failure
        || ev.actor.kind == UserKind::System
    {
        return None;
    }
    Some(rule)
}

/// The rule's forward/redirect targets outside the tenant, once each.
pub fn external_targets<'a>(rule: &'a InboxRuleDetail, ctx: &Context) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for t in rule.targets() {
        let t = strip_smtp(t.trim());
        if ctx.is_external_address(t) && !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
            out.push(t);
        }
    }
    out
}

/// An address without its `smtp:`/`SMTP:` prefix.
pub fn strip_smtp(s: &str) -> &str {
    match s.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("smtp:") => s[5..].trim(),
        _ => s,
    }
}

/// The default severity, one step lower when the rule is known to be disabled.
pub fn severity_if_enabled(rule: &InboxRuleDetail, s: Severity) -> Severity {
    if rule.enabled == Some(false) {
        lowered(s)
    } else {
        s
    }
}

/// One step down (info stays info).
pub fn lowered(s: Severity) -> Severity {
    match s {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium => Severity::Low,
        Severity::Low | Severity::Info => Severity::Info,
    }
}

/// `new inbox rule 'x' in alice@contoso.com`, with how it was seen (client, inventory),
/// who set it when that is not the mailbox owner, and `(disabled)` when known.
pub fn rule_subject(ev: &Event, rule: &InboxRuleDetail) -> String {
    let kind = match rule.change {
        RuleChange::New => "new inbox rule",
        RuleChange::Set => "changed inbox rule",
        RuleChange::Enable => "re-enabled inbox rule",
        RuleChange::Disable => "disabled inbox rule",
        RuleChange::Remove => "removed inbox rule",
        RuleChange::Inventory => "inbox rule (from the rule inventory, time unknown)",
    };
    let name = display_name(rule.name.as_deref().unwrap_or(""));
    let mailbox = rule
        .mailbox
        .as_deref()
        .or(ev.mailbox_owner.as_deref())
        .unwrap_or(ev.actor.key.as_str());
    let mut s = format!("{kind} '{name}'");
    if !mailbox.is_empty() {
        s.push_str(&format!(" in {mailbox}"));
    }
    if !ev.actor.key.is_empty() && !same_user(mailbox, &ev.actor.key) {
        s.push_str(&format!(" set by {}", ev.actor.key));
    }
    if rule.client_side {
        s.push_str(" via Outlook/EWS/MAPI");
    }
    if rule.enabled == Some(false) {
        s.push_str(" (disabled)");
    }
    s
}

/// True when a mailbox identity (`alice`, `alice@contoso.com`) names the actor.
fn same_user(mailbox: &str, actor: &str) -> bool {
    let m = mailbox.trim().to_lowercase();
    m.is_empty() || m == actor || actor.split('@').next() == Some(m.as_str())
}

/// A rule name safe for a one-line summary: invisible and control characters shown as
/// `\u{200b}`, cut to a bounded length.
pub fn display_name(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if i == NAME_SHOWN_MAX {
            out.push('…');
            break;
        }
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Up to [`LIST_SHOWN_MAX`] items joined with `, `, then `and N more`.
pub fn list_text<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<&str> = items
        .iter()
        .take(LIST_SHOWN_MAX)
        .map(AsRef::as_ref)
        .collect();
    let mut s = shown.join(", ");
    if items.len() > LIST_SHOWN_MAX {
        s.push_str(&format!(" and {} more", items.len() - LIST_SHOWN_MAX));
    }
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::event::{SourcePos, UserRef};
    use chrono::{TimeZone, Utc};

    /// A rule event by alice at 2024-03-01 10:00 from a DigitalOcean IP.
    pub(crate) fn rule_event(rule: InboxRuleDetail) -> Event {
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 7,
                record: 7,
            },
            "ual-json",
        );
        ev.time = Utc.with_ymd_and_hms(2024, 3, 1, 10, 0, 0).unwrap();
        ev.time_known = rule.change != RuleChange::Inventory;
        ev.set_operation(match rule.change {
            RuleChange::Set => "Set-InboxRule",
            RuleChange::Enable => "Enable-InboxRule",
            RuleChange::Disable => "Disable-InboxRule",
            RuleChange::Remove => "Remove-InboxRule",
            _ if rule.client_side => "UpdateInboxRules",
            _ => "New-InboxRule",
        });
        ev.actor = UserRef::from_raw("alice@contoso.com");
        ev.ip = Some("159.203.1.1".parse().unwrap());
        ev.result.outcome = Outcome::Success;
        ev.detail = Detail::InboxRule(Box::new(rule));
        ev
    }

    pub(crate) fn rule(name: &str) -> InboxRuleDetail {
        InboxRuleDetail {
            name: Some(name.into()),
            mailbox: Some("alice@contoso.com".into()),
            ..InboxRuleDetail::default()
        }
    }

    pub(crate) fn run(d: &mut dyn Detector, ctx: &Context, evs: &[Event]) -> Vec<Finding> {
        let mut out = Vec::new();
        for e in evs {
            d.observe(e, ctx, &mut out);
        }
        d.finish(ctx, &mut out);
        out
    }

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

    #[test]
    fn names_and_lists_are_bounded_and_visible() {
        assert_eq!(display_name("a\u{200b}b"), "a\\u{200b}b");
        assert_eq!(
            display_name(&"x".repeat(100)).chars().count(),
            NAME_SHOWN_MAX + 1
        );
        let items: Vec<String> = (0..8).map(|i| format!("a{i}@evil.example")).collect();
        assert!(list_text(&items).ends_with(" and 3 more"));
        assert_eq!(lowered(Severity::Info), Severity::Info);
    }
}
