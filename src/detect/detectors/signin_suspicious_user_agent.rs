//! MT-S04: Sign-in with a scripting or attack-tool user agent. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S04",
    title: "Sign-in with a scripting or attack-tool user agent",
    severity: Severity::High,
    techniques: &["T1078.004", "T1110.003"],
    status: Status::Experimental,
    description: "Sign-in with a scripting or attack-tool user agent.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninSuspiciousUserAgent;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninSuspiciousUserAgent)
}

impl Detector for SigninSuspiciousUserAgent {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
