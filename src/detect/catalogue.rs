//! The detector catalogue as data (SPEC §7b `mailtrail detectors --json`): id, title,
//! default severity, techniques, status, description — plus fields and thresholds.

use serde::Serialize;

use super::{DetectorMeta, detectors};

/// A threshold in the catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct ParamEntry {
    /// Setting name.
    pub name: &'static str,
    /// Default value.
    pub default: f64,
    /// Meaning and unit.
    pub doc: &'static str,
}

/// One catalogue entry; key order is the JSON contract.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Detector id.
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// Default severity.
    pub severity: &'static str,
    /// ATT&CK techniques.
    pub techniques: Vec<&'static str>,
    /// stable / experimental.
    pub status: &'static str,
    /// Description.
    pub description: &'static str,
    /// Event fields read.
    pub fields: Vec<&'static str>,
    /// Thresholds.
    pub params: Vec<ParamEntry>,
    /// What a finding means to correlation.
    pub role: super::Role,
}

/// Every catalogue entry: the registered detectors and the findings correlation derives
/// ([`super::derived`]), in id order.
pub fn metas() -> Vec<&'static DetectorMeta> {
    let mut all = detectors::metas();
    all.extend(super::derived::DERIVED.iter().copied());
    all.sort_by_key(|m| m.id);
    all
}

/// The catalogue entry with this id.
pub fn meta(id: &str) -> Option<&'static DetectorMeta> {
    metas().into_iter().find(|m| m.id == id)
}

/// Every catalogue entry, in id order.
pub fn entries() -> Vec<Entry> {
    metas()
        .into_iter()
        .map(|m| Entry {
            id: m.id,
            title: m.title,
            severity: m.severity.as_str(),
            techniques: m.techniques.to_vec(),
            status: m.status.as_str(),
            description: m.description,
            fields: m.fields.to_vec(),
            params: m
                .params
                .iter()
                .map(|p| ParamEntry {
                    name: p.name,
                    default: p.default,
                    doc: p.doc,
                })
                .collect(),
            role: m.role,
        })
        .collect()
}
