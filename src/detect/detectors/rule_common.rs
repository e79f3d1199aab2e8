//! Facts the inbox-rule detectors (MT-R01…R04) ask of a rule, and how they name it in a
//! summary, in one place so that they all agree: which events put a rule in force, which
//! of its targets are outside the tenant, what it does to hide mail, how a rule name with
//! invisible characters is shown, and one step lower severity for a disabled rule. The
//! mailbox-forwarding and transport-rule detectors (MT-R05, MT-R06) use its address and
//! list helpers. Not a detector: it has no catalogue entry and no constructor in the
//! registry. Detect stage; reads events, keeps no state.

use crate::detect::lists::folders::hiding_folder;
use crate::detect::{Context, Severity};
use crate::event::detail::{Detail, InboxRuleDetail, RuleChange};
use crate::event::{Event, Outcome, UserKind};
use crate::text::is_invisible;

/// Longest rule name shown in a summary, in characters.
const NAME_SHOWN_MAX: usize = 60;

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

/// What a rule does to keep mail out of sight.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hiding {
    /// The `MoveToFolder` value as given, when it is a hiding folder.
    pub folder: Option<String>,
    /// Canonical English name of that folder.
    pub canonical: Option<&'static str>,
    /// Deletes the mail.
    pub delete: bool,
    /// Marks the mail read.
    pub mark_as_read: bool,
    /// Stops processing further rules.
    pub stop_processing: bool,
}

impl Hiding {
    /// Moves mail to a hiding folder or deletes it.
    pub fn hides(&self) -> bool {
        self.canonical.is_some() || self.delete
    }

    /// Hides, or at least marks read.
    pub fn any(&self) -> bool {
        self.hides() || self.mark_as_read
    }

    /// The hiding actions in words: `moves it to 'RSS Feeds'`, `deletes it`, `marks it
    /// read`, `stops processing other rules` (the last only with another action).
    pub fn describe(&self) -> Vec<String> {
        self.describe_with("it")
    }

    /// As [`Hiding::describe`], naming the mail `object` in the first action and `it`
    /// after: `moves mail matching invoice to 'RSS Feeds'`, `marks it read`.
    pub fn describe_with(&self, object: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let obj = |out: &Vec<String>| {
            if out.is_empty() {
                object.to_string()
            } else {
                "it".into()
            }
        };
        if let (Some(f), Some(c)) = (&self.folder, self.canonical) {
            if f.eq_ignore_ascii_case(c) {
                out.push(format!("moves {} to '{c}'", obj(&out)));
            } else {
                out.push(format!("moves {} to '{f}' ({c})", obj(&out)));
            }
        }
        if self.delete {
            out.push(format!("deletes {}", obj(&out)));
        }
        if self.mark_as_read {
            out.push(format!("marks {} read", obj(&out)));
        }
        if !out.is_empty() && self.stop_processing {
            out.push("stops processing other rules".into());
        }
        out
    }
}

/// The hiding actions of a rule.
pub fn hiding(rule: &InboxRuleDetail) -> Hiding {
    let folder = rule.move_to_folder.as_deref().map(str::trim);
    let canonical = folder.and_then(hiding_folder);
    Hiding {
        folder: canonical
            .and(folder)
            .map(|f| crate::detect::lists::folders::last_segment(f).to_string()),
        canonical,
        delete: rule.delete,
        mark_as_read: rule.mark_as_read,
        stop_processing: rule.stop_processing,
    }
}

#[cfg(test)]
pub mod testkit {
    //! Small in-code inbox-rule events for the rule detectors' unit tests.

    use chrono::{TimeZone, Utc};

    use crate::detect::{Context, Detector, Finding};
    use crate::event::detail::{Detail, InboxRuleDetail, RuleChange};
    use crate::event::{Event, Outcome, SourcePos, UserRef};

    /// A rule event by alice at 2024-03-01 10:00 from a DigitalOcean IP.
    pub fn rule_event(rule: InboxRuleDetail) -> Event {
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

    /// An inbox rule named `name` in alice's mailbox, with no condition or action yet.
    pub fn rule(name: &str) -> InboxRuleDetail {
        InboxRuleDetail {
            name: Some(name.into()),
            mailbox: Some("alice@contoso.com".into()),
            ..InboxRuleDetail::default()
        }
    }

    /// Run a detector over events and finish it.
    pub fn run(d: &mut dyn Detector, ctx: &Context, evs: &[Event]) -> Vec<Finding> {
        let mut out = Vec::new();
        for e in evs {
            d.observe(e, ctx, &mut out);
        }
        d.finish(ctx, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lists_are_bounded_and_visible() {
        assert_eq!(display_name("a\u{200b}b"), "a\\u{200b}b");
        assert_eq!(
            display_name(&"x".repeat(100)).chars().count(),
            NAME_SHOWN_MAX + 1
        );
        assert_eq!(lowered(Severity::Info), Severity::Info);
    }
}
