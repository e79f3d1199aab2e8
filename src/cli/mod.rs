//! Command line (SPEC §2): parsed once with clap derive, then resolved into validated
//! options before any input is opened.

pub mod args;

use clap::{Parser, Subcommand};

pub use args::{AnalyzeArgs, DetectorsArgs, LookupArgs, SniffArgs};

/// Offline Microsoft 365 mailbox-compromise (BEC) forensics from exported audit and sign-in logs.
#[derive(Debug, Parser)]
#[command(name = "mailtrail", version, about, long_about = None, after_help = crate::exit::EXIT_CODES_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read exports, normalise every record, write the timeline and summary.
    Analyze(AnalyzeArgs),
    /// Show which format each input is, why, and its record count.
    Sniff(SniffArgs),
    /// ASN, AS organisation, network class (with its reason) and country of IP addresses.
    Lookup(LookupArgs),
    /// The detector catalogue: id, title, default severity, ATT&CK techniques, status.
    Detectors(DetectorsArgs),
    /// Print a commented default configuration file.
    InitConfig,
}

/// `--version` text: the version and the credits the embedded data requires.
pub fn long_version() -> String {
    format!(
        "{}\n\n{}",
        env!("CARGO_PKG_VERSION"),
        crate::enrich::DATA_CREDITS
    )
}
