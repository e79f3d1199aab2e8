//! MT-M03: Mailbox accessed by a new or abused client application. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M03",
    title: "Mailbox accessed by a new or abused client application",
    severity: Severity::Low,
    techniques: &["T1114.002"],
    status: Status::Experimental,
    description: "Mailbox accessed by a new or abused client application.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct AccessUnusualClient;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AccessUnusualClient)
}

impl Detector for AccessUnusualClient {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
