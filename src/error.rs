//! Crate-level error: what can stop a run (row errors never do; they go to the ledger).

use crate::ingest::IngestError;
use crate::output::OutputError;

/// A fatal error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be opened or read.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// An output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Inputs expanded to nothing.
    #[error("no input files found in {0}: give export files or folders that contain them")]
    NoInputs(String),
    /// Inputs held files, but none is a log (all ignored: documents, an output folder).
    #[error(
        "nothing to read in {inputs}: every file found is ignored as not a log ({ignored}); \
         give the exports or the folder that holds them"
    )]
    NothingToRead {
        /// The inputs as given.
        inputs: String,
        /// The first ignored file or folder with its reason, and how many more.
        ignored: String,
    },
    /// `-o` names a file (or a path below one), so no output can be written.
    #[error(
        "-o {out}: {}is a file, not a directory; give a folder for the outputs",
        .file.as_ref().map(|f| format!("{f} ")).unwrap_or_default()
    )]
    OutIsFile {
        /// `-o` as given.
        out: String,
        /// The part of it that is a file, when that is a parent rather than `-o` itself.
        file: Option<String>,
    },
    /// `--strict` stopped at a bad row or file.
    #[error("{location}: {reason} (stopped by --strict; rerun without it to skip bad rows)")]
    Strict {
        /// `file:line` or file.
        location: String,
        /// What was wrong.
        reason: String,
    },
    /// The thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    /// An IP-intelligence override file is unusable.
    #[error(transparent)]
    Enrich(#[from] crate::enrich::EnrichError),
    /// An indicator file (`--ioc`) is unusable.
    #[error(transparent)]
    Indicators(#[from] crate::detect::indicators::IocError),
    /// The configuration file is unusable.
    #[error(transparent)]
    Config(#[from] crate::detect::config::ConfigError),
    /// A regression expectation file is unusable.
    #[error(transparent)]
    Expect(#[from] crate::output::expect::ExpectError),
    /// Bad option value.
    #[error("{0}")]
    Usage(String),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, Error>;
