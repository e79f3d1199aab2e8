//! Read and map arbitrary bytes with the `rules-inventory-csv` format (record reader + mapper).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mailtrail::ingest::fuzz_entry::parse("rules-inventory-csv", data);
});
