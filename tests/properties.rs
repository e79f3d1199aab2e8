//! Property tests (issue 12, SPEC §10): the parsers and sanitisers that see
//! attacker-controlled text hold their contract for any input, not only the examples in
//! their unit tests. Case counts stay modest (256) so `cargo test` stays fast.

use std::io::{self, BufRead, Read};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use mailtrail::event::ip::{ParsedIp, parse_client_ip};
use mailtrail::event::time::{DateOrder, parse_time};
use mailtrail::ingest::json_stream::{JsonItem, JsonStream};
use mailtrail::output::sanitize::{for_csv, for_html, for_terminal};
use mailtrail::text::is_invisible;
use proptest::prelude::*;
use serde_json::Value;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------- time (src/event/time.rs)

/// An instant between 1970 and 2100 with nanoseconds.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_102_444_800, 0u32..1_000_000_000)
        .prop_map(|(s, n)| Utc.timestamp_opt(s, n).single().expect("in range"))
}

/// `t` cut to `digits` fraction digits.
fn cut_fraction(t: DateTime<Utc>, digits: u32) -> DateTime<Utc> {
    let unit = 10u32.pow(9 - digits);
    t.with_nanosecond(t.nanosecond() / unit * unit)
        .expect("valid")
}

/// The fraction `.ddd` with `digits` digits (empty for 0).
fn fraction(t: DateTime<Utc>, digits: u32) -> String {
    if digits == 0 {
        return String::new();
    }
    let all = format!("{:09}", t.nanosecond());
    format!(".{}", &all[..digits as usize])
}

fn parses_to(text: &str, order: DateOrder, want: DateTime<Utc>) -> Result<(), TestCaseError> {
    let got = parse_time(text, order).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
    prop_assert_eq!(got, want, "{}", text);
    Ok(())
}

/// 12-hour clock of `t`: hour 1–12 and AM/PM.
fn twelve_hour(t: DateTime<Utc>) -> (u32, &'static str) {
    let (pm, h) = t.hour12();
    (h, if pm { "PM" } else { "AM" })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn iso_instants_parse_back(t in instant(), digits in 0u32..=9, sep in prop::sample::select(vec!['T', ' ']),
                               zone in 0usize..3, offset_min in -(23 * 60 + 59)..=(23i32 * 60 + 59)) {
        let want = cut_fraction(t, digits);
        let frac = fraction(t, digits);
        let (local, suffix) = match zone {
            0 => (t, "Z".to_string()),
            1 => (t, String::new()),
            _ => {
                let sign = if offset_min < 0 { '-' } else { '+' };
                let a = offset_min.abs();
                (t + chrono::Duration::minutes(i64::from(offset_min)), format!("{sign}{:02}:{:02}", a / 60, a % 60))
            }
        };
        let text = format!("{}{sep}{}{frac}{suffix}", local.format("%Y-%m-%d"), local.format("%H:%M:%S"));
        parses_to(&text, DateOrder::Mdy, want)?;
    }

    #[test]
    fn us_and_day_first_instants_parse_back(t in instant()) {
        let want = cut_fraction(t, 0);
        let (h, ampm) = twelve_hour(t);
        let (m, d, y) = (t.month(), t.day(), t.year());
        let clock = t.format("%M:%S");
        parses_to(&format!("{m}/{d}/{y} {h}:{clock} {ampm}"), DateOrder::Mdy, want)?;
        parses_to(&format!("{d}/{m}/{y} {}", t.format("%H:%M:%S")), DateOrder::Dmy, want)?;
        parses_to(&format!("{d:02}.{m:02}.{y} {}", t.format("%H:%M:%S")), DateOrder::Mdy, want)?;
        // Log Analytics: a comma after the date and milliseconds.
        let ms = cut_fraction(t, 3);
        parses_to(&format!("{m}/{d}/{y}, {h}:{clock}{} {ampm}", fraction(t, 3)), DateOrder::Mdy, ms)?;
    }

    #[test]
    fn dotnet_dates_parse_back(t in instant()) {
        let want = cut_fraction(t, 3);
        let ms = want.timestamp_millis();
        parses_to(&format!("\\/Date({ms})\\/"), DateOrder::Mdy, want)?;
        parses_to(&format!("/Date({ms}+0000)/"), DateOrder::Mdy, want)?;
    }

    #[test]
    fn any_text_is_a_time_or_an_error(s in "\\PC{0,40}", t in ".{0,40}") {
        let _ = parse_time(&s, DateOrder::Mdy);
        let _ = parse_time(&t, DateOrder::Dmy);
    }

    #[test]
    fn time_like_text_never_panics(s in "[0-9/.:, TZAPM+\\-()\\\\Date]{0,32}") {
        let _ = parse_time(&s, DateOrder::Mdy);
        let _ = parse_time(&s, DateOrder::Dmy);
    }
}

// ---------------------------------------------------------------- IPs (src/event/ip.rs)

fn expect_ip(text: &str, want: IpAddr) -> Result<(), TestCaseError> {
    prop_assert_eq!(parse_client_ip(text), ParsedIp::Ip(want), "{}", text);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn ipv4_in_every_export_shape_parses_back(bits in any::<u32>(), port in any::<u16>()) {
        let v4 = Ipv4Addr::from(bits);
        let want = IpAddr::V4(v4);
        expect_ip(&v4.to_string(), want)?;
        expect_ip(&format!("{v4}:{port}"), want)?;
        expect_ip(&format!(" {v4} "), want)?;
        expect_ip(&format!("::ffff:{v4}"), want)?;
        expect_ip(&format!("[::ffff:{v4}]:{port}"), want)?;
    }

    #[test]
    fn ipv6_in_every_export_shape_parses_back(bits in any::<u128>(), port in any::<u16>()) {
        let v6 = Ipv6Addr::from(bits);
        // An IPv4-mapped address is read as the IPv4 address it carries.
        let want = v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4);
        expect_ip(&v6.to_string(), want)?;
        expect_ip(&format!("[{v6}]:{port}"), want)?;
        expect_ip(&format!("[{v6}]"), want)?;
        expect_ip(&v6.to_string().to_uppercase(), want)?;
    }

    #[test]
    fn any_text_is_an_ip_empty_or_invalid(s in "\\PC{0,48}", t in "[0-9a-fA-F:.\\[\\]% ]{0,48}") {
        let _ = parse_client_ip(&s);
        let _ = parse_client_ip(&t);
    }
}

// ---------------------------------------------------------------- sanitisers (src/output/sanitize.rs)

/// Text biased towards the characters the sanitisers care about.
fn hostile_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '=',
        '+',
        '-',
        '@',
        '\t',
        '\r',
        '\n',
        '<',
        '>',
        '&',
        '"',
        '\'',
        ';',
        '#',
        '\u{0}',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{9b}',
        '\u{200B}',
        '\u{200D}',
        '\u{200E}',
        '\u{202A}',
        '\u{202E}',
        '\u{2066}',
        '\u{2069}',
        '\u{2060}',
        '\u{FEFF}',
        '\u{061C}',
        '\u{E0041}',
        '\u{3164}',
        '\u{FE0F}',
        '\u{AD}',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), special], 0..24)
        .prop_map(|cs| cs.into_iter().collect())
}

/// Bidi overrides and isolates, zero-width and invisible characters, listed apart from
/// `text::is_invisible` so that narrowing that set is caught here.
const MUST_NOT_SHOW: &[(char, char)] = &[
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{2069}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{00AD}', '\u{00AD}'),
    ('\u{E0000}', '\u{E007F}'),
];

fn hidden(c: char) -> bool {
    MUST_NOT_SHOW.iter().any(|&(a, b)| (a..=b).contains(&c)) || is_invisible(c)
}

/// Every `&` in `s` starts one of the entities `for_html` writes.
fn ampersands_are_entities(s: &str) -> bool {
    const ENTITIES: [&str; 5] = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"];
    s.match_indices('&')
        .all(|(i, _)| ENTITIES.iter().any(|e| s[i..].starts_with(e)))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_cells_never_start_a_formula(s in hostile_text()) {
        let out = for_csv(&s);
        let first = out.chars().next();
        prop_assert!(!matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')), "{:?}", out);
        prop_assert!(out.ends_with(s.as_str()), "the text itself is kept");
    }

    #[test]
    fn html_holds_no_markup(s in hostile_text()) {
        let out = for_html(&s);
        prop_assert!(!out.contains(['<', '>', '"', '\'']), "{:?}", out);
        prop_assert!(ampersands_are_entities(&out), "{:?}", out);
        prop_assert!(!out.chars().any(|c| c != '\n' && (c.is_control() || hidden(c))), "{:?}", out);
    }

    #[test]
    fn terminal_text_holds_no_control_or_hidden_character(s in hostile_text()) {
        let out = for_terminal(&s);
        // The line break is kept on purpose (multi-line text); nothing else that steers
        // the terminal or hides text survives.
        prop_assert!(!out.chars().any(|c| c != '\n' && (c.is_control() || hidden(c))), "{:?}", out);
        let visible: String = s.chars().filter(|&c| c == '\n' || !(c.is_control() || hidden(c))).collect();
        prop_assert_eq!(out.as_ref(), visible.as_str(), "nothing visible is lost");
    }
}

// ---------------------------------------------------------------- JSON splitter (src/ingest/json_stream.rs)

/// A reader that hands out its data in the given chunk sizes (cycled), as a slow pipe or a
/// decompressor would.
struct Chunked {
    data: Vec<u8>,
    pos: usize,
    sizes: Vec<usize>,
    turn: usize,
}

impl Read for Chunked {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Chunked {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let size = self.sizes[self.turn % self.sizes.len()].max(1);
        let end = (self.pos + size).min(self.data.len());
        Ok(&self.data[self.pos..end])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
        self.turn += 1;
    }
}

/// A JSON value with awkward strings; keys never name an envelope (`value`, `records`).
fn json_value() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        "\\PC{0,12}",
        prop::sample::select(vec![
            "]}[{,:",
            "q\"uo]te}",
            "back\\slash\\",
            "é日😀",
            "\n\r\t"
        ])
        .prop_map(str::to_string),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        text.prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[A-Za-z_]{1,8}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn records() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(json_value(), 1..6).prop_map(|vs| {
        vs.into_iter()
            .enumerate()
            .map(|(i, v)| serde_json::json!({ "CreationTime": "t", "Id": i, "Data": v }))
            .collect()
    })
}

/// Every layout the exports use for the same records.
fn layouts(values: &[Value]) -> Vec<String> {
    let compact: Vec<String> = values.iter().map(Value::to_string).collect();
    let pretty = serde_json::to_string_pretty(values).expect("serialises");
    let half = compact.len().div_ceil(2);
    vec![
        format!("[{}]", compact.join(",")),
        pretty.replace('\n', "\r\n"),
        compact.join("\n") + "\n",
        format!(
            "[{}][{}]",
            compact[..half].join(","),
            compact[half..].join(",")
        ),
        format!(
            "[{}]\n[{}]\n",
            compact[..half].join(","),
            compact[half..].join(",")
        ),
        compact.concat(),
    ]
}

fn split(reader: impl BufRead) -> Vec<JsonItem> {
    JsonStream::new(reader)
        .map(|item| item.expect("in-memory reads do not fail"))
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn chunked_reads_split_like_whole_reads(values in records(),
                                             sizes in prop::collection::vec(1usize..64, 1..8)) {
        for text in layouts(&values) {
            let whole = split(text.as_bytes());
            let chunked = split(Chunked { data: text.clone().into_bytes(), pos: 0, sizes: sizes.clone(), turn: 0 });
            prop_assert_eq!(&chunked, &whole, "{}", text);
            let got: Vec<Value> = whole
                .iter()
                .map(|item| match item {
                    JsonItem::Record(r) => serde_json::from_slice(&r.bytes).expect("a record parses"),
                    JsonItem::Malformed { reason, .. } => panic!("{reason} in {text}"),
                })
                .collect();
            prop_assert_eq!(&got, &values, "{}", text);
        }
    }

    #[test]
    fn any_bytes_split_without_panic(data in prop::collection::vec(
        prop_oneof![any::<u8>(), prop::sample::select(b"{}[]\":,\\ \n\r".to_vec())], 0..256),
        sizes in prop::collection::vec(1usize..16, 1..4)) {
        let whole = split(&data[..]);
        let chunked = split(Chunked { data, pos: 0, sizes, turn: 0 });
        prop_assert_eq!(chunked, whole);
    }
}
