//! The form an event takes in the external sort: a small probe — what the correlation
//! pass and the relevant timeline need to decide whether an event matters to them —
//! followed by the whole event. Decoding a whole event is most of a replay's cost, and
//! most events are neither evidence nor attacker activity, so the later replays read the
//! probe (borrowed, no allocation) and decode only the events they will use.

use std::io;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::event::{Event, SourcePos};

/// What a replay can see of an event without decoding it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Probe<'a> {
    /// Where it was read (the identity findings use).
    pub pos: SourcePos,
    /// Whether it has a time (timeline rows need one).
    pub time_known: bool,
    /// The acting account's key.
    #[serde(borrow)]
    pub actor: &'a str,
    /// The mailbox acted on, when another.
    #[serde(borrow)]
    pub mailbox_owner: Option<&'a str>,
    /// Client IP.
    pub ip: Option<IpAddr>,
    /// Exchange/SharePoint session id.
    #[serde(borrow)]
    pub session_id: Option<&'a str>,
    /// Entra session id.
    #[serde(borrow)]
    pub aad_session_id: Option<&'a str>,
}

impl<'a> Probe<'a> {
    /// The probe of an event.
    pub fn of(ev: &'a Event) -> Probe<'a> {
        Probe {
            pos: ev.pos,
            time_known: ev.time_known,
            actor: &ev.actor.key,
            mailbox_owner: ev.mailbox_owner.as_deref(),
            ip: ev.ip,
            session_id: ev.sessions.session_id.as_deref(),
            aad_session_id: ev.sessions.aad_session_id.as_deref(),
        }
    }

    /// Read the probe at the start of a stored event.
    pub fn read(bytes: &'a [u8]) -> io::Result<Probe<'a>> {
        postcard::take_from_bytes(bytes)
            .map(|(p, _)| p)
            .map_err(io::Error::other)
    }
}

/// Serialize an event with its probe in front.
pub fn encode(ev: &Event) -> io::Result<Vec<u8>> {
    // Most events take a few hundred bytes; starting there saves the doubling steps.
    let bytes = Vec::with_capacity(768);
    let bytes = postcard::to_extend(&Probe::of(ev), bytes).map_err(io::Error::other)?;
    postcard::to_extend(ev, bytes).map_err(io::Error::other)
}

/// Decode a whole stored event (its `format` is restored by the caller).
pub fn decode(bytes: &[u8]) -> io::Result<Event> {
    let (_, rest) = postcard::take_from_bytes::<Probe<'_>>(bytes).map_err(io::Error::other)?;
    postcard::from_bytes(rest).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_and_event_come_back() {
        let mut ev = Event::new(
            SourcePos {
                file: 2,
                line: 7,
                record: 5,
            },
            "ual-json",
        );
        ev.set_ip("203.0.113.9");
        ev.time = chrono::DateTime::from_timestamp(1_767_225_600, 123_456_789).unwrap();
        ev.actor = crate::event::UserRef::from_raw("Bob@Contoso.com");
        ev.sessions.aad_session_id = Some("s-1".into());
        let bytes = encode(&ev).unwrap();
        let p = Probe::read(&bytes).unwrap();
        assert_eq!(p.pos, ev.pos);
        assert_eq!(p.actor, "bob@contoso.com");
        assert_eq!(p.ip, ev.ip);
        assert_eq!(p.aad_session_id, Some("s-1"));
        assert_eq!(p.session_id, None);
        let back = decode(&bytes).unwrap();
        assert_eq!(back.pos, ev.pos);
        assert_eq!(back.time, ev.time);
        assert_eq!(back.sessions.aad_session_id.as_deref(), Some("s-1"));
    }
}
