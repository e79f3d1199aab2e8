//! MT-S07: Failed sign-ins followed by a success. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S07",
    title: "Failed sign-ins followed by a success",
    severity: Severity::High,
    techniques: &["T1110"],
    status: Status::Experimental,
    description: "Failed sign-ins followed by a success.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninFailuresThenSuccess;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninFailuresThenSuccess)
}

impl Detector for SigninFailuresThenSuccess {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
