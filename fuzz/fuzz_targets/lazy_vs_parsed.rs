//! Differential: each JSON record mapped straight from its text (`map_json_text`) must give
//! what `serde_json` + `map` gives, and nothing `serde_json` rejects may be accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mailtrail::ingest::fuzz_entry::lazy_vs_parsed(data);
});
