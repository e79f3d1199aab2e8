//! The normalized event model (SPEC §4): one struct every stage after `ingest` reads.
//!
//! Formats map their records into [`Event`] using the helpers in this module
//! (times, IPs, users, name–value lists); nothing downstream knows which export
//! shape produced an event. This module parses, it never reads files or enriches.

pub mod audit;
mod audit_detail;
pub mod category;
pub mod detail;
pub mod directory_audit;
pub mod fields;
pub mod ip;
pub mod lazy;
mod network;
pub mod signin;
pub mod time;
pub mod user;

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use category::Category;
pub use detail::Detail;
pub use user::{UserKind, UserRef};

use crate::enrich::NetInfo;

/// Why a record could not become an event (the row is rejected with this reason).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MapError {
    /// No time field at all.
    #[error("no timestamp field")]
    NoTime,
    /// A time field that no supported form matches.
    #[error("{0}")]
    BadTime(time::TimeError),
    /// No operation field.
    #[error("no operation field")]
    NoOperation,
    /// The record is not a JSON object.
    #[error("record is not a JSON object")]
    NotAnObject,
    /// `AuditData` is missing or not JSON.
    #[error("AuditData is not valid JSON: {0}")]
    BadAuditData(String),
    /// A nested part that must be an object is something else.
    #[error("{0} is not a JSON object")]
    NotAnObjectField(&'static str),
}

/// Index of an input file in the run's file table (see `ingest::FileTable`).
pub type FileId = u32;

/// Where a record came from: file, physical line of its first byte, and record number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourcePos {
    /// Index into the run's file table.
    pub file: FileId,
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// 1-based record number within the file (data rows, not lines).
    pub record: u64,
}

/// Whether an action succeeded, as the source says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The source reports success.
    Success,
    /// The source reports failure (sign-in error, failed cmdlet, …).
    Failure,
    /// Partial success or an interrupted sign-in (e.g. MFA required, 50074/50140).
    Interrupted,
    /// The source does not say.
    #[default]
    Unknown,
}

/// Result of the action with the source's own error code and reason.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ResultInfo {
    /// Success, failure, or unknown.
    pub outcome: Outcome,
    /// Error code as the source writes it (`50126`, `InvalidUserNameOrPassword`, …).
    pub error_code: Option<String>,
    /// Human-readable failure reason when the source has one.
    pub reason: Option<String>,
}

/// Session and token identifiers that tie events of one login session together.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Sessions {
    /// Exchange `SessionId`, sign-in `sessionId`, or device-properties `SessionId`.
    pub session_id: Option<String>,
    /// `AppAccessContext.AADSessionId` or Entra session id carried in UAL records.
    pub aad_session_id: Option<String>,
    /// `UniqueTokenId` / `uniqueTokenIdentifier`.
    pub unique_token_id: Option<String>,
    /// Entra correlation id (UAL `InterSystemsId`).
    pub correlation_id: Option<String>,
    /// Entra request id (UAL `IntraSystemId`, sign-in `id` / `Request ID`).
    pub request_id: Option<String>,
}

impl Sessions {
    /// The most specific session identifier present, for grouping and output.
    pub fn primary(&self) -> Option<&str> {
        self.session_id
            .as_deref()
            .or(self.aad_session_id.as_deref())
            .or(self.unique_token_id.as_deref())
    }
}

/// Device facts a sign-in or mailbox record carries.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Device {
    /// Operating system (`Windows 10`, `MacOs`, …).
    pub os: Option<String>,
    /// Browser (`Edge 90.0.818`, …).
    pub browser: Option<String>,
    /// Entra device id; empty for unregistered devices.
    pub id: Option<String>,
    /// Device display name.
    pub name: Option<String>,
    /// Join/trust type (`Azure AD joined`, …).
    pub trust_type: Option<String>,
    /// Whether the device is compliant, when known.
    pub compliant: Option<bool>,
    /// Whether the device is managed, when known.
    pub managed: Option<bool>,
}

impl Device {
    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        self.os.is_none()
            && self.browser.is_none()
            && self.id.is_none()
            && self.name.is_none()
            && self.trust_type.is_none()
            && self.compliant.is_none()
            && self.managed.is_none()
    }
}

/// Location as the source reports it (sign-in logs carry it; UAL does not).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Location {
    /// City.
    pub city: Option<String>,
    /// State or region.
    pub state: Option<String>,
    /// ISO 3166 two-letter country code (upper case).
    pub country: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
}

impl Location {
    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        self.city.is_none()
            && self.state.is_none()
            && self.country.is_none()
            && self.lat.is_none()
            && self.lon.is_none()
    }
}

/// Maximum bytes of the raw record kept for evidence.
pub const RAW_EXCERPT_MAX: usize = 512;

/// One normalized audit or sign-in event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    /// UTC instant of the action.
    #[serde(with = "compact_time")]
    pub time: DateTime<Utc>,
    /// False for current-state records without a time (rules inventory); `time` is then the epoch.
    pub time_known: bool,
    /// Where the record came from.
    pub pos: SourcePos,
    /// Format id of the file (`ual-purview-csv`, …). Not serialized: every file has one
    /// format, so readers of stored events restore it from the file id.
    #[serde(skip)]
    pub format: &'static str,
    /// Source record id (UAL `Id`/`RecordId`, sign-in `id`/`Request ID`).
    pub record_id: Option<String>,
    /// Workload (`Exchange`, `AzureActiveDirectory`, …) or sign-in log kind.
    pub workload: Option<String>,
    /// Record type as the source writes it (`ExchangeAdmin`, `15`, `exchangeAdmin`, `SignInLogs`).
    pub record_type: Option<String>,
    /// Operation, trimmed and without trailing period (`New-InboxRule`, `UserLoggedIn`, `SignIn`).
    pub operation: String,
    /// Coarse category derived from the operation.
    pub category: Category,
    /// Who acted.
    pub actor: UserRef,
    /// Mailbox acted upon, when it differs or is given (`MailboxOwnerUPN`).
    pub mailbox_owner: Option<String>,
    /// Exchange `MailboxGuid` of a UAL record, lower-cased. Lets correlation resolve the
    /// mailbox GUIDs that rule identities carry (`…/<guid>\rule`) to UPNs.
    pub mailbox_guid: Option<String>,
    /// Entra object id of the acting user, lower-cased (sign-in `userId`, portal `User ID`).
    pub actor_object_id: Option<String>,
    /// Client IP, normalised; `None` when absent or unparsable.
    pub ip: Option<IpAddr>,
    /// The raw IP text when it could not be parsed (kept for evidence).
    pub ip_raw_unparsed: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// Exchange `ClientInfoString` or sign-in `clientAppUsed`.
    pub client_info: Option<String>,
    /// Application id (`AppId`, `ClientAppId`, `ApplicationId`, `appId`).
    pub app_id: Option<String>,
    /// Application display name.
    pub app_name: Option<String>,
    /// Session, token and correlation ids.
    pub sessions: Sessions,
    /// Outcome and error code.
    pub result: ResultInfo,
    /// Device facts, when present.
    pub device: Option<Device>,
    /// Location reported by the source itself.
    pub location: Option<Location>,
    /// ASN reported by the source itself (Entra sign-ins).
    pub source_asn: Option<u32>,
    /// Tenant / organisation name or id when the source has it (for tenant-domain inference).
    pub organization: Option<String>,
    /// Typed details per category, parsed once here.
    pub detail: Detail,
    /// Bounded excerpt of the raw record, kept only where a detector reads it (consent
    /// records, whose app ids can sit anywhere in the record); empty otherwise, because a
    /// copy of every record would double what the event store holds.
    pub raw_excerpt: String,
    /// Network facts added by `enrich` (never set by ingest).
    pub net: Option<NetInfo>,
}

impl Event {
    /// An event with only position and format set; formats fill in the rest.
    pub fn new(pos: SourcePos, format: &'static str) -> Self {
        Event {
            time: DateTime::<Utc>::UNIX_EPOCH,
            time_known: false,
            pos,
            format,
            record_id: None,
            workload: None,
            record_type: None,
            operation: String::new(),
            category: Category::Other,
            actor: UserRef::default(),
            mailbox_owner: None,
            mailbox_guid: None,
            actor_object_id: None,
            ip: None,
            ip_raw_unparsed: None,
            user_agent: None,
            client_info: None,
            app_id: None,
            app_name: None,
            sessions: Sessions::default(),
            result: ResultInfo::default(),
            device: None,
            location: None,
            source_asn: None,
            organization: None,
            detail: Detail::None,
            raw_excerpt: String::new(),
            net: None,
        }
    }

    /// Set the operation (normalised) and derive the category from it.
    pub fn set_operation(&mut self, raw: &str) {
        self.operation = normalize_operation(raw);
        self.category = Category::of_operation(&self.operation);
    }

    /// Set the client IP from raw text, keeping unparsable text aside.
    pub fn set_ip(&mut self, raw: &str) {
        match ip::parse_client_ip(raw) {
            ip::ParsedIp::Ip(addr) => self.ip = Some(addr),
            ip::ParsedIp::Empty => {}
            ip::ParsedIp::Invalid => self.ip_raw_unparsed = Some(raw.trim().to_string()),
        }
    }

    /// Whether this event keeps an excerpt of its raw record (see `raw_excerpt`).
    pub fn wants_raw_excerpt(&self) -> bool {
        matches!(self.detail, Detail::Consent(_))
    }

    /// Keep a bounded excerpt of the raw record text.
    pub fn set_raw_excerpt(&mut self, raw: &str) {
        self.raw_excerpt = truncate_chars(raw, RAW_EXCERPT_MAX).to_string();
    }
}

/// Trim an operation name and drop one trailing period (`Add member to role.` → `Add member to role`).
pub fn normalize_operation(raw: &str) -> String {
    let t = raw.trim();
    t.strip_suffix('.').unwrap_or(t).trim_end().to_string()
}

/// Cut `s` to at most `max` bytes on a character boundary.
pub fn truncate_chars(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Non-empty trimmed text, or `None`.
pub fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_is_trimmed_and_loses_trailing_period() {
        assert_eq!(
            normalize_operation(" Add member to role. "),
            "Add member to role"
        );
        assert_eq!(normalize_operation("New-InboxRule"), "New-InboxRule");
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_chars("héllo", 2), "h");
        assert_eq!(truncate_chars("abc", 10), "abc");
    }
}

/// The event time in stored events as whole seconds and nanoseconds: chrono's own
/// serde form is RFC 3339 text, whose formatting and parsing was a tenth of what storing
/// and replaying an event cost. Any `DateTime<Utc>` round-trips.
mod compact_time {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        (t.timestamp(), t.timestamp_subsec_nanos()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let (secs, nanos) = <(i64, u32)>::deserialize(d)?;
        DateTime::from_timestamp(secs, nanos)
            .ok_or_else(|| serde::de::Error::custom("event time out of range"))
    }
}
