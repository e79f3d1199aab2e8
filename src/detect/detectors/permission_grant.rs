//! MT-M07: Mailbox, Send-As or folder permission granted. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M07",
    title: "Mailbox, Send-As or folder permission granted",
    severity: Severity::Medium,
    techniques: &["T1098.002"],
    status: Status::Experimental,
    description: "Mailbox, Send-As or folder permission granted.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct PermissionGrant;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(PermissionGrant)
}

impl Detector for PermissionGrant {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
