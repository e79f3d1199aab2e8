//! Correlation stage: turns events (and, from issue 4 on, findings) into the ordered
//! timeline and per-user incidents. At this stage it builds timeline rows and sorts them
//! with a bounded-memory external merge sort.

pub mod escalate;
pub mod message;
pub mod sort;
pub mod timeline;
