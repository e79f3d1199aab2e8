//! The network facts of an event, with one precedence rule for every stage that reads them
//! (detectors, allow-lists, findings, the timeline), so a finding never shows a country or
//! ASN other than the one it was judged by.
//!
//! Enrichment first: the embedded table gives the same answer for the same address in
//! every record, whether it came from the UAL (which reports no location) or an Entra
//! sign-in, so one user's records are compared like with like. (Enrichment itself already
//! prefers the sign-in log's own ASN to the table's.) The source's own ASN and location
//! fill in when enrichment has none.

use super::Event;
use crate::enrich::NetClass;

impl Event {
    /// Autonomous system number.
    pub fn asn(&self) -> Option<u32> {
        self.net.as_ref().and_then(|n| n.asn).or(self.source_asn)
    }

    /// Network class (enrichment only; sources do not classify).
    pub fn net_class(&self) -> Option<NetClass> {
        self.net.as_ref().map(|n| n.class)
    }

    /// ISO country code, never empty.
    pub fn country(&self) -> Option<&str> {
        self.net
            .as_ref()
            .and_then(|n| n.country.as_deref())
            .filter(|c| !c.is_empty())
            .or_else(|| self.location.as_ref().and_then(|l| l.country.as_deref()))
            .filter(|c| !c.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use crate::enrich::{NetClass, NetInfo};
    use crate::event::{Event, Location, SourcePos};

    #[test]
    fn enrichment_first_then_the_source() {
        let pos = SourcePos {
            file: 0,
            line: 1,
            record: 1,
        };
        let mut e = Event::new(pos, "test");
        e.source_asn = Some(14061);
        e.location = Some(Location {
            country: Some("CA".into()),
            ..Location::default()
        });
        assert_eq!(
            (e.asn(), e.country(), e.net_class()),
            (Some(14061), Some("CA"), None)
        );
        e.net = Some(NetInfo {
            asn: Some(16276),
            as_org: None,
            class: NetClass::Hosting,
            class_reason: String::new(),
            country: Some("FR".into()),
        });
        assert_eq!(
            (e.asn(), e.country(), e.net_class()),
            (Some(16276), Some("FR"), Some(NetClass::Hosting))
        );
    }
}
