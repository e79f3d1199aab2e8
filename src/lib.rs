//! mailtrail: offline Microsoft 365 mailbox-compromise forensics.
//!
//! The pipeline runs one way: [`ingest`] (find files, decode, sniff, stream records) →
//! [`event`] (one normalized [`event::Event`]) → [`enrich`] (ASN, network class, country) →
//! detect → correlate → [`output`]. Only [`app`] knows every stage.

pub mod app;
pub mod cli;
pub mod correlate;
pub mod detect;
pub mod enrich;
pub mod error;
pub mod event;
pub mod exit;
pub mod ingest;
pub mod output;
pub mod progress;
pub mod rollup;
pub mod text;
