//! The ingest phase of a run: reads every input in processing order, maps, enriches and
//! de-duplicates its records, keeps the books, and stores the events in the external sort
//! (ordered by time) for the detection and timeline passes.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::{AnalyzeOptions, Plan};
use crate::correlate::directory::Directory;
use crate::correlate::sort::ExternalSorter;
use crate::correlate::stored::encode;
use crate::correlate::timeline::{self, SortKey};
use crate::detect::own_networks::NetworkUsage;
use crate::detect::tenant::TenantInference;
use crate::enrich::Enricher;
use crate::error::{Error, Result};
use crate::event::Event;
use crate::event::time::DateOrder;
use crate::ingest::IngestError;
use crate::ingest::csv_header::CsvHeader;
use crate::ingest::dedup::{Deduper, Verdict};
use crate::ingest::engine::{BATCH, Mapped1, Outcome, RawItem, RecordReader, map_batch};
use crate::ingest::formats::{FileCtx, InputFormat};
use crate::ingest::sniff::Head;
use crate::ingest::source;
use crate::ingest::{Ledger, RowError};
use crate::output::rejects::RejectsWriter;
use crate::output::summary::{InputSummary, NetworkCounts, Totals};
use crate::progress::Progress;

/// State of the ingest phase.
pub(super) struct Ingest<'a> {
    pub(super) opts: &'a AnalyzeOptions,
    pub(super) enricher: &'a Enricher,
    pub(super) network: NetworkTally,
    pub(super) dedup: Deduper,
    pub(super) sorter: ExternalSorter,
    pub(super) rejects: RejectsWriter,
    pub(super) users: HashSet<String>,
    pub(super) first: Option<DateTime<Utc>>,
    pub(super) last: Option<DateTime<Utc>>,
    pub(super) warnings: Vec<String>,
    pub(super) filter: super::filter::Filter,
    pub(super) tenant: TenantInference,
    pub(super) directory: Directory,
    pub(super) usage: NetworkUsage,
    /// Files and folders that are not logs: listed in the summary, never read.
    pub(super) ignored: Vec<crate::ingest::Ignored>,
}

impl Ingest<'_> {
    pub(super) fn file(
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
        let reader = match RecordReader::new(opened.reader, &head, &summary.path) {
            Ok(r) => r,
            Err(e) => return self.read_failed(summary, e),
        };
        let ctx = FileCtx {
            date_order: order,
            name: plan.source.base_name(),
        };
        let stage = MapStage {
            format,
            header: reader.header().cloned(),
            file: id,
            ctx,
            enricher: self.enricher,
        };
        let read_error = if rayon::current_num_threads() > 1 {
            self.pipelined(reader, &stage, &mut summary, counter, progress)?
        } else {
            self.in_turn(reader, &stage, &mut summary, counter, progress)?
        };
        match read_error {
            Some(e) => self.read_failed(summary, e),
            None => Ok(summary),
        }
    }

    /// One thread: read a batch, map it, take it in; the next.
    fn in_turn(
        &mut self,
        mut reader: RecordReader,
        stage: &MapStage<'_>,
        summary: &mut InputSummary,
        counter: &Arc<AtomicU64>,
        progress: &Progress,
    ) -> Result<Option<IngestError>> {
        loop {
            let first_record = reader.records_read() + 1;
            let batch = match reader.next_batch(BATCH) {
                Ok(b) if b.is_empty() => return Ok(None),
                Ok(b) => b,
                Err(e) => return Ok(Some(e)),
            };
            self.take_in(stage.map(batch, first_record), summary)?;
            progress.set_position(counter.load(Ordering::Relaxed));
        }
    }

    /// Three stages at once, joined by bounded channels (memory stays at a few batches):
    /// a reader thread finds record boundaries, the pool maps batches in parallel (on
    /// this thread), and a taker thread does the bookkeeping that must see records in
    /// order (ledger, filter, dedup, the sorter). Batches keep their order through every
    /// stage, so the result is the same as [`Self::in_turn`]'s.
    fn pipelined(
        &mut self,
        mut reader: RecordReader,
        stage: &MapStage<'_>,
        summary: &mut InputSummary,
        counter: &Arc<AtomicU64>,
        progress: &Progress,
    ) -> Result<Option<IngestError>> {
        let (raw_tx, raw_rx) =
            sync_channel::<std::result::Result<(u64, Vec<RawItem>), IngestError>>(2);
        let (ready_tx, ready_rx) = sync_channel::<Vec<Ready>>(2);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                loop {
                    let first_record = reader.records_read() + 1;
                    let batch = reader.next_batch(BATCH);
                    let last = !matches!(&batch, Ok(b) if !b.is_empty());
                    if raw_tx.send(batch.map(|b| (first_record, b))).is_err() || last {
                        return;
                    }
                }
            });
            let taker = scope.spawn(move || -> Result<()> {
                for ready in ready_rx {
                    self.take_in(ready, summary)?;
                    progress.set_position(counter.load(Ordering::Relaxed));
                }
                Ok(())
            });
            let mut read_error = None;
            for batch in raw_rx {
                match batch {
                    Ok((_, b)) if b.is_empty() => break,
                    Ok((first_record, b)) => {
                        if ready_tx.send(stage.map(b, first_record)).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        read_error = Some(e);
                        break;
                    }
                }
            }
            drop(ready_tx);
            match taker.join() {
                Ok(r) => r.map(|()| read_error),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }

    /// Take in a mapped batch, in order.
    fn take_in(&mut self, batch: Vec<Ready>, summary: &mut InputSummary) -> Result<()> {
        for r in batch {
            summary.ledger.rows_read += 1;
            summary.invalid_utf8_rows += u64::from(r.mapped.lossy);
            self.account(r.mapped.outcome, r.stored, summary)?;
        }
        Ok(())
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

    fn account(
        &mut self,
        outcome: Outcome,
        stored: Option<Stored>,
        summary: &mut InputSummary,
    ) -> Result<()> {
        match outcome {
            Outcome::Rejected(e) => self.reject(&summary.path, e, &mut summary.ledger),
            Outcome::Filtered(_) => {
                summary.ledger.filtered += 1;
                Ok(())
            }
            Outcome::Event(ev) => {
                if !self.filter.keep(&ev) {
                    summary.ledger.filtered += 1;
                    return Ok(());
                }
                match self.dedup.check(&ev) {
                    Verdict::Duplicate => summary.ledger.duplicates += 1,
                    Verdict::MergedSignIn => summary.ledger.merged += 1,
                    Verdict::New => {
                        summary.ledger.events += 1;
                        self.event(&ev, stored)?;
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

    fn event(&mut self, ev: &Event, stored: Option<Stored>) -> Result<()> {
        if ev.actor.is_human() && !self.users.contains(&ev.actor.key) {
            self.users.insert(ev.actor.key.clone());
        }
        self.network.add(ev);
        if ev.time_known {
            self.first = Some(self.first.map_or(ev.time, |f| f.min(ev.time)));
            self.last = Some(self.last.map_or(ev.time, |l| l.max(ev.time)));
        }
        self.tenant.observe(ev);
        self.directory.learn(ev);
        self.usage.observe(ev);
        let (key, bytes) = match stored {
            Some(s) => s,
            None => (timeline::sort_key(ev), encode(ev).map_err(sort_err)?),
        };
        self.sorter.push(key, bytes).map_err(sort_err)
    }
}

fn sort_err(e: std::io::Error) -> Error {
    crate::output::OutputError {
        path: "temporary sort file".into(),
        cause: e,
    }
    .into()
}

/// An event as the sorter stores it: its key and its serialized form.
type Stored = (SortKey, Vec<u8>);

/// A mapped record with, for an event, its stored form (made in parallel).
pub(super) struct Ready {
    mapped: Mapped1,
    stored: Option<Stored>,
}

/// What mapping a batch needs: the parallel part of reading a file.
struct MapStage<'a> {
    format: &'static dyn InputFormat,
    header: Option<CsvHeader>,
    file: u32,
    ctx: FileCtx,
    enricher: &'a Enricher,
}

impl MapStage<'_> {
    /// Map, enrich and serialize a batch, in parallel, keeping its order.
    fn map(&self, batch: Vec<RawItem>, first_record: u64) -> Vec<Ready> {
        let mapped = map_batch(
            self.format,
            self.header.as_ref(),
            batch,
            self.file,
            first_record,
            &self.ctx,
        );
        mapped
            .into_par_iter()
            .map(|mut m| {
                let stored = match &mut m.outcome {
                    Outcome::Event(ev) => {
                        self.enricher.enrich_event(ev);
                        encode(ev).ok().map(|b| (timeline::sort_key(ev), b))
                    }
                    _ => None,
                };
                Ready { mapped: m, stored }
            })
            .collect()
    }
}

pub(super) fn totals_of(inputs: &[InputSummary]) -> Totals {
    let mut t = Totals {
        files: inputs.len() as u64,
        ..Totals::default()
    };
    for i in inputs {
        t.ledger.add(&i.ledger);
        t.invalid_utf8_rows += i.invalid_utf8_rows;
        t.files_skipped += u64::from(i.skipped);
        t.files_failed += u64::from(i.error.is_some());
    }
    t
}

/// Events and distinct IPs per network class (memory grows with distinct IPs).
#[derive(Default)]
pub(super) struct NetworkTally {
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

    pub(super) fn counts(&self) -> NetworkCounts {
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
