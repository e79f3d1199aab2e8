//! Shared mapping for the three UAL CSV shapes: they differ only in column names around
//! the `AuditData` cell.

use serde_json::Value;

use super::super::csv_header::CsvHeader;
use super::Cell;
use super::{FileCtx, Mapped, new_event};
use crate::event::audit::{Wrapper, map_audit};
use crate::event::lazy::LazyObject;
use crate::event::{MapError, SourcePos};

/// Column names (normalised) of one UAL CSV shape.
pub struct Columns {
    /// Record id column.
    pub record_id: &'static str,
    /// Time column.
    pub time: &'static str,
    /// Operation column.
    pub operation: &'static str,
    /// User column.
    pub user: &'static str,
}

/// Parse the `AuditData` cell and map the row.
pub fn map_row(
    id: &'static str,
    cols: &Columns,
    header: &CsvHeader,
    cells: &[Cell<'_>],
    pos: SourcePos,
    ctx: &FileCtx,
) -> Result<Mapped, MapError> {
    let audit_text = header
        .get(cells, "auditdata")
        .ok_or_else(|| MapError::BadAuditData("empty cell".into()))?;
    let wrapper = Wrapper {
        record_id: header.get(cells, cols.record_id),
        time: header.get(cells, cols.time),
        operation: header.get(cells, cols.operation),
        user: header.get(cells, cols.user),
        record_type: header.get(cells, "recordtype"),
        workload: None,
        ip: None,
    };
    let mut ev = new_event(pos, id);
    // Read lazily (event::lazy); anything that is not a well-formed object takes the
    // parsed path, whose errors name what is wrong.
    match LazyObject::parse(audit_text) {
        Ok(audit) => map_audit(&audit, &wrapper, ctx.date_order, &mut ev)?,
        Err(_) => {
            let audit: Value = serde_json::from_str(audit_text)
                .map_err(|e| MapError::BadAuditData(e.to_string()))?;
            map_audit(&audit, &wrapper, ctx.date_order, &mut ev)?;
        }
    }
    Ok(Mapped::Event(Box::new(ev)))
}
