//! MT-R04: an inbox rule whose name is built not to be noticed — only punctuation or
//! whitespace (`.`, `..`, `,;`), at most `max_name_chars` characters (`a`, `xx`), or
//! containing invisible characters (zero-width spaces, bidi controls, Hangul fillers).
//!
//! Why: BEC attackers name their hiding rules `.` or leave them nameless so the victim
//! scrolling the rule list overlooks them (T1564.008). Users name rules after what they
//! do ("Newsletters", "From boss").
//!
//! Beats the naive tests: a name that merely *starts* with punctuation (`[Ext] tag`,
//! `#team`) is fine; CJK names are exempt from the length test (`請求` is a word); the
//! name is judged after invisible characters are removed, and their presence alone fires.
//!
//! Severity: medium; high when the same rule also hides mail (hiding folder, delete or
//! mark-as-read, MT-R02's tests) or forwards it anywhere; one step lower when the rule is
//! known to be disabled. Fires on `Enable-InboxRule` too (name only). Ignores removed or
//! disabled rules, failed cmdlets, system accounts, and records without a rule name.

use crate::detect::{
    Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Signal, Status,
};
use crate::event::Event;
use crate::text::is_invisible;

use super::rule_common::{display_name, hiding, rule_in_force, rule_subject, severity_if_enabled};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R04",
    title: "Inbox rule with an obfuscated name",
    severity: Severity::Medium,
    techniques: &["T1564.008"],
    status: Status::Stable,
    description: "An inbox rule is named with only punctuation or whitespace, with very few \
                  characters, or with invisible (zero-width, bidi) characters, so that it is \
                  overlooked in the rule list. High when the rule also hides or forwards mail.",
    fields: &[
        "detail.inbox_rule.name",
        "detail.inbox_rule.move_to_folder",
        "detail.inbox_rule.delete",
        "detail.inbox_rule.mark_as_read",
        "detail.inbox_rule.forward_to",
        "detail.inbox_rule.redirect_to",
        "detail.inbox_rule.change",
        "detail.inbox_rule.enabled",
        "result.outcome",
        "actor",
    ],
    params: &[Param {
        name: "max_name_chars",
        default: 2.0,
        doc: "rule names of at most this many visible characters (letters, digits, \
              punctuation; CJK names exempt) are obfuscated; 0 turns the length test off",
    }],
    role: Role::attacker_made(Signal::HidingRule),
};

/// The detector.
#[derive(Debug, Default)]
pub struct RuleObfuscatedName;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(RuleObfuscatedName)
}

impl Detector for RuleObfuscatedName {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        let Some(rule) = rule_in_force(ev) else {
            return;
        };
        let Some(name) = rule.name.as_deref() else {
            return;
        };
        let max_chars = ctx.param(&META, "max_name_chars").max(0.0) as usize;
        let Some(why) = obfuscation(name, max_chars) else {
            return;
        };
        let hides = hiding(rule).any();
        let forwards = rule.targets().next().is_some();
        let mut summary = format!("{} has a name that {why}", rule_subject(ev, rule));
        let severity = if hides || forwards {
            summary.push_str(match (hides, forwards) {
                (true, true) => "; the rule hides and forwards mail",
                (true, false) => "; the rule hides mail",
                _ => "; the rule forwards mail",
            });
            Severity::High
        } else {
            META.severity
        };
        let severity = severity_if_enabled(rule, severity);
        out.push(Finding::from_event(&META, ev, summary).with_severity(severity));
    }
}

/// Why a rule name is obfuscated, or `None` for an ordinary name.
fn obfuscation(name: &str, max_chars: usize) -> Option<String> {
    let invisible: Vec<char> = name.chars().filter(|&c| is_invisible(c)).collect();
    if let Some(&c) = invisible.first() {
        return Some(format!(
            "contains {} invisible character(s) (U+{:04X})",
            invisible.len(),
            u32::from(c)
        ));
    }
    let visible: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if visible.is_empty() {
        return Some(format!("is only whitespace ('{}')", display_name(name)));
    }
    if !visible.chars().any(char::is_alphanumeric) {
        return Some("is only punctuation".into());
    }
    let count = visible.chars().count();
    if count <= max_chars && !visible.chars().any(is_cjk) {
        return Some(format!("has only {count} character(s)"));
    }
    None
}

/// Han, kana and Hangul syllables: scripts where two characters make a word.
fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3040}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7AF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2FA1F}'
    )
}

#[cfg(test)]
mod tests {
    use super::super::rule_common::testkit::{rule, rule_event, run};
    use super::*;
    use crate::detect::context::DetectorSettings;
    use crate::event::detail::RuleChange;

    fn ctx() -> Context {
        Context::with_domains(&["contoso.com"])
    }

    fn fire_with(c: &Context, name: &str) -> Vec<Finding> {
        run(&mut RuleObfuscatedName, c, &[rule_event(rule(name))])
    }

    #[test]
    fn punctuation_only_names_fire() {
        for n in [".", "...", ",;", "-_-", "!!!!!!!", "—", "'"] {
            let f = fire_with(&ctx(), n);
            assert_eq!(f.len(), 1, "{n}");
            assert_eq!(f[0].severity, Severity::Medium);
        }
        assert!(
            fire_with(&ctx(), ".")[0]
                .summary
                .contains("is only punctuation")
        );
    }

    #[test]
    fn length_threshold_edge() {
        assert_eq!(fire_with(&ctx(), "ab").len(), 1);
        assert!(fire_with(&ctx(), "abc").is_empty());
        let mut c = ctx();
        c.settings.insert(
            "MT-R04".into(),
            DetectorSettings {
                params: [("max_name_chars".to_string(), 3.0)].into(),
                ..DetectorSettings::default()
            },
        );
        assert_eq!(fire_with(&c, "abc").len(), 1);
        assert!(fire_with(&c, "abcd").is_empty());
    }

    #[test]
    fn invisible_characters_fire() {
        let f = fire_with(&ctx(), "Newsletters\u{200B}");
        assert!(f[0].summary.contains("invisible character(s) (U+200B)"));
        assert!(f[0].summary.contains("'Newsletters\\u{200b}'"));
        assert_eq!(fire_with(&ctx(), "\u{3164}").len(), 1);
        assert_eq!(
            obfuscation("\u{A0}\u{2003}", 2).as_deref().map(|s| &s[..7]),
            Some("is only")
        );
    }

    #[test]
    fn ordinary_names_do_not_fire() {
        for n in [
            "Newsletters",
            "[Ext] tags",
            "#team",
            "From boss",
            "請求",
            "Ω Team",
            "MFA codes",
        ] {
            assert!(fire_with(&ctx(), n).is_empty(), "{n}");
        }
        let mut r = rule("x");
        r.name = None;
        assert!(run(&mut RuleObfuscatedName, &ctx(), &[rule_event(r)]).is_empty());
    }

    #[test]
    fn hiding_or_forwarding_raises_to_high() {
        let mut r = rule(".");
        r.move_to_folder = Some("RSS Feeds".into());
        let f = run(&mut RuleObfuscatedName, &ctx(), &[rule_event(r)]);
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].summary.ends_with("; the rule hides mail"));
        let mut r = rule("..");
        r.forward_to = vec!["bob@contoso.com".into()];
        assert_eq!(
            run(&mut RuleObfuscatedName, &ctx(), &[rule_event(r)])[0].severity,
            Severity::High
        );
    }

    #[test]
    fn removal_is_ignored_enable_fires() {
        let mut r = rule(".");
        r.change = RuleChange::Remove;
        assert!(run(&mut RuleObfuscatedName, &ctx(), &[rule_event(r.clone())]).is_empty());
        r.change = RuleChange::Enable;
        assert_eq!(
            run(&mut RuleObfuscatedName, &ctx(), &[rule_event(r)]).len(),
            1
        );
    }
}
