//! timeline.csv and timeline.jsonl: the same rows, in the same order (SPEC §7a). The CSV
//! columns follow [`TimelineRow`]'s fields, which are the JSONL keys; a test holds the two
//! orders together. With `--parquet`, timeline.parquet gets the same rows too
//! ([`super::parquet`]).

use super::OutputError;
use super::dir::OutputDir;
use super::parquet::{self, ParquetWriter};
use super::table::{Column, CsvWriter, JsonlWriter, RowWriter};
use crate::correlate::timeline::TimelineRow;

/// The columns of timeline.csv, in order.
pub static COLUMNS: &[Column<TimelineRow>] = &[
    Column {
        name: "datetime",
        cell: |r| r.datetime.clone(),
    },
    Column {
        name: "timestamp_desc",
        cell: |r| r.timestamp_desc.clone(),
    },
    Column {
        name: "message",
        cell: |r| r.message.clone(),
    },
    Column {
        name: "user",
        cell: |r| r.user.clone(),
    },
    Column {
        name: "operation",
        cell: |r| r.operation.clone(),
    },
    Column {
        name: "category",
        cell: |r| r.category.clone(),
    },
    Column {
        name: "ip",
        cell: |r| r.ip.clone(),
    },
    Column {
        name: "asn",
        cell: |r| r.asn.clone(),
    },
    Column {
        name: "as_org",
        cell: |r| r.as_org.clone(),
    },
    Column {
        name: "network_class",
        cell: |r| r.network_class.clone(),
    },
    Column {
        name: "country",
        cell: |r| r.country.clone(),
    },
    Column {
        name: "user_agent",
        cell: |r| r.user_agent.clone(),
    },
    Column {
        name: "session_id",
        cell: |r| r.session_id.clone(),
    },
    Column {
        name: "severity",
        cell: |r| r.severity.clone(),
    },
    Column {
        name: "detector_ids",
        cell: |r| r.detector_ids.clone(),
    },
    Column {
        name: "incident_id",
        cell: |r| r.incident_id.clone(),
    },
    Column {
        name: "attacker_activity",
        cell: |r| r.attacker_activity.to_string(),
    },
    Column {
        name: "source_file",
        cell: |r| r.source_file.clone(),
    },
    Column {
        name: "source_line",
        cell: |r| r.source_line.to_string(),
    },
    Column {
        name: "record_id",
        cell: |r| r.record_id.clone(),
    },
    Column {
        name: "class_reason",
        cell: |r| r.class_reason.clone(),
    },
    Column {
        name: "mailbox_owner",
        cell: |r| r.mailbox_owner.clone(),
    },
    Column {
        name: "result",
        cell: |r| r.result.clone(),
    },
    Column {
        name: "error_code",
        cell: |r| r.error_code.clone(),
    },
    Column {
        name: "app",
        cell: |r| r.app.clone(),
    },
    Column {
        name: "client",
        cell: |r| r.client.clone(),
    },
    Column {
        name: "format",
        cell: |r| r.format.clone(),
    },
    // Timesketch splits a CSV tag cell on commas; JSONL carries the list as an array.
    Column {
        name: "tag",
        cell: |r| r.tag.join(","),
    },
    Column {
        name: "auth_requirement",
        cell: |r| r.auth_requirement.clone(),
    },
    Column {
        name: "mfa",
        cell: |r| r.mfa.clone(),
    },
    Column {
        name: "failure_reason",
        cell: |r| r.failure_reason.clone(),
    },
    Column {
        name: "conditional_access",
        cell: |r| r.conditional_access.clone(),
    },
    Column {
        name: "interactive",
        cell: |r| r.interactive.clone(),
    },
    Column {
        name: "city",
        cell: |r| r.city.clone(),
    },
    Column {
        name: "ioc",
        cell: |r| r.ioc.clone(),
    },
];

/// Writes the timeline files row by row: CSV and JSONL, and Parquet when asked for.
pub struct TimelineWriter {
    csv: CsvWriter<TimelineRow>,
    jsonl: JsonlWriter,
    parquet: Option<ParquetWriter<TimelineRow>>,
}

impl TimelineWriter {
    /// Create the files (timeline.parquet too `with_parquet`) and write the CSV header.
    pub fn begin(out: &OutputDir, with_parquet: bool) -> Result<Self, OutputError> {
        Ok(TimelineWriter {
            csv: CsvWriter::begin(out, "timeline.csv", COLUMNS)?,
            jsonl: JsonlWriter::begin(out, "timeline.jsonl")?,
            parquet: if with_parquet {
                Some(ParquetWriter::begin(out, &parquet::TIMELINE)?)
            } else {
                None
            },
        })
    }
}

impl RowWriter<TimelineRow> for TimelineWriter {
    fn row(&mut self, row: &TimelineRow) -> Result<(), OutputError> {
        self.csv.row(row)?;
        if let Some(p) = &mut self.parquet {
            p.row(row)?;
        }
        self.jsonl.row(row)
    }

    fn finish(self) -> Result<u64, OutputError> {
        let rows = self.csv.finish()?;
        RowWriter::<TimelineRow>::finish(self.jsonl)?;
        if let Some(p) = self.parquet {
            p.finish()?;
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_follow_the_jsonl_keys() {
        let row = TimelineRow::default();
        let v = serde_json::to_value(&row).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, super::super::table::names(COLUMNS));
    }
}
