//! Catalogue entries for findings that no detector makes: the correlate stage derives
//! them from other findings (an account used from infrastructure another compromise
//! named). They sit in the catalogue beside the detectors so that `mailtrail detectors`,
//! the configuration (`[detectors.MT-C01]`) and the docs treat them alike.

use super::{DetectorMeta, Role, Severity, Signal, Status};

/// MT-C01: another account signs in or acts from attacker infrastructure.
pub static ACCOUNT_ON_ATTACKER_INFRASTRUCTURE: DetectorMeta = DetectorMeta {
    id: "MT-C01",
    title: "Account used from attacker infrastructure",
    severity: Severity::High,
    techniques: &["T1078.004"],
    status: Status::Stable,
    description: "An account signs in or acts from an IP address or session that high \
                  findings for another account named as attacker infrastructure (blast \
                  radius). High when a sign-in succeeds or the account acts from there (the \
                  same crew holds this account too); low for failed or interrupted sign-ins \
                  only. Never raised for system accounts.",
    fields: &["actor", "ip", "sessions", "result.outcome", "category"],
    params: &[],
    role: Role {
        signal: Signal::SignIn {
            vector: "account used by the attacker of another compromise",
            rank: 5,
        },
        names_infrastructure: false,
        raised_by_infrastructure: false,
        raised_after_signin_days: 0,
    },
};

/// Every derived entry, in id order.
pub static DERIVED: &[&DetectorMeta] = &[&ACCOUNT_ON_ATTACKER_INFRASTRUCTURE];
