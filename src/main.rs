//! The thin binary: parse the command line, run the library, print errors with their
//! cause chain, map results to exit codes. A broken pipe exits 0.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use mailtrail::cli::{Cli, Command, SniffArgs};
use mailtrail::exit::Exit;
use mailtrail::output::sanitize::for_terminal;
use mailtrail::output::terminal::print_summary;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mailtrail: {}", for_terminal(&format!("{e:#}")));
            ExitCode::from(Exit::Fatal.code())
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Analyze(args) => {
            let opts = args.resolve().map_err(anyhow::Error::msg)?;
            let summary = mailtrail::app::analyze(&opts)?;
            if args.json {
                io::stdout().write_all(summary.to_json().as_bytes())?;
            }
            if !args.quiet {
                print_summary(
                    &summary,
                    &opts.out_dir.display().to_string(),
                    &mut io::stderr(),
                )?;
            }
            Ok(summary.exit_code)
        }
        Command::Sniff(args) => sniff(&args),
    }
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
