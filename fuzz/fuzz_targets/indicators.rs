//! Indicator files (`--ioc`): the file reader (CSV or STIX by content, UTF-8/UTF-16) and
//! the CSV reader from text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailtrail::detect::indicators::Indicators;

fuzz_target!(|data: &[u8]| {
    let _ = Indicators::from_bytes(data, "fuzz.ioc");
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Indicators::from_csv(text, "fuzz.csv");
    }
});
