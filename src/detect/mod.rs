//! Detect stage: independent detectors turn events into findings (SPEC §6). Each detector
//! is one file in `detectors/`, registered by one line in `registry.rs`; it sees every
//! event in time order and keeps only bounded per-user state. Detectors never read each
//! other's findings — combining them (escalation, incidents) is `correlate`'s job.

pub mod catalogue;
pub mod config;
pub mod context;
pub mod detectors;
pub mod engine;
pub mod finding;
pub mod lists;
pub mod severity;
pub mod state;
pub mod tenant;

pub use context::Context;
pub use engine::Engine;
pub use finding::{EvidenceRef, Finding};
pub use severity::Severity;

use crate::event::Event;

/// Maturity of a detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Tuned and tested on realistic data.
    Stable,
    /// New or noisy; expect false positives.
    Experimental,
}

impl Status {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Stable => "stable",
            Status::Experimental => "experimental",
        }
    }
}

/// A named, documented, configurable threshold of a detector.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// Name used in the configuration file (`failures`, `window_minutes`, …).
    pub name: &'static str,
    /// Default value.
    pub default: f64,
    /// What it means, with its unit.
    pub doc: &'static str,
}

/// What a detector is: its catalogue entry (shown by `mailtrail detectors`).
#[derive(Debug)]
pub struct DetectorMeta {
    /// Stable id, `MT-<area><nn>`.
    pub id: &'static str,
    /// Short title.
    pub title: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// ATT&CK technique ids.
    pub techniques: &'static [&'static str],
    /// Stable or experimental.
    pub status: Status,
    /// One paragraph: what it finds and why it matters.
    pub description: &'static str,
    /// Event fields the detector reads.
    pub fields: &'static [&'static str],
    /// Thresholds.
    pub params: &'static [Param],
}

/// A detector: sees every event in time order, emits findings.
pub trait Detector: Send {
    /// Catalogue entry.
    fn meta(&self) -> &'static DetectorMeta;
    /// Look at one event.
    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>);
    /// Called once after the last event (windowed and aggregating detectors report here).
    fn finish(&mut self, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
