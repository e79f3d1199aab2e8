//! MT-S02: Sign-in from an ASN or country new for the user. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S02",
    title: "Sign-in from an ASN or country new for the user",
    severity: Severity::Low,
    techniques: &["T1078.004"],
    status: Status::Experimental,
    description: "Sign-in from an ASN or country new for the user.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninNewNetwork;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninNewNetwork)
}

impl Detector for SigninNewNetwork {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
