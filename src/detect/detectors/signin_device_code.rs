//! MT-S11: Device-code or authentication-broker sign-in. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S11",
    title: "Device-code or authentication-broker sign-in",
    severity: Severity::Medium,
    techniques: &["T1528", "T1566.002"],
    status: Status::Experimental,
    description: "Device-code or authentication-broker sign-in.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninDeviceCode;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninDeviceCode)
}

impl Detector for SigninDeviceCode {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
