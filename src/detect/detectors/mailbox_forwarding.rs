//! MT-R05: Mailbox forwarding set. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-R05",
    title: "Mailbox forwarding set",
    severity: Severity::High,
    techniques: &["T1114.003"],
    status: Status::Experimental,
    description: "Mailbox forwarding set.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct MailboxForwarding;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(MailboxForwarding)
}

impl Detector for MailboxForwarding {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
