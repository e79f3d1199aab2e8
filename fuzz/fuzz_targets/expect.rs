//! The regression expectation loader (`--expect FILE`) over arbitrary text, then a compare
//! of the expectation with itself and its rendering.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailtrail::output::expect::{Expectation, compare};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(e) = Expectation::parse(text, "fuzz.expect.json") {
        let _ = e.to_text();
        let _ = compare(&e, &e, "fuzz.expect.json").render();
    }
});
