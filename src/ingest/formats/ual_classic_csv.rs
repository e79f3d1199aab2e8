//! `ual-classic-csv`: the older compliance-portal export `CreationDate,UserIds,Operations,AuditData`.

use super::ual_csv::{Columns, map_row};
use super::{FileCtx, InputFormat, Mapped, Record};
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// Classic compliance-portal audit export.
pub struct UalClassicCsv;

const COLS: Columns = Columns {
    record_id: "identity",
    time: "creationdate",
    operation: "operations",
    user: "userids",
};

impl InputFormat for UalClassicCsv {
    fn id(&self) -> &'static str {
        "ual-classic-csv"
    }
    fn title(&self) -> &'static str {
        "compliance-portal audit export (CSV)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        head.has_columns(&["creationdate", "userids", "operations", "auditdata"]).then(|| {
            "CSV header has CreationDate, UserIds, Operations, AuditData without cmdlet columns (compliance-portal export)".into()
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        match rec {
            Record::Csv { header, cells } => map_row(self.id(), &COLS, header, cells, pos, ctx),
            Record::Json(_) => Err(MapError::NotAnObject),
        }
    }
}
