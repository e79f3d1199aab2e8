//! MT-M06: Mailbox searches for finance or credential terms. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M06",
    title: "Mailbox searches for finance or credential terms",
    severity: Severity::Medium,
    techniques: &["T1114.002", "T1552"],
    status: Status::Experimental,
    description: "Mailbox searches for finance or credential terms.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SearchSuspicious;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SearchSuspicious)
}

impl Detector for SearchSuspicious {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
