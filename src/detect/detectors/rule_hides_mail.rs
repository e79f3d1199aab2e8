//! MT-R02: an inbox rule hides mail from the mailbox owner — moves it to a folder nobody
//! looks at (RSS Feeds, RSS Subscriptions, Conversation History, Archive, Junk Email,
//! Deleted Items, Notes, in their common localisations), deletes it, or marks it read.
//!
//! Why: during a BEC the attacker hides the replies of the people they are deceiving and
//! the warnings of colleagues and banks (T1564.008). The rule named `.` moving mail to
//! *RSS Feeds* and marking it read is the most common single artefact of a compromised
//! mailbox.
//!
//! Severity: moving to a hiding folder or deleting is medium, high when a new rule does
//! it to all incoming mail (no condition at all). Marking as read alone is low — users do
//! mark newsletters or notifications from one sender as read — and medium when a new
//! rule marks all incoming mail read. A rule known to be disabled is one step lower, and
//! so is a rule whose only conditions are automated senders (`From=notifications@github.com`
//! into Archive: housekeeping; lists/senders.rs, which never counts security mail).
//! Stopping further rules is named in the summary (it keeps other rules from seeing the
//! mail) but does not change the severity.
//!
//! Ignores: moves to ordinary user folders (`Newsletters`, `Invoices`, `Archive 2023`),
//! copies, removed or disabled rules, failed cmdlets, system accounts. Folder names match
//! on the last path segment (lists/folders.rs), never by substring.
//!
//! Keyword conditions are MT-R03's concern and forwarding MT-R01's; the correlate stage
//! combines them and escalates rules created from flagged sign-ins.

use crate::detect::lists::senders::is_automated_sender;
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::Event;
use crate::event::detail::{InboxRuleDetail, RuleChange};
use crate::text::{join_and, list_text};

use super::rule_common::{hiding, lowered, rule_in_force, rule_subject, severity_if_enabled};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R02",
    title: "Inbox rule hides mail",
    severity: Severity::Medium,
    techniques: &["T1564.008"],
    status: Status::Stable,
    description: "An inbox rule moves mail to a folder used to hide it (RSS Feeds, RSS \
                  Subscriptions, Conversation History, Archive, Junk Email, Deleted Items, \
                  Notes, also localised), deletes it, or marks it as read. BEC attackers use \
                  such rules to keep replies and warnings away from the victim. Moves to \
                  ordinary user folders do not count.",
    fields: &[
        "detail.inbox_rule.move_to_folder",
        "detail.inbox_rule.delete",
        "detail.inbox_rule.mark_as_read",
        "detail.inbox_rule.stop_processing",
        "detail.inbox_rule.conditions",
        "detail.inbox_rule.keywords",
        "detail.inbox_rule.name",
        "detail.inbox_rule.change",
        "detail.inbox_rule.enabled",
        "result.outcome",
        "actor",
    ],
    params: &[],
    role: Role::attacker_made(Signal::HidingRule),
};

/// The mail a rule applies to, in words: `mail matching invoice, payment`, `all incoming
/// mail` (a new cmdlet rule with no condition), or `mail`.
fn scope_text(rule: &InboxRuleDetail) -> String {
    if !rule.keywords.is_empty() {
        return format!("mail matching {}", list_text(&rule.keywords));
    }
    let conditions: Vec<&String> = rule.conditions.iter().filter(|c| !is_off(c)).collect();
    if !conditions.is_empty() {
        return format!("mail where {}", list_text(&conditions));
    }
    if applies_to_all_mail(rule) {
        return "all incoming mail".into();
    }
    "mail".into()
}

/// A `name=False` condition (inventories list switches that are off).
fn is_off(condition: &str) -> bool {
    condition
        .rsplit_once('=')
        .is_some_and(|(_, v)| crate::event::fields::parse_bool(v) == Some(false))
}

/// A new rule set by cmdlet with no condition applies to every incoming message. Only
/// `New-InboxRule` says so reliably: `Set-InboxRule` records carry only the changed
/// parameters, client-side and inventory records may not list every condition.
fn applies_to_all_mail(rule: &InboxRuleDetail) -> bool {
    rule.change == RuleChange::New && !rule.client_side && rule.conditions.is_empty()
}

/// True when the rule's only conditions are senders, all of them automated (notification,
/// no-reply, newsletter addresses that are not security mail).
fn files_automated_mail(rule: &InboxRuleDetail) -> bool {
    let conditions: Vec<&String> = rule.conditions.iter().filter(|c| !is_off(c)).collect();
    if conditions.is_empty() || !rule.keywords.is_empty() {
        return false;
    }
    conditions.iter().all(|c| {
        c.split_once('=').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("From")
                && value
                    .split([';', ','])
                    .filter(|a| !a.trim().is_empty())
                    .all(is_automated_sender)
        })
    })
}

/// The detector.
#[derive(Debug, Default)]
pub struct RuleHidesMail;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(RuleHidesMail)
}

impl Detector for RuleHidesMail {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, _ctx: &Context, out: &mut Vec<Finding>) {
        let Some(rule) = rule_in_force(ev) else {
            return;
        };
        let hide = hiding(rule);
        if !hide.any() {
            return;
        }
        let all = applies_to_all_mail(rule);
        let base = match (hide.hides(), all) {
            (true, true) => Severity::High,
            (true, false) => META.severity,
            (false, true) => META.severity,
            (false, false) => lowered(META.severity),
        };
        let summary = format!(
            "{} {}",
            rule_subject(ev, rule),
            join_and(&hide.describe_with(&scope_text(rule)))
        );
        // Filing a notification sender's mail away is housekeeping; a rule that hides a
        // person or a keyword is the BEC rule.
        let base = if hide.hides() && files_automated_mail(rule) {
            lowered(base)
        } else {
            base
        };
        let severity = severity_if_enabled(rule, base);
        out.push(Finding::from_event(&META, ev, summary).with_severity(severity));
    }
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::testkit::{rule, rule_event, run};
    use super::*;

    fn ctx() -> Context {
        Context::with_domains(&["contoso.com"])
    }

    fn fire(r: InboxRuleDetail) -> Vec<Finding> {
        run(&mut RuleHidesMail, &ctx(), &[rule_event(r)])
    }

    #[test]
    fn rss_feeds_mark_read_stop_processing() {
        let mut r = rule(".");
        r.keywords = vec!["invoice".into(), "payment".into()];
        r.conditions = vec!["SubjectOrBodyContainsWords=invoice;payment".into()];
        r.move_to_folder = Some("RSS Feeds".into());
        r.mark_as_read = true;
        r.stop_processing = true;
        let f = fire(r);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(
            f[0].summary,
            "new inbox rule '.' in alice@contoso.com moves mail matching invoice, payment to \
             'RSS Feeds', marks it read and stops processing other rules"
        );
    }

    #[test]
    fn localised_folder_with_mailbox_prefix() {
        let mut r = rule("x");
        r.conditions = vec!["From=bank@evil.example".into()];
        r.move_to_folder = Some("alice@contoso.com:\\Gelöschte Elemente".into());
        let f = fire(r);
        assert_eq!(f[0].severity, Severity::Medium);
        assert!(f[0].summary.contains(
            "moves mail where From=bank@evil.example to 'Gelöschte Elemente' (Deleted Items)"
        ));
    }

    #[test]
    fn all_incoming_mail_to_hiding_folder_is_high() {
        let mut r = rule("..");
        r.move_to_folder = Some("Conversation History".into());
        let f = fire(r.clone());
        assert_eq!(f[0].severity, Severity::High);
        assert!(
            f[0].summary
                .contains("moves all incoming mail to 'Conversation History'")
        );
        // A Set-InboxRule carries only changed parameters: not "all mail".
        r.change = RuleChange::Set;
        assert_eq!(fire(r).first().map(|f| f.severity), Some(Severity::Medium));
    }

    #[test]
    fn delete_fires_medium() {
        let mut r = rule("cleanup");
        r.change = RuleChange::Inventory;
        r.conditions = vec!["hasattachment=False".into()];
        r.delete = true;
        r.mark_as_read = true;
        let f = fire(r);
        assert_eq!(f[0].severity, Severity::Medium);
        assert!(f[0].summary.ends_with("deletes mail and marks it read"));
    }

    #[test]
    fn mark_as_read_alone_is_low_unless_all_mail() {
        let mut r = rule("Newsletter read");
        r.conditions = vec!["From=news@vendor.example".into()];
        r.mark_as_read = true;
        assert_eq!(fire(r)[0].severity, Severity::Low);
        let mut r = rule("all read");
        r.mark_as_read = true;
        assert_eq!(fire(r)[0].severity, Severity::Medium);
    }

    #[test]
    fn filing_notifications_is_low_hiding_a_person_or_security_mail_is_not() {
        let mut r = rule("GitHub notifications");
        r.conditions = vec!["From=notifications@github.com".into()];
        r.move_to_folder = Some("Archive".into());
        assert_eq!(fire(r.clone())[0].severity, Severity::Low);
        r.conditions = vec!["From=ap@vendor.example".into()];
        assert_eq!(fire(r.clone())[0].severity, Severity::Medium);
        r.conditions = vec!["From=account-security-noreply@accountprotection.microsoft.com".into()];
        assert_eq!(fire(r)[0].severity, Severity::Medium);
    }

    #[test]
    fn ordinary_folder_does_not_fire() {
        let mut r = rule("Newsletters");
        r.conditions = vec!["From=news@vendor.example".into()];
        r.move_to_folder = Some("alice@contoso.com:\\Newsletters".into());
        r.stop_processing = true;
        assert!(fire(r).is_empty());
        let mut r = rule("Old");
        r.move_to_folder = Some("Archive 2023".into());
        assert!(fire(r).is_empty());
        let mut r = rule("copy");
        r.copy_to_folder = Some("RSS Feeds".into());
        assert!(fire(r).is_empty());
    }

    #[test]
    fn removed_and_disabled_inventory() {
        let mut r = rule(".");
        r.move_to_folder = Some("RSS Feeds".into());
        r.change = RuleChange::Remove;
        assert!(fire(r.clone()).is_empty());
        r.change = RuleChange::Inventory;
        r.enabled = Some(false);
        let f = fire(r);
        assert_eq!(f[0].severity, Severity::Low);
        assert!(f[0].summary.contains("(disabled)"));
    }
}
