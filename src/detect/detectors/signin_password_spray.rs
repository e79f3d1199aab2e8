//! MT-S06: Password spray or brute force. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S06",
    title: "Password spray or brute force",
    severity: Severity::Medium,
    techniques: &["T1110.001", "T1110.003"],
    status: Status::Experimental,
    description: "Password spray or brute force.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninPasswordSpray;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninPasswordSpray)
}

impl Detector for SigninPasswordSpray {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
