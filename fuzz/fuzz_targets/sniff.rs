//! Decode (gzip, UTF-16, BOM) and sniff arbitrary bytes, as `analyze` plans an input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mailtrail::ingest::fuzz_entry::sniff_bytes(data);
});
