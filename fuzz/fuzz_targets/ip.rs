//! The client-IP parser over arbitrary text (ports, brackets, `::ffff:`, junk).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = mailtrail::event::ip::parse_client_ip(&text);
});
