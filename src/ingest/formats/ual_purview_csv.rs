//! `ual-purview-csv`: the Purview "Audit search" export
//! (`RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,…`).
//! Singular `Operation`/`UserId` tell it from the older shapes.

use super::ual_csv::{Columns, map_row};
use super::{FileCtx, InputFormat, Mapped, Record};
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// Purview audit search CSV.
pub struct UalPurviewCsv;

const COLS: Columns = Columns {
    record_id: "recordid",
    time: "creationdate",
    operation: "operation",
    user: "userid",
};

impl InputFormat for UalPurviewCsv {
    fn id(&self) -> &'static str {
        "ual-purview-csv"
    }
    fn title(&self) -> &'static str {
        "Purview audit search export (CSV)"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        head.has_columns(&["recordid", "creationdate", "operation", "userid", "auditdata"]).then(|| {
            "CSV header has RecordId, CreationDate, Operation, UserId, AuditData (Purview audit search export)".into()
        })
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        match rec {
            Record::Csv { header, cells } => map_row(self.id(), &COLS, header, cells, pos, ctx),
            Record::Json(_) => Err(MapError::NotAnObject),
        }
    }
}
