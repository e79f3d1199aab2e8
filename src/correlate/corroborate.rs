//! Corroboration (SPEC §7): one account, one address that is not a residential or office
//! network, and several independent detectors pointing at it. Each finding alone may be
//! only worth a look — device code from a cloud VM, a whole-folder sync by a new client, a
//! notice deleted from an unlisted network — but three detectors, of two kinds of signal
//! (a sign-in and mail access, persistence and a deletion), from one hosting, VPN, proxy,
//! cloud or unclassified address for the same account is the intruder's session. Its
//! findings at medium and above are raised to high before attacker infrastructure is
//! named, so the address is named and what was done from it is raised and scoped like any
//! other attacker's.
//!
//! The numbers are `[correlation] corroborate_detectors` (3; 0 turns corroboration off)
//! and `corroborate_kinds` (2). Residential, mobile, Microsoft and security-vendor
//! networks never corroborate (a user does many things from home), nor do allow-listed or
//! own networks. Derived findings (MT-C01) are made later and never counted.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use super::chain::Link;
use super::roles::Roles;
use crate::detect::{Context, Finding, Severity};

/// Network classes (as findings name them) that can corroborate.
const UNUSUAL_CLASSES: &[&str] = &["hosting", "vpn", "proxy", "cloud", "unknown"];

/// Raise the medium findings of each corroborated (account, address) to high.
pub fn raise_corroborated(findings: &mut [Finding], roles: &Roles, ctx: &Context) {
    let rules = ctx.corroboration;
    if rules.detectors == 0 {
        return;
    }
    let mut groups: BTreeMap<(&str, IpAddr), Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(ip) = f.ip else { continue };
        if f.user.is_empty() || !unusual(f) || ctx.finding_network_trusted(f) {
            continue;
        }
        groups.entry((f.user.as_str(), ip)).or_default().push(i);
    }
    let mut raised: Vec<(usize, String)> = Vec::new();
    for ((_, ip), members) in groups {
        let detectors: BTreeSet<&str> = members
            .iter()
            .map(|&i| findings[i].detector_id.as_str())
            .collect();
        let kinds: BTreeSet<Link> = detectors
            .iter()
            .map(|d| Link::of(roles.of(d).signal))
            .collect();
        let lead = members
            .iter()
            .any(|&i| findings[i].severity >= Severity::Medium);
        if detectors.len() < rules.detectors as usize || kinds.len() < rules.kinds as usize || !lead
        {
            continue;
        }
        let class = findings[members[0]]
            .network_class
            .clone()
            .unwrap_or_else(|| "unknown".into());
        let ids: Vec<&str> = detectors.into_iter().collect();
        let why = format!(
            "raised to high: corroborated by {} from the same {class} address {ip}",
            ids.join(", ")
        );
        for &i in &members {
            let f = &findings[i];
            if f.severity >= Severity::Medium && f.severity < Severity::High {
                raised.push((i, why.clone()));
            }
        }
    }
    for (i, why) in raised {
        findings[i].severity = Severity::High;
        findings[i].escalation = Some(why);
    }
}

fn unusual(f: &Finding) -> bool {
    f.network_class
        .as_deref()
        .is_none_or(|c| UNUSUAL_CLASSES.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlate::testkit::finding;

    fn on(id: &str, sev: Severity, ip: &str, class: &str) -> Finding {
        finding(id, sev, ip, class, 19)
    }

    #[test]
    fn three_detectors_of_two_kinds_from_a_cloud_address_are_raised() {
        let ctx = Context::default();
        let mut fs = vec![
            on("MT-S11", Severity::Medium, "34.70.194.209", "cloud"),
            on("MT-S13", Severity::Medium, "34.70.194.209", "cloud"),
            on("MT-M02", Severity::Medium, "34.70.194.209", "cloud"),
            on("MT-S02", Severity::Low, "34.70.194.209", "cloud"),
        ];
        raise_corroborated(&mut fs, &Roles::new(), &ctx);
        let sev: Vec<Severity> = fs.iter().map(|f| f.severity).collect();
        assert_eq!(
            sev,
            [
                Severity::High,
                Severity::High,
                Severity::High,
                Severity::Low
            ]
        );
        assert!(
            fs[0]
                .escalation
                .as_deref()
                .unwrap()
                .contains("corroborated by MT-M02, MT-S02, MT-S11, MT-S13 from the same cloud")
        );
    }

    #[test]
    fn one_kind_or_a_home_network_does_not_corroborate() {
        let ctx = Context::default();
        let mut sign_ins = vec![
            on("MT-S11", Severity::Medium, "34.70.57.241", "cloud"),
            on("MT-S04", Severity::Low, "34.70.57.241", "cloud"),
            on("MT-S01", Severity::Low, "34.70.57.241", "cloud"),
            on("MT-S02", Severity::Low, "34.70.57.241", "cloud"),
        ];
        raise_corroborated(&mut sign_ins, &Roles::new(), &ctx);
        assert!(sign_ins.iter().all(|f| f.severity < Severity::High));
        let mut home = vec![
            on("MT-M07", Severity::Medium, "73.1.1.1", "isp"),
            on("MT-R05", Severity::Medium, "73.1.1.1", "isp"),
            on("MT-M05", Severity::Medium, "73.1.1.1", "isp"),
        ];
        raise_corroborated(&mut home, &Roles::new(), &ctx);
        assert!(home.iter().all(|f| f.severity == Severity::Medium));
    }

    #[test]
    fn configured_off() {
        let mut ctx = Context::default();
        ctx.corroboration.detectors = 0;
        let mut fs = vec![
            on("MT-S11", Severity::Medium, "34.70.194.209", "cloud"),
            on("MT-S13", Severity::Medium, "34.70.194.209", "cloud"),
            on("MT-M02", Severity::Medium, "34.70.194.209", "cloud"),
        ];
        raise_corroborated(&mut fs, &Roles::new(), &ctx);
        assert!(fs.iter().all(|f| f.severity == Severity::Medium));
    }
}
