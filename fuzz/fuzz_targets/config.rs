//! The TOML configuration loader over arbitrary text, and the context it builds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cfg) = mailtrail::detect::config::Config::parse(text, "fuzz.toml") {
        let _ = cfg.context(["contoso.com".to_string()]);
    }
});
