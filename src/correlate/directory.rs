//! Mailbox names to UPNs. Rule identities name their mailbox as a UPN, an alias, a display
//! name or a GUID (`…/contoso.onmicrosoft.com/bc1b1df3-…\rule`), and an incident must say
//! whose mailbox it is. The directory learns from every event of the run: Exchange item
//! records pair `MailboxGuid` with `MailboxOwnerUPN`, sign-ins pair the Entra object id with
//! the UPN, and every human UPN's local part is an alias candidate. Memory grows with
//! mailboxes and users.

use std::collections::{BTreeMap, BTreeSet};

use crate::event::Event;

/// What the run taught about mailbox names.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Mailbox GUIDs and Entra object ids (lower case) to UPNs.
    ids: BTreeMap<String, String>,
    /// Human UPNs seen.
    users: BTreeSet<String>,
}

impl Directory {
    /// Learn from one event.
    pub fn learn(&mut self, ev: &Event) {
        if let (Some(guid), Some(owner)) = (&ev.mailbox_guid, &ev.mailbox_owner) {
            self.ids
                .entry(guid.to_ascii_lowercase())
                .or_insert_with(|| owner.clone());
        }
        if ev.actor.is_human() {
            if let Some(oid) = &ev.actor_object_id {
                self.ids
                    .entry(oid.to_ascii_lowercase())
                    .or_insert_with(|| ev.actor.key.clone());
            }
            if !self.users.contains(&ev.actor.key) {
                self.users.insert(ev.actor.key.clone());
            }
        }
    }

    /// The UPN a mailbox name stands for: itself when it is a UPN, else the mailbox or
    /// object id it matches, else the one user whose UPN's local part matches it as an
    /// alias or display name (`AdeleV`, `Megan Bowen` → megan.bowen@…). `None` when
    /// nothing, or more than one user, matches.
    pub fn resolve(&self, name: &str) -> Option<String> {
        let n = name.trim().to_ascii_lowercase();
        if n.is_empty() {
            return None;
        }
        if n.contains('@') {
            return Some(n);
        }
        if let Some(upn) = self.ids.get(&n) {
            return Some(upn.clone());
        }
        let wanted = letters(&n);
        if wanted.is_empty() {
            return None;
        }
        let mut hits = self
            .users
            .iter()
            .filter(|u| u.split('@').next().is_some_and(|l| letters(l) == wanted));
        match (hits.next(), hits.next()) {
            (Some(u), None) => Some(u.clone()),
            _ => None,
        }
    }

    /// `name` resolved, or `name (unresolved)`.
    pub fn describe(&self, name: &str) -> String {
        self.resolve(name)
            .unwrap_or_else(|| format!("{} (unresolved)", name.trim()))
    }
}

/// Letters and digits only, lower case: `Megan Bowen`, `megan.bowen`, `Megan_Bowen` agree.
fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{SourcePos, UserRef};

    fn ev(actor: &str) -> Event {
        let mut e = Event::new(
            SourcePos {
                file: 0,
                line: 1,
                record: 1,
            },
            "ual-json",
        );
        e.actor = UserRef::from_raw(actor);
        e
    }

    #[test]
    fn guids_aliases_and_display_names_resolve_to_upns() {
        let mut d = Directory::default();
        let mut e = ev("megan.bowen@contoso.com");
        e.mailbox_guid = Some("BC1B1DF3-F861-4AEC-BF7C-40CE5B5566C1".into());
        e.mailbox_owner = Some("megan.bowen@contoso.com".into());
        d.learn(&e);
        d.learn(&ev("adelev@m365x816222.onmicrosoft.com"));
        d.learn(&ev("adele.vance@contoso.com"));
        assert_eq!(
            d.resolve("bc1b1df3-f861-4aec-bf7c-40ce5b5566c1").as_deref(),
            Some("megan.bowen@contoso.com")
        );
        assert_eq!(
            d.resolve("Megan Bowen").as_deref(),
            Some("megan.bowen@contoso.com")
        );
        assert_eq!(
            d.resolve("AdeleV").as_deref(),
            Some("adelev@m365x816222.onmicrosoft.com")
        );
        assert_eq!(d.resolve("Lee").as_deref(), None);
        assert_eq!(d.describe("0000-guid"), "0000-guid (unresolved)");
    }
}
