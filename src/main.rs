//! The thin binary: parse the command line, run the library, print errors with their
//! cause chain, map results to exit codes. A broken pipe exits 0.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::FromArgMatches;

/// mimalloc: the pipeline allocates many small strings per record; glibc malloc spent a
/// third of the run time in malloc/free on a 0.5 GB export (perf), mimalloc far less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use mailtrail::cli::{Cli, Command, DetectorsArgs, LookupArgs, RollupArgs, SniffArgs, SweepArgs};
use mailtrail::exit::Exit;
use mailtrail::output::sanitize::for_terminal;
use mailtrail::output::terminal::{Style, print_summary};

/// mimalloc hands freed pages back to the OS 10 ms after they empty. The pipeline frees
/// and refills batch-sized memory all the time, so the kernel zeroed the same pages over
/// and over (a tenth of a profile, `clear_page`); a quarter second keeps them for reuse
/// without raising the peak (docs/performance.md). `MIMALLOC_PURGE_DELAY` still wins.
fn tune_allocator() {
    /// `mi_option_purge_delay` in mimalloc.h (v2 and v3).
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option, which mimalloc reads at any time.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 250) };
    }
}

fn main() -> ExitCode {
    tune_allocator();
    let matches = mailtrail::cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mailtrail: {}", for_terminal(&format!("{e:#}")));
            ExitCode::from(Exit::Fatal.code())
        }
    }
}

/// A closed stdout (`mailtrail detectors --json | head`), whether the write error comes
/// straight from io or wrapped by serde_json (the `--json` outputs).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let io_kind = c.downcast_ref::<io::Error>().map(io::Error::kind);
        let json_kind = c
            .downcast_ref::<serde_json::Error>()
            .and_then(serde_json::Error::io_error_kind);
        io_kind.or(json_kind) == Some(io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Analyze(args) => {
            let opts = args.resolve().map_err(anyhow::Error::msg)?;
            let summary = mailtrail::app::analyze(&opts)?;
            if args.run.json {
                io::stdout().write_all(summary.to_json().as_bytes())?;
            }
            if !args.run.quiet {
                let stderr = io::stderr();
                let style = Style {
                    color: stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                    verbose: args.run.verbose,
                };
                print_summary(
                    &summary,
                    &opts.out_dir.display().to_string(),
                    style,
                    &mut stderr.lock(),
                )?;
            }
            print_regression(&summary, args.run.quiet)?;
            Ok(summary.exit_code)
        }
        Command::Sweep(args) => sweep(&args),
        Command::Rollup(args) => rollup(&args),
        Command::Sniff(args) => sniff(&args),
        Command::Lookup(args) => lookup(&args),
        Command::Detectors(args) => detectors(&args),
        Command::InitConfig => {
            io::stdout().write_all(mailtrail::detect::config::default_config_text().as_bytes())?;
            Ok(Exit::Ok.code())
        }
        Command::Completions(args) => {
            io::stdout().write_all(&mailtrail::cli::completions(args.shell))?;
            Ok(Exit::Ok.code())
        }
    }
}

/// The `--expect` diff on stderr: always when the run differs (it is what a CI log must
/// show), otherwise unless `--quiet`.
fn print_regression(
    summary: &mailtrail::output::summary::RunSummary,
    quiet: bool,
) -> io::Result<()> {
    match &summary.regression {
        Some(d) if !(quiet && d.is_empty()) => {
            io::stderr().write_all(for_terminal_lines(&d.render()).as_bytes())
        }
        _ => Ok(()),
    }
}

/// Terminal-safe text that keeps its line breaks.
fn for_terminal_lines(text: &str) -> String {
    text.lines().map(|l| for_terminal(l) + "\n").collect()
}

fn sweep(args: &SweepArgs) -> anyhow::Result<u8> {
    let opts = args.resolve().map_err(anyhow::Error::msg)?;
    let rollup = mailtrail::app::sweep(&opts)?;
    report_rollup(&rollup, &opts.out, args.run.json, args.run.quiet)
}

fn rollup(args: &RollupArgs) -> anyhow::Result<u8> {
    let rollup = mailtrail::app::rollup(&args.dirs, &args.out)?;
    report_rollup(&rollup, &args.out, args.json, args.quiet)
}

/// The roll-up as JSON on stdout and/or for a person on stderr; its exit code.
fn report_rollup(
    rollup: &mailtrail::rollup::Rollup,
    out: &std::path::Path,
    json: bool,
    quiet: bool,
) -> anyhow::Result<u8> {
    if json {
        io::stdout().write_all(rollup.to_json().as_bytes())?;
    }
    if !quiet {
        mailtrail::output::sweep_terminal::print_rollup(
            rollup,
            &out.display().to_string(),
            &mut io::stderr().lock(),
        )?;
    }
    Ok(rollup.exit_code)
}

fn detectors(args: &DetectorsArgs) -> anyhow::Result<u8> {
    let catalogue = mailtrail::detect::catalogue::entries();
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &catalogue)?;
        writeln!(out)?;
    } else {
        for d in &catalogue {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                d.id,
                d.severity,
                d.status,
                d.techniques.join(","),
                d.title
            )?;
        }
    }
    Ok(Exit::Ok.code())
}

fn lookup(args: &LookupArgs) -> anyhow::Result<u8> {
    let enricher = mailtrail::enrich::Enricher::new(&args.enrich.options())?;
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut out = io::stdout().lock();
    let mut err = io::stderr().lock();
    let any_bad = mailtrail::enrich::lookup_cmd::run_lookup(
        &args.ips, args.json, &enricher, &mut input, &mut out, &mut err,
    )?;
    out.flush()?;
    Ok(if any_bad {
        Exit::Fatal.code()
    } else {
        Exit::Ok.code()
    })
}

fn sniff(args: &SniffArgs) -> anyhow::Result<u8> {
    let reports = mailtrail::app::sniff_inputs(&args.inputs)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &reports)?;
        writeln!(out)?;
    } else {
        for r in &reports {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                for_terminal(&r.path),
                r.format,
                r.rows,
                for_terminal(&r.reason)
            )?;
        }
    }
    let unknown = reports.iter().any(|r| r.format == "unknown");
    Ok(if unknown {
        Exit::InputErrors.code()
    } else {
        Exit::Ok.code()
    })
}
