//! MT-R02: Inbox rule hides mail. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R02",
    title: "Inbox rule hides mail",
    severity: Severity::Medium,
    techniques: &["T1564.008"],
    status: Status::Experimental,
    description: "Inbox rule hides mail.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct RuleHidesMail;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(RuleHidesMail)
}

impl Detector for RuleHidesMail {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
