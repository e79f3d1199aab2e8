//! MT-M04: Suspicious sending (Send-As volume, risky network). (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M04",
    title: "Suspicious sending (Send-As volume, risky network)",
    severity: Severity::Medium,
    techniques: &["T1114", "T1534"],
    status: Status::Experimental,
    description: "Suspicious sending (Send-As volume, risky network).",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SendSuspicious;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SendSuspicious)
}

impl Detector for SendSuspicious {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
