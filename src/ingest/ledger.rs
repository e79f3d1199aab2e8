//! Per-file row accounting (SPEC §3): `rows_read = events + rejected + duplicates + merged
//! + filtered` holds exactly for every file, and the run's totals are the sums.

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
    /// Repeats of a record already seen (same record id, or same sign-in request and time).
    pub duplicates: u64,
    /// UAL sign-ins (`UserLoggedIn`/`UserLoginFailed`) folded into the Entra sign-in they
    /// mirror: one sign-in seen twice, not a repeated record.
    pub merged: u64,
    /// Well-formed records left out on purpose (`--since`, `--until`, `--user`, other log categories).
    pub filtered: u64,
}

impl Ledger {
    /// True when the books balance.
    pub fn balances(&self) -> bool {
        self.rows_read
            == self.events + self.rejected + self.duplicates + self.merged + self.filtered
    }

    /// Add another ledger's counters.
    pub fn add(&mut self, other: &Ledger) {
        self.rows_read += other.rows_read;
        self.events += other.events;
        self.rejected += other.rejected;
        self.duplicates += other.duplicates;
        self.merged += other.merged;
        self.filtered += other.filtered;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_balance_apart_from_duplicates() {
        let mut a = Ledger {
            rows_read: 5,
            events: 2,
            rejected: 1,
            duplicates: 1,
            merged: 1,
            filtered: 0,
        };
        assert!(a.balances());
        let unmerged = Ledger { merged: 0, ..a };
        assert!(!unmerged.balances(), "a merge is counted nowhere else");
        a.add(&Ledger {
            rows_read: 1,
            merged: 1,
            ..Ledger::default()
        });
        assert_eq!((a.rows_read, a.duplicates, a.merged), (6, 1, 2));
        assert!(a.balances());
    }

    #[test]
    fn merged_is_serialised_right_after_duplicates() {
        let json = serde_json::to_string(&Ledger::default()).unwrap();
        assert_eq!(
            json,
            r#"{"rows_read":0,"events":0,"rejected":0,"duplicates":0,"merged":0,"filtered":0}"#
        );
    }
}
