//! Command line (SPEC §2): parsed once with clap derive, then resolved into validated
//! options before any input is opened.

pub mod args;
pub mod help;

use clap::{CommandFactory, Parser, Subcommand};

pub use args::{
    AnalyzeArgs, CompletionsArgs, DetectorsArgs, LookupArgs, RollupArgs, RunArgs, SniffArgs,
    SweepArgs,
};

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
    /// Read exports, detect, correlate, write incidents, findings, timeline and summary.
    #[command(after_help = help::ANALYZE)]
    Analyze(AnalyzeArgs),
    /// One analysis per tenant folder under ROOT, in parallel, plus the roll-up across
    /// tenants (sweep-summary.csv, shared-infrastructure.csv).
    #[command(after_help = help::SWEEP)]
    Sweep(SweepArgs),
    /// Rebuild the roll-up files from per-tenant output folders made anywhere.
    #[command(after_help = help::ROLLUP)]
    Rollup(RollupArgs),
    /// Show which format each input is, why, and its record count.
    #[command(after_help = help::SNIFF)]
    Sniff(SniffArgs),
    /// ASN, AS organisation, network class (with its reason) and country of IP addresses.
    #[command(after_help = help::LOOKUP)]
    Lookup(LookupArgs),
    /// The detector catalogue: id, title, default severity, ATT&CK techniques, status.
    #[command(after_help = help::DETECTORS)]
    Detectors(DetectorsArgs),
    /// Print a commented default configuration file.
    #[command(after_help = help::INIT_CONFIG)]
    InitConfig,
    /// Print a shell completion script on stdout (bash, zsh, fish, powershell, elvish).
    #[command(after_help = help::COMPLETIONS)]
    Completions(CompletionsArgs),
}

/// `--version` text: the version and the credits the embedded data requires.
pub fn long_version() -> String {
    format!(
        "{}\n\n{}",
        env!("CARGO_PKG_VERSION"),
        crate::enrich::DATA_CREDITS
    )
}

/// The whole command line as clap sees it, with the long `--version` text. The one
/// definition behind parsing, shell completions and the man pages, so they cannot differ.
pub fn command() -> clap::Command {
    // clap keeps `&'static str`; the text is built once per process.
    let version: &'static str = Box::leak(long_version().into_boxed_str());
    Cli::command().long_version(version)
}

/// The completion script for `shell`. Generated into memory so that a closed stdout is an
/// ordinary write error for the caller (a broken pipe exits 0), not a panic.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "mailtrail", &mut script);
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_subcommand_help_ends_with_examples() {
        for sub in command().get_subcommands() {
            let after = sub.get_after_help().map(|h| h.to_string());
            assert!(
                after
                    .as_deref()
                    .is_some_and(|h| h.starts_with("Examples:\n")),
                "`mailtrail {} --help` has no Examples section",
                sub.get_name()
            );
        }
    }

    #[test]
    fn completions_name_the_subcommands() {
        let bash = String::from_utf8(completions(clap_complete::Shell::Bash)).expect("utf-8");
        assert!(bash.contains("mailtrail") && bash.contains("analyze"));
    }
}
