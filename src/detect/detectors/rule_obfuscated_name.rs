//! MT-R04: Inbox rule with an obfuscated name. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R04",
    title: "Inbox rule with an obfuscated name",
    severity: Severity::Medium,
    techniques: &["T1564.008"],
    status: Status::Experimental,
    description: "Inbox rule with an obfuscated name.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct RuleObfuscatedName;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(RuleObfuscatedName)
}

impl Detector for RuleObfuscatedName {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
