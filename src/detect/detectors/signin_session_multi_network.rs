//! MT-S08: One session used from several networks. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S08",
    title: "One session used from several networks",
    severity: Severity::High,
    techniques: &["T1550.004", "T1539"],
    status: Status::Experimental,
    description: "One session used from several networks.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninSessionMultiNetwork;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninSessionMultiNetwork)
}

impl Detector for SigninSessionMultiNetwork {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
