//! A deterministic Microsoft 365 tenant: a Purview audit-search export and the two Entra
//! sign-in downloads for `users` people over `days` days with about `events` rows, with
//! compromises planted (attacks/) among benign look-alikes (lookalikes.rs, habits.rs),
//! and truth.json saying which is which. The same seed gives the same bytes; the files
//! are written newest first, a day at a time, so memory stays at a few days of rows.
//!
//! Tooling, not part of mailtrail: examples/gen/main.rs runs it, tests/generator.rs
//! includes it, and the binary never links it.

mod apps;
mod attacks;
mod background;
mod clock;
mod directory;
mod entra;
mod files;
mod habits;
mod housekeeping;
mod lookalikes;
mod nets;
mod people;
mod rng;
mod sink;
mod tenant;
mod text;
mod truth;
mod ual;

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use clock::parse_date;
pub use nets::{RANGES, address};
pub use sink::Written;
pub use tenant::Config;

use attacks::Story;
use clock::DAY;
use sink::{FileSpec, Out, Row, Sinks};
use tenant::Tenant;

/// What one run wrote.
#[derive(Debug)]
pub struct Report {
    /// The three export files.
    pub files: Vec<Written>,
    /// truth.json.
    pub truth: PathBuf,
    /// Most rows held in memory at once.
    pub max_pending: usize,
}

/// Generate one tenant into `dir` (created if missing).
pub fn generate(cfg: &Config, dir: &Path) -> io::Result<Report> {
    std::fs::create_dir_all(dir)?;
    let mut plans = Vec::new();
    let t = tenant::build(cfg, |t| {
        plans = attacks::plan(t);
        attacks::victims(&plans)
    });
    let mut stories: Vec<Story> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| attacks::render(&t, p, i))
        .collect();
    let mut attack_rows: Vec<Row> = stories
        .iter_mut()
        .flat_map(|s| std::mem::take(&mut s.rows))
        .collect();
    let mut sinks = Sinks::create(file_spec(&t, dir))?;
    let mut max_pending = 0;
    for d in (0..cfg.days).rev() {
        sinks.add(day_rows(&t, d));
        let (today, rest): (Vec<Row>, Vec<Row>) = attack_rows
            .into_iter()
            .partition(|r| sink::day_of(r.time) >= t.day(d));
        attack_rows = rest;
        sinks.add(today);
        max_pending = max_pending.max(sinks.pending());
        sinks.flush_from((t.day(d) + 1) * DAY)?;
    }
    let files = sinks.finish()?;
    let truth = dir.join("truth.json");
    truth::write(&t, &stories, &files, &truth)?;
    Ok(Report {
        files,
        truth,
        max_pending,
    })
}

/// The three files' names and headers: `AuditLog_<end>_090000.csv`,
/// `InteractiveSignIns_<from>_<to>.csv`, `NonInteractiveSignIns_<from>_<to>.csv`.
fn file_spec<'a>(t: &Tenant, dir: &'a Path) -> FileSpec<'a> {
    let (from, to) = (t.cfg.start, t.cfg.start + t.cfg.days);
    let span = format!("{}_{}", clock::date(from), clock::date(to));
    FileSpec {
        dir,
        files: [
            (
                format!("AuditLog_{}_090000.csv", clock::compact_date(to)),
                ual::HEADER.to_string(),
            ),
            (
                format!("InteractiveSignIns_{span}.csv"),
                entra::HEADER.to_string(),
            ),
            (
                format!("NonInteractiveSignIns_{span}.csv"),
                entra::HEADER.to_string(),
            ),
        ],
        start: from * DAY,
        end: to * DAY,
    }
}

/// Every person's day and the tenant-wide events of day index `d`. People are generated
/// in parallel; each has its own random stream and id namespace, so the rows do not
/// depend on the number of threads.
fn day_rows(t: &Tenant, d: i64) -> Vec<Row> {
    let mut rows: Vec<Row> = t
        .people
        .par_iter()
        .flat_map_iter(|p| {
            let mut out = Out::new(t.seed, format!("d{d}/u{}", p.idx));
            let day = background::Day::new(t, p, d);
            background::person_day(&day, &mut out);
            habits::person_day(&day, &mut out);
            out.rows
        })
        .collect();
    let mut out = Out::new(t.seed, format!("d{d}/tenant"));
    housekeeping::tenant_day(t, d, &mut out);
    rows.extend(out.rows);
    rows
}
