//! The report phase of a run, three replays of the time-ordered events: detection; the
//! correlation pass (what attacker infrastructure did — skipped when nothing high was
//! found and no infrastructure named); and the writing pass (timeline and accessed
//! messages). Then findings.csv, incidents.csv, summary.json, report.html and the exit code.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::ingest::{Ingest, totals_of};
use crate::correlate::directory::Directory;
use crate::correlate::sort::Sorted;
use crate::correlate::{Correlation, Correlator};
use crate::detect::config::Config;
use crate::detect::{Context, Engine, Finding, Severity};
use crate::error::Result;
use crate::event::Event;
use crate::event::time::format_utc;
use crate::exit::Exit;
use crate::ingest::engine::BATCH;
use crate::output::dir::OutputDir;
use crate::output::report_html;
use crate::output::summary::{
    FindingCounts, InfraSummary, InputSummary, OwnNetworkSummary, RunSummary, TimelineSummary,
    TopFinding,
};
use crate::output::table::{CsvWriter, RowWriter, write_csv};
use crate::output::timeline::TimelineWriter;
use crate::output::{
    OutputError, accessed as accessed_out, findings as findings_out, incidents as incidents_out,
};
use crate::progress::Progress;

/// Detect, correlate, write; returns the run summary.
pub(super) fn report(
    mut run: Ingest<'_>,
    inputs: Vec<InputSummary>,
    config: &Config,
    files: &[String],
    formats: &[&'static str],
    out: &OutputDir,
    progress: &Progress,
) -> Result<RunSummary> {
    let opts = run.opts;
    // Fingerprints of every record read are only needed while reading; the replays need
    // the memory more.
    drop(std::mem::take(&mut run.dedup));
    progress.mark("sorting");
    let mut sorted = run.sorter.finish().map_err(sort_err)?;
    let mut replay = Replay {
        sorted: &mut sorted,
        formats,
        progress,
        events: totals_of(&inputs).ledger.events,
    };
    let (mut ctx, domain_source) = context(config, &opts.tenant_domains, run.tenant.domains());
    ctx.own = run.usage.own(config.own_networks);
    let tenant_domains: Vec<String> = ctx.tenant_domains.iter().cloned().collect();
    let findings = detect(&mut replay, ctx.clone())?;
    let correlation = correlate(&mut replay, findings, &ctx, run.directory, opts, files)?;
    progress.mark("incidents");
    let mut html = report_html::Collector::new(&correlation.incidents);
    let timeline = write_events(&mut replay, &correlation, opts, files, out, &mut html)?;
    progress.mark("findings, summary, report");
    write_csv(
        out,
        findings_out::NAME,
        findings_out::COLUMNS,
        &correlation.findings,
    )?;
    write_csv(
        out,
        incidents_out::NAME,
        incidents_out::COLUMNS,
        &correlation.incidents,
    )?;
    run.rejects.finish()?;
    let totals = totals_of(&inputs);
    let worst = correlation
        .findings
        .iter()
        .map(|n| n.finding.severity)
        .chain(correlation.incidents.iter().map(|i| i.severity))
        .max();
    let exit = if worst.is_some_and(|w| w >= opts.fail_on) {
        Exit::Findings
    } else if totals.ledger.rejected > 0 || totals.files_skipped > 0 || totals.files_failed > 0 {
        Exit::InputErrors
    } else {
        Exit::Ok
    };
    let summary = RunSummary {
        version: env!("CARGO_PKG_VERSION").to_string(),
        incidents: correlation.incidents.clone(),
        inputs,
        ignored: run.ignored,
        totals,
        time_range: run
            .first
            .zip(run.last)
            .map(|(f, l)| (format_utc(&f), format_utc(&l))),
        users: run.users.len() as u64,
        tenant_domains,
        tenant_domains_source: domain_source.to_string(),
        network: run.network.counts(),
        findings: counts(&correlation),
        top_findings: top(&correlation),
        attacker_ips: correlation
            .infra
            .ips
            .keys()
            .map(|i| i.to_string())
            .collect(),
        attacker_infrastructure: InfraSummary::of(&correlation),
        own_networks: OwnNetworkSummary::of(&ctx.own),
        timeline,
        warnings: run.warnings,
        exit_code: exit.code(),
        exit_reason: exit.reason().to_string(),
    };
    summary.write(out)?;
    report_html::write(out, &html.input(&summary, &correlation.findings))?;
    Ok(summary)
}

fn sort_err(e: std::io::Error) -> crate::error::Error {
    OutputError {
        path: "temporary sort file".into(),
        cause: e,
    }
    .into()
}

/// Tenant domains: command line and configuration together; else inferred.
fn context(config: &Config, cli: &[String], inferred: BTreeSet<String>) -> (Context, &'static str) {
    let mut cfg = config.clone();
    cfg.tenant_domains
        .extend(cli.iter().map(|d| d.trim().to_ascii_lowercase()));
    let source = match (cli.is_empty(), config.tenant_domains.is_empty()) {
        (false, _) => "command-line",
        (true, false) => "config",
        (true, true) => "inferred",
    };
    (cfg.context(inferred), source)
}

/// One replay of the time-ordered events, shown as a stage of the progress bar.
struct Replay<'a> {
    sorted: &'a mut Sorted,
    formats: &'a [&'static str],
    progress: &'a Progress,
    events: u64,
}

impl Replay<'_> {
    /// Call `f` with every event in order. Events are decoded a batch at a time in
    /// parallel (decoding is most of a replay's cost), and the next batch is decoded
    /// while `f` takes the current one; `f` still sees them one by one, in order.
    fn each(
        &mut self,
        stage: &str,
        mut f: impl FnMut(Event) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.progress.stage(stage, self.events);
        let (formats, progress) = (self.formats, self.progress);
        let mut take = |events: Decoded| -> std::io::Result<()> {
            progress.advance(events.len() as u64);
            events.into_iter().try_for_each(|ev| f(ev?))
        };
        let mut ready: Option<Decoded> = None;
        self.sorted.for_each_batch(BATCH, |batch| {
            let current = ready.take();
            let mut next = None;
            let mut taken = Ok(());
            rayon::in_place_scope(|s| {
                s.spawn(|_| next = Some(decode_batch(batch, formats)));
                if let Some(events) = current {
                    taken = take(events);
                }
            });
            ready = next;
            taken
        })?;
        ready.map_or(Ok(()), take)
    }
}

/// A batch of events back from the sort, in order.
type Decoded = Vec<std::io::Result<Event>>;

/// Decode a batch in parallel, keeping its order.
fn decode_batch(batch: &[&[u8]], formats: &[&'static str]) -> Decoded {
    batch
        .par_iter()
        .map(|bytes| restore(bytes, formats))
        .collect()
}

/// Run every detector over the sorted events, in batches.
fn detect(replay: &mut Replay, ctx: Context) -> Result<Vec<Finding>> {
    let mut engine = Engine::new(ctx);
    let mut batch: Vec<Event> = Vec::with_capacity(BATCH);
    replay
        .each("detecting", |ev| {
            batch.push(ev);
            if batch.len() >= BATCH {
                engine.observe_batch(&batch);
                batch.clear();
            }
            Ok(())
        })
        .map_err(sort_err)?;
    engine.observe_batch(&batch);
    Ok(engine.finish())
}

/// The correlation pass, when there is anything to correlate.
fn correlate(
    replay: &mut Replay,
    findings: Vec<Finding>,
    ctx: &Context,
    directory: Directory,
    opts: &super::AnalyzeOptions,
    files: &[String],
) -> Result<Correlation> {
    let any_high = findings.iter().any(|f| f.severity >= Severity::High);
    let mut correlator = Correlator::new(findings, ctx, directory);
    if any_high || !correlator.infrastructure().is_empty() {
        replay
            .each("correlating", |ev| {
                correlator.observe(&ev);
                Ok(())
            })
            .map_err(sort_err)?;
    }
    Ok(correlator.finish(opts.min_severity, files))
}

/// An event back from the sort file, with its format restored from its file.
fn restore(bytes: &[u8], formats: &[&'static str]) -> std::io::Result<Event> {
    let mut ev: Event = crate::correlate::sort::decode(bytes)?;
    ev.format = formats
        .get(ev.pos.file as usize)
        .copied()
        .unwrap_or("unknown");
    Ok(ev)
}

/// The writing pass: timeline rows and accessed messages (each also shown to the
/// report's bounded collector).
fn write_events(
    replay: &mut Replay,
    correlation: &Correlation,
    opts: &super::AnalyzeOptions,
    files: &[String],
    out: &OutputDir,
    html: &mut report_html::Collector,
) -> Result<TimelineSummary> {
    let mut timeline = TimelineWriter::begin(out)?;
    let mut accessed = CsvWriter::begin(out, accessed_out::NAME, accessed_out::COLUMNS)?;
    let mut time_unknown = 0u64;
    let mut left_out = 0u64;
    // The replay's closure speaks io::Error; a writer's own error (which names its file)
    // is kept here and returned instead.
    let mut failed: Option<OutputError> = None;
    let mut keep = |r: std::result::Result<(), OutputError>| {
        r.map_err(|e| {
            let io = std::io::Error::other(e.to_string());
            failed = Some(e);
            io
        })
    };
    replay
        .each("writing", |ev| {
            let ann = correlation.annotate(&ev);
            match correlation.timeline_row(&ev, &ann, files, opts.timeline) {
                Some(row) => {
                    html.timeline_row(&row);
                    keep(timeline.row(&row))?
                }
                None if !ev.time_known => time_unknown += 1,
                None => left_out += 1,
            }
            for row in correlation.accessed(&ev, &ann, files) {
                html.accessed_row(&row);
                keep(accessed.row(&row))?;
            }
            Ok(())
        })
        .map_err(|e| failed.take().map_or_else(|| sort_err(e), Into::into))?;
    let rows = timeline.finish()?;
    let accessed_rows = accessed.finish()?;
    Ok(TimelineSummary {
        mode: match opts.timeline {
            crate::correlate::TimelineMode::Relevant => "relevant",
            crate::correlate::TimelineMode::All => "all",
        }
        .to_string(),
        rows,
        events_left_out: left_out,
        events_without_time: time_unknown,
        accessed_messages: accessed_rows,
    })
}

fn counts(c: &Correlation) -> FindingCounts {
    let mut by_severity: BTreeMap<String, u64> = Severity::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect();
    let mut by_detector: BTreeMap<String, u64> = BTreeMap::new();
    for n in &c.findings {
        *by_severity
            .entry(n.finding.severity.as_str().to_string())
            .or_default() += 1;
        *by_detector
            .entry(n.finding.detector_id.clone())
            .or_default() += 1;
    }
    FindingCounts {
        by_severity,
        by_detector,
        outside_incidents: c
            .findings
            .iter()
            .filter(|n| n.incident_id.is_none())
            .count() as u64,
    }
}

/// Findings in no incident: most severe first, then in id (time) order; at most 10.
fn top(c: &Correlation) -> Vec<TopFinding> {
    let mut v: Vec<_> = c
        .findings
        .iter()
        .filter(|n| n.incident_id.is_none())
        .collect();
    v.sort_by(|a, b| {
        b.finding
            .severity
            .cmp(&a.finding.severity)
            .then_with(|| a.id.cmp(&b.id))
    });
    v.into_iter()
        .take(10)
        .map(|n| TopFinding {
            finding_id: n.id.clone(),
            severity: n.finding.severity.as_str().to_string(),
            detector_id: n.finding.detector_id.clone(),
            user: n.finding.user.clone(),
            summary: n.finding.summary.clone(),
            incident_id: n.incident_id.clone(),
        })
        .collect()
}
