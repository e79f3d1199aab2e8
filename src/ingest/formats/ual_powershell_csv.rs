//! `ual-powershell-csv`: `Search-UnifiedAuditLog | Export-Csv` (and collection tools'
//! `Get-UAL` CSV): `RecordType,CreationDate,UserIds,Operations,AuditData,ResultIndex,
//! ResultCount,Identity,…`, optionally `RunspaceId` first and a `#TYPE` line above.
//! `CreationDate` is culture-formatted; the ISO time inside AuditData is preferred.

use super::ual_csv::{Columns, map_row};
use super::{FileCtx, InputFormat, Mapped, Record};
use crate::event::{MapError, SourcePos};
use crate::ingest::sniff::Head;

/// PowerShell Export-Csv of Search-UnifiedAuditLog objects.
pub struct UalPowershellCsv;

const COLS: Columns = Columns {
    record_id: "identity",
    time: "creationdate",
    operation: "operations",
    user: "userids",
};

impl InputFormat for UalPowershellCsv {
    fn id(&self) -> &'static str {
        "ual-powershell-csv"
    }
    fn title(&self) -> &'static str {
        "Search-UnifiedAuditLog | Export-Csv"
    }
    fn sniff(&self, head: &Head) -> Option<String> {
        let base = head.has_columns(&["creationdate", "userids", "operations", "auditdata"]);
        let cmdlet = [
            ("resultindex", "ResultIndex"),
            ("resultcount", "ResultCount"),
            ("identity", "Identity"),
            ("runspaceid", "RunspaceId"),
        ]
        .iter()
        .find(|(c, _)| head.has_columns(&[c]))
        .map(|(_, name)| name);
        match (base, cmdlet) {
            (true, Some(c)) => Some(format!(
                "CSV header has CreationDate, UserIds, Operations, AuditData and the cmdlet column {c}{}",
                if head.preamble_lines > 0 {
                    " (after a #TYPE line)"
                } else {
                    ""
                }
            )),
            _ => None,
        }
    }
    fn map(&self, rec: Record<'_>, pos: SourcePos, ctx: &FileCtx) -> Result<Mapped, MapError> {
        match rec {
            Record::Csv { header, cells } => map_row(self.id(), &COLS, header, cells, pos, ctx),
            Record::Json(_) => Err(MapError::NotAnObject),
        }
    }
}
