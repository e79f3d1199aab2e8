//! What one account did from attacker infrastructure, gathered in one pass over the
//! time-ordered events (bounded: counters, capped samples in time order, one set of
//! message-id hashes — memory grows with distinct messages read, never with input size).

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{Hash, Hasher};

use chrono::{DateTime, Utc};

use super::infrastructure::InfraKey;
use crate::detect::EvidenceRef;
use crate::detect::finding::EVIDENCE_MAX;
use crate::event::detail::{AccessType, Detail};
use crate::event::{Category, Event, Outcome, SourcePos, UserKind};

/// Most items kept in each sample (subjects, folders, files, artefacts).
pub const SAMPLE_MAX: usize = 20;

/// The first [`SAMPLE_MAX`] distinct items seen, in order, and how many there were.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sample {
    /// Items in first-seen order.
    pub items: Vec<String>,
    /// Items offered that were not among the kept ones when offered: exact while under
    /// the cap; past it, a repeat counts again, so it is an upper bound.
    pub total: u64,
}

impl Sample {
    /// Offer an item; repeats of a kept item are ignored.
    pub fn add(&mut self, item: &str) {
        if self.items.iter().any(|i| i == item) {
            return;
        }
        self.total += 1;
        if self.items.len() < SAMPLE_MAX {
            self.items.push(item.to_string());
        }
    }

    /// True when nothing was offered.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// How an account used one attacker IP or session.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyUse {
    /// Successful sign-ins.
    pub signins_ok: u64,
    /// Failed or interrupted sign-ins.
    pub signins_failed: u64,
    /// Other events that did not fail (the account acted from there).
    pub actions: u64,
    /// First event.
    pub first: Option<DateTime<Utc>>,
    /// Last event.
    pub last: Option<DateTime<Utc>>,
    /// Operations seen (at most [`SAMPLE_MAX`]).
    pub operations: BTreeSet<String>,
}

/// An event worth naming in an incident (a rule, forwarding, a new MFA method, a consent, a
/// permission, a sharing link), kept whole so it can be told after the pass, once mailbox
/// GUIDs can be resolved.
#[derive(Debug, Clone)]
pub struct Artefact {
    /// Where the event is.
    pub pos: SourcePos,
    /// When; `None` for current-state records without a time (rule inventory).
    pub time: Option<DateTime<Utc>>,
    /// Acting account.
    pub actor: String,
    /// Operation.
    pub operation: String,
    /// Client IP.
    pub ip: Option<std::net::IpAddr>,
    /// The event's typed detail.
    pub detail: Detail,
}

impl Artefact {
    /// The artefact of an event, when its category is one an incident names.
    pub fn of(ev: &Event) -> Option<Artefact> {
        let named = match ev.category {
            Category::InboxRule
            | Category::AuthMethod
            | Category::AppConsent
            | Category::Permission
            | Category::AuditConfig => true,
            Category::MailboxConfig => !matches!(ev.detail, Detail::Admin(_)),
            Category::File => matches!(&ev.detail, Detail::File(f) if f.is_sharing()),
            _ => false,
        };
        named.then(|| Artefact {
            pos: ev.pos,
            time: ev.time_known.then_some(ev.time),
            actor: ev.actor.key.clone(),
            operation: ev.operation.clone(),
            ip: ev.ip,
            detail: ev.detail.clone(),
        })
    }
}

/// Everything one actor did from attacker infrastructure.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// Kind of the actor (human, anonymous link user, …).
    pub kind: UserKind,
    /// First event from attacker infrastructure.
    pub first: Option<DateTime<Utc>>,
    /// Last event.
    pub last: Option<DateTime<Utc>>,
    /// Events in all.
    pub events: u64,
    /// Use of each attacker IP or session.
    pub keys: BTreeMap<InfraKey, KeyUse>,
    /// Supporting events (at most [`EVIDENCE_MAX`]).
    pub evidence: Vec<EvidenceRef>,
    /// Hashes of distinct InternetMessageIds bound.
    messages: HashSet<u64>,
    /// MailItemsAccessed records.
    pub access_records: u64,
    /// Folders synced whole (downloaded).
    pub folders_synced: Sample,
    /// Other people's mailboxes read.
    pub other_mailboxes: Sample,
    /// Mails sent (Send, SendAs, SendOnBehalf records).
    pub mails_sent: u64,
    /// Their subjects.
    pub sent_subjects: Sample,
    /// Items deleted.
    pub deleted_items: u64,
    /// Their subjects.
    pub deleted_subjects: Sample,
    /// Search queries.
    pub searches: Sample,
    /// SharePoint / OneDrive file events.
    pub file_events: u64,
    /// Files touched.
    pub files: Sample,
    /// Hours (UTC) with mail access or sending — for the full-chain window.
    pub access_hours: BTreeSet<i64>,
    /// Rules, forwarding, persistence, permissions, sharing links (capped).
    pub artefacts: Vec<Artefact>,
}

/// Most artefacts kept per actor.
const ARTEFACTS_MAX: usize = 200;

impl Activity {
    /// Count one event from attacker infrastructure `key`.
    pub fn add(&mut self, ev: &Event, key: &InfraKey) {
        self.kind = ev.actor.kind;
        if ev.time_known {
            self.first = Some(self.first.map_or(ev.time, |f| f.min(ev.time)));
            self.last = Some(self.last.map_or(ev.time, |l| l.max(ev.time)));
        }
        self.events += 1;
        if self.evidence.len() < EVIDENCE_MAX {
            self.evidence.push(EvidenceRef::of(ev));
        }
        self.count_use(ev, key);
        self.count_detail(ev);
        if self.artefacts.len() < ARTEFACTS_MAX
            && let Some(a) = Artefact::of(ev)
        {
            self.artefacts.push(a);
        }
    }

    /// Distinct messages bound.
    pub fn messages_read(&self) -> u64 {
        self.messages.len() as u64
    }

    fn count_use(&mut self, ev: &Event, key: &InfraKey) {
        let u = self.keys.entry(key.clone()).or_default();
        match (ev.category, ev.result.outcome) {
            (Category::SignIn, Outcome::Success | Outcome::Unknown) => u.signins_ok += 1,
            (Category::SignIn, _) => u.signins_failed += 1,
            (_, Outcome::Failure) => {}
            _ => u.actions += 1,
        }
        if ev.time_known {
            u.first = Some(u.first.map_or(ev.time, |f| f.min(ev.time)));
            u.last = Some(u.last.map_or(ev.time, |l| l.max(ev.time)));
        }
        if u.operations.len() < SAMPLE_MAX && !u.operations.contains(&ev.operation) {
            u.operations.insert(ev.operation.clone());
        }
    }

    fn count_detail(&mut self, ev: &Event) {
        match &ev.detail {
            Detail::MailAccess(m) => {
                self.access_records += 1;
                self.note_access_hour(ev);
                if let Some(owner) = ev.mailbox_owner.as_deref().filter(|o| *o != ev.actor.key) {
                    self.other_mailboxes.add(owner);
                }
                for f in &m.folders {
                    let path = f.path.as_deref().unwrap_or("?");
                    if m.access_type == AccessType::Sync || f.items.is_empty() {
                        self.folders_synced.add(path.trim_start_matches('\\'));
                    }
                    for item in &f.items {
                        if let Some(id) =
                            item.internet_message_id.as_ref().or(item.item_id.as_ref())
                        {
                            self.messages.insert(hash_id(id));
                        }
                    }
                }
            }
            Detail::Send(s) => {
                self.mails_sent += 1;
                self.note_access_hour(ev);
                self.sent_subjects
                    .add(s.subject.as_deref().unwrap_or("(no subject)"));
            }
            Detail::Delete(d) => {
                self.deleted_items += d.count;
                for item in &d.items {
                    if let Some(s) = &item.subject {
                        self.deleted_subjects.add(s);
                    }
                }
            }
            Detail::Search(s) => {
                if let Some(q) = &s.query {
                    self.searches.add(q);
                }
            }
            Detail::File(f) => {
                self.file_events += 1;
                if let Some(name) = f.name() {
                    self.files.add(name);
                }
            }
            _ => {}
        }
    }

    fn note_access_hour(&mut self, ev: &Event) {
        if ev.time_known {
            self.access_hours
                .insert(ev.time.timestamp().div_euclid(3600));
        }
    }
}

fn hash_id(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.trim().to_ascii_lowercase().hash(&mut h);
    h.finish()
}
