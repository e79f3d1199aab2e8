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

use rayon::prelude::*;

use crate::correlate::sort::{DEFAULT_BUDGET, ExternalSorter};
use crate::correlate::timeline;
use crate::enrich::Enricher;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::event::time::{DateOrder, format_utc};
use crate::exit::Exit;
use crate::ingest::dedup::{Deduper, Verdict};
use crate::ingest::engine::{BATCH, Outcome, RecordReader, map_batch};
use crate::ingest::formats::{FileCtx, InputFormat};
use crate::ingest::sniff::{Head, sniff};
use crate::ingest::source::{self, Opened, Source};
use crate::ingest::{Ledger, RowError};
use crate::output::rejects::RejectsWriter;
use crate::output::summary::{InputSummary, NetworkCounts, RunSummary, Totals};
use crate::output::timeline::TimelineWriter;
use crate::progress::Progress;

/// Everything `analyze` needs, validated by the CLI layer.
#[derive(Debug, Clone, Default)]
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
}

/// What sniffing decided for one input.
struct Plan {
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

/// Sniff every input (used by `analyze` and `sniff`).
fn plan_inputs(sources: Vec<Source>, counter: &Arc<AtomicU64>) -> Result<Vec<Plan>> {
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
        let keep = matches!(src.origin, source::Origin::Stdin);
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
    Ok(plans)
}

/// One `sniff` answer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SniffReport {
    /// Path as shown.
    pub path: String,
    /// Format id or `unknown`.
    pub format: String,
    /// Why.
    pub reason: String,
    /// Data records in the file (0 when unknown).
    pub rows: u64,
}

/// Sniff inputs and count their records (no mapping).
pub fn sniff_inputs(inputs: &[PathBuf]) -> Result<Vec<SniffReport>> {
    let counter = Arc::new(AtomicU64::new(0));
    let sources = source::discover(inputs)?;
    let plans = plan_inputs(sources, &counter)?;
    let mut out = Vec::with_capacity(plans.len());
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

/// Mutable state of one analysis run.
struct Run<'a> {
    opts: &'a AnalyzeOptions,
    enricher: &'a Enricher,
    network: NetworkTally,
    files: Vec<String>,
    dedup: Deduper,
    sorter: ExternalSorter,
    rejects: RejectsWriter,
    users: HashSet<String>,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    warnings: Vec<String>,
    user_filter: HashSet<String>,
}

/// Run the main job: read, normalise, write the outputs. Returns the summary (already
/// written to `summary.json`).
pub fn analyze(opts: &AnalyzeOptions) -> Result<RunSummary> {
    let sources = source::discover(&opts.inputs)?;
    if sources.is_empty() {
        let names: Vec<String> = opts
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(Error::NoInputs(names.join(", ")));
    }
    let enricher = crate::enrich::Enricher::new(&opts.enrich)?;
    crate::output::ensure_dir(&opts.out_dir)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    let result = pool.install(|| run_all(opts, &enricher, sources));
    match &result {
        Ok(_) => crate::output::commit(&opts.out_dir)?,
        Err(_) => crate::output::discard(&opts.out_dir),
    }
    result
}

fn run_all(opts: &AnalyzeOptions, enricher: &Enricher, sources: Vec<Source>) -> Result<RunSummary> {
    let counter = Arc::new(AtomicU64::new(0));
    let total: u64 = sources.iter().filter_map(|s| s.size).sum();
    let plans = plan_inputs(sources, &counter)?;
    let mut run = Run {
        opts,
        enricher,
        network: NetworkTally::default(),
        files: plans.iter().map(|p| p.source.display.clone()).collect(),
        dedup: Deduper::default(),
        sorter: ExternalSorter::new(DEFAULT_BUDGET),
        rejects: RejectsWriter::create(&opts.out_dir)?,
        users: HashSet::new(),
        first: None,
        last: None,
        warnings: Vec::new(),
        user_filter: opts
            .users
            .iter()
            .map(|u| crate::event::user::canonical_user(u))
            .collect(),
    };
    let progress = Progress::new(total, opts.progress);
    let mut summaries: Vec<Option<InputSummary>> = vec![None; plans.len()];
    for (id, plan) in processing_order(plans) {
        progress.set_file(&plan.source.display);
        let summary = run.file(id, plan, &counter, &progress);
        match summary {
            Ok(s) => summaries[id as usize] = Some(s),
            Err(e) => {
                progress.clear();
                return Err(e);
            }
        }
    }
    progress.clear();
    run.finish(summaries.into_iter().flatten().collect())
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

impl Run<'_> {
    fn file(
        &mut self,
        id: u32,
        mut plan: Plan,
        counter: &Arc<AtomicU64>,
        progress: &Progress,
    ) -> Result<InputSummary> {
        let mut summary = InputSummary {
            path: plan.source.display.clone(),
            format: plan.format.map_or("unknown", |f| f.id()).to_string(),
            ledger: Ledger::default(),
            reason: plan.reason.clone(),
            encoding: plan.encoding.to_string(),
            gzip: plan.gzip,
            date_order: None,
            merged_signins: 0,
            invalid_utf8_rows: 0,
            skipped: false,
            error: None,
        };
        let (Some(format), Some(head)) = (plan.format, plan.head.take()) else {
            return self.skip_file(summary);
        };
        let order = self.date_order_for(&head, &summary.path);
        if head.slashed_dates {
            summary.date_order = Some(format!("{order:?}").to_lowercase());
        }
        let opened = match plan.opened.take() {
            Some(o) => o,
            None => source::open(&plan.source, counter.clone())?,
        };
        let before = counter.load(Ordering::Relaxed);
        let mut reader = match RecordReader::new(opened.reader, &head, &summary.path) {
            Ok(r) => r,
            Err(e) => return self.read_failed(summary, e),
        };
        let ctx = FileCtx { date_order: order };
        loop {
            let first_record = reader.records_read() + 1;
            let batch = match reader.next_batch(BATCH) {
                Ok(b) => b,
                Err(e) => return self.read_failed(summary, e),
            };
            if batch.is_empty() {
                break;
            }
            let mut mapped = map_batch(format, reader.header(), batch, id, first_record, &ctx);
            let enricher = self.enricher;
            mapped.par_iter_mut().for_each(|m| {
                if let Outcome::Event(ev) = &mut m.outcome {
                    enricher.enrich_event(ev);
                }
            });
            for m in mapped {
                summary.ledger.rows_read += 1;
                summary.invalid_utf8_rows += u64::from(m.lossy);
                self.account(m.outcome, &mut summary)?;
            }
            progress.set_position(before + counter.load(Ordering::Relaxed).saturating_sub(before));
        }
        Ok(summary)
    }

    /// A file that broke part-way (damaged gzip, I/O error): what was read counts, the
    /// file is marked, the run goes on (exit 3) unless --strict.
    fn read_failed(
        &mut self,
        mut summary: InputSummary,
        e: crate::ingest::IngestError,
    ) -> Result<InputSummary> {
        if self.opts.strict {
            return Err(e.into());
        }
        let msg = e.to_string();
        self.warnings.push(msg.clone());
        summary.error = Some(msg);
        Ok(summary)
    }

    fn skip_file(&mut self, mut summary: InputSummary) -> Result<InputSummary> {
        summary.skipped = true;
        if self.opts.strict {
            return Err(Error::Strict {
                location: summary.path,
                reason: summary.reason,
            });
        }
        self.warnings
            .push(format!("{}: skipped: {}", summary.path, summary.reason));
        Ok(summary)
    }

    /// The file's own evidence settles the order (SPEC §3); else --date-order; else
    /// month-first with a warning.
    fn date_order_for(&mut self, head: &Head, path: &str) -> DateOrder {
        if let Some(order) = head.date_order {
            return order;
        }
        let chosen = self.opts.date_order.unwrap_or_default();
        let name = if chosen == DateOrder::Dmy {
            "day-first"
        } else {
            "month-first"
        };
        if head.date_order_conflict {
            self.warnings.push(format!(
                "{path}: both day-first and month-first dates in the first MB; reading {name} (set --date-order to choose)"
            ));
        } else if head.slashed_dates && self.opts.date_order.is_none() {
            self.warnings.push(format!(
                "{path}: slashed dates never show a day above 12 in the first MB; reading {name} (set --date-order dmy if that is wrong)"
            ));
        }
        chosen
    }

    fn account(&mut self, outcome: Outcome, summary: &mut InputSummary) -> Result<()> {
        match outcome {
            Outcome::Rejected(e) => self.reject(&summary.path, e, &mut summary.ledger),
            Outcome::Filtered(_) => {
                summary.ledger.filtered += 1;
                Ok(())
            }
            Outcome::Event(ev) => {
                if !self.keep(&ev) {
                    summary.ledger.filtered += 1;
                    return Ok(());
                }
                match self.dedup.check(&ev) {
                    Verdict::Duplicate => summary.ledger.duplicates += 1,
                    Verdict::MergedSignIn => {
                        summary.ledger.duplicates += 1;
                        summary.merged_signins += 1;
                    }
                    Verdict::New => {
                        summary.ledger.events += 1;
                        self.event(*ev)?;
                    }
                }
                Ok(())
            }
        }
    }

    fn reject(&mut self, path: &str, e: RowError, ledger: &mut Ledger) -> Result<()> {
        ledger.rejected += 1;
        if self.opts.strict {
            return Err(Error::Strict {
                location: format!("{path}:{}", e.line),
                reason: e.reason,
            });
        }
        self.rejects.write(path, e.line, &e.reason, &e.excerpt)?;
        Ok(())
    }

    /// Apply --since / --until / --user.
    fn keep(&self, ev: &Event) -> bool {
        if ev.time_known
            && (self.opts.since.is_some_and(|s| ev.time < s)
                || self.opts.until.is_some_and(|u| ev.time >= u))
        {
            return false;
        }
        if self.user_filter.is_empty() {
            return true;
        }
        self.user_filter.contains(&ev.actor.key)
            || ev
                .mailbox_owner
                .as_ref()
                .is_some_and(|m| self.user_filter.contains(m))
    }

    fn event(&mut self, ev: Event) -> Result<()> {
        if ev.actor.is_human() && !self.users.contains(&ev.actor.key) {
            self.users.insert(ev.actor.key.clone());
        }
        self.network.add(&ev);
        if ev.time_known {
            self.first = Some(self.first.map_or(ev.time, |f| f.min(ev.time)));
            self.last = Some(self.last.map_or(ev.time, |l| l.max(ev.time)));
        }
        let row = timeline::row(&ev, &self.files);
        self.sorter
            .push(timeline::sort_key(&ev), &row)
            .map_err(|e| {
                crate::output::OutputError {
                    path: "temporary sort file".into(),
                    cause: e,
                }
                .into()
            })
    }

    fn finish(self, inputs: Vec<InputSummary>) -> Result<RunSummary> {
        let dir = self.opts.out_dir.clone();
        let mut writer = TimelineWriter::create(&dir)?;
        let io = crate::output::io_err(&dir, "timeline.csv");
        self.sorter
            .finish(|json| writer.write_json(json))
            .map_err(io)?;
        writer.finish()?;
        self.rejects.finish()?;
        let totals = totals_of(&inputs);
        let exit =
            if totals.ledger.rejected > 0 || totals.files_skipped > 0 || totals.files_failed > 0 {
                Exit::InputErrors
            } else {
                Exit::Ok
            };
        let summary = RunSummary {
            version: env!("CARGO_PKG_VERSION").to_string(),
            inputs,
            totals,
            time_range: self
                .first
                .zip(self.last)
                .map(|(f, l)| (format_utc(&f), format_utc(&l))),
            users: self.users.len() as u64,
            network: self.network.counts(),
            findings: Default::default(),
            incidents: Vec::new(),
            warnings: self.warnings,
            exit_code: exit.code(),
            exit_reason: exit.reason().to_string(),
        };
        summary.write(&dir)?;
        Ok(summary)
    }
}

fn totals_of(inputs: &[InputSummary]) -> Totals {
    let mut t = Totals {
        files: inputs.len() as u64,
        ..Totals::default()
    };
    for i in inputs {
        t.ledger.add(&i.ledger);
        t.merged_signins += i.merged_signins;
        t.invalid_utf8_rows += i.invalid_utf8_rows;
        t.files_skipped += u64::from(i.skipped);
        t.files_failed += u64::from(i.error.is_some());
    }
    t
}

/// Events and distinct IPs per network class (memory grows with distinct IPs).
#[derive(Default)]
struct NetworkTally {
    events: std::collections::BTreeMap<&'static str, u64>,
    ips: std::collections::BTreeMap<&'static str, HashSet<std::net::IpAddr>>,
}

impl NetworkTally {
    fn add(&mut self, ev: &Event) {
        let class = ev.net.as_ref().map_or("none", |n| n.class.as_str());
        *self.events.entry(class).or_default() += 1;
        if let Some(ip) = ev.ip {
            self.ips.entry(class).or_default().insert(ip);
        }
    }

    fn counts(&self) -> NetworkCounts {
        NetworkCounts {
            events_by_class: self
                .events
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            ips_by_class: self
                .ips
                .iter()
                .map(|(k, v)| (k.to_string(), v.len() as u64))
                .collect(),
        }
    }
}
