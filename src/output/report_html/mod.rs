//! report.html (SPEC §7a): what a responder hands to the client. One self-contained file
//! — inline CSS, inline SVG pictures, one small inline script, a Content-Security-Policy
//! that forbids loading anything — readable offline and printable (each incident starts a
//! page). In order: title, verdict and run summary; each incident in plain words with a
//! timeline picture of the account; the first accessed messages; every finding (sortable
//! and filterable when script runs, complete without it); attacker infrastructure.
//!
//! Renders only what correlation decided. All text from the logs goes through
//! [`html::Html::text`] (that is, [`crate::output::sanitize::for_html`]); the script reads
//! what it needs from the DOM and holds no log text. No wall-clock time, no random ids:
//! the same input gives the same bytes.
//!
//! The pictures need per-event data, which the run never holds: a [`Collector`] is fed
//! each timeline row and accessed-message row as the writing pass streams them, and keeps
//! a bounded amount ([`points`]: at most [`points::CAP`] marks per incident account;
//! [`accessed::SHOWN`] accessed rows).

pub mod accessed;
pub mod findings_table;
pub mod html;
pub mod incident;
pub mod infrastructure;
pub mod page;
pub mod points;
pub mod svg;
pub mod ticks;
pub mod words;

use std::io::Write;

use crate::correlate::NumberedFinding;
use crate::correlate::accessed::AccessedMessage;
use crate::correlate::incident::Incident;
use crate::correlate::timeline::TimelineRow;
use crate::output::dir::OutputDir;
use crate::output::summary::RunSummary;
use crate::output::{OutputError, io_err};

/// File name.
pub const NAME: &str = "report.html";

/// What the report keeps from the writing pass, bounded whatever the input size.
#[derive(Debug, Clone, Default)]
pub struct Collector {
    /// Picture data of the incident accounts.
    pub points: points::Points,
    /// The first rows of accessed_messages.csv.
    pub accessed: Vec<AccessedMessage>,
}

impl Collector {
    /// Ready to collect for the accounts of `incidents`.
    pub fn new(incidents: &[Incident]) -> Collector {
        Collector {
            points: points::Points::new(incidents),
            accessed: Vec::new(),
        }
    }

    /// A timeline row as it is written.
    pub fn timeline_row(&mut self, row: &TimelineRow) {
        self.points.add(row);
    }

    /// An accessed-message row as it is written.
    pub fn accessed_row(&mut self, row: &AccessedMessage) {
        if self.accessed.len() < accessed::SHOWN {
            self.accessed.push(row.clone());
        }
    }

    /// The report's input, with the run's summary and findings.
    pub fn input<'a>(
        &'a self,
        summary: &'a RunSummary,
        findings: &'a [NumberedFinding],
    ) -> ReportInput<'a> {
        ReportInput {
            summary,
            findings,
            accessed: &self.accessed,
            points: &self.points,
        }
    }
}

/// Everything the report renders.
pub struct ReportInput<'a> {
    /// The run summary (incidents, inputs, counts, infrastructure, warnings).
    pub summary: &'a RunSummary,
    /// Every finding shown, numbered, with its incident.
    pub findings: &'a [NumberedFinding],
    /// The first accessed-message rows (the count is in the summary).
    pub accessed: &'a [AccessedMessage],
    /// Picture data of the incident accounts.
    pub points: &'a points::Points,
}

/// The whole page.
pub fn render(input: &ReportInput) -> String {
    let s = input.summary;
    let mut h = html::Html::new();
    page::head(&mut h, s);
    page::summary(&mut h, s);
    for inc in &s.incidents {
        incident::section(&mut h, inc, input.points);
    }
    accessed::section(&mut h, s.timeline.accessed_messages, input.accessed);
    findings_table::section(&mut h, input.findings);
    infrastructure::section(&mut h, &s.attacker_infrastructure);
    page::foot(&mut h, s);
    h.into_string()
}

/// Write report.html into `dir` (under its temporary name, committed with the run).
pub fn write(out: &OutputDir, input: &ReportInput) -> Result<(), OutputError> {
    let mut w = out.create(NAME)?;
    let err = io_err(out.path(), NAME);
    w.write_all(render(input).as_bytes()).map_err(&err)?;
    w.flush().map_err(&err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::summary::{FindingCounts, NetworkCounts, TimelineSummary, Totals};

    fn summary() -> RunSummary {
        RunSummary {
            version: "0.0.0".into(),
            incidents: Vec::new(),
            inputs: Vec::new(),
            ignored: Vec::new(),
            totals: Totals::default(),
            time_range: None,
            users: 0,
            tenant_domains: vec!["<evil>.example".into()],
            tenant_domains_source: "inferred".into(),
            network: NetworkCounts::default(),
            findings: FindingCounts::default(),
            top_findings: Vec::new(),
            attacker_ips: Vec::new(),
            attacker_infrastructure: Vec::new(),
            own_networks: Vec::new(),
            timeline: TimelineSummary {
                mode: "relevant".into(),
                rows: 0,
                events_left_out: 0,
                events_without_time: 0,
                accessed_messages: 0,
            },
            warnings: vec!["w\u{1b}[31m<x>".into()],
            regression: None,
            exit_code: 0,
            exit_reason: "ok".into(),
        }
    }

    #[test]
    fn an_empty_run_says_so_in_one_self_contained_escaped_page() {
        let s = summary();
        let c = Collector::default();
        let html = render(&c.input(&s, &[]));
        assert!(html.contains("No account shows signs of takeover."));
        assert!(html.contains("default-src 'none'"), "no loads allowed");
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("&lt;evil&gt;.example") && !html.contains("<evil>"));
        assert!(
            html.contains("w[31m&lt;x&gt;"),
            "warning escaped, ANSI removed"
        );
        for external in ["http://", "https://", "src=", "@import", "url("] {
            assert!(!html.contains(external), "{external} in the page");
        }
    }

    #[test]
    fn the_collector_keeps_only_the_first_accessed_rows() {
        let mut c = Collector::default();
        let row = AccessedMessage {
            user: "u".into(),
            time: String::new(),
            internet_message_id: String::new(),
            folder: String::new(),
            size_bytes: String::new(),
            access_type: String::new(),
            session_id: String::new(),
            ip: String::new(),
            mailbox: String::new(),
            subject: String::new(),
            client: String::new(),
            incident_id: String::new(),
            source_file: String::new(),
            source_line: 0,
            record_id: String::new(),
            item_id: String::new(),
        };
        for _ in 0..500 {
            c.accessed_row(&row);
        }
        assert_eq!(c.accessed.len(), accessed::SHOWN);
    }
}
