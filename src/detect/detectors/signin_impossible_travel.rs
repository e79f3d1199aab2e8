//! MT-S03: two successive successful sign-ins of one user whose locations are too far
//! apart for the time between them (Elastic's Entra rule: ≥ 500 km and ≥ 800 km/h,
//! anchors.md §3 D22). Distance is the great-circle (haversine) distance between the
//! coordinates the sign-in log itself reports; UAL records carry none and are not used.
//!
//! Skipped: allow-listed networks, and Microsoft / security-vendor / private addresses
//! (a Zscaler or Microsoft egress node is not where the user is). Each jump compares the
//! sign-in with the previous usable one; repeated jumps between the same two places are
//! one finding. Medium: IP geolocation of mobile carriers and VPNs is often wrong by
//! hundreds of kilometres.

use std::collections::HashMap;

use super::signin_common::{
    Aggregates, OPEN_FINDINGS_MAX, Seen, add_seen, coordinates, is_neutral_network, is_success,
    span_text,
};
use crate::detect::{Context, Detector, DetectorMeta, Finding, Param, Role, Severity, Status};
use crate::event::Event;

/// Catalogue entry.
pub static META: DetectorMeta = DetectorMeta {
    id: "MT-S03",
    title: "Impossible travel between successful sign-ins",
    severity: Severity::Medium,
    techniques: &["T1078.004"],
    status: Status::Stable,
    description: "Two successive successful sign-ins of one user from places at least \
        min_distance_km apart, at a speed of at least min_speed_kmh, using the coordinates the \
        sign-in log reports. One of the two sign-ins is usually someone else's.",
    fields: &[
        "result.outcome",
        "location.lat",
        "location.lon",
        "location.city",
        "net.class",
    ],
    params: &[
        Param {
            name: "min_distance_km",
            default: 500.0,
            doc: "least great-circle distance between the two sign-ins, in kilometres",
        },
        Param {
            name: "min_speed_kmh",
            default: 800.0,
            doc: "least speed needed to cover it, in kilometres per hour",
        },
    ],
    role: Role::sign_in("impossible travel between sign-ins", 8),
};

/// Mean Earth radius (km).
const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle distance between two (latitude, longitude) points in degrees, in km.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The previous usable sign-in of a user.
#[derive(Debug, Clone)]
struct Place {
    seen: Seen,
    at: (f64, f64),
    label: String,
}

impl Place {
    fn of(ev: &Event, at: (f64, f64)) -> Place {
        Place {
            seen: Seen::of(ev),
            at,
            label: place_label(ev, at),
        }
    }

    /// Coordinates rounded to ~10 km, to recognise the same two places again.
    fn cell(&self) -> (i32, i32) {
        (
            (self.at.0 * 10.0).round() as i32,
            (self.at.1 * 10.0).round() as i32,
        )
    }
}

/// `Paris, FR (51.38.1.1)` or `48.86,2.35 (…)`.
fn place_label(ev: &Event, at: (f64, f64)) -> String {
    let loc = ev.location.as_ref();
    let city = loc.and_then(|l| l.city.as_deref());
    let cc = loc.and_then(|l| l.country.as_deref());
    let place = match (city, cc) {
        (Some(c), Some(cc)) => format!("{c}, {cc}"),
        (Some(c), None) => c.to_string(),
        (None, Some(cc)) => format!("{cc} ({:.2},{:.2})", at.0, at.1),
        (None, None) => format!("{:.2},{:.2}", at.0, at.1),
    };
    match ev.ip {
        Some(ip) => format!("{place} [{ip}]"),
        None => place,
    }
}

/// Running state of a travel finding.
#[derive(Debug)]
struct Travel {
    from: String,
    to: String,
    km: f64,
    kmh: f64,
    jumps: u64,
}

type Key = (String, (i32, i32), (i32, i32));

/// The detector.
#[derive(Debug)]
pub struct SigninImpossibleTravel {
    last: HashMap<String, Place>,
    open: Aggregates<Key, Travel>,
}

/// A fresh instance for the registry.
pub fn new() -> Box<dyn Detector> {
    Box::new(SigninImpossibleTravel {
        last: HashMap::new(),
        open: Aggregates::new(OPEN_FINDINGS_MAX, finalize),
    })
}

fn finalize(f: &mut Finding, t: &Travel) {
    let again = if t.jumps > 1 {
        format!(" ({} jumps between these places)", t.jumps)
    } else {
        String::new()
    };
    f.summary = format!(
        "{} signed in from {} and from {}: {:.0} km apart at {} km/h{again}, {}",
        f.user,
        t.from,
        t.to,
        t.km,
        speed_text(t.kmh),
        span_text(f)
    );
}

fn speed_text(kmh: f64) -> String {
    if kmh.is_finite() {
        format!("{kmh:.0}")
    } else {
        "infinite".to_string()
    }
}

impl Detector for SigninImpossibleTravel {
    fn meta(&self) -> &'static DetectorMeta {
        &META
    }

    fn observe(&mut self, ev: &Event, ctx: &Context, out: &mut Vec<Finding>) {
        if !is_success(ev) || is_neutral_network(ev) || ctx.network_trusted(ev) {
            return;
        }
        let Some(at) = coordinates(ev) else {
            return;
        };
        let here = Place::of(ev, at);
        let Some(prev) = self.last.insert(ev.actor.key.clone(), here.clone()) else {
            return;
        };
        let km = haversine_km(prev.at, at);
        let hours = (ev.time - prev.seen.time).num_milliseconds() as f64 / 3_600_000.0;
        let kmh = if hours > 0.0 {
            km / hours
        } else {
            f64::INFINITY
        };
        if km < ctx.param(&META, "min_distance_km") || kmh < ctx.param(&META, "min_speed_kmh") {
            return;
        }
        let (a, b) = (prev.cell().min(here.cell()), prev.cell().max(here.cell()));
        let entry = self.open.add((ev.actor.key.clone(), a, b), ev, out, || {
            let f = Finding::from_event(&META, ev, String::new());
            let t = Travel {
                from: prev.label.clone(),
                to: here.label.clone(),
                km,
                kmh,
                jumps: 0,
            };
            (f, t)
        });
        let (f, t) = entry;
        t.jumps += 1;
        t.kmh = if kmh > t.kmh { kmh } else { t.kmh };
        if !f.evidence.contains(&prev.seen.evidence) {
            add_seen(f, &prev.seen);
        }
    }

    fn finish(&mut self, _ctx: &Context, out: &mut Vec<Finding>) {
        self.open.flush(out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::signin_common::testkit::*;
    use super::*;
    use crate::enrich::NetClass;

    const U: &str = "megan.bowen@contoso.com";
    const NEW_YORK: (f64, f64) = (40.71, -74.01);
    const LONDON: (f64, f64) = (51.51, -0.13);
    const BOSTON: (f64, f64) = (42.36, -71.06);

    fn at_place(secs: i64, ip: &str, p: (f64, f64), cc: &str) -> Event {
        signin(U, secs, ip)
            .net(7922, NetClass::Isp)
            .geo(p.0, p.1, cc)
            .ev()
    }

    #[test]
    fn haversine_matches_known_distances() {
        let d = haversine_km(NEW_YORK, LONDON);
        assert!((d - 5570.0).abs() < 20.0, "{d}");
        assert!(haversine_km(LONDON, LONDON) < 1e-9);
        let antipodes = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((antipodes - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
    }

    #[test]
    fn new_york_to_london_in_an_hour_is_impossible() {
        let evs = [
            at_place(0, "73.1.1.1", NEW_YORK, "US"),
            at_place(3600, "81.2.69.1", LONDON, "GB"),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(f[0].evidence_count, 2);
        assert_eq!(f[0].ip.unwrap().to_string(), "81.2.69.1");
        assert!(
            f[0].summary.contains("5570 km apart") || f[0].summary.contains("km apart at 55"),
            "{}",
            f[0].summary
        );
    }

    #[test]
    fn flights_and_short_hops_are_possible() {
        // Eight hours for New York → London: a flight.
        let evs = [
            at_place(0, "73.1.1.1", NEW_YORK, "US"),
            at_place(8 * 3600, "81.2.69.1", LONDON, "GB"),
        ];
        assert!(run_default(new(), &evs).is_empty());
        // 300 km in a minute: far too fast but under the distance floor (geolocation noise).
        let evs = [
            at_place(0, "73.1.1.1", NEW_YORK, "US"),
            at_place(60, "73.1.1.2", BOSTON, "US"),
        ];
        assert!(run_default(new(), &evs).is_empty());
    }

    #[test]
    fn back_and_forth_is_one_finding() {
        let evs = [
            at_place(0, "73.1.1.1", NEW_YORK, "US"),
            at_place(600, "81.2.69.1", LONDON, "GB"),
            at_place(1200, "73.1.1.1", NEW_YORK, "US"),
            at_place(1800, "81.2.69.1", LONDON, "GB"),
        ];
        let f = run_default(new(), &evs);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence_count, 4);
        assert!(f[0].summary.contains("3 jumps"), "{}", f[0].summary);
    }

    #[test]
    fn security_vendor_allow_listed_and_unlocated_sign_ins_are_skipped() {
        let zscaler = signin(U, 600, "165.225.1.1")
            .net(53813, NetClass::SecurityVendor)
            .geo(LONDON.0, LONDON.1, "GB")
            .ev();
        let no_coords = signin(U, 700, "81.2.69.1")
            .net(5089, NetClass::Isp)
            .ual()
            .ev();
        let evs = [at_place(0, "73.1.1.1", NEW_YORK, "US"), zscaler, no_coords];
        assert!(run_default(new(), &evs).is_empty());
        let mut ctx = Context::default();
        ctx.allow.countries.insert("GB".into());
        let evs = [
            at_place(0, "73.1.1.1", NEW_YORK, "US"),
            at_place(600, "81.2.69.1", LONDON, "GB"),
        ];
        assert!(run(new(), &ctx, &evs).is_empty());
    }
}
