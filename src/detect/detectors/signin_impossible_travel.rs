//! MT-S03: Impossible travel between successful sign-ins. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S03",
    title: "Impossible travel between successful sign-ins",
    severity: Severity::Medium,
    techniques: &["T1078.004"],
    status: Status::Experimental,
    description: "Impossible travel between successful sign-ins.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninImpossibleTravel;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninImpossibleTravel)
}

impl Detector for SigninImpossibleTravel {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
