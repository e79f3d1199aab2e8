//! Shared match lists for detectors (user agents, folder names, keywords, applications),
//! each with the matching function that uses it: token and prefix matching, never naive
//! substring or exact equality where the real data varies.

pub mod apps;
pub mod devices;
pub mod folders;
pub mod keywords;
pub mod senders;
pub mod user_agents;
