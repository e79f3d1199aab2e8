//! Detect stage: independent detectors turn events into findings (SPEC §6). Each detector
//! is one file in `detectors/`, registered by one line in `registry.rs`; it sees every
//! event in time order and keeps only bounded per-user state. Detectors never read each
//! other's findings — combining them (escalation, incidents) is `correlate`'s job.

pub mod catalogue;
pub mod config;
pub mod context;
pub mod derived;
pub mod detectors;
pub mod engine;
pub mod finding;
pub mod indicators;
pub mod lists;
pub mod own_networks;
pub mod severity;
pub mod standing;
pub mod state;
pub mod tenant;

pub use context::Context;
pub use engine::Engine;
pub use finding::{EvidenceRef, Finding};
pub use severity::Severity;
pub use standing::Standing;

use crate::event::Event;

/// Maturity of a detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Tuned and tested on realistic data.
    Stable,
    /// New or noisy; expect false positives.
    Experimental,
}

impl Status {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Stable => "stable",
            Status::Experimental => "experimental",
        }
    }
}

/// A named, documented, configurable threshold of a detector.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// Name used in the configuration file (`failures`, `window_minutes`, …).
    pub name: &'static str,
    /// Default value.
    pub default: f64,
    /// What it means, with its unit.
    pub doc: &'static str,
}

/// What a detector is: its catalogue entry (shown by `mailtrail detectors`).
#[derive(Debug)]
pub struct DetectorMeta {
    /// Stable id, `MT-<area><nn>`.
    pub id: &'static str,
    /// Short title.
    pub title: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// ATT&CK technique ids.
    pub techniques: &'static [&'static str],
    /// Stable or experimental.
    pub status: Status,
    /// One paragraph: what it finds and why it matters.
    pub description: &'static str,
    /// Event fields the detector reads.
    pub fields: &'static [&'static str],
    /// Thresholds.
    pub params: &'static [Param],
    /// What a finding of this detector means to correlation.
    pub role: Role,
}

/// The part of an intrusion a finding shows: its place in the incident's story (entry,
/// hiding, forwarding, reading, sending, …). Correlation reads this, never detector ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Signal {
    /// How the intruder got in. `vector` is the entry vector in words; `rank` orders
    /// competing claims for one incident (lower is more specific and wins).
    SignIn {
        /// Entry vector in words ("adversary-in-the-middle (AiTM) phishing").
        vector: &'static str,
        /// Precedence among sign-in signals (0 is the most specific).
        rank: u8,
    },
    /// An inbox rule that hides mail (moves, deletes, marks read, obfuscated name).
    HidingRule,
    /// Mail forwarded or redirected outside (rule, mailbox or transport forwarding).
    Forwarding,
    /// Mailbox items read or synced.
    MailAccess,
    /// Mail sent.
    Send,
    /// Mail deleted.
    Deletion,
    /// Mailbox searched.
    Search,
    /// Mailbox or folder permission granted.
    Permission,
    /// A way back in: MFA method, OAuth consent, app credentials.
    Persistence,
    /// Audit logging disabled or bypassed.
    AntiForensics,
}

impl Signal {
    /// Stable lower-case name (`sign-in`, `hiding-rule`, …) used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::SignIn { .. } => "sign-in",
            Signal::HidingRule => "hiding-rule",
            Signal::Forwarding => "forwarding",
            Signal::MailAccess => "mail-access",
            Signal::Send => "send",
            Signal::Deletion => "deletion",
            Signal::Search => "search",
            Signal::Permission => "permission",
            Signal::Persistence => "persistence",
            Signal::AntiForensics => "anti-forensics",
        }
    }
}

/// What a detector's findings mean to correlation (SPEC §7), declared in its catalogue
/// entry so that `correlate` never keys behaviour on detector ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Role {
    /// The finding's part of the incident's story.
    pub signal: Signal,
    /// A high finding names attacker infrastructure: its evidence is attacker-made (a
    /// suspicious sign-in, a hiding rule, forwarding, reading or sending from a risky
    /// network), so its IP and session become attacker IPs/sessions unless allow-listed.
    pub names_infrastructure: bool,
    /// A lower finding made from attacker infrastructure is raised to high.
    pub raised_by_infrastructure: bool,
    /// A lower finding within this many days after a high sign-in finding for the same
    /// user is raised to high (0: never) — an MFA method or consent added by the intruder.
    pub raised_after_signin_days: u32,
}

impl Role {
    /// A sign-in signal: names infrastructure when high, never raised.
    pub const fn sign_in(vector: &'static str, rank: u8) -> Role {
        Role {
            signal: Signal::SignIn { vector, rank },
            names_infrastructure: true,
            raised_by_infrastructure: false,
            raised_after_signin_days: 0,
        }
    }

    /// Attacker-made evidence after the sign-in: names infrastructure when high, and is
    /// raised when made from it.
    pub const fn attacker_made(signal: Signal) -> Role {
        Role {
            signal,
            names_infrastructure: true,
            raised_by_infrastructure: true,
            raised_after_signin_days: 0,
        }
    }

    /// An action that users also do legitimately: raised when made from attacker
    /// infrastructure, never names it.
    pub const fn action(signal: Signal) -> Role {
        Role {
            signal,
            names_infrastructure: false,
            raised_by_infrastructure: true,
            raised_after_signin_days: 0,
        }
    }

    /// As [`Role::action`], and also raised within `days` after a high sign-in finding.
    pub const fn after_signin(signal: Signal, days: u32) -> Role {
        Role {
            raised_after_signin_days: days,
            ..Role::action(signal)
        }
    }
}

/// A detector: sees every event in time order, emits findings.
pub trait Detector: Send {
    /// Catalogue entry.
    fn meta(&self) -> &'static DetectorMeta;
    /// Look at one event.
    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>);
    /// Called once after the last event (windowed and aggregating detectors report here).
    fn finish(&mut self, _ctx: &Context, _out: &mut Vec<Finding>) {}
}
