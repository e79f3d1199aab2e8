//! MT-S01: Successful sign-in from a hosting, VPN or proxy network. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S01",
    title: "Successful sign-in from a hosting, VPN or proxy network",
    severity: Severity::High,
    techniques: &["T1078.004"],
    status: Status::Experimental,
    description: "Successful sign-in from a hosting, VPN or proxy network.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninHostingAsn;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninHostingAsn)
}

impl Detector for SigninHostingAsn {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
