//! MT-M02: Bulk mailbox access. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M02",
    title: "Bulk mailbox access",
    severity: Severity::Medium,
    techniques: &["T1114.002"],
    status: Status::Experimental,
    description: "Bulk mailbox access.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct AccessBulk;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AccessBulk)
}

impl Detector for AccessBulk {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
