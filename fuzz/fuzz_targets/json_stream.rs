//! Split arbitrary bytes into JSON records (engine stream and sniffing head).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mailtrail::ingest::fuzz_entry::json_split(data);
});
