//! The single integration-test binary (STYLE §8.12).

mod util;

mod commands;
mod corpus;
mod correlate;
mod determinism;
mod generator;
mod golden;
mod hostile;
mod ignored;
mod ingest;
mod ioc;
mod msp;
mod nothing_lost;
mod parquet;
mod properties;
mod report;
mod robustness;
mod sanitize;
mod scenarios;
mod stories;
