//! Correlate stage (SPEC §7): turns findings into the answer — which mailboxes were taken
//! over, from where, what the intruder did and read. It names attacker infrastructure from
//! the findings whose catalogue role says their evidence is attacker-made, makes one pass
//! over the events to see everything done from it (after raising findings that several
//! detectors corroborate from one unusual address), raises findings made from it, flags
//! other accounts that used it (MT-C01), builds one incident per compromised account, and
//! joins findings, incidents and attacker activity back onto the events for the timeline
//! and the list of accessed messages. Also here: the timeline rows themselves and the
//! bounded-memory external sort the event passes replay.
//!
//! Use: [`Correlator::new`] with the detectors' findings, [`Correlator::observe`] every
//! event (in time order), [`Correlator::finish`]; then ask the [`Correlation`] about each
//! event in a second replay ([`Correlation::timeline_row`], [`Correlation::accessed`]).

pub mod accessed;
pub mod activity;
pub mod blast_radius;
pub mod chain;
pub mod corroborate;
pub mod describe;
pub mod directory;
pub mod entry_vector;
pub mod escalate;
pub mod incident;
pub mod infrastructure;
pub mod ioc_tags;
pub mod links;
pub mod message;
pub mod roles;
pub mod scan;
pub mod sort;
pub mod stored;
pub mod timeline;
pub mod words;

#[cfg(test)]
mod testkit;

use std::collections::{BTreeMap, BTreeSet};

use accessed::AccessedMessage;
use directory::Directory;
use incident::Incident;
use infrastructure::{InfraKey, Infrastructure};
use ioc_tags::{IocTag, IocTags};
use links::{EventLink, EventLinks};
use roles::Roles;
use scan::{Scan, Scanned};
use timeline::TimelineRow;

use crate::detect::{Context, Finding, Severity};
use crate::event::Event;

/// Which events the timeline holds (`--timeline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimelineMode {
    /// Every event of accounts with an incident, every event from attacker
    /// infrastructure, every finding's evidence.
    #[default]
    Relevant,
    /// Every event.
    All,
}

/// Correlation of one run, before its replay of the events.
pub struct Correlator<'c> {
    ctx: &'c Context,
    roles: Roles,
    findings: Vec<Finding>,
    infra: Infrastructure,
    scan: Scan,
    directory: Directory,
}

/// A finding with its id in findings.csv and its incident.
#[derive(Debug, Clone)]
pub struct NumberedFinding {
    /// `F00001`…
    pub id: String,
    /// The finding (final severity).
    pub finding: Finding,
    /// Its incident, when it has one.
    pub incident_id: Option<String>,
    /// `file:line` of each evidence reference, in order.
    pub sources: Vec<String>,
}

impl<'c> Correlator<'c> {
    /// Name the attacker infrastructure behind the detectors' findings. `directory` is
    /// what ingest learnt of mailbox names (GUIDs, object ids, aliases → UPNs).
    pub fn new(
        mut findings: Vec<Finding>,
        ctx: &'c Context,
        directory: Directory,
    ) -> Correlator<'c> {
        let roles = Roles::new();
        corroborate::raise_corroborated(&mut findings, &roles, ctx);
        let infra = Infrastructure::from_findings(&findings, &roles, ctx);
        let scan = Scan::new(&findings);
        Correlator {
            ctx,
            roles,
            findings,
            infra,
            scan,
            directory,
        }
    }

    /// The infrastructure named so far (fixed once built).
    pub fn infrastructure(&self) -> &Infrastructure {
        &self.infra
    }

    /// Whether the correlation pass needs the whole event behind this probe (the others
    /// are skipped undecoded; `observe` would ignore them).
    pub fn wants(&self, p: &stored::Probe<'_>) -> bool {
        self.scan.wants(p, &self.infra)
    }

    /// Look at one event of the correlation pass.
    pub fn observe(&mut self, ev: &Event) {
        self.scan.observe(ev, &self.infra);
    }

    /// Raise, derive blast-radius findings, number the findings shown (at or above
    /// `min_severity`), build the incidents. `files` maps file ids to paths.
    pub fn finish(self, min_severity: Severity, files: &[String]) -> Correlation {
        let Correlator {
            ctx,
            roles,
            mut findings,
            infra,
            scan,
            directory,
        } = self;
        let scanned = scan.finish();
        escalate::raise_from_infrastructure(&mut findings, &infra, &scanned.from_infra, &roles);
        findings.extend(blast_radius::findings(&scanned.activity, &infra, ctx));
        escalate::raise_after_signin(&mut findings, &roles);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut n = 0;
        let numbered: Vec<(Option<String>, Finding)> = findings
            .into_iter()
            .map(|f| {
                let id = (f.severity >= min_severity).then(|| {
                    n += 1;
                    format!("F{n:05}")
                });
                (id, f)
            })
            .collect();
        let mut incidents = incident::build(&incident::Inputs {
            findings: &numbered,
            infra: &infra,
            scanned: &scanned,
            roles: &roles,
            directory: &directory,
        });
        incidents.retain(|i| i.severity >= min_severity);
        let mut c = Correlation::new(numbered, incidents, infra, scanned, directory, files);
        c.ioc = IocTags::new(ctx.indicators.clone(), &c.findings);
        c
    }
}

/// What correlation says about one event.
#[derive(Debug, Clone)]
pub struct Annotation<'a> {
    /// The attacker IP or session it came from.
    pub attacker: Option<InfraKey>,
    /// Findings it supports.
    pub link: Option<&'a EventLink>,
    /// Its incident.
    pub incident_id: Option<&'a str>,
    /// The indicators of compromise it matched (`--ioc`).
    pub ioc: Option<IocTag>,
}

/// The answer of one run, and what it says about each event.
pub struct Correlation {
    /// Findings shown, in total order, with ids and incidents.
    pub findings: Vec<NumberedFinding>,
    /// Incidents, in id order.
    pub incidents: Vec<Incident>,
    /// Attacker infrastructure.
    pub infra: Infrastructure,
    /// Accounts (any kind) that acted from each attacker IP or session.
    pub infra_users: BTreeMap<InfraKey, BTreeSet<String>>,
    links: EventLinks,
    user_incident: BTreeMap<String, String>,
    key_incident: BTreeMap<InfraKey, String>,
    directory: Directory,
    ioc: IocTags,
}

impl Correlation {
    fn new(
        numbered: Vec<(Option<String>, Finding)>,
        incidents: Vec<Incident>,
        infra: Infrastructure,
        scanned: Scanned,
        directory: Directory,
        files: &[String],
    ) -> Correlation {
        let user_incident: BTreeMap<String, String> = incidents
            .iter()
            .map(|i| (i.user.clone(), i.incident_id.clone()))
            .collect();
        let mut key_incident: BTreeMap<InfraKey, String> = BTreeMap::new();
        for key in infra
            .ips
            .keys()
            .map(|ip| InfraKey::Ip(*ip))
            .chain(infra.sessions.keys().map(|s| InfraKey::Session(s.clone())))
        {
            let owner = infra
                .owners(&key)
                .iter()
                .filter_map(|u| user_incident.get(u))
                .min()
                .cloned();
            if let Some(i) = owner {
                key_incident.insert(key, i);
            }
        }
        let findings: Vec<NumberedFinding> = numbered
            .into_iter()
            .filter_map(|(id, f)| {
                let id = id?;
                let incident_id = user_incident.get(&f.user).cloned().or_else(|| {
                    infra
                        .hit_finding(&f)
                        .and_then(|k| key_incident.get(&k).cloned())
                });
                let sources = f
                    .evidence
                    .iter()
                    .map(|e| {
                        let path = files.get(e.file as usize).map_or("?", String::as_str);
                        format!("{path}:{}", e.line)
                    })
                    .collect();
                Some(NumberedFinding {
                    id,
                    finding: f,
                    incident_id,
                    sources,
                })
            })
            .collect();
        let links = EventLinks::new(
            findings
                .iter()
                .map(|n| (n.id.as_str(), &n.finding, n.incident_id.as_deref())),
        );
        let mut infra_users: BTreeMap<InfraKey, BTreeSet<String>> = BTreeMap::new();
        for (user, act) in &scanned.activity {
            for k in act.keys.keys() {
                infra_users
                    .entry(k.clone())
                    .or_default()
                    .insert(user.clone());
            }
        }
        Correlation {
            findings,
            incidents,
            infra,
            infra_users,
            links,
            user_incident,
            key_incident,
            directory,
            ioc: IocTags::default(),
        }
    }

    /// The incident of an account, when it has one.
    pub fn incident_of(&self, user: &str) -> Option<&str> {
        self.user_incident.get(user).map(String::as_str)
    }

    /// The incident that owns an attacker IP or session.
    pub fn incident_of_key(&self, key: &InfraKey) -> Option<&str> {
        self.key_incident.get(key).map(String::as_str)
    }

    /// What correlation says about `ev`. Its incident is the actor's when the event is
    /// part of it (from attacker infrastructure, or evidence of its findings); else the
    /// incident owning the attacker infrastructure it came from; else a finding's.
    pub fn annotate(&self, ev: &Event) -> Annotation<'_> {
        let attacker = self.infra.hit(ev);
        let link = self.links.get(&ev.pos);
        let own = self.incident_of(&ev.actor.key).filter(|inc| {
            attacker.is_some() || link.is_some_and(|l| l.incident_ids.contains(*inc))
        });
        let incident_id = own
            .or_else(|| attacker.as_ref().and_then(|k| self.incident_of_key(k)))
            .or_else(|| link.and_then(|l| l.incident_ids.iter().next().map(String::as_str)));
        Annotation {
            attacker,
            link,
            incident_id,
            ioc: self.ioc.of(ev),
        }
    }

    /// Whether the writing pass needs the whole event behind this probe: it would give a
    /// timeline row (the test of [`Self::timeline_row`]) or accessed messages (attacker
    /// activity only).
    pub fn wants(&self, p: &stored::Probe<'_>, mode: TimelineMode) -> bool {
        let attacker = self.infra.hits_probe(p);
        if attacker {
            return true;
        }
        p.time_known
            && (mode == TimelineMode::All
                || self.links.get(&p.pos).is_some()
                || self.incident_of(p.actor).is_some()
                || p.mailbox_owner
                    .is_some_and(|m| self.incident_of(m).is_some())
                || self.ioc.wants(p))
    }

    /// The timeline row of `ev`, or `None` when the mode leaves it out. Records without a
    /// time (rule inventory) are never in the timeline: they are named with their
    /// incident and findings as "time unknown".
    pub fn timeline_row(
        &self,
        ev: &Event,
        ann: &Annotation,
        files: &[String],
        mode: TimelineMode,
    ) -> Option<TimelineRow> {
        if !ev.time_known {
            return None;
        }
        let relevant = mode == TimelineMode::All
            || ann.attacker.is_some()
            || ann.link.is_some()
            || ann.ioc.is_some()
            || self.incident_of(&ev.actor.key).is_some()
            || ev
                .mailbox_owner
                .as_deref()
                .is_some_and(|m| self.incident_of(m).is_some());
        if !relevant {
            return None;
        }
        let mut row = timeline::row(ev, files, &self.directory);
        let mut tags: Vec<String> = Vec::new();
        if let Some(l) = ann.link {
            row.severity = l.severity.as_str().to_string();
            row.detector_ids = l.detector_ids.iter().cloned().collect::<Vec<_>>().join(";");
            tags.extend(l.finding_ids.iter().cloned());
        }
        if let Some(t) = &ann.ioc {
            tag_ioc(&mut row, t);
        }
        if ann.attacker.is_some() {
            row.attacker_activity = true;
            tags.push("attacker_activity".into());
        }
        if let Some(i) = ann.incident_id {
            row.incident_id = i.to_string();
            tags.push(i.to_string());
        }
        row.tag = tags;
        Some(row)
    }

    /// Rows of accessed_messages.csv for `ev` (mail access from attacker infrastructure).
    pub fn accessed(&self, ev: &Event, ann: &Annotation, files: &[String]) -> Vec<AccessedMessage> {
        if ann.attacker.is_none() {
            return Vec::new();
        }
        accessed::rows(ev, ann.incident_id.unwrap_or_default(), files)
    }
}

/// An indicator match on a row: its detector ids joined with the findings' (in id
/// order), severity raised to the indicator findings', the indicators in `ioc`.
fn tag_ioc(row: &mut TimelineRow, t: &IocTag) {
    let mut ids: BTreeSet<&str> = row
        .detector_ids
        .split(';')
        .filter(|s| !s.is_empty())
        .collect();
    ids.extend(t.detector_ids.iter().copied());
    row.detector_ids = ids.into_iter().collect::<Vec<_>>().join(";");
    let current = row.severity.parse::<Severity>().ok();
    if current.is_none_or(|s| s < t.severity) {
        row.severity = t.severity.as_str().to_string();
    }
    row.ioc = t.text.clone();
}
