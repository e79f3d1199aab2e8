//! MT-S12: Sign-in to an application abused for mailbox theft. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S12",
    title: "Sign-in to an application abused for mailbox theft",
    severity: Severity::High,
    techniques: &["T1114.002", "T1528"],
    status: Status::Experimental,
    description: "Sign-in to an application abused for mailbox theft.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninAbusedApp;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninAbusedApp)
}

impl Detector for SigninAbusedApp {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
