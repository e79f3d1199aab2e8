//! Small text helpers shared by the correlate stage's sentences (incidents, MT-C01
//! summaries, timeline messages). Plain text: writers neutralise it for their medium.

use chrono::{DateTime, Utc};

/// `2026-02-10 18:41:49` (UTC, seconds), the form findings' summaries use.
pub fn plain_time(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// ` at T UTC` or ` between A and B UTC`.
pub fn span(a: DateTime<Utc>, b: DateTime<Utc>) -> String {
    if a == b {
        format!(" at {} UTC", plain_time(&a))
    } else {
        format!(" between {} and {} UTC", plain_time(&a), plain_time(&b))
    }
}

/// `s` unless `n` is 1.
pub fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `n thing` / `n things`.
pub fn count(n: u64, thing: &str) -> String {
    format!("{n} {thing}{}", plural(n))
}

/// Items quoted and comma-joined, with `and N more` when `total` exceeds the items.
pub fn quoted_list(items: &[String], total: u64) -> String {
    let mut s = items
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let more = total.saturating_sub(items.len() as u64);
    if more > 0 {
        s.push_str(&format!(" and {more} more"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_counts() {
        assert_eq!(count(1, "rule"), "1 rule");
        assert_eq!(count(3, "rule"), "3 rules");
        assert_eq!(
            quoted_list(&["a".into(), "b".into()], 5),
            "'a', 'b' and 3 more"
        );
    }
}
