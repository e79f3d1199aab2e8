//! The report phase of a run: detection over the time-ordered events, correlation of the
//! findings, then the outputs (timeline tagged with findings, findings.csv, summary.json)
//! and the exit code.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::ingest::{Ingest, totals_of};
use crate::correlate::escalate::{Infrastructure, escalate};
use crate::correlate::sort::Sorted;
use crate::correlate::timeline;
use crate::detect::config::Config;
use crate::detect::{Context, Engine, Finding, Severity};
use crate::error::Result;
use crate::event::Event;
use crate::event::time::format_utc;
use crate::exit::Exit;
use crate::ingest::engine::BATCH;
use crate::output::summary::{FindingCounts, InputSummary, RunSummary, TopFinding};
use crate::output::timeline::TimelineWriter;
use crate::output::{OutputError, findings as findings_out, io_err};

/// Tags an event carries in the timeline: highest severity and detector ids.
type Tags = HashMap<(u32, u64), (Severity, BTreeSet<String>)>;

/// Detect, correlate, write; returns the run summary.
pub(super) fn report(
    run: Ingest<'_>,
    inputs: Vec<InputSummary>,
    config: &Config,
    files: &[String],
    formats: &[&'static str],
) -> Result<RunSummary> {
    let opts = run.opts;
    let dir = opts.out_dir.clone();
    let mut sorted = run.sorter.finish().map_err(sort_err)?;
    let (ctx, domain_source) = context(config, &opts.tenant_domains, run.tenant.domains());
    let tenant_domains: Vec<String> = ctx.tenant_domains.iter().cloned().collect();
    let mut findings = detect(&mut sorted, ctx, formats)?;
    let infra = escalate(&mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let shown: Vec<(String, &Finding)> = findings
        .iter()
        .filter(|f| f.severity >= opts.min_severity)
        .enumerate()
        .map(|(i, f)| (format!("F{:05}", i + 1), f))
        .collect();
    let tags = tags_of(&shown);
    write_timeline(&mut sorted, &dir, files, formats, &tags, &infra)?;
    findings_out::write(&dir, &shown, files)?;
    run.rejects.finish()?;
    let totals = totals_of(&inputs);
    let worst = shown.iter().map(|(_, f)| f.severity).max();
    let exit = if worst.is_some_and(|w| w >= opts.fail_on) {
        Exit::Findings
    } else if totals.ledger.rejected > 0 || totals.files_skipped > 0 || totals.files_failed > 0 {
        Exit::InputErrors
    } else {
        Exit::Ok
    };
    let summary = RunSummary {
        version: env!("CARGO_PKG_VERSION").to_string(),
        inputs,
        totals,
        time_range: run
            .first
            .zip(run.last)
            .map(|(f, l)| (format_utc(&f), format_utc(&l))),
        users: run.users.len() as u64,
        tenant_domains,
        tenant_domains_source: domain_source.to_string(),
        network: run.network.counts(),
        findings: counts(&shown),
        top_findings: top(&shown),
        attacker_ips: infra.ips.iter().map(|i| i.to_string()).collect(),
        incidents: Vec::new(),
        warnings: run.warnings,
        exit_code: exit.code(),
        exit_reason: exit.reason().to_string(),
    };
    summary.write(&dir)?;
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

/// Run every detector over the sorted events, in batches.
fn detect(sorted: &mut Sorted, ctx: Context, formats: &[&'static str]) -> Result<Vec<Finding>> {
    let mut engine = Engine::new(ctx);
    let mut batch: Vec<Event> = Vec::with_capacity(BATCH);
    sorted
        .for_each(|bytes| {
            batch.push(restore(bytes, formats)?);
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

/// An event back from the sort file, with its format restored from its file.
fn restore(bytes: &[u8], formats: &[&'static str]) -> std::io::Result<Event> {
    let mut ev: Event = crate::correlate::sort::decode(bytes)?;
    ev.format = formats
        .get(ev.pos.file as usize)
        .copied()
        .unwrap_or("unknown");
    Ok(ev)
}

fn tags_of(shown: &[(String, &Finding)]) -> Tags {
    let mut tags: Tags = HashMap::new();
    for (_, f) in shown {
        for e in &f.evidence {
            let t = tags
                .entry((e.file, e.line))
                .or_insert((f.severity, BTreeSet::new()));
            t.0 = t.0.max(f.severity);
            t.1.insert(f.detector_id.clone());
        }
    }
    tags
}

fn write_timeline(
    sorted: &mut Sorted,
    dir: &std::path::Path,
    files: &[String],
    formats: &[&'static str],
    tags: &Tags,
    infra: &Infrastructure,
) -> Result<()> {
    let mut writer = TimelineWriter::create(dir)?;
    sorted
        .for_each(|bytes| {
            let ev = restore(bytes, formats)?;
            let mut row = timeline::row(&ev, files);
            if let Some((sev, ids)) = tags.get(&(ev.pos.file, ev.pos.line)) {
                row.severity = sev.as_str().to_string();
                row.detector_ids = ids.iter().cloned().collect::<Vec<_>>().join(";");
            }
            row.attacker_activity = infra.matches(ev.ip, ev.sessions.primary());
            writer.write(&row)
        })
        .map_err(io_err(dir, "timeline.csv"))?;
    writer.finish()?;
    Ok(())
}

fn counts(shown: &[(String, &Finding)]) -> FindingCounts {
    let mut by_severity: BTreeMap<String, u64> = Severity::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect();
    let mut by_detector: BTreeMap<String, u64> = BTreeMap::new();
    for (_, f) in shown {
        *by_severity
            .entry(f.severity.as_str().to_string())
            .or_default() += 1;
        *by_detector.entry(f.detector_id.clone()).or_default() += 1;
    }
    FindingCounts {
        by_severity,
        by_detector,
    }
}

/// Most severe first, then in time order; at most 10.
fn top(shown: &[(String, &Finding)]) -> Vec<TopFinding> {
    let mut v: Vec<&(String, &Finding)> = shown.iter().collect();
    v.sort_by(|a, b| b.1.severity.cmp(&a.1.severity).then_with(|| a.0.cmp(&b.0)));
    v.into_iter()
        .take(10)
        .map(|(id, f)| TopFinding {
            finding_id: id.clone(),
            severity: f.severity.as_str().to_string(),
            detector_id: f.detector_id.clone(),
            user: f.user.clone(),
            summary: f.summary.clone(),
        })
        .collect()
}
