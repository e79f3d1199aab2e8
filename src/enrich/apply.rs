//! Enrichment of events: fills `Event::net` from the event's client IP. The sign-in
//! log's own ASN wins over the table's; its own location is kept on the event and
//! preferred by the outputs.

use super::Enricher;
use crate::event::Event;

impl Enricher {
    /// Set `ev.net` when the event has an IP; events without one are left as they are.
    pub fn enrich_event(&self, ev: &mut Event) {
        if let Some(ip) = ev.ip {
            ev.net = Some(self.lookup_with_source_asn(ip, ev.source_asn));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::{EnrichOptions, NetClass};
    use crate::event::SourcePos;

    #[test]
    fn events_get_network_facts_and_source_asn_wins() {
        let e = Enricher::new(&EnrichOptions::default()).unwrap();
        let mut ev = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "ual-json",
        );
        ev.ip = Some("159.203.1.1".parse().unwrap());
        e.enrich_event(&mut ev);
        let net = ev.net.clone().unwrap();
        assert_eq!((net.asn, net.class), (Some(14061), NetClass::Hosting));
        ev.source_asn = Some(16276);
        e.enrich_event(&mut ev);
        assert_eq!(ev.net.unwrap().asn, Some(16276));
        let mut none = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "ual-json",
        );
        e.enrich_event(&mut none);
        assert!(none.net.is_none());
    }
}
