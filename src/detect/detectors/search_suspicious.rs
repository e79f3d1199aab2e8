//! MT-M06: mailbox searches for finance or credential terms, and search bursts.
//!
//! Why: before writing the fraudulent payment request, a BEC intruder searches the victim's
//! mailbox for ongoing invoices, wire instructions and bank details, and for passwords and
//! MFA codes to widen access. `SearchQueryInitiatedExchange` (needs search-query auditing,
//! an E5/"audit premium" event) records the query text. A query with such a term is low
//! from the user's ordinary networks — people search their own mail for "invoice 4471" all
//! day — and medium from a hosting, VPN or proxy network that is not the tenant's own;
//! more than `queries_per_hour` searches by one user within an hour (Splunk's > 20) is
//! medium, whatever the terms.
//!
//! Terms are matched as whole words (a trailing plural `s` allowed) or word sequences, so
//! `wire` does not match `wireless` and `ach` does not match `coach`. One finding per user
//! and UTC day for terms (listing the terms and up to five queries) and one per continuous
//! burst for volume. Ignores failed records and system accounts; searches from an attacker
//! session are escalated later by correlation.

use crate::text::join_some;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};

use super::mailbox_common::{day, failed, finding_for, network_text, risky_network, subject_user};
use crate::detect::state::Window;
use crate::detect::{
    Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Signal, Status,
};
use crate::event::Event;
use crate::event::detail::Detail;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-M06",
    title: "Mailbox searches for finance or credential terms",
    severity: Severity::Medium,
    techniques: &["T1114.002", "T1552"],
    status: Status::Experimental,
    description: "SearchQueryInitiatedExchange whose query holds a finance term (invoice, \
        payment, wire, bank, ACH, remittance, payroll, W-2…) or a credential term (password, \
        credentials, MFA, verification code…), one finding per user and UTC day (low; medium \
        from a hosting, VPN or proxy network); and more than \
        a set number of searches by one user within an hour. Intruders search the mailbox for \
        payments to hijack and for secrets.",
    fields: &["operation", "actor", "ip", "result", "detail.query"],
    params: &[
        Param {
            name: "queries_per_hour",
            default: 20.0,
            doc: "searches by one user within 60 minutes; more than this many is a burst",
        },
        Param {
            name: "window_minutes",
            default: 60.0,
            doc: "length of the sliding window for the search-burst count, in minutes",
        },
    ],
    role: Role::action(Signal::Search),
};

// Search-specific lists: an intruder searching a mailbox looks for payment details and
// secrets (account numbers, API keys, SSNs), a wider set than the inbox-rule keywords of
// `lists::keywords`, which target mail the attacker wants to hide.
/// Finance terms (lower-case words or word sequences).
const FINANCE_TERMS: &[&str] = &[
    "invoice",
    "payment",
    "wire",
    "wire transfer",
    "bank",
    "banking",
    "bank details",
    "ach",
    "remittance",
    "transfer",
    "swift",
    "iban",
    "routing number",
    "account number",
    "payroll",
    "direct deposit",
    "w2",
    "w 2",
    "w9",
    "w 9",
    "gift card",
    "bitcoin",
    "purchase order",
];

/// Credential terms (lower-case words or word sequences).
const CREDENTIAL_TERMS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "credential",
    "credentials",
    "login",
    "username",
    "mfa",
    "2fa",
    "otp",
    "verification code",
    "vpn",
    "api key",
    "secret",
    "ssn",
    "social security",
];

fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when the word sequence `term` occurs in `toks` (last word may take a plural `s`).
fn has_term(toks: &[String], term: &str) -> bool {
    let want: Vec<&str> = term.split(' ').collect();
    toks.windows(want.len()).any(|w| {
        w.iter()
            .zip(&want)
            .enumerate()
            .all(|(i, (t, x))| t == x || (i + 1 == want.len() && t.strip_suffix('s') == Some(x)))
    })
}

/// Finance and credential terms in a query, each tagged with its group.
fn match_terms(query: &str) -> Vec<(&'static str, &'static str)> {
    let toks = tokens(query);
    let finance = FINANCE_TERMS.iter().map(|t| (*t, "finance"));
    let creds = CREDENTIAL_TERMS.iter().map(|t| (*t, "credential"));
    let hits: Vec<(&str, &str)> = finance
        .chain(creds)
        .filter(|(t, _)| has_term(&toks, t))
        .collect();
    // `wire transfer` already says `wire` and `transfer`: keep the longest terms only.
    hits.iter()
        .filter(|(t, _)| {
            !hits
                .iter()
                .any(|(o, _)| o != t && o.split(' ').any(|w| w == *t))
        })
        .copied()
        .collect()
}

#[derive(Debug)]
struct TermAgg {
    finding: Finding,
    terms: BTreeSet<String>,
    queries: Vec<String>,
    /// A search came from a risky network that is not the tenant's own.
    risky: bool,
}

#[derive(Debug)]
struct Burst {
    window: Window,
    active: Option<Finding>,
}

/// The detector.
#[derive(Debug, Default)]
pub struct SearchSuspicious {
    terms: BTreeMap<(String, NaiveDate), TermAgg>,
    bursts: HashMap<String, Burst>,
    done: Vec<Finding>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SearchSuspicious::default())
}

impl SearchSuspicious {
    fn term_hit(&mut self, ev: &Event, ctx: &Context, user: &str, query: &str) {
        let hits = match_terms(query);
        if hits.is_empty() {
            return;
        }
        let agg = self
            .terms
            .entry((user.to_string(), day(ev)))
            .or_insert_with(|| TermAgg {
                finding: finding_for(&META, ev, user, ""),
                terms: BTreeSet::new(),
                queries: Vec::new(),
                risky: false,
            });
        agg.risky |= risky_network(ev).is_some() && !ctx.network_trusted(ev);
        if !agg.queries.is_empty() {
            agg.finding.add_event(ev);
        }
        for (t, g) in hits {
            agg.terms.insert(format!("{t} ({g})"));
        }
        let q = format!("'{}'", crate::event::truncate_chars(query, 80));
        if agg.queries.len() < 5 && !agg.queries.contains(&q) {
            agg.queries.push(q);
        }
    }

    fn count(&mut self, ev: &Event, ctx: &Context, user: &str) {
        let limit = ctx.param(&META, "queries_per_hour").max(0.0) as usize;
        let span = Duration::minutes(ctx.param(&META, "window_minutes").max(1.0) as i64);
        let b = self
            .bursts
            .entry(user.to_string())
            .or_insert_with(|| Burst {
                window: Window::new(span, limit + 1),
                active: None,
            });
        if b.window.push(ev.time) <= limit {
            return;
        }
        match b.active.as_mut() {
            Some(f) if ev.time - f.time_last <= span => f.add_event(ev),
            _ => {
                if let Some(old) = b.active.take() {
                    self.done.push(old);
                }
                let mut f = finding_for(&META, ev, user, "");
                f.time_first = b.window.first().unwrap_or(ev.time);
                b.active = Some(f);
            }
        }
    }
}

fn burst_summary(f: &Finding, limit: f64) -> String {
    format!(
        "mailbox search burst: more than {limit} SearchQueryInitiatedExchange queries within an \
         hour, {} beyond the limit between {} and {} from {}",
        f.evidence_count,
        f.time_first.format("%Y-%m-%d %H:%M"),
        f.time_last.format("%H:%M"),
        network_text(f)
    )
}

impl Detector for SearchSuspicious {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, _out: &mut Vec<Finding>) {
        let Detail::Search(s) = &ev.detail else {
            return;
        };
        if !ev
            .operation
            .eq_ignore_ascii_case("SearchQueryInitiatedExchange")
            || failed(ev)
        {
            return;
        }
        let Some(user) = subject_user(ev) else {
            return;
        };
        if let Some(q) = s.query.as_deref() {
            self.term_hit(ev, ctx, &user, q);
        }
        self.count(ev, ctx, &user);
    }

    fn finish(&mut self, ctx: &Context, out: &mut Vec<Finding>) {
        for ((_, d), mut agg) in std::mem::take(&mut self.terms) {
            agg.finding.severity = if agg.risky {
                Severity::Medium
            } else {
                Severity::Low
            };
            agg.finding.summary = format!(
                "mailbox searched for {} on {d} from {}: {}",
                join_some(agg.terms.iter().map(String::as_str), 6),
                network_text(&agg.finding),
                agg.queries.join(", ")
            );
            out.push(agg.finding);
        }
        let limit = ctx.param(&META, "queries_per_hour");
        let mut bursts: Vec<Finding> = std::mem::take(&mut self.done);
        bursts.extend(self.bursts.drain().filter_map(|(_, b)| b.active));
        bursts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        for mut f in bursts {
            f.summary = burst_summary(&f, limit);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::mailbox_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;
    use crate::event::detail::SearchDetail;

    fn search(line: u64, minutes: i64, q: Option<&str>) -> Event {
        let mut e = event(
            line,
            minutes,
            "SearchQueryInitiatedExchange",
            "megan.bowen@contoso.com",
        );
        on_net(&mut e, "73.1.1.1", NetClass::Isp);
        e.detail = Detail::Search(Box::new(SearchDetail {
            query: q.map(String::from),
        }));
        e
    }

    #[test]
    fn terms_match_as_words() {
        assert_eq!(
            match_terms("wire transfer for invoices"),
            vec![("invoice", "finance"), ("wire transfer", "finance")]
        );
        assert!(has_term(
            &tokens("subject:(Invoices OR remittance)"),
            "invoice"
        ));
        assert!(has_term(&tokens("W-2 forms"), "w 2"));
        for q in [
            "wireless headset",
            "coach schedule",
            "team lunch",
            "bankruptcy",
        ] {
            assert!(match_terms(q).is_empty(), "{q}");
        }
    }

    #[test]
    fn finance_query_fires_once_per_day() {
        let evs = [
            search(1, 0, Some("invoice")),
            search(2, 1, Some("bank details")),
            search(3, 2, Some("lunch")),
        ];
        let f = run(&mut SearchSuspicious::default(), &ctx(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence_count, 2);
        assert!(
            f[0].summary.contains("invoice (finance)"),
            "{}",
            f[0].summary
        );
        let benign = [search(1, 0, Some("quarterly roadmap")), search(2, 1, None)];
        assert!(run(&mut SearchSuspicious::default(), &ctx(), &benign).is_empty());
    }

    #[test]
    fn burst_edge() {
        let twenty: Vec<Event> = (0..20)
            .map(|i| search(i + 1, i as i64 * 2, Some("roadmap")))
            .collect();
        assert!(run(&mut SearchSuspicious::default(), &ctx(), &twenty).is_empty());
        let many: Vec<Event> = (0..25)
            .map(|i| search(i + 1, i as i64 * 2, Some("roadmap")))
            .collect();
        let f = run(&mut SearchSuspicious::default(), &ctx(), &many);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence_count, 5);
        assert_eq!(f[0].time_first, at(0));
    }

    #[test]
    fn spread_out_searches_do_not_burst() {
        let evs: Vec<Event> = (0..40)
            .map(|i| search(i + 1, i as i64 * 10, Some("roadmap")))
            .collect();
        assert!(run(&mut SearchSuspicious::default(), &ctx(), &evs).is_empty());
    }
}
