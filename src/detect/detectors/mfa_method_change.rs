//! MT-P01: MFA or security-info method changed. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-P01",
    title: "MFA or security-info method changed",
    severity: Severity::Low,
    techniques: &["T1556.006", "T1098.005"],
    status: Status::Experimental,
    description: "MFA or security-info method changed.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct MfaMethodChange;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(MfaMethodChange)
}

impl Detector for MfaMethodChange {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
