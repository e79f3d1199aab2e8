//! Blast radius (SPEC §7): every other account that signs in or acts from attacker
//! infrastructure gets an MT-C01 finding — low when it only failed to sign in there (a
//! spray that did not get in: context), high when a sign-in succeeded or it acted from
//! there (the crew holds it too). The
//! catalogue entry is `detect::derived::ACCOUNT_ON_ATTACKER_INFRASTRUCTURE`; the
//! configuration can disable it or force its severity like any detector's.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::activity::{Activity, KeyUse};
use super::infrastructure::{InfraKey, Infrastructure};
use super::words::{plural, span};
use crate::detect::derived::ACCOUNT_ON_ATTACKER_INFRASTRUCTURE as META;
use crate::detect::{Context, Finding, Severity};
use crate::event::UserKind;

/// MT-C01 findings for accounts that used infrastructure other accounts' findings named.
pub fn findings(
    activity: &BTreeMap<String, Activity>,
    infra: &Infrastructure,
    ctx: &Context,
) -> Vec<Finding> {
    if !ctx.enabled(META.id) {
        return Vec::new();
    }
    let forced = ctx.settings.get(META.id).and_then(|s| s.severity);
    let mut out = Vec::new();
    for (user, act) in activity.iter().filter(|(_, a)| a.kind == UserKind::Human) {
        let foreign: Vec<(&InfraKey, &KeyUse)> = act
            .keys
            .iter()
            .filter(|(k, _)| !infra.owners(k).contains(user))
            .collect();
        if foreign.is_empty() {
            continue;
        }
        let mut f = finding(user, act, &foreign, infra);
        if let Some(s) = forced {
            f.severity = s;
        }
        out.push(f);
    }
    out
}

fn finding(
    user: &str,
    act: &Activity,
    foreign: &[(&InfraKey, &KeyUse)],
    infra: &Infrastructure,
) -> Finding {
    let ok: u64 = foreign.iter().map(|(_, u)| u.signins_ok).sum();
    let failed: u64 = foreign.iter().map(|(_, u)| u.signins_failed).sum();
    let actions: u64 = foreign.iter().map(|(_, u)| u.actions).sum();
    let first = foreign.iter().filter_map(|(_, u)| u.first).min();
    let last = foreign.iter().filter_map(|(_, u)| u.last).max();
    let ip_key = foreign.iter().find_map(|(k, _)| match k {
        InfraKey::Ip(ip) => Some(*ip),
        InfraKey::Session(_) => None,
    });
    let session = foreign.iter().find_map(|(k, _)| match k {
        InfraKey::Session(s) => Some(s.clone()),
        InfraKey::Ip(_) => None,
    });
    let lead = foreign[0].0;
    let entry = infra.entry(lead);
    let owners: BTreeSet<String> = foreign.iter().flat_map(|(k, _)| infra.owners(k)).collect();
    let detectors: BTreeSet<String> = foreign
        .iter()
        .filter_map(|(k, _)| infra.entry(k))
        .flat_map(|e| e.detectors.iter().cloned())
        .collect();
    let operations: BTreeSet<String> = foreign
        .iter()
        .flat_map(|(_, u)| u.operations.iter().cloned())
        .collect();
    // Failed attempts only (a spray that did not get in) are context; a success or an
    // action means the crew holds the account too.
    let severity = if ok + actions > 0 {
        Severity::High
    } else {
        Severity::Low
    };
    let when = match (first, last) {
        (Some(a), Some(b)) => span(a, b),
        _ => String::new(),
    };
    let summary = format!(
        "{user}: {} from {}, attacker infrastructure named by findings for {} ({}){when}",
        what(ok, failed, actions),
        keys_text(foreign, infra),
        join(&owners, "other accounts"),
        join(&detectors, "-"),
    );
    let t0 = first.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    Finding {
        detector_id: META.id.to_string(),
        title: META.title.to_string(),
        severity,
        techniques: META.techniques.iter().map(|t| t.to_string()).collect(),
        time_first: t0,
        time_last: last.unwrap_or(t0),
        user: user.to_string(),
        ip: ip_key,
        asn: entry.and_then(|e| e.asn),
        as_org: entry.and_then(|e| e.as_org.clone()),
        network_class: entry.and_then(|e| e.network_class.clone()),
        country: entry.and_then(|e| e.country.clone()),
        session_id: session,
        operation: operations.into_iter().collect::<Vec<_>>().join(";"),
        summary,
        evidence: act.evidence.clone(),
        evidence_count: act.events,
        escalation: None,
    }
}

fn what(ok: u64, failed: u64, actions: u64) -> String {
    let mut parts = Vec::new();
    if ok > 0 {
        parts.push(format!("{ok} successful sign-in{}", plural(ok)));
    }
    if failed > 0 {
        parts.push(format!(
            "{failed} failed or interrupted sign-in{}",
            plural(failed)
        ));
    }
    if actions > 0 {
        parts.push(format!("{actions} other action{}", plural(actions)));
    }
    parts.join(", ")
}

fn keys_text(foreign: &[(&InfraKey, &KeyUse)], infra: &Infrastructure) -> String {
    let parts: Vec<String> = foreign
        .iter()
        .map(|(k, _)| match infra.entry(k).map(|e| e.network_text()) {
            Some(net) if !net.is_empty() => format!("{k} ({net})"),
            _ => k.to_string(),
        })
        .collect();
    parts.join(", ")
}

fn join(set: &BTreeSet<String>, empty: &str) -> String {
    if set.is_empty() {
        empty.to_string()
    } else {
        set.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}
