//! Per-file row accounting (SPEC §3): `rows_read = events + rejected + duplicates +
//! filtered` holds exactly for every file, and the run's totals are the sums.

use serde::Serialize;

/// Counters for one input (or the run's totals).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ledger {
    /// Data records read (CSV data rows, JSON records), including bad ones.
    pub rows_read: u64,
    /// Records that became events.
    pub events: u64,
    /// Records that could not be read (listed in rejects.csv).
    pub rejected: u64,
    /// Repeats of a record already seen (including mirrored sign-ins merged).
    pub duplicates: u64,
    /// Well-formed records left out on purpose (`--since`, `--until`, `--user`, other log categories).
    pub filtered: u64,
}

impl Ledger {
    /// True when the books balance.
    pub fn balances(&self) -> bool {
        self.rows_read == self.events + self.rejected + self.duplicates + self.filtered
    }

    /// Add another ledger's counters.
    pub fn add(&mut self, other: &Ledger) {
        self.rows_read += other.rows_read;
        self.events += other.events;
        self.rejected += other.rejected;
        self.duplicates += other.duplicates;
        self.filtered += other.filtered;
    }
}
