//! The catalogue's roles by detector id: what each finding means to correlation, read
//! once per run so that correlation never keys behaviour on detector ids.

use std::collections::HashMap;

use crate::detect::catalogue;
use crate::detect::{DetectorMeta, Role, Signal};

/// The role of a finding whose detector is not in the catalogue: context only.
const UNKNOWN: Role = Role {
    signal: Signal::Permission,
    names_infrastructure: false,
    raised_by_infrastructure: false,
    raised_after_signin_days: 0,
};

/// Catalogue entries by id.
#[derive(Debug, Clone)]
pub struct Roles {
    by_id: HashMap<&'static str, &'static DetectorMeta>,
}

impl Default for Roles {
    fn default() -> Self {
        Roles::new()
    }
}

impl Roles {
    /// Every catalogue entry (detectors and derived findings).
    pub fn new() -> Roles {
        Roles {
            by_id: catalogue::metas().into_iter().map(|m| (m.id, m)).collect(),
        }
    }

    /// The role of a detector id.
    pub fn of(&self, id: &str) -> Role {
        self.by_id.get(id).map_or(UNKNOWN, |m| m.role)
    }

    /// The catalogue entry of a detector id.
    pub fn meta(&self, id: &str) -> Option<&'static DetectorMeta> {
        self.by_id.get(id).copied()
    }
}
