//! MT-S12: a sign-in to an application known to be abused to copy or exfiltrate
//! mailboxes — eM Client, PERFECTDATA SOFTWARE, Newsletter Software Supermailer, rclone,
//! SigParser, CloudSponge, Fastmail, Spike, PostBox, ZoomInfo, … (`lists::apps`, from the
//! Analyzer's application blacklist, anchors.md §2.1.1). Matched by application id, or by
//! exact display name when a record has no id.
//!
//! A successful sign-in is high: the application now holds a token for the mailbox.
//! Failed or interrupted attempts are low (the app was tried). Aggregated per user,
//! application and IP (mail-sync clients sign in every few minutes). Application ids in
//! `allow.app_ids` (a sanctioned eM Client deployment, say) are skipped.

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, is_user_signin, network_text, span_text, times,
};
use crate::detect::lists::apps::{ABUSED_APPS, abused_app};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Role, Severity, Status};
use crate::event::{Event, Outcome};

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S12",
    title: "Sign-in to an application abused for mailbox theft",
    severity: Severity::High,
    techniques: &["T1114.002", "T1528"],
    status: Status::Stable,
    description: "A successful sign-in to an application known to be abused to download \
        mailboxes (eM Client, PERFECTDATA SOFTWARE, Newsletter Software Supermailer, rclone, \
        SigParser, CloudSponge, Fastmail, Spike, PostBox, ZoomInfo, …), by application id. \
        Failed attempts are low.",
    fields: &["app_id", "app_name", "result.outcome", "actor"],
    params: &[],
    role: Role::sign_in("sign-in through an application abused for mailbox theft", 2),
};

/// The abused application an event signs in to: (id as listed, name).
fn abused(ev: &Event) -> Option<(&'static str, &'static str)> {
    if let Some(id) = ev
        .app_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        abused_app(id)?;
        return ABUSED_APPS
            .iter()
            .find(|(i, _)| i.eq_ignore_ascii_case(id))
            .copied();
    }
    let name = ev.app_name.as_deref()?.trim();
    ABUSED_APPS
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(name))
        .copied()
}

/// Running state of one finding.
#[derive(Debug)]
struct Use {
    name: &'static str,
    id: &'static str,
    success: bool,
    network: String,
}

/// The detector.
#[derive(Debug)]
pub struct SigninAbusedApp {
    open: Aggregates<(String, &'static str, bool, String), Use>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninAbusedApp {
        open: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
    })
}

fn finalize(f: &mut Finding, u: &Use) {
    let what = if u.success {
        "signed in successfully to"
    } else {
        "tried to sign in to"
    };
    f.summary = format!(
        "{} {what} {} ({}), an application abused to copy mailboxes, {} from {} {}",
        f.user,
        u.name,
        u.id,
        times(f.evidence_count),
        u.network,
        span_text(f)
    );
}

impl Detector for SigninAbusedApp {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_user_signin(ev) {
            return;
        }
        let Some((id, name)) = abused(ev) else {
            return;
        };
        if ctx.app_allowed(id) {
            return;
        }
        let success = ev.result.outcome == Outcome::Success;
        let ip = ev.ip.map(|i| i.to_string()).unwrap_or_default();
        self.open
            .add((ev.actor.key.clone(), id, success, ip), ev, out, || {
                let sev = if success {
                    Severity::High
                } else {
                    Severity::Low
                };
                let f = Finding::from_event(&META, ev, String::new()).with_severity(sev);
                (
                    f,
                    Use {
                        name,
                        id,
                        success,
                        network: network_text(ev),
                    },
                )
            });
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        self.open.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;

    const U: &str = "megan.bowen@contoso.com";
    const EM_CLIENT: &str = "e9a7fea1-1cc0-4cd9-a31b-9137ca5deedd";

    #[test]
    fn em_client_success_is_high_and_aggregated() {
        let evs = [
            signin(U, 0, "159.203.1.1")
                .app(&EM_CLIENT.to_uppercase(), "eM Client")
                .ev(),
            signin(U, 300, "159.203.1.1")
                .app(EM_CLIENT, "eM Client")
                .ual()
                .ev(),
            signin(U, 400, "159.203.1.1")
                .app(EM_CLIENT, "eM Client")
                .fail("50126")
                .ev(),
        ];
        let mut f = run_default(new(), &evs);
        f.sort_by_key(|f| std::cmp::Reverse(f.severity));
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].evidence_count, 2);
        assert!(
            f[0].summary
                .contains("signed in successfully to eM Client (e9a7fea1"),
            "{}",
            f[0].summary
        );
        assert_eq!(f[1].severity, Severity::Low);
    }

    #[test]
    fn name_only_records_and_ordinary_apps() {
        let evs = [
            signin(U, 0, "1.1.1.1").app("", "PERFECTDATA SOFTWARE").ev(),
            signin(U, 1, "1.1.1.1")
                .app("00000002-0000-0ff1-ce00-000000000000", "eM Client")
                .ev(),
            signin(U, 2, "1.1.1.1")
                .app("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office")
                .ev(),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(
            f.len(),
            1,
            "an id that is not listed wins over a listed name"
        );
        assert!(f[0].summary.contains("PERFECTDATA SOFTWARE (ff8d92dc"));
    }

    #[test]
    fn allow_listed_apps_are_skipped() {
        let mut ctx = Context::default();
        ctx.allow.app_ids.insert(EM_CLIENT.into());
        let evs = [signin(U, 0, "1.1.1.1").app(EM_CLIENT, "eM Client").ev()];
        assert!(run(new(), &ctx, &evs).is_empty());
    }
}
