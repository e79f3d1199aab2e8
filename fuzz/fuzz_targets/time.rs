//! Every timestamp parser over arbitrary text: `parse_time` in both date orders (ISO,
//! slashed and dotted locale dates, `/Date(ms)/`) and the strict `parse_iso_8601`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailtrail::event::time::{DateOrder, format_utc, parse_iso_8601, parse_time};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for order in [DateOrder::Mdy, DateOrder::Dmy] {
        if let Ok(t) = parse_time(text, order) {
            let _ = format_utc(&t);
        }
    }
    if let Some(t) = parse_iso_8601(text) {
        let _ = format_utc(&t);
    }
});
