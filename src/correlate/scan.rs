//! The correlation pass over the time-ordered events (after detection): which findings
//! were made from attacker infrastructure, what every account did from it, and the
//! artefacts behind findings (rules, forwarding, MFA methods…). Bounded:
//! the evidence index grows with findings, activity with accounts, artefacts are capped.

use std::collections::{BTreeMap, HashMap};

use super::activity::{Activity, Artefact};
use super::infrastructure::{InfraKey, Infrastructure};
use crate::detect::Finding;
use crate::event::{Event, SourcePos};

/// Most artefacts kept from findings' evidence (beyond attacker activity's own).
const EVIDENCE_ARTEFACTS_MAX: usize = 5_000;

/// Pass-2 state.
pub struct Scan {
    evidence: HashMap<SourcePos, Vec<usize>>,
    out: Scanned,
}

/// What the pass found.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Per finding (same index): the attacker IP or session one of its evidence events
    /// came from.
    pub from_infra: Vec<Option<InfraKey>>,
    /// Artefacts of findings' evidence events, by position.
    pub evidence_artefacts: BTreeMap<SourcePos, Artefact>,
    /// Activity from attacker infrastructure, per acting account key.
    pub activity: BTreeMap<String, Activity>,
}

impl Scan {
    /// Index the findings' evidence by event position.
    pub fn new(findings: &[Finding]) -> Scan {
        let mut evidence: HashMap<SourcePos, Vec<usize>> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            for e in &f.evidence {
                evidence.entry(e.position()).or_default().push(i);
            }
        }
        Scan {
            evidence,
            out: Scanned {
                from_infra: vec![None; findings.len()],
                ..Scanned::default()
            },
        }
    }

    /// Whether [`Self::observe`] would do anything with the stored event: it is a
    /// finding's evidence or came from attacker infrastructure.
    pub fn wants(&self, p: &super::stored::Probe<'_>, infra: &Infrastructure) -> bool {
        self.evidence.contains_key(&p.pos) || infra.hits_probe(p)
    }

    /// Look at one event (any order works; time order keeps samples chronological).
    pub fn observe(&mut self, ev: &Event, infra: &Infrastructure) {
        let hit = infra.hit(ev);
        if let Some(found) = self.evidence.get(&ev.pos) {
            if let Some(key) = &hit {
                for &i in found {
                    self.out.from_infra[i].get_or_insert_with(|| key.clone());
                }
            }
            if self.out.evidence_artefacts.len() < EVIDENCE_ARTEFACTS_MAX
                && let Some(a) = Artefact::of(ev)
            {
                self.out.evidence_artefacts.insert(ev.pos, a);
            }
        }
        if let Some(key) = hit {
            self.out
                .activity
                .entry(ev.actor.key.clone())
                .or_default()
                .add(ev, &key);
        }
    }

    /// Hand over what was found.
    pub fn finish(self) -> Scanned {
        self.out
    }
}
