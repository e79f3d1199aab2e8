//! Times as whole seconds since the Unix epoch (UTC) and the few text forms the exports
//! use. Hand-written civil-date arithmetic (Howard Hinnant's `days_from_civil`) because
//! formatting is on the hot path of a 1.5 GB run and chrono's formatter is several times
//! slower; nothing here knows about time zones beyond a fixed offset in hours.

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month, day) of a day number since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub fn weekday(day_number: i64) -> u32 {
    // 1970-01-01 was a Thursday (3).
    ((day_number + 3).rem_euclid(7)) as u32
}

/// Parse `YYYY-MM-DD` into a day number.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut it = text.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    let day = days_from_civil(y, m, d);
    // Out-of-range fields (month 13, 30 February) do not survive the round trip.
    (it.next().is_none() && civil_from_days(day) == (y, m, d)).then_some(day)
}

fn push2(out: &mut String, v: u32) {
    out.push(char::from(b'0' + (v / 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

/// Append `2026-01-24T06:54:24` (no zone, no fraction) for a time in seconds.
pub fn push_iso(out: &mut String, t: i64) {
    let (y, m, d) = civil_from_days(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY) as u32;
    out.push_str(&y.to_string());
    out.push('-');
    push2(out, m);
    out.push('-');
    push2(out, d);
    out.push('T');
    push2(out, s / 3600);
    out.push(':');
    push2(out, s / 60 % 60);
    out.push(':');
    push2(out, s % 60);
}

/// `2026-01-24T06:54:24`.
pub fn iso(t: i64) -> String {
    let mut s = String::with_capacity(20);
    push_iso(&mut s, t);
    s
}

/// `2026-01-24` of a day number.
pub fn date(day_number: i64) -> String {
    let (y, m, d) = civil_from_days(day_number);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `20260124` of a day number (Purview export file names).
pub fn compact_date(day_number: i64) -> String {
    date(day_number).replace('-', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_weekday() {
        let d = days_from_civil(2026, 1, 5);
        assert_eq!(civil_from_days(d), (2026, 1, 5));
        assert_eq!(weekday(d), 0, "5 January 2026 is a Monday");
        assert_eq!(
            iso(d * DAY + 6 * 3600 + 54 * 60 + 24),
            "2026-01-05T06:54:24"
        );
        assert_eq!(parse_date("2026-03-01"), Some(days_from_civil(2026, 3, 1)));
        assert_eq!(parse_date("2026-02-29"), None);
    }
}
