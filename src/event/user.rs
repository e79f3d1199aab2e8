//! User identity normalisation (SPEC §3): trimmed, lower-cased UPNs; service
//! principals, system accounts and anonymous-link users kept apart so they never join a
//! human's incident.

use serde::{Deserialize, Serialize};

/// What kind of identity acted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum UserKind {
    /// A person's account (UPN or e-mail address).
    Human,
    /// An application / service principal / managed identity.
    ServicePrincipal,
    /// A system account (`NT AUTHORITY\SYSTEM`, `S-1-5-…`, Exchange service hosts).
    System,
    /// Someone using a SharePoint / OneDrive anonymous ("anyone") link
    /// (`urn:spo:anon#…`, `anonymous`): not a person of the tenant, never a human's incident.
    Anonymous,
    /// No identity given.
    #[default]
    None,
}

/// Canonical user key plus its kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct UserRef {
    /// Canonical key: lower-cased, trimmed; empty when unknown.
    pub key: String,
    /// Kind of identity.
    pub kind: UserKind,
}

impl UserRef {
    /// Normalise a user id from any source.
    pub fn from_raw(raw: &str) -> UserRef {
        let key = canonical_user(raw);
        let kind = classify(&key);
        UserRef { key, kind }
    }

    /// A service principal / application identity.
    pub fn service_principal(raw: &str) -> UserRef {
        let key = canonical_user(raw);
        if key.is_empty() {
            return UserRef::default();
        }
        UserRef {
            key,
            kind: UserKind::ServicePrincipal,
        }
    }

    /// True when there is no identity.
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// True for a person's account.
    pub fn is_human(&self) -> bool {
        self.kind == UserKind::Human
    }
}

/// Trim, strip surrounding quotes, lower-case.
pub fn canonical_user(raw: &str) -> String {
    raw.trim().trim_matches('"').trim().to_lowercase()
}

fn classify(key: &str) -> UserKind {
    if key.is_empty() {
        return UserKind::None;
    }
    // Windows service identities: `NT AUTHORITY\SYSTEM`, and Exchange Online's own
    // services such as `NT SERVICE\MSExchangeAdminApiNetCore` (mailbox housekeeping).
    if key.starts_with("nt authority\\")
        || key.starts_with("nt service\\")
        || key.starts_with("s-1-")
        || key.starts_with("servicehost")
        || key.contains("(microsoft.exchange.")
        || key == "app@sharepoint"
        || key.starts_with("sharepoint\\system")
    {
        return UserKind::System;
    }
    if key.starts_with("urn:spo:anon") || key == "anonymous" {
        return UserKind::Anonymous;
    }
    if key.contains('@') {
        return UserKind::Human;
    }
    // UAL writes app-only actors as `ServicePrincipal_<object id>`.
    if is_guid(key)
        || key.starts_with("spn:")
        || key.starts_with("00000")
        || key.starts_with("serviceprincipal_")
    {
        return UserKind::ServicePrincipal;
    }
    // Plain names without '@' (display names, DOMAIN\user) are treated as people.
    UserKind::Human
}

fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.bytes()
            .enumerate()
            .all(|(i, b)| matches!(i, 8 | 13 | 18 | 23) && b == b'-' || b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upns_are_trimmed_and_lowercased() {
        let u = UserRef::from_raw("  Alice.Smith@Contoso.COM ");
        assert_eq!(u.key, "alice.smith@contoso.com");
        assert_eq!(u.kind, UserKind::Human);
    }

    #[test]
    fn system_accounts_are_kept_apart() {
        for raw in [
            "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)",
            "S-1-5-18",
            "ServiceHost",
            "NT SERVICE\\MSExchangeAdminApiNetCore",
        ] {
            assert_eq!(UserRef::from_raw(raw).kind, UserKind::System, "{raw}");
        }
        assert_eq!(
            UserRef::from_raw("7c759f10-811c-4db8-ad6d-f07d8ae3f8ea").kind,
            UserKind::ServicePrincipal
        );
        assert_eq!(
            UserRef::from_raw("ServicePrincipal_0d4b6c1f-8a2e-4f3b-9c5d-6e7f8a9b0c1d").kind,
            UserKind::ServicePrincipal
        );
        assert_eq!(UserRef::from_raw("").kind, UserKind::None);
    }

    #[test]
    fn anonymous_link_users_are_not_people() {
        for raw in [
            "urn:spo:anon#9f2c0e6b1d4a7e3f5b8c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a",
            " URN:SPO:ANON#abc ",
            "Anonymous",
        ] {
            let u = UserRef::from_raw(raw);
            assert_eq!(u.kind, UserKind::Anonymous, "{raw}");
            assert!(!u.is_human(), "{raw}");
        }
        assert_eq!(
            UserRef::from_raw("anonymous.user@contoso.com").kind,
            UserKind::Human
        );
    }
}
