//! MT-S10: Adversary-in-the-middle sign-in indicators. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S10",
    title: "Adversary-in-the-middle sign-in indicators",
    severity: Severity::High,
    techniques: &["T1557", "T1539"],
    status: Status::Experimental,
    description: "Adversary-in-the-middle sign-in indicators.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninAitmIndicators;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninAitmIndicators)
}

impl Detector for SigninAitmIndicators {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
