//! timeline.parquet and findings.parquet (`--parquet`, SPEC §11): the rows of timeline.csv
//! and findings.csv, in the same column and row order, for engines that query many
//! tenants' outputs at once (DuckDB, Spark, Trino).
//!
//! The schema is derived from the CSV column tables ([`super::timeline::COLUMNS`],
//! [`super::findings::COLUMNS`]) so the names cannot drift from the CSV header; this module
//! only adds a Parquet type to the columns whose data is typed (times, numbers, booleans).
//! Every other column — including one added to a CSV table later — is a nullable string.
//! Values are the cells' plain text (what timeline.jsonl holds), parsed where typed: no
//! spreadsheet-formula neutralisation, which is for CSV only. Multi-value cells stay
//! joined as in the CSV (`;`, or `,` for the timeline's `tag`), so a Parquet row reads
//! like its CSV row.
//!
//! Built only with the `parquet` cargo feature (on by default); without it
//! [`ParquetWriter::begin`] refuses with [`UNSUPPORTED`], and so does the command line,
//! before any input is read.

use super::findings::COLUMNS as FINDING_COLUMNS;
use super::table::Column;
use super::timeline::COLUMNS as TIMELINE_COLUMNS;
use crate::correlate::NumberedFinding;
use crate::correlate::timeline::TimelineRow;

#[cfg(not(feature = "parquet"))]
mod disabled;
#[cfg(feature = "parquet")]
mod writer;

#[cfg(not(feature = "parquet"))]
pub use disabled::ParquetWriter;
#[cfg(feature = "parquet")]
pub use writer::ParquetWriter;

/// Whether this binary can write Parquet.
pub const SUPPORTED: bool = cfg!(feature = "parquet");

/// Why `--parquet` is refused by a binary built without the `parquet` feature.
pub const UNSUPPORTED: &str = "--parquet: this mailtrail was built without Parquet support \
     (cargo feature `parquet`); rebuild it with the default features, or leave out --parquet";

/// The Parquet type of a column: how its CSV cell text is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 string (BYTE_ARRAY, STRING), never null: an empty cell is an empty string.
    Text,
    /// UTF-8 string, null where the cell is empty (the default for unlisted columns).
    OptText,
    /// RFC 3339 UTC time as INT64 TIMESTAMP(MILLIS, UTC): the CSV's own precision.
    Time,
    /// As [`Kind::Time`]; null where the cell is empty.
    OptTime,
    /// Integer as INT64.
    Int,
    /// As [`Kind::Int`]; null where the cell is empty.
    OptInt,
    /// `true`/`false` as BOOLEAN.
    Bool,
    /// As [`Kind::Bool`]; null where the cell is empty.
    OptBool,
}

impl Kind {
    /// Whether the column is OPTIONAL (may hold nulls).
    pub fn nullable(self) -> bool {
        matches!(
            self,
            Kind::OptText | Kind::OptTime | Kind::OptInt | Kind::OptBool
        )
    }

    /// The physical and logical type, as docs/output.md names it.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text | Kind::OptText => "BYTE_ARRAY STRING",
            Kind::Time | Kind::OptTime => "INT64 TIMESTAMP(MILLIS, UTC)",
            Kind::Int | Kind::OptInt => "INT64",
            Kind::Bool | Kind::OptBool => "BOOLEAN",
        }
    }
}

/// One Parquet file: its name, the CSV column table its columns come from, and the
/// Parquet type of every column that is not a nullable string.
pub struct Table<R: 'static> {
    /// File name in the output directory.
    pub name: &'static str,
    /// The CSV column table (names, order and cell text).
    pub columns: &'static [Column<R>],
    /// Typed columns by name; any other column is [`Kind::OptText`].
    pub kinds: &'static [(&'static str, Kind)],
}

impl<R> Table<R> {
    /// Every column with its Parquet type, in CSV order.
    pub fn schema(&self) -> Vec<(&'static str, Kind)> {
        self.columns
            .iter()
            .map(|c| (c.name, self.kind_of(c.name)))
            .collect()
    }

    fn kind_of(&self, name: &str) -> Kind {
        self.kinds
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(Kind::OptText, |(_, k)| *k)
    }
}

/// timeline.parquet. `datetime` is never empty (the timeline holds only events with a
/// time); the other columns that always have a value are written as non-null.
pub static TIMELINE: Table<TimelineRow> = Table {
    name: "timeline.parquet",
    columns: TIMELINE_COLUMNS,
    kinds: &[
        ("datetime", Kind::Time),
        ("timestamp_desc", Kind::Text),
        ("message", Kind::Text),
        ("category", Kind::Text),
        ("asn", Kind::OptInt),
        ("attacker_activity", Kind::Bool),
        ("source_file", Kind::Text),
        ("source_line", Kind::Int),
        ("result", Kind::Text),
        ("format", Kind::Text),
        ("interactive", Kind::OptBool),
    ],
};

/// findings.parquet. `time_first`/`time_last` are null for records without a time (rule
/// inventory), where the CSV cell is empty.
pub static FINDINGS: Table<NumberedFinding> = Table {
    name: "findings.parquet",
    columns: FINDING_COLUMNS,
    kinds: &[
        ("finding_id", Kind::Text),
        ("detector_id", Kind::Text),
        ("title", Kind::Text),
        ("severity", Kind::Text),
        ("time_first", Kind::OptTime),
        ("time_last", Kind::OptTime),
        ("asn", Kind::OptInt),
        ("summary", Kind::Text),
        ("evidence_count", Kind::Int),
    ],
};

/// Write a whole table of rows to one Parquet file; returns the number of rows.
pub fn write_all<'a, R: 'a>(
    out: &super::dir::OutputDir,
    table: &'static Table<R>,
    rows: impl IntoIterator<Item = &'a R>,
) -> Result<u64, super::OutputError> {
    use super::table::RowWriter;
    let mut w = ParquetWriter::begin(out, table)?;
    for r in rows {
        w.row(r)?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed_names_exist<R>(table: &Table<R>) {
        let names = super::super::table::names(table.columns);
        for (n, _) in table.kinds {
            assert!(names.contains(n), "{}: no CSV column {n}", table.name);
        }
    }

    #[test]
    fn every_typed_column_is_a_csv_column() {
        typed_names_exist(&TIMELINE);
        typed_names_exist(&FINDINGS);
    }

    #[test]
    fn schema_names_are_the_csv_header() {
        let names = |s: Vec<(&'static str, Kind)>| s.into_iter().map(|(n, _)| n).collect();
        let timeline: Vec<_> = names(TIMELINE.schema());
        assert_eq!(timeline, super::super::table::names(TIMELINE_COLUMNS));
        let findings: Vec<_> = names(FINDINGS.schema());
        assert_eq!(findings, super::super::table::names(FINDING_COLUMNS));
        assert_eq!(TIMELINE.schema()[0], ("datetime", Kind::Time));
        assert_eq!(FINDINGS.schema()[8], ("asn", Kind::OptInt));
    }

    /// The rows of the table under the heading naming `file` in docs/output.md:
    /// (column, type, nullable) from `| \`name\` | TYPE | yes/no |`.
    fn documented(docs: &str, file: &str) -> Vec<(String, String, bool)> {
        let heading = format!("`{file}`");
        docs.lines()
            .skip_while(|l| !(l.starts_with("### ") && l.contains(&heading)))
            .skip(1)
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                let nullable = *cells.get(3)? == "yes";
                Some((name.to_string(), cells.get(2)?.to_string(), nullable))
            })
            .collect()
    }

    fn expected<R>(table: &Table<R>) -> Vec<(String, String, bool)> {
        table
            .schema()
            .into_iter()
            .map(|(n, k)| (n.to_string(), k.describe().to_string(), k.nullable()))
            .collect()
    }

    #[test]
    fn schema_is_documented() {
        let docs = include_str!("../../../docs/output.md");
        assert_eq!(documented(docs, TIMELINE.name), expected(&TIMELINE));
        assert_eq!(documented(docs, FINDINGS.name), expected(&FINDINGS));
    }
}
