//! MT-R03: an inbox rule's conditions target finance or security words — invoice,
//! payment, wire, bank, IBAN, payroll, W-2 … or hack, phish, compromised, password, MFA,
//! security alert … (lists/keywords.rs, matched by word and inflection, not substring).
//!
//! Why: the BEC attacker watches for payment conversations (to redirect them) and hides
//! warnings that the account is compromised (T1564.008, T1114.003). What the rule does
//! with such mail decides how bad it is:
//! - high: it also hides the mail (hiding folder or delete, MT-R02's tests) or forwards it
//!   outside the tenant (MT-R01's test);
//! - medium: it marks the mail read (without hiding or forwarding it);
//! - low: it only files the mail into an ordinary folder, forwards internally, or the
//!   record shows no action — a finance clerk's `invoices → Invoices` rule stays low.
//!
//! A rule known to be disabled is one step lower. Ignores removed or disabled rules,
//! failed cmdlets and system accounts. Rules created from flagged sign-ins are escalated
//! by the correlate stage.

use crate::detect::lists::keywords::{KeywordGroup, match_keywords};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::Event;
use crate::event::detail::InboxRuleDetail;
use crate::text::{join_and, list_text};

use super::rule_common::{
    external_targets, hiding, rule_in_force, rule_subject, severity_if_enabled,
};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R03",
    title: "Inbox rule targets finance or security keywords",
    severity: Severity::High,
    techniques: &["T1564.008", "T1114.003"],
    status: Status::Experimental,
    description: "An inbox rule's subject/body/sender word conditions match finance terms \
                  (invoice, payment, wire, bank, IBAN, payroll, W-2, …) or security terms \
                  (hack, phish, compromised, password, MFA, security alert, …). High when the \
                  rule also hides, deletes or forwards that mail outside the tenant, medium \
                  when it marks it read, low when it only files it into an ordinary folder.",
    fields: &[
        "detail.inbox_rule.keywords",
        "detail.inbox_rule.move_to_folder",
        "detail.inbox_rule.copy_to_folder",
        "detail.inbox_rule.delete",
        "detail.inbox_rule.mark_as_read",
        "detail.inbox_rule.forward_to",
        "detail.inbox_rule.redirect_to",
        "detail.inbox_rule.name",
        "detail.inbox_rule.change",
        "detail.inbox_rule.enabled",
        "result.outcome",
        "actor",
    ],
    params: &[],
    role: Role::attacker_made(Signal::HidingRule),
};

/// The detector.
#[derive(Debug, Default)]
pub struct RuleKeywordTargeting;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(RuleKeywordTargeting)
}

impl Detector for RuleKeywordTargeting {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        let Some(rule) = rule_in_force(ev) else {
            return;
        };
        let hits = rule_keyword_hits(rule);
        if hits.is_empty() {
            return;
        }
        let (severity, action) = judge(rule, ctx);
        let summary = format!(
            "{} targets {} and {action}",
            rule_subject(ev, rule),
            describe_hits(&hits)
        );
        let severity = severity_if_enabled(rule, severity);
        out.push(Finding::from_event(&META, ev, summary).with_severity(severity));
    }
}

/// One rule keyword that matched: the rule's own word, the list keyword, its group.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    word: String,
    label: &'static str,
    group: KeywordGroup,
}

/// Keywords of the rule that match the lists, once per list keyword.
fn rule_keyword_hits(rule: &InboxRuleDetail) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    for word in &rule.keywords {
        for (label, group) in match_keywords(word) {
            if !hits.iter().any(|h| h.label == label) {
                hits.push(Hit {
                    word: word.trim().to_string(),
                    label,
                    group,
                });
            }
        }
    }
    hits
}

/// `finance words 'invoice', 'Wire transfer' and security words 'hacked'`.
fn describe_hits(hits: &[Hit]) -> String {
    let mut parts = Vec::new();
    for group in [KeywordGroup::Finance, KeywordGroup::Security] {
        let mut words: Vec<String> = Vec::new();
        for h in hits.iter().filter(|h| h.group == group) {
            let w = format!("'{}'", h.word);
            if !words.contains(&w) {
                words.push(w);
            }
        }
        if !words.is_empty() {
            parts.push(format!("{} words {}", group.as_str(), list_text(&words)));
        }
    }
    join_and(&parts)
}

/// Severity and what the rule does with the mail, in words.
fn judge(rule: &InboxRuleDetail, ctx: &Context) -> (Severity, String) {
    let hide = hiding(rule);
    let external = external_targets(rule, ctx);
    let mut acts = hide.describe();
    if !external.is_empty() {
        acts.push(format!("forwards it to {}", list_text(&external)));
    }
    if hide.hides() || !external.is_empty() {
        return (Severity::High, join_and(&acts));
    }
    if hide.mark_as_read {
        return (Severity::Medium, join_and(&acts));
    }
    (Severity::Low, benign_action(rule))
}

/// What a rule without hiding or external forwarding does, in words.
fn benign_action(rule: &InboxRuleDetail) -> String {
    let mut acts = Vec::new();
    if let Some(f) = &rule.move_to_folder {
        acts.push(format!("files it into '{}'", f.trim()));
    }
    if let Some(f) = &rule.copy_to_folder {
        acts.push(format!("copies it to '{}'", f.trim()));
    }
    let internal: Vec<&String> = rule.targets().collect();
    if !internal.is_empty() {
        acts.push(format!(
            "forwards it internally to {}",
            list_text(&internal)
        ));
    }
    if acts.is_empty() {
        return "shows no hiding or forwarding action in this record".into();
    }
    join_and(&acts)
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::testkit::{rule, rule_event, run};
    use super::*;
    use crate::event::detail::RuleChange;

    fn fire(r: InboxRuleDetail) -> Vec<Finding> {
        run(
            &mut RuleKeywordTargeting,
            &Context::with_domains(&["contoso.com"]),
            &[rule_event(r)],
        )
    }

    fn kw_rule(words: &[&str]) -> InboxRuleDetail {
        let mut r = rule(".");
        r.keywords = words.iter().map(|w| w.to_string()).collect();
        r
    }

    #[test]
    fn keywords_with_hiding_are_high() {
        let mut r = kw_rule(&["invoice", "payment"]);
        r.move_to_folder = Some("RSS Feeds".into());
        r.mark_as_read = true;
        let f = fire(r);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(
            f[0].summary,
            "new inbox rule '.' in alice@contoso.com targets finance words 'invoice', 'payment' \
             and moves it to 'RSS Feeds' and marks it read"
        );
    }

    #[test]
    fn security_words_with_delete_and_external_forward_are_high() {
        let mut r = kw_rule(&["hacked"]);
        r.delete = true;
        assert_eq!(fire(r)[0].severity, Severity::High);
        let mut r = kw_rule(&["Wire Transfer"]);
        r.forward_to = vec!["x@evil.example".into()];
        let f = fire(r);
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].summary.contains("forwards it to x@evil.example"));
    }

    #[test]
    fn mark_as_read_alone_is_medium() {
        let mut r = kw_rule(&["phishing"]);
        r.mark_as_read = true;
        assert_eq!(fire(r)[0].severity, Severity::Medium);
    }

    #[test]
    fn finance_clerk_filing_rule_is_low() {
        let mut r = kw_rule(&["invoices"]);
        r.move_to_folder = Some("alice@contoso.com:\\Invoices".into());
        r.stop_processing = true;
        let f = fire(r);
        assert_eq!(f[0].severity, Severity::Low);
        assert!(
            f[0].summary
                .ends_with("files it into 'alice@contoso.com:\\Invoices'")
        );
        let mut r = kw_rule(&["payroll"]);
        r.forward_to = vec!["hr@contoso.com".into()];
        assert_eq!(fire(r)[0].severity, Severity::Low);
    }

    #[test]
    fn non_matching_words_do_not_fire() {
        let mut r = kw_rule(&["bankruptcy", "newsletter", "swiftly"]);
        r.move_to_folder = Some("RSS Feeds".into());
        assert!(fire(r).is_empty());
        assert!(fire(rule("no keywords")).is_empty());
    }

    #[test]
    fn removed_rules_and_disabled_inventory() {
        let mut r = kw_rule(&["invoice"]);
        r.delete = true;
        r.change = RuleChange::Remove;
        assert!(fire(r.clone()).is_empty());
        r.change = RuleChange::Inventory;
        r.enabled = Some(false);
        assert_eq!(fire(r)[0].severity, Severity::Medium);
    }

    #[test]
    fn hits_are_grouped_and_deduplicated() {
        let r = kw_rule(&["invoice", "invoices", "password", "MFA"]);
        let f = fire(r);
        assert!(
            f[0].summary
                .contains("targets finance words 'invoice' and security words 'password', 'MFA'")
        );
    }
}
