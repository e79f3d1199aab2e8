//! The report phase of a run, three replays of the time-ordered events: detection; the
//! correlation pass (what attacker infrastructure did — skipped when nothing high was
//! found and no infrastructure named); and the writing pass (timeline and accessed
//! messages). Then findings.csv, incidents.csv, summary.json, report.html and the exit code.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::ingest::{Ingest, totals_of};
use crate::correlate::directory::Directory;
use crate::correlate::sort::Sorted;
use crate::correlate::stored::{self, Probe};
use crate::correlate::{Correlation, Correlator, TimelineMode};
use crate::detect::config::Config;
use crate::detect::{Context, Engine, Finding, Severity};
use crate::error::Result;
use crate::event::Event;
use crate::event::time::format_utc;
use crate::exit::Exit;
use crate::ingest::engine::BATCH;
use crate::output::dir::OutputDir;
use crate::output::expect::{Difference, Expectation, compare};
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

/// What a run's report needs besides the ingested events.
pub(super) struct Job<'a> {
    pub config: &'a Config,
    /// Input paths as shown, by file id.
    pub files: &'a [String],
    /// Format id of each input, by file id.
    pub formats: &'a [&'static str],
    pub out: &'a OutputDir,
    pub progress: &'a Progress,
    /// The regression expectation to compare with (`--expect`).
    pub expected: Option<Expectation>,
}

/// Detect, correlate, write; returns the run summary.
pub(super) fn report(
    mut run: Ingest<'_>,
    inputs: Vec<InputSummary>,
    job: &Job<'_>,
) -> Result<RunSummary> {
    let Job {
        config,
        files,
        formats,
        out,
        progress,
        ..
    } = *job;
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
    findings_out::write(out, &correlation.findings, opts.parquet)?;
    write_csv(
        out,
        incidents_out::NAME,
        incidents_out::COLUMNS,
        &correlation.incidents,
    )?;
    run.rejects.finish()?;
    let totals = totals_of(&inputs);
    let regression = regression_check(opts, job.expected.as_ref(), &correlation, &totals, files)?;
    let exit = exit_code(opts.fail_on, &correlation, &totals, regression.as_ref());
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
        regression: regression.clone(),
        exit_code: exit.code(),
        exit_reason: match (&regression, exit) {
            (Some(_), Exit::Ok) => "regression check: as expected".to_string(),
            _ => exit.reason().to_string(),
        },
    };
    summary.write(out)?;
    report_html::write(out, &html.input(&summary, &correlation.findings))?;
    Ok(summary)
}

/// The exit code: with `--expect` it answers the regression question alone (4 on any
/// difference, else 0 — expected findings are the point of the fixture, not a failure);
/// otherwise findings at or above `--fail-on` (1), then rejected input (3).
fn exit_code(
    fail_on: Severity,
    correlation: &Correlation,
    totals: &crate::output::summary::Totals,
    regression: Option<&Difference>,
) -> Exit {
    if let Some(d) = regression {
        return if d.is_empty() {
            Exit::Ok
        } else {
            Exit::Regression
        };
    }
    let worst = correlation
        .findings
        .iter()
        .map(|n| n.finding.severity)
        .chain(correlation.incidents.iter().map(|i| i.severity))
        .max();
    if worst.is_some_and(|w| w >= fail_on) {
        Exit::Findings
    } else if totals.ledger.rejected > 0 || totals.files_skipped > 0 || totals.files_failed > 0 {
        Exit::InputErrors
    } else {
        Exit::Ok
    }
}

/// `--write-expect` saves this run's expectation; `--expect` compares it with the saved one.
fn regression_check(
    opts: &super::AnalyzeOptions,
    expected: Option<&Expectation>,
    correlation: &Correlation,
    totals: &crate::output::summary::Totals,
    files: &[String],
) -> Result<Option<Difference>> {
    if opts.write_expect.is_none() && expected.is_none() {
        return Ok(None);
    }
    let actual = Expectation::of(
        &correlation.findings,
        &correlation.incidents,
        &totals.ledger,
        |n, i| {
            let e = n.finding.evidence.get(i)?;
            let path = files.get(e.file as usize)?;
            let name = std::path::Path::new(path).file_name()?.to_string_lossy();
            Some(format!("{name}:{}", e.line))
        },
    );
    if let Some(path) = &opts.write_expect {
        actual.write(path)?;
    }
    let shown = opts.expect.as_ref().map(|p| p.display().to_string());
    Ok(expected
        .zip(shown)
        .map(|(want, shown)| compare(want, &actual, &shown)))
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
    /// Give `pass` every event in order. Each batch's probes are read first (cheap), then
    /// the events the pass wants are decoded in parallel — the next batch while the pass
    /// takes the current one (decoding is most of a replay's cost); the others reach the
    /// pass as [`Replayed::Skipped`].
    fn run(&mut self, stage: &str, pass: &mut impl Pass) -> std::io::Result<()> {
        self.progress.stage(stage, self.events);
        let (formats, progress) = (self.formats, self.progress);
        let mut ready: Option<Decoded> = None;
        self.sorted.for_each_batch(BATCH, |batch| {
            let wanted = batch
                .iter()
                .map(|bytes| Probe::read(bytes).map(|p| (pass.wants(&p), p.time_known)))
                .collect::<std::io::Result<Vec<_>>>()?;
            let current = ready.take();
            let mut next = None;
            let mut taken = Ok(());
            rayon::in_place_scope(|s| {
                s.spawn(|_| next = Some(decode_batch(batch, &wanted, formats)));
                if let Some(events) = current {
                    progress.advance(events.len() as u64);
                    taken = events.into_iter().try_for_each(|r| pass.take(r?));
                }
            });
            ready = next;
            taken
        })?;
        match ready {
            Some(events) => {
                progress.advance(events.len() as u64);
                events.into_iter().try_for_each(|r| pass.take(r?))
            }
            None => Ok(()),
        }
    }
}

/// One replay's work on the time-ordered events.
trait Pass {
    /// Whether the pass needs the whole event behind a probe.
    fn wants(&self, _probe: &Probe<'_>) -> bool {
        true
    }

    /// Take the next event, in order.
    fn take(&mut self, ev: Replayed) -> std::io::Result<()>;
}

/// An event handed to a [`Pass`].
enum Replayed {
    /// Decoded, because the pass wanted it.
    Event(Box<Event>),
    /// Not decoded: the pass did not want it.
    Skipped {
        /// Whether it has a time.
        time_known: bool,
    },
}

/// A batch back from the sort, in order.
type Decoded = Vec<std::io::Result<Replayed>>;

/// Decode the wanted events of a batch in parallel, keeping its order.
fn decode_batch(batch: &[&[u8]], wanted: &[(bool, bool)], formats: &[&'static str]) -> Decoded {
    batch
        .par_iter()
        .zip(wanted.par_iter())
        .map(|(bytes, &(want, time_known))| {
            if want {
                restore(bytes, formats).map(|ev| Replayed::Event(Box::new(ev)))
            } else {
                Ok(Replayed::Skipped { time_known })
            }
        })
        .collect()
}

/// The detection pass: every event, in batches, through every detector.
struct DetectPass {
    engine: Engine,
    batch: Vec<Event>,
}

impl Pass for DetectPass {
    fn take(&mut self, ev: Replayed) -> std::io::Result<()> {
        if let Replayed::Event(ev) = ev {
            self.batch.push(*ev);
        }
        if self.batch.len() >= BATCH {
            self.engine.observe_batch(&self.batch);
            self.batch.clear();
        }
        Ok(())
    }
}

/// Run every detector over the sorted events, in batches.
fn detect(replay: &mut Replay, ctx: Context) -> Result<Vec<Finding>> {
    let mut pass = DetectPass {
        engine: Engine::new(ctx),
        batch: Vec::with_capacity(BATCH),
    };
    replay.run("detecting", &mut pass).map_err(sort_err)?;
    pass.engine.observe_batch(&pass.batch);
    Ok(pass.engine.finish())
}

impl Pass for Correlator<'_> {
    fn wants(&self, probe: &Probe<'_>) -> bool {
        Correlator::wants(self, probe)
    }

    fn take(&mut self, ev: Replayed) -> std::io::Result<()> {
        if let Replayed::Event(ev) = ev {
            self.observe(&ev);
        }
        Ok(())
    }
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
            .run("correlating", &mut correlator)
            .map_err(sort_err)?;
    }
    Ok(correlator.finish(opts.min_severity, files))
}

/// An event back from the sort file, with its format restored from its file.
fn restore(bytes: &[u8], formats: &[&'static str]) -> std::io::Result<Event> {
    let mut ev = stored::decode(bytes)?;
    ev.format = formats
        .get(ev.pos.file as usize)
        .copied()
        .unwrap_or("unknown");
    Ok(ev)
}

/// The writing pass: timeline rows and accessed messages (each also shown to the
/// report's bounded collector).
struct WritePass<'a> {
    correlation: &'a Correlation,
    mode: TimelineMode,
    files: &'a [String],
    timeline: TimelineWriter,
    accessed: CsvWriter<crate::correlate::accessed::AccessedMessage>,
    html: &'a mut report_html::Collector,
    time_unknown: u64,
    left_out: u64,
    /// A writer's own error (which names its file); the replay speaks io::Error.
    failed: Option<OutputError>,
}

impl WritePass<'_> {
    fn keep(&mut self, r: std::result::Result<(), OutputError>) -> std::io::Result<()> {
        r.map_err(|e| {
            let io = std::io::Error::other(e.to_string());
            self.failed = Some(e);
            io
        })
    }
}

impl Pass for WritePass<'_> {
    fn wants(&self, probe: &Probe<'_>) -> bool {
        self.correlation.wants(probe, self.mode)
    }

    fn take(&mut self, ev: Replayed) -> std::io::Result<()> {
        let ev = match ev {
            Replayed::Event(ev) => ev,
            Replayed::Skipped { time_known: false } => {
                self.time_unknown += 1;
                return Ok(());
            }
            Replayed::Skipped { time_known: true } => {
                self.left_out += 1;
                return Ok(());
            }
        };
        let ann = self.correlation.annotate(&ev);
        match self
            .correlation
            .timeline_row(&ev, &ann, self.files, self.mode)
        {
            Some(row) => {
                self.html.timeline_row(&row);
                let r = self.timeline.row(&row);
                self.keep(r)?;
            }
            None if !ev.time_known => self.time_unknown += 1,
            None => self.left_out += 1,
        }
        for row in self.correlation.accessed(&ev, &ann, self.files) {
            self.html.accessed_row(&row);
            let r = self.accessed.row(&row);
            self.keep(r)?;
        }
        Ok(())
    }
}

fn write_events(
    replay: &mut Replay,
    correlation: &Correlation,
    opts: &super::AnalyzeOptions,
    files: &[String],
    out: &OutputDir,
    html: &mut report_html::Collector,
) -> Result<TimelineSummary> {
    let mut pass = WritePass {
        correlation,
        mode: opts.timeline,
        files,
        timeline: TimelineWriter::begin(out, opts.parquet)?,
        accessed: CsvWriter::begin(out, accessed_out::NAME, accessed_out::COLUMNS)?,
        html,
        time_unknown: 0,
        left_out: 0,
        failed: None,
    };
    if let Err(e) = replay.run("writing", &mut pass) {
        return Err(pass.failed.take().map_or_else(|| sort_err(e), Into::into));
    }
    let rows = pass.timeline.finish()?;
    let accessed_rows = pass.accessed.finish()?;
    Ok(TimelineSummary {
        mode: match opts.timeline {
            TimelineMode::Relevant => "relevant",
            TimelineMode::All => "all",
        }
        .to_string(),
        rows,
        events_left_out: pass.left_out,
        events_without_time: pass.time_unknown,
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
