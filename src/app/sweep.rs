//! Many tenants (SPEC §11): `sweep` analyses every tenant folder under a root, in
//! parallel within the thread budget, each exactly as `analyze` would into `OUT/<tenant>/`,
//! then rolls them up; `rollup` rebuilds the roll-up from output folders made anywhere.
//!
//! One tenant's failure never stops the others: it is recorded in its folder
//! (`failed.json`) and in the roll-up with exit code 2. The roll-up is read back from the
//! folders through [`crate::rollup`], the same code `rollup` uses, so the two agree byte
//! for byte.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{AnalyzeOptions, analyze, preflight};
use crate::detect::config::Config;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output::dir::OutputDir;
use crate::progress::Progress;
use crate::rollup::{FAILED_NAME, Failure, Outcome, Rollup, Tenant, read_outcome, read_tenants};

/// A tenant's own configuration, used instead of `--config`.
pub const TENANT_CONFIG: &str = "mailtrail.toml";

/// Everything `sweep` needs.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Folder whose subfolders are the tenants.
    pub root: PathBuf,
    /// Output folder (one subfolder per tenant, plus the roll-up files).
    pub out: PathBuf,
    /// How each tenant is analysed; `inputs` and `out_dir` are set per tenant, and
    /// `threads` is the budget of the whole sweep.
    pub run: AnalyzeOptions,
    /// Save each tenant's expectation as `DIR/<tenant>.expect.json`.
    pub write_expect: Option<PathBuf>,
    /// Compare each tenant with `DIR/<tenant>.expect.json`.
    pub expect: Option<PathBuf>,
}

/// The expectation file of a tenant in an expectation folder.
pub fn expect_file(dir: &Path, tenant: &str) -> PathBuf {
    dir.join(format!("{tenant}.expect.json"))
}

/// A tenant folder found under the root.
struct TenantDir {
    id: String,
    path: PathBuf,
    bytes: u64,
}

/// Analyse every tenant under the root and write the roll-up. Fails only when the sweep
/// as a whole cannot run (no tenants, unusable output folder, bad global configuration).
pub fn sweep(opts: &SweepOptions) -> Result<Rollup> {
    preflight::out_dir_is_usable(&opts.out)?;
    // Settings shared by every tenant are checked once, before any tenant runs: a bad
    // file would otherwise fail every tenant the same way.
    if let Some(path) = &opts.run.config {
        Config::load(path)?;
    }
    let mut warnings = Vec::new();
    if !opts.run.ioc_files.is_empty() {
        let loaded = crate::detect::indicators::Indicators::load(&opts.run.ioc_files)?;
        warnings.extend(loaded.warnings().iter().cloned());
    }
    if let Some(dir) = &opts.write_expect {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::Usage(format!(
                "--write-expect {}: cannot create the folder: {e}",
                dir.display()
            ))
        })?;
    }
    let tenants = tenant_dirs(&opts.root, &opts.out)?;
    let budget = opts
        .run
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    let jobs = budget.min(tenants.len()).max(1);
    let each = (budget / jobs).max(1);
    let total: u64 = tenants.iter().map(|t| t.bytes).sum();
    let progress = Progress::new(total, opts.run.progress);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    let results: Vec<Tenant> = pool.install(|| {
        tenants
            .par_iter()
            .map(|t| {
                let tenant = run_tenant(opts, t, each);
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress.set_file(&format!("tenants {n}/{}: {} done", tenants.len(), t.id));
                progress.advance(t.bytes);
                tenant
            })
            .collect()
    });
    progress.clear();
    let mut rollup = Rollup::of(results);
    rollup.warnings = warnings;
    write_rollup(&opts.out, &rollup)?;
    Ok(rollup)
}

/// `mailtrail rollup`: the roll-up of per-tenant output folders.
pub fn rollup(dirs: &[PathBuf], out: &Path) -> Result<Rollup> {
    preflight::out_dir_is_usable(out)?;
    let tenants = read_tenants(dirs).map_err(|e| Error::Usage(e.to_string()))?;
    let rollup = Rollup::of(tenants);
    write_rollup(out, &rollup)?;
    Ok(rollup)
}

fn write_rollup(out: &Path, rollup: &Rollup) -> Result<()> {
    let dir = OutputDir::open(out)?;
    match crate::output::rollup::write(&dir, rollup) {
        Ok(()) => Ok(dir.commit()?),
        Err(e) => {
            dir.discard();
            Err(e.into())
        }
    }
}

/// The immediate subfolders of the root, in name order: hidden folders and the sweep's
/// own output folder (when it lies inside the root) are not tenants.
fn tenant_dirs(root: &Path, out: &Path) -> Result<Vec<TenantDir>> {
    let shown = root.display().to_string();
    let entries = std::fs::read_dir(root)
        .map_err(|e| Error::Usage(format!("{shown}: cannot read the sweep root: {e}")))?;
    let own = out.canonicalize().ok();
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !path.is_dir() || path.canonicalize().ok() == own {
            continue;
        }
        let bytes = crate::ingest::source::discover(std::slice::from_ref(&path))
            .map(|d| d.sources.iter().filter_map(|s| s.size).sum())
            .unwrap_or(0);
        found.push(TenantDir {
            id: name,
            path,
            bytes,
        });
    }
    if found.is_empty() {
        return Err(Error::Usage(format!(
            "{shown}: no tenant folders: put each tenant's exports in a folder of its own \
             ({shown}/<tenant>/), named by the tenant id"
        )));
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(found)
}

/// Analyse one tenant; its outcome as the roll-up reads it back from its folder.
fn run_tenant(opts: &SweepOptions, t: &TenantDir, threads: usize) -> Tenant {
    let out_dir = opts.out.join(&t.id);
    let mut run = opts.run.clone();
    run.inputs = vec![t.path.clone()];
    run.out_dir = out_dir.clone();
    run.threads = Some(threads);
    run.progress = false;
    let own_config = t.path.join(TENANT_CONFIG);
    if own_config.is_file() {
        run.config = Some(own_config);
    }
    run.write_expect = opts.write_expect.as_deref().map(|d| expect_file(d, &t.id));
    run.expect = opts.expect.as_deref().map(|d| expect_file(d, &t.id));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyze(&run)));
    let failure = match result {
        Ok(Ok(_)) => {
            let _ = std::fs::remove_file(out_dir.join(FAILED_NAME));
            match read_outcome(&out_dir) {
                Ok(outcome) => return tenant(t, outcome),
                Err(e) => e.to_string(),
            }
        }
        Ok(Err(e)) => e.to_string(),
        Err(_) => {
            "internal error: the analysis of this tenant panicked (please report it)".to_string()
        }
    };
    let failure = Failure {
        error: failure,
        exit_code: Exit::Fatal.code(),
    };
    record_failure(&out_dir, &failure);
    tenant(t, Outcome::Failed(failure))
}

fn tenant(t: &TenantDir, outcome: Outcome) -> Tenant {
    Tenant {
        id: t.id.clone(),
        outcome,
    }
}

/// Leave the failure in the tenant's folder, so a later `rollup` sees what the sweep saw
/// (best effort: the roll-up of this sweep already has it).
fn record_failure(out_dir: &Path, failure: &Failure) {
    let text = serde_json::to_string_pretty(failure).unwrap_or_default() + "\n";
    let _ = std::fs::create_dir_all(out_dir)
        .and_then(|()| std::fs::write(out_dir.join(FAILED_NAME), text));
}
