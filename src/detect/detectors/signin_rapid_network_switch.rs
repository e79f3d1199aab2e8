//! MT-S09: Successive sign-ins from different networks within seconds. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S09",
    title: "Successive sign-ins from different networks within seconds",
    severity: Severity::Medium,
    techniques: &["T1557"],
    status: Status::Experimental,
    description: "Successive sign-ins from different networks within seconds.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninRapidNetworkSwitch;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninRapidNetworkSwitch)
}

impl Detector for SigninRapidNetworkSwitch {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
