//! Where an event came from, as the mailbox detectors judge an action by it. Many actions
//! users do every day — deleting a sign-in notice, a delegate's Send-As, an admin setting
//! forwarding — mean little from the tenant's own or a residential network and a lot from
//! a rented server. One shared scale keeps the detectors' lowering consistent; correlation
//! still raises anything made from attacker infrastructure.

use super::Context;
use crate::enrich::NetClass;
use crate::event::Event;

/// The standing of an event's network, from most to least trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Allow-listed or the tenant's own (see `Context::network_trusted`).
    Own,
    /// Residential, mobile or office providers, Microsoft's own ranges, security-vendor
    /// proxies, private space: where users are.
    Ordinary,
    /// Public cloud, an unclassified network, or no address at all: worth a look.
    Unlisted,
    /// Hosting, VPN or proxy networks: where crews sign in from.
    Risky,
}

impl Standing {
    /// The tenant's own or an ordinary network: where routine actions are routine.
    pub fn is_usual(self) -> bool {
        self <= Standing::Ordinary
    }
}

impl Context {
    /// The standing of the event's network.
    pub fn standing(&self, ev: &Event) -> Standing {
        if self.network_trusted(ev) {
            return Standing::Own;
        }
        match ev.net.as_ref().map(|n| n.class) {
            Some(NetClass::Hosting | NetClass::Vpn | NetClass::Proxy) => Standing::Risky,
            Some(
                NetClass::Isp
                | NetClass::Microsoft
                | NetClass::SecurityVendor
                | NetClass::Private
                | NetClass::Reserved,
            ) => Standing::Ordinary,
            Some(NetClass::Cloud | NetClass::Unknown) | None => Standing::Unlisted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enrich::NetInfo;
    use crate::event::SourcePos;

    fn on(class: Option<NetClass>) -> Event {
        let pos = SourcePos {
            file: 0,
            line: 1,
            record: 1,
        };
        let mut e = Event::new(pos, "test");
        e.net = class.map(|class| NetInfo {
            asn: Some(64500),
            as_org: None,
            class,
            class_reason: String::new(),
            country: None,
        });
        e
    }

    #[test]
    fn classes_map_to_standings() {
        let ctx = Context::default();
        assert_eq!(ctx.standing(&on(Some(NetClass::Vpn))), Standing::Risky);
        assert_eq!(ctx.standing(&on(Some(NetClass::Isp))), Standing::Ordinary);
        assert_eq!(ctx.standing(&on(Some(NetClass::Cloud))), Standing::Unlisted);
        assert_eq!(ctx.standing(&on(None)), Standing::Unlisted);
    }
}
