//! Incidents (SPEC §7): one per compromised account — a human account with at least one
//! high finding — telling what happened from the findings and from what attacker
//! infrastructure did as that account: when, from where, how the intruder got in, the
//! rules, forwarding, reading, sending, deleting, files and persistence, the other accounts
//! the same infrastructure touched, and how sure it is (see [`super::chain`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::activity::{Activity, Artefact};
use super::chain::{Confidence, Link, Signals};
use super::describe;
use super::directory::Directory;
use super::entry_vector::entry_vector;
use super::infrastructure::{InfraKey, Infrastructure};
use super::roles::Roles;
use super::scan::Scanned;
use super::words::{count, plain_time, quoted_list};
use crate::detect::{Finding, Severity, Signal};
use crate::event::detail::Detail;
use crate::event::{SourcePos, UserKind, UserRef};

/// One attacker address of an incident, with what is known of its network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttackerAddress {
    /// IP address.
    pub ip: String,
    /// ASN.
    pub asn: Option<u32>,
    /// AS organisation.
    pub as_org: Option<String>,
    /// Network class.
    pub network_class: Option<String>,
    /// Country code.
    pub country: Option<String>,
}

impl AttackerAddress {
    /// `159.203.1.1 (AS14061 DigitalOcean, LLC, hosting, US)`.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(a) = self.asn {
            parts.push(match &self.as_org {
                Some(o) => format!("AS{a} {o}"),
                None => format!("AS{a}"),
            });
        }
        parts.extend(self.network_class.iter().cloned());
        parts.extend(self.country.iter().cloned());
        if parts.is_empty() {
            self.ip.clone()
        } else {
            format!("{} ({})", self.ip, parts.join(", "))
        }
    }
}

/// One compromised account. Field order is the key order of `summary.json`'s incidents
/// (extend at the end of a group, never rename).
#[derive(Debug, Clone, Serialize)]
pub struct Incident {
    /// `I0001`…, in order of first attacker activity.
    pub incident_id: String,
    /// The account (canonical key).
    pub user: String,
    /// `critical` for a full chain, else `high`.
    pub severity: Severity,
    /// How sure: `high` (full chain), `medium` (corroborated), `low` (one signal).
    pub confidence: Confidence,
    /// Why that confidence.
    pub confidence_reason: String,
    /// First attacker activity, when any time is known (ISO UTC in JSON).
    #[serde(serialize_with = "utc_opt")]
    pub first_seen: Option<DateTime<Utc>>,
    /// Last attacker activity.
    #[serde(serialize_with = "utc_opt")]
    pub last_seen: Option<DateTime<Utc>>,
    /// Attacker IP addresses (named by the account's findings, or used by the account).
    pub attacker_ips: Vec<String>,
    /// The same addresses with what is known of their networks.
    pub attacker_networks: Vec<AttackerAddress>,
    /// Attacker session ids.
    pub attacker_sessions: Vec<String>,
    /// How the intruder got in, in words.
    pub entry_vector: String,
    /// Inbox rules created or changed, in words.
    pub rules: Vec<String>,
    /// Their names, for short tellings.
    pub rule_names: Vec<String>,
    /// Forwarding set (mailbox, rule or transport), in words.
    pub forwarding: Vec<String>,
    /// The addresses mail is forwarded to.
    pub forwarding_targets: Vec<String>,
    /// Distinct messages the intruder bound (read).
    pub messages_read: u64,
    /// Folders the intruder synced whole.
    pub folders_synced: Vec<String>,
    /// Other mailboxes the intruder read through this account.
    pub other_mailboxes_read: Vec<String>,
    /// Mails sent by the intruder.
    pub mails_sent: u64,
    /// Their subjects (first ones).
    pub sent_subjects: Vec<String>,
    /// Items deleted by the intruder.
    pub deletions: u64,
    /// Their subjects (first ones).
    pub deleted_subjects: Vec<String>,
    /// Mailbox searches.
    pub searches: Vec<String>,
    /// Files touched (SharePoint / OneDrive).
    pub files: Vec<String>,
    /// Sharing links created or used, in words.
    pub sharing_links: Vec<String>,
    /// What accounts that are not people (anonymous link users) did from this incident's
    /// attacker infrastructure, in words.
    pub related_activity: Vec<String>,
    /// MFA methods, consents, app credentials, permissions, in words.
    pub persistence: Vec<String>,
    /// Audit logging changes, in words.
    pub audit_tampering: Vec<String>,
    /// ATT&CK techniques of the findings.
    pub techniques: Vec<String>,
    /// Other accounts the same infrastructure touched.
    pub related_users: Vec<String>,
    /// Kinds of signal present.
    pub signals: Vec<&'static str>,
    /// Findings of this incident (ids in findings.csv).
    pub finding_ids: Vec<String>,
    /// The story in plain words.
    pub summary: String,
}

/// Times in JSON as everywhere else in mailtrail's outputs (`2026-02-10T18:41:49.000Z`).
fn utc_opt<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_some(&crate::event::time::format_utc(t)),
        None => s.serialize_none(),
    }
}

/// Everything an incident is built from.
pub struct Inputs<'a> {
    /// Every finding (final severities), with its id when shown.
    pub findings: &'a [(Option<String>, Finding)],
    /// Attacker infrastructure.
    pub infra: &'a Infrastructure,
    /// The correlation pass.
    pub scanned: &'a Scanned,
    /// Catalogue roles.
    pub roles: &'a Roles,
    /// Mailbox names.
    pub directory: &'a Directory,
}

/// One incident per human account with a high finding, ordered by first activity then
/// account and numbered in that order.
pub fn build(inp: &Inputs) -> Vec<Incident> {
    let mut users: BTreeSet<&str> = BTreeSet::new();
    for (_, f) in inp.findings {
        if f.severity >= Severity::High
            && !f.user.is_empty()
            && UserRef::from_raw(&f.user).is_human()
        {
            users.insert(&f.user);
        }
    }
    let users_of = users_by_key(&inp.scanned.activity);
    let mut out: Vec<Incident> = users.into_iter().map(|u| one(u, inp, &users_of)).collect();
    out.sort_by(|a, b| {
        (a.first_seen.is_none(), a.first_seen, &a.user).cmp(&(
            b.first_seen.is_none(),
            b.first_seen,
            &b.user,
        ))
    });
    for (i, inc) in out.iter_mut().enumerate() {
        inc.incident_id = format!("I{:04}", i + 1);
    }
    out
}

/// Accounts (any kind) that acted from each attacker key.
fn users_by_key(activity: &BTreeMap<String, Activity>) -> BTreeMap<InfraKey, BTreeSet<String>> {
    let mut m: BTreeMap<InfraKey, BTreeSet<String>> = BTreeMap::new();
    for (user, act) in activity {
        for k in act.keys.keys() {
            m.entry(k.clone()).or_default().insert(user.clone());
        }
    }
    m
}

fn known(t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (t != DateTime::<Utc>::UNIX_EPOCH).then_some(t)
}

fn one(user: &str, inp: &Inputs, users_of: &BTreeMap<InfraKey, BTreeSet<String>>) -> Incident {
    let mine: Vec<&(Option<String>, Finding)> = inp
        .findings
        .iter()
        .filter(|(_, f)| f.user == user)
        .collect();
    let my_findings: Vec<&Finding> = mine.iter().map(|(_, f)| f).collect();
    let act = inp.scanned.activity.get(user);
    let keys = keys_of(user, inp.infra, act);
    let artefacts = artefacts(user, &my_findings, act, inp);
    let mut inc = empty(user);
    inc.attacker_networks = addresses(&keys, inp.infra);
    inc.attacker_ips = inc.attacker_networks.iter().map(|a| a.ip.clone()).collect();
    inc.attacker_sessions = keys
        .iter()
        .filter_map(|k| match k {
            InfraKey::Session(s) => Some(s.clone()),
            InfraKey::Ip(_) => None,
        })
        .collect();
    tell_artefacts(&mut inc, &artefacts, inp.directory);
    if let Some(a) = act {
        tell_activity(&mut inc, a);
    }
    tell_others(&mut inc, &keys, inp, users_of);
    inc.finding_ids = finding_ids(user, &keys, inp);
    inc.techniques = my_findings
        .iter()
        .flat_map(|f| f.techniques.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let times = my_findings
        .iter()
        .filter(|f| f.severity >= Severity::High)
        .flat_map(|f| [known(f.time_first), known(f.time_last)])
        .chain(act.into_iter().flat_map(|a| [a.first, a.last]))
        .flatten();
    let (first, last) = times.fold((None, None), |(lo, hi): (Option<DateTime<Utc>>, _), t| {
        (
            Some(lo.map_or(t, |l| l.min(t))),
            Some(hi.map_or(t, |h: DateTime<Utc>| h.max(t))),
        )
    });
    inc.first_seen = first;
    inc.last_seen = last;
    inc.entry_vector = entry_vector(&my_findings, inp.roles, inp.infra, first_action(act));
    let verdict = signals(&my_findings, act, &artefacts, inp.roles).verdict();
    inc.severity = if verdict.full_chain {
        Severity::Critical
    } else {
        Severity::High
    };
    inc.confidence = verdict.confidence;
    inc.confidence_reason = verdict.reason;
    inc.signals = verdict.links.iter().map(|l| l.as_str()).collect();
    inc.summary = summary(&inc);
    inc
}

fn empty(user: &str) -> Incident {
    Incident {
        incident_id: String::new(),
        user: user.to_string(),
        severity: Severity::High,
        confidence: Confidence::Low,
        confidence_reason: String::new(),
        first_seen: None,
        last_seen: None,
        entry_vector: String::new(),
        attacker_ips: Vec::new(),
        attacker_networks: Vec::new(),
        attacker_sessions: Vec::new(),
        rules: Vec::new(),
        rule_names: Vec::new(),
        forwarding: Vec::new(),
        forwarding_targets: Vec::new(),
        messages_read: 0,
        folders_synced: Vec::new(),
        other_mailboxes_read: Vec::new(),
        mails_sent: 0,
        sent_subjects: Vec::new(),
        deletions: 0,
        deleted_subjects: Vec::new(),
        searches: Vec::new(),
        files: Vec::new(),
        sharing_links: Vec::new(),
        related_activity: Vec::new(),
        persistence: Vec::new(),
        audit_tampering: Vec::new(),
        techniques: Vec::new(),
        related_users: Vec::new(),
        signals: Vec::new(),
        finding_ids: Vec::new(),
        summary: String::new(),
    }
}

/// The attacker keys of an account: named by its findings, or used by it.
fn keys_of(user: &str, infra: &Infrastructure, act: Option<&Activity>) -> BTreeSet<InfraKey> {
    let mut keys: BTreeSet<InfraKey> = BTreeSet::new();
    for (ip, e) in &infra.ips {
        if e.named_by.contains(user) {
            keys.insert(InfraKey::Ip(*ip));
        }
    }
    for (s, e) in &infra.sessions {
        if e.named_by.contains(user) {
            keys.insert(InfraKey::Session(s.clone()));
        }
    }
    if let Some(a) = act {
        keys.extend(a.keys.keys().cloned());
    }
    keys
}

fn addresses(keys: &BTreeSet<InfraKey>, infra: &Infrastructure) -> Vec<AttackerAddress> {
    keys.iter()
        .filter_map(|k| match k {
            InfraKey::Ip(ip) => Some((ip, infra.ips.get(ip))),
            InfraKey::Session(_) => None,
        })
        .map(|(ip, e)| AttackerAddress {
            ip: ip.to_string(),
            asn: e.and_then(|e| e.asn),
            as_org: e.and_then(|e| e.as_org.clone()),
            network_class: e.and_then(|e| e.network_class.clone()),
            country: e.and_then(|e| e.country.clone()),
        })
        .collect()
}

/// Artefacts of this account: its attacker activity's and those behind its high findings,
/// once each, in time order (unknown times last).
fn artefacts<'a>(
    user: &str,
    findings: &[&Finding],
    act: Option<&'a Activity>,
    inp: &'a Inputs,
) -> Vec<&'a Artefact> {
    let mut by_pos: BTreeMap<SourcePos, &Artefact> = BTreeMap::new();
    for a in act.into_iter().flat_map(|a| &a.artefacts) {
        by_pos.insert(a.pos, a);
    }
    for f in findings.iter().filter(|f| f.severity >= Severity::High) {
        for e in &f.evidence {
            if let Some(a) = inp.scanned.evidence_artefacts.get(&e.position())
                && a.actor == user
            {
                by_pos.insert(a.pos, a);
            }
        }
    }
    let mut v: Vec<&Artefact> = by_pos.into_values().collect();
    v.sort_by_key(|a| (a.time.is_none(), a.time, a.pos));
    v
}

fn when(a: &Artefact) -> String {
    match a.time {
        Some(t) => format!(" ({} UTC)", plain_time(&t)),
        None => " (time unknown: current rule inventory)".into(),
    }
}

fn tell_artefacts(inc: &mut Incident, artefacts: &[&Artefact], dir: &Directory) {
    for a in artefacts {
        let at = when(a);
        match &a.detail {
            Detail::InboxRule(r) => {
                let text = describe::rule(r, dir, &a.actor);
                push_unique(
                    &mut inc.rules,
                    format!("{} {text}{at}", rule_verb(&a.operation)),
                );
                push_unique(
                    &mut inc.rule_names,
                    format!("'{}'", r.name.as_deref().unwrap_or("")),
                );
                let targets: Vec<&str> = r.targets().map(String::as_str).collect();
                if !targets.is_empty() {
                    push_unique(
                        &mut inc.forwarding,
                        format!(
                            "rule '{}' forwards to {}{at}",
                            r.name.as_deref().unwrap_or(""),
                            targets.join(", ")
                        ),
                    );
                    for t in targets {
                        push_unique(&mut inc.forwarding_targets, t.to_string());
                    }
                }
            }
            Detail::MailboxForwarding(f) => {
                if let Some(t) = describe::forwarding(f, dir, &a.actor) {
                    push_unique(&mut inc.forwarding, format!("{t}{at}"));
                }
                if let Some(t) = describe::forwarding_target(f) {
                    push_unique(&mut inc.forwarding_targets, t.to_string());
                }
            }
            Detail::TransportRule(t) => push_unique(
                &mut inc.forwarding,
                format!("{}{at}", describe::transport_rule(t)),
            ),
            Detail::Permission(p) => push_unique(
                &mut inc.persistence,
                format!("{}{at}", describe::permission(p, dir)),
            ),
            Detail::Consent(c) => {
                let text = if is_credential_change(&a.operation) {
                    describe::app_credentials(c, &a.operation)
                } else {
                    describe::consent(c)
                };
                push_unique(&mut inc.persistence, format!("{text}{at}"))
            }
            Detail::AuthMethod(m) => push_unique(
                &mut inc.persistence,
                format!("{}{at}", describe::auth_method(m)),
            ),
            Detail::AuditConfig(_) => {
                push_unique(&mut inc.audit_tampering, format!("{}{at}", a.operation))
            }
            Detail::File(f) => {
                let ip = a.ip.map(|i| format!(" from {i}")).unwrap_or_default();
                push_unique(
                    &mut inc.sharing_links,
                    format!("{}{ip}{at}", describe::file(f)),
                );
            }
            _ => {}
        }
    }
}

/// Credentials (secrets, certificates) added to an application or service principal: a
/// way back in that survives a password reset.
fn is_credential_change(op: &str) -> bool {
    let op = op.to_ascii_lowercase();
    op.contains("credentials") || op.contains("certificates and secrets")
}

fn rule_verb(op: &str) -> &'static str {
    match op.to_ascii_lowercase().as_str() {
        "new-inboxrule" => "created",
        "set-inboxrule" => "changed",
        "enable-inboxrule" => "enabled",
        "disable-inboxrule" => "disabled",
        "remove-inboxrule" => "removed",
        "inboxrule" => "has",
        _ => "set",
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

fn tell_activity(inc: &mut Incident, a: &Activity) {
    inc.messages_read = a.messages_read();
    inc.folders_synced = a.folders_synced.items.clone();
    inc.other_mailboxes_read = a.other_mailboxes.items.clone();
    inc.mails_sent = a.mails_sent;
    inc.sent_subjects = a.sent_subjects.items.clone();
    inc.deletions = a.deleted_items;
    inc.deleted_subjects = a.deleted_subjects.items.clone();
    inc.searches = a.searches.items.clone();
    inc.files = a.files.items.clone();
}

/// Related accounts, and what accounts that are not people (anonymous link users) did
/// from this incident's infrastructure.
fn tell_others(
    inc: &mut Incident,
    keys: &BTreeSet<InfraKey>,
    inp: &Inputs,
    users_of: &BTreeMap<InfraKey, BTreeSet<String>>,
) {
    let mut related: BTreeSet<String> = BTreeSet::new();
    let mut strangers: BTreeSet<String> = BTreeSet::new();
    for k in keys {
        let owners = inp.infra.owners(k);
        for u in owners.iter().chain(users_of.get(k).into_iter().flatten()) {
            if u == &inc.user {
                continue;
            }
            let kind = inp
                .scanned
                .activity
                .get(u)
                .map_or_else(|| UserRef::from_raw(u).kind, |a| a.kind);
            if kind == UserKind::Human && !u.is_empty() {
                related.insert(u.clone());
            } else {
                strangers.insert(u.clone());
            }
        }
    }
    inc.related_users = related.into_iter().collect();
    for s in &strangers {
        let Some(a) = inp.scanned.activity.get(s) else {
            continue;
        };
        let who = match a.kind {
            UserKind::Anonymous => format!("anonymous user {}", short_id(s)),
            _ if s.is_empty() => "an unknown account".to_string(),
            _ => s.clone(),
        };
        for art in &a.artefacts {
            if let Detail::File(f) = &art.detail {
                let ip = art.ip.map(|i| format!(" from {i}")).unwrap_or_default();
                push_unique(
                    &mut inc.related_activity,
                    format!("{who} {}{ip}{}", describe::file(f), when(art)),
                );
            }
        }
    }
}

/// This account's findings, and findings about no one account (a spray) made from this
/// incident's infrastructure.
fn finding_ids(user: &str, keys: &BTreeSet<InfraKey>, inp: &Inputs) -> Vec<String> {
    inp.findings
        .iter()
        .filter(|(_, f)| {
            f.user == user
                || (f.user.is_empty()
                    && inp.infra.hit_finding(f).is_some_and(|k| keys.contains(&k)))
        })
        .filter_map(|(id, _)| id.clone())
        .collect()
}

/// `urn:spo:anon#7615a776…`: enough of an anonymous id to tell two apart.
fn short_id(id: &str) -> String {
    match id.char_indices().nth(24) {
        Some((i, _)) => format!("{}…", &id[..i]),
        None => id.to_string(),
    }
}

fn first_action(act: Option<&Activity>) -> Option<(DateTime<Utc>, String)> {
    let a = act?;
    let (k, u) = a
        .keys
        .iter()
        .filter(|(_, u)| u.first.is_some())
        .min_by_key(|(_, u)| u.first)?;
    let ops: Vec<&str> = u.operations.iter().map(String::as_str).take(3).collect();
    Some((u.first?, format!("{} from {k}", ops.join("/"))))
}

/// The kinds of signal, with their times, from findings (medium and up) and from what
/// attacker infrastructure did as this account.
fn signals(
    findings: &[&Finding],
    act: Option<&Activity>,
    artefacts: &[&Artefact],
    roles: &Roles,
) -> Signals {
    let mut s = Signals::default();
    for f in findings.iter().filter(|f| f.severity >= Severity::Medium) {
        let signal = roles.of(&f.detector_id).signal;
        if matches!(signal, Signal::SignIn { .. }) && f.severity < Severity::High {
            continue;
        }
        let link = Link::of(signal);
        s.add(link, known(f.time_first));
    }
    if let Some(a) = act {
        for u in a.keys.values().filter(|u| u.signins_ok > 0) {
            s.add(Link::SignIn, u.first);
        }
        for h in &a.access_hours {
            s.add(Link::ReadOrSend, DateTime::from_timestamp(h * 3600, 0));
        }
        if a.deleted_items > 0 {
            s.add(Link::Deletion, None);
        }
    }
    for art in artefacts {
        match &art.detail {
            Detail::InboxRule(_) | Detail::MailboxForwarding(_) | Detail::TransportRule(_) => {
                s.add(Link::HideOrForward, art.time)
            }
            Detail::AuthMethod(_) | Detail::Consent(_) => s.add(Link::Persistence, art.time),
            Detail::File(_) => s.add(Link::FileSharing, art.time),
            _ => {}
        }
    }
    s
}

fn summary(inc: &Incident) -> String {
    let how = match inc.confidence {
        Confidence::High => "taken over (full chain)",
        Confidence::Medium => "very likely taken over",
        Confidence::Low => "possibly taken over (one signal)",
    };
    let lead = inc.entry_vector.split("; also ").next().unwrap_or_default();
    let mut s = format!("{} {how}: {lead}", inc.user);
    if let (Some(a), Some(b)) = (inc.first_seen, inc.last_seen) {
        s.push_str(&format!(
            "; attacker activity {} to {} UTC",
            plain_time(&a),
            plain_time(&b)
        ));
    }
    if !inc.attacker_ips.is_empty() {
        s.push_str(&format!(" from {}", inc.attacker_ips.join(", ")));
    }
    s.push('.');
    let did = deeds(inc);
    if !did.is_empty() {
        s.push_str(&format!(" The intruder {}.", did.join("; ")));
    }
    if !inc.related_activity.is_empty() {
        s.push_str(&format!(
            " From the same infrastructure: {}.",
            inc.related_activity.join("; ")
        ));
    }
    if !inc.related_users.is_empty() {
        s.push_str(&format!(
            " Same infrastructure also touched {}.",
            inc.related_users.join(", ")
        ));
    }
    s
}

fn deeds(inc: &Incident) -> Vec<String> {
    let mut d = Vec::new();
    if !inc.rule_names.is_empty() {
        d.push(format!(
            "created {} ({})",
            count(inc.rule_names.len() as u64, "inbox rule"),
            inc.rule_names.join(", ")
        ));
    }
    if !inc.forwarding_targets.is_empty() {
        d.push(format!(
            "forwarded mail to {}",
            inc.forwarding_targets.join(", ")
        ));
    }
    if inc.messages_read > 0 || !inc.folders_synced.is_empty() {
        let mut r = format!("read {}", count(inc.messages_read, "message"));
        if !inc.folders_synced.is_empty() {
            r.push_str(&format!(" and synced {}", inc.folders_synced.join(", ")));
        }
        d.push(r);
    }
    if inc.mails_sent > 0 {
        d.push(format!(
            "sent {} ({})",
            count(inc.mails_sent, "mail"),
            quoted_list(&inc.sent_subjects, inc.mails_sent)
        ));
    }
    if inc.deletions > 0 {
        let mut t = format!("deleted {}", count(inc.deletions, "item"));
        if !inc.deleted_subjects.is_empty() {
            t.push_str(&format!(" ({})", quoted_list(&inc.deleted_subjects, 0)));
        }
        d.push(t);
    }
    if !inc.searches.is_empty() {
        d.push(format!("searched for {}", quoted_list(&inc.searches, 0)));
    }
    if !inc.files.is_empty() {
        let verb = if inc.sharing_links.is_empty() {
            "touched"
        } else {
            "shared"
        };
        d.push(format!("{verb} {}", quoted_list(&inc.files, 0)));
    }
    if !inc.persistence.is_empty() {
        d.push(format!(
            "added persistence ({})",
            count(inc.persistence.len() as u64, "change")
        ));
    }
    if !inc.audit_tampering.is_empty() {
        d.push("changed audit logging".into());
    }
    d
}
