//! The detector registry: one `mod` line and one constructor per detector, in id order.
//! Adding a detector touches its own file and this one.
//!
//! `signin_common`, `mailbox_common` and `rule_common` are not detectors: they hold the
//! helpers that several detectors share (detectors never import from one another), so
//! they have a `mod` line but no constructor.

pub mod access_api_app;
pub mod access_bulk;
pub mod access_from_risky_network;
pub mod access_unusual_client;
pub mod audit_tampering;
pub mod delete_suspicious;
pub mod device_crimeware_name;
pub mod indicator_match;
pub mod mailbox_common;
pub mod mailbox_forwarding;
pub mod mfa_method_change;
pub mod oauth_consent;
pub mod permission_grant;
pub mod rule_common;
pub mod rule_forward_external;
pub mod rule_hides_mail;
pub mod rule_keyword_targeting;
pub mod rule_obfuscated_name;
pub mod search_suspicious;
pub mod send_suspicious;
pub mod signin_abused_app;
pub mod signin_aitm_indicators;
pub mod signin_common;
pub mod signin_developer_client;
pub mod signin_device_code;
pub mod signin_failures_then_success;
pub mod signin_hosting_asn;
pub mod signin_impossible_travel;
pub mod signin_legacy_auth;
pub mod signin_new_network;
pub mod signin_password_spray;
pub mod signin_rapid_network_switch;
pub mod signin_session_multi_network;
pub mod signin_suspicious_user_agent;
pub mod transport_rule_external;

use super::{Detector, DetectorMeta};

/// A fresh instance of every registered detector, in id order.
pub fn all() -> Vec<Box<dyn Detector>> {
    CONSTRUCTORS.iter().map(|c| c()).collect()
}

/// Catalogue entries of every registered detector, in id order.
pub fn metas() -> Vec<&'static DetectorMeta> {
    all().iter().map(|d| d.meta()).collect()
}

type Constructor = fn() -> Box<dyn Detector>;

/// One line per detector, in id order.
const CONSTRUCTORS: &[Constructor] = &[
    indicator_match::new_network,
    indicator_match::new_content,
    access_from_risky_network::new,
    access_bulk::new,
    access_unusual_client::new,
    send_suspicious::new,
    delete_suspicious::new,
    search_suspicious::new,
    permission_grant::new,
    access_api_app::new,
    mfa_method_change::new,
    oauth_consent::new,
    audit_tampering::new,
    device_crimeware_name::new,
    rule_forward_external::new,
    rule_hides_mail::new,
    rule_keyword_targeting::new,
    rule_obfuscated_name::new,
    mailbox_forwarding::new,
    transport_rule_external::new,
    signin_hosting_asn::new,
    signin_new_network::new,
    signin_impossible_travel::new,
    signin_suspicious_user_agent::new,
    signin_legacy_auth::new,
    signin_password_spray::new,
    signin_failures_then_success::new,
    signin_session_multi_network::new,
    signin_rapid_network_switch::new,
    signin_aitm_indicators::new,
    signin_device_code::new,
    signin_abused_app::new,
    signin_developer_client::new,
];

#[cfg(test)]
mod tests {

    #[test]
    fn ids_are_unique_ordered_and_documented() {
        let docs = include_str!("../../../docs/detections.md");
        let metas = crate::detect::catalogue::metas();
        for pair in metas.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "registry out of id order at {}",
                pair[1].id
            );
        }
        for m in &metas {
            assert!(m.id.starts_with("MT-"), "{} is not MT-<area><nn>", m.id);
            let row = format!("| `{}` | {} | {} |", m.id, m.title, m.severity);
            assert!(
                docs.contains(&row),
                "docs/detections.md catalogue lacks the row {row}"
            );
            assert!(
                docs.contains(&format!("`{}`", m.id)),
                "docs/detections.md lacks `{}`",
                m.id
            );
            assert!(!m.techniques.is_empty(), "{} has no ATT&CK technique", m.id);
            assert!(!m.description.is_empty(), "{} has no description", m.id);
        }
    }
}
