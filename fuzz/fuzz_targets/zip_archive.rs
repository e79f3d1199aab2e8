//! Discover arbitrary bytes as an input file (zip directory, Office check) and read every
//! member to its end through the zip member stream and the decoders.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = mailtrail::ingest::fuzz_entry::zip_archive(data);
});
