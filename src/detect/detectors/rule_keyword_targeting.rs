//! MT-R03: Inbox rule targets finance or security keywords. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R03",
    title: "Inbox rule targets finance or security keywords",
    severity: Severity::Medium,
    techniques: &["T1564.008", "T1114.003"],
    status: Status::Experimental,
    description: "Inbox rule targets finance or security keywords.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct RuleKeywordTargeting;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(RuleKeywordTargeting)
}

impl Detector for RuleKeywordTargeting {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
