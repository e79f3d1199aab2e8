//! Orchestration: the only module that knows every stage. Resolves inputs, sniffs them
//! all first, reads them in a fixed order (sign-in exports first, so a UAL sign-in can be
//! merged into the Entra row it mirrors; then the rest, each group in path order), and
//! writes the outputs. Row errors go to the ledger and rejects.csv; only I/O on inputs or
//! outputs (or --strict) stops a run.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use crate::correlate::TimelineMode;
use crate::correlate::sort::{DEFAULT_BUDGET, ExternalSorter};
use crate::detect::Severity;
use crate::detect::config::Config;
use crate::detect::indicators::Indicators;
use crate::enrich::Enricher;
use crate::error::{Error, Result};
use crate::event::time::DateOrder;
use crate::ingest::dedup::Deduper;
use crate::ingest::engine::{BATCH, RecordReader};
use crate::ingest::formats::InputFormat;
use crate::ingest::ignore::{self, Ignored};
use crate::ingest::sniff::{Head, sniff};
use crate::ingest::source::{self, Discovered, Opened, Source};
use crate::output::dir::OutputDir;
use crate::output::expect::Expectation;
use crate::output::rejects::RejectsWriter;
use crate::output::summary::{InputSummary, RunSummary};
use crate::progress::Progress;

/// Everything `analyze` needs, validated by the CLI layer.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Files, folders or `-`.
    pub inputs: Vec<PathBuf>,
    /// Output directory.
    pub out_dir: PathBuf,
    /// Worker threads (None: all cores).
    pub threads: Option<usize>,
    /// Day/month order for ambiguous slashed dates.
    pub date_order: Option<DateOrder>,
    /// Stop at the first bad row or file.
    pub strict: bool,
    /// Keep events at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Keep events before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Keep only events of these users (canonical keys).
    pub users: Vec<String>,
    /// Show the progress bar (still hidden off a terminal).
    pub progress: bool,
    /// IP-intelligence overrides (never required).
    pub enrich: crate::enrich::EnrichOptions,
    /// Configuration file (TOML), if any.
    pub config: Option<PathBuf>,
    /// Tenant domains given on the command line (added to the configuration's).
    pub tenant_domains: Vec<String>,
    /// Findings below this severity are left out of the outputs.
    pub min_severity: Severity,
    /// Exit 1 when a finding at or above this severity exists.
    pub fail_on: Severity,
    /// Which events the timeline holds.
    pub timeline: TimelineMode,
    /// Indicator files (CSV or STIX 2.1) to match events against.
    pub ioc_files: Vec<PathBuf>,
    /// Also write the Parquet outputs.
    pub parquet: bool,
    /// Save the findings as a regression expectation here.
    pub write_expect: Option<PathBuf>,
    /// Compare the findings with the expectation saved here (exit 4 on difference).
    pub expect: Option<PathBuf>,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            inputs: Vec::new(),
            out_dir: PathBuf::from("mailtrail-out"),
            threads: None,
            date_order: None,
            strict: false,
            since: None,
            until: None,
            users: Vec::new(),
            progress: false,
            enrich: Default::default(),
            config: None,
            tenant_domains: Vec::new(),
            min_severity: Severity::Info,
            fail_on: Severity::High,
            timeline: TimelineMode::Relevant,
            ioc_files: Vec::new(),
            parquet: false,
            write_expect: None,
            expect: None,
        }
    }
}

/// What sniffing decided for one input.
pub(crate) struct Plan {
    source: Source,
    format: Option<&'static dyn InputFormat>,
    reason: String,
    head: Option<Head>,
    encoding: &'static str,
    gzip: bool,
    /// Kept open only for stdin (it cannot be opened twice).
    opened: Option<Opened>,
}

impl Plan {
    /// An input that cannot be read at all: reported and skipped.
    fn damaged(source: Source, reason: String) -> Plan {
        Plan {
            source,
            format: None,
            reason,
            head: None,
            encoding: "",
            gzip: false,
            opened: None,
        }
    }
}

/// Sniff every input (used by `analyze` and `sniff`). Inputs that no format recognises
/// and that are not logs at all (`ingest::ignore`) are added to `ignored` instead of
/// planned; the rest, recognised or not, are planned.
fn plan_inputs(
    sources: Vec<Source>,
    counter: &Arc<AtomicU64>,
    ignored: &mut Vec<Ignored>,
) -> Result<Vec<Plan>> {
    let mut plans = Vec::with_capacity(sources.len());
    for src in sources {
        if let Some(problem) = src.problem.clone() {
            plans.push(Plan::damaged(src, problem));
            continue;
        }
        let opened = match source::open(&src, counter.clone()) {
            Ok(o) => o,
            Err(crate::ingest::IngestError::Zip { message, .. }) => {
                plans.push(Plan::damaged(src, format!("damaged zip member: {message}")));
                continue;
            }
            Err(crate::ingest::IngestError::Damaged { message, .. }) => {
                plans.push(Plan::damaged(src, format!("damaged input: {message}")));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let s = sniff(&opened.head);
        if s.format.is_none()
            && let Some(reason) = ignore::not_a_log(&opened.head, &src.base_name())
        {
            let path = src.display;
            ignored.push(Ignored { path, reason });
            continue;
        }
        let keep = src.read_once();
        plans.push(Plan {
            format: s.format,
            reason: s.reason,
            head: s.head,
            encoding: opened.encoding.as_str(),
            gzip: opened.gzip,
            opened: keep.then_some(opened),
            source: src,
        });
    }
    counter.store(0, Ordering::Relaxed);
    ignored.sort();
    ignored.dedup();
    Ok(plans)
}

/// One `sniff` answer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SniffReport {
    /// Path as shown.
    pub path: String,
    /// Format id, `unknown`, or `ignored` (not a log at all).
    pub format: String,
    /// Why.
    pub reason: String,
    /// Data records in the file (0 when unknown).
    pub rows: u64,
}

/// Sniff inputs and count their records (no mapping). Files that are not logs are
/// reported with the format `ignored`, in path order with the rest.
pub fn sniff_inputs(inputs: &[PathBuf]) -> Result<Vec<SniffReport>> {
    let counter = Arc::new(AtomicU64::new(0));
    let found = preflight::discover(inputs)?;
    let mut ignored = found.ignored;
    let plans = plan_inputs(found.sources, &counter, &mut ignored)?;
    let mut out = Vec::with_capacity(plans.len() + ignored.len());
    for mut plan in plans {
        let (rows, error) = match (&plan.format, &plan.head) {
            (Some(_), Some(head)) => {
                let opened = match plan.opened.take() {
                    Some(o) => o,
                    None => source::open(&plan.source, counter.clone())?,
                };
                count_records(opened, head, &plan.source.display)
            }
            _ => (0, None),
        };
        let mut reason = describe_reason(&plan);
        if let Some(e) = error {
            reason = format!("{reason}; stopped early: {e}");
        }
        out.push(SniffReport {
            path: plan.source.display.clone(),
            format: plan.format.map_or("unknown", |f| f.id()).to_string(),
            reason,
            rows,
        });
    }
    out.extend(ignored.into_iter().map(|i| SniffReport {
        path: i.path,
        format: "ignored".into(),
        reason: i.reason,
        rows: 0,
    }));
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn describe_reason(plan: &Plan) -> String {
    let mut extras = Vec::new();
    if plan.gzip {
        extras.push("gzip".to_string());
    }
    if plan.encoding != "UTF-8" {
        extras.push(plan.encoding.to_string());
    }
    if extras.is_empty() {
        plan.reason.clone()
    } else {
        format!("{} [{}]", plan.reason, extras.join(", "))
    }
}

/// Count records; a read error ends the count and is returned beside it.
fn count_records(opened: Opened, head: &Head, path: &str) -> (u64, Option<String>) {
    let mut reader = match RecordReader::new(opened.reader, head, path) {
        Ok(r) => r,
        Err(e) => return (0, Some(e.to_string())),
    };
    let mut n = 0;
    loop {
        match reader.next_batch(BATCH) {
            Ok(batch) if batch.is_empty() => return (n, None),
            Ok(batch) => n += batch.len() as u64,
            Err(e) => return (n, Some(e.to_string())),
        }
    }
}

mod filter;
mod ingest;
mod preflight;
mod report;
mod sweep;

pub use sweep::{SweepOptions, TENANT_CONFIG, expect_file, rollup, sweep};

/// Run the main job: read, normalise, detect, write the outputs. Returns the summary
/// (already written to `summary.json`).
pub fn analyze(opts: &AnalyzeOptions) -> Result<RunSummary> {
    preflight::out_dir_is_usable(&opts.out_dir)?;
    let mut config = match &opts.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if !opts.ioc_files.is_empty() {
        config.indicators = Arc::new(Indicators::load(&opts.ioc_files)?);
    }
    let expected = opts.expect.as_deref().map(Expectation::load).transpose()?;
    let found = preflight::discover(&opts.inputs)?;
    if found.sources.is_empty() {
        return Err(preflight::nothing_to_read(&opts.inputs, &found.ignored));
    }
    let enricher = crate::enrich::Enricher::new(&opts.enrich)?;
    let out = OutputDir::open(&opts.out_dir)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    let result = pool.install(|| run_all(opts, &config, &enricher, found, &out, expected));
    match &result {
        Ok(_) => out.commit()?,
        Err(_) => out.discard(),
    }
    result
}

fn run_all(
    opts: &AnalyzeOptions,
    config: &Config,
    enricher: &Enricher,
    found: Discovered,
    out: &OutputDir,
    expected: Option<Expectation>,
) -> Result<RunSummary> {
    let counter = Arc::new(AtomicU64::new(0));
    let total: u64 = found.sources.iter().filter_map(|s| s.size).sum();
    let mut ignored = found.ignored;
    let plans = plan_inputs(found.sources, &counter, &mut ignored)?;
    if plans.is_empty() {
        return Err(preflight::nothing_to_read(&opts.inputs, &ignored));
    }
    let files: Vec<String> = plans.iter().map(|p| p.source.display.clone()).collect();
    let formats: Vec<&'static str> = plans
        .iter()
        .map(|p| p.format.map_or("unknown", |f| f.id()))
        .collect();
    let mut run = ingest::Ingest {
        opts,
        enricher,
        network: ingest::NetworkTally::default(),
        dedup: Deduper::default(),
        sorter: ExternalSorter::new(DEFAULT_BUDGET),
        rejects: RejectsWriter::begin(out)?,
        users: HashSet::new(),
        first: None,
        last: None,
        warnings: config.indicators.warnings().to_vec(),
        filter: filter::Filter::new(opts),
        tenant: Default::default(),
        directory: Default::default(),
        usage: Default::default(),
        ignored,
    };
    let progress = Progress::new(total, opts.progress);
    let mut summaries: Vec<Option<InputSummary>> = vec![None; plans.len()];
    for (id, plan) in processing_order(plans) {
        progress.set_file(&plan.source.display);
        match run.file(id, plan, &counter, &progress) {
            Ok(s) => summaries[id as usize] = Some(s),
            Err(e) => {
                progress.clear();
                return Err(e);
            }
        }
    }
    let said = run.filter.warnings();
    run.warnings.extend(said);
    let inputs = summaries.into_iter().flatten().collect();
    let job = report::Job {
        config,
        files: &files,
        formats: &formats,
        out,
        progress: &progress,
        expected,
    };
    let result = report::report(run, inputs, &job);
    progress.clear();
    result
}

/// Sign-in exports first (for mirrored sign-in merging), then the rest; path order within.
fn processing_order(plans: Vec<Plan>) -> Vec<(u32, Plan)> {
    let mut indexed: Vec<(u32, Plan)> = plans
        .into_iter()
        .enumerate()
        .map(|(i, p)| (i as u32, p))
        .collect();
    indexed.sort_by_key(|(i, p)| (!p.format.is_some_and(|f| f.id().starts_with("signin-")), *i));
    indexed
}
