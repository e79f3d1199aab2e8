//! Tenant-domain inference (SPEC §6): without a configuration, the tenant's own domains
//! are the UPN domains of its members and the `OrganizationName` of its audit records.
//! Guests and cross-tenant sign-ins are left out, so a partner's domain never counts as
//! internal. The result is shown in summary.json so an analyst can check it.

use std::collections::{BTreeMap, BTreeSet};

use crate::event::Event;
use crate::event::detail::Detail;

/// Counts domains seen on the tenant's own identities.
#[derive(Debug, Default)]
pub struct TenantInference {
    domains: BTreeMap<String, u64>,
}

impl TenantInference {
    /// Learn from one event.
    pub fn observe(&mut self, ev: &Event) {
        if let Some(org) = ev.organization.as_deref()
            && org.contains('.')
            && !org.contains(' ')
        {
            *self.domains.entry(org.to_ascii_lowercase()).or_default() += 1;
        }
        if !ev.actor.is_human() || is_guest(ev) {
            return;
        }
        if let Some((_, d)) = ev.actor.key.rsplit_once('@')
            && !d.is_empty()
            && !d.contains("#ext#")
        {
            *self.domains.entry(d.to_string()).or_default() += 1;
        }
    }

    /// The inferred domains.
    pub fn domains(&self) -> BTreeSet<String> {
        self.domains.keys().cloned().collect()
    }
}

fn is_guest(ev: &Event) -> bool {
    match &ev.detail {
        Detail::SignIn(d) => {
            d.user_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("guest"))
                || d.cross_tenant
                    .as_deref()
                    .is_some_and(|c| !c.eq_ignore_ascii_case("none"))
        }
        _ => ev.actor.key.contains("#ext#"),
    }
}
