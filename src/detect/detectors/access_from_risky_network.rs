//! MT-M01: Mailbox items accessed from a hosting, VPN or proxy network. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M01",
    title: "Mailbox items accessed from a hosting, VPN or proxy network",
    severity: Severity::High,
    techniques: &["T1114.002"],
    status: Status::Experimental,
    description: "Mailbox items accessed from a hosting, VPN or proxy network.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct AccessFromRiskyNetwork;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AccessFromRiskyNetwork)
}

impl Detector for AccessFromRiskyNetwork {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
