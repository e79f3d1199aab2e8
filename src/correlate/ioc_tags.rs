//! Indicator matches on timeline rows. A finding of MT-I01/MT-I02 cites at most
//! `EVIDENCE_MAX` events, but every event that matched must carry its detector id, its
//! severity and the indicators it matched (the `ioc` column), and stay in the relevant
//! timeline. So the writing pass asks the same matcher the detectors used, for the
//! events of accounts that have a shown indicator finding (on the side it has one), and
//! for nothing else. Without `--ioc`, or with no shown indicator finding, this does
//! nothing.

use std::collections::HashMap;
use std::sync::Arc;

use super::NumberedFinding;
use super::stored::Probe;
use crate::detect::Severity;
use crate::detect::detectors::indicator_match::{CONTENT, NETWORK};
use crate::detect::indicators::Indicators;
use crate::detect::indicators::matcher::{Hit, Side};
use crate::event::Event;

/// What the indicators say about one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IocTag {
    /// Detector ids of the sides it matched (`MT-I01`, `MT-I02`).
    pub detector_ids: Vec<&'static str>,
    /// Highest severity of the account's findings on those sides.
    pub severity: Severity,
    /// The indicators matched: `ip:203.0.113.7 (RedVDS host)`, `;`-joined.
    pub text: String,
}

/// The indicators and the accounts with shown indicator findings.
#[derive(Debug, Default)]
pub struct IocTags {
    indicators: Arc<Indicators>,
    /// Account → highest severity of its shown findings on each side (network, content).
    shown: HashMap<String, [Option<Severity>; 2]>,
}

const SIDES: [(Side, &str); 2] = [(Side::Network, NETWORK.id), (Side::Content, CONTENT.id)];

impl IocTags {
    /// From the run's indicators and its shown findings.
    pub fn new(indicators: Arc<Indicators>, findings: &[NumberedFinding]) -> IocTags {
        let mut shown: HashMap<String, [Option<Severity>; 2]> = HashMap::new();
        for n in findings {
            let f = &n.finding;
            if let Some(i) = SIDES.iter().position(|(_, id)| *id == f.detector_id) {
                let slot = &mut shown.entry(f.user.clone()).or_default()[i];
                *slot = Some(slot.map_or(f.severity, |s| s.max(f.severity)));
            }
        }
        IocTags { indicators, shown }
    }

    /// Whether the event behind a probe may be tagged (its account has a shown finding,
    /// and when only addresses are listed, its IP matches one).
    pub fn wants(&self, p: &Probe<'_>) -> bool {
        let Some(sides) = self.shown.get(p.actor) else {
            return false;
        };
        let matcher = self.indicators.matcher();
        if matcher.only_addresses() {
            return sides[0].is_some() && p.ip.is_some_and(|ip| matcher.ip(ip).next().is_some());
        }
        true
    }

    /// The tag of an event, when it matches an indicator on a side its account has a
    /// shown finding for.
    pub fn of(&self, ev: &Event) -> Option<IocTag> {
        if self.shown.is_empty() {
            return None;
        }
        let sides = self.shown.get(&ev.actor.key)?;
        let mut tag = IocTag {
            detector_ids: Vec::new(),
            severity: Severity::Info,
            text: String::new(),
        };
        let mut texts: Vec<String> = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        for ((side, id), sev) in SIDES.iter().zip(sides) {
            let Some(sev) = sev else {
                continue;
            };
            hits.clear();
            self.indicators.matcher().hits(ev, *side, &mut hits);
            if hits.is_empty() {
                continue;
            }
            tag.detector_ids.push(*id);
            tag.severity = tag.severity.max(*sev);
            for h in &hits {
                let text = self.indicators.get(h.indicator).tag();
                if !texts.contains(&text) {
                    texts.push(text);
                }
            }
        }
        if texts.is_empty() {
            return None;
        }
        tag.text = texts.join(";");
        Some(tag)
    }
}
