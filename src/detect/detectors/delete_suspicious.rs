//! MT-M05: Mass deletion or deletion of security notifications. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M05",
    title: "Mass deletion or deletion of security notifications",
    severity: Severity::Medium,
    techniques: &["T1070.008"],
    status: Status::Experimental,
    description: "Mass deletion or deletion of security notifications.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct DeleteSuspicious;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(DeleteSuspicious)
}

impl Detector for DeleteSuspicious {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
