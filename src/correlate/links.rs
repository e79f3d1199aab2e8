//! Findings joined back onto the events that support them. The join key is the event's
//! full position — file, line and record number — because a compact JSON array holds
//! every record on line 1 (regression: `tests/correlate.rs`). Memory grows with findings
//! (at most 25 evidence references each).

use std::collections::{BTreeSet, HashMap};

use crate::detect::{Finding, Severity};
use crate::event::SourcePos;

/// What findings say about one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventLink {
    /// Highest severity of the findings.
    pub severity: Severity,
    /// Their detector ids.
    pub detector_ids: BTreeSet<String>,
    /// Their finding ids, in id order.
    pub finding_ids: BTreeSet<String>,
    /// Incidents of those findings.
    pub incident_ids: BTreeSet<String>,
}

/// Findings by the position of their evidence events.
#[derive(Debug, Default)]
pub struct EventLinks {
    by_pos: HashMap<SourcePos, EventLink>,
}

impl EventLinks {
    /// Index shown findings: `(finding id, finding, incident id)`.
    pub fn new<'a>(
        findings: impl Iterator<Item = (&'a str, &'a Finding, Option<&'a str>)>,
    ) -> EventLinks {
        let mut by_pos: HashMap<SourcePos, EventLink> = HashMap::new();
        for (id, f, incident) in findings {
            for e in &f.evidence {
                let link = by_pos.entry(e.position()).or_insert_with(|| EventLink {
                    severity: f.severity,
                    detector_ids: BTreeSet::new(),
                    finding_ids: BTreeSet::new(),
                    incident_ids: BTreeSet::new(),
                });
                link.severity = link.severity.max(f.severity);
                link.detector_ids.insert(f.detector_id.clone());
                link.finding_ids.insert(id.to_string());
                if let Some(i) = incident {
                    link.incident_ids.insert(i.to_string());
                }
            }
        }
        EventLinks { by_pos }
    }

    /// The findings of the event at `pos`.
    pub fn get(&self, pos: &SourcePos) -> Option<&EventLink> {
        self.by_pos.get(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlate::testkit::finding;
    use crate::detect::EvidenceRef;

    #[test]
    fn records_on_one_line_are_told_apart() {
        let mut f = finding("MT-R02", Severity::High, "1.2.3.4", "hosting", 1);
        f.evidence = vec![EvidenceRef {
            record_id: None,
            file: 0,
            line: 1,
            record: 7,
        }];
        let links = EventLinks::new([("F00001", &f, Some("I0001"))].into_iter());
        let pos = |record| SourcePos {
            file: 0,
            line: 1,
            record,
        };
        assert!(links.get(&pos(7)).is_some());
        assert!(links.get(&pos(8)).is_none(), "another record on line 1");
    }
}
