//! MT-P03: Audit logging disabled or bypassed. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-P03",
    title: "Audit logging disabled or bypassed",
    severity: Severity::High,
    techniques: &["T1562.008"],
    status: Status::Experimental,
    description: "Audit logging disabled or bypassed.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct AuditTampering;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AuditTampering)
}

impl Detector for AuditTampering {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
