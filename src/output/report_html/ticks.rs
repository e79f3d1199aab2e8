//! Date ticks for a time axis: a step from a fixed ladder (minutes to weeks, then months)
//! that leaves enough room between labels, on whole UTC steps (weeks start on Monday,
//! months on the 1st), labelled with the day where the day changes, the time of day
//! otherwise, and month and year for month steps.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// 1970-01-05, the first Monday after the epoch: weeks are counted from it.
const MONDAY: i64 = 4 * DAY;

/// Fixed steps an axis may use, finest first.
const STEPS: &[i64] = &[
    MINUTE,
    2 * MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
];

/// Month steps, for longer spans.
const MONTHS: &[u32] = &[1, 2, 3, 6, 12, 24, 60];

/// One tick.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Time (ms since the epoch).
    pub time_ms: i64,
    /// `Feb 10`, `18:00` or `Aug 2024`.
    pub label: String,
    /// True on a day boundary (drawn stronger).
    pub day: bool,
}

/// Ticks between `start` and `end` (ms) on an axis `width` units wide, at least
/// `min_gap` units apart.
pub fn ticks(start: i64, end: i64, width: f64, min_gap: f64) -> Vec<Tick> {
    let span = (end - start).max(1) as f64;
    let fits = |step_ms: f64| step_ms / span * width >= min_gap;
    match STEPS.iter().copied().find(|s| fits(*s as f64)) {
        Some(step) => fixed(start, end, step),
        None => {
            let months = MONTHS
                .iter()
                .copied()
                .find(|m| fits(f64::from(*m) * 30.4 * DAY as f64))
                .unwrap_or(120);
            monthly(start, end, months)
        }
    }
}

fn fixed(start: i64, end: i64, step: i64) -> Vec<Tick> {
    let origin = if step % (7 * DAY) == 0 { MONDAY } else { 0 };
    let k = (start - origin).div_euclid(step);
    let first = origin
        + k * step
        + if (start - origin) % step == 0 {
            0
        } else {
            step
        };
    (0..)
        .map(|i| first + i * step)
        .take_while(|t| *t <= end)
        .filter_map(|t| {
            let dt = DateTime::<Utc>::from_timestamp_millis(t)?;
            let day = dt.num_seconds_from_midnight() == 0;
            let label = if day || step >= DAY {
                dt.format("%b %-d").to_string()
            } else {
                dt.format("%H:%M").to_string()
            };
            Some(Tick {
                time_ms: t,
                label,
                day,
            })
        })
        .collect()
}

/// Ticks on the 1st of every `months`-th month (counted from January of year 0).
fn monthly(start: i64, end: i64, months: u32) -> Vec<Tick> {
    let Some(s) = DateTime::<Utc>::from_timestamp_millis(start) else {
        return Vec::new();
    };
    let mut index = s.year() * 12 + s.month0() as i32;
    index += (months as i32 - index.rem_euclid(months as i32)) % months as i32;
    let month_start = |i: i32| {
        NaiveDate::from_ymd_opt(i.div_euclid(12), i.rem_euclid(12) as u32 + 1, 1)
            .and_then(|d| Some((d, d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())))
    };
    let mut out = Vec::new();
    while let Some((date, t)) = month_start(index) {
        if t > end {
            break;
        }
        if t >= start {
            out.push(Tick {
                time_ms: t,
                label: date.format("%b %Y").to_string(),
                day: true,
            });
        }
        index += months as i32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        s.parse::<DateTime<Utc>>().unwrap().timestamp_millis()
    }

    #[test]
    fn days_over_a_few_days() {
        let t = ticks(
            ms("2026-02-08T18:20:05Z"),
            ms("2026-02-13T20:50:26Z"),
            800.0,
            70.0,
        );
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels[..3], ["Feb 9", "12:00", "Feb 10"]);
        assert!(labels.contains(&"Feb 13"));
        assert!(t[0].day && !t[1].day);
    }

    #[test]
    fn minutes_over_a_short_window() {
        let t = ticks(
            ms("2026-02-12T20:48:00Z"),
            ms("2026-02-12T21:15:00Z"),
            800.0,
            70.0,
        );
        assert_eq!(t[0].label, "20:50");
        assert_eq!(t[1].label, "20:55");
        assert!(!t[0].day);
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        let t = ticks(
            ms("2026-01-01T00:00:00Z"),
            ms("2026-03-01T00:00:00Z"),
            800.0,
            70.0,
        );
        assert_eq!(t[0].label, "Jan 5", "a Monday");
        let t = ticks(
            ms("2024-07-14T01:06:02Z"),
            ms("2026-03-07T03:12:03Z"),
            874.0,
            78.0,
        );
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels[..3], ["Sep 2024", "Nov 2024", "Jan 2025"]);
        assert!(t.iter().all(|t| t.day));
    }
}
