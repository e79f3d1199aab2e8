//! The input-format seam: one file per export shape, one line per format in [`FORMATS`].
//! A format recognises a stream from its head and maps one record to one [`Event`];
//! reading, batching, rejects and dedup are the engine's job (`ingest::engine`).

mod csv_object;
mod entra_audit;
mod graph_activity;
mod message_trace;
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

/// One CSV cell as read: borrowed from the row when it is valid UTF-8 (almost always),
/// owned only when invalid bytes had to be replaced.
pub type Cell<'a> = std::borrow::Cow<'a, str>;

/// One raw record handed to a format's mapper.
#[derive(Clone, Copy)]
pub enum Record<'a> {
    /// A CSV data row with its header.
    Csv {
        /// The file's header.
        header: &'a CsvHeader,
        /// Cells (lossy UTF-8), same length as the header.
        cells: &'a [Cell<'a>],
    },
    /// A parsed JSON record.
    Json(&'a Value),
}

/// Per-file settings a mapper needs.
#[derive(Debug, Clone)]
pub struct FileCtx {
    /// Day/month order for ambiguous slashed dates in this file.
    pub date_order: DateOrder,
    /// The file's base name (for zip members the member's base name). Formats are still
    /// recognised by content; the name only fills facts a shape does not carry in its
    /// rows (the Entra portal's interactive and non-interactive downloads share a header).
    pub name: String,
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

    /// Map a JSON record straight from its text, without building a `Value` (see
    /// `event::lazy`), when the format can; `None` sends the record down the parsed path
    /// (`map`). Where it answers, the answer must be the one `map` would give.
    fn map_json_text(
        &self,
        _text: &str,
        _pos: SourcePos,
        _ctx: &FileCtx,
    ) -> Option<Result<Mapped, MapError>> {
        None
    }
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
    &graph_activity::GraphActivity,
    &entra_audit::EntraAudit,
    &message_trace::MessageTrace,
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
    use crate::ingest::engine::{Outcome, RecordReader, map_batch};
    use crate::ingest::sniff::sniff;

    /// Sniff `text`, read and map every record: (format id, events, rejected).
    fn read(text: &str) -> (&'static str, usize, usize) {
        let sniffed = sniff(text.as_bytes());
        let format = sniffed
            .format
            .unwrap_or_else(|| panic!("{}: {}", &text[..40.min(text.len())], sniffed.reason));
        let head = sniffed.head.unwrap();
        let reader: Box<dyn std::io::BufRead + Send> =
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let mut rr = RecordReader::new(reader, &head, "t").unwrap();
        let items = rr.next_batch(100).unwrap();
        let ctx = FileCtx {
            date_order: Default::default(),
            name: "t".into(),
        };
        let mapped = map_batch(format, rr.header(), items, 0, 1, &ctx);
        let events = mapped
            .iter()
            .filter(|m| matches!(m.outcome, Outcome::Event(_)))
            .count();
        let rejected = mapped
            .iter()
            .filter(|m| matches!(m.outcome, Outcome::Rejected(_)))
            .count();
        (format.id(), events, rejected)
    }

    const AD: &str = r#"{""CreationTime"":""2026-01-02T03:04:05"",""Id"":""a1"",""Operation"":""Send"",""UserId"":""a@contoso.com"",""RecordType"":2}"#;

    /// One inline sample per format: two good records and, where the shape allows, one bad.
    fn samples() -> Vec<(&'static str, String, usize, usize)> {
        vec![
            ("ual-purview-csv", format!("RecordId,CreationDate,RecordType,Operation,UserId,AuditData\r\na1,2026-01-02T03:04:05.0000000Z ,2,Send,a@contoso.com,\"{AD}\"\r\na2,9/20/2023 4:05:03 AM,2,Send,a@contoso.com,\"{{}}\"\r\na3,x,2,Send,a@contoso.com,\"{{not json\"\r\n"), 2, 1),
            ("ual-powershell-csv", format!("#TYPE Deserialized.X\n\"RecordType\",\"CreationDate\",\"UserIds\",\"Operations\",\"AuditData\",\"ResultIndex\",\"ResultCount\",\"Identity\"\n\"ExchangeItem\",\"20/09/2023 16:05:03\",\"a@contoso.com\",\"Send\",\"{AD}\",\"1\",\"2\",\"i1\"\n\"ExchangeItem\",\"20/09/2023 16:05:03\",\"a@contoso.com\",\"Send\",\"{AD}\",\"2\",\"2\",\"i2\",\"extra\"\n"), 1, 1),
            ("ual-classic-csv", format!("CreationDate,UserIds,Operations,AuditData\n2023-09-20T04:05:03.0000000Z,a@contoso.com,Send,\"{AD}\"\n2023-09-20T04:05:03.0000000Z,a@contoso.com,Send,\n"), 1, 1),
            ("ual-powershell-json", r#"[{"CreationDate":"\/Date(1720919582928)\/","UserIds":"a@contoso.com","Operations":"Send","AuditData":"{\"Operation\":\"Send\",\"UserId\":\"a@contoso.com\"}","Identity":"p1"},{"CreationDate":"2026-01-02T03:04:05Z","Operations":"Send","AuditData":{"Operation":"Send"},"Identity":"p2"},{"CreationDate":"x","Operations":"Send","AuditData":"nope","Identity":"p3"}]"#.to_string(), 2, 1),
            ("ual-graph", r#"{"value":[{"id":"g1","createdDateTime":"2026-01-02T03:04:05Z","auditLogRecordType":"exchangeItem","operation":"Send","userPrincipalName":"a@contoso.com","auditData":{"Operation":"Send"}},{"id":"g2","createdDateTime":"2026-01-02T03:04:06Z","auditLogRecordType":"exchangeItem","operation":"Send","auditData":{}}]}"#.to_string(), 2, 0),
            ("ual-loganalytics", "TimeGenerated [UTC],OfficeWorkload,Operation,UserId,ClientIP,OfficeId\n\"4/28/2021, 2:08:45.221 PM\",Exchange,Send,a@contoso.com,1.2.3.4,o1\n\"4/28/2021, 2:09:45.221 PM\",Exchange,New-InboxRule,a@contoso.com,1.2.3.4:80,o2\n\"never\",Exchange,Send,a@contoso.com,,o3\n".to_string(), 2, 1),
            ("ual-json", "{\"CreationTime\":\"2026-01-02T03:04:05\",\"Id\":\"j1\",\"Operation\":\"Send\",\"RecordType\":2}\n{\"CreationTime\":\"2026-01-02T03:04:06\",\"Id\":\"j2\",\"Operation\":\"Send\",\"RecordType\":2}\n{\"CreationTime\":\"2026-01-02\",\"Id\":\"j3\",\"RecordType\":2}\n".to_string(), 2, 1),
            ("signin-entra-csv", "Date (UTC),Request ID,User agent,Username,IP address,Location,Status,Sign-in error code,Autonomous system  number\n2026-01-04T08:19:41Z,r1,Mozilla,a@contoso.com,73.1.1.1,\"Seattle, Washington, US\",Success,0,7922\n2026-01-04T08:20:41Z,r2,Mozilla,a@contoso.com,73.1.1.1,,Failure,50126,7922\nyesterday,r3,Mozilla,a@contoso.com,73.1.1.1,,Failure,50126,7922\n".to_string(), 2, 1),
            ("signin-diagnostic-json", r#"{"records":[{"time":"2026-01-02T03:04:05Z","category":"SignInLogs","properties":{"id":"d1","createdDateTime":"2026-01-02T03:04:05Z","userPrincipalName":"a@contoso.com","ipAddress":"73.1.1.1","status":{"errorCode":0}}},{"time":"2026-01-02T03:04:05Z","category":"AuditLogs","properties":{}},{"time":"2026-01-02T03:04:05Z","category":"SignInLogs","properties":"nope"}]}"#.to_string(), 1, 1),
            ("signin-loganalytics", r#"[{"TimeGenerated":"2026-01-02T03:04:05Z","ResultType":"0","IPAddress":"73.1.1.1","UserPrincipalName":"a@contoso.com","Status":"{\"errorCode\":0}"},{"TimeGenerated":"2026-01-02T03:04:06Z","ResultType":"50074","IPAddress":"73.1.1.1","UserPrincipalName":"a@contoso.com"}]"#.to_string(), 2, 0),
            ("signin-graph-json", "[{\"id\":\"s1\",\"createdDateTime\":\"2026-01-02T03:04:05Z\",\"userPrincipalName\":\"a@contoso.com\",\"ipAddress\":\"73.1.1.1\"},{\"id\":\"s2\",\"createdDateTime\":\"2026-01-02T03:04:06Z\",\"userPrincipalName\":\"a@contoso.com\",\"ipAddress\":\"\"},{\"id\":\"s3\",\"userPrincipalName\":\"a@contoso.com\",\"ipAddress\":\"\"}]".to_string(), 2, 1),
            ("rules-inventory-csv", "UserName,RuleName,Enabled,MoveToFolder,ForwardTo,DeleteMessage\na@contoso.com,.,True,RSS Feeds,,False\na@contoso.com,fw,True,,\"\"\"X\"\" [SMTP:x@evil.example]\",True\na@contoso.com,broken\n".to_string(), 2, 1),
            ("entra-audit", r#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits","value":[{"id":"Directory_a1","category":"UserManagement","correlationId":"c1","result":"success","activityDisplayName":"User registered security info","activityDateTime":"2026-01-04T09:00:00Z","initiatedBy":{"user":{"userPrincipalName":"a@contoso.com","ipAddress":"159.203.1.1"},"app":null},"targetResources":[{"userPrincipalName":"a@contoso.com","type":"User"}]},{"id":"Directory_a2","activityDisplayName":"Consent to application","activityDateTime":"2026-01-04T09:01:00Z","initiatedBy":{"user":{"userPrincipalName":"a@contoso.com"}},"targetResources":[]},{"id":"Directory_a3","activityDateTime":"2026-01-04T09:02:00Z","initiatedBy":{}}]}"#.to_string(), 2, 1),
            ("message-trace", "#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\n\"Organization\",\"MessageId\",\"Received\",\"SenderAddress\",\"RecipientAddress\",\"Subject\",\"Status\",\"ToIP\",\"FromIP\",\"Size\",\"MessageTraceId\"\n\"contoso.onmicrosoft.com\",\"<m1@x>\",\"1/5/2026 10:12:03 AM\",\"a@contoso.com\",\"b@fabrikam.com\",\"Invoice\",\"Delivered\",\"198.51.100.7\",\"159.203.1.1\",\"4821\",\"t1\"\n\"contoso.onmicrosoft.com\",\"<m2@x>\",\"1/5/2026 10:13:03 AM\",\"x@evil.example\",\"a@contoso.com\",\"Hi\",\"Delivered\",\"\",\"203.0.113.45\",\"912\",\"t2\"\n\"contoso.onmicrosoft.com\",\"<m3@x>\",\"\",\"a@contoso.com\",\"b@fabrikam.com\",\"Re\",\"Failed\",\"\",\"\",\"1\",\"t3\"\n".to_string(), 2, 1),
            ("graph-activity", "TimeGenerated [UTC],RequestId,RequestMethod,ResponseStatusCode,IPAddress,RequestUri,UserId,SignInActivityId\n\"1/4/2026, 9:10:00.000 AM\",g1,GET,200,159.203.1.1,https://graph.microsoft.com/v1.0/me/messages?$top=10,3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91,uti1\n\"1/4/2026, 9:11:00.000 AM\",g2,GET,200,159.203.1.1,https://graph.microsoft.com/v1.0/users,3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91,uti1\n\"1/4/2026, 9:12:00.000 AM\",g3,GET,200,159.203.1.1,,3c9a1f52-7b4e-4d08-a6e1-2f5b8c0d7e91,uti1\n".to_string(), 2, 1),
        ]
    }

    #[test]
    fn every_format_sniffs_maps_and_rejects_from_inline_samples() {
        let samples = samples();
        assert_eq!(samples.len(), FORMATS.len(), "one sample per format");
        for (id, text, events, rejected) in samples {
            assert_eq!(read(&text), (id, events, rejected), "{id}");
        }
    }

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
