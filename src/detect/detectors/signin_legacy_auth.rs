//! MT-S05: Successful legacy-authentication or ROPC sign-in. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S05",
    title: "Successful legacy-authentication or ROPC sign-in",
    severity: Severity::Medium,
    techniques: &["T1078.004", "T1110"],
    status: Status::Experimental,
    description: "Successful legacy-authentication or ROPC sign-in.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct SigninLegacyAuth;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninLegacyAuth)
}

impl Detector for SigninLegacyAuth {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
