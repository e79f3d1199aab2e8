//! MT-R01: Inbox rule forwards or redirects mail outside the tenant. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R01",
    title: "Inbox rule forwards or redirects mail outside the tenant",
    severity: Severity::High,
    techniques: &["T1114.003"],
    status: Status::Experimental,
    description: "Inbox rule forwards or redirects mail outside the tenant.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct RuleForwardExternal;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(RuleForwardExternal)
}

impl Detector for RuleForwardExternal {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
