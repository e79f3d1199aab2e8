//! MT-R06: Transport rule sends mail outside the tenant. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R06",
    title: "Transport rule sends mail outside the tenant",
    severity: Severity::High,
    techniques: &["T1114.003"],
    status: Status::Experimental,
    description: "Transport rule sends mail outside the tenant.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct TransportRuleExternal;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(TransportRuleExternal)
}

impl Detector for TransportRuleExternal {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
