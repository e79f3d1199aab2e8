//! Process exit codes (SPEC §2), documented in docs/output.md and `--help`.

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Completed, every row read, no finding at or above `--fail-on`.
    Ok = 0,
    /// Completed with at least one finding at or above `--fail-on`.
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
            Exit::Findings => "completed with findings at or above --fail-on",
            Exit::Fatal => "fatal error",
            Exit::InputErrors => "completed; some input rows or files were rejected",
            Exit::Regression => "regression check found differences",
        }
    }
}

/// Text for `--help`.
pub const EXIT_CODES_HELP: &str = "Exit codes: 0 completed, every row read, no finding at or above --fail-on; \
1 findings at or above --fail-on; 2 usage or fatal error (unreadable input path, unwritable output, \
--strict violation); 3 completed but some input rows or files were rejected; 4 regression check \
found differences. A broken pipe exits 0.";
