//! Process exit codes (SPEC §2), documented in docs/output.md and `--help`.

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Completed, every row read, no finding at or above `--fail-on`.
    Ok = 0,
    /// Completed with at least one finding or incident at or above `--fail-on`.
    Findings = 1,
    /// Usage or fatal error (unreadable input, unwritable output, `--strict` violation).
    Fatal = 2,
    /// Completed without such findings, but input rows or files were rejected.
    InputErrors = 3,
    /// A regression check found differences.
    Regression = 4,
}

impl Exit {
    /// Numeric code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// Short reason for summaries.
    pub fn reason(self) -> &'static str {
        match self {
            Exit::Ok => "completed; every row read",
            Exit::Findings => "completed with findings or incidents at or above --fail-on",
            Exit::Fatal => "fatal error",
            Exit::InputErrors => "completed; some input rows or files were rejected",
            Exit::Regression => "regression check found differences",
        }
    }
}

/// The end of `mailtrail --help` (and the man page's EXIT STATUS). Keep it in step with
/// [`Exit`], [`Exit::reason`] and docs/output.md.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  completed, every row read, no finding or incident at or above --fail-on
  1  findings or incidents at or above --fail-on (default high)
  2  usage or fatal error: unreadable input path, unwritable output, --strict violation
  3  completed without such findings, but some input rows or files were rejected
     (bad rows, unrecognised or damaged files, files cut short)
  4  a regression check (--expect) found differences; with --expect the code answers
     that check alone: 0 as expected, 4 different
  A broken pipe exits 0.";
