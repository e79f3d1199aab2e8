//! MT-P03: audit logging disabled or bypassed.
//!
//! Why: an intruder with admin rights blinds the investigation before acting: turning off
//! unified audit log ingestion, exempting an account from mailbox auditing (audit bypass),
//! or switching mailbox auditing off for one mailbox or the whole organisation. There is
//! almost no legitimate reason to do any of these, so each is high. Removing audited
//! actions from a mailbox (`AuditOwner`/`AuditDelegate`/`AuditAdmin` with `@{Remove=…}` or
//! `None`) is medium.
//!
//! Reads `Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $false` (and
//! `-AdminAuditLogEnabled $false`), `Set-MailboxAuditBypassAssociation -AuditBypassEnabled
//! $true`, `Set-Mailbox -AuditEnabled $false`, and `Set-OrganizationConfig -AuditDisabled
//! $true`. Enabling audit (the opposite values) never fires; parameters without a readable
//! boolean are ignored. Ignores failed cmdlets and system accounts. Stateless: one finding
//! per record. Changes made from an attacker session are escalated later by correlation.

use super::mailbox_common::{actor_text, failed, finding_for, network_text};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Signal, Status};
use crate::event::detail::Detail;
use crate::event::fields::parse_bool;
use crate::event::{Event, UserKind};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-P03",
    title: "Audit logging disabled or bypassed",
    severity: Severity::High,
    techniques: &["T1562.008"],
    status: Status::Stable,
    description: "Unified audit log ingestion or admin audit logging turned off, mailbox audit \
        bypass enabled for an account, or mailbox auditing disabled for a mailbox or the \
        organisation (high); audited mailbox actions removed (medium). Intruders switch off \
        auditing to hide their mailbox access.",
    fields: &[
        "operation",
        "actor",
        "ip",
        "result",
        "detail.params",
        "detail.target",
    ],
    params: &[],
    role: Role::action(Signal::AntiForensics),
};

/// Audit-action parameters of `Set-Mailbox`.
const AUDIT_ACTION_PARAMS: &[&str] = &["AuditOwner", "AuditDelegate", "AuditAdmin"];

/// The detector.
#[derive(Debug, Default)]
pub struct AuditTampering;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AuditTampering)
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

fn flag(params: &[(String, String)], name: &str) -> Option<bool> {
    param(params, name).and_then(parse_bool)
}

/// What an audit-configuration cmdlet turned off, as (severity, description).
fn audit_config(op: &str, params: &[(String, String)], target: &str) -> Option<(Severity, String)> {
    match op {
        "set-adminauditlogconfig" => {
            if flag(params, "UnifiedAuditLogIngestionEnabled") == Some(false) {
                Some((
                    Severity::High,
                    "unified audit log ingestion disabled".into(),
                ))
            } else if flag(params, "AdminAuditLogEnabled") == Some(false) {
                Some((Severity::High, "admin audit logging disabled".into()))
            } else {
                None
            }
        }
        "set-mailboxauditbypassassociation" => (flag(params, "AuditBypassEnabled") == Some(true))
            .then(|| {
                (
                    Severity::High,
                    format!("mailbox audit bypass enabled for {target}"),
                )
            }),
        "set-organizationconfig" => (flag(params, "AuditDisabled") == Some(true)).then(|| {
            (
                Severity::High,
                "mailbox auditing disabled for the whole organisation".into(),
            )
        }),
        _ => None,
    }
}

/// What `Set-Mailbox` turned off in mailbox auditing.
fn mailbox_audit(params: &[(String, String)], target: &str) -> Option<(Severity, String)> {
    if flag(params, "AuditEnabled") == Some(false) {
        return Some((
            Severity::High,
            format!("mailbox auditing disabled for {target}"),
        ));
    }
    let reduced: Vec<String> = AUDIT_ACTION_PARAMS
        .iter()
        .filter_map(|n| {
            let v = param(params, n)?;
            let lower = v.to_ascii_lowercase();
            let removes = (lower.contains("remove") && !lower.contains("add"))
                || lower == "none"
                || lower == "$null";
            removes.then(|| format!("{n}={v}"))
        })
        .collect();
    (!reduced.is_empty()).then(|| {
        (
            Severity::Medium,
            format!(
                "audited mailbox actions removed for {target}: {}",
                reduced.join(", ")
            ),
        )
    })
}

fn target_of(params: &[(String, String)], fallback: Option<&str>) -> String {
    param(params, "Identity")
        .filter(|s| !s.is_empty())
        .or(fallback)
        .unwrap_or("the tenant")
        .to_string()
}

impl Detector for AuditTampering {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, _ctx: &Context, out: &mut Vec<Finding>) {
        if ev.actor.kind == UserKind::System || failed(ev) {
            return;
        }
        let op = ev.operation.to_ascii_lowercase();
        let hit = match &ev.detail {
            Detail::AuditConfig(p) => {
                audit_config(&op, &p.params, &target_of(&p.params, p.target.as_deref()))
            }
            Detail::MailboxForwarding(f) if op == "set-mailbox" => {
                mailbox_audit(&f.params, &target_of(&f.params, f.mailbox.as_deref()))
            }
            _ => None,
        };
        let Some((sev, what)) = hit else {
            return;
        };
        let actor = actor_text(ev);
        let mut f = finding_for(&META, ev, actor, "").with_severity(sev);
        f.summary = format!(
            "{what} by {actor} ({}) from {}",
            ev.operation,
            network_text(&f)
        );
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;
    use crate::event::detail::{ForwardingDetail, ParamsDetail};

    fn cmd(op: &str, params: &[(&str, &str)]) -> Event {
        let mut e = event(1, 0, op, "admin@contoso.com");
        let p: Vec<(String, String)> = params
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        e.detail = if op == "Set-Mailbox" {
            Detail::MailboxForwarding(Box::new(ForwardingDetail {
                mailbox: Some("megan.bowen@contoso.com".into()),
                params: p,
                ..ForwardingDetail::default()
            }))
        } else {
            Detail::AuditConfig(Box::new(ParamsDetail {
                target: None,
                params: p,
            }))
        };
        e
    }

    fn fires(e: Event) -> Option<Severity> {
        run(&mut AuditTampering, &ctx(), &[e])
            .first()
            .map(|f| f.severity)
    }

    #[test]
    fn disabling_audit_fires_high() {
        assert_eq!(
            fires(cmd(
                "Set-AdminAuditLogConfig",
                &[("UnifiedAuditLogIngestionEnabled", "False")]
            )),
            Some(Severity::High)
        );
        assert_eq!(
            fires(cmd(
                "Set-MailboxAuditBypassAssociation",
                &[
                    ("Identity", "svc@contoso.com"),
                    ("AuditBypassEnabled", "True")
                ]
            )),
            Some(Severity::High)
        );
        assert_eq!(
            fires(cmd(
                "Set-Mailbox",
                &[
                    ("Identity", "megan.bowen@contoso.com"),
                    ("AuditEnabled", "$false")
                ]
            )),
            Some(Severity::High)
        );
        assert_eq!(
            fires(cmd("Set-OrganizationConfig", &[("AuditDisabled", "True")])),
            Some(Severity::High)
        );
    }

    #[test]
    fn enabling_audit_and_unrelated_changes_do_not_fire() {
        assert_eq!(
            fires(cmd(
                "Set-AdminAuditLogConfig",
                &[("UnifiedAuditLogIngestionEnabled", "True")]
            )),
            None
        );
        assert_eq!(
            fires(cmd(
                "Set-MailboxAuditBypassAssociation",
                &[("AuditBypassEnabled", "False")]
            )),
            None
        );
        assert_eq!(
            fires(cmd(
                "Set-Mailbox",
                &[
                    ("AuditEnabled", "True"),
                    ("AuditOwner", "@{Add=\"MailItemsAccessed\"}")
                ]
            )),
            None
        );
        assert_eq!(
            fires(cmd(
                "Set-OrganizationConfig",
                &[
                    ("AuditDisabled", "False"),
                    ("OAuth2ClientProfileEnabled", "False")
                ]
            )),
            None
        );
        assert_eq!(
            fires(cmd(
                "Set-Mailbox",
                &[("ForwardingSmtpAddress", "x@evil.example")]
            )),
            None
        );
    }

    #[test]
    fn removing_audit_actions_is_medium_and_system_is_ignored() {
        assert_eq!(
            fires(cmd(
                "Set-Mailbox",
                &[("AuditOwner", "@{Remove=\"MailItemsAccessed\"}")]
            )),
            Some(Severity::Medium)
        );
        let mut e = cmd(
            "Set-AdminAuditLogConfig",
            &[("UnifiedAuditLogIngestionEnabled", "False")],
        );
        e.actor = crate::event::UserRef::from_raw(
            "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)",
        );
        assert_eq!(fires(e), None);
    }
}
