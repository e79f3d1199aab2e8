//! The per-account timeline picture (inline SVG, no script): one lane per kind of
//! activity, marks coloured by network class (legend in [`legend`]), failed sign-ins
//! hollow, attacker-infrastructure events ringed in red, and a red band over the attacker
//! window (first to last attacker activity). The axis covers the window plus the account's
//! context before it (at most two days) and after (at most one day). When attacker
//! activity crowds into a sliver of that axis, a second strip shows it in detail: the
//! whole attacker window when it is short, else its first burst (usually the takeover).
//!
//! Drawn in a fixed 1000-unit-wide viewBox that scales to the page, so it reads the same
//! on screen and on A4 or letter paper.

use chrono::{DateTime, Utc};

use super::html::Html;
use super::points::{Account, Lane, Net, Point};
use super::ticks::ticks;

const WIDTH: f64 = 1000.0;
const LEFT: f64 = 112.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 20.0;
const LANE_H: f64 = 24.0;
const AXIS_H: f64 = 24.0;
const MINUTE: i64 = 60_000;
/// A detail strip is drawn when attacker activity crowds into less than this share of
/// the axis.
const DETAIL_BELOW: f64 = 0.08;
/// Attacker events further apart than this end the first burst.
const BURST_GAP: i64 = 2 * 60 * MINUTE;
/// The first burst is at most this long.
const BURST_MAX: i64 = 12 * 60 * MINUTE;

/// The time range one strip shows, and where it sits.
struct Strip {
    start: i64,
    end: i64,
    lanes: Vec<Lane>,
}

impl Strip {
    fn x(&self, t: i64) -> f64 {
        let w = WIDTH - LEFT - RIGHT;
        LEFT + (t - self.start) as f64 / (self.end - self.start).max(1) as f64 * w
    }

    fn height(&self) -> f64 {
        TOP + LANE_H * self.lanes.len() as f64 + AXIS_H
    }

    fn lane_y(&self, lane: Lane) -> f64 {
        let i = self.lanes.iter().position(|l| *l == lane).unwrap_or(0);
        TOP + LANE_H * (i as f64 + 0.5)
    }
}

/// The picture(s) of one account: the main strip, and a detail strip when needed.
pub fn picture(h: &mut Html, user: &str, acc: &Account) {
    let (Some((first, last)), Some((lo, hi))) = (acc.attacker, acc.span) else {
        h.raw("<p class=\"muted\">No timed events to draw for this account.</p>");
        return;
    };
    let points = acc.points();
    let (start, end) = padded(lo.min(first), hi.max(last), 0.02);
    let main = Strip {
        start,
        end,
        lanes: lanes(&points),
    };
    strip(h, user, &main, (first, last), &points, "timeline");
    let Some((start, end, title)) = detail_range(&points, (first, last), (start, end)) else {
        return;
    };
    let inside: Vec<&Point> = points
        .iter()
        .copied()
        .filter(|p| p.time_ms >= start && p.time_ms <= end)
        .collect();
    let detail = Strip {
        start,
        end,
        lanes: lanes(&inside),
    };
    h.raw("<p class=\"strip-title\">")
        .raw(title)
        .raw(": ")
        .text(&day_time(start))
        .raw(" to ")
        .text(&day_time(end))
        .raw(" UTC</p>");
    strip(h, user, &detail, (first, last), &points, "detail");
}

/// The range of the detail strip, when the main axis squeezes attacker activity: the
/// whole attacker window when it is a sliver of the axis, else the first burst (attacker
/// events less than [`BURST_GAP`] apart from the first, at most [`BURST_MAX`]) when
/// several events crowd into it — that burst is usually the takeover itself.
fn detail_range(
    points: &[&Point],
    (first, last): (i64, i64),
    (start, end): (i64, i64),
) -> Option<(i64, i64, &'static str)> {
    let axis = (end - start).max(1) as f64;
    let around = |a: i64, b: i64| {
        let pad = ((b - a) / 8).max(10 * MINUTE);
        (a - pad, b + pad)
    };
    if ((last - first) as f64) / axis < DETAIL_BELOW {
        let (a, b) = around(first, last);
        return Some((a, b, "Attacker activity in detail"));
    }
    let mut burst_end = first;
    let mut events = 0;
    for p in points.iter().filter(|p| p.attacker && p.time_ms >= first) {
        if p.time_ms - burst_end > BURST_GAP || p.time_ms - first > BURST_MAX {
            break;
        }
        burst_end = p.time_ms;
        events += 1;
    }
    let crowded = ((burst_end - first) as f64) / axis < DETAIL_BELOW && events >= 3;
    crowded.then(|| {
        let (a, b) = around(first, burst_end);
        (a, b, "First attacker activity in detail")
    })
}

/// Sign-ins always, then every lane with a point.
fn lanes(points: &[&Point]) -> Vec<Lane> {
    Lane::ALL
        .into_iter()
        .filter(|l| *l == Lane::SignIn || points.iter().any(|p| p.lane == *l))
        .collect()
}

/// `[a, b]` widened by `share` of its length on each side (at least an hour in all).
fn padded(a: i64, b: i64, share: f64) -> (i64, i64) {
    let span = (b - a).max(60 * MINUTE);
    let mid = a + (b - a) / 2;
    let (a, b) = (a.min(mid - span / 2), b.max(mid + span / 2));
    let pad = (span as f64 * share) as i64;
    (a - pad, b + pad)
}

fn strip(
    h: &mut Html,
    user: &str,
    s: &Strip,
    attacker: (i64, i64),
    points: &[&Point],
    kind: &'static str,
) {
    let height = s.height();
    h.markup(format_args!(
        "<svg class=\"timeline {kind}\" viewBox=\"0 0 {WIDTH} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""
    ))
    .attr("aria-label", &format!("Activity of {user} over time"))
    .raw(">");
    lanes_background(h, s);
    grid(h, s);
    band(h, s, attacker);
    let shown: Vec<&&Point> = points
        .iter()
        .filter(|p| p.time_ms >= s.start && p.time_ms <= s.end)
        .collect();
    // Rings first, under every mark, so a ring never hides a neighbour.
    for p in shown.iter().filter(|p| p.attacker) {
        ring(h, s.x(p.time_ms), s.lane_y(p.lane));
    }
    for p in shown {
        mark(h, s, p);
    }
    h.raw("</svg>");
}

fn lanes_background(h: &mut Html, s: &Strip) {
    for (i, lane) in s.lanes.iter().enumerate() {
        let y = TOP + LANE_H * i as f64;
        let class = if i % 2 == 0 { "lane" } else { "lane alt" };
        h.markup(format_args!(
            "<rect class=\"{class}\" x=\"{LEFT}\" y=\"{y}\" width=\"{}\" height=\"{LANE_H}\"/>",
            WIDTH - LEFT - RIGHT
        ))
        .markup(format_args!(
            "<text class=\"lane-label\" x=\"{}\" y=\"{}\">{}</text>",
            LEFT - 8.0,
            y + LANE_H / 2.0 + 4.0,
            lane.label()
        ));
    }
}

fn grid(h: &mut Html, s: &Strip) {
    let bottom = TOP + LANE_H * s.lanes.len() as f64;
    h.markup(format_args!(
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\"/>",
        WIDTH - RIGHT
    ));
    for t in ticks(s.start, s.end, WIDTH - LEFT - RIGHT, 78.0) {
        let x = s.x(t.time_ms);
        let class = if t.day { "grid day" } else { "grid" };
        h.markup(format_args!(
            "<line class=\"{class}\" x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{}\"/>",
            bottom + 4.0
        ))
        .markup(format_args!(
            "<text class=\"tick{}\" x=\"{x:.1}\" y=\"{}\">",
            if t.day { " day" } else { "" },
            bottom + 17.0
        ))
        .text(&t.label)
        .raw("</text>");
    }
    h.markup(format_args!(
        "<text class=\"tick utc\" x=\"{}\" y=\"{}\">UTC</text>",
        LEFT - 8.0,
        bottom + 17.0
    ));
}

/// The attacker window: a red band at least 4 units wide (clipped to the plot), labelled
/// above.
fn band(h: &mut Html, s: &Strip, (first, last): (i64, i64)) {
    let (lo, hi) = (LEFT, WIDTH - RIGHT);
    let (mut x1, mut x2) = (s.x(first).max(lo), s.x(last).min(hi));
    if x2 - x1 < 4.0 {
        let mid = (x1 + x2) / 2.0;
        (x1, x2) = (mid - 2.0, mid + 2.0);
    }
    let bottom = TOP + LANE_H * s.lanes.len() as f64;
    h.markup(format_args!(
        "<rect class=\"band\" x=\"{x1:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\"/>",
        TOP - 4.0,
        x2 - x1,
        bottom - TOP + 4.0
    ));
    let label_x = ((x1 + x2) / 2.0).clamp(LEFT + 60.0, WIDTH - RIGHT - 60.0);
    h.markup(format_args!(
        "<text class=\"band-label\" x=\"{label_x:.1}\" y=\"{}\">attacker activity</text>",
        TOP - 7.0
    ));
}

fn mark(h: &mut Html, s: &Strip, p: &Point) {
    h.raw("<g>");
    shape(h, s.x(p.time_ms), s.lane_y(p.lane), p);
    tooltip(h, p);
    h.raw("</g>");
}

/// The red ring around a mark from attacker infrastructure.
fn ring(h: &mut Html, x: f64, y: f64) {
    h.markup(format_args!(
        "<circle class=\"ring\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"8\"/>"
    ));
}

/// The shape of a point's lane centred on (x, y).
fn shape(h: &mut Html, x: f64, y: f64, p: &Point) {
    let class = p.net.css();
    let fill = if p.failed { "m hollow" } else { "m" };
    match p.lane {
        Lane::SignIn => h.markup(format_args!(
            "<circle class=\"{fill} {class}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\"/>"
        )),
        Lane::Rule => h.markup(format_args!(
            "<path class=\"{fill} {class}\" d=\"M{x:.1} {:.1}l5.5 5.5l-5.5 5.5l-5.5 -5.5z\"/>",
            y - 5.5
        )),
        Lane::Read => h.markup(format_args!(
            "<rect class=\"{fill} {class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\"/>",
            x - 4.0,
            y - 4.0
        )),
        Lane::Send => h.markup(format_args!(
            "<path class=\"{fill} {class}\" d=\"M{x:.1} {:.1}l5 9h-10z\"/>",
            y - 5.5
        )),
        Lane::Delete => h.markup(format_args!(
            "<path class=\"x {class}\" d=\"M{:.1} {:.1}l8 8m0 -8l-8 8\"/>",
            x - 4.0,
            y - 4.0
        )),
        Lane::File => h.markup(format_args!(
            "<path class=\"{fill} {class}\" d=\"M{x:.1} {:.1}l5 -9h-10z\"/>",
            y + 4.5
        )),
        Lane::Other => h.markup(format_args!(
            "<rect class=\"{fill} {class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"3.5\" height=\"11\"/>",
            x - 1.75,
            y - 5.5
        )),
    };
}

/// `2026-02-10 18:41:49 UTC: SignIn from 159.203.120.77 (hosting), attacker, 5 events`.
fn tooltip(h: &mut Html, p: &Point) {
    h.raw("<title>")
        .text(&full_time(p.time_ms))
        .raw(" UTC: ")
        .text(&p.operation);
    if !p.ip.is_empty() {
        h.raw(" from ").text(&p.ip);
    }
    h.raw(" (").raw(p.net.label()).raw(")");
    if p.failed {
        h.raw(", failed");
    }
    if p.attacker {
        h.raw(", attacker infrastructure");
    }
    if p.flagged {
        h.raw(", finding evidence");
    }
    if p.count > 1 {
        h.raw(", ").num(p.count).raw(" events from here");
    }
    h.raw("</title>");
}

fn full_time(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

fn day_time(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The legend of one account's picture: the lanes' shapes and the classes drawn.
pub fn legend(h: &mut Html, acc: &Account) {
    let points = acc.points();
    h.raw("<div class=\"legend\">");
    for lane in lanes(&points) {
        h.raw("<span>");
        glyph(h, lane, Net::Unknown, false, false);
        h.raw(lane.label()).raw("</span>");
    }
    for net in Net::ALL {
        if points.iter().any(|p| p.net == net) {
            h.raw("<span>")
                .markup(format_args!(
                    "<svg class=\"glyph\" viewBox=\"0 0 20 20\"><rect class=\"m {}\" \
                     x=\"4\" y=\"4\" width=\"12\" height=\"12\" rx=\"2\"/></svg>",
                    net.css()
                ))
                .raw(net.label())
                .raw("</span>");
        }
    }
    if points.iter().any(|p| p.failed) {
        h.raw("<span>");
        glyph(h, Lane::SignIn, Net::Unknown, true, false);
        h.raw("failed sign-in</span>");
    }
    h.raw("<span>");
    glyph(h, Lane::SignIn, Net::Unknown, false, true);
    h.raw("from attacker infrastructure</span>")
        .raw(
            "<span><svg class=\"glyph\" viewBox=\"0 0 20 20\"><rect class=\"band\" x=\"3\" \
              y=\"3\" width=\"14\" height=\"14\"/></svg>attacker window (first to last \
              attacker activity)</span>",
        )
        .raw("</div>");
}

/// A legend glyph of a lane's shape.
fn glyph(h: &mut Html, lane: Lane, net: Net, failed: bool, attacker: bool) {
    let p = Point {
        time_ms: 0,
        lane,
        net,
        failed,
        attacker,
        flagged: false,
        count: 1,
        operation: String::new(),
        ip: String::new(),
    };
    h.raw("<svg class=\"glyph shape\" viewBox=\"0 0 20 20\">");
    if attacker {
        ring(h, 10.0, 10.0);
    }
    shape(h, 10.0, 10.0, &p);
    h.raw("</svg>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::report_html::points::Points;

    const MIN: i64 = 60_000;
    const T0: i64 = 1_770_000_000_000;

    fn point(time_ms: i64, lane: Lane, attacker: bool, failed: bool) -> Point {
        Point {
            time_ms,
            lane,
            net: if attacker { Net::Hosting } else { Net::Isp },
            failed,
            attacker,
            flagged: false,
            count: 1,
            operation: "<b>Op</b>".into(),
            ip: "203.0.113.9".into(),
        }
    }

    fn render(attacker: (i64, i64), points: &[Point]) -> String {
        let mut p = Points::default();
        p.watch("a@x", "I0001", Some(attacker));
        for q in points {
            p.add_point("a@x", q.clone());
        }
        let mut h = Html::new();
        picture(&mut h, "a@x", p.account("a@x").unwrap());
        legend(&mut h, p.account("a@x").unwrap());
        h.into_string()
    }

    #[test]
    fn a_short_attacker_window_gets_a_detail_strip() {
        let html = render(
            (T0, T0 + 7 * MIN),
            &[
                point(T0 - 40 * 60 * MIN, Lane::SignIn, false, false),
                point(T0, Lane::SignIn, true, true),
                point(T0 + 7 * MIN, Lane::File, true, false),
            ],
        );
        assert_eq!(html.matches("<svg class=\"timeline").count(), 2);
        assert!(html.contains("Attacker activity in detail"));
        assert!(
            html.contains("m hollow n-hosting"),
            "failed sign-in drawn hollow"
        );
        assert!(html.contains("class=\"ring\""), "attacker events ringed");
        assert!(html.contains("&lt;b&gt;Op&lt;/b&gt;"), "tooltips escaped");
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn a_crowded_first_burst_gets_a_detail_strip_and_a_spread_window_none() {
        let burst: Vec<Point> = (0..5)
            .map(|i| point(T0 + i * 10 * MIN, Lane::Read, true, false))
            .chain([point(T0 + 48 * 60 * MIN, Lane::Send, true, false)])
            .collect();
        let html = render((T0, T0 + 48 * 60 * MIN), &burst);
        assert!(html.contains("First attacker activity in detail"));
        let spread: Vec<Point> = (0..5)
            .map(|i| point(T0 + i * 12 * 60 * MIN, Lane::Read, true, false))
            .collect();
        let html = render((T0, T0 + 48 * 60 * MIN), &spread);
        assert_eq!(html.matches("<svg class=\"timeline").count(), 1);
    }

    #[test]
    fn only_lanes_with_marks_are_drawn_and_legended() {
        let html = render((T0, T0 + 60 * MIN), &[point(T0, Lane::Delete, true, false)]);
        assert!(html.contains(">Sign-ins<") && html.contains(">Deleted<"));
        assert!(!html.contains(">Mail sent<"));
        assert!(html.contains("hosting") && !html.contains("VPN"));
    }
}
