//! Runs every enabled detector over batches of time-ordered events, in parallel across
//! detectors (each detector still sees the events in order), and collects the findings
//! in registry order — so the result never depends on the thread count.

use rayon::prelude::*;

use super::context::Context;
use super::finding::Finding;
use super::{Detector, detectors};

/// The detection engine of one run.
pub struct Engine {
    detectors: Vec<Box<dyn Detector>>,
    found: Vec<Vec<Finding>>,
    ctx: Context,
}

impl Engine {
    /// Every registered detector that the context enables.
    pub fn new(ctx: Context) -> Engine {
        let detectors: Vec<Box<dyn Detector>> = detectors::all()
            .into_iter()
            .filter(|d| ctx.enabled(d.meta().id))
            .collect();
        let found = detectors.iter().map(|_| Vec::new()).collect();
        Engine {
            detectors,
            found,
            ctx,
        }
    }

    /// The context detectors run with.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Feed a batch of events (in time order).
    pub fn observe_batch(&mut self, events: &[crate::event::Event]) {
        let ctx = &self.ctx;
        self.detectors
            .par_iter_mut()
            .zip(self.found.par_iter_mut())
            .for_each(|(d, out)| {
                for ev in events {
                    d.observe(ev, ctx, out);
                }
            });
    }

    /// Finish every detector; returns all findings with configured severities applied.
    pub fn finish(mut self) -> Vec<Finding> {
        let ctx = &self.ctx;
        self.detectors
            .par_iter_mut()
            .zip(self.found.par_iter_mut())
            .for_each(|(d, out)| {
                d.finish(ctx, out);
            });
        let mut all: Vec<Finding> = self.found.into_iter().flatten().collect();
        for f in &mut all {
            if let Some(sev) = ctx.settings.get(&f.detector_id).and_then(|s| s.severity) {
                f.severity = sev;
            }
        }
        all
    }
}
