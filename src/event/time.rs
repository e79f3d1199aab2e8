//! Every timestamp form seen in exports → UTC (SPEC §3). The only place that parses times.
//!
//! Forms: ISO 8601 with `T` or space, 0–9 fraction digits, `Z`, an offset or nothing
//! (then UTC); slashed locale dates `M/D/YYYY h:mm:ss AM/PM` (optionally with a comma after
//! the date, as Log Analytics writes) or day-first `D/M/YYYY HH:mm:ss`; dotted day-first
//! `D.M.YYYY HH:mm:ss`; and PowerShell 5.1's `\/Date(ms)\/`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::Serialize;

/// Day/month order of slashed dates in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Month first (US).
    #[default]
    Mdy,
    /// Day first (most other locales).
    Dmy,
}

impl std::str::FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "mdy" => Ok(DateOrder::Mdy),
            "dmy" => Ok(DateOrder::Dmy),
            other => Err(format!("unknown date order '{other}': use mdy or dmy")),
        }
    }
}

/// Why a timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable timestamp '{text}'")]
pub struct TimeError {
    /// The offending text (bounded).
    pub text: String,
}

fn err(s: &str) -> TimeError {
    TimeError {
        text: super::truncate_chars(s.trim(), 64).to_string(),
    }
}

/// Parse any supported timestamp. `order` only matters for ambiguous slashed dates.
pub fn parse_time(raw: &str, order: DateOrder) -> Result<DateTime<Utc>, TimeError> {
    let s = raw.trim().trim_matches('"').trim();
    let s = s.strip_suffix("[UTC]").map(str::trim_end).unwrap_or(s);
    let s = s.strip_suffix(" UTC").unwrap_or(s);
    if s.len() >= 10 && s.as_bytes()[4] == b'-' {
        return parse_iso(s).ok_or_else(|| err(raw));
    }
    if let Some(ms) = parse_ms_date(s) {
        return Utc
            .timestamp_millis_opt(ms)
            .single()
            .ok_or_else(|| err(raw));
    }
    parse_locale(s, order).ok_or_else(|| err(raw))
}

/// ISO 8601 only, exactly as given (no trimming, quotes, ` UTC` suffix or locale dates):
/// `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.f{0,9}]]`, then `Z`,
/// an offset (`+01:00`, `+0100`, `+01`) or nothing (UTC). For values a person types, such
/// as `--since`, where the looser forms of [`parse_time`] would only hide a typo.
pub fn parse_iso_8601(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' {
        return None;
    }
    parse_iso(s)
}

/// `\/Date(1720919582928)\/`, `/Date(1720919582928+0000)/`.
fn parse_ms_date(s: &str) -> Option<i64> {
    let s = s.trim_start_matches('\\').trim_start_matches('/');
    let inner = s.strip_prefix("Date(")?;
    let end = inner.find(')')?;
    let body = &inner[..end];
    let digits_end = body
        .char_indices()
        .find(|&(i, c)| i > 0 && (c == '+' || c == '-'))
        .map_or(body.len(), |(i, _)| i);
    body[..digits_end].parse().ok()
}

fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    let date = NaiveDate::from_ymd_opt(num(b, 0, 4)? as i32, num(b, 5, 2)?, num(b, 8, 2)?)?;
    if b[7] != b'-' {
        return None;
    }
    if b.len() == 10 {
        return Some(Utc.from_utc_datetime(&date.and_time(NaiveTime::MIN)));
    }
    if b[10] != b'T' && b[10] != b't' && b[10] != b' ' {
        return None;
    }
    let (time, rest) = parse_clock(&s[11..])?;
    let naive = NaiveDateTime::new(date, time);
    let offset_secs = parse_offset(rest.trim())?;
    let utc = naive - chrono::Duration::seconds(i64::from(offset_secs));
    Some(Utc.from_utc_datetime(&utc))
}

/// `HH:MM[:SS[.f{0,9}]]` → time and the remaining text.
fn parse_clock(s: &str) -> Option<(NaiveTime, &str)> {
    let b = s.as_bytes();
    let h = num(b, 0, 2).or_else(|| num(b, 0, 1))?;
    let hl = if b.get(1).is_some_and(u8::is_ascii_digit) {
        2
    } else {
        1
    };
    if b.get(hl) != Some(&b':') {
        return None;
    }
    let m = num(b, hl + 1, 2)?;
    let mut i = hl + 3;
    let mut sec = 0;
    let mut nanos = 0;
    if b.get(i) == Some(&b':') {
        sec = num(b, i + 1, 2)?;
        i += 3;
        if matches!(b.get(i), Some(b'.') | Some(b',')) {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &s[start..i];
            if digits.len() > 9 {
                return None;
            }
            let v: u32 = if digits.is_empty() {
                0
            } else {
                digits.parse().ok()?
            };
            nanos = v * 10u32.pow(9 - digits.len() as u32);
        }
    }
    // A leap second (`:60`) is read as the last nanosecond of the minute.
    let time = if sec == 60 {
        NaiveTime::from_hms_nano_opt(h, m, 59, 999_999_999)?
    } else {
        NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?
    };
    Some((time, &s[i..]))
}

/// `Z`, `+02:00`, `+0200`, `+02`, or nothing (UTC) → seconds east of UTC.
fn parse_offset(s: &str) -> Option<i32> {
    if s.is_empty() || s.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

fn parse_locale(s: &str, order: DateOrder) -> Option<DateTime<Utc>> {
    let (date_part, time_part) = match s.find([' ', 'T']) {
        Some(i) => (s[..i].trim_end_matches(','), s[i + 1..].trim()),
        None => (s, ""),
    };
    let (sep, order) = if date_part.contains('/') {
        ('/', order)
    } else if date_part.contains('.') {
        ('.', DateOrder::Dmy)
    } else {
        return None;
    };
    let mut f = date_part.split(sep);
    let (a, b, y): (u32, u32, i32) = (
        f.next()?.parse().ok()?,
        f.next()?.parse().ok()?,
        f.next()?.parse().ok()?,
    );
    if f.next().is_some() || y < 1000 {
        return None;
    }
    let (month, day) = match order {
        DateOrder::Mdy => (a, b),
        DateOrder::Dmy => (b, a),
    };
    let date = NaiveDate::from_ymd_opt(y, month, day)?;
    let time = parse_locale_clock(time_part)?;
    Some(Utc.from_utc_datetime(&NaiveDateTime::new(date, time)))
}

/// `h:mm[:ss[.fff]] [AM|PM]` or 24-hour; empty means midnight.
fn parse_locale_clock(s: &str) -> Option<NaiveTime> {
    if s.is_empty() {
        return Some(NaiveTime::MIN);
    }
    let upper = s.to_ascii_uppercase();
    let (clock, meridiem) = if let Some(c) = upper.strip_suffix("AM") {
        (c.trim_end().to_string(), Some(false))
    } else if let Some(c) = upper.strip_suffix("PM") {
        (c.trim_end().to_string(), Some(true))
    } else {
        (upper, None)
    };
    let (t, rest) = parse_clock(&clock)?;
    if !rest.trim().is_empty() && parse_offset(rest.trim()) != Some(0) {
        return None;
    }
    use chrono::Timelike;
    let hour = match meridiem {
        None => t.hour(),
        Some(_) if t.hour() == 0 || t.hour() > 12 => return None,
        Some(false) => t.hour() % 12,
        Some(true) => t.hour() % 12 + 12,
    };
    t.with_hour(hour)
}

fn num(b: &[u8], start: usize, len: usize) -> Option<u32> {
    let slice = b.get(start..start + len)?;
    let mut v = 0u32;
    for &c in slice {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// RFC 3339 UTC with millisecond precision and `Z`, the one output form.
pub fn format_utc(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        format_utc(&parse_time(s, DateOrder::Mdy).unwrap())
    }

    #[test]
    fn iso_variants() {
        assert_eq!(p("2023-09-20T04:05:03"), "2023-09-20T04:05:03.000Z");
        assert_eq!(
            p("2026-01-24T06:54:24.0000000Z "),
            "2026-01-24T06:54:24.000Z"
        );
        assert_eq!(
            p("2023-07-21 05:03:52.160562400"),
            "2023-07-21T05:03:52.160Z"
        );
        assert_eq!(
            p("2021-04-28T14:08:45.2213421+00:00"),
            "2021-04-28T14:08:45.221Z"
        );
        assert_eq!(p("2023-09-20T06:05:03+02:00"), "2023-09-20T04:05:03.000Z");
        assert_eq!(p("2023-09-20T06:05:03.5+0200"), "2023-09-20T04:05:03.500Z");
        assert_eq!(
            p("2023-09-20T04:05:03.123456789Z"),
            "2023-09-20T04:05:03.123Z"
        );
        assert_eq!(p("2023-09-20T04:05Z"), "2023-09-20T04:05:00.000Z");
        assert_eq!(p("2023-09-20"), "2023-09-20T00:00:00.000Z");
    }

    #[test]
    fn us_and_locale_dates() {
        assert_eq!(p("9/20/2023 4:05:03 AM"), "2023-09-20T04:05:03.000Z");
        assert_eq!(p("9/20/2023 12:05:03 AM"), "2023-09-20T00:05:03.000Z");
        assert_eq!(p("9/20/2023 12:05:03 PM"), "2023-09-20T12:05:03.000Z");
        assert_eq!(p("4/28/2021, 2:08:45.221 PM"), "2021-04-28T14:08:45.221Z");
        let dmy = parse_time("20/09/2023 16:05:03", DateOrder::Dmy).unwrap();
        assert_eq!(format_utc(&dmy), "2023-09-20T16:05:03.000Z");
        assert_eq!(p("20.09.2023 16:05:03"), "2023-09-20T16:05:03.000Z");
    }

    #[test]
    fn dotnet_json_dates() {
        assert_eq!(p("\\/Date(1720919582928)\\/"), "2024-07-14T01:13:02.928Z");
        assert_eq!(p("/Date(1720919582928+0000)/"), "2024-07-14T01:13:02.928Z");
    }

    #[test]
    fn iso_8601_only_takes_no_locale_forms() {
        let iso = |s: &str| parse_iso_8601(s).map(|t| format_utc(&t));
        assert_eq!(
            iso("2026-02-10 18:00+01:00").as_deref(),
            Some("2026-02-10T17:00:00.000Z")
        );
        for s in [
            "2/10/2026",
            " 2026-02-10",
            "\"2026-02-10\"",
            "2026-02-10 UTC",
            "2026-2-1",
        ] {
            assert_eq!(iso(s), None, "{s}");
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for s in [
            "",
            "yesterday",
            "2023-13-01T00:00:00",
            "13/13/2023",
            "9/20/2023 13:00 PM",
            "2023-09-20T04:05:03.1234567890Z",
            "2023-09-20Tx",
            "/Date(abc)/",
            "٣/٣/٢٠٢٣",
        ] {
            assert!(parse_time(s, DateOrder::Mdy).is_err(), "{s}");
        }
    }
}
