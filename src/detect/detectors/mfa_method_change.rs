//! MT-P01: MFA / security-info methods added, changed, removed or disabled.
//!
//! Why: after stealing a session, an intruder registers their own authenticator app or
//! phone number so they can sign in again after the password is reset (persistence), or
//! removes or disables the victim's MFA. On its own a registration is routine (new phones,
//! onboarding), so the base finding is low; correlation raises it to high when it follows a
//! flagged sign-in of the same user or comes from an attacker IP/session. Disabling strong
//! authentication, or an `Update user` that empties `StrongAuthenticationMethod`, is medium.
//!
//! Reads `User registered / changed default / deleted security info`, `Admin registered /
//! updated / deleted security info`, `Disable Strong Authentication`, and `Update user`
//! **only** when its `StrongAuthenticationMethod` methods differ before and after (an
//! `Update user` that changes anything else, or rewrites the same methods, is ignored).
//! Ignores enabling MFA, password changes, failed records and system accounts. One finding
//! per affected user and UTC day, listing each change.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::mailbox_common::{day, failed, finding_for, network_text, subject_user};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::detail::{AuthMethodDetail, Detail};
use crate::event::{Event, UserKind};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-P01",
    title: "MFA or security-info method changed",
    severity: Severity::Low,
    techniques: &["T1098.005", "T1556.006"],
    status: Status::Stable,
    description: "Security-info methods registered, changed or deleted, StrongAuthenticationMethod \
        changed by Update user, or strong authentication disabled. Low on its own (users \
        register new phones); medium when MFA is disabled or every method removed; correlation \
        raises it after a flagged sign-in, because intruders register their own MFA method to \
        keep access.",
    fields: &[
        "operation",
        "actor",
        "ip",
        "result",
        "detail.change",
        "detail.methods",
        "detail.old_methods",
        "detail.target_user",
    ],
    params: &[],
    role: Role::after_signin(Signal::Persistence, 7),
};

/// A method entry (not the `additionalDetails` text also kept in `methods`).
fn is_method(m: &str) -> bool {
    let m = m.trim();
    m.starts_with("MethodType=")
        || (!m.is_empty() && m.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

fn methods(v: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = v
        .iter()
        .map(|m| m.trim())
        .filter(|m| is_method(m))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The change an `Update user` makes to `StrongAuthenticationMethod`, if any.
fn update_user_change(a: &AuthMethodDetail) -> Option<(Severity, String)> {
    let new = methods(&a.methods);
    let old = methods(&a.old_methods);
    if new == old {
        return None;
    }
    let (sev, what) = if new.is_empty() {
        (Severity::Medium, "all MFA methods removed")
    } else if old.iter().all(|o| new.contains(o)) {
        (Severity::Low, "MFA method added")
    } else {
        (Severity::Low, "MFA methods changed")
    };
    Some((
        sev,
        format!(
            "{what} (StrongAuthenticationMethod [{}] -> [{}])",
            old.join(", "),
            new.join(", ")
        ),
    ))
}

/// What an auth-method event changed, as (severity, description), or `None`.
fn change(ev: &Event, a: &AuthMethodDetail) -> Option<(Severity, String)> {
    let op = ev.operation.to_ascii_lowercase();
    let details = a
        .methods
        .iter()
        .filter(|m| !is_method(m) && !m.trim_start().starts_with('{'))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("; ");
    let with = |s: &str| {
        if details.is_empty() {
            s.to_string()
        } else {
            format!("{s}: {details}")
        }
    };
    match op.as_str() {
        "update user" => update_user_change(a),
        "disable strong authentication" => Some((
            Severity::Medium,
            "strong authentication (per-user MFA) disabled".into(),
        )),
        "user registered security info"
        | "user registered all required security info"
        | "admin registered security info" => {
            Some((Severity::Low, with("security info registered")))
        }
        "user changed default security info" | "admin updated security info" => {
            Some((Severity::Low, with("default security info changed")))
        }
        "user deleted security info" | "admin deleted security info" => {
            Some((Severity::Low, with("security info deleted")))
        }
        _ => None,
    }
}

/// The user whose methods changed: the target when it is a UPN, else the actor.
fn affected_user(ev: &Event, a: &AuthMethodDetail) -> Option<String> {
    a.target_user
        .as_deref()
        .map(|t| t.trim().to_lowercase())
        .filter(|t| t.contains('@'))
        .or_else(|| subject_user(ev))
}

#[derive(Debug)]
struct Agg {
    finding: Finding,
    changes: Vec<String>,
}

/// The detector.
#[derive(Debug, Default)]
pub struct MfaMethodChange {
    open: BTreeMap<(String, NaiveDate), Agg>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(MfaMethodChange::default())
}

impl Detector for MfaMethodChange {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {
        let Detail::AuthMethod(a) = &ev.detail else {
            return;
        };
        if ev.actor.kind == UserKind::System || failed(ev) {
            return;
        }
        let (Some((sev, what)), Some(user)) = (change(ev, a), affected_user(ev, a)) else {
            return;
        };
        let by = if ev.actor.key != user && !ev.actor.key.is_empty() {
            format!(" by {}", ev.actor.key)
        } else {
            String::new()
        };
        let line = format!("{what}{by} at {}", ev.time.format("%H:%M"));
        match self.open.get_mut(&(user.clone(), day(ev))) {
            Some(agg) => {
                agg.finding.add_event(ev);
                agg.finding.severity = agg.finding.severity.max(sev);
                if agg.changes.len() < 5 {
                    agg.changes.push(line);
                }
            }
            None => {
                let f = finding_for(&META, ev, &user, "").with_severity(sev);
                self.open.insert(
                    (user, day(ev)),
                    Agg {
                        finding: f,
                        changes: vec![line],
                    },
                );
            }
        }
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        for ((user, d), mut agg) in std::mem::take(&mut self.open) {
            agg.finding.summary = format!(
                "MFA methods of {user} changed on {d}, first from {}: {}",
                network_text(&agg.finding),
                agg.changes.join("; ")
            );
            out.push(agg.finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;

    fn auth(line: u64, op: &str, methods: &[&str], old: &[&str]) -> Event {
        let mut e = event(line, line as i64, op, "megan.bowen@contoso.com");
        e.detail = Detail::AuthMethod(Box::new(AuthMethodDetail {
            change: "updated".into(),
            methods: methods.iter().map(|m| m.to_string()).collect(),
            old_methods: old.iter().map(|m| m.to_string()).collect(),
            target_user: Some("megan.bowen@contoso.com".into()),
        }));
        e
    }

    #[test]
    fn registration_is_low_and_aggregated_per_day() {
        let evs = [
            auth(
                1,
                "User registered security info",
                &["User registered Authenticator App with Notification and Code"],
                &[],
            ),
            auth(
                2,
                "Update user",
                &["MethodType=6", "MethodType=7", "{\"UserType\":\"Member\"}"],
                &["MethodType=7"],
            ),
        ];
        let f = run(&mut MfaMethodChange::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Low);
        assert_eq!(f[0].evidence_count, 2);
        assert!(
            f[0].summary.contains("Authenticator App"),
            "{}",
            f[0].summary
        );
        assert!(
            f[0].summary.contains("MFA method added"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn update_user_without_method_change_does_not_fire() {
        let evs = [
            auth(1, "Update user", &["{\"UserType\":\"Member\"}"], &[]),
            auth(2, "Update user", &["MethodType=6"], &["MethodType=6"]),
            auth(3, "Enable Strong Authentication", &[], &[]),
            auth(4, "Reset user password", &[], &[]),
        ];
        assert!(run(&mut MfaMethodChange::default(), &ctx(), &evs).is_empty());
    }

    #[test]
    fn removal_of_all_methods_and_disable_are_medium() {
        let f = run(
            &mut MfaMethodChange::default(),
            &ctx(),
            &[auth(1, "Update user", &[], &["MethodType=6"])],
        );
        assert_eq!(f[0].severity, Severity::Medium);
        assert!(f[0].summary.contains("all MFA methods removed"));
        let f = run(
            &mut MfaMethodChange::default(),
            &ctx(),
            &[auth(1, "Disable Strong Authentication", &[], &[])],
        );
        assert_eq!(f[0].severity, Severity::Medium);
    }

    #[test]
    fn admin_change_is_about_the_target_user() {
        let mut e = auth(1, "Admin deleted security info", &[], &[]);
        e.actor = crate::event::UserRef::from_raw("admin@contoso.com");
        let f = run(&mut MfaMethodChange::default(), &ctx(), &[e]);
        assert_eq!(f[0].user, "megan.bowen@contoso.com");
        assert!(f[0].summary.contains("by admin@contoso.com"));
    }
}
