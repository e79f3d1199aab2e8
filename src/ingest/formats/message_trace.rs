//! `message-trace`: Exchange Online message trace — `Get-MessageTrace`/`Get-MessageTraceV2 |
//! Export-Csv` (one row per message and recipient; also as JSON, and Graph's
//! `exchangeMessageTrace`), and the admin centre's downloadable enhanced summary report
//! (`origin_timestamp_utc,sender_address,recipient_status,…`, one row per message).
//!
//! Why: the UAL's `Send` record often lacks recipients, and never says whether the mail
//! arrived. The trace answers who received the fraudulent mail, under which subject, and
//! whether it was delivered, failed or quarantined.
//!
//! A row becomes a `Send`-category event (operation `MessageTrace`) only when its sender is
//! the tenant's: the report says the message was outbound or internal, or (`Get-MessageTrace`
//! has no direction column) it went out to a destination IP or stayed inside one domain.
//! Every other row — mail from outside, or a row the export does not settle — stays an
//! event of category `Other` with no actor: an external sender must never become a person of
//! the tenant (tenant-domain inference counts every human actor's domain) nor be judged by
//! the send detectors (mail servers of legitimate senders live on hosting networks).

use serde_json::Value;

use super::super::csv_header::normalize_name;
use super::{FileCtx, InputFormat, Mapped, Record, head_has, new_event, with_object};
use crate::event::detail::{Detail, ParamsDetail, SendDetail};
use crate::event::fields::{first_str, get, get_str};
use crate::event::time::parse_time;
use crate::event::user::canonical_user;
use crate::event::{Category, MapError, Outcome, SourcePos, UserRef};
use crate::ingest::sniff::Head;

/// Exchange message trace export.
pub struct MessageTrace;

/// Operation of every trace row.
const OPERATION: &str = "MessageTrace";

/// Whether the tenant sent the message, as far as the row tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Sent by the tenant to the outside.
    Outbound,
    /// Sent by the tenant to itself.
    Internal,
    /// Received from outside.
    Inbound,
    /// The row does not say.
    Unknown,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Internal => "internal",
            Direction::Inbound => "inbound",
            Direction::Unknown => "unknown",
        }
    }

    /// The enhanced summary report's `directionality`: `Originating` or `Incoming` in real
    /// downloads; Microsoft's page describes it as 1 (inbound) and 2 (outbound), so those
    /// are read too.
    fn of_report(text: &str) -> Direction {
        match text.trim().to_ascii_lowercase().as_str() {
            "1" | "incoming" | "inbound" => Direction::Inbound,
            "2" | "originating" | "outgoing" | "outbound" => Direction::Outbound,
            "intraorg" | "intra-org" | "internal" => Direction::Internal,
            _ => Direction::Unknown,
        }
    }

    /// `Get-MessageTrace` rows: a destination IP (`ToIP`, blank for mail into Exchange
    /// Online) means it left the tenant; sender and recipient in one domain means it stayed
    /// inside. Anything else may be inbound mail or an outbound message never delivered.
    fn of_cmdlet_row(sender: &str, recipient: &str, to_ip: Option<&str>) -> Direction {
        if to_ip.is_some_and(|ip| !ip.trim().is_empty()) {
            return Direction::Outbound;
        }
        let domain = |a: &str| a.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
        match (domain(sender), domain(recipient)) {
            (Some(s), Some(r)) if s == r => Direction::Internal,
            _ => Direction::Unknown,
        }
    }

    /// The tenant is the sender.
    fn sent_by_tenant(self) -> bool {
        matches!(self, Direction::Outbound | Direction::Internal)
    }
}

/// What one row says, whichever shape it came in.
#[derive(Debug, Default)]
struct Trace {
    time: Option<String>,
    sender: String,
    recipients: Vec<String>,
    subject: Option<String>,
    message_id: Option<String>,
    size: Option<u64>,
    ip: Option<String>,
    status: Option<String>,
    outcome: Outcome,
    record_id: Option<String>,
    organization: Option<String>,
    direction: Option<Direction>,
}

/// `Status` of `Get-MessageTrace`: delivered (or expanded to a group's members) succeeded;
/// failed, quarantined or filtered as spam did not reach the mailbox.
fn outcome_of_status(status: &str) -> Outcome {
    match status.trim().to_ascii_lowercase().as_str() {
        "delivered" | "expanded" | "resolved" => Outcome::Success,
        "failed" | "quarantined" | "filteredasspam" => Outcome::Failure,
        _ => Outcome::Unknown,
    }
}

/// One recipient's address and last event in `recipient_status` (`a@x##Receive, Deliver`).
fn recipient_event(item: &str) -> (String, Option<String>) {
    match item.split_once("##") {
        Some((addr, events)) => {
            let last = events.split(',').map(str::trim).rfind(|e| !e.is_empty());
            (report_address(addr), last.map(String::from))
        }
        None => (report_address(item), None),
    }
}

/// A recipient as the report writes it: a bare address, or a display name run into it
/// (`"Fname LName<fname.lname"@domain.com`, seen in real downloads): the part after the last
/// `<`, without quotes.
fn report_address(raw: &str) -> String {
    let tail = raw.rsplit_once('<').map_or(raw, |(_, t)| t);
    canonical_user(&tail.replace(['"', '>'], ""))
}

/// Outcome of a message from its recipients' last events: all delivered or sent on → success,
/// all failed → failure, some of each → interrupted (partly delivered).
fn outcome_of_events(events: &[String]) -> Outcome {
    let ok = |e: &str| {
        ["deliver", "send", "expand", "resolve", "transfer"]
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    };
    let failed = |e: &str| e.eq_ignore_ascii_case("fail") || e.eq_ignore_ascii_case("drop");
    let (n_ok, n_failed) = (
        events.iter().filter(|e| ok(e)).count(),
        events.iter().filter(|e| failed(e)).count(),
    );
    match (n_ok, n_failed) {
        (0, 0) => Outcome::Unknown,
        (_, 0) if n_ok == events.len() => Outcome::Success,
        (0, _) if n_failed == events.len() => Outcome::Failure,
        _ => Outcome::Interrupted,
    }
}

/// The first key whose normalised name starts with `prefix` (`origin_timestamp_utc`, or the
/// time zone the report was run in).
fn key_with_prefix<'a>(v: &'a Value, prefix: &str) -> Option<&'a str> {
    v.as_object()?
        .keys()
        .find(|k| normalize_name(k).starts_with(prefix))
        .map(String::as_str)
}

/// An enhanced summary report row.
fn report_trace(v: &Value) -> Trace {
    let mut recipients = Vec::new();
    let mut events = Vec::new();
    for item in get_str(v, "recipient_status")
        .unwrap_or_default()
        .split(';')
        .filter(|s| !s.trim().is_empty())
    {
        let (addr, event) = recipient_event(item);
        if !addr.is_empty() {
            recipients.push(addr);
        }
        events.extend(event);
    }
    let mut distinct = events.clone();
    distinct.sort();
    distinct.dedup();
    Trace {
        time: key_with_prefix(v, "origin_timestamp").and_then(|k| get_str(v, k)),
        sender: canonical_user(&get_str(v, "sender_address").unwrap_or_default()),
        subject: get_str(v, "message_subject"),
        message_id: get_str(v, "message_id"),
        size: get_str(v, "total_bytes").and_then(|s| s.parse().ok()),
        ip: get_str(v, "original_client_ip"),
        status: (!distinct.is_empty()).then(|| distinct.join(", ")),
        outcome: outcome_of_events(&events),
        record_id: first_str(v, &["network_message_id", "message_id"]),
        organization: None,
        direction: Some(
            get_str(v, "directionality").map_or(Direction::Unknown, |d| Direction::of_report(&d)),
        ),
        recipients,
    }
}

/// A `Get-MessageTrace(V2)` row (CSV or JSON) or a Graph `exchangeMessageTrace`.
fn cmdlet_trace(v: &Value) -> Trace {
    let sender = canonical_user(&get_str(v, "SenderAddress").unwrap_or_default());
    let recipient = canonical_user(&get_str(v, "RecipientAddress").unwrap_or_default());
    let status = get_str(v, "Status");
    let to_ip = get_str(v, "ToIP");
    let trace_id = first_str(v, &["MessageTraceId", "id"]);
    Trace {
        time: first_str(v, &["Received", "receivedDateTime"]),
        direction: Some(Direction::of_cmdlet_row(
            &sender,
            &recipient,
            to_ip.as_deref(),
        )),
        record_id: trace_id.map(|t| format!("{t}|{recipient}")),
        recipients: (!recipient.is_empty())
            .then_some(recipient)
            .into_iter()
            .collect(),
        sender,
        subject: get_str(v, "Subject"),
        message_id: get_str(v, "MessageId"),
        size: get_str(v, "Size").and_then(|s| s.parse().ok()),
        ip: get_str(v, "FromIP"),
        outcome: status
            .as_deref()
            .map_or(Outcome::Unknown, outcome_of_status),
        status,
        organization: get_str(v, "Organization"),
    }
}

fn map_value(v: &Value, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
    if !v.is_object() {
        return Err(MapError::NotAnObject);
    }
    let t = if get(v, "recipient_status").is_some() {
        report_trace(v)
    } else {
        cmdlet_trace(v)
    };
    let time = t.time.as_deref().ok_or(MapError::NoTime)?;
    let mut ev = new_event(pos, "message-trace");
    ev.time = parse_time(time, ctx.date_order).map_err(MapError::BadTime)?;
    ev.time_known = true;
    ev.set_operation(OPERATION);
    ev.workload = Some("Exchange".into());
    ev.record_type = Some(OPERATION.into());
    ev.record_id = t.record_id.clone();
    ev.organization = t.organization.clone();
    if let Some(ip) = &t.ip {
        ev.set_ip(ip);
    }
    ev.result.outcome = t.outcome;
    ev.result.error_code = t.status.clone();
    let direction = t.direction.unwrap_or(Direction::Unknown);
    if direction.sent_by_tenant() && !t.sender.is_empty() {
        ev.category = Category::Send;
        ev.actor = UserRef::from_raw(&t.sender);
        ev.mailbox_owner = Some(t.sender.clone());
        ev.detail = Detail::Send(Box::new(SendDetail {
            subject: t.subject,
            recipients: t.recipients,
            internet_message_id: t.message_id,
            size_bytes: t.size,
            ..SendDetail::default()
        }));
    } else {
        // Received or unsettled: no actor (see the module doc); the mailbox is the
        // recipient's when the mail is known to have come in to one person.
        if direction == Direction::Inbound && t.recipients.len() == 1 {
            ev.mailbox_owner = t.recipients.first().cloned();
        }
        ev.detail = Detail::Admin(Box::new(unattributed(&t, direction)));
    }
    Ok(Mapped::Event(Box::new(ev)))
}

/// A row whose sender is not the tenant's: what it says, as parameters for the timeline.
fn unattributed(t: &Trace, direction: Direction) -> ParamsDetail {
    let mut params = vec![
        ("Direction".to_string(), direction.as_str().to_string()),
        ("SenderAddress".to_string(), t.sender.clone()),
        ("RecipientAddress".to_string(), t.recipients.join("; ")),
    ];
    let optional = [
        ("Subject", t.subject.clone()),
        ("Status", t.status.clone()),
        ("MessageId", t.message_id.clone()),
        ("Size", t.size.map(|s| s.to_string())),
    ];
    params.extend(
        optional
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v))),
    );
    ParamsDetail {
        target: Some(t.recipients.join("; ")).filter(|r| !r.is_empty()),
        params,
    }
}

impl InputFormat for MessageTrace {
    fn id(&self) -> &'static str {
        "message-trace"
    }
    fn title(&self) -> &'static str {
        "Exchange message trace (Get-MessageTrace export, enhanced summary report)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        let report_time = head.csv_header.as_ref().is_some_and(|h| {
            h.names
                .iter()
                .any(|n| normalize_name(n).starts_with("origin_timestamp"))
        });
        if report_time && head.has_columns(&["sender_address", "recipient_status"]) {
            return Some(
                "CSV header has origin_timestamp_utc, sender_address, recipient_status (message trace summary report)"
                    .into(),
            );
        }
        let time = ["received", "receiveddatetime"]
            .into_iter()
            .find(|k| head_has(head, &[k]))?;
        head_has(head, &["senderaddress", "recipientaddress", "status"]).then(|| {
            let t = if time == "received" {
                "Received"
            } else {
                "receivedDateTime"
            };
            format!("has {t}, SenderAddress, RecipientAddress, Status (Get-MessageTrace output)")
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        with_object(rec, |v| map_value(v, pos, ctx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(v: Value) -> Result<crate::event::Event, MapError> {
        let ctx = FileCtx {
            date_order: Default::default(),
            name: "t".into(),
        };
        let pos = SourcePos {
            file: 0,
            line: 2,
            record: 1,
        };
        match MessageTrace.map(Record::Json(&v), pos, &ctx)? {
            Mapped::Event(ev) => Ok(*ev),
            Mapped::Filtered(w) => panic!("filtered {w}"),
        }
    }

    #[test]
    fn an_outbound_cmdlet_row_is_a_send_by_its_sender() {
        let ev = event(json!({"Organization": "contoso.onmicrosoft.com", "MessageId": "<m1@x>",
            "Received": "1/5/2026 10:12:03 AM", "SenderAddress": "Megan.Bowen@contoso.com",
            "RecipientAddress": "ap@fabrikam.com", "Subject": "Updated banking details", "Status": "Delivered",
            "ToIP": "198.51.100.77", "FromIP": "159.203.1.1", "Size": "48213", "MessageTraceId": "T1"}))
        .unwrap();
        assert_eq!(ev.category, Category::Send);
        assert_eq!(ev.operation, "MessageTrace");
        assert_eq!(ev.actor.key, "megan.bowen@contoso.com");
        assert_eq!(ev.record_id.as_deref(), Some("T1|ap@fabrikam.com"));
        assert_eq!(ev.result.outcome, Outcome::Success);
        assert_eq!(ev.ip, Some("159.203.1.1".parse().unwrap()));
        assert_eq!(ev.organization.as_deref(), Some("contoso.onmicrosoft.com"));
        let Detail::Send(s) = &ev.detail else {
            panic!("not a send")
        };
        assert_eq!(s.recipients, vec!["ap@fabrikam.com"]);
        assert_eq!(s.subject.as_deref(), Some("Updated banking details"));
        assert_eq!(s.internet_message_id.as_deref(), Some("<m1@x>"));
        assert_eq!(s.size_bytes, Some(48213));
    }

    #[test]
    fn mail_from_outside_has_no_actor() {
        let ev = event(json!({"Received": "2026-01-04T07:40:00", "SenderAddress": "x@evil.example",
            "RecipientAddress": "megan.bowen@contoso.com", "Subject": "Shared document", "Status": "Delivered",
            "ToIP": "", "FromIP": "203.0.113.45", "MessageTraceId": "T2"}))
        .unwrap();
        assert_eq!(ev.category, Category::Other);
        assert!(ev.actor.is_empty());
        assert_eq!(
            ev.mailbox_owner, None,
            "direction unknown: no mailbox claimed"
        );
        let Detail::Admin(p) = &ev.detail else {
            panic!("not params")
        };
        assert_eq!(p.params[0], ("Direction".into(), "unknown".into()));
        assert_eq!(
            p.params[1],
            ("SenderAddress".into(), "x@evil.example".into())
        );
    }

    #[test]
    fn summary_report_rows_list_every_recipient() {
        let ev = event(json!({"origin_timestamp_utc": "2026-01-05T10:12:03.1234567Z",
            "sender_address": "megan.bowen@contoso.com",
            "recipient_status": "ap@fabrikam.com##Receive, Send;alex.wilber@contoso.com##Receive, Deliver;cfo@tailspin.example##Receive, Fail",
            "message_subject": "Updated banking details", "total_bytes": "48213", "message_id": "<m1@x>",
            "network_message_id": "N1", "original_client_ip": "159.203.1.1", "directionality": "Originating"}))
        .unwrap();
        assert_eq!(ev.category, Category::Send);
        assert_eq!(ev.result.outcome, Outcome::Interrupted);
        assert_eq!(ev.result.error_code.as_deref(), Some("Deliver, Fail, Send"));
        assert_eq!(ev.record_id.as_deref(), Some("N1"));
        let Detail::Send(s) = &ev.detail else {
            panic!("not a send")
        };
        assert_eq!(
            s.recipients,
            vec![
                "ap@fabrikam.com",
                "alex.wilber@contoso.com",
                "cfo@tailspin.example"
            ]
        );
        let inbound = event(json!({"origin_timestamp_utc": "2026-01-04T07:40:00Z",
            "sender_address": "x@evil.example", "recipient_status": "megan.bowen@contoso.com##Receive, Deliver",
            "directionality": "1"}))
        .unwrap();
        assert_eq!(inbound.category, Category::Other);
        assert_eq!(
            inbound.mailbox_owner.as_deref(),
            Some("megan.bowen@contoso.com")
        );
    }

    #[test]
    fn display_names_run_into_addresses_are_dropped() {
        assert_eq!(
            recipient_event("\"Fname LName<fname.lname\"@domain.com##Receive, Fail"),
            (
                "fname.lname@domain.com".to_string(),
                Some("Fail".to_string())
            )
        );
        assert_eq!(recipient_event("A@B.com##Receive, Deliver").0, "a@b.com");
    }

    #[test]
    fn directions_and_outcomes() {
        assert_eq!(
            Direction::of_cmdlet_row("a@contoso.com", "b@contoso.com", None),
            Direction::Internal
        );
        assert_eq!(
            Direction::of_cmdlet_row("a@contoso.com", "b@x.com", Some("1.2.3.4")),
            Direction::Outbound
        );
        assert_eq!(
            outcome_of_events(&["Deliver".into(), "Send".into()]),
            Outcome::Success
        );
        assert_eq!(outcome_of_events(&["Fail".into()]), Outcome::Failure);
        assert_eq!(outcome_of_status("Quarantined"), Outcome::Failure);
        assert!(matches!(
            event(json!({"Received": "soon", "SenderAddress": "a@b.c"})),
            Err(MapError::BadTime(_))
        ));
    }
}
