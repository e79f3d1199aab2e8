//! MT-M03: mailbox accessed by an application abused for mailbox theft, or by a client the
//! user has never used before.
//!
//! Why: intruders download mailboxes with desktop clients and SaaS tools that ordinary
//! users rarely run (eM Client, PERFECTDATA, rclone, SigParser…), identified by their app
//! id or by the Exchange `ClientInfoString` (`Client=WebServices;eM Client/9.2`). A known
//! abused client is high. A client family never seen for a user who already has a history
//! of mailbox access is low: worth a look, and correlation raises it when the same IP or
//! session is otherwise suspicious. A family is the (application, protocol) pair — app id
//! plus the `ClientInfoString` family such as `client=rest` or `client=webservices;em
//! client` — so a token stolen from an OfficeHome sign-in and replayed over REST is new for
//! a user who only ever read mail in Outlook desktop.
//!
//! Ignores: Microsoft first-party mail apps (`lists::apps::is_first_party_mail_app`, or no
//! app id) used through an Outlook-family client (`Client=MSExchangeRPC`, `Client=OWA`,
//! Outlook mobile, ActiveSync), allow-listed app ids, records with no client identification,
//! failed records and system accounts. New clients are only reported once the user has
//! `baseline_records` access records spanning `baseline_hours`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::mailbox_common::{
    day, failed, finding_for, is_outlook_family, network_text, subject_user,
};
use crate::detect::lists::apps::{
    ABUSED_APPS, FIRST_PARTY_MAIL_APPS, abused_app, abused_client_info, is_first_party_mail_app,
};
use crate::detect::state::CappedSet;
use crate::detect::{
    Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Signal, Status,
};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M03",
    title: "Mailbox accessed by a new or abused client application",
    severity: Severity::Low,
    techniques: &["T1114.002"],
    status: Status::Experimental,
    description: "MailItemsAccessed by an application known to be abused for mailbox theft \
        (by app id or ClientInfoString, high), or by an (application, protocol) pair never \
        seen before for a user who already has a baseline of mailbox access (low). Microsoft \
        first-party mail apps used through Outlook-family clients are never new.",
    fields: &[
        "operation",
        "actor",
        "mailbox_owner",
        "ip",
        "client_info",
        "app_id",
        "app_name",
        "result",
    ],
    params: &[
        Param {
            name: "baseline_records",
            default: 5.0,
            doc: "MailItemsAccessed records a user must have before a never-seen client is \
                  reported (records before that only build the baseline)",
        },
        Param {
            name: "baseline_hours",
            default: 24.0,
            doc: "hours between a user's first MailItemsAccessed record in the data and a \
                  never-seen client for it to be reported (the first day only builds the \
                  baseline)",
        },
        Param {
            name: "clients_per_user",
            default: 32.0,
            doc: "client families remembered per user (memory bound; once full nothing more is \
                  new)",
        },
    ],
    role: Role::action(Signal::MailAccess),
};

#[derive(Debug)]
struct UserState {
    records: u64,
    first: chrono::DateTime<chrono::Utc>,
    seen: CappedSet<String>,
}

/// The detector.
#[derive(Debug, Default)]
pub struct AccessUnusualClient {
    users: HashMap<String, UserState>,
    abused: BTreeMap<(String, String, NaiveDate), Finding>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(AccessUnusualClient::default())
}

/// The abused application behind an access, by app id then by `ClientInfoString`.
fn abused(ev: &Event) -> Option<&'static str> {
    ev.app_id.as_deref().and_then(abused_app).or_else(|| {
        let short = ev.client_info.as_deref().and_then(abused_client_info)?;
        // The client-info list is lower case: show the application's own spelling.
        let proper = ABUSED_APPS
            .iter()
            .find(|(_, n)| n.to_ascii_lowercase().contains(short))
            .map(|(_, n)| *n);
        Some(proper.unwrap_or(short))
    })
}

/// Product part of a `ClientInfoString` piece: `eM Client/9.2.2157.0` → `em client`.
fn product(part: &str) -> String {
    part.split('/')
        .next()
        .unwrap_or(part)
        .trim()
        .to_ascii_lowercase()
}

/// `ClientInfoString` family: first part plus the first product name, without versions
/// (`Client=WebServices;eM Client/9.2` → `client=webservices;em client`).
fn protocol_family(ci: &str) -> Option<String> {
    let mut parts = ci.split(';').map(str::trim).filter(|p| !p.is_empty());
    let mut family = product(parts.next()?);
    if let Some(p) = parts.find(|p| !p.contains('=')) {
        family.push(';');
        family.push_str(&product(p));
    }
    Some(family)
}

/// The client family an access is from: a new (application, protocol) pair for the user
/// is what gets reported. `None` for Microsoft first-party apps used through an
/// Outlook-family client (Outlook desktop, OWA, Outlook mobile, ActiveSync) and for
/// unidentified clients. A first-party app over another protocol (OfficeHome over
/// `Client=REST`, as a replayed AiTM token does) is a family like any other.
fn client_family(ev: &Event) -> Option<String> {
    let app = ev
        .app_id
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let ci = ev.client_info.as_deref().map(str::trim).unwrap_or("");
    let first_party = app.is_none_or(is_first_party_mail_app);
    if first_party && abused(ev).is_none() && is_outlook_family(ci) {
        return None;
    }
    match (app, protocol_family(ci)) {
        (Some(a), Some(p)) => Some(format!("app {} via {p}", a.to_ascii_lowercase())),
        (Some(a), None) => (!first_party).then(|| format!("app {}", a.to_ascii_lowercase())),
        (None, p) => p,
    }
}

/// How a finding names the client: app name and id, or the client string.
fn client_label(ev: &Event) -> String {
    let known = |id: &str| {
        FIRST_PARTY_MAIL_APPS
            .iter()
            .chain(ABUSED_APPS)
            .find(|(a, _)| a.eq_ignore_ascii_case(id.trim()))
            .map(|(_, n)| *n)
    };
    let name = ev
        .app_name
        .as_deref()
        .or_else(|| ev.app_id.as_deref().and_then(known));
    let app = match (name, ev.app_id.as_deref()) {
        (Some(n), Some(id)) => Some(format!("{n} ({id})")),
        (None, Some(id)) => Some(format!("app {id}")),
        _ => None,
    };
    match (app, ev.client_info.as_deref()) {
        (Some(a), Some(ci)) => format!("{a} via {ci}"),
        (Some(a), None) => a,
        (None, Some(ci)) => ci.to_string(),
        (None, None) => "unknown client".into(),
    }
}

impl AccessUnusualClient {
    fn abused_access(&mut self, ev: &Event, user: &str, name: &'static str) {
        let key = (user.to_string(), name.to_string(), day(ev));
        if let Some(f) = self.abused.get_mut(&key) {
            f.add_event(ev);
            return;
        }
        let mut f = finding_for(&META, ev, user, "").with_severity(Severity::High);
        f.summary = format!(
            "mailbox accessed by {name}, an application abused for mailbox theft: client {} \
             from {}",
            client_label(ev),
            network_text(&f)
        );
        self.abused.insert(key, f);
    }

    fn new_client(&mut self, ev: &Event, ctx: &Context, user: &str, out: &mut Vec<Finding>) {
        let baseline = ctx.param(&META, "baseline_records");
        let hours = ctx.param(&META, "baseline_hours");
        let cap = ctx.param(&META, "clients_per_user").max(1.0) as usize;
        let st = self
            .users
            .entry(user.to_string())
            .or_insert_with(|| UserState {
                records: 0,
                first: ev.time,
                seen: CappedSet::new(cap),
            });
        let age_hours = (ev.time - st.first).num_minutes() as f64 / 60.0;
        let had_baseline = st.records as f64 >= baseline && age_hours >= hours;
        st.records += 1;
        let Some(family) = client_family(ev) else {
            return;
        };
        if !st.seen.insert(family.clone()) || !had_baseline {
            return;
        }
        let mut f = finding_for(&META, ev, user, "");
        f.summary = format!(
            "mailbox accessed by a client never seen for this user in {} earlier access \
             records since {}: {} (family '{family}') from {}",
            st.records - 1,
            st.first.format("%Y-%m-%d"),
            client_label(ev),
            network_text(&f)
        );
        out.push(f);
    }
}

impl Detector for AccessUnusualClient {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !ev.operation.eq_ignore_ascii_case("MailItemsAccessed") || failed(ev) {
            return;
        }
        if ev.app_id.as_deref().is_some_and(|a| ctx.app_allowed(a)) {
            return;
        }
        let Some(user) = subject_user(ev) else {
            return;
        };
        if let Some(name) = abused(ev) {
            self.abused_access(ev, &user, name);
        }
        self.new_client(ev, ctx, &user, out);
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        out.extend(std::mem::take(&mut self.abused).into_values());
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;

    fn access(line: u64, client: &str, app: Option<&str>) -> Event {
        let mut e = event(
            line,
            line as i64,
            "MailItemsAccessed",
            "megan.bowen@contoso.com",
        );
        on_net(&mut e, "73.1.1.1", NetClass::Isp);
        e.client_info = Some(client.into());
        e.app_id = app.map(String::from);
        e
    }

    fn baseline(n: u64) -> Vec<Event> {
        (1..=n)
            .map(|i| access(i, "Client=MSExchangeRPC", None))
            .collect()
    }

    #[test]
    fn abused_client_is_high_even_without_baseline() {
        let evs = [
            access(1, "Client=WebServices;eM Client/9.2.2157.0;", None),
            access(2, "Client=WebServices;eM Client/9.2.2157.0;", None),
        ];
        let f = run(&mut AccessUnusualClient::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].evidence_count, 2);
        assert!(f[0].summary.contains("by eM Client,"), "{}", f[0].summary);
    }

    #[test]
    fn abused_app_id_and_allow_list() {
        let app = "caffae8c-0882-4c81-9a27-d1803af53a40";
        let evs = [access(1, "Client=REST;Client=RESTSystem;;", Some(app))];
        let f = run(&mut AccessUnusualClient::default(), &ctx(), &evs);
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].summary.contains("SigParser"));
        let mut c = ctx();
        c.allow.app_ids.insert(app.into());
        assert!(run(&mut AccessUnusualClient::default(), &c, &evs).is_empty());
    }

    #[test]
    fn new_client_needs_a_baseline_edge() {
        // Baseline records sit in the first minutes; line 1500 is 25 hours later.
        let mut evs = baseline(4);
        evs.push(access(1500, "Client=IMAP4", None));
        assert!(run(&mut AccessUnusualClient::default(), &ctx(), &evs).is_empty());
        let mut evs = baseline(5);
        evs.push(access(1500, "Client=IMAP4", None));
        evs.push(access(1501, "Client=IMAP4", None));
        let f = run(&mut AccessUnusualClient::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1, "reported once");
        assert_eq!(f[0].severity, Severity::Low);
        assert!(f[0].summary.contains("client=imap4"), "{}", f[0].summary);
    }

    #[test]
    fn new_client_needs_a_day_of_history() {
        let mut evs = baseline(30);
        evs.push(access(100, "Client=IMAP4", None));
        assert!(run(&mut AccessUnusualClient::default(), &ctx(), &evs).is_empty());
    }

    #[test]
    fn outlook_family_clients_are_never_new() {
        let mut evs = baseline(25);
        evs.push(access(1500, "Client=OWA;Action=ViaProxy", None));
        evs.push(access(
            1501,
            "Client=OutlookService;Outlook-Android/2.0;",
            Some("27922004-5251-4030-b22d-91ecd9a37ea4"),
        ));
        evs.push(access(
            1502,
            "Client=OWA;Action=ViaProxy",
            Some("00000002-0000-0ff1-ce00-000000000000"),
        ));
        assert!(run(&mut AccessUnusualClient::default(), &ctx(), &evs).is_empty());
        let mut evs = baseline(25);
        evs.push(access(
            1500,
            "Client=REST;;",
            Some("11111111-2222-3333-4444-555555555555"),
        ));
        assert_eq!(
            run(&mut AccessUnusualClient::default(), &ctx(), &evs).len(),
            1
        );
    }

    #[test]
    fn first_party_app_over_rest_is_new_for_an_outlook_desktop_user() {
        let mut evs = baseline(10);
        evs.push(access(
            1500,
            "Client=REST;Client=RESTSystem;;",
            Some("4765445b-32c6-49b0-83e6-1d93765276ca"),
        ));
        let f = run(&mut AccessUnusualClient::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].summary.contains("OfficeHome (4765445b"),
            "{}",
            f[0].summary
        );
    }
}
