//! The roll-up's reading of a tenant's `summary.json`: arbitrary text as two tenants'
//! summaries (split at the first NUL byte), then the sweep-summary rows and the roll-up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mailtrail::rollup::{Outcome, Rollup, SummaryView, Tenant};

fuzz_target!(|data: &[u8]| {
    let mut tenants = Vec::new();
    for (i, part) in data.splitn(2, |b| *b == 0).enumerate() {
        let Ok(text) = std::str::from_utf8(part) else {
            continue;
        };
        if let Ok(view) = serde_json::from_str::<SummaryView>(text) {
            let outcome = Outcome::Ran(view);
            tenants.push(Tenant {
                id: format!("t{i}"),
                outcome,
            });
        }
    }
    for t in &tenants {
        let _ = t.row();
    }
    let _ = Rollup::of(tenants).to_json();
});
