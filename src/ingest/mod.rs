//! Ingest stage: find input files, decode them, sniff their format by content, and
//! stream their records into normalized [`crate::event::Event`]s — with every row
//! accounted for in a per-file [`Ledger`]. No enrichment, no detection here.

pub mod csv_header;
pub mod csv_lines;
pub mod decode;
pub mod dedup;
pub mod engine;
pub mod error;
pub mod formats;
#[doc(hidden)]
pub mod fuzz_entry;
pub mod ignore;
pub mod json_stream;
pub mod ledger;
pub mod sniff;
pub mod source;
pub mod zip_member;

pub use error::{IngestError, RowError};
pub use ignore::Ignored;
pub use ledger::Ledger;
pub use source::{Discovered, Source, discover};
