//! The input-format seam: one file per export shape, one line per format in [`FORMATS`].
//! A format recognises a stream from its head and maps one record to one [`Event`];
//! reading, batching, rejects and dedup are the engine's job (`ingest::engine`).

mod csv_object;
mod rules_inventory_csv;
mod signin_diagnostic_json;
mod signin_entra_csv;
mod signin_graph_json;
mod signin_loganalytics;
mod ual_classic_csv;
mod ual_csv;
mod ual_graph;
mod ual_json;
mod ual_loganalytics;
mod ual_powershell_csv;
mod ual_powershell_json;
mod ual_purview_csv;

use serde_json::Value;

use super::csv_header::CsvHeader;
use super::sniff::Head;
use crate::event::time::DateOrder;
use crate::event::{Event, MapError, SourcePos};

/// One raw record handed to a format's mapper.
#[derive(Clone, Copy)]
pub enum Record<'a> {
    /// A CSV data row with its header.
    Csv {
        /// The file's header.
        header: &'a CsvHeader,
        /// Cells (lossy UTF-8), same length as the header.
        cells: &'a [String],
    },
    /// A parsed JSON record.
    Json(&'a Value),
}

/// Per-file settings a mapper needs.
#[derive(Debug, Clone, Copy)]
pub struct FileCtx {
    /// Day/month order for ambiguous slashed dates in this file.
    pub date_order: DateOrder,
}

/// What a mapper made of a record.
pub enum Mapped {
    /// A normalized event.
    Event(Box<Event>),
    /// A well-formed record this format deliberately leaves out (counted as filtered).
    Filtered(&'static str),
}

/// One accepted export shape.
pub trait InputFormat: Sync + Send {
    /// Stable id (`ual-purview-csv`, …), shown by `sniff` and in summaries.
    fn id(&self) -> &'static str;
    /// Short human title.
    fn title(&self) -> &'static str;
    /// `Some(reason)` when the head is this format.
    fn sniff(&self, head: &Head) -> Option<String>;
    /// Map one record to an event.
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError>;
}

/// Every accepted shape, most specific first (sniffing asks them in this order).
pub static FORMATS: &[&dyn InputFormat] = &[
    &ual_purview_csv::UalPurviewCsv,
    &ual_powershell_csv::UalPowershellCsv,
    &ual_classic_csv::UalClassicCsv,
    &ual_powershell_json::UalPowershellJson,
    &ual_graph::UalGraph,
    &ual_loganalytics::UalLogAnalytics,
    &ual_json::UalJson,
    &signin_entra_csv::SigninEntraCsv,
    &signin_diagnostic_json::SigninDiagnosticJson,
    &signin_loganalytics::SigninLogAnalytics,
    &signin_graph_json::SigninGraphJson,
    &rules_inventory_csv::RulesInventoryCsv,
];

/// Look a format up by id.
pub fn by_id(id: &str) -> Option<&'static dyn InputFormat> {
    FORMATS.iter().copied().find(|f| f.id() == id)
}

/// True when the head has every key: first-record JSON keys or normalised CSV columns,
/// whichever the stream's layout is (for shapes that come as CSV or JSON).
fn head_has(head: &Head, keys: &[&str]) -> bool {
    match head.layout {
        super::sniff::Layout::Json => head.has_keys(keys),
        super::sniff::Layout::Csv => head.has_columns(keys),
    }
}

/// The display name of the first `(key, name)` the head has.
fn first_present(head: &Head, candidates: &[(&str, &'static str)]) -> Option<&'static str> {
    candidates
        .iter()
        .find(|(k, _)| head_has(head, &[k]))
        .map(|(_, name)| *name)
}

/// Call `f` with the record as a JSON object (CSV rows are converted, JSON passes as is).
fn with_object<T>(rec: Record<'_>, f: impl FnOnce(&Value) -> T) -> T {
    match rec {
        Record::Json(v) => f(v),
        Record::Csv { header, cells } => f(&csv_object::row_object(header, cells)),
    }
}

/// A new event for a format.
fn new_event(pos: SourcePos, id: &'static str) -> Event {
    Event::new(pos, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented() {
        let docs = include_str!("../../../docs/formats.md");
        let mut ids: Vec<&str> = FORMATS.iter().map(|f| f.id()).collect();
        for id in &ids {
            assert!(
                docs.contains(&format!("`{id}`")),
                "docs/formats.md lacks `{id}`"
            );
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), FORMATS.len());
    }
}
