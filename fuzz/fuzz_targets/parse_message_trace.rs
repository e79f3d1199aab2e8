//! Read and map arbitrary bytes with the `message-trace` format (record reader + mapper).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mailtrail::ingest::fuzz_entry::parse("message-trace", data);
});
