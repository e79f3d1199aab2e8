//! MT-P02: OAuth consent with mail scopes or tenant-wide. (Stub: the detector is being written.)

use crate::detect::{Context, Detector, DetectorMeta, Finding, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-P02",
    title: "OAuth consent with mail scopes or tenant-wide",
    severity: Severity::Medium,
    techniques: &["T1528", "T1098.003"],
    status: Status::Experimental,
    description: "OAuth consent with mail scopes or tenant-wide.",
    fields: &[],
    params: &[],
};

/// The detector.
#[derive(Debug, Default)]
pub struct OauthConsent;

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(OauthConsent)
}

impl Detector for OauthConsent {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, _ev: &Event, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
