//! Findings: what a detector reports, with the evidence that supports it.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::DetectorMeta;
use super::severity::Severity;
use crate::event::{Event, FileId, SourcePos};

/// Most evidence references kept per finding (the total is counted).
pub const EVIDENCE_MAX: usize = 25;

/// One event that supports a finding. Its identity is the event's position — file, line
/// and record number — because one line can hold many records (a compact JSON array, as
/// Graph responses are saved, has every record on line 1).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EvidenceRef {
    /// Source record id, when the record has one.
    pub record_id: Option<String>,
    /// Input file id.
    pub file: FileId,
    /// Line in that file where the record starts.
    pub line: u64,
    /// Record number within the file (1-based).
    pub record: u64,
}

impl EvidenceRef {
    /// Reference to an event.
    pub fn of(ev: &Event) -> EvidenceRef {
        EvidenceRef {
            record_id: ev.record_id.clone(),
            file: ev.pos.file,
            line: ev.pos.line,
            record: ev.pos.record,
        }
    }

    /// The event position this evidence points at (unique per record in a run).
    pub fn position(&self) -> SourcePos {
        SourcePos {
            file: self.file,
            line: self.line,
            record: self.record,
        }
    }
}

/// The total-order key of a finding (see [`Finding::sort_key`]).
pub type FindingKey<'a> = (
    DateTime<Utc>,
    &'a str,
    &'a str,
    Option<SourcePos>,
    &'a str,
    &'a [EvidenceRef],
);

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Detector id (`MT-S01`).
    pub detector_id: String,
    /// Detector title.
    pub title: String,
    /// Severity (after configuration overrides and correlation).
    pub severity: Severity,
    /// ATT&CK technique ids.
    pub techniques: Vec<String>,
    /// First supporting event time.
    pub time_first: DateTime<Utc>,
    /// Last supporting event time.
    pub time_last: DateTime<Utc>,
    /// User the finding is about (canonical key).
    pub user: String,
    /// Client IP involved, when one.
    pub ip: Option<IpAddr>,
    /// ASN of that IP.
    pub asn: Option<u32>,
    /// AS organisation.
    pub as_org: Option<String>,
    /// Network class name.
    pub network_class: Option<String>,
    /// Country code.
    pub country: Option<String>,
    /// Session id involved, when one.
    pub session_id: Option<String>,
    /// Operation(s), `;`-joined.
    pub operation: String,
    /// One-line human summary (plain text; writers neutralise it).
    pub summary: String,
    /// Supporting events (at most [`EVIDENCE_MAX`]).
    pub evidence: Vec<EvidenceRef>,
    /// Number of supporting events in all.
    pub evidence_count: u64,
    /// Why the severity was raised by correlation, if it was.
    pub escalation: Option<String>,
}

impl Finding {
    /// A finding about one event, at the detector's default severity.
    pub fn from_event(meta: &DetectorMeta, ev: &Event, summary: impl Into<String>) -> Finding {
        let net = ev.net.as_ref();
        Finding {
            detector_id: meta.id.to_string(),
            title: meta.title.to_string(),
            severity: meta.severity,
            techniques: meta.techniques.iter().map(|t| t.to_string()).collect(),
            time_first: ev.time,
            time_last: ev.time,
            user: ev.actor.key.clone(),
            ip: ev.ip,
            asn: ev.asn(),
            as_org: net.and_then(|n| n.as_org.clone()),
            network_class: net.map(|n| n.class.as_str().to_string()),
            country: ev.country().map(String::from),
            session_id: ev.sessions.primary().map(String::from),
            operation: ev.operation.clone(),
            summary: summary.into(),
            evidence: vec![EvidenceRef::of(ev)],
            evidence_count: 1,
            escalation: None,
        }
    }

    /// Set the severity.
    pub fn with_severity(mut self, s: Severity) -> Finding {
        self.severity = s;
        self
    }

    /// Add a supporting event (time span, evidence, operations).
    pub fn add_event(&mut self, ev: &Event) {
        self.time_first = self.time_first.min(ev.time);
        self.time_last = self.time_last.max(ev.time);
        self.evidence_count += 1;
        if self.evidence.len() < EVIDENCE_MAX {
            self.evidence.push(EvidenceRef::of(ev));
        }
        if !self.operation.split(';').any(|o| o == ev.operation) {
            self.operation.push(';');
            self.operation.push_str(&ev.operation);
        }
    }

    /// Total-order sort key: time, user, detector, first evidence position, then the
    /// summary and the evidence, so that even findings a detector emitted in hash-map
    /// order come out in one order.
    pub fn sort_key(&self) -> FindingKey<'_> {
        let first = self.evidence.first().map(EvidenceRef::position);
        (
            self.time_first,
            self.user.as_str(),
            self.detector_id.as_str(),
            first,
            self.summary.as_str(),
            &self.evidence,
        )
    }
}
