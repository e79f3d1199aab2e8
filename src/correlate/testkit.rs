//! Small builders for correlation unit tests.

use chrono::{DateTime, TimeZone, Utc};

use crate::detect::{Finding, Severity};

/// 2026-02-03 at `hour`:00 UTC.
pub fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 3, hour, 0, 0)
        .single()
        .expect("valid test time")
}

/// A finding for megan@contoso.com from `ip` on a network of `class`.
pub fn finding(id: &str, sev: Severity, ip: &str, class: &str, hour: u32) -> Finding {
    Finding {
        detector_id: id.into(),
        title: String::new(),
        severity: sev,
        techniques: vec![],
        time_first: at(hour),
        time_last: at(hour),
        user: "megan@contoso.com".into(),
        ip: ip.parse().ok(),
        asn: None,
        as_org: None,
        network_class: Some(class.into()),
        country: None,
        session_id: None,
        operation: String::new(),
        summary: String::new(),
        evidence: vec![],
        evidence_count: 1,
        escalation: None,
    }
}
